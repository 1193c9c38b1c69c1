"""Comparing two approved versions of a catalog, entry by entry and field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.catalog import entry_data
from gongkai.catalog.models import ChangeRequest

FIELD_LABELS = {
    "title": _("公开事项"),
    "description": _("公开内容"),
    "category": _("内容类别"),
    "department": _("责任科室"),
    "forms": _("公开形式"),
    "scope": _("公开范围"),
    "retention": _("保管期限"),
    "issuer": _("发布党组织"),
    "time_type": _("公开时限"),
    "time_detail": _("时限要求"),
    "stages": _("公开阶段"),
    "status": _("状态"),
    "out_of_catalog": _("目录外事项"),
}


@dataclass
class EntryComparison:
    code: str
    title: str
    change: str  # added, removed, changed, same
    left: dict[str, Any] | None
    right: dict[str, Any] | None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


def _changed_fields(left: dict[str, Any], right: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [
        (str(label), left.get(key), right.get(key))
        for key, label in FIELD_LABELS.items()
        if left.get(key) != right.get(key)
    ]


def compare(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[EntryComparison]:
    """Every entry of either version, marked added, removed, changed or the same."""
    before = {e["code"]: e for e in left}
    after = {e["code"]: e for e in right}
    rows = []
    for code in sorted(set(before) | set(after)):
        old, new = before.get(code), after.get(code)
        if old is None:
            rows.append(EntryComparison(code, new["title"], "added", None, new))  # type: ignore[index]
        elif new is None:
            rows.append(EntryComparison(code, old["title"], "removed", old, None))
        else:
            changed = _changed_fields(old, new)
            rows.append(EntryComparison(code, new["title"], "changed" if changed else "same", old, new, changed))
    return rows


def describe_proposed(change: ChangeRequest) -> dict[str, Any] | None:
    if not change.proposed:
        return None
    return entry_data.describe(entry_data.from_json(change.catalog, change.proposed))
