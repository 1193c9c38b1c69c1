"""The tokenizer and the query parser: the contract both engines rely on."""

from __future__ import annotations

import random
import unicodedata

import pytest

from gongkai.search.tokens import (
    MAX_QUERY_CHARS,
    MAX_WORD_CHARS,
    document_text,
    normalise,
    parse_query,
    tag,
    tokens,
)


def test_cjk_runs_become_overlapping_bigrams_and_a_trailing_unigram():
    assert tokens("换届选举") == ["换届", "届选", "选举", "举"]


def test_a_single_cjk_character_is_its_own_token():
    assert tokens("党") == ["党"]


def test_punctuation_ends_a_run_so_no_phrase_can_cross_it():
    assert tokens(normalise("公示，示期")) == ["公示", "示", "示期", "期"]


def test_latin_words_and_digits_are_whole_lower_case_tokens_apart_from_cjk():
    assert tokens(normalise("2026年PDF文件v2.0")) == ["2026", "年", "pdf", "文件", "件", "v2", "0"]


def test_normalise_folds_full_width_forms_and_case():
    assert normalise("ＡＢＣ１２３，党费") == "abc123,党费"


def test_normalise_equals_nfkc_then_lower_case_on_awkward_text():
    alphabet = "党费公示ＡＢａｂ１２，：；（）！？\u3000 e\u0301ﬁ㈠①…ｶﾞ가İß·—\u00a0\u2028\x00😀"
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 24)))
        assert normalise(text) == unicodedata.normalize("NFKC", text).lower()


def test_symbols_emoji_and_control_characters_separate_and_vanish():
    assert tokens(normalise("党费😀公示\x00\x07招商★")) == ["党费", "费", "公示", "示", "招商", "商"]


def test_kana_and_hangul_are_bigrammed_like_han():
    assert tokens("カタカナ") == ["カタ", "タカ", "カナ", "ナ"]
    assert tokens("한국어") == ["한국", "국어", "어"]


def test_long_words_are_cut():
    assert tokens("x" * 500) == ["x" * MAX_WORD_CHARS]


def test_body_and_attachment_are_tokenised_apart():
    text = document_text("标题", "正文公", "示期")
    assert text.body_tokens == ["正文", "文公", "公", "示期", "期"]


def test_tags_are_safe_tokens_for_any_key():
    assert tag("aud", "public") == "§aud7075626c6963"
    assert tag("aud", 'org:招商局 "x"')[1:].isalnum()


def test_no_text_can_produce_a_tag_token():
    assert tokens(normalise("§aud7075626c6963 §yr2026")) == ["aud7075626c6963", "yr2026"]


def test_query_pieces_by_kind():
    parsed = parse_query("换届选举 党 PDF")
    assert [(p.kind, p.text, p.tokens) for p in parsed.pieces] == [
        ("phrase", "换届选举", ("换届", "届选", "选举")),
        ("char", "党", ("党",)),
        ("word", "pdf", ("pdf",)),
    ]


def test_query_operators_are_plain_text():
    parsed = parse_query('"党费" OR NOT (公示*) NEAR ^a:b -c')
    assert [p.text for p in parsed.pieces] == ["党费", "or", "not", "公示", "near", "a", "b", "c"]


def test_repeated_pieces_are_kept_once():
    assert [p.text for p in parse_query("党费 党费，党费").pieces] == ["党费"]


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "\u200b\ufeff", None, 42])
def test_blank_queries_have_no_pieces(raw):
    parsed = parse_query(raw)
    assert parsed.pieces == () and parsed.blank


def test_symbol_only_queries_have_no_pieces_but_are_not_blank():
    parsed = parse_query("？！……😀★")
    assert parsed.pieces == () and not parsed.blank


def test_long_queries_are_cut_to_the_maximum():
    parsed = parse_query("党" * 10_000)
    assert parsed.truncated and len(parsed.text) == MAX_QUERY_CHARS
    assert not parse_query("党" * MAX_QUERY_CHARS).truncated


def test_query_text_keeps_no_control_characters():
    assert parse_query("党费\x00公示\n\t招商").text == "党费 公示 招商"
