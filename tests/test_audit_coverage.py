"""Issue 9 §4, audit completeness: every model of ours either names the write paths that change it — and each
of them, called here, writes an audit record in the same transaction — or is listed as exempt with a reason.

A new model that is in neither list fails `test_every_model_is_covered_or_exempt`. For each write path the test
runs it twice: once to see the table change and an audit record appear, once with the audit trail failing
(AuditRecord.save raises) to see the change rolled back with it — the record is in the change's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from gongkai.api import tokens
from gongkai.audit.models import AuditRecord
from gongkai.catalog import entry_data, feeds
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Catalog, Form
from gongkai.disclosures import services
from gongkai.disclosures.demo import SAMPLE_CADRE
from gongkai.disclosures.models import Finding
from gongkai.notices.services import mark_read, notify
from gongkai.org import accounts
from gongkai.org.models import Body, Department, Membership, Organisation, PartyOrganisation, User
from gongkai.workdays.models import CalendarYear, DayOverride
from tests.disclosures.conftest import ID_NUMBER, docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db
OUR_APPS = {"org", "audit", "workdays", "search", "notices", "catalog", "disclosures", "api"}
CST = dt.timezone(dt.timedelta(hours=8))

EXEMPT = {
    "audit.AuditRecord": "the audit trail itself (append-only, chained)",
    "search.SearchDocument": "a derived index, rewritten in the transaction of the audited change it follows",
    # Written by audited services (disclosures/secrecy.py, unread.py, page_redaction.py) and tested there; they came
    # from work merged in parallel and are not yet walked by this test — listed so the gap stays visible.
    "disclosures.Review": "not yet walked here: secrecy.on_review_passed / secrecy review (tests/disclosures/test_secrecy.py)",
    "disclosures.Declassification": "not yet walked here: secrecy declassification (tests/disclosures/test_secrecy.py)",
    "disclosures.UnreadPart": "not yet walked here: unread.record / unread_accept (tests/disclosures/test_unread_and_ocr.py)",
    "disclosures.OcrRun": "not yet walked here: progress rows of a background OCR run (tests/disclosures/test_unread_and_ocr.py)",
    "disclosures.RedactionBox": "not yet walked here: page_redaction (tests/disclosures/test_page_redaction_pages.py)",
    "disclosures.RedactedCopy": "not yet walked here: page_redaction (tests/disclosures/test_page_redaction_pages.py)",
}


@dataclass
class Path:
    name: str
    prepare: Callable[[Any], Callable[[], Any]]  # sets up (may write, may record), returns the act to check


def _admin_change(model: type, field: str, make: Callable[[Any], Any] | None = None, who: str = "office") -> Path:
    """A change saved through the model's admin (AuditedModelAdmin.save_model)."""

    def prepare(w: Any) -> Callable[[], Any]:
        obj = model._default_manager.order_by("pk").first() or make(w)  # type: ignore[misc]
        model_admin = admin.site._registry[model]
        request = RequestFactory().post("/manage/")
        request.user = w.users[who]

        def act() -> None:
            setattr(obj, field, f"{getattr(obj, field)}·改")
            model_admin.save_model(request, obj, None, True)

        return act

    return Path(f"admin:{model._meta.label}.{field}", prepare)


def _service(name: str, prepare: Callable[[Any], Callable[[], Any]]) -> Path:
    return Path(name, prepare)


# --- the world the write paths act in ------------------------------------------------------------------------


class World:
    def __init__(self, users: dict[str, User], org: Organisation) -> None:
        self.users, self.org = users, org
        self.catalog = Catalog.objects.get(organisation=org, year=2026)
        self.quarterly = self.catalog.entries.get(code="16")
        self.appointment = self.catalog.entries.get(code="09")

    def draft(self, body: str = "<p>第二季度共签约项目12个。</p>") -> Any:
        data = make_input(self.quarterly, body=body)
        return services.disclosure_create(actor=self.users["editor_xm"], entry=self.quarterly, data=data)

    def at(self, state: str, **kwargs: Any) -> Any:
        return walk_to(self.draft(**kwargs), state, self.users)

    def catalog2027(self) -> Catalog:
        return catalog_services.catalog_create(actor=self.users["office"], organisation=self.org, year=2027)

    def appointment_published(self) -> Any:
        data = make_input(
            self.appointment,
            title="干部任前公示",
            body="<p>拟任用以下同志。</p>",
            obligation_key="",
            window_starts_on=dt.date(2026, 9, 28),
            objection_ways="电话：0000-12345678",
            cadres=[SAMPLE_CADRE],
        )
        u = self.users
        item = services.disclosure_create(actor=u["editor_rs"], entry=self.appointment, data=data)
        services.disclosure_submit(actor=u["editor_rs"], disclosure=item)
        services.disclosure_review(actor=u["office"], disclosure=item)
        services.disclosure_approve(actor=u["leader"], disclosure=item)
        return services.disclosure_publish(actor=u["editor_rs"], disclosure=item)


def _update(w: World) -> Callable[[], Any]:
    d = w.draft()
    data = make_input(w.quarterly, title="改过的标题")
    return lambda: services.disclosure_update(actor=w.users["editor_xm"], disclosure=d, data=data, revision=d.revision)


def _submit(w: World) -> Callable[[], Any]:
    d = w.draft()
    return lambda: services.disclosure_submit(actor=w.users["editor_xm"], disclosure=d)


def _submit_with_finding(w: World) -> Callable[[], Any]:
    d = w.draft(body=f"<p>联系人身份证号 {ID_NUMBER}</p>")
    return lambda: services.disclosure_submit(actor=w.users["editor_xm"], disclosure=d)


def _finding_accept(w: World) -> Callable[[], Any]:
    d = walk_to(w.draft(body=f"<p>联系人身份证号 {ID_NUMBER}</p>"), "in_review", w.users)
    finding = d.findings.filter(status=Finding.Status.OPEN).first()
    return lambda: services.finding_accept(actor=w.users["office"], finding=finding, reason="本人同意公开")


def _attachment_add(w: World) -> Callable[[], Any]:
    d, data = w.draft(), docx_with("项目说明")
    return lambda: services.attachment_add(actor=w.users["editor_xm"], disclosure=d, name="说明.docx", data=data)


def _attachment_remove(w: World) -> Callable[[], Any]:
    d = w.draft()
    a = services.attachment_add(actor=w.users["editor_xm"], disclosure=d, name="说明.docx", data=docx_with("说明"))
    return lambda: services.attachment_remove(actor=w.users["editor_xm"], attachment=a)


def _publish(w: World) -> Callable[[], Any]:
    d = w.at("approved")
    return lambda: services.disclosure_publish(actor=w.users["editor_xm"], disclosure=d)


def _offline(w: World) -> Callable[[], Any]:
    d = w.at("approved")
    form = d.forms.filter(is_online=False).first() or Form.objects.filter(is_online=False).first()
    evidence = [("纪要.docx", docx_with("会议纪要"))]
    return lambda: services.offline_record_add(
        actor=w.users["editor_xm"],
        disclosure=d,
        form=form,
        held_on=dt.date(2026, 7, 2),
        place="三楼会议室",
        how="在季度工作会上通报",
        evidence=evidence,
    )


def _correction(w: World) -> Callable[[], Any]:
    d = w.at("published")
    return lambda: services.published_change_request(
        actor=w.users["editor_xm"],
        disclosure=d,
        kind="correct",
        reason="数字有误",
        new_title="更正",
        new_body="<p>x</p>",
    )


def _correction_decide(w: World) -> Callable[[], Any]:
    d = w.at("published")
    change = services.published_change_request(
        actor=w.users["editor_xm"],
        disclosure=d,
        kind="correct",
        reason="数字有误",
        new_title="更正",
        new_body="<p>x</p>",
    )
    return lambda: services.published_change_decide(actor=w.users["leader"], change=change, approve=True)


def _cadre_notice(w: World) -> Callable[[], Any]:
    data = make_input(
        w.appointment,
        title="干部任前公示",
        obligation_key="",
        window_starts_on=dt.date(2026, 9, 28),
        cadres=[SAMPLE_CADRE],
    )
    data.objection_ways = "电话：0000-12345678"
    return lambda: services.disclosure_create(actor=w.users["editor_rs"], entry=w.appointment, data=data)


def _objection(w: World) -> Callable[[], Any]:
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = w.appointment_published()
    return lambda: services.objection_submit(
        disclosure=item, name="", contact="", content="请进一步了解。", today=dt.date(2026, 10, 9)
    )


def _entry_save(w: World) -> Callable[[], Any]:
    c = w.catalog2027()
    entry = c.entries.get(code="16")
    data = entry_data.from_entry(entry)
    data.update(title="季度招商引资工作情况（改）")
    return lambda: catalog_services.entry_save(actor=w.users["office"], catalog=c, data=data, entry=entry)


def _entry_delete(w: World) -> Callable[[], Any]:
    entry = w.catalog2027().entries.get(code="17")  # phased: has stages
    return lambda: catalog_services.entry_delete(actor=w.users["office"], entry=entry)


def _catalog_submit(w: World) -> Callable[[], Any]:
    c = w.catalog2027()
    return lambda: catalog_services.catalog_submit(actor=w.users["office"], catalog=c)


def _catalog_approve(w: World) -> Callable[[], Any]:
    c = w.catalog2027()
    catalog_services.catalog_submit(actor=w.users["office"], catalog=c)
    return lambda: catalog_services.catalog_approve(actor=w.users["leader"], catalog=c)


def _change_request(w: World) -> Callable[[], Any]:
    entry = w.catalog.entries.get(code="16")
    return lambda: catalog_services.change_request_create(
        actor=w.users["office"], catalog=w.catalog, kind="revoke", entry=entry, reason="不再适用"
    )


def _trigger_event(w: World) -> Callable[[], Any]:
    return lambda: catalog_services.trigger_event_register(
        actor=w.users["editor_rs"], entry=w.appointment, occurred_on=dt.date(2026, 9, 28), description="拟任外资科科长"
    )


def _feed_create(w: World) -> Callable[[], Any]:
    department = w.users["editor_xm"].department
    return lambda: feeds.feed_create(actor=w.users["editor_xm"], department=department)


def _feed_revoke(w: World) -> Callable[[], Any]:
    department = w.users["editor_xm"].department
    feeds.feed_create(actor=w.users["editor_xm"], department=department)
    return lambda: feeds.feed_revoke(actor=w.users["editor_xm"], department=department)


def _notify(w: World) -> Callable[[], Any]:
    return lambda: notify(recipients=[w.users["staff"]], title="测试", body="正文", kind="test", key="coverage:1")


def _mark_read(w: World) -> Callable[[], Any]:
    notify(recipients=[w.users["staff"]], title="测试", body="正文", kind="test", key="coverage:2")
    return lambda: mark_read(user=w.users["staff"])


def _token_create(w: World) -> Callable[[], Any]:
    return lambda: tokens.token_create(actor=w.users["staff"], name="日历", verified_session=True)


def _token_revoke(w: World) -> Callable[[], Any]:
    token, _secret = tokens.token_create(actor=w.users["staff"], name="日历", verified_session=True)
    return lambda: tokens.token_revoke(actor=w.users["staff"], token=token)


def _password_set(w: World) -> Callable[[], Any]:
    return lambda: accounts.password_set(actor=w.users["secadmin"], user=w.users["staff"], raw_password="Xin#Mima2026")


def _admin_request(w: World) -> Callable[[], Any]:
    return lambda: accounts.password_set(
        actor=w.users["secadmin"], user=w.users["auditor"], raw_password="Xin#Mima2026"
    )


def _admin_request_confirm(w: World) -> Callable[[], Any]:
    request = accounts.password_set(actor=w.users["secadmin"], user=w.users["auditor"], raw_password="Xin#Mima2026")
    return lambda: accounts.admin_request_confirm(actor=w.users["sysadmin"], request=request)


def _make_day(w: World) -> Any:
    return DayOverride.objects.create(date=dt.date(2027, 1, 1), is_workday=False, name="元旦")


def _make_year(w: World) -> Any:
    return CalendarYear.objects.create(year=2030, source="office")


def _make_term(w: World) -> Any:
    from gongkai.disclosures.models import SensitiveTerm

    return SensitiveTerm.objects.create(organisation=w.org, term="内部", note="")


WRITE_PATHS: dict[str, list[Path]] = {
    "org.Organisation": [_admin_change(Organisation, "name")],
    "org.PartyOrganisation": [_admin_change(PartyOrganisation, "name")],
    "org.Department": [_admin_change(Department, "name")],
    "org.Body": [_admin_change(Body, "name")],
    "org.Membership": [_admin_change(Membership, "title", who="secadmin")],
    "org.User": [_admin_change(User, "full_name", who="secadmin"), _service("accounts.password_set", _password_set)],
    "org.AdminAccountRequest": [
        _service("accounts.password_set (administrator)", _admin_request),
        _service("accounts.admin_request_confirm", _admin_request_confirm),
    ],
    "workdays.DayOverride": [_admin_change(DayOverride, "name", _make_day)],
    "workdays.CalendarYear": [_admin_change(CalendarYear, "source", _make_year)],
    "notices.Notice": [_service("notify", _notify), _service("mark_read", _mark_read)],
    "catalog.Category": [_admin_change(apps.get_model("catalog.Category"), "name")],
    "catalog.Form": [_admin_change(Form, "name")],
    "catalog.Scope": [_admin_change(apps.get_model("catalog.Scope"), "name")],
    "catalog.RetentionPeriod": [_admin_change(apps.get_model("catalog.RetentionPeriod"), "name")],
    "catalog.PlanSection": [_admin_change(apps.get_model("catalog.PlanSection"), "text")],
    "catalog.Catalog": [
        _service("catalog_create", lambda w: w.catalog2027),
        _service("catalog_submit", _catalog_submit),
    ],
    "catalog.CatalogTransition": [_service("catalog_submit", _catalog_submit)],
    "catalog.Entry": [_service("entry_save", _entry_save), _service("entry_delete", _entry_delete)],
    "catalog.Stage": [_service("entry_delete", _entry_delete)],
    "catalog.CatalogVersion": [_service("catalog_approve", _catalog_approve)],
    "catalog.ChangeRequest": [_service("change_request_create", _change_request)],
    "catalog.TriggerEvent": [_service("trigger_event_register", _trigger_event)],
    "catalog.Fulfilment": [_service("disclosure_publish", _publish)],
    "catalog.DepartmentFeed": [_service("feed_create", _feed_create), _service("feed_revoke", _feed_revoke)],
    "disclosures.Disclosure": [
        _service("disclosure_create", lambda w: w.draft),
        _service("disclosure_update", _update),
        _service("disclosure_submit", _submit),
        _service("disclosure_publish", _publish),
        _service("published_change_decide", _correction_decide),
    ],
    "disclosures.CadreNotice": [_service("disclosure_create (appointment)", _cadre_notice)],
    "disclosures.Transition": [_service("disclosure_submit", _submit)],
    "disclosures.OfflineRecord": [_service("offline_record_add", _offline)],
    "disclosures.Attachment": [
        _service("attachment_add", _attachment_add),
        _service("attachment_remove", _attachment_remove),
    ],
    "disclosures.Finding": [
        _service("disclosure_submit (screening)", _submit_with_finding),
        _service("finding_accept", _finding_accept),
    ],
    "disclosures.SensitiveTerm": [_admin_change(apps.get_model("disclosures.SensitiveTerm"), "note", _make_term)],
    "disclosures.PublishedChange": [_service("published_change_request", _correction)],
    "disclosures.Objection": [_service("objection_submit", _objection)],
    "api.ApiToken": [_service("token_create", _token_create), _service("token_revoke", _token_revoke)],
}


def _our_models() -> list[str]:
    return sorted(m._meta.label for m in apps.get_models() if m._meta.app_label in OUR_APPS)


def test_every_model_is_covered_or_exempt():
    missing = [label for label in _our_models() if label not in WRITE_PATHS and label not in EXEMPT]
    assert not missing, f"models without a listed write path or exemption: {missing}"
    assert not set(WRITE_PATHS) & set(EXEMPT)
    assert all(label in _our_models() for label in [*WRITE_PATHS, *EXEMPT])


def _rows(model: type) -> list[tuple[Any, ...]]:
    return list(model._default_manager.order_by("pk").values_list())


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


CASES = [(label, path) for label, paths in WRITE_PATHS.items() for path in paths]


@pytest.fixture
def world(users, org):
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, 0, tzinfo=CST), tick=False):
        yield World(users, org)


def _check(world: World, label: str, path: Path) -> None:
    model = apps.get_model(label)
    with _rolled_back():
        act = path.prepare(world)
        rows, seq = _rows(model), AuditRecord.objects.count()
        act()
        assert _rows(model) != rows, f"{path.name} did not change {label}"
        assert AuditRecord.objects.count() > seq, f"{path.name} changed {label} without an audit record"
    with _rolled_back():
        act = path.prepare(world)
        rows = _rows(model)
        failing = mock.patch.object(AuditRecord, "save", side_effect=RuntimeError("audit trail down"))
        with failing, pytest.raises(RuntimeError), transaction.atomic():
            act()
        assert _rows(model) == rows, f"{path.name} kept its change to {label} when the audit record failed"


@pytest.mark.parametrize(("label", "path"), CASES, ids=[f"{label}:{path.name}" for label, path in CASES])
def test_each_write_path_records_in_the_same_transaction(world, label, path):
    _check(world, label, path)


def _silent_rename(w: World) -> Callable[[], Any]:
    return lambda: Department.objects.filter(pk=Department.objects.first().pk).update(name="悄悄改名")


def _rename_then_record_apart(w: World) -> Callable[[], Any]:
    def act() -> None:
        Department.objects.filter(pk=Department.objects.first().pk).update(name="悄悄改名")
        try:
            with transaction.atomic():
                from gongkai.audit.trail import record

                record(actor=None, action="test.apart", target=None)
        except RuntimeError:
            pass  # a record in its own transaction, failure swallowed: the change survives it

    return act


@pytest.mark.parametrize("path", [_silent_rename, _rename_then_record_apart])
def test_the_check_fails_a_write_without_a_record_in_its_transaction(world, path):
    """The check itself must catch a silent write and a record kept apart, else every case above is vacuous."""
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        _check(world, "org.Department", Path("bad", path))
