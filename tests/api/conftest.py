"""A bureau with one item of each kind the API must tell apart, and tokens for the callers.

public    entry 16 (项目管理科, 向社会公开), published online, with an attachment
bureau    entry 06 (纪检监察室, 局内公开), published online on the 局内网 form
party     entry 13 (机关党委, 党内公开), published online on the 局内网 form, with an attachment
draft     entry 16, never submitted
withdrawn entry 16, published, then withdrawn

Every title contains 工作情况; each body has a word of its own (below), so a search tells who saw what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.api.tokens import token_create
from gongkai.catalog.models import Catalog, Entry
from gongkai.disclosures import services
from gongkai.disclosures.models import Disclosure
from gongkai.org.models import Department
from tests.disclosures.conftest import docx_with, intranet, make_input, walk_to

CST = dt.timezone(dt.timedelta(hours=8))
WORDS = {
    "public": "签约项目",
    "bureau": "廉政风险防控",
    "party": "党费专户",
    "draft": "草稿秘词",
    "withdrawn": "撤回秘词",
}
# Who reads what: anonymous and the two administrators only public; staff (not a party member) also the bureau's.
SEES = {
    None: {"public"},
    "sysadmin": {"public"},
    "secadmin": {"public"},
    "staff": {"public", "bureau"},
    "member": {"public", "bureau", "party"},
    "auditor": {"public", "bureau", "party"},
}
ALL = ("public", "bureau", "party", "draft", "withdrawn")


@dataclass
class World:
    items: dict[str, Disclosure]

    def pk(self, name: str) -> int:
        return self.items[name].pk

    def names_of(self, pks: list[int]) -> set[str]:
        by_pk = {d.pk: name for name, d in self.items.items()}
        return {by_pk[pk] for pk in pks}


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 7, 2, 10, 0, tzinfo=CST), tick=False) as traveller:
        yield traveller


def carry_out(entry: Entry, editor: Any, users: dict[str, Any], *, attachment: bool = False, **data: Any) -> Disclosure:
    """Take a draft of `entry` by `editor` through review and approval to publication (online or offline)."""
    item = services.disclosure_create(actor=editor, entry=entry, data=make_input(entry, obligation_key="", **data))
    if attachment:
        services.attachment_add(actor=editor, disclosure=item, name="附件说明.docx", data=docx_with(data["title"]))
    services.disclosure_submit(actor=editor, disclosure=item)
    services.disclosure_review(actor=users["office"], disclosure=item)
    services.disclosure_approve(actor=users["leader"], disclosure=item)
    if item.is_online:
        services.disclosure_publish(actor=editor, disclosure=item)
    else:
        services.offline_record_add(
            actor=editor,
            disclosure=item,
            form=item.forms.exclude(is_online=True).first(),
            held_on=dt.date(2026, 7, 2),
            place="局机关三楼会议室",
            how="在全体干部职工大会上通报。",
            evidence=[("会议记录.docx", docx_with("会议记录"))],
        )
    item.refresh_from_db()
    return item


@pytest.fixture
def world(org, users, clock) -> World:
    catalog = Catalog.objects.get(organisation=org, year=2026)
    entry = {code: catalog.entries.get(code=code) for code in ("16", "06", "13")}
    intranet(org, entry["06"], entry["13"])  # read on the platform inside the bureau and the party
    # 纪检监察室 has no editor in the demo: 外资科's editor moves there for this test.
    users["editor_wz"].department = Department.objects.get(organisation=org, code="jjjcs")
    users["editor_wz"].save()

    def body(name: str) -> str:
        return f"<p>本季度{WORDS[name]}的有关情况如下。</p>"

    items = {
        "public": carry_out(
            entry["16"],
            users["editor_xm"],
            users,
            attachment=True,
            title="2026年第二季度招商引资工作情况",
            body=body("public"),
        ),
        "bureau": carry_out(
            entry["06"],
            users["editor_wz"],
            users,
            title="2026年上半年党风廉政建设责任制落实工作情况",
            body=body("bureau"),
        ),
        "party": carry_out(
            entry["13"],
            users["editor_jgdw"],
            users,
            attachment=True,
            title="2026年第二季度党费收缴工作情况",
            body=body("party"),
        ),
    }
    draft = services.disclosure_create(
        actor=users["editor_xm"],
        entry=entry["16"],
        data=make_input(entry["16"], title="草稿：第三季度工作情况", body=body("draft"), obligation_key=""),
    )
    items["draft"] = draft
    withdrawn = walk_to(
        services.disclosure_create(
            actor=users["editor_xm"],
            entry=entry["16"],
            data=make_input(entry["16"], title="重复发布的工作情况", body=body("withdrawn"), obligation_key=""),
        ),
        "published",
        users,
    )
    change = services.published_change_request(
        actor=users["editor_xm"], disclosure=withdrawn, kind="withdraw", reason="重复发布"
    )
    services.published_change_decide(actor=users["leader"], change=change, approve=True)
    withdrawn.refresh_from_db()
    items["withdrawn"] = withdrawn
    assert [items[n].state for n in ALL] == ["published"] * 3 + ["draft", "withdrawn"]
    return World(items)


@pytest.fixture
def secret_of(users) -> Any:
    made: dict[str, str] = {}

    def make(username: str) -> str:
        if username not in made:
            made[username] = token_create(actor=users[username], name=f"{username} 的同步任务", verified_session=True)[
                1
            ]
        return made[username]

    return make


@pytest.fixture
def api(secret_of) -> Any:
    """api(username)(path, **params) -> response; username None is anonymous."""

    def as_(username: str | None) -> Any:
        client = Client()
        headers = {"Authorization": f"Bearer {secret_of(username)}"} if username else {}

        def get(path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
            return client.get(path, data or {}, headers=headers | extra.pop("headers", {}), **extra)

        return get

    return as_
