import pytest
from django.test import Client

from gongkai.disclosures import services
from tests.disclosures.conftest import docx_with, walk_to

pytestmark = pytest.mark.django_db


def test_a_draft_is_not_found_by_outsiders_and_its_file_neither(draft, users, client_as):
    services.attachment_add(actor=users["editor_xm"], disclosure=draft, name="说明.docx", data=docx_with("正文"))
    token = draft.attachments.get().token
    for client in (Client(), client_as("staff"), client_as("editor_rs"), client_as("sysadmin")):
        assert client.get(f"/items/{draft.pk}/").status_code == 404
        assert client.get(f"/files/{token}/").status_code == 404
        assert client.get(f"/workspace/disclosures/{draft.pk}/").status_code in (404, 302)
    assert client_as("editor_xm").get(f"/workspace/disclosures/{draft.pk}/").status_code == 200
    assert client_as("editor_xm").get(f"/files/{token}/").status_code == 200
    assert client_as("auditor").get(f"/workspace/disclosures/{draft.pk}/").status_code == 200
    assert client_as("office").get(f"/workspace/disclosures/{draft.pk}/").status_code == 404  # not yet submitted


def test_a_published_public_item_is_read_by_anyone_with_its_metadata(draft, users):
    published = walk_to(draft, "published", users)
    page = Client().get(f"/items/{published.pk}/").content.decode()
    for text in ("索引号", "zsj/2026-00001", "发布机构", "某市招商局", "成文日期", "2026-07-01", "主题分类"):
        assert text in page


def test_the_editor_drafts_through_the_page_with_bad_input_refused(users, quarterly, client_as, clock):
    client = client_as("editor_xm")
    url = f"/workspace/disclosures/new/{quarterly.pk}/"
    response = client.post(
        url,
        {
            "title": "",
            "body": "<script>x</script>",
            "scope": quarterly.scope_id,
            "forms": [f.pk for f in quarterly.forms.all()],
        },
    )
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "标题",
            "body": "<p onclick='x()'>正文</p>",
            "scope": quarterly.scope_id,
            "forms": [f.pk for f in quarterly.forms.all()],
        },
    )
    assert "不能保存" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "二季度情况",
            "body": "正文第一段\n正文第二段",
            "scope": quarterly.scope_id,
            "forms": [f.pk for f in quarterly.forms.all()],
            "obligation_key": "16:2026Q2",
        },
    )
    assert response.status_code == 302
    assert client_as("editor_rs").get(url).status_code == 403


def test_the_notice_pdf_prints_for_an_approved_item(draft, users, client_as):
    approved = walk_to(draft, "approved", users)
    response = client_as("editor_xm").get(f"/items/{approved.pk}/notice.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Client().get(f"/items/{approved.pk}/notice.pdf").status_code == 404


def test_steps_through_the_pages_refuse_with_messages(draft, users, client_as):
    response = client_as("leader").post(f"/workspace/disclosures/{draft.pk}/do/approve/", follow=True)
    assert response.status_code == 404  # a draft is not the leader's to see
    submitted = walk_to(draft, "in_review", users)
    response = client_as("office").post(
        f"/workspace/disclosures/{submitted.pk}/do/return/", {"comment": ""}, follow=True
    )
    assert "退回时请填写意见" in response.content.decode()
    assert client_as("office").post(f"/workspace/disclosures/{submitted.pk}/do/explode/").status_code == 404


def test_an_objection_through_the_item_page(users, appointment):
    import datetime as dt

    import time_machine

    from tests.disclosures.test_windows import CST, _appointment

    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = _appointment(users, appointment)
    with time_machine.travel(dt.datetime(2026, 9, 29, 9, tzinfo=CST), tick=False):
        visitor = Client()
        form_page = visitor.get(f"/items/{item.pk}/")  # the objection form sets the CSRF cookie: not for sharing
        assert "csrftoken" in form_page.cookies and "public" not in form_page["Cache-Control"]
        assert "private" in form_page["Cache-Control"]
        response = visitor.post(f"/items/{item.pk}/", {"content": "请核实该同志的工作经历。"}, follow=True)
        code = item.objections.get().tracking_code
        assert code in response.content.decode()
        # The page that shows the code is this visitor's alone: no shared cache keeps it, no disk copy either.
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert code not in Client().get(f"/items/{item.pk}/").content.decode()
    with time_machine.travel(dt.datetime(2026, 10, 12, 9, tzinfo=CST), tick=False):
        assert Client().post(f"/items/{item.pk}/", {"content": "迟到"}).status_code == 404  # closed: gone
    assert item.objections.count() == 1


def test_a_file_address_with_odd_characters_is_simply_not_found(org):
    for token in ("%00", "a%00b", "..%2F..%2Fetc", "x" * 100):
        assert Client().get(f"/files/{token}/").status_code == 404


def test_each_persons_queues_count_on_the_dashboard_what_the_disclosures_page_lists(draft, users, client_as):
    import re

    def counts(username):
        page = client_as(username).get("/workspace/").content.decode()
        return {key: int(n) for key, n in re.findall(r'#queue-(\w+)"><span class="dash-count">(\d+)</span>', page)}

    assert counts("editor_xm") == {"drafts": 1, "carry_out": 0}
    assert counts("editor_rs") == {"drafts": 0, "carry_out": 0}  # another department's draft is not theirs
    draft = walk_to(draft, "in_review", users)
    assert counts("office")["review"] == 1 and counts("editor_xm")["drafts"] == 0
    listed = client_as("office").get("/workspace/disclosures/").content.decode()
    review = listed[listed.index('id="queue-review"') : listed.index("</section>", listed.index('id="queue-review"'))]
    assert draft.title in review
    walk_to(draft, "reviewed", users)
    assert counts("leader") == {"approve": 1} and counts("office")["review"] == 0
