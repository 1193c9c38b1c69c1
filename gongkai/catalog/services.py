"""Every change to a catalog, one function per business operation.

Each function checks the actor's right (`gongkai.org.permissions`) and the record's state, changes the rows,
writes the transition and the audit record — all in one transaction — and raises `Refused` (changing
nothing) when the step is not allowed. The caller (a view, a command, the API) only translates.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import diff, record, snapshot
from gongkai.catalog import authorship, entry_data, template
from gongkai.catalog.models import (
    Catalog,
    CatalogTransition,
    CatalogVersion,
    ChangeRequest,
    Entry,
    Fulfilment,
    Stage,
    TriggerEvent,
)
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.models import Body, Organisation, PartyOrganisation
from gongkai.org.roles import Role

S = Catalog.Status


def _locked(catalog: Catalog) -> Catalog:
    return Catalog.objects.select_for_update().get(pk=catalog.pk)


def _transition(catalog: Catalog, *, actor: Any, action: str, to: str, comment: str = "", role: Role) -> None:
    before = catalog.status
    catalog.status = to
    catalog.save()
    CatalogTransition.objects.create(
        catalog=catalog, action=action, from_status=before, to_status=to, actor=actor, comment=comment
    )
    record(
        actor=actor,
        role=role,
        action=f"catalog.{action}",
        target=catalog,
        changes={"status": [before, to]},
        note=comment,
    )


# --- the catalog of a year --------------------------------------------------------------------------------


def default_party_organisation(organisation: Organisation) -> PartyOrganisation:
    body = Body.objects.filter(organisation=organisation, kind=Body.Kind.PARTY_GROUP).first()
    if body is None or body.party_organisation is None:
        raise InvalidState(_("尚未设置党组（党委）及其对应的党组织，无法制定公开目录。"))
    return body.party_organisation


def catalog_create(*, actor: Any, organisation: Organisation, year: int, from_template: bool = True) -> Catalog:
    """Start a year's catalog. It begins as a copy of the last approved catalog before that year; with no
    such catalog, from gongkai's default catalog (when `from_template`), else empty."""
    require(permissions.may_draft_catalog(actor), _("只有领导小组办公室可以起草公开目录。"))
    if not 2000 <= year <= 2100:
        raise InvalidState(_("年度不正确。"))
    with transaction.atomic():
        if Catalog.objects.filter(organisation=organisation, year=year).exists():
            raise InvalidState(_("%(year)d年度的公开目录已经存在。") % {"year": year})
        source = (
            Catalog.objects.filter(organisation=organisation, status=S.APPROVED, year__lt=year)
            .order_by("-year")
            .first()
        )
        catalog = Catalog.objects.create(
            organisation=organisation,
            party_organisation=default_party_organisation(organisation),
            year=year,
            title=_("%(org)s%(year)d年度党务公开目录") % {"org": organisation.name, "year": year},
            created_by=actor,
            copied_from=source,
        )
        record(
            actor=actor,
            role=Role.OFFICE,
            action="catalog.create",
            target=catalog,
            changes=diff({}, snapshot(catalog)),
            note=_("复制自 %(src)s") % {"src": source} if source else "",
        )
        if source is not None:
            _copy_entries(source, catalog)
        elif from_template:
            _template_entries(catalog)
    return catalog


def _template_entries(catalog: Catalog) -> None:
    template.seed_reference_data(catalog.organisation)
    for order, item in enumerate(template.ENTRIES, start=1):
        data = template.entry_data_for(item, catalog.organisation, catalog.year, order)
        entry_data.validate(catalog, data)
        entry_data.write(Entry(catalog=catalog), data)


def _copy_entries(source: Catalog, target: Catalog) -> None:
    shift = target.year - source.year
    for entry in source.entries.filter(status=Entry.Status.ACTIVE).prefetch_related("forms", "stages"):
        data = entry_data.from_entry(entry)
        data["stages"] = [(name, _shift_year(day, shift)) for name, day in data["stages"]]
        data.update(cross_year_end(data, target.year))
        data["out_of_catalog"] = False
        entry_data.write(Entry(catalog=target), data)


def cross_year_end(data: dict[str, Any], year: int) -> dict[str, Any]:
    """A cross-year work keeps its real end date in the next year's copy (shifting it would invent a second,
    later summary). When the work ends within the new year it no longer crosses a year there: its summary is
    owed by the catalog that carried it across (one summary, at the real end)."""
    ends = data.get("work_ends_on")
    if not data.get("crosses_year") or ends is None:
        return {}
    return {"work_ends_on": ends, "crosses_year": ends.year > year}


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def entry_save(*, actor: Any, catalog: Catalog, data: dict[str, Any], entry: Entry | None = None) -> Entry:
    """Create or edit an entry of a catalog that is still a draft (or was returned)."""
    require(permissions.may_draft_catalog(actor), _("只有领导小组办公室可以编辑公开目录。"))
    with transaction.atomic():
        catalog = _locked(catalog)
        if not catalog.is_editable:
            raise InvalidState(_("已提交或已批准的目录不能直接修改；已批准的目录请提出变更申请。"))
        entry_data.validate(catalog, data, existing=entry)
        before = entry_data.describe(entry_data.from_entry(entry)) if entry else {}
        saved = entry_data.write(entry or Entry(catalog=catalog), data)
        after = entry_data.describe(entry_data.from_entry(saved))
        record(actor=actor, role=Role.OFFICE, action="catalog.entry_save", target=saved, changes=diff(before, after))
    return saved


def entry_delete(*, actor: Any, entry: Entry) -> None:
    require(permissions.may_draft_catalog(actor), _("只有领导小组办公室可以编辑公开目录。"))
    with transaction.atomic():
        catalog = _locked(entry.catalog)
        if not catalog.is_editable:
            raise InvalidState(_("已提交或已批准的目录不能直接删除事项；已批准的目录请申请撤销。"))
        before = entry_data.describe(entry_data.from_entry(entry))
        # The catalog is named so that who changed a catalog stays derivable after its entry is gone.
        changes = {**diff(before, {}), "catalog_id": [catalog.pk, None]}
        record(actor=actor, role=Role.OFFICE, action="catalog.entry_delete", target=entry, changes=changes)
        entry.stages.all().delete()
        entry.forms.clear()
        entry.delete()


def catalog_submit(*, actor: Any, catalog: Catalog) -> Catalog:
    require(permissions.may_draft_catalog(actor), _("只有领导小组办公室可以提交公开目录。"))
    with transaction.atomic():
        catalog = _locked(catalog)
        if not catalog.is_editable:
            raise InvalidState(_("该目录当前状态为“%(status)s”，不能提交。") % {"status": catalog.get_status_display()})
        if not catalog.entries.exists():
            raise InvalidState(_("目录中还没有事项，不能提交。"))
        catalog.submitted_by = actor
        _transition(catalog, actor=actor, action="submit", to=S.SUBMITTED, role=Role.OFFICE)
    return catalog


def may_approve(actor: Any, catalog: Catalog) -> bool:
    changed_by = authorship.catalog_changers(catalog)
    return permissions.may_approve_catalog(
        actor, drafted_by_id=catalog.created_by_id, changed_by=changed_by
    ) and permissions.may_approve_catalog(actor, drafted_by_id=catalog.submitted_by_id)


def catalog_return(*, actor: Any, catalog: Catalog, comment: str) -> Catalog:
    require(may_approve(actor, catalog), _("只有党务公开领导小组组长可以审批目录，且不能审批自己起草的目录。"))
    comment = comment.strip()
    if not comment:
        raise InvalidState(_("退回时请填写意见。"))
    with transaction.atomic():
        catalog = _locked(catalog)
        if catalog.status != S.SUBMITTED:
            raise InvalidState(_("该目录不在待审批状态，可能已被他人处理。"))
        _transition(catalog, actor=actor, action="return", to=S.RETURNED, comment=comment, role=Role.LEADER)
    return catalog


def catalog_approve(*, actor: Any, catalog: Catalog, comment: str = "") -> Catalog:
    require(may_approve(actor, catalog), _("只有党务公开领导小组组长可以审批目录，且不能审批自己起草的目录。"))
    with transaction.atomic():
        catalog = _locked(catalog)
        if catalog.status != S.SUBMITTED:
            raise InvalidState(_("该目录不在待审批状态，可能已被他人处理。"))
        catalog.approved_by, catalog.approved_at = actor, timezone.now()
        _transition(catalog, actor=actor, action="approve", to=S.APPROVED, comment=comment.strip(), role=Role.LEADER)
        _new_version(catalog, actor=actor, summary=_("领导小组组长批准目录"))
    return catalog


def _new_version(catalog: Catalog, *, actor: Any, summary: str, change: ChangeRequest | None = None) -> CatalogVersion:
    last = catalog.versions.order_by("-number").first()
    entries = catalog.entries.order_by("order", "code").prefetch_related("forms", "stages")
    version = CatalogVersion.objects.create(
        catalog=catalog,
        number=(last.number + 1) if last else 1,
        approved_by=actor,
        approved_at=timezone.now(),
        snapshot=[entry_data.describe(entry_data.from_entry(e)) for e in entries],
        change_request=change,
        summary=summary[:300],
    )
    record(actor=actor, action="catalog.version", target=version, changes={"number": [None, version.number]})
    return version


# --- change control after approval (plan 四.2) -----------------------------------------------------------


def change_request_create(
    *,
    actor: Any,
    catalog: Catalog,
    kind: str,
    reason: str,
    entry: Entry | None = None,
    data: dict[str, Any] | None = None,
    effective_on: datetime.date | None = None,
) -> ChangeRequest:
    require(permissions.may_draft_catalog(actor), _("只有领导小组办公室可以提出目录变更申请。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写变更理由。")})
    if kind not in ChangeRequest.Kind.values:
        raise InvalidState(_("变更类型不正确。"))
    with transaction.atomic():
        catalog = _locked(catalog)
        if not catalog.is_approved:
            raise InvalidState(_("只有已批准的目录需要通过变更申请修改；草稿可以直接编辑。"))
        _check_change_target(catalog, kind, entry)
        proposed = {}
        if kind in (ChangeRequest.Kind.ADD, ChangeRequest.Kind.MODIFY):
            entry_data.validate(catalog, data or {}, existing=entry)
            proposed = entry_data.to_json(data or {})
        change = ChangeRequest.objects.create(
            catalog=catalog,
            kind=kind,
            entry=entry,
            proposed=proposed,
            reason=reason,
            effective_on=effective_on,
            requested_by=actor,
        )
        record(
            actor=actor,
            role=Role.OFFICE,
            action=f"catalog.change_request.{kind}",
            target=change,
            changes=diff({}, {"kind": kind, "entry": entry.pk if entry else None, "reason": reason}),
        )
    return change


def _check_change_target(catalog: Catalog, kind: str, entry: Entry | None) -> None:
    if kind == ChangeRequest.Kind.ADD:
        return
    if entry is None or entry.catalog_id != catalog.pk:
        raise InvalidState(_("请选择本目录中的事项。"))
    if not entry.is_live:
        raise InvalidState(_("该事项已撤销或终止。"))
    if ChangeRequest.objects.filter(entry=entry, status=ChangeRequest.Status.PENDING).exists():
        raise InvalidState(_("该事项已有待审核的变更申请。"))


def change_request_decide(
    *,
    actor: Any,
    change: ChangeRequest,
    approve: bool,
    meeting_date: datetime.date | None,
    minute_ref: str = "",
    comment: str = "",
) -> ChangeRequest:
    """The party organisation that made the catalog decides; its decision is recorded with the meeting."""
    require(
        permissions.may_decide_catalog_change(actor, requested_by_id=change.requested_by_id),
        _("目录变更须经制定目录的党组织审核同意，且不能审核自己提出的申请。"),
    )
    if meeting_date is None:
        raise ValidationError({"meeting_date": _("请填写作出决定的会议日期。")})
    if approve and not minute_ref.strip():
        raise ValidationError({"minute_ref": _("同意变更时请填写会议纪要编号。")})
    with transaction.atomic():
        change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeRequest.Status.PENDING:
            raise InvalidState(_("该申请已处理，可能已被他人审核。"))
        change.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REJECTED
        change.decided_by, change.decided_at = actor, timezone.now()
        change.meeting_date, change.minute_ref, change.decision_comment = meeting_date, minute_ref.strip(), comment
        change.save()
        record(
            actor=actor,
            role=Role.PARTY_GROUP,
            action=f"catalog.change_request.{change.status}",
            target=change,
            changes={"status": [ChangeRequest.Status.PENDING, change.status]},
            note=f"{meeting_date} {minute_ref} {comment}".strip(),
        )
        if approve:
            _apply_change(change, actor=actor)
    return change


def _apply_change(change: ChangeRequest, *, actor: Any) -> None:
    catalog = _locked(change.catalog)
    kind = change.kind
    if kind in (ChangeRequest.Kind.ADD, ChangeRequest.Kind.MODIFY):
        data = entry_data.from_json(catalog, change.proposed)
        entry_data.validate(catalog, data, existing=change.entry)
        target = change.entry or Entry(catalog=catalog, out_of_catalog=True)
        before = entry_data.describe(entry_data.from_entry(change.entry)) if change.entry else {}
        saved = entry_data.write(target, data)
        if kind == ChangeRequest.Kind.ADD:
            change.entry = saved
            change.save(update_fields=["entry"])
        record(
            actor=actor,
            role=Role.PARTY_GROUP,
            action=f"catalog.entry_{kind}",
            target=saved,
            changes=diff(before, entry_data.describe(entry_data.from_entry(saved))),
        )
    else:
        _end_entry(change, actor=actor)
    label = change.entry.title if change.entry else ""
    _new_version(
        catalog,
        actor=actor,
        change=change,
        summary=f"{change.get_kind_display()}：{label}（{change.meeting_date} {change.minute_ref}）",
    )


def _end_entry(change: ChangeRequest, *, actor: Any) -> None:
    assert change.entry_id is not None  # a revocation or termination always names its entry
    entry = Entry.objects.select_for_update().get(pk=change.entry_id)
    before = {"status": entry.status, "ended_on": entry.ended_on}
    entry.status = Entry.Status.REVOKED if change.kind == ChangeRequest.Kind.REVOKE else Entry.Status.TERMINATED
    entry.ended_on = change.effective_on or timezone.localdate()
    entry.save(update_fields=["status", "ended_on"])
    record(
        actor=actor,
        role=Role.PARTY_GROUP,
        action=f"catalog.entry_{change.kind}",
        target=entry,
        changes=diff(before, {"status": entry.status, "ended_on": entry.ended_on}),
    )


def change_request_withdraw(*, actor: Any, change: ChangeRequest) -> ChangeRequest:
    require(getattr(actor, "pk", None) == change.requested_by_id, _("只有申请人可以撤回变更申请。"))
    with transaction.atomic():
        change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeRequest.Status.PENDING:
            raise InvalidState(_("该申请已处理，不能撤回。"))
        change.status = ChangeRequest.Status.WITHDRAWN
        change.save(update_fields=["status"])
        record(
            actor=actor,
            role=Role.OFFICE,
            action="catalog.change_request.withdrawn",
            target=change,
            changes={"status": [ChangeRequest.Status.PENDING, change.status]},
        )
    return change


# --- obligations: triggering events and fulfilment --------------------------------------------------------


def may_register_event(actor: Any, entry: Entry) -> bool:
    return permissions.may_draft_catalog(actor) or permissions.may_draft_for_department(actor, entry.department_id)


def trigger_event_register(*, actor: Any, entry: Entry, occurred_on: datetime.date, description: str) -> TriggerEvent:
    """An immediate entry becomes due when its triggering event happens (e.g. an appointment decision)."""
    require(may_register_event(actor, entry), _("只有责任科室经办人或领导小组办公室可以登记触发事件。"))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("请填写事件内容。")})
    if entry.time_type != Entry.TimeType.IMMEDIATE:
        raise InvalidState(_("只有即时公开事项需要登记触发事件。"))
    if not entry.catalog.is_approved or not entry.is_live:
        raise InvalidState(_("该事项不在已批准的有效目录中。"))
    if occurred_on.year not in (entry.catalog.year, entry.catalog.year + 1):
        raise ValidationError({"occurred_on": _("事件日期应在目录年度内。")})
    with transaction.atomic():
        event = TriggerEvent.objects.create(
            entry=entry, occurred_on=occurred_on, description=description, registered_by=actor
        )
        record(
            actor=actor,
            action="catalog.event_register",
            target=event,
            changes=diff({}, {"entry": entry.pk, "occurred_on": occurred_on, "description": description}),
        )
    return event


def fulfilment_record(
    *,
    actor: Any,
    entry: Entry,
    obligation_key: str,
    fulfilled_on: datetime.date,
    source: tuple[str, str],
) -> Fulfilment:
    """Record that an obligation was met. Called inside the transaction of whatever carried it out."""
    fulfilment, created = Fulfilment.objects.get_or_create(
        entry=entry,
        obligation_key=obligation_key,
        defaults={"fulfilled_on": fulfilled_on, "source_type": source[0], "source_id": source[1]},
    )
    if created:
        record(
            actor=actor,
            action="catalog.fulfil",
            target=fulfilment,
            changes=diff({}, {"obligation": obligation_key, "fulfilled_on": fulfilled_on, "source": source}),
        )
    return fulfilment


__all__ = [
    "Stage",
    "catalog_approve",
    "catalog_create",
    "catalog_return",
    "catalog_submit",
    "change_request_create",
    "change_request_decide",
    "change_request_withdraw",
    "entry_delete",
    "entry_save",
    "fulfilment_record",
    "trigger_event_register",
]
