"""The benchmark's corpus and measurements, on a tiny corpus (no timing is asserted)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from gongkai.search import bench
from gongkai.search.engine import index_documents
from gongkai.search.models import SearchDocument


def test_the_corpus_is_reproducible_and_looks_like_party_affairs_text():
    first = list(bench.Corpus(30, seed=5).documents())
    again = list(bench.Corpus(30, seed=5).documents())
    assert first == again
    assert all(10 <= len(doc.title) <= 30 and 200 <= len(doc.body) <= 3000 for doc in first)
    assert any(doc.extra for doc in first)
    assert {tuple(doc.audiences) for doc in first} >= {("public",), ("org:bench",)}
    assert any(term in doc.body for doc in first for term in bench.VOCABULARY)


@pytest.mark.django_db
def test_recall_and_precision_are_measured_against_a_substring_scan():
    sample = list(bench.Corpus(40, seed=9).documents())
    index_documents(sample)
    keys = dict(SearchDocument.objects.values_list("object_id", "sort_key"))
    terms = bench.queries(sample, 20, seed=9)
    accuracy = bench.measure_accuracy(terms, sample, keys, True, "default")
    assert (accuracy.recall, accuracy.precision, accuracy.exact_queries) == (1.0, 1.0, 20)
    assert accuracy.totals_exact == accuracy.totals_checked == 20
    timings = bench.measure_speed(terms[:3], "default")
    assert len(timings.samples["search() date, staff"]) == 3


@pytest.mark.django_db(databases=["default"])
def test_the_command_refuses_a_database_that_is_not_a_bench_database(tmp_path):
    with pytest.raises(CommandError, match="must contain 'bench'"):
        call_command("bench_search", "--size", "5", "--database-url", f"sqlite:///{tmp_path}/gongkai.sqlite3")


def test_the_command_builds_measures_and_reports(tmp_path, django_db_blocker):
    out = io.StringIO()
    report = tmp_path / "report.md"
    url = f"sqlite:///{tmp_path}/search-bench.sqlite3"
    args = ["--size", "40", "--queries", "8", "--database-url", url, "--output", str(report)]
    try:
        with django_db_blocker.unblock():  # the command's own throwaway database, not the test database
            call_command("bench_search", *args, stdout=out, stderr=io.StringIO())
    finally:
        if "bench" in connections.settings:
            connections["bench"].close()
            del connections["bench"]
            del connections.settings["bench"]
    text = report.read_text(encoding="utf-8")
    assert text.strip() == out.getvalue().strip()
    assert "| search() date, anonymous |" in text and "recall 1.0000, precision 1.0000" in text
