"""Detection of classified marks and personal data in located text.

`scan()` reads segments (from `extract`, or the body of a disclosure as one segment) and returns findings. Every
rule below is meant to be explained to a reviewer; where it is stricter than a bare pattern, it says why.

Before matching, full-width digits, letters X, plus, minus, parentheses, @ and the ideographic, no-break and other
typographic spaces are read as their ASCII forms (one character for one, so offsets stay those of the original
text). "Not inside a longer digit run" means: no digit directly before or after the match.

密级标识 (classification marks) — a level 绝密/机密/秘密 only counts in the form of a mark. The characters of a
level, of 内部, of 密级 and of the phrases below may be spaced out: up to three spaces (full-width ones too),
dots, middle dots, hyphens, underscores or zero-width characters between two characters ("机 密", "绝　密",
"秘·密", "内 部 资 料"). The forms:
  - with a star, before or after: "秘密★1年", "机密★", "绝密★长期", "★绝密", "秘 密★", "秘密☆6个月" (★, ☆, ✩,
    ✪, ⭐ or an asterisk * / ＊ typed for the star; a term such as 1年, 6个月, 长期, 永久 after the star is part of
    the mark);
  - as a field: "密级：秘密", "密级：内部", "密 级：机 密";
  - in brackets: "【机密】", "〔秘密〕", "[内部]", "【内部】", "【 绝 密 】";
  - alone at the start of a line: the line begins with the level, followed by nothing, a space, a term or a
    bracket ("秘密", "机密 1年", "绝密（长期）", "机 密"), but not by more words or punctuation ("秘密文件…",
    "秘密，…");
  - restricted-circulation phrases anywhere: 内部资料, 内部文件, 内部使用, 内部发行, 内部刊物, 内部参考,
    仅供内部, 仅限内部, 注意保密 — also spaced, "内部 资料".
  So "保守秘密", "商业秘密", "国家机密" inside a sentence are not marks, while "保守秘密★" would be. The 内部
  phrases are reported wherever they stand ("整理内部资料" too): a mark missed costs more than one the reviewer
  accepts with a reason.
身份证号 (resident ID) — 18 characters (also written 6-8-4 with single spaces), not inside a longer digit run;
  region code whose first two digits are a province (11–65, 71, 81–83; or 9 followed by one, the 2023
  foreigners' permanent-residence number); a real date of birth from 1900 to today; the ISO 7064 MOD 11-2
  check character (0–9 or X/x). Only numbers that pass all of it are findings.
  The 15-digit first generation (also 6-6-3 with single spaces), not inside a longer digit run nor followed by
  X: no check character, so the province code (11–65, 71, 81, 82) and a real date of birth 19yyMMdd decide.
手机号 (mobile) — 1[3-9] and 9 more digits, as one run or 3-4-4 with spaces or hyphens, optionally after +86,
  0086 or 86; not inside a longer digit run.
固定电话 (landline) — area code 010, 02x or 0[3-9]xx, then a local number of 7–8 digits (or two groups of 3–4
  and 4 digits with a space or hyphen between them: "0571-8888 6666"), optionally an extension "-123" or
  "转123"; not inside a longer digit run. Between area code and number: parentheses around the area code
  (full-width too) or a space or hyphen; with nothing between them the local number must be one run starting
  with 2–9, as real ones do, which keeps serial numbers out of an unbroken run of digits.
银行卡号 (bank card) — 13–19 digits starting with 1–9, as one run or in groups of 4 separated by single
  spaces (the last group may be shorter), passing the Luhn check. An 18-digit number shaped like an ID (region
  and date of birth valid) is not a card even when the Luhn check passes: it is an ID with a wrong check
  character, which is no finding.
电子邮箱 (e-mail) — local@domain.tld in ASCII; a phone or card number that is part of an address
  (13800138000@qq.com) is covered by the address and not reported again.
敏感词 (sensitive terms) — the office's list, passed in; case-insensitive; every occurrence.

Published contact points (`public_contacts`, passed in): phone numbers and e-mail addresses the office prints on
purpose (its own number in a footer, the hotline of a publicity notice) are not findings. A mobile or landline
is public when its digits — without the country code 86 and without an extension — equal those of a listed
number ("(0571)87654321转8001" is covered by "0571-87654321"); an address when it equals a listed one, case
aside. Only these exact values are exempt: any other number beside them is still reported.

One span is reported once: overlapping number matches are decided in the order ID, bank card, mobile,
landline; overlapping classification matches are merged into one ("密级：秘密★1年"). Sensitive terms are
reported independently.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.screening.segments import Segment

CONTEXT_CHARS = 20
MARK_OPEN, MARK_CLOSE = "【", "】"


class FindingKind(models.TextChoices):
    CLASSIFICATION = "classification", _("密级标识")
    RESIDENT_ID = "resident_id", _("身份证号")
    MOBILE = "mobile", _("手机号")
    LANDLINE = "landline", _("固定电话")
    BANK_CARD = "bank_card", _("银行卡号")
    EMAIL = "email", _("电子邮箱")
    SENSITIVE_TERM = "sensitive_term", _("敏感词")
    # Never produced by `scan`: text the reviewer marked by hand for redaction.
    MANUAL = "manual", _("人工标注")


@dataclass(frozen=True)
class Finding:
    """One match in one segment: `text == segment.text[start:end]`.

    `context` is the match with up to CONTEXT_CHARS characters on each side, the match in 【】, line breaks
    shown as spaces and "…" where the segment goes on; `context_before` and `context_after` are those sides
    alone, for a page that marks the match itself.
    """

    kind: FindingKind
    text: str
    location: str
    start: int
    end: int
    context: str
    context_before: str
    context_after: str


def scan(
    text_segments: Iterable[Segment],
    *,
    sensitive_terms: Collection[str] = (),
    public_contacts: Collection[str] = (),
) -> list[Finding]:
    """Every finding in the segments, in segment order and then by position."""
    terms = _prepare_terms(sensitive_terms)
    public = {contact_key(value) for value in public_contacts} - {""}
    findings: list[Finding] = []
    for segment in text_segments:
        matches = _scan_text(segment.text, terms)
        if public:
            matches = [m for m in matches if not _is_public(segment.text, m, public)]
        findings.extend(_finding(segment, match) for match in matches)
    return findings


_CONTACT_KINDS = (FindingKind.MOBILE, FindingKind.LANDLINE, FindingKind.EMAIL)


def contact_key(value: str) -> str:
    """How a published phone number or address is compared: the digits without 86 and extension, or the
    address in lower case. Empty for anything else."""
    value = value.strip().translate(_NORMALIZE)
    if "@" in value:
        return value.casefold()
    if landline := _LANDLINE.fullmatch(value):
        return re.sub(r"\D", "", landline.group("number"))
    digits = re.sub(r"\D", "", value)
    if re.fullmatch(r"(?:0086|86)?1[3-9]\d{9}", digits):
        return digits[-11:]
    return digits if len(digits) >= 7 else ""


def _is_public(text: str, match: _Match, public: set[str]) -> bool:
    return match.kind in _CONTACT_KINDS and contact_key(text[match.start : match.end].translate(_NORMALIZE)) in public


@dataclass(frozen=True)
class _Match:
    kind: FindingKind
    start: int
    end: int


def _scan_text(text: str, terms: list[re.Pattern[str]]) -> list[_Match]:
    text = text.translate(_NORMALIZE)
    emails = _emails(text)
    matches = _classification(text) + _outside(_numbers(text), emails) + emails + _terms(text, terms)
    kinds = list(FindingKind)
    return sorted(matches, key=lambda m: (m.start, m.end, kinds.index(m.kind)))


def _finding(segment: Segment, match: _Match) -> Finding:
    text = segment.text
    before = text[max(0, match.start - CONTEXT_CHARS) : match.start]
    after = text[match.end : match.end + CONTEXT_CHARS]
    before = ("…" if match.start > CONTEXT_CHARS else "") + _one_line(before)
    after = _one_line(after) + ("…" if match.end + CONTEXT_CHARS < len(text) else "")
    found = text[match.start : match.end]
    return Finding(
        kind=match.kind,
        text=found,
        location=segment.location,
        start=match.start,
        end=match.end,
        context=f"{before}{MARK_OPEN}{_one_line(found)}{MARK_CLOSE}{after}",
        context_before=before,
        context_after=after,
    )


_ONE_LINE = str.maketrans("\r\n\t\v\f", "     ")


def _one_line(text: str) -> str:
    return text.translate(_ONE_LINE)


# One character for one: offsets in the normalised text are offsets in the original.
_SPACES = "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
_NORMALIZE = str.maketrans(
    "０１２３４５６７８９Ｘｘ＋－（）＠" + _SPACES,
    "0123456789Xx+-()@" + " " * len(_SPACES),
)


def _keep_apart(matches: list[_Match], order: list[FindingKind]) -> list[_Match]:
    """Drop matches that overlap a better one: earlier kind in `order` first, then the longer, then the earlier.

    Decided cluster by cluster (matches that overlap one another, directly or through others), which gives the
    same result as deciding all at once, in linear time for the usual small clusters.
    """
    kept: list[_Match] = []
    for cluster in _clusters(matches):
        chosen: list[_Match] = []
        for match in sorted(cluster, key=lambda m: (order.index(m.kind), -(m.end - m.start), m.start)):
            if all(match.end <= other.start or other.end <= match.start for other in chosen):
                chosen.append(match)
        kept.extend(chosen)
    return kept


def _clusters(matches: list[_Match]) -> Iterator[list[_Match]]:
    cluster: list[_Match] = []
    end = 0
    for match in sorted(matches, key=lambda m: (m.start, m.end)):
        if cluster and match.start >= end:
            yield cluster
            cluster = []
        end = max(end, match.end) if cluster else match.end
        cluster.append(match)
    if cluster:
        yield cluster


def _outside(matches: list[_Match], covers: list[_Match]) -> list[_Match]:
    """The matches not lying wholly inside one of `covers` (which do not overlap each other)."""
    starts = [cover.start for cover in covers]
    kept = []
    for match in matches:
        i = bisect.bisect_right(starts, match.start) - 1
        if i < 0 or covers[i].end < match.end:
            kept.append(match)
    return kept


# --- classification marks -------------------------------------------------------------------------------------

# Between the characters of a mark: nothing, or up to three spaces (full-width ones are read as spaces), dots,
# middle dots, hyphens, underscores or zero-width characters — how a mark looks when typed letter-spaced
# ("机 密", "绝　密", "秘·密") or copied out of a PDF that spaces its characters.
_SEP = "[ \t\u200b\u200c\u200d\u2060·・•.．_-]{0,3}"


def _spaced(word: str) -> str:
    return _SEP.join(re.escape(char) for char in word)


def _any_of(*words: str) -> str:
    return "(?:" + "|".join(_spaced(word) for word in words) + ")"


_LEVEL = _any_of("绝密", "机密", "秘密")
_INTERNAL = _spaced("内部")
_STAR = r"[★☆✩✪⭐*＊]"
_TERM = rf"(?:\d{{1,2}}{_SEP}(?:年|个{_SEP}月|月)|{_any_of('长期', '永久')})"
_GAP = r"[ \t]*"
_CLASSIFICATION = [
    re.compile(rf"{_LEVEL}{_GAP}{_STAR}(?:{_GAP}{_TERM})?"),
    re.compile(rf"{_STAR}{_GAP}{_LEVEL}"),
    re.compile(rf"{_spaced('密级')}{_GAP}[:：]{_GAP}(?:{_LEVEL}|{_INTERNAL})"),
    re.compile(rf"[【\[〔]{_GAP}(?:{_LEVEL}|{_INTERNAL}){_GAP}[】\]〕]"),
    re.compile(
        rf"(?m)^{_GAP}{_LEVEL}(?:{_GAP}{_TERM}|{_GAP}[（(][^）)\n]{{0,12}}[）)])?(?=[ \t]|$|[（(])",
    ),
    re.compile(
        rf"{_INTERNAL}{_SEP}{_any_of('资料', '文件', '使用', '发行', '刊物', '参考')}"
        rf"|{_spaced('仅')}{_SEP}[供限]{_SEP}{_INTERNAL}|{_spaced('注意保密')}"
    ),
]


def _classification(text: str) -> list[_Match]:
    found = []
    for pattern in _CLASSIFICATION:
        for match in pattern.finditer(text):
            start = match.start() + len(match.group()) - len(match.group().lstrip(" \t"))
            found.append(_Match(FindingKind.CLASSIFICATION, start, match.end()))
    return _merge(found)


def _merge(matches: list[_Match]) -> list[_Match]:
    """Overlapping marks become one: "密级：秘密" and "秘密★1年" in "密级：秘密★1年" are one mark."""
    merged: list[_Match] = []
    for match in sorted(matches, key=lambda m: (m.start, m.end)):
        if merged and match.start < merged[-1].end:
            merged[-1] = _Match(match.kind, merged[-1].start, max(merged[-1].end, match.end))
        else:
            merged.append(match)
    return merged


# --- numbers --------------------------------------------------------------------------------------------------

_NUMBER_ORDER = [FindingKind.RESIDENT_ID, FindingKind.BANK_CARD, FindingKind.MOBILE, FindingKind.LANDLINE]
_RESIDENT_ID = re.compile(r"(?<![0-9])[1-9]\d{5} ?(?:18|19|20)\d{6} ?\d{3}[0-9Xx](?![0-9])")
# First generation (1984–2004): 6-digit region, 6-digit date of birth yyMMdd (19yy), 3-digit sequence; no check
# character. Also written 6-6-3 with single spaces.
_RESIDENT_ID_15 = re.compile(r"(?<![0-9])[1-9]\d{5} ?\d{6} ?\d{3}(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:\d{8}|[ -]\d{4}[ -]\d{4})(?![0-9])")
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
# A local number of 7–8 digits, or written in two groups "8888 6666", "888-6666".
_LOCAL = r"(?:\d{7,8}|\d{3,4}[ -]\d{4})"
_LANDLINE = re.compile(
    rf"(?<![0-9])(?P<number>(?:[(]{_AREA}[)] ?|{_AREA}[ -]){_LOCAL}|{_AREA}[2-9]\d{{6,7}})"
    r"(?:(?:-|转|分机)\d{1,6})?(?![0-9])"
)
_BANK_CARD = re.compile(r"(?<![0-9])(?:[1-9]\d{12,18}|[1-9]\d{3}(?: \d{4}){2,3}(?: \d{1,3})?)(?![0-9])")
# Province-level codes: 11–15 north, 21–23 north-east, 31–37 east, 41–46 centre-south, 50–54 south-west,
# 61–65 north-west, 71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits of Taiwan residents.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43"}
    | {"44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _numbers(text: str) -> list[_Match]:
    found = [_Match(FindingKind.RESIDENT_ID, m.start(), m.end()) for m in _RESIDENT_ID.finditer(text)]
    found = [m for m in found if is_resident_id(text[m.start : m.end])]
    found += [
        _Match(FindingKind.RESIDENT_ID, m.start(), m.end())
        for m in _RESIDENT_ID_15.finditer(text)
        if is_resident_id_15(m.group()) and not _REGISTRATION_LABEL.search(text, max(0, m.start() - 12), m.start())
    ]
    found += [_Match(FindingKind.MOBILE, m.start(), m.end()) for m in _MOBILE.finditer(text)]
    found += [_Match(FindingKind.LANDLINE, m.start(), m.end()) for m in _LANDLINE.finditer(text)]
    found += [
        _Match(FindingKind.BANK_CARD, m.start(), m.end()) for m in _BANK_CARD.finditer(text) if is_bank_card(m.group())
    ]
    return _keep_apart(found, _NUMBER_ORDER)


def _id_shaped(number: str) -> bool:
    """Region code and date of birth valid (the check character is not looked at)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    region_ok = number[:2] in _PROVINCES or (number[0] == "9" and number[1:3] in _PROVINCES)
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return region_ok and datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def is_resident_id(value: str) -> bool:
    """A PRC resident ID number (18 characters, spaces ignored): region, date of birth and check character."""
    number = value.replace(" ", "").upper()
    if not _id_shaped(number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


# The old 15-digit business registration number (工商注册号: region, then a serial often starting 000…) and
# the 15-digit taxpayer number read like a first-generation ID; in investment-promotion texts they are common and
# always labelled. A 15-digit number right after such a label is not taken for an ID.
_REGISTRATION_LABEL = re.compile(r"(?:注册号|执照号|执照|登记号|税号|识别号|代码)[码]?[：:（(）)\s]*$")

# The first generation was issued from 1984 to 2004 (replaced by 2013) with the province codes of the time; 83
# (residence permits) and the 9x foreigners' numbers are 18-digit only.
_PROVINCES_15 = _PROVINCES - {"83"}


def is_resident_id_15(value: str) -> bool:
    """A first-generation resident ID (15 digits, spaces ignored): a province code and a real date of birth."""
    number = value.replace(" ", "")
    if len(number) != 15 or not number.isdigit() or number[:2] not in _PROVINCES_15:
        return False
    try:
        datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_bank_card(value: str) -> bool:
    """13–19 digits (spaces ignored), Luhn-valid, and not shaped like an ID number."""
    digits = value.replace(" ", "")
    return 13 <= len(digits) <= 19 and digits.isdigit() and luhn_valid(digits) and not _id_shaped(digits)


# --- e-mail ---------------------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)


def _emails(text: str) -> list[_Match]:
    return [_Match(FindingKind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


# --- sensitive terms ------------------------------------------------------------------------------------------


def _prepare_terms(terms: Collection[str]) -> list[re.Pattern[str]]:
    unique = {term.strip().translate(_NORMALIZE).casefold(): term.strip().translate(_NORMALIZE) for term in terms}
    return [re.compile(re.escape(term), re.IGNORECASE) for key, term in sorted(unique.items()) if key]


def _terms(text: str, terms: list[re.Pattern[str]]) -> list[_Match]:
    return [_Match(FindingKind.SENSITIVE_TERM, m.start(), m.end()) for term in terms for m in term.finditer(text)]
