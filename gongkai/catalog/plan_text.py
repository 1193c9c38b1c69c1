"""The texts of the yearly implementation plan (年度执行方案) that the office edits, and their defaults.

The defaults are the bureau's plan. Chapters 二 (content), 三 (forms) and 五 (time limits) are generated from the
approved catalog (`gongkai.catalog.exports.plan_docx`); their texts here are the introductory sentence (the first
line, placed before the generated list) and, optionally, closing paragraphs (further lines, placed after it).
Every text is one paragraph per line.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.trail import record, snapshot
from gongkai.catalog.models import PlanSection
from gongkai.org.models import Organisation

DEFAULT_SECTIONS: dict[str, str] = {
    "preamble": (
        "为切实增加招商党务工作的透明度，着力构建民主开放的党务工作新机制，结合我局实际，"
        "现就全面推进招商局党务公开工作制定如下实施方案："
    ),
    "general": (
        "坚持以科学发展观为统领，以党内法规为依据，以尊重党员主体地位、保障党员民主权力为立足点，"
        "按照服务发展，依法依纪、真实公正、注重实效、积极稳妥的原则，在不违内纪律和保密规定的前提下，"
        "认真做到内容、程序、时间、管理“四规范”，努力实现党员、群众、社会“三满意”，不断发展党内民主，"
        "加强党内监督，最大限度地扩大党员群众和广大客商对党内事务的知情权、参与权和监督权。"
    ),
    "content": ("按照全面、客观、真实、具体的原则，除依照法律法规需要保密的事项除外，能公开的坚持全部公开，主要包括："),
    "forms": (
        "根据公开事项的性质和公开范围，分别采取以下形式进行公开：\n"
        "对机关干部和广大职工要求公开的事项，经研究决定可以公开的，在一定范围内采取适当形式予以公开，"
        "不便公开的，应作具体说明，确定不能公开的，及时做好解释说明工作。"
    ),
    "procedure": (
        "1、制定招商局公开目录和方案。由招商局党委公开领导小组办公室提出预公开的内容、形式、范围和时限，"
        "经党务公开领导小组组长审核批准。\n"
        "2、实施公开。根据批准的内容、形式、范围和时限进行公开，如有目录外需要公开的事项或须变更、撤销、终止的事项，"
        "须经制定公开目录的党组织审核同意。\n"
        "3、收集和处理意见。通过建立意见箱、开通热线电话、设立招商网留言信箱等形式，"
        "由招商局党务公开领导小组办公室负责收集、整理有关对外公开内容的意见和建议，认真进行研究，提出处理意见。"
        "涉及重要事项的重大问题，经招商局党务公开领导小组研究后，提交局党组讨论，形成处理意见，"
        "并将办理结果反馈给党务公开领导小组和反映人。\n"
        "4、立卷和归档。按照档案管理的要求，对党务公开的有关资料进行立卷归档，并做好管理工作。"
    ),
    "time": "根据公开事项的性质，分别实行长期公开、定期公开、分期公开和即时公开：",
    "steps": (
        "1、宣传组织阶段。召开招商局党委公开工作会议，成立党务公开领导小组，召开动员会，宣传发动、安排部署、"
        "统一思想、明确任务。\n"
        "2、组织实施阶段。根据党务公开工作领导小组办公室制定的党务公开目录，各相关科室按照招商局党务公开目录实施公开。"
        "畅通党务公开渠道，针对群众和客商反映的意见或建议，要及时实施整改落实。建立健全有关配套制度，"
        "完善各类资料（会议、活动记录、文件、意见反馈、公开的原始资料、媒体宣传资料、各种表格等），"
        "逐步使我局党务公开工作制度化、规范化。\n"
        "3、巩固提高阶段。对推行党务公开工作进行自查总结，建立党务公开工作长效机制，进一步巩固完善党务公开工作的成果。"
    ),
    "requirements": (
        "1、协调关系，统筹安排。推行党务公开，必须正确处理好积极与稳妥的关系，既充分发挥主观能动性，大胆创新，"
        "又要科学安排，做到规范操作，稳步实施；必须正确处理好内容与形式的关系，"
        "最大限度地让群众和客商了解他们希望了解的内容，防治流于形式，确保群众和客商充分享有知情权、参与权和监督权；"
        "必须正确处理好党务公开和政务公开的关系，通过党务公开进一步促进和完善政务公开的形式和内容；"
        "必须正确处理好自律与他律的关系，党员领导干部必须做自律的模范，但也要自觉接受广大干部群众的监督，"
        "以“他律”促进“自律”。\n"
        "2、立足实际，注重实效。搞好党务公开工作，一定要从推动我市招商引资工作出发，切实抓紧、抓实，"
        "确定明确的指导思想、内容方式，禁止搞形式主义。\n"
        "3、密切配合，搞好保障。各科室要大力支持配合，为我局党务公开提供必要的条件，确保党务公开工作顺利开展。"
    ),
}


def ensure_plan_sections(organisation: Organisation) -> None:
    """Create the organisation's missing plan sections with the default texts; existing ones stay as they are."""
    with transaction.atomic():
        for key in PlanSection.Key.values:
            section, created = PlanSection.objects.get_or_create(
                organisation=organisation, key=key, defaults={"text": DEFAULT_SECTIONS.get(key, "")}
            )
            if created:
                record(
                    actor=None,
                    action="catalog.plansection.create",
                    target=section,
                    changes={k: [None, v] for k, v in snapshot(section).items()},
                    note="template",
                )


def plan_sections(organisation: Organisation) -> dict[str, str]:
    """The organisation's plan texts by section key: its own where it has one (even if emptied), else the default.

    Reads only; nothing is written.
    """
    stored = dict(PlanSection.objects.filter(organisation=organisation).values_list("key", "text"))
    return {key: stored.get(key, DEFAULT_SECTIONS.get(key, "")) for key in PlanSection.Key.values}


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a section text, one paragraph each."""
    return [line.strip() for line in text.splitlines() if line.strip()]
