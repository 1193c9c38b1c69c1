from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("全文检索")

    def ready(self) -> None:
        post_migrate.connect(_clear_orphaned_index, sender=self)


def _clear_orphaned_index(using: str = "default", **kwargs: Any) -> None:
    """After `flush` (which also sends post_migrate), empty the FTS5 table if the documents are gone.

    `flush` deletes the rows of Django's tables only; on SQLite the FTS5 table lives outside them and would
    keep entries for documents that no longer exist. On PostgreSQL the index is part of the rows.
    """
    from gongkai.search.models import SearchDocument

    connection = connections[using]
    if connection.vendor != "sqlite" or "search_fts" not in connection.introspection.table_names():
        return
    if not SearchDocument.objects.using(using).exists():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
