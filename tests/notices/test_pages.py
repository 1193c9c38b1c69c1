import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.notices.models import Notice
from gongkai.notices.services import notify

pytestmark = pytest.mark.django_db


def _give(user, key, title):
    return notify(recipients=[user], title=title, body="第一行\n第二行", url="/workspace/", kind="test", key=key)[0]


def test_the_notices_page_lists_only_ones_own_notices_newest_first(users, client_as):
    _give(users["office"], "a", "较早的通知")
    _give(users["office"], "b", "较新的通知")
    _give(users["office2"], "c", "别人的通知")
    content = client_as("office").get("/workspace/notices/").content.decode()
    assert "别人的通知" not in content
    assert content.index("较新的通知") < content.index("较早的通知")
    assert "第一行<br>第二行" in content


def test_the_header_counts_unread_notices(users, client_as):
    _give(users["office"], "a", "通知一")
    _give(users["office"], "b", "通知二")
    content = client_as("office").get("/workspace/").content.decode()
    assert '<span class="count" aria-hidden="true">2</span><span class="visually-hidden">2 条未读</span>' in content
    assert "条未读" not in client_as("office2").get("/workspace/").content.decode()


def test_marking_one_and_then_all_read(users, client_as):
    first = _give(users["office"], "a", "通知一")
    _give(users["office"], "b", "通知二")
    theirs = _give(users["office2"], "c", "别人的通知")
    client = client_as("office")
    response = client.post("/workspace/notices/read/", {"notice": first.pk, "page": "1"})
    assert response.status_code == 302 and response["Location"] == "/workspace/notices/?page=1"
    assert Notice.objects.get(pk=first.pk).read_at is not None
    client.post("/workspace/notices/read/", {"notice": theirs.pk})  # someone else's: ignored
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    response = client.post("/workspace/notices/read/", follow=True)
    assert "已将 1 条通知标为已读。" in response.content.decode()
    assert not Notice.objects.filter(recipient=users["office"], read_at__isnull=True).exists()
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_the_notices_pages_need_sign_in_and_post(org, client_as):
    for url in ("/workspace/notices/", "/workspace/notices/read/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/workspace/login/")
    assert client_as("office").get("/workspace/notices/read/").status_code == 405


def test_the_header_count_costs_one_query(users, client_as):
    _give(users["office"], "a", "通知一")
    client = client_as("office")
    with CaptureQueriesContext(connection) as queries:
        client.get("/workspace/")
    assert sum('"notices_notice"' in q["sql"] for q in queries.captured_queries) == 1


def test_the_notices_page_speaks_english_on_request(users, client_as):
    _give(users["office"], "a", "通知一")
    client = client_as("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/workspace/notices/"})
    content = client.get("/workspace/notices/").content.decode()
    assert "Mark all as read" in content and '<span class="visually-hidden">1 unread</span>' in content
