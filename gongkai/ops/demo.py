"""The demo bureau: a realistic 某市招商局 with every role, loaded idempotently.

Later capabilities add their demo data (the 2026 catalog, disclosures, …) through `DEMO_STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from gongkai.audit.trail import record, snapshot
from gongkai.catalog.demo import load_demo_catalog
from gongkai.disclosures.demo import load_demo_disclosures
from gongkai.org.models import Body, Department, Membership, Organisation, PartyOrganisation, User

DEMO_PASSWORD = "Gongkai#2026"  # printed by `make run`; meets the password rules
DEMO_ORG_CODE = "zsj"


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    department: str | None = None
    party_member: bool = True
    editor: bool = False
    system_role: str = ""
    seats: tuple[tuple[str, str, str], ...] = ()  # (body kind, position, title)


DEPARTMENTS = [
    ("bgs", "办公室"),
    ("rsk", "人事科"),
    ("xmglk", "项目管理科"),
    ("wzk", "外资科"),
    ("nzk", "内资科"),
    ("tzfwk", "投资服务科"),
    ("jjjcs", "纪检监察室"),
    ("jgdw", "机关党委"),
    ("xxzx", "信息中心"),
]

LG, OF, PG = Body.Kind.LEADING_GROUP, Body.Kind.OFFICE, Body.Kind.PARTY_GROUP
LEAD, DEP, MEM = Membership.Position.LEADER, Membership.Position.DEPUTY, Membership.Position.MEMBER

ACCOUNTS = [
    Account(
        "leader", "李建国", "领导小组组长（局长、党组书记）", "bgs", seats=((LG, LEAD, "局长"), (PG, LEAD, "党组书记"))
    ),
    Account(
        "deputy",
        "张伟",
        "领导小组副组长（副局长、党组成员）",
        "bgs",
        seats=((LG, DEP, "副局长"), (PG, MEM, "党组成员")),
    ),
    Account("partygroup", "陈明", "党组成员（机关党委书记）", "jgdw", seats=((PG, MEM, "党组成员、机关党委书记"),)),
    Account("office", "王晓燕", "领导小组办公室主任", "bgs", seats=((OF, LEAD, "办公室主任"), (LG, MEM, "成员"))),
    Account("office2", "黄磊", "领导小组办公室干事", "bgs", seats=((OF, MEM, "干事"),)),
    Account("editor_xm", "刘洋", "项目管理科经办人", "xmglk", editor=True),
    Account("editor_rs", "赵敏", "人事科经办人", "rsk", editor=True),
    Account("editor_wz", "郭静", "外资科经办人", "wzk", editor=True),
    Account("editor_jgdw", "马超", "机关党委经办人", "jgdw", editor=True),
    # Every department that owns catalog entries has an editor, so every entry can be carried out.
    Account("editor_bgs", "林芳", "办公室经办人", "bgs", editor=True),
    Account("editor_tzfw", "何军", "投资服务科经办人", "tzfwk", editor=True),
    Account("editor_jjjc", "冯雪", "纪检监察室经办人", "jjjcs", editor=True),
    Account("member", "周强", "党员（内资科）", "nzk"),
    Account("staff", "孙丽", "机关干部（外资科，非党员）", "wzk", party_member=False),
    Account("auditor", "吴纪", "审计员（纪检监察室）", "jjjcs", system_role=User.SystemRole.AUDITOR),
    Account(
        "sysadmin",
        "郑工",
        "系统管理员（信息中心）",
        "xxzx",
        party_member=False,
        system_role=User.SystemRole.SYSTEM_ADMIN,
    ),
    Account(
        "secadmin",
        "冯安",
        "安全管理员（信息中心）",
        "xxzx",
        party_member=False,
        system_role=User.SystemRole.SECURITY_ADMIN,
    ),
]


def _ensure(model: type[models.Model], lookup: dict[str, Any], defaults: dict[str, Any] | None = None) -> Any:
    obj, created = model._default_manager.get_or_create(**lookup, defaults=defaults or {})
    if created:
        record(
            actor=None,
            action=f"{model._meta.label_lower}.create",
            target=obj,
            changes={k: [None, v] for k, v in snapshot(obj).items()},
            note="demo",
        )
    return obj


def _load_structure() -> dict[str, Any]:
    org = _ensure(
        Organisation,
        {"code": DEMO_ORG_CODE},
        {"name": "某市招商局", "short_name": "市招商局", "address": "某市人民路88号", "phone": "0000-12345678"},
    )
    superior = _ensure(
        PartyOrganisation,
        {"parent": None, "name": "中共某市直属机关工作委员会"},
        {"kind": PartyOrganisation.Kind.SUPERIOR},
    )
    group = _ensure(
        PartyOrganisation,
        {"parent": superior, "name": "中共某市招商局党组"},
        {"kind": PartyOrganisation.Kind.PARTY_GROUP, "organisation": org},
    )
    committee = _ensure(
        PartyOrganisation,
        {"parent": group, "name": "中共某市招商局机关委员会"},
        {"kind": PartyOrganisation.Kind.COMMITTEE, "organisation": org},
    )
    branches = {
        name: _ensure(
            PartyOrganisation,
            {"parent": committee, "name": name},
            {"kind": PartyOrganisation.Kind.BRANCH, "organisation": org},
        )
        for name in ("机关第一党支部", "机关第二党支部")
    }
    departments = {
        code: _ensure(Department, {"organisation": org, "code": code}, {"name": name, "order": i})
        for i, (code, name) in enumerate(DEPARTMENTS, start=1)
    }
    bodies = {
        LG: _ensure(Body, {"organisation": org, "kind": LG}, {"name": "某市招商局党务公开领导小组"}),
        OF: _ensure(Body, {"organisation": org, "kind": OF}, {"name": "某市招商局党务公开领导小组办公室"}),
        PG: _ensure(
            Body, {"organisation": org, "kind": PG}, {"name": "中共某市招商局党组", "party_organisation": group}
        ),
    }
    return {"org": org, "branches": list(branches.values()), "departments": departments, "bodies": bodies}


def _load_account(account: Account, structure: dict[str, Any], index: int) -> None:
    branches = structure["branches"]
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = User(
            username=account.username,
            full_name=account.full_name,
            email=f"{account.username}@zsj.example.gov.cn",
            organisation=structure["org"],
            department=structure["departments"].get(account.department or ""),
            is_department_editor=account.editor,
            system_role=account.system_role,
            party_organisation=branches[index % len(branches)] if account.party_member else None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        record(
            actor=None,
            action="org.user.create",
            target=user,
            changes={k: [None, v] for k, v in snapshot(user).items()},
            note="demo",
        )
    for kind, position, title in account.seats:
        _ensure(Membership, {"user": user, "body": structure["bodies"][kind]}, {"position": position, "title": title})


def load_demo(*, samples: bool = False) -> Organisation:
    """Create whatever of the demo bureau is missing; change nothing that exists. `samples`: also publish the
    sample disclosures (for `make run`; the test suite and the benchmark build their own items)."""
    with transaction.atomic():
        structure = _load_structure()
        for index, account in enumerate(ACCOUNTS):
            _load_account(account, structure, index)
        for step in DEMO_STEPS + (SAMPLE_STEPS if samples else []):
            step(structure["org"])
    org: Organisation = structure["org"]
    return org


def _catalog(org: Organisation) -> None:
    load_demo_catalog(org, office=User.objects.get(username="office"), leader=User.objects.get(username="leader"))


# The demo data of the domains, in order; each takes the organisation and is idempotent.
# ops imports the domains for this, never the reverse.
DEMO_STEPS: list[Callable[[Organisation], None]] = [_catalog]
SAMPLE_STEPS: list[Callable[[Organisation], object]] = [load_demo_disclosures]
