"""A step whose audit record cannot be written changes nothing.

Every step function writes its change and its audit record in one transaction. Here the audit write is made to
fail (the hash of the new record raises, inside `audit.trail.record`, whichever module imported it) and the whole
database is compared before and after: a step that wrote its record outside the change's transaction, or
caught the failure, leaves a difference and fails the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.apps import apps

from gongkai.audit import trail
from gongkai.catalog import entry_data
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Catalog, ChangeRequest
from gongkai.disclosures import services
from tests.disclosures.conftest import docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db
OURS = ("org", "audit", "catalog", "disclosures", "notices", "workdays", "api", "search")


class AuditDown(Exception):
    pass


def _everything() -> dict[str, list[tuple]]:
    state = {}
    for label in OURS:
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values_list()))
    return state


def _fails_whole(step, monkeypatch) -> None:
    before = _everything()

    def refuse(rec):
        raise AuditDown

    with monkeypatch.context() as patch:
        patch.setattr(trail, "compute_hash", refuse)
        with pytest.raises(AuditDown):
            step()
    after = _everything()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"changed although its audit record failed: {changed}"


@pytest.fixture
def at_july():
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


def test_every_disclosure_step_is_undone_when_its_audit_record_fails(users, quarterly, at_july, monkeypatch):
    u = users
    _fails_whole(
        lambda: services.disclosure_create(actor=u["editor_xm"], entry=quarterly, data=make_input(quarterly)),
        monkeypatch,
    )
    draft = services.disclosure_create(actor=u["editor_xm"], entry=quarterly, data=make_input(quarterly))
    edited = make_input(quarterly, title="改过的标题")
    _fails_whole(
        lambda: services.disclosure_update(
            actor=u["editor_xm"], disclosure=draft, data=edited, revision=draft.revision
        ),
        monkeypatch,
    )
    _fails_whole(
        lambda: services.attachment_add(actor=u["editor_xm"], disclosure=draft, name="名单.docx", data=docx_with("无")),
        monkeypatch,
    )
    _fails_whole(lambda: services.disclosure_submit(actor=u["editor_xm"], disclosure=draft), monkeypatch)
    submitted = walk_to(draft, "in_review", u)
    _fails_whole(
        lambda: services.disclosure_return(actor=u["office"], disclosure=submitted, comment="请补充"), monkeypatch
    )
    _fails_whole(lambda: services.disclosure_review(actor=u["office"], disclosure=submitted), monkeypatch)
    reviewed = walk_to(submitted, "reviewed", u)
    _fails_whole(lambda: services.disclosure_approve(actor=u["leader"], disclosure=reviewed), monkeypatch)
    approved = walk_to(reviewed, "approved", u)
    _fails_whole(lambda: services.disclosure_publish(actor=u["editor_xm"], disclosure=approved), monkeypatch)
    published = walk_to(approved, "published", u)
    _fails_whole(
        lambda: services.published_change_request(
            actor=u["editor_xm"], disclosure=published, kind="withdraw", reason="数据有误"
        ),
        monkeypatch,
    )


def test_every_catalog_step_is_undone_when_its_audit_record_fails(org, users, monkeypatch):
    u = users
    _fails_whole(lambda: catalog_services.catalog_create(actor=u["office"], organisation=org, year=2027), monkeypatch)
    draft = catalog_services.catalog_create(actor=u["office"], organisation=org, year=2027)
    data = entry_data.from_entry(draft.entries.get(code="16"))
    data.update(code="99", title="测试事项", stages=[])
    _fails_whole(lambda: catalog_services.entry_save(actor=u["office"], catalog=draft, data=data), monkeypatch)
    _fails_whole(
        lambda: catalog_services.entry_delete(actor=u["office"], entry=draft.entries.get(code="16")), monkeypatch
    )
    _fails_whole(lambda: catalog_services.catalog_submit(actor=u["office"], catalog=draft), monkeypatch)
    catalog_services.catalog_submit(actor=u["office"], catalog=draft)
    _fails_whole(
        lambda: catalog_services.catalog_return(actor=u["leader"], catalog=draft, comment="请修改"), monkeypatch
    )
    _fails_whole(lambda: catalog_services.catalog_approve(actor=u["leader"], catalog=draft), monkeypatch)
    approved = Catalog.objects.get(organisation=org, year=2026)
    entry = approved.entries.get(code="16")
    _fails_whole(
        lambda: catalog_services.change_request_create(
            actor=u["office"], catalog=approved, kind=ChangeRequest.Kind.REVOKE, entry=entry, reason="不再适用"
        ),
        monkeypatch,
    )
