"""The printable A4 bulletin-board notice of a disclosure (the 公开栏 form), on `gongkai.printing`."""

from __future__ import annotations

from django.utils import timezone

from gongkai.disclosures import richtext
from gongkai.disclosures.models import Disclosure
from gongkai.printing.notices import CadreRow, NoticeContent, render_notice_pdf


def notice_content(disclosure: Disclosure) -> NoticeContent:
    published = timezone.localtime(disclosure.published_at).date() if disclosure.published_at else None
    return NoticeContent(
        organisation_name=disclosure.organisation.name,
        title=disclosure.title,
        body_html=richtext.sanitise(disclosure.body),
        index_number=disclosure.index_number,
        published_on=published or timezone.localdate(),
        department_name=disclosure.department.name,
        document_number=disclosure.document_number,
        written_on=disclosure.written_on,
        window_start=disclosure.window_starts_on,
        window_end=disclosure.window_ends_on,
        window_workdays=disclosure.window_workdays,
        objection_ways=disclosure.objection_ways,
        cadres=[
            CadreRow(
                name=c.name,
                gender=c.gender,
                ethnicity=c.ethnicity,
                birth=c.birth,
                political_status=c.political_status,
                education=c.education,
                current_post=c.current_post,
                proposed_post=c.proposed_post,
            )
            for c in disclosure.cadres.all()
        ],
        corrected_on=timezone.localtime(disclosure.corrected_at).date() if disclosure.corrected_at else None,
        correction_note=disclosure.correction_note,
    )


def notice_pdf(disclosure: Disclosure) -> bytes:
    return render_notice_pdf(notice_content(disclosure))
