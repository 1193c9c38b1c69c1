"""The search engine through its API: visibility, filters, order, paging, updates, bad input, highlighting.

Every test here runs on SQLite and on PostgreSQL (`make test` runs the suite on both).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.utils import translation
from search_docs import BASE_TIME, make_doc

from gongkai.search.engine import (
    MAX_LIMIT,
    index_document,
    index_documents,
    matching_sort_keys,
    raw_search,
    rebuild_if_stale,
    rebuild_index,
    remove_document,
    remove_kind,
    search,
    stale_count,
)
from gongkai.search.models import SearchDocument
from gongkai.search.tokens import MAX_QUERY_CHARS

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PUBLIC = {"public"}
STAFF = {"public", "org:zsj", "party:zsj", "dept:5", "user:12"}


def ids(results):
    return [hit.object_id for hit in results.hits]


# --- visibility ------------------------------------------------------------------------------------------------


def test_an_internal_document_never_reaches_the_public(index):
    index("pub", title="党费收缴情况公示", body="本季度党费已收缴。")
    index("int", title="内部党费台账", body="党费明细：张三 300 元。", audiences=["org:zsj"])
    public = search("党费", audiences=PUBLIC)
    assert public.total == 1 and ids(public) == ["pub"]
    rendered = " ".join(h.title_html + h.snippet_html for h in public.hits)
    assert "内部" not in rendered and "张三" not in rendered
    assert search("台账", audiences=PUBLIC).total == 0
    assert search("台账", audiences=STAFF).total == 1


def test_a_document_is_found_by_any_one_shared_audience_key(index):
    index("dept", title="科室工作安排", audiences=["dept:5", "user:99"])
    index("user", title="个人工作安排", audiences=["user:12"])
    index("other", title="他人工作安排", audiences=["dept:6", "user:13"])
    assert sorted(ids(search("工作安排", audiences=STAFF))) == ["dept", "user"]
    assert search("工作安排", audiences=STAFF).total == 2


@pytest.mark.parametrize("audiences", [set(), [], ["", " "], ["nobody"]])
def test_no_usable_audience_key_finds_nothing(index, audiences):
    index("a", title="党费公示")
    results = search("党费", audiences=audiences)
    assert results.total == 0 and results.hits == [] and results.query_error == ""


def test_visibility_counts_hold_across_pages(index):
    index_documents(
        [make_doc(f"p{n}", title=f"招商公告{n}", published_at=BASE_TIME + datetime.timedelta(days=n)) for n in range(7)]
        + [make_doc(f"i{n}", title=f"招商内部{n}", audiences=["org:zsj"], published_at=BASE_TIME) for n in range(5)]
    )
    seen = []
    for offset in range(0, 10, 3):
        page = search("招商", audiences=PUBLIC, order="date", offset=offset, limit=3)
        assert page.total == 7
        seen += ids(page)
    assert seen == [f"p{n}" for n in reversed(range(7))]


# --- filters ---------------------------------------------------------------------------------------------------


@pytest.fixture
def filtered(index):
    index("a", title="选举结果公示", year=2025, category="organisation", department="dept:1", forms=["website"])
    index(
        "b", title="选举工作方案", year=2026, category="organisation", department="dept:2", forms=("board", "meeting")
    )
    index("c", title="选举会议纪要", year=2026, category="decisions", department="dept:1", forms=["meeting"])
    index("d", kind="request", title="关于选举的申请答复", year=2026, category="other", department="dept:1")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a", "b", "c", "d"]),
        ({"year": 2026}, ["b", "c", "d"]),
        ({"year": 2025}, ["a"]),
        ({"year": 1999}, []),
        ({"category": "organisation"}, ["a", "b"]),
        ({"department": "dept:1"}, ["a", "c", "d"]),
        ({"form": "meeting"}, ["b", "c"]),
        ({"kinds": ["request"]}, ["d"]),
        ({"kinds": ["disclosure", "request"]}, ["a", "b", "c", "d"]),
        ({"kinds": []}, []),
        ({"year": 2026, "department": "dept:1", "form": "meeting"}, ["c"]),
        ({"category": "", "department": None}, ["a", "b", "c", "d"]),
        ({"year": -3}, []),
        ({"year": 10**12}, []),
    ],
)
def test_filters(filtered, filters, expected):
    results = search("选举", audiences=PUBLIC, **filters)
    assert sorted(ids(results)) == expected and results.total == len(expected)


# --- order -----------------------------------------------------------------------------------------------------


def test_date_order_is_newest_first(index):
    for day in (3, 1, 5, 2, 4):
        index(f"d{day}", title="信访事项处理情况", published_at=BASE_TIME + datetime.timedelta(days=day))
    assert ids(search("信访", audiences=PUBLIC, order="date")) == ["d5", "d4", "d3", "d2", "d1"]


def test_documents_published_at_the_same_moment_all_appear_newest_indexed_first(index):
    for n in range(5):
        index(f"same{n}", title="同一时刻的公示")
    results = search("公示", audiences=PUBLIC, order="date")
    assert ids(results) == ["same4", "same3", "same2", "same1", "same0"]
    assert len(set(SearchDocument.objects.values_list("sort_key", flat=True))) == 5


def test_relevance_puts_a_title_match_before_a_body_match(index):
    index("body", title="工作通知", body="请各科室做好民主生活会准备工作。", published_at=BASE_TIME)
    index("title", title="民主生活会通知", body="请各科室做好准备工作。", published_at=BASE_TIME - 9 * DAY)
    results = search("民主生活会", audiences=PUBLIC, order="relevance")
    assert ids(results) == ["title", "body"]
    assert results.hits[0].score > results.hits[1].score > 0


def test_both_orders_find_the_same_documents(index):
    for n in range(12):
        index(f"n{n}", title=f"党风廉政建设{'工作' * (n % 3)}", published_at=BASE_TIME + datetime.timedelta(hours=n))
    by_date = search("廉政", audiences=PUBLIC, order="date", limit=50)
    by_relevance = search("廉政", audiences=PUBLIC, order="relevance", limit=50)
    assert by_date.total == by_relevance.total == 12
    assert sorted(ids(by_date)) == sorted(ids(by_relevance))


def test_an_unknown_order_falls_back_to_relevance(index):
    index("a", title="公示")
    assert search("公示", audiences=PUBLIC, order="sideways").order == "relevance"  # type: ignore[arg-type]


# --- paging ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "limit", "expected_offset", "expected_limit", "hits"),
    [
        (0, 20, 0, 20, 5),
        (3, 20, 3, 20, 2),
        (5, 20, 5, 20, 0),
        (10**30, 20, 1_000_000, 20, 0),
        (-7, 20, 0, 20, 5),
        (0, 0, 0, 0, 0),
        (0, -1, 0, 0, 0),
        (0, 10**9, 0, MAX_LIMIT, 5),
        ("x", "y", 0, 0, 0),
    ],
)
def test_out_of_range_paging_is_clamped(index, offset, limit, expected_offset, expected_limit, hits):
    for n in range(5):
        index(f"p{n}", title="换届选举公告", published_at=BASE_TIME + datetime.timedelta(minutes=n))
    for order in ("date", "relevance"):
        results = search("换届选举", audiences=PUBLIC, order=order, offset=offset, limit=limit)
        assert (results.offset, results.limit, len(results.hits), results.total) == (
            expected_offset,
            expected_limit,
            hits,
            5,
        )


# --- writing ---------------------------------------------------------------------------------------------------


def test_remove_makes_a_document_disappear_at_once(index):
    index("gone", title="干部任前公示", body="拟任人选公示。")
    index("kept", title="干部考察预告")
    assert search("干部", audiences=PUBLIC).total == 2
    remove_document("disclosure", "gone")
    assert ids(search("干部", audiences=PUBLIC)) == ["kept"]
    assert search("任前", audiences=PUBLIC).total == 0
    remove_document("disclosure", "never-indexed")  # no error


def test_remove_kind_removes_only_that_kind(index):
    index("a", title="意见建议答复")
    index("b", kind="feedback", title="意见建议一")
    index("c", kind="feedback", title="意见建议二")
    remove_kind("feedback")
    assert ids(search("意见建议", audiences=PUBLIC)) == ["a"]


def test_reindexing_replaces_text_audiences_and_date(index):
    index("x", title="旧标题招商", body="旧正文", audiences=["public"])
    index("y", title="另一篇标题招商", published_at=BASE_TIME + datetime.timedelta(days=1))
    index("x", title="新标题信访", body="新正文", audiences=["org:zsj"], published_at=BASE_TIME + 2 * DAY)
    assert SearchDocument.objects.filter(kind="disclosure", object_id="x").count() == 1
    assert ids(search("招商", audiences=STAFF)) == ["y"]
    assert search("旧正文", audiences=STAFF).total == 0
    assert search("信访", audiences=PUBLIC).total == 0
    assert ids(search("标题", audiences=STAFF, order="date")) == ["x", "y"]
    index("x", title="新标题信访", body="新正文", audiences=["public"], published_at=BASE_TIME)
    assert ids(search("标题", audiences=STAFF, order="date")) == ["y", "x"]


def test_index_writes_belong_to_the_callers_transaction(index):
    index("kept", title="保密审查记录")
    with pytest.raises(RuntimeError), transaction.atomic():
        index_document(make_doc("rolled-back", title="保密审查结论"))
        remove_document("disclosure", "kept")
        raise RuntimeError("the caller's change failed")
    assert ids(search("保密审查", audiences=PUBLIC)) == ["kept"]


def test_a_batch_with_a_repeated_key_keeps_the_last(db):
    index_documents([make_doc("r", title="第一稿公示"), make_doc("r", title="第二稿公示")])
    assert [h.title for h in search("公示", audiences=PUBLIC).hits] == ["第二稿公示"]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": ""},
        {"kind": "k" * 41},
        {"kind": "padded "},
        {"audiences": "public"},
        {"audiences": ["org zsj"]},
        {"forms": [""]},
        {"category": "a b"},
        {"year": 0},
    ],
)
def test_malformed_documents_are_refused_by_the_caller_not_stored(db, fields):
    with pytest.raises(ValueError):
        index_document(make_doc("bad", **fields))
    assert not SearchDocument.objects.exists()


def test_nul_bytes_and_lone_surrogates_in_text_are_made_storable(index):
    index("nul", title="党费\x00公示", body="正文\ud800内容")
    assert ids(search("党费公示", audiences=PUBLIC)) == ["nul"]


def test_a_naive_published_at_is_read_in_local_time(index):
    index("naive", title="年度考核结果", published_at=datetime.datetime(2026, 1, 1, 0, 30))
    hit = search("年度考核", audiences=PUBLIC).hits[0]
    assert hit.year == 2026 and hit.published_at.tzinfo is not None


def test_rebuild_restores_the_same_results(index):
    index("a", title="中心组学习", body="学习纪要", audiences=["org:zsj"])
    index("b", title="主题党日活动", body="党员参加学习")
    before = [(ids(search(q, audiences=STAFF)), search(q, audiences=PUBLIC).total) for q in ("学习", "党日", "纪要")]
    assert rebuild_index() == 2
    after = [(ids(search(q, audiences=STAFF)), search(q, audiences=PUBLIC).total) for q in ("学习", "党日", "纪要")]
    assert before == after and stale_count() == 0


def test_rebuild_if_stale_rebuilds_only_an_index_of_another_tokenizer(index):
    index("a", title="中心组学习", body="学习纪要")
    assert rebuild_if_stale() == 0
    SearchDocument.objects.update(tokenizer="bigram-1/unicode-0")
    assert stale_count() == 1
    assert rebuild_if_stale() == 1
    assert stale_count() == 0 and rebuild_if_stale() == 0
    assert ids(search("组学", audiences=PUBLIC, kinds=["disclosure"])) == ["a"]


def test_a_kind_filter_and_an_audience_must_hold_for_the_same_document(index):
    index("request", kind="request", title="选举申请答复")  # public, but of another kind
    index("internal", title="选举工作方案", audiences=["org:zsj"])  # the kind asked for, but not public
    assert search("选举", audiences=PUBLIC, kinds=["disclosure"]).total == 0
    assert ids(search("选举", audiences=STAFF, kinds=["disclosure"])) == ["internal"]
    assert ids(search("选举", audiences=PUBLIC)) == ["request"]


# --- long documents (beyond tsvector's position limits on PostgreSQL) ---------------------------------------


def test_a_long_attachment_is_searched_exactly_to_its_end(index):
    filler = "有关工作，" * 4000  # 20,000 characters: positions beyond 16383
    index("long", title="年度报告", body="开头", extra=filler + "末尾的换届选举结果。")
    assert ids(search("换届选举", audiences=PUBLIC)) == ["long"]
    assert search("届选举结", audiences=PUBLIC).total == 1
    assert search("工作有关", audiences=PUBLIC).total == 0  # "，" separates them every time
    assert search("选举换届", audiences=PUBLIC).total == 0


def test_a_bigram_repeated_hundreds_of_times_keeps_phrases_exact(index):
    index("rep", title="重复", body="党费" * 300 + "公示")
    assert search("费党费", audiences=PUBLIC).total == 1
    assert search("党费公示", audiences=PUBLIC).total == 1
    assert search("党费费", audiences=PUBLIC).total == 0
    assert search("公示党", audiences=PUBLIC).total == 0


# --- bad input -------------------------------------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "\x00",
    "\x00党费\x00",
    "党" * 10_000,
    "a" * 10_000,
    '"',
    '""',
    '"党费',
    "*",
    "党*",
    "NEAR",
    "NEAR(党费 公示, 2)",
    "OR",
    "AND",
    "NOT",
    "党费 OR 公示",
    "党费 NOT 公示",
    "(",
    ")",
    "(党费",
    "'; DROP TABLE search_fts; --",
    "'; DROP TABLE search_searchdocument; --",
    "^",
    "^党费",
    ":",
    "title:党费",
    "{title body}: 党费",
    "tags : aud7075626c6963",
    "-",
    "-党费",
    "党费 -公示",
    "%",
    "%s",
    "%(x)s",
    "\\",
    "'",
    "''",
    "党费'公示",
    "!党费 & 公示 | 招商 <-> 选举",
    "'党费':*",
    "😀",
    "😀党费😀",
    "黨費",
    "\u202e党费",
    "\ud800",
    "\u200b\ufeff",
    "\x1b[31m党费",
    "<script>alert(1)</script>",
    "ＳＥＬＥＣＴ * ＦＲＯＭ",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_never_raises(index, query):
    index("a", title="党费收缴公示", body="党费<script>公示</script>招商选举")
    for order in ("relevance", "date"):
        for audiences in (PUBLIC, STAFF):
            results = search(query, audiences=audiences, order=order)
            assert results.total >= 0
            assert results.total == 0 or results.hits
            assert results.query_error or results.query
            assert len(results.query) <= MAX_QUERY_CHARS
            for hit in results.hits:
                assert "<script>" not in hit.title_html + hit.snippet_html
    assert raw_search(query, order="date").total is not None
    assert isinstance(matching_sort_keys(query), set)


def test_the_index_survives_sql_in_queries(index):
    index("a", title="党费公示")
    search("'; DROP TABLE search_fts; --", audiences=PUBLIC)
    search('党费" OR 1=1 --', audiences=PUBLIC)
    assert search("党费", audiences=PUBLIC).total == 1
    assert SearchDocument.objects.count() == 1


@pytest.mark.parametrize("query", ["", "  \x00  ", "\u200b"])
def test_an_empty_query_asks_for_text(db, query):
    results = search(query, audiences=PUBLIC)
    assert results.query_error == "请输入要检索的文字。" and results.total == 0


def test_a_query_of_symbols_only_explains_itself(db):
    results = search("？！“”😀", audiences=PUBLIC)
    assert "标点和符号不参与检索" in results.query_error and results.total == 0


def test_a_long_query_is_cut_and_says_so(index):
    index("a", title="党费公示")
    results = search("党费" + "。" * 10_000, audiences=PUBLIC)
    assert results.total == 1
    assert results.notices == (f"检索词过长，只按前 {MAX_QUERY_CHARS} 个字符检索。",)


def test_operators_are_literal_text(index):
    index("a", title="党费 OR 公示")
    index("b", title="党费和公示")
    assert ids(search("党费 OR 公示", audiences=PUBLIC)) == ["a"]
    assert sorted(ids(search("党费 公示", audiences=PUBLIC))) == ["a", "b"]


def test_traditional_characters_match_traditional_text_only(index):
    index("t", title="黨費收繳")
    index("s", title="党费收缴")
    assert ids(search("黨費", audiences=PUBLIC)) == ["t"]
    assert ids(search("党费", audiences=PUBLIC)) == ["s"]


def test_full_width_and_case_variants_match(index):
    index("w", title="ＰＤＦ格式的2026年报告")
    assert ids(search("pdf", audiences=PUBLIC)) == ["w"]
    assert ids(search("２０２６", audiences=PUBLIC)) == ["w"]


def test_words_match_whole_words_only(index):
    index("w", title="party 活动")
    assert search("part", audiences=PUBLIC).total == 0
    assert search("PARTY", audiences=PUBLIC).total == 1


# --- highlighting ----------------------------------------------------------------------------------------------


def test_highlighting_escapes_html_and_marks_every_occurrence(index):
    index("h", title="<b>党费</b>公示 & 说明", body='正文<script>alert("党费")</script>结束')
    hit = search("党费", audiences=PUBLIC).hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>党费</mark>&lt;/b&gt;公示 &amp; 说明"
    assert hit.snippet_html == "正文&lt;script&gt;alert(&quot;<mark>党费</mark>&quot;)&lt;/script&gt;结束"


def test_highlighting_marks_the_original_characters_of_a_normalised_match(index):
    index("f", title="ＰＤＦ文件", body="附件为ＰＤＦ文件。")
    hit = search("pdf", audiences=PUBLIC).hits[0]
    assert hit.title_html == "<mark>ＰＤＦ</mark>文件"
    assert "<mark>ＰＤＦ</mark>" in hit.snippet_html


def test_highlighting_survives_characters_that_change_length(index):
    index("l", title="㈠党费收缴", body="第㈠项：ﬁnance 党费收缴情况")
    hit = search("党费", audiences=PUBLIC).hits[0]
    assert hit.title_html == "㈠<mark>党费</mark>收缴"
    assert "<mark>党费</mark>收缴情况" in hit.snippet_html


def test_the_snippet_is_cut_around_the_first_match(index):
    body = "前文" * 200 + "信访事项已办结。" + "后文" * 200
    index("s", title="通知", body=body)
    snippet = search("信访", audiences=PUBLIC).hits[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>信访</mark>事项已办结" in snippet
    assert len(snippet) < 200


def test_the_snippet_comes_from_the_attachment_when_the_body_does_not_match(index):
    index("s", title="通知", body="见附件。", extra="附件：述职述廉报告全文")
    assert "<mark>述职述廉</mark>" in search("述职述廉", audiences=PUBLIC).hits[0].snippet_html


def test_a_title_only_match_shows_the_start_of_the_body(index):
    index("s", title="民主评议党员结果", body="经支部大会讨论，结果如下。")
    hit = search("民主评议", audiences=PUBLIC).hits[0]
    assert hit.snippet_html == "经支部大会讨论，结果如下。"


def test_one_character_queries_find_every_occurrence(index):
    index("mid", title="加强党建")
    index("end", title="我们的党")
    index("none", title="政府采购")
    results = search("党", audiences=PUBLIC)
    assert sorted(ids(results)) == ["end", "mid"]
    assert {h.title_html for h in results.hits} == {"加强<mark>党</mark>建", "我们的<mark>党</mark>"}


def test_the_engine_in_use_matches_the_connection(db):
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.postgres
def test_search_leaves_the_postgres_planner_settings_as_it_found_them(index):
    index("a", title="党费公示")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        assert search("党费", audiences=PUBLIC).total == 1
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        assert cursor.fetchone() == ("on", "off")


def test_messages_follow_the_active_language(db):
    with translation.override("en"):
        assert search("", audiences=PUBLIC).query_error == "Please enter the text to search for."
    with translation.override("zh-hans"):
        assert search("", audiences=PUBLIC).query_error == "请输入要检索的文字。"


def test_relevance_pages_agree_however_deep(db):
    index_documents(
        [
            make_doc(f"r{n}", title="述职" if n % 7 == 0 else "报告", body="述职" * (n % 5 + 1) + "内容" * (n % 11))
            for n in range(260)
        ]
    )
    shallow = search("述职", audiences=PUBLIC, order="relevance", offset=180, limit=20)
    deep = search("述职", audiences=PUBLIC, order="relevance", offset=190, limit=20)
    assert shallow.total == deep.total == 260
    assert ids(shallow)[10:] == ids(deep)[:10]
    everything = [h.object_id for o in range(0, 260, 20) for h in search("述职", audiences=PUBLIC, offset=o).hits]
    assert sorted(everything) == sorted(f"r{n}" for n in range(260))
