"""The default catalog gongkai ships, derived from the plan (二.1–7, 三, 五), and the reference data it needs.

Realistic for an investment promotion bureau; every category of the plan has entries and all four time types
are used. An organisation without a previous approved catalog can start from it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.audit.trail import record, snapshot
from gongkai.catalog.models import Category, Form, RetentionPeriod, Scope
from gongkai.catalog.plan_text import ensure_plan_sections
from gongkai.org.models import Body, Department, Organisation

CATEGORIES = [
    ("decisions", "贯彻落实上级党组织决议决定情况，党组织重大决策、决定、决议及制度建设情况"),
    ("party-building", "年度党建工作目标及完成情况，班子成员工作分工、联系重点项目和基层单位等情况"),
    ("clean-governance", "落实党风廉政建设责任制情况，领导班子民主生活会和领导干部执行廉洁自律有关规定的情况"),
    ("cadres", "干部选拔任用、奖惩考核情况"),
    (
        "organisation",
        "组织设置、党内选举、发展党员、民主评议、评比标准、党费收缴、领导干部经济责任审计等基层党组织建设情况",
    ),
    ("public-interest", "涉及群众切身利益的重要决策措施和政策执行落实情况，群众及客商反映突出问题的解决落实情况"),
    ("other", "其他应公开的事项"),
]

# (code, name, online, public only): the bureau's website is for items disclosed to all of society only.
FORMS = [
    ("meeting", "会议", False, False),
    ("document", "文件", False, False),
    ("briefing", "简报", False, False),
    ("board", "公开栏", False, False),
    ("website", "招商网", True, True),
]

SCOPES = [
    ("public", "向社会公开", Scope.Kind.PUBLIC),
    ("bureau", "局内公开", Scope.Kind.BUREAU),
    ("party", "党内公开", Scope.Kind.PARTY),
    ("leadership", "领导班子及相关科室", Scope.Kind.LIMITED),
]

RETENTIONS = [("permanent", "永久", None), ("30y", "定期30年", 30), ("10y", "定期10年", 10)]


@dataclass(frozen=True)
class TemplateEntry:
    code: str
    title: str
    description: str
    category: str
    department: str
    forms: tuple[str, ...]
    scope: str
    retention: str
    time_type: str
    period: str = ""
    due_workdays: int = 5
    publicity_workdays: int | None = None
    review_month: int = 12
    stages: tuple[tuple[str, str], ...] = ()  # (name, MM-DD) in the catalog's year
    crosses_year: bool = False
    work_ends: str = ""  # MM-DD in the following year


ENTRIES = [
    TemplateEntry(
        "01",
        "贯彻落实上级党组织决议决定情况",
        "传达学习上级党组织重要会议、文件精神及贯彻落实措施和进展。",
        "decisions",
        "bgs",
        ("meeting", "document"),
        "party",
        "permanent",
        "periodic",
        "half_yearly",
        10,
    ),
    TemplateEntry(
        "02",
        "局党组重大决策、决定、决议及制度建设情况",
        "局党组研究决定的重大事项、出台和修订的制度。",
        "decisions",
        "bgs",
        ("document", "website"),
        "public",
        "permanent",
        "periodic",
        "quarterly",
        10,
    ),
    TemplateEntry(
        "03",
        "年度党建工作目标",
        "机关党建工作年度目标、任务分解和责任分工。",
        "party-building",
        "jgdw",
        ("meeting", "board", "website"),
        "public",
        "30y",
        "long_term",
        review_month=3,
    ),
    TemplateEntry(
        "04",
        "年度党建工作目标完成情况",
        "机关党建工作年度目标任务的完成情况。",
        "party-building",
        "jgdw",
        ("meeting", "board"),
        "bureau",
        "30y",
        "periodic",
        "yearly",
        15,
    ),
    TemplateEntry(
        "05",
        "班子成员工作分工及联系重点项目、基层单位情况",
        "领导班子成员分工、联系重点招商项目和基层单位情况。",
        "party-building",
        "bgs",
        ("document", "website"),
        "public",
        "30y",
        "long_term",
    ),
    TemplateEntry(
        "06",
        "落实党风廉政建设责任制情况",
        "党风廉政建设责任制落实、廉政风险防控情况。",
        "clean-governance",
        "jjjcs",
        ("meeting", "board"),
        "bureau",
        "30y",
        "periodic",
        "half_yearly",
        10,
    ),
    TemplateEntry(
        "07",
        "领导班子民主生活会情况",
        "民主生活会召开情况、查摆问题及整改措施落实情况。",
        "clean-governance",
        "jgdw",
        ("meeting", "briefing"),
        "party",
        "30y",
        "immediate",
        due_workdays=10,
    ),
    TemplateEntry(
        "08",
        "干部考察预告",
        "拟提拔干部考察对象、考察时间及反映问题的方式。",
        "cadres",
        "rsk",
        ("board", "meeting"),
        "bureau",
        "10y",
        "immediate",
        due_workdays=1,
        publicity_workdays=3,
    ),
    TemplateEntry(
        "09",
        "干部任前公示",
        "拟任干部的基本情况、拟任职务、公示期和反映问题的方式。",
        "cadres",
        "rsk",
        ("board", "website"),
        "public",
        "permanent",
        "immediate",
        due_workdays=2,
        publicity_workdays=5,
    ),
    TemplateEntry(
        "10",
        "干部奖惩考核情况",
        "年度考核结果、表彰奖励及处分情况。",
        "cadres",
        "rsk",
        ("document", "board"),
        "bureau",
        "30y",
        "periodic",
        "yearly",
        15,
    ),
    TemplateEntry(
        "11",
        "党内选举及换届选举情况",
        "党组织换届选举、补选的程序、候选人和结果。",
        "organisation",
        "jgdw",
        ("meeting", "board"),
        "party",
        "permanent",
        "immediate",
        due_workdays=5,
    ),
    TemplateEntry(
        "12",
        "发展党员情况",
        "入党积极分子确定、发展对象公示和预备党员接收情况。",
        "organisation",
        "jgdw",
        ("board", "meeting"),
        "party",
        "permanent",
        "immediate",
        due_workdays=3,
        publicity_workdays=5,
    ),
    TemplateEntry(
        "13",
        "党费收缴、使用和管理情况",
        "党员党费交纳标准、收缴和使用管理情况。",
        "organisation",
        "jgdw",
        ("board", "meeting"),
        "party",
        "30y",
        "periodic",
        "quarterly",
        10,
    ),
    TemplateEntry(
        "14",
        "民主评议党员情况",
        "民主评议党员的评比标准、程序和结果。",
        "organisation",
        "jgdw",
        ("meeting", "board"),
        "party",
        "30y",
        "periodic",
        "yearly",
        15,
    ),
    TemplateEntry(
        "15",
        "领导干部经济责任审计情况",
        "领导干部经济责任审计结果及整改情况。",
        "organisation",
        "jjjcs",
        ("document", "meeting"),
        "bureau",
        "30y",
        "immediate",
        due_workdays=10,
    ),
    TemplateEntry(
        "16",
        "季度招商引资工作情况",
        "招商引资签约项目、到位资金和重点工作进展。",
        "public-interest",
        "xmglk",
        ("website", "briefing"),
        "public",
        "10y",
        "periodic",
        "quarterly",
        5,
    ),
    TemplateEntry(
        "17",
        "重点招商项目推进情况",
        "年度重点招商项目从签约、开工到投产的阶段进展，跨年度项目在结束时总结公开。",
        "public-interest",
        "xmglk",
        ("website", "board"),
        "public",
        "30y",
        "phased",
        due_workdays=5,
        stages=(("项目签约", "03-31"), ("项目开工", "06-30"), ("年度建设进展", "12-15")),
        crosses_year=True,
        work_ends="06-30",
    ),
    TemplateEntry(
        "18",
        "群众及客商反映突出问题的解决落实情况",
        "群众和客商通过意见箱、热线、网站留言反映问题的办理结果。",
        "public-interest",
        "tzfwk",
        ("website", "board"),
        "public",
        "10y",
        "periodic",
        "quarterly",
        10,
    ),
    TemplateEntry(
        "19",
        "涉及客商切身利益的重要政策措施执行情况",
        "招商引资优惠政策、外资和内资项目服务措施的执行情况。",
        "public-interest",
        "wzk",
        ("website", "document"),
        "public",
        "10y",
        "periodic",
        "half_yearly",
        10,
    ),
    TemplateEntry(
        "20",
        "党务公开工作制度、程序和办事机构",
        "党务公开目录、工作制度、办事程序、领导小组及办公室组成和联系方式。",
        "other",
        "bgs",
        ("website", "board"),
        "public",
        "permanent",
        "long_term",
    ),
]


def _ensure(model: type[Any], organisation: Organisation, code: str, defaults: dict[str, Any]) -> Any:
    obj, created = model.objects.get_or_create(organisation=organisation, code=code, defaults=defaults)
    if created:
        record(
            actor=None,
            action=f"{model._meta.label_lower}.create",
            target=obj,
            changes={k: [None, v] for k, v in snapshot(obj).items()},
            note="template",
        )
    return obj


def seed_reference_data(organisation: Organisation) -> None:
    """The plan's categories, forms, scopes and retention periods; existing rows are left as they are."""
    with transaction.atomic():
        for order, (code, name) in enumerate(CATEGORIES, start=1):
            _ensure(Category, organisation, code, {"name": name, "order": order})
        for order, (code, name, online, public_only) in enumerate(FORMS, start=1):
            values = {"name": name, "is_online": online, "public_only": public_only, "order": order}
            _ensure(Form, organisation, code, values)
        for order, (code, name, kind) in enumerate(SCOPES, start=1):
            scope = _ensure(Scope, organisation, code, {"name": name, "kind": kind, "order": order})
            if kind == Scope.Kind.LIMITED and not scope.bodies.exists():
                scope.bodies.set(
                    Body.objects.filter(
                        organisation=organisation, kind__in=[Body.Kind.LEADING_GROUP, Body.Kind.PARTY_GROUP]
                    )
                )
        for order, (code, name, years) in enumerate(RETENTIONS, start=1):
            _ensure(RetentionPeriod, organisation, code, {"name": name, "years": years, "order": order})
        ensure_plan_sections(organisation)


def _day(year: int, month_day: str) -> datetime.date:
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year, month, day)


def entry_data_for(item: TemplateEntry, organisation: Organisation, year: int, order: int) -> dict[str, Any]:
    """The data of one template entry for `year`; None where the organisation lacks the department."""
    return {
        "code": item.code,
        "title": item.title,
        "description": item.description,
        "order": order,
        "category": Category.objects.filter(organisation=organisation, code=item.category).first(),
        "department": Department.objects.filter(organisation=organisation, code=item.department).first()
        or Department.objects.filter(organisation=organisation).order_by("order", "id").first(),
        "forms": list(Form.objects.filter(organisation=organisation, code__in=item.forms)),
        "scope": Scope.objects.filter(organisation=organisation, code=item.scope).first(),
        "retention": RetentionPeriod.objects.filter(organisation=organisation, code=item.retention).first(),
        "time_type": item.time_type,
        "period": item.period,
        "due_workdays": item.due_workdays,
        "publicity_workdays": item.publicity_workdays,
        "review_month": item.review_month,
        "stages": [(name, _day(year, md)) for name, md in item.stages],
        "crosses_year": item.crosses_year,
        "work_ends_on": _day(year + 1, item.work_ends) if item.work_ends else None,
    }
