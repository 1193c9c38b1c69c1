"""What the search engine stores: one row per searchable item, as the caller gave it.

The full-text index lives beside these rows and is written only by `gongkai.search.engine`:
on SQLite the contentless FTS5 table `search_fts` (its rowid is `sort_key`), on PostgreSQL the columns `tsv`
(GIN-indexed) and `exact_text` of this very table. Both are created by migration 0002, outside the ORM.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(_("类型"), max_length=40)
    object_id = models.CharField(_("对象编号"), max_length=64)
    title = models.TextField(_("标题"))
    body = models.TextField(_("正文"), blank=True)
    extra = models.TextField(_("附件文字"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=64, blank=True)
    department = models.CharField(_("部门"), max_length=64, blank=True)
    forms = models.TextField(_("公开形式"), blank=True, help_text=_("以空格分隔的键。"))
    audiences = models.TextField(_("可见范围"), help_text=_("以空格分隔的键；与检索人的键有交集才可见。"))
    # Publication order as a unique integer: newest first is the index's own order (FTS5 rowid DESC).
    sort_key = models.BigIntegerField(_("排序键"), unique=True)
    tokenizer = models.CharField(_("分词版本"), max_length=40)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_key")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def form_keys(self) -> list[str]:
        return self.forms.split()

    @property
    def audience_keys(self) -> list[str]:
        return self.audiences.split()
