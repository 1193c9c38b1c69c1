"""Issue 9 §4: nobody reviews or approves an item whose content they changed — by deed, not authorship."""

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosures import authorship, services
from gongkai.disclosures.models import Disclosure, Finding
from gongkai.errors import Refused
from gongkai.org.models import Body, Department, Membership
from gongkai.org.roles import forget_roles

from .conftest import ID_NUMBER, docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db


def _make_editor(user, department):
    """An office clerk who is also an editor of the department (both roles at once)."""
    user.department, user.is_department_editor = department, True
    user.save(update_fields=["department", "is_department_editor"])
    forget_roles(user)
    return user


@pytest.fixture
def clerk_editor(users, quarterly):
    return _make_editor(users["office2"], quarterly.department)


def _edit(actor, disclosure, title):
    data = make_input(disclosure.entry, title=title)
    return services.disclosure_update(actor=actor, disclosure=disclosure, data=data, revision=disclosure.revision)


def test_an_office_clerk_who_edited_the_draft_cannot_review_it(draft, users, clerk_editor):
    draft = _edit(clerk_editor, draft, "2026年第二季度招商引资工作情况（改）")
    submitted = services.disclosure_submit(actor=users["editor_xm"], disclosure=draft)
    with pytest.raises(Refused, match="改动过"):
        services.disclosure_review(actor=clerk_editor, disclosure=submitted)
    with pytest.raises(Refused):
        services.disclosure_return(actor=clerk_editor, disclosure=submitted, comment="请补充")
    assert Disclosure.objects.get(pk=draft.pk).state == Disclosure.State.IN_REVIEW
    services.disclosure_review(actor=users["office"], disclosure=submitted)  # the other clerk may


def test_adding_or_removing_an_attachment_is_a_change_too(draft, users, clerk_editor):
    attachment = services.attachment_add(
        actor=users["editor_xm"], disclosure=draft, name="说明.docx", data=docx_with("项目说明")
    )
    services.attachment_remove(actor=clerk_editor, attachment=attachment)
    submitted = services.disclosure_submit(actor=users["editor_xm"], disclosure=draft)
    assert clerk_editor.pk in authorship.content_changers(submitted)
    with pytest.raises(Refused):
        services.disclosure_review(actor=clerk_editor, disclosure=submitted)


def test_the_review_page_offers_no_review_button_to_someone_who_changed_it(draft, users, clerk_editor, client_as):
    draft = _edit(clerk_editor, draft, "改过的标题")
    services.disclosure_submit(actor=users["editor_xm"], disclosure=draft)
    page = client_as("office2").get(f"/workspace/disclosures/{draft.pk}/").content.decode()
    assert f"/workspace/disclosures/{draft.pk}/do/review/" not in page
    page = client_as("office").get(f"/workspace/disclosures/{draft.pk}/").content.decode()
    assert f"/workspace/disclosures/{draft.pk}/do/review/" in page


def test_a_leader_who_edited_the_draft_cannot_approve_it(draft, users):
    leader = _make_editor(users["leader"], draft.department)
    draft = _edit(leader, draft, "组长改过的标题")
    reviewed = walk_to(draft, "reviewed", users)
    with pytest.raises(Refused, match="改动过"):
        services.disclosure_approve(actor=leader, disclosure=reviewed)
    assert Disclosure.objects.get(pk=draft.pk).state == Disclosure.State.REVIEWED


def test_the_reviewer_who_masked_a_finding_cannot_approve(users, quarterly, clock, org):
    office = users["office"]
    # make the office's head the leading group's 组长 too (the demo's leader steps down to deputy)
    leading = Body.objects.get(organisation=org, kind=Body.Kind.LEADING_GROUP)
    Membership.objects.filter(body=leading, user=users["leader"]).update(position=Membership.Position.DEPUTY)
    Membership.objects.filter(body=leading, user=office).update(position=Membership.Position.LEADER)
    forget_roles(office)
    data = make_input(quarterly, body=f"<p>联系人身份证号 {ID_NUMBER}</p>")
    draft = services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=data)
    submitted = services.disclosure_submit(actor=users["editor_xm"], disclosure=draft)
    for finding in submitted.findings.filter(status=Finding.Status.OPEN):
        if Finding.objects.get(pk=finding.pk).status == Finding.Status.OPEN:
            services.finding_redact(actor=office, finding=finding)
    reviewed = services.disclosure_review(actor=users["office2"], disclosure=submitted)
    assert office.pk in authorship.redactors(reviewed)
    with pytest.raises(Refused):
        services.disclosure_approve(actor=office, disclosure=reviewed)


def test_whoever_asked_for_a_correction_does_not_decide_it(draft, users):
    published = walk_to(draft, "published", users)
    leader = _make_editor(users["leader"], draft.department)
    change = services.published_change_request(
        actor=leader,
        disclosure=published,
        kind="correct",
        reason="数字有误",
        new_title="更正后的标题",
        new_body="<p>x</p>",
    )
    with pytest.raises(Refused):
        services.published_change_decide(actor=leader, change=change, approve=True)


PEOPLE = ("editor_xm", "office", "office2", "leader")
A_DOCX = docx_with("说明")
EDITS = ("update", "attach", "detach")


# Each example drafts and edits a real disclosure (~0.3 s): half the profile's examples (50 by default; the
# 16 subsets of the four people are what matters, with attachments added and removed in between).
@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(edits=st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(EDITS)), max_size=5))
def test_review_and_approval_rights_follow_the_set_of_people_who_changed_it(users, quarterly, clock, edits):
    """Generated edit histories by people who hold office, leader and editor roles at once, compared with the
    reference: may review ⇔ office and changed nothing; may approve ⇔ leader and changed nothing."""
    with transaction.atomic():
        for name in PEOPLE[1:]:
            _make_editor(users[name], quarterly.department)
        draft = services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))
        changed = {users["editor_xm"].pk}
        attachments = []
        for name, kind in edits:
            actor = users[name]
            if kind == "update":
                draft = _edit(actor, Disclosure.objects.get(pk=draft.pk), f"第{len(changed)}版")
            elif kind == "attach":
                attachments.append(services.attachment_add(actor=actor, disclosure=draft, name="a.docx", data=A_DOCX))
            elif attachments:
                services.attachment_remove(actor=actor, attachment=attachments.pop())
            else:
                continue
            changed.add(actor.pk)
        draft = Disclosure.objects.get(pk=draft.pk)
        assert authorship.content_changers(draft) == changed
        for name in PEOPLE:
            user = users[name]
            forget_roles(user)
            assert authorship.may_review(user, draft) == (name in ("office", "office2") and user.pk not in changed)
            assert authorship.may_approve(user, draft) == (name == "leader" and user.pk not in changed)
        transaction.set_rollback(True)


def test_an_editor_of_another_department_changes_nothing(users, draft):
    other = Department.objects.exclude(pk=draft.department_id).first()
    outsider = _make_editor(users["office2"], other)
    with pytest.raises(Refused):
        _edit(outsider, draft, "不该改")
    assert outsider.pk not in authorship.content_changers(Disclosure.objects.get(pk=draft.pk))
