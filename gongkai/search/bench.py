"""The search benchmark: a reproducible synthetic corpus of party-affairs text, and the measurements.

`gongkai bench_search` drives it (see that command for the database it writes to). Everything is seeded:
the same size and seed give the same documents and the same queries on every run and on both engines.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from gongkai.search import engine

KIND = "bench"
PUBLIC = frozenset({"public"})
STAFF = frozenset({"public", "org:bench", "party:bench", "dept:3", "user:7"})

# Word lists kept as text: easier to read and extend than a list of literals.
VOCABULARY = (  # noqa: SIM905
    "党费 公示 招商 选举 换届选举 信访 民主生活会 干部任前公示 党风廉政建设 三会一课 主题党日 组织生活会 "
    "民主评议党员 经济责任审计 党务公开 招商引资 营商环境 重大决策 意识形态 巡察整改 谈心谈话 发展党员 党员教育 "
    "廉政风险 政府采购 项目签约 客商 满意度 领导班子 党组会议 中心组学习 述职述廉 干部考察预告 公开目录 党支部 "
    "入党积极分子 预备党员 组织关系转接 党员大会 纪律处分 问责 八项规定 作风建设 年度考核 评先评优 表彰奖励 "
    "干部选拔任用 轮岗交流 保密审查 依申请公开 意见箱 热线电话 整改落实 立卷归档 自查自纠 党建目标 责任分工 "
    "上级决议 投资促进 产业链招商 重点项目 签约仪式 外资企业 民营企业 政策兑现"
).split()

FILLER = (  # noqa: SIM905
    "工作 我们 进一步 加强 推进 落实 制度 管理 服务 群众 企业 项目 投资 经济 社会 发展 建设 组织 领导 要求 情况 "
    "问题 措施 开展 提高 完善 机制 全面 坚持 部署 会议 学习 研究 决定 安排 计划 报告 通知 文件 规定 单位 部门 人员 "
    "相关 有关 及时 认真 积极 按照 根据 通过 进行 实施 确保 重点 任务 目标 质量 效率 能力 水平 作用 责任 监督 检查 "
    "考核 评价 结果 时间 地点 方式 内容 范围 程序 标准 原则 意见 建议 反馈 处理 解决 办理 答复 公开 透明 规范 有序 "
    "高效 便民 城市 地区 区域 产业 市场 资金 政策 环境 条件 基础 优势 特色 创新 合作 交流 对接 洽谈 考察 调研 座谈 "
    "培训 宣传 教育 引导 思想 理论 政治 纪律 作风 廉洁 自律 同志 干部 职工 党员 代表 委员 书记 局长 科室 办公室 "
    "本局 全市 今年 去年 上半年 下半年 第一季度 月份 以来 目前 已经 正在 不断 持续 切实 严格 深入 扎实 稳步 有力 "
    "有效 明显 显著 良好 重要 主要 基本 具体 一是 二是 三是 同时 此外 并且 以及 其中 对于 关于 为了 由于 因此 "
    "但是 如果 虽然 的 了 和 在 是 对 把 从 向 与 及 等 各 该 本 其 之 为 以 将 被 的 的 是 在 和"
).split()

LATIN = ("2026年", "2025年", "3月", "15个", "PDF", "App", "GDP", "5G", "第2季度", "100万元")
TITLE_ENDINGS = ("通知", "公示", "报告", "情况说明", "工作方案", "实施意见", "会议纪要", "公告", "通报")
CATEGORIES = ("decisions", "goals", "clean", "cadres", "organisation", "public-interest", "other")
FORMS = ("website", "board", "meeting", "document", "briefing")
START = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
SPAN_SECONDS = int((datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) - START).total_seconds())


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible test data, not secrets


def _sentence(rng: random.Random, vocabulary_weights: list[float]) -> str:
    words = rng.choices(FILLER, k=rng.randint(4, 14))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words) + 1), rng.choices(VOCABULARY, vocabulary_weights)[0])
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words) + 1), rng.choice(LATIN))
    if len(words) > 7:
        words.insert(rng.randrange(3, len(words) - 2), rng.choice("，，，、；"))
    return "".join(words) + rng.choice("。。。。；！")


class Corpus:
    """Seeded generator of documents: a pool of sentences, drawn into titles, bodies and attachments."""

    def __init__(self, size: int, seed: int = 20260101) -> None:
        self.size, self.seed = size, seed
        rng = _rng(seed)
        # Zipf-like: the first terms of the vocabulary are common, the last ones rare.
        self.weights = [1.0 / (rank + 1) for rank in range(len(VOCABULARY))]
        self.pool = [_sentence(rng, self.weights) for _ in range(20_000)]

    def documents(self) -> Iterator[engine.IndexedDocument]:
        rng = _rng(self.seed + 1)
        for number in range(self.size):
            yield self._document(rng, number)

    def _document(self, rng: random.Random, number: int) -> engine.IndexedDocument:
        published = START + datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
        extra = self._text(rng, rng.randint(100, 2000)) if rng.random() < 0.3 else ""
        return engine.IndexedDocument(
            kind=KIND,
            object_id=str(number),
            title=self._title(rng),
            body=self._text(rng, rng.randint(200, 3000)),
            extra=extra,
            published_at=published,
            category=rng.choice(CATEGORIES),
            department=f"dept:{rng.randint(1, 8)}",
            forms=rng.sample(FORMS, rng.randint(1, 2)),
            audiences=self._audiences(rng),
        )

    def _title(self, rng: random.Random) -> str:
        term = rng.choices(VOCABULARY, self.weights)[0]
        middle = "".join(rng.choices(FILLER[:120], k=rng.randint(1, 6)))
        title = "关于" + term + middle + "的" + rng.choice(TITLE_ENDINGS)
        while len(title) < 10:
            title = rng.choice(FILLER[:120]) + title
        return title[:30]

    def _text(self, rng: random.Random, length: int) -> str:
        parts: list[str] = []
        total = 0
        while total < length:
            sentence = rng.choice(self.pool)
            parts.append(sentence)
            total += len(sentence)
            if rng.random() < 0.1:
                parts.append("\n")
        return "".join(parts)[:length]

    @staticmethod
    def _audiences(rng: random.Random) -> list[str]:
        draw = rng.random()
        if draw < 0.55:
            return ["public"]
        if draw < 0.75:
            return ["org:bench"]
        if draw < 0.90:
            return ["party:bench"]
        return [f"dept:{rng.randint(1, 8)}", f"user:{rng.randint(1, 40)}"]


def queries(corpus_sample: list[engine.IndexedDocument], count: int, seed: int) -> list[str]:
    """Half from the vocabulary (whole terms or 2–4-character parts), half random 2–4-character substrings."""
    rng = _rng(seed + 2)
    chosen: list[str] = []
    while len(chosen) < count // 2:
        term = rng.choice(VOCABULARY)
        if len(term) > 4:
            width = rng.randint(2, 4)
            start = rng.randrange(len(term) - width + 1)
            term = term[start : start + width]
        chosen.append(term)
    while len(chosen) < count:
        text = rng.choice(corpus_sample).body
        width = rng.randint(2, 4)
        start = rng.randrange(max(1, len(text) - width))
        piece = text[start : start + width]
        if len(piece) == width and all("\u4e00" <= char <= "\u9fff" for char in piece):
            chosen.append(piece)
    return chosen


def single_characters(seed: int, count: int = 20) -> list[str]:
    """One-character queries, drawn from the characters of the vocabulary."""
    characters = sorted({char for term in VOCABULARY for char in term})
    return _rng(seed + 3).sample(characters, count)


def _normalised(doc: engine.IndexedDocument) -> tuple[str, str, str]:
    def norm(text: str) -> str:
        return unicodedata.normalize("NFKC", text).lower()

    return norm(doc.title), norm(doc.body), norm(doc.extra)


@dataclass
class Timings:
    """Milliseconds per query and label, wall clock and this process's CPU time.

    Each query runs `repeat` times and the fastest run counts. CPU time shows what a query costs when the
    machine is shared (SQLite runs inside this process; PostgreSQL works in its server, so there it is not
    the query's cost).
    """

    repeat: int = 1
    samples: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    totals: list[int] = field(default_factory=list)  # unfiltered matches per query

    def time(self, label: str, run: Callable[[], object]) -> None:
        wall, cpu = float("inf"), float("inf")
        for _ in range(self.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            run()
            wall = min(wall, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - started_cpu)
        self.samples.setdefault(label, []).append(wall * 1000)
        self.cpu.setdefault(label, []).append(cpu * 1000)

    def row(self, label: str, *, cpu: bool = False) -> tuple[float, float, float]:
        values = sorted((self.cpu if cpu else self.samples)[label])
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return statistics.median(values), p95, values[-1]


@dataclass
class Accuracy:
    queries: int = 0
    expected: int = 0
    found: int = 0
    correct: int = 0
    exact_queries: int = 0
    totals_checked: int = 0
    totals_exact: int = 0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def measure_speed(terms: list[str], using: str, repeat: int = 1) -> Timings:
    """p50/p95 of search() with audience filtering and of the raw engine query, per order."""
    timings = Timings(repeat)
    for term in terms:  # warm the caches once, untimed
        timings.totals.append(engine.raw_search(term, order="date", using=using).total or 0)
    for term in terms:
        for order in ("date", "relevance"):
            for name, audiences in (("anonymous", PUBLIC), ("staff", STAFF)):
                timings.time(
                    f"search() {order}, {name}",
                    lambda t=term, o=order, a=audiences: engine.search(t, audiences=a, order=o, using=using),  # type: ignore[misc]
                )
            timings.time(f"raw engine {order}", lambda t=term, o=order: engine.raw_search(t, order=o, using=using))  # type: ignore[misc]
    return timings


def measure_accuracy(
    terms: list[str], sample: list[engine.IndexedDocument], keys: dict[str, int], full: bool, using: str
) -> Accuracy:
    """Recall and precision of the index against a substring scan of the sample (the whole corpus if `full`).

    With the whole corpus, the totals of search() for anonymous users are also checked against the scan.
    """
    accuracy = Accuracy()
    texts = [(keys[doc.object_id], _normalised(doc), PUBLIC & set(doc.audiences)) for doc in sample]
    sample_keys = {key for key, _texts, _public in texts}
    for term in terms:
        needle = unicodedata.normalize("NFKC", term).lower()
        expected = {key for key, parts, _public in texts if any(needle in part for part in parts)}
        found = engine.matching_sort_keys(term, using=using) & sample_keys
        accuracy.queries += 1
        accuracy.expected += len(expected)
        accuracy.found += len(found)
        accuracy.correct += len(expected & found)
        accuracy.exact_queries += expected == found
        if full:
            visible = sum(1 for key, parts, public in texts if public and key in expected)
            accuracy.totals_checked += 1
            accuracy.totals_exact += engine.search(term, audiences=PUBLIC, limit=0, using=using).total == visible
    return accuracy
