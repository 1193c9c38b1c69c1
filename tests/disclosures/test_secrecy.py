"""Secrecy (issue 9 §3): a classification mark stops the procedure until a declassification is recorded or the
marked content is removed; the office's secrecy review leaves rows of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.audit.models import AuditRecord
from gongkai.disclosures import secrecy, services
from gongkai.disclosures.models import Declassification, Disclosure, Finding, Review
from gongkai.errors import InvalidState
from tests.disclosures.conftest import docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db

# Marks the detector on main already reads (screening/detectors.py).
MARKS = ["秘密★1年", "机密★", "绝密★长期", "★秘密", "密级：机密", "【秘密】", "机密★5年"]


def decision(**overrides):
    data = secrecy.DeclassificationInput(
        kind="declassified",
        decided_by="市招商局定密责任人 刘某",
        basis="该事项已过保密期限，经审核解除密级。",
        document_reference="招密解〔2026〕2号",
        decided_on=dt.date(2026, 7, 1),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def marked_item(users, entry, mark, *, in_attachment=False):
    body = "<p>第二季度共签约项目12个。</p>" if in_attachment else f"<p>{mark}</p><p>第二季度共签约项目12个。</p>"
    item = services.disclosure_create(actor=users["editor_xm"], entry=entry, data=make_input(entry, body=body))
    if in_attachment:
        services.attachment_add(actor=users["editor_xm"], disclosure=item, name="情况.docx", data=docx_with(mark))
    return walk_to(item, "in_review", users)


def assert_stopped(users, item):
    mark = item.findings.get(kind="classification")
    for attempt in (
        lambda: services.finding_redact(actor=users["office"], finding=mark),
        lambda: services.finding_accept(actor=users["office"], finding=mark, reason="经审核可公开"),
        lambda: services.disclosure_review(actor=users["office"], disclosure=item),
    ):
        with pytest.raises(InvalidState) as refused:
            attempt()
        assert "密级标识" in refused.value.message
    item.refresh_from_db()
    assert item.state == Disclosure.State.IN_REVIEW
    assert Finding.objects.get(pk=mark.pk).status == Finding.Status.OPEN
    assert mark.text in item.body or item.attachments.filter(removed=False).exists()


@pytest.mark.parametrize("mark", ["秘密★1年", "机密"])
def test_a_mark_in_the_body_can_be_neither_masked_nor_accepted_and_stops_review(users, quarterly, clock, mark):
    item = marked_item(users, quarterly, mark)
    assert_stopped(users, item)


def test_a_mark_in_an_attachment_stops_the_procedure_too(users, quarterly, clock):
    item = marked_item(users, quarterly, "机密★5年", in_attachment=True)
    assert item.findings.get(kind="classification").attachment is not None
    assert_stopped(users, item)


@given(mark=st.sampled_from(MARKS), in_attachment=st.booleans())
def test_every_mark_the_detector_reads_stops_the_procedure(users, quarterly, clock, mark, in_attachment):
    assert_stopped(users, marked_item(users, quarterly, mark, in_attachment=in_attachment))


def test_a_spaced_mark_stops_the_procedure_once_screen_detect_reads_spaced_marks(users, quarterly, clock):
    item = marked_item(users, quarterly, "机 密★5年")
    assert item.findings.filter(kind="classification").exists()
    assert_stopped(users, item)


def test_a_recorded_declassification_lets_the_item_go_on_and_is_audited(users, quarterly, clock):
    item = marked_item(users, quarterly, "秘密★1年")
    office = users["office"]
    recorded = secrecy.declassification_record(actor=office, disclosure=item, data=decision())

    mark = item.findings.get(kind="classification")
    assert mark.status == Finding.Status.DECLASSIFIED and "招密解〔2026〕2号" in mark.reason
    assert (recorded.decided_by, recorded.document_reference, recorded.decided_on, recorded.recorded_by) == (
        "市招商局定密责任人 刘某",
        "招密解〔2026〕2号",
        dt.date(2026, 7, 1),
        office,
    )
    assert "秘密★1年" in recorded.marks
    audit = AuditRecord.objects.get(action="disclosure.declassification")
    assert audit.target_id == str(recorded.pk) and audit.actor == office
    published = walk_to(item, "published", users)
    assert published.state == Disclosure.State.PUBLISHED
    assert list(published.reviews.values_list("secrecy_conclusion", "reviewer")) == [("may_disclose", office.pk)]


def test_an_incomplete_declassification_is_refused_and_nothing_changes(users, quarterly, clock):
    from django.core.exceptions import ValidationError

    item = marked_item(users, quarterly, "秘密★1年")
    for bad in (
        {"decided_by": " "},
        {"basis": ""},
        {"document_reference": ""},
        {"decided_on": None},
        {"decided_on": dt.date(2026, 7, 3)},
        {"kind": "whatever"},
    ):
        with pytest.raises(ValidationError):
            secrecy.declassification_record(actor=users["office"], disclosure=item, data=decision(**bad))
    assert not Declassification.objects.exists()
    assert item.findings.get(kind="classification").status == Finding.Status.OPEN


def test_only_the_office_records_a_declassification(users, quarterly, clock):
    from gongkai.errors import Refused

    item = marked_item(users, quarterly, "秘密★1年")
    for name in ("editor_xm", "leader", "auditor", "staff"):
        with pytest.raises(Refused):
            secrecy.declassification_record(actor=users[name], disclosure=item, data=decision())
    assert not Declassification.objects.exists()


def test_removing_the_marked_content_resolves_the_mark_and_keeps_it_on_record(users, quarterly, clock):
    item = marked_item(users, quarterly, "机密★5年", in_attachment=True)
    services.disclosure_return(actor=users["office"], disclosure=item, comment="附件含密级标识，请删除后重新提交。")
    services.attachment_remove(actor=users["editor_xm"], attachment=item.attachments.get())
    item = walk_to(Disclosure.objects.get(pk=item.pk), "in_review", users)
    assert not item.findings.filter(kind="classification", status=Finding.Status.OPEN).exists()
    assert item.findings.get(kind="classification").status == Finding.Status.REMOVED
    assert AuditRecord.objects.get(action="disclosure.mark_removed", target_id=str(item.pk)).changes["marks"][0][1] == (
        "机密★5年"
    )
    assert walk_to(item, "published", users).state == Disclosure.State.PUBLISHED


def test_may_not_be_disclosed_sends_the_item_back_with_the_conclusion(users, quarterly, clock):
    item = marked_item(users, quarterly, "秘密★1年")
    review = secrecy.secrecy_review_record(
        actor=users["office"], disclosure=item, conclusion="may_not", basis="属于本局保密事项范围第三条。"
    )
    item.refresh_from_db()
    assert item.state == Disclosure.State.RETURNED
    assert "不得公开" in item.transitions.last().comment
    assert (review.reviewer, review.secrecy_conclusion, review.round) == (users["office"], "may_not", 1)
    assert AuditRecord.objects.filter(action="disclosure.secrecy_review", target_id=str(review.pk)).exists()


def test_needs_declassification_holds_review_and_approval_until_a_decision_is_recorded(users, quarterly, clock):
    item = walk_to(
        services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly)),
        "in_review",
        users,
    )
    office = users["office"]
    secrecy.secrecy_review_record(
        actor=office, disclosure=item, conclusion="needs_declassification", basis="数据来自上级涉密文件。"
    )
    with pytest.raises(InvalidState) as refused:
        services.disclosure_review(actor=office, disclosure=item)
    assert "须经解密" in refused.value.message
    secrecy.secrecy_review_record(actor=office, disclosure=item, conclusion="may_disclose", basis="")
    with pytest.raises(InvalidState):  # a later "may be disclosed" does not replace the decision
        services.disclosure_review(actor=office, disclosure=item)
    secrecy.declassification_record(actor=office, disclosure=item, data=decision(kind="not_classified"))
    assert walk_to(item, "published", users).state == Disclosure.State.PUBLISHED


def test_approval_needs_a_secrecy_review_of_this_submission(users, quarterly, clock):
    item = walk_to(
        services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly)),
        "reviewed",
        users,
    )
    Review.objects.filter(disclosure=item).delete()
    with pytest.raises(InvalidState) as refused:
        services.disclosure_approve(actor=users["leader"], disclosure=item)
    assert "保密审查记录" in refused.value.message


def test_a_basis_is_required_unless_may_be_disclosed(users, quarterly, clock):
    from django.core.exceptions import ValidationError

    item = marked_item(users, quarterly, "秘密★1年")
    for conclusion in ("may_not", "needs_declassification"):
        with pytest.raises(ValidationError):
            secrecy.secrecy_review_record(actor=users["office"], disclosure=item, conclusion=conclusion, basis=" ")
    with pytest.raises(InvalidState):  # "may be disclosed" while a mark is open
        secrecy.secrecy_review_record(actor=users["office"], disclosure=item, conclusion="may_disclose", basis="")
    assert not Review.objects.exists()


# --- the pages -----------------------------------------------------------------------------------------------------


def test_the_office_records_the_decision_on_the_review_page_and_sees_it_in_the_history(
    users, quarterly, clock, client_as
):
    item = marked_item(users, quarterly, "秘密★1年")
    office = client_as("office")
    page = office.get(f"/workspace/disclosures/{item.pk}/").content.decode()
    assert "保密审查" in page and "办理已停止" in page
    response = office.post(
        f"/workspace/disclosures/{item.pk}/declassification/",
        {
            "declassify-kind": "declassified",
            "declassify-decided_by": "市招商局定密责任人 刘某",
            "declassify-document_reference": "招密解〔2026〕2号",
            "declassify-decided_on": "2026-07-01",
            "declassify-basis": "已过保密期限。",
        },
    )
    assert response.status_code == 302
    assert Declassification.objects.filter(disclosure=item).count() == 1
    office.post(f"/workspace/disclosures/{item.pk}/do/review/", {"comment": ""})
    item.refresh_from_db()
    assert item.state == Disclosure.State.REVIEWED
    history = office.get(f"/workspace/disclosures/{item.pk}/").content.decode()
    assert "招密解〔2026〕2号" in history and "可以公开" in history


def test_a_bad_declassification_form_is_a_message_not_an_error(users, quarterly, clock, client_as):
    item = marked_item(users, quarterly, "秘密★1年")
    office = client_as("office")
    response = office.post(f"/workspace/disclosures/{item.pk}/declassification/", {"declassify-kind": "x"}, follow=True)
    assert response.status_code == 200
    assert not Declassification.objects.exists()
    response = office.post(
        f"/workspace/disclosures/{item.pk}/secrecy-review/", {"secrecy-conclusion": "may_not"}, follow=True
    )
    assert response.status_code == 200 and "请写明依据" in response.content.decode()
    assert not Review.objects.exists()


def test_a_reader_of_the_published_item_does_not_see_the_secrecy_record(users, quarterly, clock, client_as):
    item = marked_item(users, quarterly, "秘密★1年")
    secrecy.declassification_record(actor=users["office"], disclosure=item, data=decision())
    item = walk_to(item, "published", users)
    # Only the secrecy panel and its history lines are checked here: the findings table (whose reasons quote the
    # decision) is hidden from readers by the review-record rule of branch trust-read.
    reader = client_as("staff").get(f"/workspace/disclosures/{item.pk}/")
    if reader.status_code == 200:
        page = reader.content.decode()
        assert 'id="secrecy-heading"' not in page and "登记解密" not in page and "保密审查——" not in page
    supervision = client_as("auditor").get(f"/workspace/disclosures/{item.pk}/").content.decode()
    assert 'id="secrecy-heading"' in supervision and "登记解密——" in supervision
