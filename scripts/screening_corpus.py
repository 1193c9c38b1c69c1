"""The labelled corpus of the screening detectors: write it, or measure the detectors on it.

    .venv/bin/python scripts/screening_corpus.py write     # (re)writes tests/screening/detector_corpus.jsonl
    .venv/bin/python scripts/screening_corpus.py measure   # recall and precision, overall and per kind

The corpus is generated, deterministically (a fixed seed; the same file on every run, which a test checks): one
JSON object a line, {"id", "group", "text", "expect": [[kind, text], …]}. `group` says what the item is for:
"positive" items hold one or more things the reviewer must see, "negative" items are ordinary bureau text that
must produce nothing (project names, amounts, dates, 索引号, 发文字号, statistics, the office's own published
numbers in a footer). The office's published contact points (PUBLIC_CONTACTS) are passed to the detectors as the
organisation's list would be.

A finding counts as a true positive when its (kind, text) is among the item's expected pairs; every other
finding is a false positive; every expected pair not found is a miss.
"""

from __future__ import annotations

import collections
import datetime
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "screening" / "detector_corpus.jsonl"
SEED = 20261201
PUBLIC_CONTACTS = ("0571-87001234", "0571-87005678", "zsj@hz.example.gov.cn", "12345")

# Areas whose first two digits are provinces, for generated ID numbers.
REGIONS = ("110105", "310104", "330106", "440305", "510107", "610113", "650102", "210202", "370202", "420106")
AREAS = ("010", "021", "020", "0571", "0755", "0574", "0591", "0731", "0871", "029")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def _birth(rng: random.Random, start: int, end: int) -> datetime.date:
    return datetime.date(start, 1, 1) + datetime.timedelta(days=rng.randrange((end - start) * 365))


def _id18(rng: random.Random) -> str:
    first = rng.choice(REGIONS) + _birth(rng, 1950, 2005).strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first + _check(first)


def _id15(rng: random.Random) -> str:
    return rng.choice(REGIONS) + _birth(rng, 1930, 1999).strftime("%y%m%d") + f"{rng.randrange(1000):03d}"


def _luhn_complete(partial: str) -> str:
    for last in "0123456789":
        number = partial + last
        total = 0
        for position, char in enumerate(reversed(number)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError


def _card(rng: random.Random, length: int) -> str:
    prefix = rng.choice(("622202", "621700", "622848", "623668", "436742"))
    return _luhn_complete(prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1)))


def _mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "150", "186", "177", "199", "135")) + f"{rng.randrange(10**8):08d}"


def _local(rng: random.Random, digits: int) -> str:
    return str(rng.randrange(2, 10)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))


SENTENCES = (
    "经研究，现将有关情况公示如下：{}。",
    "联系人：王某，{}，欢迎来电咨询。",
    "{}",
    "附件：拟表彰人员名单（{}）",
    "如有异议，请在公示期内反映。{}",
)


def _wrap(rng: random.Random, value: str) -> str:
    return rng.choice(SENTENCES).format(value)


def _classification_items() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    levels = ("绝密", "机密", "秘密")
    separators = ("", " ", "\u3000", "  ", "·", "\u00a0", "\u200b")
    for level in levels:
        for sep in separators:
            spaced = sep.join(level)
            yield f"{spaced}★1年\n关于召开专题会议的通知", [("classification", f"{spaced}★1年")]
            yield f"本件 ★{spaced} 请妥善保管", [("classification", f"★{spaced}")]
        yield f"【{level[0]} {level[1]}】会议纪要", [("classification", f"【{level[0]} {level[1]}】")]
        yield f"密级：{level}  保密期限：长期", [("classification", f"密级：{level}")]
        yield f"{level}☆6个月\n请示", [("classification", f"{level}☆6个月")]
        yield f"{level[0]} {level[1]}\n关于某事项的请示", [("classification", f"{level[0]} {level[1]}")]
        yield f"  {level}（长期）\n正文如下", [("classification", f"{level}（长期）")]
        yield f"{level}*\n会议记录", [("classification", f"{level}*")]
    yield "密 级：内 部", [("classification", "密 级：内 部")]
    yield "密级：内部\n2024年工作要点", [("classification", "密级：内部")]
    yield "【内部】征求意见稿", [("classification", "【内部】")]
    yield "〔内 部〕讨论稿", [("classification", "〔内 部〕")]
    yield "[内部]会议安排", [("classification", "[内部]")]
    for phrase in (
        "内部资料",
        "内部文件",
        "内部使用",
        "内部发行",
        "内部刊物",
        "内部参考",
        "仅供内部",
        "仅限内部",
        "注意保密",
    ):
        yield f"本材料为{phrase}，不得外传。", [("classification", phrase)]
        spaced = phrase[:2] + " " + phrase[2:]
        yield f"封面印有“{spaced}”字样。", [("classification", spaced)]
    yield "内　部　资　料　注意保存", [("classification", "内　部　资　料")]
    yield "公民身份号码110105991231002", [("resident_id", "110105991231002")]
    yield "秘密★1年 密级：秘密", [("classification", "秘密★1年"), ("classification", "密级：秘密")]


def _id_items(rng: random.Random) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for number in range(30):
        value = _id18(rng)
        if number % 5 == 1:
            value = f"{value[:6]} {value[6:14]} {value[14:]}"
        elif number % 5 == 2:
            value = value.translate(FULL)
        yield _wrap(rng, f"身份证号 {value}"), [("resident_id", value)]
    for number in range(30):
        value = _id15(rng)
        if number % 3 == 1:
            value = f"{value[:6]} {value[6:12]} {value[12:]}"
        yield _wrap(rng, f"公民身份号码：{value}"), [("resident_id", value)]


def _phone_items(rng: random.Random) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for number in range(30):
        mobile = _mobile(rng)
        value = (mobile, f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}", f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}")[
            number % 3
        ]
        if number % 7 == 0:
            value = "+86 " + value
        yield _wrap(rng, f"手机 {value}"), [("mobile", value)]
    for number in range(40):
        area = rng.choice(AREAS)
        digits = 8 if len(area) == 3 else rng.choice((7, 8))
        local = _local(rng, digits)
        value = (
            f"{area}-{local}",
            f"({area}){local}",
            f"{area}-{local[:-4]} {local[-4:]}",
            f"{area} {local[:-4]} {local[-4:]}",
            f"（{area}）{local[:-4]} {local[-4:]}",
            f"{area}-{local}转{rng.randrange(100, 999)}",
        )[number % 6]
        yield _wrap(rng, f"办公电话 {value}"), [("landline", value)]


def _other_items(rng: random.Random) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for number in range(20):
        card = _card(rng, (16, 19)[number % 2])
        value = " ".join(card[i : i + 4] for i in range(0, len(card), 4)) if number % 3 == 0 else card
        yield _wrap(rng, f"开户账号 {value}"), [("bank_card", value)]
    for name in ("zhang.san", "lisi2024", "wang_wu", "zhao-liu", "chen.qi.88"):
        for domain in ("example.com", "163.com", "qq.com"):
            value = f"{name}@{domain}"
            yield _wrap(rng, f"邮箱 {value}"), [("email", value)]
    mixed_id, mixed_mobile = _id18(rng), _mobile(rng)
    yield (
        f"张某，身份证号{mixed_id}，手机{mixed_mobile}，秘 密★",
        [("resident_id", mixed_id), ("mobile", mixed_mobile), ("classification", "秘 密★")],
    )


NEGATIVES = (
    # project names, amounts, dates
    "2024年度招商引资重点项目（第3批）签约仪式顺利举行。",
    "合同金额 123456789.00 元，其中财政资金 35000000 元。",
    "项目总投资 1200000000 元，预计年产值 8600000000 元。",
    "2024年5月12日召开党组会议，研究部署2024-2025年重点工作。",
    "会议时间：2024-05-12 09:30-11:30，地点：三楼会议室。",
    "统计截至20240512，累计签约项目 156 个。",
    "日期 2023-12-31，编号 20231231001。",
    "全年实际利用外资 28600 万美元，同比增长 12.5%。",
    "第3季度共受理投资者投诉 12 件，办结率 100%。",
    # index numbers and document numbers
    "索引号：ZSJ/2024-00012",
    "索引号：11330100002568987X/2024-00123",
    "统一社会信用代码：91330100MA2B3C4D5E",
    "统一社会信用代码 11330100002568987X",
    "杭招商〔2024〕12号",
    "市招商局发〔2023〕105号文件精神",
    "党组发〔2024〕3号",
    "文号：招商办函〔2024〕27号",
    "工商注册号 330100000123456",
    "营业执照注册号：440301000012345",
    "档号 Z001-2024-Y-0001-0012",
    "批次号 2024051200012345",
    "订单号 9057187654321100",
    "合同编号 HT-2024-0571-8888",
    "邮政编码 310000",
    "版本 ISO 9001:2015",
    "投资额（万元）：15000，用地（亩）：120.5",
    # the office's own published numbers and addresses
    "联系电话：0571-87001234  传真：0571-87005678\n地址：某市人民路88号",
    "监督电话：（0571）87001234，电子邮箱：zsj@hz.example.gov.cn",
    "公示期间，如有异议，请拨打 0571-8700 1234 或发送邮件至 ZSJ@hz.example.gov.cn。",
    "政务服务热线 12345",
    "主办：某市招商局 电话 0571-87001234转8001",
    # sentences with secrecy words that are not marks
    "全体党员要保守秘密，严守纪律。",
    "依法保护商业秘密和个人隐私。",
    "不得泄露国家机密。",
    "秘密文件管理办法已经印发。",
    "秘密，是指泄露会使国家安全和利益遭受损害的事项。",
    "加强内部管理，完善内部审计。",
    "健全内部控制制度，规范内部流程。",
    "本次公开内容为党费收缴情况。",
    "做好保密工作，提高机密意识。",
    "定密工作要做到准确、及时。",
    "机密性、完整性和可用性是信息安全的基本要求。",
    "绝密材料的管理按照有关规定执行。",
    "严守党和国家秘密，落实保密责任制。",
    # numbers that look like personal numbers but are not
    "订单号 1138001380001",
    "编号 12800138000",
    "批号 0001234567",
    "序列号 000-12345678",
    "流水号 01012345678",
    "代码 0571-123456",
    "凭证号 6222021234567890",
    "编码 110105199013071234",
    "编码 110105199003071238",
    "编号 990105199003071239",
    "编号 110105991331002",
    "税务登记号 330106123456789",
    "纳税人识别号：440301199912310",
    "编号 330100001301001",
    "编号 110105491331002",
    "编号 000105491231002",
    "时间 2024-05-12 20230512",
    "坐标 120.153576, 30.287459",
)


def _negative_items(rng: random.Random) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for text in NEGATIVES:
        yield text, []
    for _ in range(40):
        year = rng.randrange(2015, 2027)
        yield (
            rng.choice(
                (
                    f"{year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日，签约项目{rng.randrange(2, 60)}个，"
                    f"总投资{rng.randrange(1, 999)}.{rng.randrange(10)}亿元。",
                    f"索引号：ZSJ/{year}-{rng.randrange(1, 99999):05d}，发布日期：{year}-"
                    f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    f"招商〔{year}〕{rng.randrange(1, 200)}号，共{rng.randrange(2, 30)}页。",
                    f"金额 {rng.randrange(10**5, 10**9)}.{rng.randrange(100):02d} 元",
                    f"第{rng.randrange(1, 5)}季度完成固定资产投资 {rng.randrange(1000, 99999)} 万元，"
                    f"占年度目标的 {rng.randrange(10, 100)}%。",
                )
            ),
            [],
        )


def items() -> list[dict[str, Any]]:
    rng = random.Random(SEED)  # noqa: S311 - a reproducible corpus, not a secret
    generated = [
        *_classification_items(),
        *_id_items(rng),
        *_phone_items(rng),
        *_other_items(rng),
        *_negative_items(rng),
    ]
    return [
        {
            "id": number,
            "group": "positive" if expect else "negative",
            "text": text,
            "expect": [list(pair) for pair in expect],
        }
        for number, (text, expect) in enumerate(generated, start=1)
    ]


def render() -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items())


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(corpus: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts per kind and overall: true positives, false positives, misses (with the items concerned)."""
    from gongkai.screening.detectors import scan
    from gongkai.screening.segments import Segment

    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    wrong: list[tuple[int, str, str, str]] = []
    for item in corpus:
        expected = collections.Counter(tuple(pair) for pair in item["expect"])
        found = collections.Counter(
            (str(f.kind), f.text) for f in scan([Segment("正文", item["text"])], public_contacts=PUBLIC_CONTACTS)
        )
        for (kind, _text), n in (found & expected).items():
            counts[kind]["tp"] += n
        for (kind, text), n in (found - expected).items():
            counts[kind]["fp"] += n
            wrong.append((item["id"], "false positive", kind, text))
        for (kind, text), n in (expected - found).items():
            counts[kind]["fn"] += n
            wrong.append((item["id"], "missed", kind, text))
    total = sum(counts.values(), collections.Counter())
    return {"kinds": dict(counts), "total": total, "wrong": wrong, "items": len(corpus)}


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def main(argv: list[str]) -> int:
    if argv[1:] == ["write"]:
        CORPUS.write_text(render(), encoding="utf-8")
        print(f"wrote {CORPUS} ({len(items())} items)")
        return 0
    if argv[1:] != ["measure"]:
        print(__doc__)
        return 2
    import django

    sys.path.insert(0, str(CORPUS.parent.parent.parent))
    django.setup()  # for the gettext of the finding kinds' labels
    corpus = load()
    result = measure(corpus)
    groups = collections.Counter(item["group"] for item in corpus)
    print(f"items: {result['items']} ({groups['positive']} positive, {groups['negative']} negative)")
    print(f"{'kind':<16}{'expected':>9}{'found':>7}{'missed':>8}{'false+':>8}{'recall':>9}{'precision':>11}")
    for kind, c in [*sorted(result["kinds"].items()), ("all", result["total"])]:
        print(
            f"{kind:<16}{c['tp'] + c['fn']:>9}{c['tp']:>7}{c['fn']:>8}{c['fp']:>8}"
            f"{ratio(c['tp'], c['tp'] + c['fn']):>9.3f}{ratio(c['tp'], c['tp'] + c['fp']):>11.3f}"
        )
    for wrong in result["wrong"]:
        print("  item {}: {} {} {!r}".format(*wrong))
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings_test")
    sys.exit(main(sys.argv))
