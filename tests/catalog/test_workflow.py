import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditRecord
from gongkai.catalog import entry_data, services
from gongkai.catalog.models import Catalog, CatalogVersion, ChangeRequest, Entry, Scope
from gongkai.catalog.obligations import obligations_for_catalog
from gongkai.catalog.services import cross_year_end
from gongkai.errors import InvalidState, NotAllowed
from gongkai.org.models import Department

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def catalog2026(org):
    return Catalog.objects.get(organisation=org, year=2026)


@pytest.fixture
def draft2027(org, users):
    return services.catalog_create(actor=users["office"], organisation=org, year=2027)


def _data(catalog, **overrides):
    base = entry_data.from_entry(catalog.entries.get(code="16"))
    base.update(code="99", title="测试事项", stages=[])
    base.update(overrides)
    return base


def test_the_demo_2026_catalog_is_approved_from_the_template(catalog2026):
    assert catalog2026.is_approved and catalog2026.entries.count() == 20
    assert {e.time_type for e in catalog2026.entries.all()} == set(Entry.TimeType.values)
    assert catalog2026.entries.values("category").distinct().count() == 7
    assert catalog2026.versions.get().number == 1


def test_a_new_year_starts_as_a_copy_of_the_last_approved_catalog(draft2027, catalog2026):
    assert draft2027.copied_from == catalog2026 and draft2027.status == Catalog.Status.DRAFT
    assert sorted(draft2027.entries.values_list("code", flat=True)) == sorted(
        catalog2026.entries.values_list("code", flat=True)
    )
    phased = draft2027.entries.get(code="17")
    assert phased.stages.first().planned_on == D(2027, 3, 31)


def test_a_copied_cross_year_work_keeps_its_real_end_and_owes_no_second_summary(draft2027, catalog2026):
    original = catalog2026.entries.get(code="17")
    assert original.crosses_year and original.work_ends_on == D(2027, 6, 30)
    copied = draft2027.entries.get(code="17")
    assert copied.work_ends_on == D(2027, 6, 30)  # not shifted to 2028
    assert not copied.crosses_year  # it ends within 2027: no longer a cross-year work there
    summaries = [
        o
        for catalog in (catalog2026, draft2027)
        for o in obligations_for_catalog(catalog)
        if o.entry.code == "17" and o.kind == "summary"
    ]
    assert [(o.entry.catalog.year, o.period_end) for o in summaries] == [(2026, D(2027, 6, 30))]


def test_a_work_ending_after_the_new_year_still_crosses_it_with_its_real_end():
    data = {"crosses_year": True, "work_ends_on": D(2028, 9, 30)}
    assert cross_year_end(data, 2027) == {"work_ends_on": D(2028, 9, 30), "crosses_year": True}
    assert cross_year_end({"crosses_year": False, "work_ends_on": None}, 2027) == {}


def test_draft_submit_return_resubmit_approve(draft2027, users):
    office, leader = users["office"], users["leader"]
    services.catalog_submit(actor=office, catalog=draft2027)
    with pytest.raises(InvalidState):
        services.entry_save(actor=office, catalog=draft2027, data=_data(draft2027))
    services.catalog_return(actor=leader, catalog=draft2027, comment="请补充党费公开的具体内容。")
    draft2027.refresh_from_db()
    assert draft2027.status == Catalog.Status.RETURNED
    services.entry_save(actor=office, catalog=draft2027, data=_data(draft2027))
    services.catalog_submit(actor=office, catalog=draft2027)
    services.catalog_approve(actor=leader, catalog=draft2027)
    draft2027.refresh_from_db()
    assert draft2027.is_approved and draft2027.approved_by == leader
    assert [t.action for t in draft2027.transitions.all()] == ["submit", "return", "submit", "approve"]
    assert draft2027.transitions.get(action="return").comment == "请补充党费公开的具体内容。"
    actions = set(
        AuditRecord.objects.filter(target_type="catalog.catalog", target_id=str(draft2027.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"catalog.create", "catalog.submit", "catalog.return", "catalog.approve"} <= actions


def test_only_the_leader_approves_and_never_their_own_draft(draft2027, users):
    services.catalog_submit(actor=users["office"], catalog=draft2027)
    for username in ("office", "deputy", "partygroup", "staff", "auditor", "sysadmin"):
        with pytest.raises(NotAllowed):
            services.catalog_approve(actor=users[username], catalog=draft2027)
    draft2027.created_by = users["leader"]
    with pytest.raises(NotAllowed):
        services.catalog_approve(actor=users["leader"], catalog=draft2027)


def test_returning_needs_a_comment(draft2027, users):
    services.catalog_submit(actor=users["office"], catalog=draft2027)
    with pytest.raises(InvalidState):
        services.catalog_return(actor=users["leader"], catalog=draft2027, comment="  ")


def test_an_approved_catalog_cannot_be_edited_directly(catalog2026, users):
    before = AuditRecord.objects.count()
    with pytest.raises(InvalidState):
        services.entry_save(actor=users["office"], catalog=catalog2026, data=_data(catalog2026))
    with pytest.raises(InvalidState):
        services.entry_delete(actor=users["office"], entry=catalog2026.entries.first())
    assert AuditRecord.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"department": None}, "department"),
        ({"scope": None}, "scope"),
        ({"category": None}, "category"),
        ({"forms": []}, "forms"),
        ({"code": "01"}, "code"),
        ({"time_type": "immediate", "publicity_workdays": 0}, "publicity_workdays"),
        ({"time_type": "phased", "stages": [("二阶段", D(2028, 1, 5))]}, "stages"),
        ({"time_type": "phased", "stages": []}, "stages"),
        (
            {"time_type": "phased", "crosses_year": True, "work_ends_on": None, "stages": [("一", D(2027, 5, 1))]},
            "work_ends_on",
        ),
        ({"due_workdays": -1}, "due_workdays"),
    ],
)
def test_impossible_entries_are_refused_with_a_message(draft2027, users, overrides, field):
    count = draft2027.entries.count()
    with pytest.raises(ValidationError) as refused:
        services.entry_save(actor=users["office"], catalog=draft2027, data=_data(draft2027, **overrides))
    assert field in refused.value.message_dict
    assert all("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message_dict[field][0][:1])
    assert draft2027.entries.count() == count


def test_a_scope_of_another_organisation_is_refused(draft2027, users, org):
    from gongkai.org.models import Organisation

    other = Organisation.objects.create(code="other", name="他局")
    foreign = Scope.objects.create(organisation=other, code="public", name="向社会公开", kind="public")
    with pytest.raises(ValidationError) as refused:
        services.entry_save(actor=users["office"], catalog=draft2027, data=_data(draft2027, scope=foreign))
    assert "scope" in refused.value.message_dict


def test_an_out_of_catalog_item_needs_the_party_groups_approval(catalog2026, users):
    office, party = users["office"], users["partygroup"]
    data = _data(catalog2026, code="21", title="招商引资项目专项审计整改情况", time_type="immediate", period="")
    change = services.change_request_create(
        actor=office, catalog=catalog2026, kind="add", data=data, reason="局党组会议决定增加公开。"
    )
    assert not catalog2026.entries.filter(code="21").exists()  # the live version stands until approval
    with pytest.raises(NotAllowed):
        services.change_request_decide(
            actor=office, change=change, approve=True, meeting_date=D(2026, 7, 2), minute_ref="党组〔2026〕7号"
        )
    with pytest.raises(ValidationError):
        services.change_request_decide(actor=party, change=change, approve=True, meeting_date=D(2026, 7, 2))
    services.change_request_decide(
        actor=party, change=change, approve=True, meeting_date=D(2026, 7, 2), minute_ref="党组〔2026〕7号"
    )
    added = catalog2026.entries.get(code="21")
    assert added.out_of_catalog
    version = CatalogVersion.objects.get(catalog=catalog2026, number=2)
    assert version.change_request == change and "党组〔2026〕7号" in version.summary
    assert any(e["code"] == "21" for e in version.snapshot)
    assert not any(e["code"] == "21" for e in catalog2026.versions.get(number=1).snapshot)


def test_a_change_request_needs_a_reason(catalog2026, users):
    with pytest.raises(ValidationError):
        services.change_request_create(
            actor=users["office"], catalog=catalog2026, kind="revoke", entry=catalog2026.entries.first(), reason=" "
        )
    assert not ChangeRequest.objects.exists()


def test_revoking_and_terminating(catalog2026, users):
    office, party = users["office"], users["partygroup"]
    entry = catalog2026.entries.get(code="13")
    change = services.change_request_create(
        actor=office, catalog=catalog2026, kind="terminate", entry=entry, reason="机构调整", effective_on=D(2026, 7, 1)
    )
    with pytest.raises(InvalidState):  # one pending change per entry
        services.change_request_create(actor=office, catalog=catalog2026, kind="revoke", entry=entry, reason="x")
    services.change_request_decide(
        actor=party, change=change, approve=True, meeting_date=D(2026, 6, 28), minute_ref="党组〔2026〕6号"
    )
    entry.refresh_from_db()
    assert entry.status == Entry.Status.TERMINATED and entry.ended_on == D(2026, 7, 1)


def test_a_decided_request_cannot_be_decided_again(catalog2026, users):
    change = services.change_request_create(
        actor=users["office"],
        catalog=catalog2026,
        kind="revoke",
        entry=catalog2026.entries.get(code="10"),
        reason="并入其他事项",
    )
    services.change_request_decide(
        actor=users["partygroup"], change=change, approve=False, meeting_date=D(2026, 6, 1), comment="暂不撤销"
    )
    with pytest.raises(InvalidState):
        services.change_request_decide(
            actor=users["deputy"], change=change, approve=True, meeting_date=D(2026, 6, 1), minute_ref="x"
        )
    assert catalog2026.entries.get(code="10").is_live


def test_a_modification_applies_on_approval_only(catalog2026, users):
    entry = catalog2026.entries.get(code="16")
    data = entry_data.from_entry(entry)
    data.update(title="季度招商引资工作情况（含外资）", department=Department.objects.get(code="wzk"))
    change = services.change_request_create(
        actor=users["office"], catalog=catalog2026, kind="modify", entry=entry, data=data, reason="外资科牵头"
    )
    entry.refresh_from_db()
    assert entry.title == "季度招商引资工作情况"
    services.change_request_decide(
        actor=users["deputy"], change=change, approve=True, meeting_date=D(2026, 8, 3), minute_ref="党组〔2026〕9号"
    )
    entry.refresh_from_db()
    assert entry.title == "季度招商引资工作情况（含外资）" and entry.department.code == "wzk"


def test_the_version_comparison_names_the_approved_version(catalog2026, users, client_as):
    data = _data(catalog2026, code="21", title="招商引资项目专项审计整改情况", time_type="immediate", period="")
    change = services.change_request_create(
        actor=users["office"], catalog=catalog2026, kind="add", data=data, reason="局党组会议决定增加公开。"
    )
    services.change_request_decide(
        actor=users["partygroup"], change=change, approve=True, meeting_date=D(2026, 7, 2), minute_ref="党组〔2026〕7号"
    )
    page = client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/versions/").content.decode()
    assert "第1版与第2版对照" in page and "第2版由" in page
