"""Downloads made from an approved catalog: the catalog as a spreadsheet (XLSX), the year's implementation
plan (年度执行方案, DOCX), and a department's obligations as an iCalendar feed (ICS).

Everything here reads; nothing is written. Each function returns the file's bytes; the faces add the
response headers.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog import entry_data, plan_layout, plan_text
from gongkai.catalog.models import Catalog, Category, Entry, Form, PlanSection, Scope
from gongkai.catalog.obligations import Obligation, obligations_of
from gongkai.org.models import Department

# Characters XML 1.0 cannot carry (pasted text sometimes has them); both OOXML writers refuse them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

NUMERALS = "一二三四五六七八九十"


def _clean(text: Any) -> str:
    return _CONTROL.sub("", "" if text is None else str(text))


def _require_approved(catalog: Catalog) -> None:
    if not catalog.is_approved:
        raise ValueError(_("只有已批准的公开目录可以导出。"))


def _ordered_entries(catalog: Catalog) -> QuerySet[Entry]:
    return (
        catalog.entries.order_by("order", "code")
        .select_related("category", "department", "scope", "retention")
        .prefetch_related("forms", "stages")
    )


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


# --- the catalog as a spreadsheet -------------------------------------------------------------------------

XLSX_COLUMNS: list[tuple[str, str, int]] = [  # (header, key of the described entry, width in characters)
    ("编号", "code", 7),
    ("公开事项", "title", 28),
    ("公开内容", "description", 40),
    ("内容类别", "category", 30),
    ("责任科室", "department", 12),
    ("公开形式", "forms", 16),
    ("公开范围", "scope", 14),
    ("公开时限", "time_type", 10),
    ("时限要求", "time_detail", 32),
    ("阶段", "stages", 26),
    ("保管期限", "retention", 10),
    ("状态", "status", 8),
    ("目录外事项", "out_of_catalog", 10),
]


def _xlsx_value(key: str, described: dict[str, Any]) -> str:
    value = described.get(key)
    if key == "forms":
        return "、".join(value or [])
    if key == "stages":
        return "\n".join(value or [])
    if key == "out_of_catalog":
        return _("是") if value else ""
    return _clean(value)


def catalog_xlsx(catalog: Catalog) -> bytes:
    """The approved catalog as a worksheet "公开目录": title row, header row, one row per entry."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    _require_approved(catalog)
    version = catalog.versions.order_by("-number").first()
    approved_on = _local_date(version.approved_at if version else catalog.approved_at)
    title = _clean(catalog.title)
    if version is not None:
        title += "　" + _("版本：第%(n)d版") % {"n": version.number}
    if approved_on is not None:
        title += "　" + _("批准日期：%(date)s") % {"date": approved_on.isoformat()}

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "公开目录"
    last_column = get_column_letter(len(XLSX_COLUMNS))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    sheet.append([title])
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28

    sheet.append([header for header, _key, _width in XLSX_COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border

    for entry in _ordered_entries(catalog):
        described = entry_data.describe(entry_data.from_entry(entry))
        sheet.append([_xlsx_value(key, described) for _header, key, _width in XLSX_COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # never a formula, whatever the text begins with
            cell.alignment = wrap
            cell.border = border

    for index, (_header, _key, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last_column}{sheet.max_row}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the year's implementation plan -----------------------------------------------------------------------

SCOPE_LEADS = {
    Scope.Kind.PUBLIC: "适宜对全社会公开的",
    Scope.Kind.BUREAU: "适宜在%(org)s内公开的",
    Scope.Kind.PARTY: "适宜在党内公开的",
    Scope.Kind.LIMITED: "适宜在%(scopes)s范围内公开的",
}

TIME_TYPE_LEADS = {
    Entry.TimeType.LONG_TERM: (
        "对于党的有关政策规定、工作制度、工作程序、办事机构等具有长期性、固定性的内容实行长期公开，每年复核一次"
    ),
    Entry.TimeType.PERIODIC: "对于在一定时期内相对稳定的常规性工作，按周期定期公开",
    Entry.TimeType.PHASED: (
        "对于动态性、阶段性的工作，根据进展情况分期逐段公开；跨年度的工作除按照阶段公开外，在工作结束时进行总结性公开"
    ),
    Entry.TimeType.IMMEDIATE: "对于干部考察预告、任前公示等临时性工作，根据情况随时进行公开",
}


def _active_entries(catalog: Catalog) -> list[Entry]:
    return list(_ordered_entries(catalog).filter(status=Entry.Status.ACTIVE))


def _titles(entries: Iterable[Entry]) -> str:
    return "；".join(_clean(e.title) for e in entries)


def _content_items(entries: list[Entry]) -> list[tuple[str, list[str]]]:
    """(category paragraph, entry lines) per category that has active entries, in the categories' order."""
    categories: dict[int, Category] = {e.category_id: e.category for e in entries}
    ordered = sorted(categories.values(), key=lambda c: (c.order, c.pk))
    items = []
    for number, category in enumerate(ordered, start=1):
        lines = []
        own = [e for e in entries if e.category_id == category.pk]
        for sub, entry in enumerate(own, start=1):
            line = f"（{sub}）{_clean(entry.title)}（{_clean(entry.department.name)}）"
            if entry.out_of_catalog:
                line += _("〔目录外事项〕")
            lines.append(line)
        items.append((f"{number}、{_clean(category.name)}：", lines))
    return items


def _forms_items(catalog: Catalog, entries: list[Entry]) -> list[str]:
    organisation = catalog.organisation
    items = []
    for kind in sorted(Scope.Kind, key=lambda k: Scope.RANK[k]):
        own = [e for e in entries if e.scope.kind == kind]
        if not own:
            continue
        forms: dict[int, Form] = {f.pk: f for e in own for f in e.forms.all()}
        scopes = {e.scope.pk: e.scope for e in own}
        lead = SCOPE_LEADS[kind] % {
            "org": organisation.short_name or organisation.name,
            "scopes": "、".join(_clean(s.name) for s in sorted(scopes.values(), key=lambda s: (s.order, s.pk))),
        }
        form_names = "、".join(_clean(f.name) for f in sorted(forms.values(), key=lambda f: (f.order, f.pk)))
        items.append(f"{lead}，通过{form_names}等形式公开：{_titles(own)}。")
    return [f"{number}、{text}" for number, text in enumerate(items, start=1)]


def _time_item(entry: Entry) -> str:
    data = entry_data.from_entry(entry)
    detail = _clean(entry_data.time_detail(data))
    if entry.time_type == Entry.TimeType.PHASED:
        stages = entry_data.describe(data)["stages"]
        if stages:
            detail += "；" + _("阶段：%(stages)s") % {"stages": "、".join(_clean(s) for s in stages)}
    return f"{_clean(entry.title)}（{detail}）"


def _time_items(entries: list[Entry]) -> list[str]:
    items = []
    for time_type in Entry.TimeType:
        own = [e for e in entries if e.time_type == time_type]
        if not own:
            continue
        listed = "；".join(_time_item(e) for e in own)
        items.append(f"{time_type.label}：{TIME_TYPE_LEADS[time_type]}。{_('本年度包括：')}{listed}。")
    return [f"{number}、{text}" for number, text in enumerate(items, start=1)]


def plan_docx(catalog: Catalog) -> bytes:
    """The year's implementation plan in the structure of the bureau's plan (导语, 一 … 七), as a Word file.

    Chapters 二, 三 and 五 list the approved catalog's active entries; the other chapters are the organisation's
    plan texts (`plan_text.plan_sections`).
    """
    from docx import Document
    from docx.shared import Pt

    _require_approved(catalog)
    organisation = catalog.organisation
    texts = plan_text.plan_sections(organisation)
    entries = _active_entries(catalog)
    title = _("%(org)s%(year)d年度党务公开执行方案") % {"org": organisation.name, "year": catalog.year}
    issuer = catalog.party_organisation.name

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = issuer
    # GB/T 9704-2012: page, grid, faces and sizes, page numbers, the red head (gongkai.catalog.plan_layout).
    plan_layout.page_setup(document)
    plan_layout.styles(document)
    plan_layout.head(document, issuer=issuer, document_number=catalog.document_number)

    def body(text: str, *, indent: bool = True) -> None:
        paragraph = document.add_paragraph(_clean(text))
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(2 * 16)  # two characters of 3号

    def section(key: str) -> None:
        for line in plan_text.paragraphs(texts.get(key, "")):
            body(line)

    def generated(key: str, items: list[str]) -> None:
        lines = plan_text.paragraphs(texts.get(key, ""))
        if lines:
            body(lines[0])
        for item in items:
            body(item)
        for line in lines[1:]:
            body(line)

    plan_layout.title(document, _clean(title))

    body(_("各科室："), indent=False)
    section(PlanSection.Key.PREAMBLE)

    document.add_heading(str(PlanSection.Key.GENERAL.label), level=1)
    section(PlanSection.Key.GENERAL)

    document.add_heading(str(PlanSection.Key.CONTENT.label), level=1)
    content_lines = plan_text.paragraphs(texts.get(PlanSection.Key.CONTENT, ""))
    if content_lines:
        body(content_lines[0])
    for category_line, entry_lines in _content_items(entries):
        body(category_line)
        for line in entry_lines:
            body(line)
    for line in content_lines[1:]:
        body(line)

    document.add_heading(str(PlanSection.Key.FORMS.label), level=1)
    generated(PlanSection.Key.FORMS, _forms_items(catalog, entries))

    document.add_heading(str(PlanSection.Key.PROCEDURE.label), level=1)
    section(PlanSection.Key.PROCEDURE)

    document.add_heading(str(PlanSection.Key.TIME.label), level=1)
    generated(PlanSection.Key.TIME, _time_items(entries))

    document.add_heading(str(PlanSection.Key.STEPS.label), level=1)
    section(PlanSection.Key.STEPS)

    document.add_heading(str(PlanSection.Key.REQUIREMENTS.label), level=1)
    section(PlanSection.Key.REQUIREMENTS)

    approved_on = _local_date(catalog.approved_at) or timezone.localdate()
    plan_layout.signature(document, issuer=issuer, signed_on=approved_on)
    superior = catalog.party_organisation.parent
    plan_layout.record(
        document,
        copied_to=superior.name if superior else "",
        printed_by=_("%(org)s办公室") % {"org": organisation.name},
        printed_on=approved_on,
    )

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- a department's obligations as a calendar feed --------------------------------------------------------

PRODID = "-//gongkai//obligations//ZH"
FULFILLED = ("fulfilled", "late")


def _department_obligations(department: Department, today: datetime.date) -> list[Obligation]:
    catalogs = Catalog.objects.filter(
        organisation_id=department.organisation_id,
        status=Catalog.Status.APPROVED,
        year__in=[today.year - 1, today.year],
    )
    entries = (
        Entry.objects.filter(catalog__in=catalogs, department=department)
        .select_related("catalog", "category", "department", "scope")
        .prefetch_related("stages", "events", "fulfilments", "forms")
        .order_by("catalog__year", "order", "code")
    )
    return [o for o in obligations_of(entries, today=today) if o.entry.department_id == department.pk]


def obligation_uid(obligation: Obligation, organisation_code: str) -> str:
    """Stable across requests. The catalog's year qualifies the key: keys are unique within one catalog only
    (e.g. the summary of a phased entry of the same code in two consecutive years)."""
    return f"{obligation.entry.catalog.year}-{obligation.key}@{organisation_code}.gongkai"


def obligations_ics(department: Department, *, today: datetime.date | None = None) -> bytes:
    """The department's obligations (approved catalogs of this year and last) as all-day events on their due
    dates; obligations whose due date is not known yet are left out."""
    from icalendar import Calendar, Event

    today = today or timezone.localdate()
    organisation = department.organisation
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("%(dept)s党务公开事项") % {"dept": department.name})

    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for obligation in _department_obligations(department, today):
        if obligation.due_on is None:
            continue
        entry = obligation.entry
        marker = _("【已公开】") if obligation.status in FULFILLED else _("【待公开】")
        description = [
            _("编号：%(code)s") % {"code": entry.code},
            _("时限：%(detail)s") % {"detail": entry_data.time_detail(entry_data.from_entry(entry))},
            _("状态：%(status)s") % {"status": obligation.status_label},
        ]
        if obligation.fulfilled_on is not None:
            description.append(_("公开日期：%(date)s") % {"date": obligation.fulfilled_on.isoformat()})
        event = Event()
        event.add("uid", obligation_uid(obligation, organisation.code))
        event.add("dtstamp", stamp)
        event.add("dtstart", obligation.due_on)
        event.add("dtend", obligation.due_on + datetime.timedelta(days=1))
        event.add("summary", f"{marker}{_clean(entry.title)}（{_clean(obligation.label)}）")
        event.add("description", _clean("\n".join(description)))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
