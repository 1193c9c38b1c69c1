"""`gongkai benchmark`: the corpus builder and the floor view (nothing here is timed)."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import clear_url_caches

import gongkai.urls
from gongkai.catalog.models import Scope
from gongkai.disclosures import browse
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.visibility import audience_of
from gongkai.ops import benchmark
from gongkai.search.models import SearchDocument

SIZE = 50


def _find(user, org, term, pk):
    for number in range(1, 4):
        page = browse.search_items(user, org, term, browse.Filters(), order="date", page=number)
        if any(found.pk == pk for found in page.found):
            return True
        if not page.found:
            return False
    return False


def test_the_corpus_builder_makes_published_items_that_the_index_agrees_with(org, users):
    benchmark.build_corpus(SIZE, seed=7)
    items = list(Disclosure.objects.select_related("scope").order_by("pk"))
    assert len(items) == SIZE
    assert all(d.state == Disclosure.State.PUBLISHED and d.index_serial and d.published_at for d in items)
    assert len({(d.index_year, d.index_serial) for d in items}) == SIZE
    assert all(200 <= len(d.body_text) <= 3000 for d in items)
    assert Attachment.objects.exclude(text="").exists()
    assert {d.scope.kind for d in items} >= {Scope.Kind.PUBLIC, Scope.Kind.BUREAU}
    documents = {int(doc.object_id): doc for doc in SearchDocument.objects.filter(kind="disclosure")}
    assert set(documents) == {d.pk for d in items}
    anonymous = AnonymousUser()
    for item in items:
        assert documents[item.pk].audiences == audience_of(item.scope)
        term = item.title[2:4]  # the title is 关于<vocabulary term>…: a word of it
        assert _find(users["auditor"], org, term, item.pk), item.title
        assert _find(anonymous, org, term, item.pk) == (item.scope.kind == Scope.Kind.PUBLIC)


def test_recall_against_the_substring_scan_is_exact_on_the_built_corpus(org):
    benchmark.build_corpus(SIZE, seed=7)
    terms = [d.title[2:4] for d in Disclosure.objects.order_by("pk")[:10]] + ["党费", "公示", "的通知"]
    results = benchmark.measure_recall(org, terms, benchmark.readers(org))
    for tally in results.values():
        assert tally.expected > 0
        assert tally.correct == tally.expected == tally.found
        assert tally.totals_exact == tally.first_pages_clean == len(terms)


def test_the_floor_view_is_absent_by_default(db, client):
    assert client.get("/_bench/floor/").status_code == 404


@pytest.fixture
def benchmark_views(settings):
    settings.GONGKAI_BENCHMARK_VIEWS = True
    importlib.reload(gongkai.urls)
    clear_url_caches()
    yield
    settings.GONGKAI_BENCHMARK_VIEWS = False
    importlib.reload(gongkai.urls)
    clear_url_caches()


def test_the_floor_view_is_a_fixed_page_when_the_benchmark_mounts_it(
    db, benchmark_views, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/_bench/floor/")
    assert response.status_code == 200 and 4000 < len(response.content) < 6000


WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:8000/list/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.01ms    5.00ms  80.00ms   90.00%
  Latency Distribution
     50%  850.00us
     75%   22.00ms
     90%   25.00ms
     99%    1.20s
  24000 requests in 15.00s, 150.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1600.00
Transfer/sec:     10.00MB
"""


def test_wrk_output_is_read():
    assert benchmark.parse_wrk(WRK_OUTPUT) == (1600.0, 0.85, 1200.0, 3, 24000)


def test_a_rerun_replaces_only_its_own_block(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\n## Search\n\nkept\n", encoding="utf-8")
    benchmark.update_document(path, 10, benchmark.size_block(10, ["first"]), "## Platform")
    benchmark.update_document(path, 20, benchmark.size_block(20, ["other"]), "## Platform")
    benchmark.update_document(path, 10, benchmark.size_block(10, ["second"]), "## Platform")
    text = path.read_text(encoding="utf-8")
    assert "kept" in text and "second" in text and "other" in text and "first" not in text
    assert text.count("## Platform") == 1 and text.index("second") < text.index("other")
