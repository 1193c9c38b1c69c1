import datetime as dt
import io

import docx
import pytest
import time_machine

from gongkai.catalog.models import Catalog, Form, Scope
from gongkai.disclosures import services
from gongkai.disclosures.services import DisclosureInput

ID_NUMBER = "11010519491231002X"  # checksum-valid PRC resident ID


@pytest.fixture
def catalog(org):
    return Catalog.objects.get(organisation=org, year=2026)


@pytest.fixture
def quarterly(catalog):
    return catalog.entries.get(code="16")  # 季度招商引资工作情况, 项目管理科, public, website + briefing


@pytest.fixture
def appointment(catalog):
    return catalog.entries.get(code="09")  # 干部任前公示, 人事科, public, board + website, 5-day window


@pytest.fixture
def clock():
    with time_machine.travel(
        dt.datetime(2026, 7, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ) as traveller:
        yield traveller


def make_input(entry, **overrides):
    data = DisclosureInput(
        title="2026年第二季度招商引资工作情况",
        body="<p>第二季度共签约项目12个，到位资金8.6亿元。</p>",
        obligation_key=f"{entry.code}:2026Q2",
        document_number="",
        written_on=dt.date(2026, 7, 1),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def draft(users, quarterly, clock):
    return services.disclosure_create(actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly))


def docx_with(text):
    document = docx.Document()
    document.add_paragraph("附件：项目联系人名单")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def walk_to(disclosure, state, users):
    """Move a draft through the procedure up to `state` as the demo's people."""
    steps = [
        ("in_review", lambda d: services.disclosure_submit(actor=users["editor_xm"], disclosure=d)),
        ("reviewed", lambda d: services.disclosure_review(actor=users["office"], disclosure=d)),
        ("approved", lambda d: services.disclosure_approve(actor=users["leader"], disclosure=d)),
        ("published", lambda d: services.disclosure_publish(actor=users["editor_xm"], disclosure=d)),
    ]
    order = ["draft", "returned", "in_review", "reviewed", "approved", "published"]
    for name, step in steps:
        if order.index(disclosure.state) < order.index(name):
            disclosure = step(disclosure)
        if name == state:
            break
    disclosure.refresh_from_db()
    return disclosure


def intranet(org, *entries):
    """An online form that is not the public website (局内网), added to `entries`: the way an item inside the bureau,
    the party or a limited scope is read on the platform (the 招商网 is for public items only; offline forms are
    never read online)."""
    form, _created = Form.objects.get_or_create(
        organisation=org, code="intranet", defaults={"name": "局内网", "is_online": True}
    )
    for entry in entries:
        entry.forms.add(form)
    return form


__all__ = ["ID_NUMBER", "Form", "Scope", "docx_with", "intranet", "make_input", "walk_to"]
