import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.audit.models import AuditRecord
from gongkai.catalog.models import Fulfilment, Scope
from gongkai.disclosures import services
from gongkai.disclosures.models import Disclosure, Transition
from gongkai.errors import InvalidState, NotAllowed
from tests.disclosures.conftest import make_input, walk_to

pytestmark = pytest.mark.django_db
St = Disclosure.State


def test_draft_to_published_fulfils_its_obligation(draft, users, quarterly):
    published = walk_to(draft, "published", users)
    assert published.state == St.PUBLISHED
    assert published.index_number == "zsj/2026-00001"
    assert [t.action for t in published.transitions.all()] == ["submit", "review", "approve", "publish_online"]
    fulfilment = Fulfilment.objects.get(entry=quarterly, obligation_key="16:2026Q2")
    assert fulfilment.fulfilled_on == dt.date(2026, 7, 2)
    actions = list(
        AuditRecord.objects.filter(target_type="disclosures.disclosure", target_id=str(draft.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "disclosure.create",
        "disclosure.submit",
        "disclosure.review",
        "disclosure.approve",
        "disclosure.publish_online",
    ]


def test_index_numbers_count_up_per_organisation_and_year(users, quarterly, clock):
    numbers = []
    for quarter in ("Q1", "Q2"):
        item = services.disclosure_create(
            actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, obligation_key=f"16:2026{quarter}")
        )
        numbers.append(walk_to(item, "published", users).index_number)
    assert numbers == ["zsj/2026-00001", "zsj/2026-00002"]


@pytest.mark.parametrize(
    ("step", "state"),
    [
        ("review", "draft"),
        ("approve", "draft"),
        ("publish", "draft"),
        ("approve", "in_review"),
        ("publish", "in_review"),
        ("submit", "in_review"),
        ("review", "reviewed"),
        ("publish", "reviewed"),
        ("submit", "approved"),
        ("review", "approved"),
        ("approve", "published"),
        ("submit", "published"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(draft, users, step, state):
    disclosure = draft if state == "draft" else walk_to(draft, state, users)
    actors = {"submit": "editor_xm", "review": "office", "approve": "leader", "publish": "editor_xm"}
    before = (disclosure.state, Transition.objects.count(), AuditRecord.objects.count())
    with pytest.raises(InvalidState):
        getattr(services, f"disclosure_{step}")(actor=users[actors[step]], disclosure=disclosure)
    disclosure.refresh_from_db()
    assert (disclosure.state, Transition.objects.count(), AuditRecord.objects.count()) == before


def test_each_step_belongs_to_its_role(draft, users):
    with pytest.raises(NotAllowed):
        services.disclosure_submit(actor=users["editor_rs"], disclosure=draft)
    submitted = walk_to(draft, "in_review", users)
    for username in ("editor_xm", "leader", "staff", "auditor", "sysadmin"):
        with pytest.raises(NotAllowed):
            services.disclosure_review(actor=users[username], disclosure=submitted)
    reviewed = walk_to(submitted, "reviewed", users)
    for username in ("office", "deputy", "partygroup", "editor_xm"):
        with pytest.raises(NotAllowed):
            services.disclosure_approve(actor=users[username], disclosure=reviewed)


def test_nobody_approves_their_own_draft(users, catalog, clock):
    leader = users["leader"]
    leader.is_department_editor = True  # the leader drafting for the 办公室
    leader.save()
    entry = catalog.entries.get(code="02")
    item = services.disclosure_create(actor=leader, entry=entry, data=make_input(entry, obligation_key="02:2026Q2"))
    services.disclosure_submit(actor=leader, disclosure=item)
    services.disclosure_review(actor=users["office"], disclosure=item)
    with pytest.raises(NotAllowed):
        services.disclosure_approve(actor=leader, disclosure=item)


def test_every_step_can_send_it_back_with_comments(draft, users):
    submitted = walk_to(draft, "in_review", users)
    with pytest.raises(ValidationError):
        services.disclosure_return(actor=users["office"], disclosure=submitted, comment=" ")
    services.disclosure_return(actor=users["office"], disclosure=submitted, comment="请补充项目清单。")
    submitted.refresh_from_db()
    assert submitted.state == St.RETURNED
    reviewed = walk_to(submitted, "reviewed", users)
    services.disclosure_return(actor=users["leader"], disclosure=reviewed, comment="数据请再核实。")
    reviewed.refresh_from_db()
    assert reviewed.state == St.RETURNED
    assert list(reviewed.transitions.filter(action="return").values_list("comment", flat=True)) == [
        "请补充项目清单。",
        "数据请再核实。",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": "<p>正文</p><script>alert('x')</script>"}, "body"),
        ({"body": '<p onclick="steal()">正文</p>'}, "body"),
        ({"body": '<a href="javascript:alert(1)">链接</a>'}, "body"),
        ({"obligation_key": "16:2031Q9"}, "obligation_key"),
        ({"forms": []}, "forms"),
        ({"window_starts_on": dt.date(2026, 7, 6)}, "window_starts_on"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_saved(users, quarterly, clock, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, **overrides))
    assert field in refused.value.message_dict
    assert not Disclosure.objects.exists()


def test_the_scope_may_be_narrowed_never_widened(users, catalog, quarterly, clock):
    party = Scope.objects.get(organisation=catalog.organisation, code="party")
    briefing = quarterly.forms.get(code="briefing")
    narrowed = services.disclosure_create(
        actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, scope=party, forms=[briefing])
    )
    assert narrowed.scope == party
    entry = catalog.entries.get(code="13")  # 党费: party scope
    users["editor_xm"].department = entry.department
    users["editor_xm"].save()
    public = Scope.objects.get(organisation=catalog.organisation, code="public")
    with pytest.raises(ValidationError) as refused:
        services.disclosure_create(
            actor=users["editor_xm"], entry=entry, data=make_input(entry, scope=public, obligation_key="13:2026Q2")
        )
    assert "不能扩大" in refused.value.message_dict["scope"][0]


def test_a_stale_edit_is_refused(draft, users, quarterly):
    services.disclosure_update(
        actor=users["editor_xm"], disclosure=draft, revision=1, data=make_input(quarterly, title="第一次修改")
    )
    with pytest.raises(InvalidState) as refused:
        services.disclosure_update(
            actor=users["editor_xm"], disclosure=draft, revision=1, data=make_input(quarterly, title="基于旧版本的修改")
        )
    assert "已被他人修改" in refused.value.message
    draft.refresh_from_db()
    assert draft.title == "第一次修改"


@pytest.mark.django_db(transaction=True)
def test_two_people_acting_at_once_exactly_one_wins(org, users, quarterly):
    item = services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))
    item = walk_to(item, "reviewed", users)
    barrier, outcomes = threading.Barrier(2), []

    def act(step):
        try:
            barrier.wait(timeout=10)
            if step == "approve":
                services.disclosure_approve(actor=users["leader"], disclosure=item)
            else:
                services.disclosure_return(actor=users["leader"], disclosure=item, comment="退回")
            outcomes.append("ok")
        except InvalidState as refused:
            outcomes.append(refused.message)
        except Exception as error:  # anything else is a failure to report, not to hide
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(step,)) for step in ("approve", "return")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=len)[0] == "ok" and outcomes.count("ok") == 1, outcomes
    assert any("可能已被他人处理" in outcome for outcome in outcomes), outcomes
    item.refresh_from_db()
    assert item.transitions.filter(action__in=["approve", "return"]).count() == 1
