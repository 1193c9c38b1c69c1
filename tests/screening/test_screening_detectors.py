"""Detection: each detector with samples that must and must not be found."""

from __future__ import annotations

import pytest
from screening_files import CARD, EMAIL, ID_NUMBER, ID_NUMBER_X, MOBILE

from gongkai.screening.detectors import Finding, FindingKind, is_bank_card, is_resident_id, luhn_valid, scan
from gongkai.screening.segments import Segment


def found(text: str, terms: tuple[str, ...] = ()) -> list[tuple[FindingKind, str]]:
    return [(f.kind, f.text) for f in scan([Segment("正文", text)], sensitive_terms=terms)]


def kinds(text: str) -> list[FindingKind]:
    return [kind for kind, _ in found(text)]


# --- classification marks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("秘密★1年\n关于召开会议的通知", "秘密★1年"),
        ("机密★", "机密★"),
        ("本件 绝密★长期 请妥善保管", "绝密★长期"),
        ("★绝密", "★绝密"),
        ("密级：秘密  保密期限：1年", "密级：秘密"),
        ("【机密】会议纪要", "【机密】"),
        ("秘密\n关于某事项的请示", "秘密"),
        ("  机密 1年\n正文", "机密 1年"),
        ("内部资料 注意保存", "内部资料"),
        ("此件为内部文件", "内部文件"),
        ("仅供内部使用", "仅供内部"),
        ("请注意保密。", "注意保密"),
        ("要保守秘密★", "秘密★"),
    ],
)
def test_classification_marks_are_found(text: str, mark: str) -> None:
    assert (FindingKind.CLASSIFICATION, mark) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "全体党员要保守秘密，严守纪律。",
        "依法保护商业秘密和个人隐私。",
        "不得泄露国家机密。",
        "秘密文件管理办法已经印发。",
        "秘密，是指泄露会使国家安全和利益遭受损害的事项。",
        "加强内部管理，完善内部审计。",
        "本次公开内容为党费收缴情况。",
    ],
)
def test_words_inside_sentences_are_not_classification_marks(text: str) -> None:
    assert FindingKind.CLASSIFICATION not in kinds(text)


def test_overlapping_mark_patterns_are_one_finding() -> None:
    assert found("密级：秘密★1年") == [(FindingKind.CLASSIFICATION, "密级：秘密★1年")]


# --- resident ID ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", [f"身份证号{ID_NUMBER}。", f"身份证：{ID_NUMBER_X}", f"证件 {ID_NUMBER_X.lower()}", "110105 19900307 1239"]
)
def test_valid_resident_ids_are_found(text: str) -> None:
    assert kinds(text) == [FindingKind.RESIDENT_ID]


@pytest.mark.parametrize(
    "number",
    [
        "110105199003071238",  # wrong check character
        "110105199002301236",  # 30 February
        "990105199003071239",  # no such province
        "110105185003071234",  # born before 1900
        "110105209903071234",  # born in the future
    ],
)
def test_invalid_resident_ids_are_not_findings(number: str) -> None:
    assert not is_resident_id(number)
    assert FindingKind.RESIDENT_ID not in kinds(f"身份证号{number}")


def test_wrong_check_character_is_no_finding_at_all_even_when_luhn_valid() -> None:
    shaped = "440304198511224027"  # ID-shaped, wrong check character, passes the Luhn check
    assert luhn_valid(shaped)
    assert found(f"身份证号{shaped}") == []


def test_resident_id_inside_a_longer_digit_run_is_not_found() -> None:
    assert FindingKind.RESIDENT_ID not in kinds(f"编号9{ID_NUMBER}")
    assert FindingKind.RESIDENT_ID not in kinds(f"编号{ID_NUMBER}5")


def test_full_width_digits_are_read() -> None:
    full_width = ID_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    [finding] = scan([Segment("正文", f"身份证号{full_width}")])
    assert finding.kind == FindingKind.RESIDENT_ID and finding.text == full_width


# --- phones ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", [MOBILE, "138 0013 8000", "138-0013-8000", "+86 13800138000", "+8613800138000", "86-138-0013-8000"]
)
def test_mobile_numbers_are_found(phone: str) -> None:
    assert found(f"联系电话：{phone}。") == [(FindingKind.MOBILE, phone)]


@pytest.mark.parametrize("text", ["12800138000", "1380013800", "订单号 1138001380001", "138 00138 000"])
def test_mobile_lookalikes_are_not_mobiles(text: str) -> None:
    assert FindingKind.MOBILE not in kinds(text)


@pytest.mark.parametrize(
    "phone",
    [
        "010-62345678",
        "010-12345678",
        "(0571)87654321",
        "（0571）87654321",
        "(0571) 87654321",
        "0755 2345678",
        "021-62345678转123",
        "0571-87654321-8001",
        "02062345678",
    ],
)
def test_landlines_are_found(phone: str) -> None:
    assert found(f"电话 {phone}，") == [(FindingKind.LANDLINE, phone)]


@pytest.mark.parametrize(
    "text", ["01012345678", "0001234567", "000-12345678", "2024-05-12 20230512", "订单 90571876543211", "0571-123456"]
)
def test_landline_lookalikes_are_not_landlines(text: str) -> None:
    assert FindingKind.LANDLINE not in kinds(text)


def test_a_span_is_reported_once() -> None:
    assert kinds(f"{ID_NUMBER}") == [FindingKind.RESIDENT_ID]
    assert kinds(f"卡号 {CARD}") == [FindingKind.BANK_CARD]
    assert kinds(f"手机 {MOBILE}") == [FindingKind.MOBILE]


# --- bank cards -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("card", [CARD, "6222 0212 3456 7894", "4111111111111111", "6217000123456788"])
def test_luhn_valid_cards_are_found(card: str) -> None:
    assert found(f"卡号：{card}。") == [(FindingKind.BANK_CARD, card)]


def test_grouped_card_followed_by_a_year_is_still_found() -> None:
    assert found("卡号 6222 0212 3456 7894 2024年") == [(FindingKind.BANK_CARD, "6222 0212 3456 7894")]


@pytest.mark.parametrize("card", ["6222021234567890", "4111111111111112", "6222 0212 3456 7890"])
def test_luhn_invalid_cards_are_not_found(card: str) -> None:
    assert not is_bank_card(card)
    assert found(f"卡号：{card}") == []


def test_a_valid_id_number_is_not_also_a_card() -> None:
    assert kinds(ID_NUMBER_X) == [FindingKind.RESIDENT_ID]


# --- e-mail ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", [EMAIL, "dangban@zsj.gov.cn", "li_si+notice@mail.example.org"])
def test_email_addresses_are_found(address: str) -> None:
    assert found(f"邮箱{address}，欢迎来信。") == [(FindingKind.EMAIL, address)]


def test_a_phone_number_inside_an_address_is_covered_by_the_address() -> None:
    assert found(f"{MOBILE}@qq.com") == [(FindingKind.EMAIL, f"{MOBILE}@qq.com")]


@pytest.mark.parametrize("text", ["name@localhost", "@example.com", "user@.com"])
def test_non_addresses_are_not_found(text: str) -> None:
    assert FindingKind.EMAIL not in kinds(text)


# --- sensitive terms ------------------------------------------------------------------------------------------


def test_sensitive_terms_are_case_insensitive_and_every_occurrence_counts() -> None:
    result = found("VPN 账号与 vpn 密码，另见某某项目。", ("vpn", "某某项目", " ", ""))
    assert result == [
        (FindingKind.SENSITIVE_TERM, "VPN"),
        (FindingKind.SENSITIVE_TERM, "vpn"),
        (FindingKind.SENSITIVE_TERM, "某某项目"),
    ]


def test_no_terms_no_term_findings() -> None:
    assert found("某某项目") == []


# --- the finding itself ---------------------------------------------------------------------------------------


def test_finding_has_location_offsets_and_marked_context() -> None:
    text = "前" * 30 + f"身份证号{ID_NUMBER}，\n联系" + "后" * 30
    [finding] = scan([Segment("表格1 第3行第2列", text)])
    assert isinstance(finding, Finding)
    assert finding.location == "表格1 第3行第2列"
    assert text[finding.start : finding.end] == finding.text == ID_NUMBER
    assert finding.context == "…" + "前" * 16 + f"身份证号【{ID_NUMBER}】， 联系" + "后" * 16 + "…"
    assert finding.context_before.endswith("身份证号") and finding.context_after.startswith("， 联系")
    assert str(finding.kind.label) == "身份证号"


def test_findings_come_in_segment_order_then_position() -> None:
    segments = [Segment("第1段", f"邮箱 {EMAIL} 手机 {MOBILE}"), Segment("第2段", "秘密★1年")]
    assert [(f.location, f.kind) for f in scan(segments)] == [
        ("第1段", FindingKind.EMAIL),
        ("第1段", FindingKind.MOBILE),
        ("第2段", FindingKind.CLASSIFICATION),
    ]


def test_kind_labels_are_chinese() -> None:
    assert [str(kind.label) for kind in FindingKind] == [
        "密级标识",
        "身份证号",
        "手机号",
        "固定电话",
        "银行卡号",
        "电子邮箱",
        "敏感词",
    ]


def test_many_findings_are_decided_in_linear_time() -> None:
    import time

    text = f"手机 {MOBILE}，身份证 {ID_NUMBER}；" * 10_000
    started = time.monotonic()
    findings = scan([Segment("正文", text)])
    assert len(findings) == 20_000
    assert time.monotonic() - started < 10  # about half a second; comparing every pair took minutes
