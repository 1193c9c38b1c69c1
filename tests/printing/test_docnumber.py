"""发文字号 normalised to 代字〔2026〕12号 (GB/T 9704-2012 7.2.5), and refused with a Chinese message when it
cannot be; the disclosure form stores the canonical form."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.printing.docnumber import CANONICAL, DocumentNumberError, normalise

# 代字: Chinese characters (and the odd Latin letter), never a digit, a bracket or white space.
CODES = st.text(alphabet=st.sampled_from("某招党办发函字组人事商局委ZSJ"), min_size=1, max_size=8)
BRACKETS = [("〔", "〕"), ("[", "]"), ("【", "】"), ("(", ")"), ("（", "）"), ("﹝", "﹞"), ("［", "］"), ("〖", "〗")]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def typed_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(what someone types, the canonical form it stands for)."""
    code = draw(CODES)
    year = draw(st.integers(1949, 2100))
    serial = draw(st.integers(1, 99999))
    opening, closing = draw(st.sampled_from(BRACKETS))
    zeros = "0" * draw(st.integers(0, 3))
    di = draw(st.sampled_from(["", "第"]))
    hao = draw(st.sampled_from(["号", "号", ""]))
    space = draw(st.sampled_from(["", " ", "　"]))
    digits = (lambda s: s.translate(FULL_WIDTH)) if draw(st.booleans()) else (lambda s: s)
    typed = f"{space}{code}{space}{opening}{digits(str(year))}{closing}{space}{di}{digits(zeros + str(serial))}{hao}"
    return typed, f"{code}〔{year}〕{serial}号"


@given(typed_numbers())
def test_every_spelling_maps_to_the_canonical_form(case: tuple[str, str]) -> None:
    typed, canonical = case
    assert normalise(typed) == canonical


@given(st.text(max_size=30))
def test_normalising_is_idempotent_and_every_accepted_input_is_canonical(text: str) -> None:
    try:
        once = normalise(text)
    except DocumentNumberError as problem:
        assert str(problem)  # a message, in Chinese
        return
    assert normalise(once) == once
    assert once == "" or CANONICAL.fullmatch(once), once


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("某招党〔2026〕12号", "某招党〔2026〕12号"),
        ("某招党[2026]第012号", "某招党〔2026〕12号"),
        ("某招党【２０２６】５号", "某招党〔2026〕5号"),
        (" 某招商 (2026) 7 ", "某招商〔2026〕7号"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_common_spellings(typed: str, canonical: str) -> None:
    assert normalise(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("第12号", "发文机关代字"),
        ("某招党12号", "发文机关代字"),
        ("某招党〔26〕12号", "四位公元年份"),
        ("某招党〔3026〕12号", "四位公元年份"),
        ("某招党〔2026〕0号", "从1开始"),
        ("〔2026〕12号", "发文机关代字"),
        ("某招党〔2026〕十二号", "发文机关代字"),
    ],
)
def test_what_cannot_be_normalised_is_refused_with_a_chinese_message(typed: str, message: str) -> None:
    with pytest.raises(DocumentNumberError, match=message):
        normalise(typed)
