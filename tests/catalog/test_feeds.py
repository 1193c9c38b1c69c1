"""Issue 9 §4: calendar-feed addresses are made by a POST, revocable on the page, and each act is recorded."""

import pytest
from django.test import Client

from gongkai.audit.models import AuditRecord
from gongkai.catalog.models import DepartmentFeed
from gongkai.org.models import Department

pytestmark = pytest.mark.django_db


def test_reading_the_obligations_page_makes_no_address(client_as):
    client_as("office").get("/workspace/obligations/")
    client_as("editor_xm").get("/workspace/obligations/")
    assert not DepartmentFeed.objects.exists()


def test_an_editor_makes_and_revokes_their_departments_address(client_as, users):
    editor = client_as("editor_xm")
    department = users["editor_xm"].department
    assert editor.get(f"/workspace/obligations/feeds/{department.pk}/new/").status_code == 405
    assert editor.post(f"/workspace/obligations/feeds/{department.pk}/new/").status_code == 302
    feed = DepartmentFeed.objects.get(department=department)
    made = AuditRecord.objects.get(action="catalog.feed_create", target_id=str(department.pk))
    assert made.actor == users["editor_xm"] and feed.token not in str(made.changes)
    page = editor.get("/workspace/obligations/").content.decode()
    assert feed.token in page and f"/workspace/obligations/feeds/{department.pk}/revoke/" in page
    assert Client().get(f"/workspace/obligations/feed/{feed.token}.ics").status_code == 200

    assert editor.post(f"/workspace/obligations/feeds/{department.pk}/revoke/").status_code == 302
    assert not DepartmentFeed.objects.filter(department=department).exists()
    assert AuditRecord.objects.filter(action="catalog.feed_revoke", target_id=str(department.pk)).exists()
    assert Client().get(f"/workspace/obligations/feed/{feed.token}.ics").status_code == 404


def test_an_editor_cannot_touch_another_departments_address(client_as, users):
    other = Department.objects.exclude(pk=users["editor_xm"].department_id).first()
    response = client_as("editor_xm").post(f"/workspace/obligations/feeds/{other.pk}/new/", follow=True)
    assert "只有领导小组办公室或本科室经办人" in response.content.decode()
    assert not DepartmentFeed.objects.exists()
    assert not AuditRecord.objects.filter(action="catalog.feed_create").exists()


def test_the_office_manages_every_departments_address(client_as, users):
    other = Department.objects.exclude(pk=users["editor_xm"].department_id).first()
    assert client_as("office").post(f"/workspace/obligations/feeds/{other.pk}/new/").status_code == 302
    again = client_as("office").post(f"/workspace/obligations/feeds/{other.pk}/new/", follow=True)
    assert "请先作废原地址" in again.content.decode()
    assert DepartmentFeed.objects.filter(department=other).count() == 1
