"""Tokenisation shared by both engines: normalised text in, the same tokens out, on SQLite and PostgreSQL.

Text is normalised with NFKC and lower-cased, then cut into runs:

* a CJK run (Han characters, 〇 and 々, kana, hangul, bopomofo) becomes its overlapping bigrams followed by
  its last character on its own: 换届选举 → 换届 届选 选举 举. A query of two or more CJK characters is the
  phrase of its bigrams, so it matches exactly the texts that contain it inside one run (recall and precision
  1.00 against a substring scan). The trailing unigram does two jobs: it separates runs, so a phrase cannot
  join the end of one run to the start of the next (公示，示期 does not contain 公示期), and it makes one-character
  queries exact too: every occurrence of a character is either the first half of a bigram or a run's last
  character, so the prefix query 党* finds them all.
* any other run of letters and digits (Latin, Cyrillic, digits …) becomes one word token, cut to
  MAX_WORD_CHARS; words match whole words only.
* everything else separates: spaces, punctuation, symbols, emoji, control characters and the NUL byte.

Traditional characters are not mapped to simplified ones: a traditional query matches traditional text.

Tokens contain no ASCII punctuation and no whitespace, so they pass through FTS5's `ascii` tokenizer and into
PostgreSQL tsvector literals unchanged. Filter values (audiences, kind, year, category, department, form) are
indexed as tag tokens built by `tag()`: "§", a type prefix and the key's UTF-8 bytes in hex, so a caller's key
can hold any character and still makes one safe token, and no text token can ever equal a tag ("§" is not a
letter or digit, so text never yields it, while FTS5's `ascii` tokenizer keeps it as part of a token).

Changing anything here changes what is in the index: bump TOKENIZER_VERSION and run
`gongkai search_index rebuild`.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

# bigram-2: the kind is part of the audience tags (`kind_audience_tag`), no separate kind tag.
TOKENIZER_VERSION = f"bigram-2/unicode-{unicodedata.unidata_version}"

MAX_WORD_CHARS = 64
MAX_TITLE_CHARS = 1_000
# Body and attachment text together; the rest of a longer text is not indexed (same on both engines).
MAX_BODY_CHARS = 60_000
MAX_QUERY_CHARS = 100

_CJK = (
    "\u3005\u3007"  # 々 〇
    "\u3041-\u3096\u309d-\u309f"  # hiragana
    "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"  # katakana (not ・)
    "\u3105-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3131-\u318e\uac00-\ud7a3"  # hangul
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han, extension A, compatibility ideographs
    "\U00020000-\U0003ffff"  # Han extensions B and later
)
# One CJK run, or one run of other letters and digits (word characters without "_" and without CJK).
_RUN_RE = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
_WORD_CHAR = f"[^\\W_{_CJK}]"
_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")

PieceKind = Literal["phrase", "char", "word"]


# Full-width ASCII forms and the ideographic space: Chinese text is full of them (，：；（）), and each makes
# NFKC take its slow path. Replacing a character by its compatibility decomposition does not change the NFKC
# of the whole text, so when the text is NFKC-normal after these replacements, that is its NFKC.
_FULLWIDTH = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULLWIDTH_COMMON = "，：；（）！？"
_FULLWIDTH_RE = re.compile("[\u3000\uff01-\uff5e]")


def normalise(text: str) -> str:
    """NFKC, then lower case: the form both the index and the queries are built from."""
    cheap = text
    for char in _FULLWIDTH_COMMON:
        if char in cheap:
            cheap = cheap.replace(char, _FULLWIDTH[char])
    if _FULLWIDTH_RE.search(cheap):
        cheap = _FULLWIDTH_RE.sub(lambda match: _FULLWIDTH[match.group()], cheap)
    if unicodedata.is_normalized("NFKC", cheap):
        return cheap.lower()
    return unicodedata.normalize("NFKC", text).lower()


def tokens(normalised: str) -> list[str]:
    """The tokens of already normalised text, in order."""
    out: list[str] = []
    for cjk, word in _RUN_RE.findall(normalised):
        if cjk:
            out.extend(map(operator.add, cjk, cjk[1:]))
            out.append(cjk[-1])
        else:
            out.append(word[:MAX_WORD_CHARS])
    return out


@dataclass(frozen=True)
class DocumentText:
    """The normalised, length-capped text of a document: exactly what is indexed."""

    title: str
    body: str
    extra: str

    @property
    def title_tokens(self) -> list[str]:
        return tokens(self.title)

    @property
    def body_tokens(self) -> list[str]:
        # Tokenised apart: the body's last run ends with its unigram, so no phrase spans body and extra.
        return tokens(self.body) + tokens(self.extra)

    def contains(self, piece: str) -> bool:
        """Substring test over the indexed text (used for PostgreSQL's oversized documents)."""
        return piece in self.title or piece in self.body or piece in self.extra


def document_text(title: str, body: str, extra: str) -> DocumentText:
    title_n = normalise(title)[:MAX_TITLE_CHARS]
    body_n = normalise(body)[:MAX_BODY_CHARS]
    extra_n = normalise(extra)[: MAX_BODY_CHARS - len(body_n)]
    return DocumentText(title_n, body_n, extra_n)


TAG_MARK = "§"


def tag(prefix: str, key: str) -> str:
    """A filter value as one index token: "§", the prefix, the key's UTF-8 in hex (any key is safe)."""
    return TAG_MARK + prefix + key.encode("utf-8", "surrogatepass").hex()


AUDIENCE, KIND_AUDIENCE, CATEGORY, DEPARTMENT, FORM = "aud", "kaud", "cat", "dep", "frm"


def kind_audience_tag(kind: str, audience: str) -> str:
    """An audience of documents of one kind, as one tag: a search limited to some kinds needs one group of
    tags instead of two (each group is a long list the index must walk for every count)."""
    return tag(KIND_AUDIENCE, f"{len(kind)}:{kind}{audience}")


def year_tag(year: int) -> str:
    return f"{TAG_MARK}yr{year}"


@dataclass(frozen=True)
class Piece:
    """One part of a query. A document matches a query when it contains every piece.

    phrase: two or more CJK characters, matched as the phrase of their bigrams (`tokens`);
    char: one CJK character, matched by the prefix query `text*`;
    word: a word of other letters or digits, matched whole.
    """

    kind: PieceKind
    text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned query that was searched (normalised, at most MAX_QUERY_CHARS)
    pieces: tuple[Piece, ...]
    truncated: bool
    blank: bool  # nothing but whitespace and control characters was given


def parse_query(raw: object) -> ParsedQuery:
    """Parse user input; never raises. No operators: every character is literal text."""
    given = raw if isinstance(raw, str) else ""
    # Bound the work before normalising: NFKC can grow a string, but not fourfold for real text.
    long_input = len(given) > 4 * MAX_QUERY_CHARS
    cleaned = " ".join(_UNPRINTABLE_RE.sub(" ", normalise(given[: 4 * MAX_QUERY_CHARS])).split())
    truncated = long_input or len(cleaned) > MAX_QUERY_CHARS
    cleaned = cleaned[:MAX_QUERY_CHARS].strip()
    return ParsedQuery(text=cleaned, pieces=_pieces(cleaned), truncated=truncated, blank=not cleaned)


def _pieces(cleaned: str) -> tuple[Piece, ...]:
    found: dict[tuple[str, str], Piece] = {}
    for cjk, word in _RUN_RE.findall(cleaned):
        if len(cjk) >= 2:
            piece = Piece("phrase", cjk, tuple(map(operator.add, cjk, cjk[1:])))
        elif cjk:
            piece = Piece("char", cjk, (cjk,))
        else:
            word = word[:MAX_WORD_CHARS]
            piece = Piece("word", word, (word,))
        found.setdefault((piece.kind, piece.text), piece)
    return tuple(found.values())


def piece_pattern(piece: Piece) -> re.Pattern[str]:
    """Where a piece occurs in normalised text, for highlighting (words only as whole words)."""
    if piece.kind != "word":
        return re.compile(re.escape(piece.text))
    ahead = "" if len(piece.text) >= MAX_WORD_CHARS else f"(?!{_WORD_CHAR})"
    return re.compile(f"(?<!{_WORD_CHAR}){re.escape(piece.text)}{ahead}")
