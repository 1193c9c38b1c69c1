"""Every step of a disclosure's procedure (提出 → 审核 → 审批 → 实施), one function per step.

Each function locks the row, checks the state and the actor (through `gongkai.org.permissions` and the rules
below), changes, records the transition and the audit record in the same transaction, and schedules side
effects after commit. An illegal step raises `Refused` and changes nothing; when two people act on the same
item at once the row lock makes one wait, and the state check then tells the second what happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import diff, record
from gongkai.catalog.audience import form_scope_error, narrowing_error
from gongkai.catalog.models import Catalog, Entry, Form, Scope
from gongkai.catalog.obligations import obligations_of
from gongkai.catalog.services import fulfilment_record
from gongkai.disclosures import attachments, authorship, indexing, page_screening, richtext, screening, secrecy, unread
from gongkai.disclosures.models import (
    Attachment,
    CadreNotice,
    Disclosure,
    Finding,
    Objection,
    OfflineRecord,
    PublishedChange,
    Transition,
    snapshot_fields,
)
from gongkai.errors import InvalidState, Refused, require
from gongkai.org import permissions
from gongkai.org.roles import Role
from gongkai.printing.docnumber import document_number_errors
from gongkai.workdays.calendar import Calendar, YearNotCovered

St = Disclosure.State
EDITABLE = (St.DRAFT, St.RETURNED)


@dataclass
class DisclosureInput:
    """What an editor writes. The view parses a form into this; the service checks it."""

    title: str
    body: str
    document_number: str = ""
    written_on: datetime.date | None = None
    obligation_key: str = ""
    scope: Scope | None = None
    forms: list[Form] | None = None
    window_starts_on: datetime.date | None = None
    window_ends_on: datetime.date | None = None
    objection_ways: str = ""
    cadres: list[dict[str, str]] | None = None


# --- who may do what to a disclosure ---------------------------------------------------------------------


def may_edit(actor: Any, disclosure: Disclosure) -> bool:
    return permissions.may_draft_for_department(actor, disclosure.department_id)


def may_carry_out(actor: Any, disclosure: Disclosure) -> bool:
    return may_edit(actor, disclosure) or permissions.may_draft_catalog(actor)


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().select_related("organisation", "entry__catalog").get(pk=disclosure.pk)


def _expect(disclosure: Disclosure, *states: str) -> None:
    if disclosure.state not in states:
        raise InvalidState(
            _("该公开事项当前为“%(state)s”，不能执行此操作；可能已被他人处理，请刷新后查看。")
            % {"state": disclosure.get_state_display()}
        )


def _move(disclosure: Disclosure, *, actor: Any, action: str, to: str, role: Role, comment: str = "") -> None:
    before = snapshot_fields(disclosure)
    from_state = disclosure.state
    disclosure.state = to
    disclosure.save()
    Transition.objects.create(
        disclosure=disclosure, action=action, from_state=from_state, to_state=to, actor=actor, comment=comment
    )
    record(
        actor=actor,
        role=role,
        action=f"disclosure.{action}",
        target=disclosure,
        changes=diff(before, snapshot_fields(disclosure)),
        note=comment,
    )


# --- drafting --------------------------------------------------------------------------------------------


def _check_entry(entry: Entry) -> None:
    if entry.catalog.status != Catalog.Status.APPROVED or not entry.is_live:
        raise InvalidState(_("只能为已批准目录中的有效事项（含经批准的目录外事项）起草公开内容。"))


def _check_input(entry: Entry, data: DisclosureInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (data.title or "").strip():
        errors["title"] = _("请填写标题。")
    if richtext.has_active_content(data.body):
        errors["body"] = _("正文含有脚本、事件属性或嵌入页面等可执行内容，出于安全考虑不能保存，请删除后再提交。")
    scope = data.scope or entry.scope
    if narrowed := narrowing_error(scope, entry.scope):
        errors["scope"] = narrowed
    elif unfit := form_scope_error(entry.forms.all() if data.forms is None else data.forms, scope):
        errors["forms"] = unfit
    allowed_forms = {f.pk for f in entry.forms.all()}
    if data.forms is not None and not {f.pk for f in data.forms} <= allowed_forms:
        errors["forms"] = _("公开形式须在目录规定的形式之内。")
    if data.forms is not None and not data.forms:
        errors["forms"] = _("请至少选择一种公开形式。")
    if data.obligation_key and data.obligation_key not in {o.key for o in obligations_of([entry])}:
        errors["obligation_key"] = _("所选公开义务不属于该目录事项。")
    errors.update(_check_window(entry, data))
    errors.update(document_number_errors(data))  # also normalises it (GB/T 9704 7.2.5)
    return errors


def _check_window(entry: Entry, data: DisclosureInput) -> dict[str, str]:
    needed = entry.publicity_workdays
    start, end = data.window_starts_on, data.window_ends_on
    if not needed:
        return {"window_starts_on": _("该目录事项不设公示期。")} if start or end else {}
    if start is None:
        return {"window_starts_on": _("请填写公示开始日期。")}
    if end is not None and end < start:
        return {"window_ends_on": _("公示结束日期不能早于开始日期。")}
    try:
        earliest = Calendar().window_end(start, needed)
    except YearNotCovered as missing:
        return {"window_starts_on": str(missing)}
    if end is not None and end < earliest:
        return {
            "window_ends_on": _("公示期不少于%(n)d个工作日，结束日期最早为%(day)s。")
            % {"n": needed, "day": earliest.isoformat()}
        }
    if not (data.objection_ways or "").strip():
        return {"objection_ways": _("请写明公示期间反映问题的方式（电话、地址、邮箱等）。")}
    return {}


def _apply(disclosure: Disclosure, data: DisclosureInput) -> None:
    entry = disclosure.entry
    disclosure.title = data.title.strip()
    disclosure.body = richtext.sanitise(data.body)
    disclosure.body_text = richtext.plain_text(disclosure.body)
    disclosure.document_number = (data.document_number or "").strip()
    disclosure.written_on = data.written_on
    disclosure.scope = data.scope or entry.scope
    disclosure.obligation_key = data.obligation_key
    obligation = next((o for o in obligations_of([entry]) if o.key == data.obligation_key), None)
    disclosure.obligation_label = obligation.label if obligation else ""
    disclosure.window_workdays = entry.publicity_workdays if data.window_starts_on else None
    disclosure.window_starts_on = data.window_starts_on
    disclosure.window_ends_on = (
        data.window_ends_on or Calendar().window_end(data.window_starts_on, entry.publicity_workdays or 1)
        if data.window_starts_on
        else None
    )
    disclosure.objection_ways = (data.objection_ways or "").strip()
    disclosure.save()
    disclosure.forms.set(data.forms if data.forms is not None else entry.forms.all())
    if data.cadres is not None:
        disclosure.cadres.all().delete()
        CadreNotice.objects.bulk_create(
            CadreNotice(disclosure=disclosure, order=i, **row) for i, row in enumerate(data.cadres, start=1)
        )


def disclosure_create(*, actor: Any, entry: Entry, data: DisclosureInput) -> Disclosure:
    """A department editor proposes a disclosure for an entry their department is responsible for."""
    require(
        permissions.may_draft_for_department(actor, entry.department_id),
        _("只有该事项责任科室的经办人可以起草公开内容。"),
    )
    _check_entry(entry)
    errors = _check_input(entry, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = Disclosure(
            organisation=entry.catalog.organisation, entry=entry, department=entry.department, created_by=actor
        )
        _apply(disclosure, data)
        record(
            actor=actor,
            role=Role.DEPARTMENT_EDITOR,
            action="disclosure.create",
            target=disclosure,
            changes=diff({}, snapshot_fields(disclosure)),
        )
    return disclosure


def disclosure_update(*, actor: Any, disclosure: Disclosure, data: DisclosureInput, revision: int) -> Disclosure:
    require(may_edit(actor, disclosure), _("只有责任科室的经办人可以修改草稿。"))
    errors = _check_input(disclosure.entry, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, *EDITABLE)
        if disclosure.revision != revision:
            raise InvalidState(_("该草稿已被他人修改，您的修改未保存。请刷新页面，在最新内容上重新修改。"))
        before = snapshot_fields(disclosure)
        disclosure.revision += 1
        _apply(disclosure, data)
        record(
            actor=actor,
            role=Role.DEPARTMENT_EDITOR,
            action="disclosure.update",
            target=disclosure,
            changes=diff(before, snapshot_fields(disclosure)),
        )
    return disclosure


def attachment_add(*, actor: Any, disclosure: Disclosure, name: str, data: Any) -> Attachment:
    """Add a file to a draft. Its type is checked by content; it is stored under a generated name."""
    require(may_edit(actor, disclosure), _("只有责任科室的经办人可以上传附件。"))
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, *EDITABLE)
        attachment = attachments.store(disclosure=disclosure, actor=actor, name=name, data=data)
        record(
            actor=actor,
            role=Role.DEPARTMENT_EDITOR,
            action="disclosure.attachment_add",
            target=attachment,
            changes=diff(
                {},
                {
                    "name": attachment.original_name,
                    "kind": attachment.kind,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                },
            ),
        )
    return attachment


def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    require(may_edit(actor, attachment.disclosure), _("只有责任科室的经办人可以删除附件。"))
    with transaction.atomic():
        disclosure = _lock(attachment.disclosure)
        _expect(disclosure, *EDITABLE)
        attachment.removed = True
        attachment.save(update_fields=["removed"])
        record(
            actor=actor,
            role=Role.DEPARTMENT_EDITOR,
            action="disclosure.attachment_remove",
            target=attachment,
            changes={"removed": [False, True]},
        )


# --- the procedure ---------------------------------------------------------------------------------------


def disclosure_submit(*, actor: Any, disclosure: Disclosure) -> Disclosure:
    """提出: the editor submits; the secrecy and privacy screening runs before review."""
    require(may_edit(actor, disclosure), _("只有责任科室的经办人可以提交。"))
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, *EDITABLE)
        if not disclosure.body_text and not disclosure.attachments.filter(removed=False).exists():
            raise InvalidState(_("正文和附件都为空，不能提交。"))
        found = screening.screen(disclosure)
        page_screening.after_screen(disclosure)
        _move(
            disclosure,
            actor=actor,
            action="submit",
            to=St.IN_REVIEW,
            role=Role.DEPARTMENT_EDITOR,
            comment=_("保密和隐私筛查发现 %(n)d 处需审核") % {"n": found} if found else "",
        )
    return disclosure


def _comment_required(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请填写意见。")})
    return comment


def disclosure_return(*, actor: Any, disclosure: Disclosure, comment: str) -> Disclosure:
    """The reviewer (at review) or the leader (at approval) sends it back to the editor with comments."""
    comment = _comment_required(comment)
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.IN_REVIEW, St.REVIEWED)
        if disclosure.state == St.IN_REVIEW:
            require(
                authorship.may_review(actor, disclosure),
                _("只有领导小组办公室可以审核，且不能审核自己起草或改动过的内容。"),
            )
            role = Role.OFFICE
        else:
            require(
                authorship.may_approve(actor, disclosure),
                _("只有领导小组组长可以审批，且不能审批自己起草或改动过的内容。"),
            )
            role = Role.LEADER
        _move(disclosure, actor=actor, action="return", to=St.RETURNED, role=role, comment=comment)
    return disclosure


def _check_screening_done(disclosure: Disclosure) -> None:
    unread.check_all_read(disclosure)
    open_count = disclosure.findings.filter(status=Finding.Status.OPEN).count()
    if open_count:
        raise InvalidState(
            _("还有 %(n)d 处筛查发现未处理（遮盖，或说明理由后确认可公开），不能通过。") % {"n": open_count}
        )


def disclosure_review(*, actor: Any, disclosure: Disclosure, comment: str = "") -> Disclosure:
    """审核: the office checks necessity, accuracy and secrecy; every finding must be resolved."""
    require(
        authorship.may_review(actor, disclosure),
        _("只有领导小组办公室可以审核，且不能审核自己起草或改动过的内容。"),
    )
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.IN_REVIEW)
        secrecy.check_no_open_mark(disclosure)
        _check_screening_done(disclosure)
        secrecy.on_review_passed(actor=actor, disclosure=disclosure)
        _move(disclosure, actor=actor, action="review", to=St.REVIEWED, role=Role.OFFICE, comment=comment.strip())
    return disclosure


def disclosure_approve(*, actor: Any, disclosure: Disclosure, comment: str = "") -> Disclosure:
    """审批: the leader approves; nobody approves their own draft."""
    require(
        authorship.may_approve(actor, disclosure),
        _("只有领导小组组长可以审批，且不能审批自己起草或改动过的内容。"),
    )
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.REVIEWED)
        _check_screening_done(disclosure)
        secrecy.check_approvable(disclosure)
        if reviewer := disclosure.transitions.filter(action="review").order_by("-at").first():
            require(reviewer.actor_id != actor.pk, _("审核人和审批人不能是同一人。"))
        _move(disclosure, actor=actor, action="approve", to=St.APPROVED, role=Role.LEADER, comment=comment.strip())
    return disclosure


# --- screening findings ----------------------------------------------------------------------------------


def _lock_finding(actor: Any, finding: Finding) -> tuple[Disclosure, Finding]:
    disclosure = _lock(finding.disclosure)
    require(
        authorship.may_review(actor, disclosure),
        _("只有领导小组办公室的审核人可以处理筛查发现，且不能处理自己起草或改动过的内容。"),
    )
    _expect(disclosure, St.IN_REVIEW)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != Finding.Status.OPEN:
        raise InvalidState(_("该发现已处理。"))
    secrecy.check_finding_resolvable(finding)
    return disclosure, finding


def _resolve(finding: Finding, *, actor: Any, status: str, reason: str) -> None:
    finding.status, finding.reason = status, reason
    finding.resolved_by, finding.resolved_at = actor, timezone.now()
    finding.save()
    record(
        actor=actor,
        role=Role.OFFICE,
        action=f"disclosure.finding_{status}",
        target=finding,
        changes={"status": [Finding.Status.OPEN, status]},
        note=reason,
    )


def finding_redact(*, actor: Any, finding: Finding) -> Finding:
    """Mask the found text everywhere it is published: the body, and the attachment where its format allows."""
    with transaction.atomic():
        disclosure, finding = _lock_finding(actor, finding)
        if finding.attachment_id is None:
            screening.redact_body(disclosure, finding.text)
        else:
            screening.redact_attachment(finding.attachment, finding.text)  # type: ignore[arg-type]
        _resolve(finding, actor=actor, status=Finding.Status.REDACTED, reason="")
        Finding.objects.filter(
            disclosure=disclosure, attachment=finding.attachment, text=finding.text, status=Finding.Status.OPEN
        ).update(status=Finding.Status.REDACTED, resolved_by=actor, resolved_at=timezone.now())
    return finding


def finding_accept(*, actor: Any, finding: Finding, reason: str) -> Finding:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("确认可公开时请说明理由。")})
    with transaction.atomic():
        _disclosure, finding = _lock_finding(actor, finding)
        _resolve(finding, actor=actor, status=Finding.Status.ACCEPTED, reason=reason)
    return finding


# --- carrying out ------------------------------------------------------------------------------------------


def _next_index(disclosure: Disclosure, year: int) -> int:
    last = Disclosure.objects.filter(organisation=disclosure.organisation, index_year=year).aggregate(
        Max("index_serial")
    )["index_serial__max"]
    return (last or 0) + 1


def _carry_out(disclosure: Disclosure, *, actor: Any, on: datetime.date, how: str) -> None:
    """The first carrying-out publishes: index number, publication date, obligation fulfilled, search index."""
    if disclosure.state == St.PUBLISHED:
        return
    if disclosure.window_starts_on and on > disclosure.window_starts_on:
        raise InvalidState(
            _("公示开始日期（%(day)s）已过，请退回修改公示时间后重新审批。") % {"day": disclosure.window_starts_on}
        )
    disclosure.published_at = timezone.now()
    disclosure.index_year = disclosure.published_at.astimezone(timezone.get_current_timezone()).year
    disclosure.index_serial = _next_index(disclosure, disclosure.index_year)
    _move(disclosure, actor=actor, action=f"publish_{how}", to=St.PUBLISHED, role=Role.DEPARTMENT_EDITOR)
    if disclosure.obligation_key:
        fulfilment_record(
            actor=actor,
            entry=disclosure.entry,
            obligation_key=disclosure.obligation_key,
            fulfilled_on=on,
            source=("disclosures.disclosure", str(disclosure.pk)),
        )
    indexing.refresh(disclosure)


def disclosure_publish(*, actor: Any, disclosure: Disclosure) -> Disclosure:
    """实施 online: publish the approved item on the platform, in its scope."""
    require(may_carry_out(actor, disclosure), _("只有责任科室经办人或领导小组办公室可以实施公开。"))
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.APPROVED)
        if not disclosure.is_online:
            raise InvalidState(_("该事项不含网上公开形式，请登记线下公开情况。"))
        attachments.check_publishable(disclosure)
        _carry_out(disclosure, actor=actor, on=timezone.localdate(), how="online")
    return disclosure


def offline_record_add(
    *,
    actor: Any,
    disclosure: Disclosure,
    form: Form,
    held_on: datetime.date,
    place: str,
    how: str,
    evidence: list[tuple[str, Any]],
) -> OfflineRecord:
    """实施 offline: record when, where and how it was disclosed at a meeting, on a board, …, with evidence."""
    require(may_carry_out(actor, disclosure), _("只有责任科室经办人或领导小组办公室可以登记线下公开。"))
    if form.is_online or not disclosure.forms.filter(pk=form.pk).exists():
        raise ValidationError({"form": _("请选择该事项批准的线下公开形式。")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("公开日期不能晚于今天。")})
    if not evidence:
        raise ValidationError({"evidence": _("请上传佐证材料（会议记录、照片或简报）。")})
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.APPROVED, St.PUBLISHED)
        offline = OfflineRecord.objects.create(
            disclosure=disclosure, form=form, held_on=held_on, place=place.strip(), how=how.strip(), recorded_by=actor
        )
        for name, data in evidence:
            attachments.store(disclosure=disclosure, actor=actor, name=name, data=data, offline_record=offline)
        record(
            actor=actor,
            role=Role.DEPARTMENT_EDITOR,
            action="disclosure.offline_record",
            target=offline,
            changes=diff({}, {"form": form.pk, "held_on": held_on, "place": place, "evidence": len(evidence)}),
        )
        _carry_out(disclosure, actor=actor, on=held_on, how="offline")
    return offline


# --- after publication: correction, withdrawal, publicity windows ----------------------------------------------


def published_change_request(
    *,
    actor: Any,
    disclosure: Disclosure,
    kind: str,
    reason: str,
    new_title: str = "",
    new_body: str = "",
) -> PublishedChange:
    require(may_carry_out(actor, disclosure), _("只有责任科室经办人或领导小组办公室可以申请更正或撤回。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    if kind not in PublishedChange.Kind.values:
        raise InvalidState(_("类型不正确。"))
    if kind == PublishedChange.Kind.CORRECT:
        _check_correction(disclosure, new_title, new_body)
    with transaction.atomic():
        disclosure = _lock(disclosure)
        _expect(disclosure, St.PUBLISHED)
        if disclosure.changes.filter(status=PublishedChange.Status.PENDING).exists():
            raise InvalidState(_("该事项已有待审批的更正或撤回申请。"))
        change = PublishedChange.objects.create(
            disclosure=disclosure,
            kind=kind,
            reason=reason,
            new_title=new_title.strip(),
            new_body=richtext.sanitise(new_body),
            requested_by=actor,
        )
        record(actor=actor, action=f"disclosure.{kind}_request", target=change, note=reason)
    return change


def _check_correction(disclosure: Disclosure, new_title: str, new_body: str) -> None:
    if not (new_title or "").strip():
        raise ValidationError({"new_title": _("请填写更正后的标题。")})
    if richtext.has_active_content(new_body):
        raise ValidationError({"new_body": _("正文含有脚本等可执行内容，不能保存。")})
    found = screening.scan_text(disclosure.organisation, richtext.plain_text(richtext.sanitise(new_body)))
    if found:
        raise ValidationError(
            {
                "new_body": _("更正后的正文含有需保密或涉及隐私的内容：%(items)s。请先删除或遮盖。")
                % {"items": "、".join(f"{f.kind.label}“{f.text}”" for f in found[:5])}
            }
        )


def published_change_decide(*, actor: Any, change: PublishedChange, approve: bool, comment: str = "") -> None:
    """Corrections and withdrawals are approved by the leader; the reader of a corrected item is told."""
    require(
        authorship.may_decide_change(actor, change),
        _("只有领导小组组长可以审批更正或撤回，且不能审批自己的申请。"),
    )
    with transaction.atomic():
        change = PublishedChange.objects.select_for_update().get(pk=change.pk)
        if change.status != PublishedChange.Status.PENDING:
            raise InvalidState(_("该申请已处理。"))
        disclosure = _lock(change.disclosure)
        change.status = PublishedChange.Status.APPROVED if approve else PublishedChange.Status.REJECTED
        change.decided_by, change.decided_at, change.comment = actor, timezone.now(), comment.strip()
        change.save()
        record(
            actor=actor,
            role=Role.LEADER,
            action=f"disclosure.{change.kind}_{change.status}",
            target=change,
            note=comment,
        )
        if approve:
            _APPLY[change.kind](disclosure, change, actor)


def _apply_withdrawal(disclosure: Disclosure, change: PublishedChange, actor: Any) -> None:
    _move(disclosure, actor=actor, action="withdraw", to=St.WITHDRAWN, role=Role.LEADER, comment=change.reason)
    indexing.refresh(disclosure)


def _apply_correction(disclosure: Disclosure, change: PublishedChange, actor: Any) -> None:
    before = snapshot_fields(disclosure)
    disclosure.title, disclosure.body = change.new_title, richtext.sanitise(change.new_body)
    disclosure.body_text = richtext.plain_text(disclosure.body)
    disclosure.corrected_at, disclosure.correction_note = timezone.now(), change.reason
    disclosure.save()
    record(
        actor=actor,
        role=Role.LEADER,
        action="disclosure.correct",
        target=disclosure,
        changes=diff(before, snapshot_fields(disclosure)),
        note=change.reason,
    )
    indexing.refresh(disclosure)


_APPLY: dict[str, Callable[[Disclosure, PublishedChange, Any], None]] = {
    PublishedChange.Kind.WITHDRAW: _apply_withdrawal,
    PublishedChange.Kind.CORRECT: _apply_correction,
}


def objection_submit(
    *, disclosure: Disclosure, name: str, contact: str, content: str, today: datetime.date | None = None
) -> Objection:
    """An objection during the publicity window; refused before it opens and after it closes."""
    today = today or timezone.localdate()
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("请填写反映的内容。")})
    with transaction.atomic():
        disclosure = _lock(disclosure)
        if disclosure.state != St.PUBLISHED or not disclosure.has_window:
            raise InvalidState(_("该事项不接受公示异议。"))
        if not disclosure.window_open_on(today):
            raise InvalidState(
                _("公示期为%(start)s至%(end)s，当前不在公示期内，不再受理异议。")
                % {"start": disclosure.window_starts_on, "end": disclosure.window_ends_on}
            )
        objection = Objection.objects.create(
            disclosure=disclosure,
            name=name.strip()[:40],
            contact=contact.strip()[:100],
            content=content[:5000],
            tracking_code=_tracking_code(),
        )
        record(
            actor=None, action="disclosure.objection", target=objection, changes={"disclosure": [None, disclosure.pk]}
        )
    return objection


def _tracking_code() -> str:
    import secrets

    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "YY" + "".join(secrets.choice(alphabet) for _ in range(10))


def windows_close(*, today: datetime.date | None = None) -> int:
    """Close every publicity window that has ended: the notice leaves the public pages and search, and an item
    without objections records its result. Run by the scheduler; harmless to run again."""
    today = today or timezone.localdate()
    closed = 0
    ended = Disclosure.objects.filter(state=St.PUBLISHED, window_ends_on__lt=today, window_result="")
    for disclosure in ended:
        with transaction.atomic():
            disclosure = _lock(disclosure)
            if disclosure.window_result or not disclosure.window_closed_on(today):
                continue
            indexing.refresh(disclosure, today=today)
            if not disclosure.objections.exists():
                disclosure.window_result = Disclosure.WindowResult.NO_OBJECTION
                disclosure.save(update_fields=["window_result", "updated_at"])
                record(
                    actor=None,
                    action="disclosure.window_closed",
                    target=disclosure,
                    changes={"window_result": ["", disclosure.window_result]},
                )
            closed += 1
    return closed


def window_result_record(*, actor: Any, disclosure: Disclosure, note: str) -> Disclosure:
    """After a window with objections: the office records how they were handled."""
    require(permissions.may_review_disclosure(actor, drafted_by_id=None), _("只有领导小组办公室可以登记公示结果。"))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请说明异议的处理结果。")})
    with transaction.atomic():
        disclosure = _lock(disclosure)
        if not disclosure.window_closed_on(timezone.localdate()) or disclosure.window_result:
            raise InvalidState(_("公示期尚未结束，或结果已登记。"))
        disclosure.window_result = Disclosure.WindowResult.OBJECTION_HANDLED
        disclosure.window_result_note = note
        disclosure.save(update_fields=["window_result", "window_result_note", "updated_at"])
        record(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.window_result",
            target=disclosure,
            changes={"window_result": ["", disclosure.window_result]},
            note=note,
        )
    return disclosure


__all__ = ["DisclosureInput", "Refused"]
