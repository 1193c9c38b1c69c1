import pytest
from django.test import Client

from gongkai.catalog import services
from gongkai.catalog.models import Catalog, DepartmentFeed, Entry

pytestmark = pytest.mark.django_db

PARTY_ONLY = "党费收缴、使用和管理情况"  # entry 13, scope 党内
BUREAU_ONLY = "落实党风廉政建设责任制情况"  # entry 06, scope 局内
PUBLIC = "季度招商引资工作情况"  # entry 16


@pytest.fixture
def catalog2026(org):
    return Catalog.objects.get(organisation=org, year=2026)


def test_the_portal_shows_only_the_public_entries_of_the_approved_catalog(catalog2026):
    content = Client().get("/catalog/").content.decode()
    assert PUBLIC in content and PARTY_ONLY not in content and BUREAU_ONLY not in content
    assert Client().get("/catalog/?year=1999").status_code == 404
    assert Client().get("/catalog/?year=abc").status_code == 404


def test_the_portal_shows_a_member_what_their_scope_admits(catalog2026, client_as):
    member = client_as("member").get("/catalog/").content.decode()
    staff = client_as("staff").get("/catalog/").content.decode()
    admin = client_as("sysadmin").get("/catalog/").content.decode()
    assert PARTY_ONLY in member and BUREAU_ONLY in member
    assert PARTY_ONLY not in staff and BUREAU_ONLY in staff
    assert PARTY_ONLY not in admin and BUREAU_ONLY not in admin and PUBLIC in admin


def test_drafts_are_seen_by_managers_only(org, users, client_as):
    draft = services.catalog_create(actor=users["office"], organisation=org, year=2027)
    url = f"/workspace/catalog/{draft.pk}/"
    for username in ("office", "leader", "partygroup", "auditor"):
        assert client_as(username).get(url).status_code == 200, username
    for username in ("staff", "member", "editor_xm", "sysadmin"):
        assert client_as(username).get(url).status_code == 404, username
    assert "2027" not in client_as("staff").get("/workspace/catalog/").content.decode()


def test_staff_see_the_approved_catalog_within_their_scope(catalog2026, client_as):
    content = client_as("staff").get(f"/workspace/catalog/{catalog2026.pk}/").content.decode()
    assert PUBLIC in content and BUREAU_ONLY in content and PARTY_ONLY not in content
    party_entry = catalog2026.entries.get(code="13")
    assert client_as("staff").get(f"/workspace/entries/{party_entry.pk}/").status_code == 404
    assert client_as("member").get(f"/workspace/entries/{party_entry.pk}/").status_code == 200


def test_exports_are_for_managers(catalog2026, client_as):
    xlsx = client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    docx = client_as("leader").get(f"/workspace/catalog/{catalog2026.pk}/export/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client_as("staff").get(f"/workspace/catalog/{catalog2026.pk}/export/xlsx/").status_code == 404
    assert client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/export/exe/").status_code == 404


def test_editing_an_approved_catalog_is_refused_with_a_message(catalog2026, client_as):
    entry = catalog2026.entries.get(code="16")
    response = client_as("office").post(
        f"/workspace/entries/{entry.pk}/edit/",
        {
            "code": "16",
            "title": "改名",
            "category": entry.category_id,
            "department": entry.department_id,
            "forms": [f.pk for f in entry.forms.all()],
            "scope": entry.scope_id,
            "retention": entry.retention_id,
            "time_type": "periodic",
            "period": "quarterly",
            "due_workdays": 5,
            "review_month": 12,
        },
    )
    assert response.status_code == 200 and "变更申请" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == PUBLIC


def test_the_leader_cannot_approve_through_the_page_what_is_not_submitted(catalog2026, client_as):
    response = client_as("leader").post(f"/workspace/catalog/{catalog2026.pk}/do/approve/", follow=True)
    assert "不在待审批状态" in response.content.decode()
    assert client_as("leader").post(f"/workspace/catalog/{catalog2026.pk}/do/explode/").status_code == 404


def test_bad_input_on_the_entry_form_gets_chinese_messages(org, users, client_as):
    draft = services.catalog_create(actor=users["office"], organisation=org, year=2027)
    count = draft.entries.count()
    response = client_as("office").post(
        f"/workspace/catalog/{draft.pk}/entries/new/",
        {
            "code": "99",
            "title": "新事项",
            "time_type": "phased",
            "due_workdays": "-3",
            "review_month": "13",
            "stages": "没有日期的阶段",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and draft.entries.count() == count
    assert "阶段名称，YYYY-MM-DD" in content
    response = client_as("office").post(
        f"/workspace/catalog/{draft.pk}/entries/new/",
        {"code": "99", "title": "新事项", "category": "999999", "department": "abc", "time_type": "nonsense"},
    )
    assert response.status_code == 200 and draft.entries.count() == count


def test_a_change_request_without_a_reason_is_refused(catalog2026, client_as):
    entry = catalog2026.entries.get(code="10")
    response = client_as("office").post(
        f"/workspace/catalog/{catalog2026.pk}/changes/revoke/new/?entry={entry.pk}", {"reason": "   "}
    )
    assert response.status_code == 200 and not entry.change_requests.exists()
    assert (
        client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/changes/revoke/new/?entry=abc").status_code == 404
    )
    assert client_as("office").get(f"/workspace/catalog/{catalog2026.pk}/changes/nonsense/new/").status_code == 404


def test_obligation_pages_and_the_department_feed(catalog2026, client_as, users):
    page = client_as("editor_xm").get("/workspace/obligations/?year=2026")
    content = page.content.decode()
    assert page.status_code == 200 and PUBLIC in content and "06 落实党风廉政建设责任制情况" not in content
    assert "2027" in content  # the Q4 due date waits for the 2027 calendar, visibly
    assert client_as("staff").get("/workspace/obligations/").status_code == 403
    office = client_as("office").get("/workspace/obligations/?year=2026&status=overdue&department=abc")
    assert office.status_code == 200
    assert not DepartmentFeed.objects.exists()  # reading the page makes no address
    client_as("editor_xm").post(f"/workspace/obligations/feeds/{users['editor_xm'].department_id}/new/")
    feed = DepartmentFeed.objects.get(department=users["editor_xm"].department)
    ics = Client().get(f"/workspace/obligations/feed/{feed.token}.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    assert Client().get("/workspace/obligations/feed/guess.ics").status_code == 404


def test_registering_a_triggering_event_from_the_entry_page(catalog2026, client_as):
    entry = catalog2026.entries.get(code="09")
    response = client_as("editor_rs").post(
        f"/workspace/entries/{entry.pk}/", {"occurred_on": "2026-09-28", "description": "拟任外资科科长"}
    )
    assert response.status_code == 302 and entry.events.count() == 1
    response = client_as("editor_rs").post(
        f"/workspace/entries/{entry.pk}/", {"occurred_on": "2026-02-30", "description": "x"}
    )
    assert response.status_code == 200 and entry.events.count() == 1
    assert Entry.objects.get(pk=entry.pk).events.get().description == "拟任外资科科长"
