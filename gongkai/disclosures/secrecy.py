"""Secrecy (issue 9 §3): a classification mark stops the procedure; the office's secrecy review leaves a record.

The rule (docs/architecture.md, "Secrecy"):

- A finding of kind `classification` (密级标识: 绝密/机密/秘密 marks, 内部 marks — the detector decides what a mark
  is) is not private data: it can be neither masked nor accepted as publishable. While one is open, the
  office cannot pass the review and the leader cannot approve.
- It ends in one of two ways only: the office records a `Declassification` (declassified by whoever classified
  it, or found not to be a state secret: who decided, the basis, the document reference, the date), which
  closes every open mark of the item as `declassified`; or the editor removes the marked content, and the
  next submission's screening no longer finds it (the old finding is kept as `removed`).
- Every review act of the office is a `Review` row with its secrecy conclusion and basis. "May not be
  disclosed" sends the item back to the drafter; "needs declassification" keeps it in review until a
  declassification is recorded for the same submission; passing the review records "may be disclosed" when
  the office has not recorded a conclusion of its own. The leader approves only after a conclusion that
  lets the item go on.

The callers (`services.py`) lock the disclosure first; these functions assume the lock is held where they write.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import diff, record
from gongkai.disclosures.models import Disclosure, Finding, Transition
from gongkai.disclosures.secrecy_models import Declassification, Review
from gongkai.errors import InvalidState, require
from gongkai.org import permissions
from gongkai.org.roles import Role
from gongkai.screening.detectors import FindingKind

St = Disclosure.State
MARK = FindingKind.CLASSIFICATION


def round_of(disclosure: Disclosure) -> int:
    """Which submission of the item is under review (1 for the first)."""
    return disclosure.transitions.filter(action="submit").count()


def open_marks(disclosure: Disclosure) -> list[Finding]:
    return list(disclosure.findings.filter(kind=MARK, status=Finding.Status.OPEN).select_related("attachment"))


def _marks_text(marks: list[Finding]) -> str:
    return "、".join(dict.fromkeys(f"“{mark.text}”（{mark.location}）" for mark in marks))


# --- checks the procedure asks ---------------------------------------------------------------------------------


def check_finding_resolvable(finding: Finding) -> None:
    """A classification mark is neither masked nor accepted: masking a mark would publish the classified content."""
    if finding.kind == MARK:
        raise InvalidState(
            _(
                "“%(text)s”是密级标识，不能遮盖，也不能确认可公开。涉密内容须经解密或认定不属于国家秘密，"
                "由领导小组办公室登记决定后方可继续办理；否则请退回起草人删除涉密内容。"
            )
            % {"text": finding.text}
        )


def check_no_open_mark(disclosure: Disclosure) -> None:
    marks = open_marks(disclosure)
    if marks:
        raise InvalidState(
            _(
                "该事项含有密级标识%(marks)s，保密审查未完成，不能通过。须由领导小组办公室登记解密或"
                "不属于国家秘密的认定，或退回起草人删除涉密内容后重新提交。"
            )
            % {"marks": _marks_text(marks)}
        )


def _latest_review(disclosure: Disclosure, round_: int) -> Review | None:
    return disclosure.reviews.filter(round=round_).order_by("-id").first()


def _declassified(disclosure: Disclosure, round_: int) -> bool:
    return disclosure.declassifications.filter(round=round_).exists()


def _needs_declassification(disclosure: Disclosure, round_: int) -> bool:
    return disclosure.reviews.filter(round=round_, secrecy_conclusion=Review.Secrecy.NEEDS_DECLASSIFICATION).exists()


def _check_conclusion_lets_go_on(review: Review | None, disclosure: Disclosure, round_: int) -> None:
    """The latest conclusion must not be "may not"; and once the office found that the item needs
    declassification, a later "may be disclosed" of the same submission does not replace the decision."""
    if review is None:
        return
    if review.secrecy_conclusion == Review.Secrecy.MAY_NOT:
        raise InvalidState(_("保密审查结论为“不得公开”，该事项不能通过。"))
    if _needs_declassification(disclosure, round_) and not _declassified(disclosure, round_):
        raise InvalidState(
            _("保密审查结论为“须经解密后方可公开”，请先登记解密或不属于国家秘密的认定（决定机关、依据、文号、日期）。")
        )


def on_review_passed(*, actor: Any, disclosure: Disclosure) -> None:
    """Called as the office passes the review (the row is locked): refuses while a mark is open or the secrecy
    conclusion does not let the item go on; records "may be disclosed" when the office recorded none."""
    check_no_open_mark(disclosure)
    round_ = round_of(disclosure)
    review = _latest_review(disclosure, round_)
    _check_conclusion_lets_go_on(review, disclosure, round_)
    if review is None:
        _write_review(
            actor=actor, disclosure=disclosure, round_=round_, conclusion=Review.Secrecy.MAY_DISCLOSE, basis=""
        )


def check_approvable(disclosure: Disclosure) -> None:
    """The leader approves only after a secrecy review whose conclusion lets the item go on."""
    check_no_open_mark(disclosure)
    round_ = round_of(disclosure)
    review = _latest_review(disclosure, round_)
    if review is None:
        raise InvalidState(_("该事项没有本次提交的保密审查记录，不能批准。请退回领导小组办公室重新审核。"))
    _check_conclusion_lets_go_on(review, disclosure, round_)


def on_rescreen(disclosure: Disclosure, still_marked: set[str]) -> None:
    """Before a new screening replaces the open findings: an open mark the new content no longer carries is kept
    as `removed` (the record that the classified content was taken out), not deleted."""
    gone = list(disclosure.findings.filter(kind=MARK, status=Finding.Status.OPEN).exclude(text__in=still_marked))
    if not gone:
        return
    Finding.objects.filter(pk__in=[mark.pk for mark in gone]).update(
        status=Finding.Status.REMOVED, reason=_("新提交的内容中已无此标识。"), resolved_at=timezone.now()
    )
    record(
        actor=None,
        action="disclosure.mark_removed",
        target=disclosure,
        changes={"marks": [[mark.pk, mark.text] for mark in gone]},
        note=_("新提交的内容中已无此标识。"),
    )


# --- the office's records ---------------------------------------------------------------------------------------


def _write_review(*, actor: Any, disclosure: Disclosure, round_: int, conclusion: str, basis: str) -> Review:
    review = Review.objects.create(
        disclosure=disclosure, round=round_, reviewer=actor, secrecy_conclusion=conclusion, secrecy_basis=basis
    )
    record(
        actor=actor,
        role=Role.OFFICE,
        action="disclosure.secrecy_review",
        target=review,
        changes=diff({}, {"disclosure": disclosure.pk, "round": round_, "secrecy_conclusion": conclusion}),
        note=basis,
    )
    return review


def _lock_in_review(actor: Any, disclosure: Disclosure) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    require(
        permissions.may_review_disclosure(actor, drafted_by_id=disclosure.created_by_id),
        _("只有领导小组办公室可以进行保密审查，且不能审查自己起草的内容。"),
    )
    if disclosure.state != St.IN_REVIEW:
        raise InvalidState(
            _("该公开事项当前为“%(state)s”，不能进行保密审查；可能已被他人处理，请刷新后查看。")
            % {"state": disclosure.get_state_display()}
        )
    return disclosure


def secrecy_review_record(*, actor: Any, disclosure: Disclosure, conclusion: str, basis: str) -> Review:
    """The office records its secrecy conclusion for the submission under review.

    "May not be disclosed" sends the item back to the drafter with the conclusion as the comment (the item
    cannot go on as it is; the drafter reworks it or leaves it). A basis is required unless "may be disclosed"."""
    basis = (basis or "").strip()
    if conclusion not in Review.Secrecy.values:
        raise ValidationError({"conclusion": _("请选择保密审查结论。")})
    if conclusion != Review.Secrecy.MAY_DISCLOSE and not basis:
        raise ValidationError({"basis": _("结论为“不得公开”或“须经解密后方可公开”时，请写明依据。")})
    with transaction.atomic():
        disclosure = _lock_in_review(actor, disclosure)
        if conclusion == Review.Secrecy.MAY_DISCLOSE:
            check_no_open_mark(disclosure)
        review = _write_review(
            actor=actor, disclosure=disclosure, round_=round_of(disclosure), conclusion=conclusion, basis=basis
        )
        if conclusion == Review.Secrecy.MAY_NOT:
            _send_back(actor=actor, disclosure=disclosure, basis=basis)
    return review


def _send_back(*, actor: Any, disclosure: Disclosure, basis: str) -> None:
    from gongkai.disclosures.models import snapshot_fields

    before = snapshot_fields(disclosure)
    comment = _("保密审查结论：不得公开。依据：%(basis)s") % {"basis": basis}
    from_state, disclosure.state = disclosure.state, St.RETURNED
    disclosure.save()
    Transition.objects.create(
        disclosure=disclosure,
        action="return",
        from_state=from_state,
        to_state=St.RETURNED,
        actor=actor,
        comment=comment,
    )
    record(
        actor=actor,
        role=Role.OFFICE,
        action="disclosure.return",
        target=disclosure,
        changes=diff(before, snapshot_fields(disclosure)),
        note=comment,
    )


@dataclass
class DeclassificationInput:
    kind: str
    decided_by: str
    basis: str
    document_reference: str
    decided_on: datetime.date | None


def _check_declassification(data: DeclassificationInput) -> datetime.date:
    """The decision's date, once every part of the decision is there."""
    errors = {}
    if data.kind not in Declassification.Kind.values:
        errors["kind"] = _("请选择决定类型（解密，或不属于国家秘密）。")
    for field, message in (
        ("decided_by", _("请填写作出决定的机关或定密责任人。")),
        ("basis", _("请填写决定的依据。")),
        ("document_reference", _("请填写决定文件的文号。")),
    ):
        if not (getattr(data, field) or "").strip():
            errors[field] = message
    if data.decided_on is None:
        errors["decided_on"] = _("请填写决定日期。")
    elif data.decided_on > timezone.localdate():
        errors["decided_on"] = _("决定日期不能晚于今天。")
    if errors or data.decided_on is None:
        raise ValidationError(errors)
    return data.decided_on


def declassification_record(*, actor: Any, disclosure: Disclosure, data: DeclassificationInput) -> Declassification:
    """The office records the decision on the item's classification marks; every open mark of this submission
    (body and attachments) is closed as `declassified`, and the review may go on."""
    decided_on = _check_declassification(data)
    with transaction.atomic():
        disclosure = _lock_in_review(actor, disclosure)
        marks = open_marks(disclosure)
        round_ = round_of(disclosure)
        if not marks and not _needs_declassification(disclosure, round_):
            raise InvalidState(_("该事项没有待处理的密级标识，也没有“须经解密”的审查结论，无需登记解密决定。"))
        decision = Declassification.objects.create(
            disclosure=disclosure,
            round=round_,
            kind=data.kind,
            marks=_marks_text(marks) or _("（保密审查结论：须经解密后方可公开）"),
            decided_by=data.decided_by.strip()[:120],
            basis=data.basis.strip(),
            document_reference=data.document_reference.strip()[:120],
            decided_on=decided_on,
            recorded_by=actor,
        )
        _close_marks(marks, actor=actor, decision=decision)
        record(
            actor=actor,
            role=Role.OFFICE,
            action="disclosure.declassification",
            target=decision,
            changes=diff(
                {},
                {
                    "disclosure": disclosure.pk,
                    "kind": decision.kind,
                    "decided_by": decision.decided_by,
                    "document_reference": decision.document_reference,
                    "decided_on": decision.decided_on,
                    "marks": [mark.pk for mark in marks],
                },
            ),
            note=decision.basis,
        )
    return decision


def _close_marks(marks: list[Finding], *, actor: Any, decision: Declassification) -> None:
    reason = _("%(kind)s：%(by)s，%(ref)s") % {
        "kind": decision.get_kind_display(),
        "by": decision.decided_by,
        "ref": decision.document_reference,
    }
    Finding.objects.filter(pk__in=[mark.pk for mark in marks]).update(
        status=Finding.Status.DECLASSIFIED, reason=reason, resolved_by=actor, resolved_at=timezone.now()
    )


# --- reading the record -------------------------------------------------------------------------------------------


def record_of(disclosure: Disclosure) -> tuple[list[Review], list[Declassification]]:
    """The secrecy record of an item, oldest first. The caller has checked that the reader may see it."""
    reviews = list(disclosure.reviews.select_related("reviewer"))
    decisions = list(disclosure.declassifications.select_related("recorded_by"))
    return reviews, decisions
