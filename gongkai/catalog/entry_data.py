"""An entry's content as plain data: read from an entry, validated, written, kept in a change request (JSON)
and frozen in a version snapshot (names, for reading and comparing).

The same validation serves a draft's edit, a change request and its application on approval.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.catalog.audience import form_scope_error
from gongkai.catalog.models import (
    Catalog,
    Category,
    Entry,
    Form,
    RetentionPeriod,
    Scope,
    Stage,
    entry_parameter_errors,
    stage_date_error,
)
from gongkai.org.models import Department, PartyOrganisation

REFERENCES: dict[str, type[Any]] = {
    "category": Category,
    "department": Department,
    "scope": Scope,
    "retention": RetentionPeriod,
    "issuer": PartyOrganisation,  # optional: the catalog's party organisation when empty
}
PLAIN = [
    "code",
    "title",
    "description",
    "time_type",
    "period",
    "due_workdays",
    "review_month",
    "publicity_workdays",
    "crosses_year",
    "order",
]
REQUIRED = {
    "code": gettext_lazy("编号"),
    "title": gettext_lazy("公开事项"),
    "category": gettext_lazy("内容类别"),
    "department": gettext_lazy("责任科室"),
    "scope": gettext_lazy("公开范围"),
    "retention": gettext_lazy("保管期限"),
    "time_type": gettext_lazy("公开时限"),
}


def from_entry(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(entry, name) for name in PLAIN}
    data.update({name: getattr(entry, name) for name in REFERENCES})
    data["work_ends_on"] = entry.work_ends_on
    data["forms"] = list(entry.forms.all()) if entry.pk else []
    data["stages"] = [(s.name, s.planned_on) for s in entry.stages.all()] if entry.pk else []
    data["status"] = entry.status
    data["out_of_catalog"] = entry.out_of_catalog
    return data


def _missing(data: dict[str, Any]) -> dict[str, str]:
    return {
        name: _("请填写%(field)s。") % {"field": label}
        for name, label in REQUIRED.items()
        if data.get(name) in (None, "", [])
    }


def _foreign(catalog: Catalog, data: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name in REFERENCES:
        value = data.get(name)
        if value is not None and getattr(value, "organisation_id", None) != catalog.organisation_id:
            errors[name] = _("所选内容不属于本机构。")
    for form in data.get("forms") or []:
        if form.organisation_id != catalog.organisation_id:
            errors["forms"] = _("所选公开形式不属于本机构。")
    if not data.get("forms"):
        errors["forms"] = _("请至少选择一种公开形式。")
    elif unfit := form_scope_error(data["forms"], data.get("scope")):
        errors["forms"] = unfit
    return errors


def _stages(catalog: Catalog, data: dict[str, Any]) -> dict[str, str]:
    stages = data.get("stages") or []
    if data.get("time_type") == Entry.TimeType.PHASED and not stages:
        return {"stages": _("分期公开事项至少需要一个阶段。")}
    if data.get("time_type") != Entry.TimeType.PHASED and stages:
        return {"stages": _("只有分期公开事项可以设置阶段。")}
    for name, planned_on in stages:
        if not str(name).strip():
            return {"stages": _("请填写阶段名称。")}
        problem = stage_date_error(planned_on, year=catalog.year, crosses_year=bool(data.get("crosses_year")))
        if problem:
            return {"stages": f"{name}：{problem}"}
    return {}


def _code_taken(catalog: Catalog, data: dict[str, Any], existing: Entry | None) -> dict[str, str]:
    clash = catalog.entries.filter(code=data.get("code"))
    if existing is not None and existing.pk:
        clash = clash.exclude(pk=existing.pk)
    return {"code": _("本目录中已有编号为 %(code)s 的事项。") % {"code": data["code"]}} if clash.exists() else {}


def validate(catalog: Catalog, data: dict[str, Any], *, existing: Entry | None = None) -> None:
    """Raise ValidationError with a Chinese message per field for anything impossible."""
    errors = _missing(data)
    if not errors:
        errors.update(_foreign(catalog, data))
        errors.update(entry_parameter_errors(_Params(data), year=catalog.year))
        errors.update(_stages(catalog, data))
        errors.update(_code_taken(catalog, data, existing))
    if errors:
        raise ValidationError(errors)


class _Params:
    """The time parameters of `data`, with the attribute names `entry_parameter_errors` reads."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.time_type = data.get("time_type")
        self.period = data.get("period") or ""
        self.due_workdays = data.get("due_workdays")
        self.publicity_workdays = data.get("publicity_workdays")
        self.crosses_year = bool(data.get("crosses_year"))
        self.work_ends_on = data.get("work_ends_on")


def write(entry: Entry, data: dict[str, Any]) -> Entry:
    """Set the entry's fields from validated data and save it with its forms and stages."""
    for name in PLAIN:
        if name in data:
            setattr(entry, name, data[name])
    for name in REFERENCES:
        setattr(entry, name, data.get(name))
    entry.period = data.get("period") or (Entry.Period.QUARTERLY if entry.time_type == Entry.TimeType.PERIODIC else "")
    entry.description = data.get("description") or ""
    entry.work_ends_on = data.get("work_ends_on")
    due = data.get("due_workdays")
    entry.due_workdays = 5 if due is None else int(due)
    entry.review_month = data.get("review_month") or 12
    entry.order = data.get("order") or 0
    if "out_of_catalog" in data:
        entry.out_of_catalog = bool(data["out_of_catalog"])
    entry.save()
    entry.forms.set(data.get("forms") or [])
    entry.stages.all().delete()
    Stage.objects.bulk_create(
        Stage(entry=entry, order=i, name=str(name).strip(), planned_on=day)
        for i, (name, day) in enumerate(data.get("stages") or [], start=1)
    )
    return entry


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    plain = {name: data.get(name) for name in PLAIN}
    plain.update({name: getattr(data.get(name), "pk", None) for name in REFERENCES})
    plain["forms"] = [f.pk for f in data.get("forms") or []]
    plain["work_ends_on"] = data["work_ends_on"].isoformat() if data.get("work_ends_on") else None
    plain["stages"] = [[str(name), day.isoformat()] for name, day in data.get("stages") or []]
    return plain


def from_json(catalog: Catalog, stored: dict[str, Any]) -> dict[str, Any]:
    data = {name: stored.get(name) for name in PLAIN}
    org = catalog.organisation_id
    for name, model in REFERENCES.items():
        data[name] = model.objects.filter(pk=stored.get(name), organisation_id=org).first()
    data["forms"] = list(Form.objects.filter(pk__in=stored.get("forms") or [], organisation_id=org))
    ends = stored.get("work_ends_on")
    data["work_ends_on"] = datetime.date.fromisoformat(ends) if ends else None
    data["stages"] = [(name, datetime.date.fromisoformat(day)) for name, day in stored.get("stages") or []]
    return data


def _name(value: Any) -> str | None:
    return None if value is None else str(value)


def describe(data: dict[str, Any]) -> dict[str, Any]:
    """The entry as people read it, for version snapshots and comparisons."""
    time_type = data.get("time_type") or ""
    return {
        "code": data.get("code"),
        "title": data.get("title"),
        "description": data.get("description") or "",
        "category": _name(data.get("category")),
        "department": _name(data.get("department")),
        "forms": [str(f) for f in data.get("forms") or []],
        "scope": _name(data.get("scope")),
        "retention": _name(data.get("retention")),
        "issuer": _name(data.get("issuer")),
        "time_type": str(Entry.TimeType(time_type).label) if time_type else "",
        "time_detail": time_detail(data),
        "stages": [f"{name}（{day:%Y-%m-%d}）" for name, day in data.get("stages") or []],
        "status": str(Entry.Status(data.get("status") or Entry.Status.ACTIVE).label),
        "out_of_catalog": bool(data.get("out_of_catalog")),
    }


def time_detail(data: dict[str, Any]) -> str:
    """The time limit in words, e.g. 每季度，周期结束后5个工作日内."""
    time_type, due = data.get("time_type"), data.get("due_workdays")
    if time_type == Entry.TimeType.PERIODIC:
        period = Entry.Period(data.get("period") or Entry.Period.QUARTERLY).label
        return _("%(period)s，周期结束后%(due)s个工作日内") % {"period": period, "due": due}
    if time_type == Entry.TimeType.IMMEDIATE:
        text = _("事件发生后%(due)s个工作日内") % {"due": due}
        if data.get("publicity_workdays"):
            text += _("，公示期不少于%(n)s个工作日") % {"n": data["publicity_workdays"]}
        return text
    if time_type == Entry.TimeType.PHASED:
        text = _("按阶段，各阶段计划日期后%(due)s个工作日内") % {"due": due}
        if data.get("crosses_year") and data.get("work_ends_on"):
            text += _("；跨年度，工作结束（%(end)s）后总结性公开") % {"end": data["work_ends_on"]}
        return text
    if time_type == Entry.TimeType.LONG_TERM:
        return _("长期公开，每年%(month)s月复核") % {"month": data.get("review_month") or 12}
    return ""
