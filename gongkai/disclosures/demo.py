"""Sample disclosures for the demo bureau, so that `make run` opens on a portal with something to read and search.

Every item goes the whole way through the same operations the people use (draft → submit with screening →
review → approve → publish online, or record an offline disclosure with its evidence), as the demo's editors,
the office and the leader, so the audit trail, the index numbers and the search index are what they would be.
Loaded only into an organisation that has no disclosure yet; published today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.catalog.models import Catalog, Form
from gongkai.disclosures import services
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.services import DisclosureInput
from gongkai.org.models import Organisation, User
from gongkai.workdays.calendar import Calendar, YearNotCovered

CATALOG_YEAR = 2026


SAMPLE_CADRE = {
    "name": "王芳",
    "gender": "女",
    "ethnicity": "汉族",
    "birth": "1985.03",
    "political_status": "中共党员",
    "education": "研究生",
    "current_post": "外资科副科长",
    "proposed_post": "外资科科长",
}


@dataclass(frozen=True)
class Sample:
    entry: str  # the entry's code in the demo catalog
    editor: str  # the demo account that drafts and carries it out
    title: str
    body: str
    document_number: str = ""
    obligation_key: str = ""
    offline: str = ""  # the offline form's code when it is disclosed at a meeting or on a board
    cadres: list[dict[str, str]] = field(default_factory=list)


SAMPLES = [
    Sample(
        "16",
        "editor_xm",
        "2026年第三季度招商引资工作情况",
        "<p>第三季度，我局围绕主导产业开展精准招商，共签约项目18个，协议投资额96.4亿元，其中亿元以上项目11个；"
        "新开工项目9个，到位资金23.7亿元。</p><p>下一步，我局将加快签约项目落地，做好客商服务，确保完成全年目标任务。</p>",
        obligation_key="16:2026Q3",
    ),
    Sample(
        "17",
        "editor_xm",
        "重点招商项目推进情况（第一阶段）",
        "<p>截至目前，列入年度计划的重点招商项目中，新能源装备产业园、智能制造基地等项目已完成签约，"
        "进入土地报批和规划设计阶段。各项目联系领导和责任科室按月调度，协调解决用地、用能等问题。</p>",
    ),
    Sample(
        "19",
        "editor_wz",
        "关于落实外商投资企业服务保障措施的情况说明",
        "<p>为优化营商环境，我局落实外商投资企业服务专员制度，为重点外资企业提供政策咨询、手续代办和问题协调服务。"
        "今年以来共受理客商诉求43件，已办结41件，其余2件正在协调推进。</p>",
        document_number="某招商〔2026〕12号",
    ),
    Sample(
        "03",
        "editor_jgdw",
        "2026年度机关党建工作目标",
        "<p>围绕“党建引领招商”，全年重点抓好理论学习、支部标准化规范化建设、党风廉政建设和党务公开四项工作，"
        "推动党建工作与招商引资工作深度融合。</p>",
    ),
    Sample(
        "09",
        "editor_rs",
        "干部任前公示",
        "<p>经局党组研究，拟任用以下同志。公示期间，干部职工和群众可通过来信、来访等方式反映该同志的有关情况。</p>",
        cadres=[SAMPLE_CADRE],
    ),
    Sample(
        "04",
        "editor_jgdw",
        "2026年上半年党建工作目标完成情况",
        "<p>上半年，机关党委组织集中学习12次，各支部开展主题党日活动18次，完成支部标准化建设年度任务的60%。</p>",
        offline="meeting",
    ),
    Sample(
        "13",
        "editor_jgdw",
        "2026年上半年党费收缴、使用和管理情况",
        "<p>上半年，机关各党支部应缴党费4.2万元，实缴4.2万元，收缴率100%；党费使用严格执行有关规定，"
        "主要用于党员教育培训和走访慰问困难党员。</p>",
        offline="board",
    ),
]


def load_demo_disclosures(organisation: Organisation) -> list[Disclosure]:
    """Publish the samples through the procedure, once (nothing happens if the organisation has disclosures)."""
    if Disclosure.objects.filter(organisation=organisation).exists():
        return []
    catalog = Catalog.objects.get(organisation=organisation, year=CATALOG_YEAR)
    people = {user.username: user for user in User.objects.filter(organisation=organisation)}
    made = []
    for sample in SAMPLES:
        data = _input(sample, catalog)
        if data is not None:
            made.append(_publish(sample, catalog, data, people))
    return made


def _input(sample: Sample, catalog: Catalog) -> DisclosureInput | None:
    """What the editor writes; None for a publicity notice when the calendar cannot count its window."""
    data = DisclosureInput(
        title=sample.title,
        body=sample.body,
        document_number=sample.document_number,
        obligation_key=sample.obligation_key,
        written_on=timezone.localdate(),
    )
    entry = catalog.entries.get(code=sample.entry)
    if entry.publicity_workdays:
        today = timezone.localdate()
        try:
            data.window_ends_on = Calendar().window_end(today, entry.publicity_workdays)
        except YearNotCovered:
            return None
        data.window_starts_on = today
        data.objection_ways = "来信：市行政中心3号楼市招商局领导小组办公室；来访：工作日上午9时至11时。"
        data.cadres = sample.cadres
    if sample.offline:
        data.forms = [entry.forms.get(code=sample.offline)]
    return data


def _publish(sample: Sample, catalog: Catalog, data: DisclosureInput, people: dict[str, User]) -> Disclosure:
    editor = people[sample.editor]
    item = services.disclosure_create(actor=editor, entry=catalog.entries.get(code=sample.entry), data=data)
    item = services.disclosure_submit(actor=editor, disclosure=item)
    item = services.disclosure_review(actor=people["office"], disclosure=item)
    item = services.disclosure_approve(actor=people["leader"], disclosure=item, comment="同意公开。")
    if not sample.offline:
        return services.disclosure_publish(actor=editor, disclosure=item)
    services.offline_record_add(
        actor=editor,
        disclosure=item,
        form=Form.objects.get(organisation=catalog.organisation, code=sample.offline),
        held_on=timezone.localdate(),
        place="局机关三楼会议室" if sample.offline == "meeting" else "机关一楼党务公开栏",
        how="会上通报" if sample.offline == "meeting" else "张贴公开",
        evidence=[("记录.txt", _evidence(sample, timezone.localdate()))],
    )
    item.refresh_from_db()
    return item


def _evidence(sample: Sample, day: datetime.date) -> bytes:
    return f"{day:%Y年%m月%d日}，{sample.title}已按规定公开。\n记录人：机关党委\n".encode()
