import datetime as dt
import io
import re

import docx
import icalendar
import openpyxl
import pytest
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.catalog import entry_data, services
from gongkai.catalog.exports import catalog_xlsx, obligations_ics, plan_docx
from gongkai.catalog.models import Catalog, Category, Entry, PlanSection
from gongkai.catalog.plan_text import DEFAULT_SECTIONS, ensure_plan_sections, plan_sections
from gongkai.org.models import Department

pytestmark = pytest.mark.django_db
D = dt.date

HEADINGS = [
    "一、总体要求",
    "二、党务公开的内容",
    "三、党务公开的形式",
    "四、党务公开的程序",
    "五、党务公开的时限",
    "六、实施步骤",
    "七、工作要求",
]
HEADER = [
    "编号",
    "公开事项",
    "公开内容",
    "内容类别",
    "责任科室",
    "公开形式",
    "公开范围",
    "公开时限",
    "时限要求",
    "阶段",
    "保管期限",
    "状态",
    "目录外事项",
]


@pytest.fixture
def catalog2026(org):
    return Catalog.objects.get(organisation=org, year=2026)


@pytest.fixture
def draft2027(org, users):
    return services.catalog_create(actor=users["office"], organisation=org, year=2027)


def _events(feed: bytes):
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def _chapters(document):
    """{heading: [paragraph texts up to the next heading]} and the headings in order."""
    chapters: dict[str, list[str]] = {}
    order, current = [], None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "落款":  # the signature and the 版记 follow the last chapter
            break
        if paragraph.style.name.startswith("Heading"):
            current = paragraph.text
            order.append(current)
            chapters[current] = []
        elif current is not None:
            chapters[current].append(paragraph.text)
    return order, chapters


# --- plan texts -------------------------------------------------------------------------------------------


def test_default_plan_texts_cover_every_section_and_come_from_the_plan():
    assert set(DEFAULT_SECTIONS) == set(PlanSection.Key.values)
    assert DEFAULT_SECTIONS["preamble"].startswith("为切实增加招商党务工作的透明度")
    assert DEFAULT_SECTIONS["preamble"].endswith("制定如下实施方案：")
    assert "“四规范”" in DEFAULT_SECTIONS["general"]
    assert DEFAULT_SECTIONS["content"].endswith("主要包括：") and "\n" not in DEFAULT_SECTIONS["content"]
    assert len(DEFAULT_SECTIONS["procedure"].splitlines()) == 4
    assert len(DEFAULT_SECTIONS["steps"].splitlines()) == 3
    assert DEFAULT_SECTIONS["requirements"].splitlines()[2].startswith("3、密切配合，搞好保障。")


def test_plan_sections_read_defaults_without_writing_and_ensure_is_idempotent_and_audited(org):
    PlanSection.objects.filter(organisation=org).delete()  # the demo created them; start without
    assert plan_sections(org) == {key: DEFAULT_SECTIONS[key] for key in PlanSection.Key.values}
    assert not PlanSection.objects.filter(organisation=org).exists()
    before = AuditRecord.objects.filter(action="catalog.plansection.create").count()

    ensure_plan_sections(org)
    ensure_plan_sections(org)
    assert PlanSection.objects.filter(organisation=org).count() == len(PlanSection.Key.values)
    records = AuditRecord.objects.filter(action="catalog.plansection.create")
    assert records.count() - before == len(PlanSection.Key.values) and {r.note for r in records} == {"template"}

    PlanSection.objects.filter(organisation=org, key="steps").update(text="自定义步骤")
    ensure_plan_sections(org)
    assert plan_sections(org)["steps"] == "自定义步骤"


# --- XLSX -------------------------------------------------------------------------------------------------


def test_the_catalog_spreadsheet_has_a_title_a_header_and_a_row_per_entry(catalog2026):
    book = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(catalog2026)))
    sheet = book["公开目录"]
    title = sheet["A1"].value
    assert catalog2026.title in title and "第1版" in title
    version = catalog2026.versions.get()
    assert f"批准日期：{timezone.localtime(version.approved_at).date():%Y-%m-%d}" in title
    assert [cell.value for cell in sheet[2]] == HEADER
    assert sheet.freeze_panes == "A3"

    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    entries = list(catalog2026.entries.order_by("order", "code"))
    assert list(rows) == [e.code for e in entries]  # in the catalog's order
    for entry in entries:
        row = dict(zip(HEADER, rows[entry.code], strict=True))
        assert row["公开事项"] == entry.title
        assert row["责任科室"] == entry.department.name
        assert row["公开时限"] == entry.get_time_type_display()
        assert row["时限要求"] == entry_data.time_detail(entry_data.from_entry(entry))
        assert row["状态"] == "有效"
    assert "公示期不少于5个工作日" in rows["09"][HEADER.index("时限要求")]
    assert "项目签约（2026-03-31）" in rows["17"][HEADER.index("阶段")]


def test_text_that_looks_like_a_formula_stays_text(catalog2026):
    Entry.objects.filter(catalog=catalog2026, code="20").update(title='=HYPERLINK("http://x")')
    sheet = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(catalog2026)))["公开目录"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=3) if row[0].value == "20")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


# --- DOCX -------------------------------------------------------------------------------------------------


def test_the_plan_has_the_seven_chapters_in_order_and_a_cjk_font(org, catalog2026):
    document = docx.Document(io.BytesIO(plan_docx(catalog2026)))
    order, _by_heading = _chapters(document)
    assert order == HEADINGS
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "中共某市招商局党组"  # the red head: the party organisation issues the plan
    assert texts[2] == "某市招商局2026年度党务公开执行方案"
    assert texts[3] == "各科室："
    assert texts[4] == DEFAULT_SECTIONS["preamble"]
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"


def test_chapter_two_lists_each_category_with_its_active_entries(org, catalog2026):
    _order, chapters = _chapters(docx.Document(io.BytesIO(plan_docx(catalog2026))))
    content = chapters["二、党务公开的内容"]
    assert content[0] == DEFAULT_SECTIONS["content"]
    category_lines = [i for i, line in enumerate(content) if re.match(r"\d+、", line)]
    categories = list(Category.objects.filter(organisation=org).order_by("order", "id"))
    assert len(category_lines) == len(categories)
    bounds = [*category_lines, len(content)]
    for number, (category, start, end) in enumerate(zip(categories, bounds, bounds[1:], strict=False), start=1):
        assert content[start] == f"{number}、{category.name}："
        listed = "\n".join(content[start + 1 : end])
        for entry in catalog2026.entries.filter(category=category):
            assert entry.title in listed


def test_chapter_two_leaves_out_what_was_revoked(catalog2026):
    Entry.objects.filter(catalog=catalog2026, code="05").update(status=Entry.Status.REVOKED)
    _order, chapters = _chapters(docx.Document(io.BytesIO(plan_docx(catalog2026))))
    content = chapters["二、党务公开的内容"]
    assert not any("班子成员工作分工及联系重点项目、基层单位情况（" in line for line in content)
    assert any("年度党建工作目标（机关党委）" in line for line in content)


def test_chapters_three_and_five_come_from_the_catalog(catalog2026):
    _order, chapters = _chapters(docx.Document(io.BytesIO(plan_docx(catalog2026))))
    forms = chapters["三、党务公开的形式"]
    public = next(line for line in forms if "适宜对全社会公开的" in line)
    assert "招商网" in public and "干部任前公示" in public and "发展党员情况" not in public
    party = next(line for line in forms if "适宜在党内公开的" in line)
    assert "发展党员情况" in party

    time = chapters["五、党务公开的时限"]
    assert [line[:6] for line in time[1:5]] == ["1、长期公开", "2、定期公开", "3、分期公开", "4、即时公开"]
    immediate = time[4]
    assert "干部任前公示（事件发生后2个工作日内，公示期不少于5个工作日）" in immediate
    assert "任前公示" in immediate and "公示期不少于5个工作日" in immediate
    assert "季度招商引资工作情况（每季度，周期结束后5个工作日内）" in time[2]


def test_an_edited_plan_text_appears_in_the_plan(org, catalog2026):
    ensure_plan_sections(org)
    PlanSection.objects.filter(organisation=org, key="requirements").update(
        text="1、加强领导，落实责任。\n\n2、严格考核，注重实效。"
    )
    _order, chapters = _chapters(docx.Document(io.BytesIO(plan_docx(catalog2026))))
    assert chapters["七、工作要求"] == ["1、加强领导，落实责任。", "2、严格考核，注重实效。"]
    assert chapters["六、实施步骤"][0].startswith("1、宣传组织阶段。")


# --- ICS --------------------------------------------------------------------------------------------------


def test_a_department_feed_holds_only_its_own_entries(org, catalog2026, users):
    rsk = Department.objects.get(organisation=org, code="rsk")
    appointment = catalog2026.entries.get(code="09")
    services.trigger_event_register(
        actor=users["editor_rs"], entry=appointment, occurred_on=D(2026, 6, 1), description="拟任项目管理科科长"
    )
    calendar = icalendar.Calendar.from_ical(obligations_ics(rsk, today=D(2026, 6, 1)))
    assert str(calendar["prodid"]) == "-//gongkai//obligations//ZH"
    assert str(calendar["x-wr-calname"]) == "人事科党务公开事项"
    events = list(calendar.walk("VEVENT"))
    assert events
    own_titles = set(catalog2026.entries.filter(department=rsk).values_list("title", flat=True))
    other_titles = set(catalog2026.entries.exclude(department=rsk).values_list("title", flat=True))
    for event in events:
        summary = str(event["summary"])
        assert any(title in summary for title in own_titles)
        assert not any(title in summary for title in other_titles)
    event = next(e for e in events if "干部任前公示" in str(e["summary"]))
    assert str(event["summary"]) == "【待公开】干部任前公示（拟任项目管理科科长）"
    assert event.decoded("dtstart") == D(2026, 6, 3)  # 2 working days after 1 June
    assert "编号：09" in str(event["description"]) and "公示期不少于5个工作日" in str(event["description"])

    xmglk = Department.objects.get(organisation=org, code="xmglk")
    assert not any("干部任前公示" in str(e["summary"]) for e in _events(obligations_ics(xmglk, today=D(2026, 6, 1))))


def test_the_quarterly_q3_event_lands_on_the_calendar_working_day(org, catalog2026, users):
    xmglk = Department.objects.get(organisation=org, code="xmglk")
    entry = catalog2026.entries.get(code="16")
    services.fulfilment_record(
        actor=users["editor_xm"],
        entry=entry,
        obligation_key="16:2026Q1",
        fulfilled_on=D(2026, 4, 3),
        source=("test", "1"),
    )
    events = {str(e["summary"]): e for e in _events(obligations_ics(xmglk, today=D(2026, 7, 1)))}
    q3 = events["【待公开】季度招商引资工作情况（2026年第三季度）"]
    # 5 working days after 30 September: 8, 9, 10 (a make-up Saturday), 12, 13 October
    assert q3.decoded("dtstart") == D(2026, 10, 13)
    assert q3.decoded("dtend") == D(2026, 10, 14)
    assert "状态：未到期" in str(q3["description"])
    q1 = events["【已公开】季度招商引资工作情况（2026年第一季度）"]
    assert q1.decoded("dtstart") == D(2026, 4, 8) and "公开日期：2026-04-03" in str(q1["description"])
    # Q4's due date waits for the 2027 calendar: no event rather than a guessed date
    assert "【待公开】季度招商引资工作情况（2026年第四季度）" not in events


def test_last_years_catalog_is_still_in_the_feed_and_uids_are_stable(org, catalog2026):
    xmglk = Department.objects.get(organisation=org, code="xmglk")
    first = [str(e["uid"]) for e in _events(obligations_ics(xmglk, today=D(2027, 1, 5)))]
    second = [str(e["uid"]) for e in _events(obligations_ics(xmglk, today=D(2027, 1, 5)))]
    assert first and first == second and len(set(first)) == len(first)
    assert "2026-16:2026Q3@zsj.gongkai" in first
    assert all(uid.endswith("@zsj.gongkai") for uid in first)
    assert not _events(obligations_ics(xmglk, today=D(2028, 1, 5)))


# --- only approved catalogs -------------------------------------------------------------------------------


def test_exports_of_an_unapproved_catalog_are_refused(org, draft2027):
    assert draft2027.status == Catalog.Status.DRAFT
    with pytest.raises(ValueError):
        catalog_xlsx(draft2027)
    with pytest.raises(ValueError):
        plan_docx(draft2027)


def test_a_draft_catalog_adds_nothing_to_the_feed(org, draft2027):
    xmglk = Department.objects.get(organisation=org, code="xmglk")
    uids = [str(e["uid"]) for e in _events(obligations_ics(xmglk, today=D(2027, 6, 1)))]
    assert not any(uid.startswith("2027-") for uid in uids)
