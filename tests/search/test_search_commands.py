"""The search index command, and what PostgreSQL stores for documents beyond tsvector's limits."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.search.engine import search
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_check_passes_on_a_fresh_index_and_rebuild_keeps_results(index):
    index("a", title="立卷归档目录")
    out = io.StringIO()
    call_command("search_index", "check", stdout=out)
    assert "一致" in out.getvalue()
    call_command("search_index", "rebuild", stdout=out)
    call_command("search_index", "optimize", stdout=out)
    assert "1 篇文档" in out.getvalue()
    assert search("归档", audiences={"public"}).total == 1


def test_check_fails_when_documents_were_indexed_by_another_tokenizer(index):
    index("a", title="立卷归档目录")
    SearchDocument.objects.update(tokenizer="bigram-0")
    with pytest.raises(CommandError, match="1 篇文档由旧的分词版本索引"):
        call_command("search_index", "check")
    call_command("search_index", "rebuild", stdout=io.StringIO())
    call_command("search_index", "check", stdout=io.StringIO())


@pytest.mark.postgres
def test_postgres_keeps_positions_for_ordinary_documents_and_exact_text_for_long_ones(index):
    index("short", title="党费公示", body="党费收缴情况。")
    index("long", title="年度报告", body="有关工作，" * 4000)
    index("repetitive", title="重复", body="党费" * 300)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, exact_text IS NOT NULL, length(tsv::text) FROM search_searchdocument ORDER BY object_id"
        )
        rows = {object_id: exact for object_id, exact, _length in cursor.fetchall()}
    assert rows == {"long": True, "repetitive": True, "short": False}
