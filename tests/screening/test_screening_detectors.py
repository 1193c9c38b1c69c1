"""Detection: each detector with samples that must and must not be found."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
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
        "人工标注",
    ]


def test_many_findings_are_decided_in_linear_time() -> None:
    import time

    text = f"手机 {MOBILE}，身份证 {ID_NUMBER}；" * 10_000
    started = time.monotonic()
    findings = scan([Segment("正文", text)])
    assert len(findings) == 20_000
    assert time.monotonic() - started < 10  # about half a second; comparing every pair took minutes


# --- marks spaced out, 15-digit IDs, landlines in groups, published contact points ------------------------------


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("机 密★\n通知", "机 密★"),
        ("绝\u3000密★长期", "绝\u3000密★长期"),
        ("秘 密★1年 会议纪要", "秘 密★1年"),
        ("秘密☆6个月\n请示", "秘密☆6个月"),
        ("秘密✩\n请示", "秘密✩"),
        ("秘密*\n请示", "秘密*"),
        ("秘·密★", "秘·密★"),
        ("秘\u200b密★", "秘\u200b密★"),
        ("☆ 机 密", "☆ 机 密"),
        ("密级：内部", "密级：内部"),
        ("密 级：机 密", "密 级：机 密"),
        ("【内部】征求意见稿", "【内部】"),
        ("【 绝 密 】", "【 绝 密 】"),
        ("〔内 部〕", "〔内 部〕"),
        ("机 密\n正文", "机 密"),
        ("绝　密（长期）\n正文", "绝　密（长期）"),
        ("封面印有内部 资料字样", "内部 资料"),
        ("内　部　资　料", "内　部　资　料"),
        ("仅 供 内 部", "仅 供 内 部"),
        ("注 意 保 密", "注 意 保 密"),
        ("秘密★永久", "秘密★永久"),
    ],
)
def test_spaced_and_starred_classification_marks_are_found(text: str, mark: str) -> None:
    assert (FindingKind.CLASSIFICATION, mark) in found(text)


@pytest.mark.parametrize("text", ["保守秘 密，严守纪律", "商业 秘密", "内部 审计", "做好内 部管理"])
def test_spaced_words_inside_sentences_are_not_marks(text: str) -> None:
    assert FindingKind.CLASSIFICATION not in kinds(text)


@pytest.mark.parametrize("number", ["110105491231002", "110105 491231 002", "650102960229123", "820000851010001"])
def test_first_generation_ids_are_found(number: str) -> None:
    assert found(f"身份证号 {number}。") == [(FindingKind.RESIDENT_ID, number)]


@pytest.mark.parametrize(
    "number",
    [
        "110105491331002",  # month 13
        "110105490230002",  # 30 February
        "000105491231002",  # no province
        "660105491231002",  # 66 is no province
        "830105491231002",  # 83 has no first-generation numbers
        "1101054912310021",  # inside a longer run
    ],
)
def test_implausible_15_digit_numbers_are_not_ids(number: str) -> None:
    assert FindingKind.RESIDENT_ID not in kinds(f"编号 {number}")


def test_a_15_digit_registration_number_after_its_label_is_not_an_id() -> None:
    assert kinds("营业执照注册号：330100000123456") == []
    assert kinds("公民身份号码：330100000123456") == [FindingKind.RESIDENT_ID]


@given(
    region=st.sampled_from(["110105", "310104", "440305", "650102", "810000", "820000", "710000"]),
    born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)),
    serial=st.integers(min_value=0, max_value=999),
    spaced=st.booleans(),
    before=st.sampled_from(["身份证号", "号码：", "（", "张三 "]),
)
def test_every_valid_first_generation_id_is_found(
    region: str, born: datetime.date, serial: int, spaced: bool, before: str
) -> None:
    parts = [region, born.strftime("%y%m%d"), f"{serial:03d}"]
    number = (" " if spaced else "").join(parts)
    assert found(f"{before}{number}，") == [(FindingKind.RESIDENT_ID, number)]


@pytest.mark.parametrize(
    "phone",
    ["0571-8888 6666", "0571 8888 6666", "010-6234 5678", "(0571)8888 6666", "（0755）2345 6789", "0571-888 6666"],
)
def test_landlines_with_a_space_inside_the_local_number_are_found(phone: str) -> None:
    assert found(f"电话 {phone}，") == [(FindingKind.LANDLINE, phone)]


def test_published_contact_points_are_not_findings_but_others_beside_them_are() -> None:
    text = "监督电话：（0571）87001234转8001，邮箱 ZSJ@Example.gov.cn；经办人手机 13800138000，电话 0571-87001235"
    public = ["0571-87001234", "zsj@example.gov.cn", "+86 138 0013 8001"]
    result = [(f.kind, f.text) for f in scan([Segment("正文", text)], public_contacts=public)]
    assert result == [(FindingKind.MOBILE, "13800138000"), (FindingKind.LANDLINE, "0571-87001235")]
    listed_mobile = [f.text for f in scan([Segment("正文", "手机 138-0013-8001")], public_contacts=public)]
    assert listed_mobile == []


@given(
    level=st.sampled_from(["绝密", "机密", "秘密"]),
    separator=st.sampled_from(
        ["", " ", "  ", "\u3000", "·", "・", "•", ".", "．", "_", "-", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060"]
    ),
    form=st.sampled_from(["{}★", "★{}", "密级：{}", "【{}】", "{}\n", "{}☆1年"]),
)
def test_every_level_with_any_separator_in_every_form_is_a_mark(level: str, separator: str, form: str) -> None:
    mark = form.format(separator.join(level)).rstrip("\n")
    assert (FindingKind.CLASSIFICATION, mark) in found(f"{mark}\n正文")


@pytest.mark.parametrize("star", ["★", "☆", "✩", "✪", "⭐", "*", "＊"])
@pytest.mark.parametrize("term", ["", "1年", "6个月", "10年", "长期", "永久"])
def test_every_documented_star_and_term_makes_a_mark(star: str, term: str) -> None:
    assert (FindingKind.CLASSIFICATION, f"秘密{star}{term}") in found(f"秘密{star}{term}\n正文")
    assert (FindingKind.CLASSIFICATION, f"{star}机密") in found(f"本件{star}机密，请妥善保管")
