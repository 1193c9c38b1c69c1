"""The printable A4 bulletin-board notice of a disclosure (the 公开栏 form), on `gongkai.printing`.

Issued by the party organisation the catalog entry names (GB/T 9704 7.2.4), marked with its scope when it is
not public, listing its published attachments; an item not yet published prints as a proof (样稿), without a
publication date.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.catalog.models import Scope
from gongkai.disclosures import richtext
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.printing.notices import CadreRow, NoticeContent, render_notice_pdf


def scope_marking(scope: Scope) -> str:
    """党内公开, 局内公开 …: printed where a 密级 stands; nothing for a notice to the public."""
    return "" if scope.kind == Scope.Kind.PUBLIC else scope.name


def attachment_names(disclosure: Disclosure) -> list[str]:
    attachments = disclosure.attachments.filter(purpose=Attachment.Purpose.PUBLISH, removed=False)
    return [a.original_name.rsplit(".", 1)[0] if "." in a.original_name else a.original_name for a in attachments]


def notice_content(disclosure: Disclosure) -> NoticeContent:
    published = timezone.localtime(disclosure.published_at).date() if disclosure.published_at else None
    return NoticeContent(
        organisation_name=disclosure.entry.issuing_party_organisation.name,
        title=disclosure.title,
        body_html=richtext.sanitise(disclosure.body),
        # A proof has no index number yet: printed only once published (never blank, never "today").
        index_number=disclosure.index_number if published else "",
        published_on=published,
        department_name=disclosure.department.name,
        scope_marking=scope_marking(disclosure.scope),
        attachments=attachment_names(disclosure),
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
