"""The secrecy and privacy screening of a disclosure, on the `gongkai.screening` engine.

`screen()` runs when the editor submits: it scans the body and the text of every attachment for
classification marks, ID numbers, phone and bank card numbers, e-mail addresses and the office's sensitive
terms, and records each finding for the reviewer. Redaction masks the text in the body and in the attachment
(where its format allows), and checks that nothing is left.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.disclosures import attachments, richtext, secrecy
from gongkai.disclosures.models import Attachment, Disclosure, Finding, SensitiveTerm
from gongkai.errors import InvalidState
from gongkai.org.models import Organisation
from gongkai.screening import detectors
from gongkai.screening.filetypes import FileKind
from gongkai.screening.redact import NotRedactable, RedactionError, mask_targets, redact_file
from gongkai.screening.segments import Segment


def _terms(organisation: Organisation) -> list[str]:
    return list(SensitiveTerm.objects.filter(organisation=organisation).values_list("term", flat=True))


def scan_text(organisation: Organisation, text: str) -> list[detectors.Finding]:
    return detectors.scan([Segment(_("正文"), text)], sensitive_terms=_terms(organisation))


def _record(disclosure: Disclosure, found: list[detectors.Finding], attachment: Attachment | None) -> int:
    Finding.objects.bulk_create(
        Finding(
            disclosure=disclosure,
            attachment=attachment,
            kind=f.kind,
            text=f.text[:300],
            location=(f"{attachment.original_name} · {f.location}" if attachment else f.location)[:120],
            context=f.context[:400],
        )
        for f in found
    )
    return len(found)


def _segments(attachment: Attachment) -> list[Segment]:
    from gongkai.screening.extract import ExtractionError, extract_text

    if attachment.kind in (FileKind.JPEG, FileKind.PNG):
        return []
    try:
        return list(extract_text(FileKind(attachment.kind), attachments.read(attachment)).segments)
    except ExtractionError:
        return []


def screen(disclosure: Disclosure) -> int:
    """Replace the open findings with a fresh scan; return how many were found. An open classification mark the
    new content no longer carries is kept as removed (`secrecy.on_rescreen`), the rest is replaced."""
    terms = _terms(disclosure.organisation)
    body = [Segment(_("正文"), disclosure.title + "\n" + disclosure.body_text)]
    scans: list[tuple[list[detectors.Finding], Attachment | None]] = [
        (detectors.scan(body, sensitive_terms=terms), None)
    ]
    for attachment in attachments.publishable(disclosure):
        scans.append((detectors.scan(_segments(attachment), sensitive_terms=terms), attachment))
    marks = {f.text[:300] for found, _a in scans for f in found if f.kind == detectors.FindingKind.CLASSIFICATION}
    secrecy.on_rescreen(disclosure, marks)
    disclosure.findings.filter(status=Finding.Status.OPEN).delete()
    return sum(_record(disclosure, found, attachment) for found, attachment in scans)


def redact_body(disclosure: Disclosure, text: str) -> None:
    """Mask `text` in the body's parsed tree (never in its markup); the result is sanitised again before it is
    stored (`richtext.mask_in_html`). Refused when the text would stay readable (in the title, or across two
    paragraphs), so a finding is never marked masked while it is still published."""
    masked = richtext.mask_in_html(disclosure.body, [text])
    if richtext.remains(masked, text) or text in disclosure.title:
        raise InvalidState(_("“%(text)s”在标题中或跨越了格式标记，无法自动遮盖，请退回起草人修改。") % {"text": text})
    disclosure.body = masked
    disclosure.body_text = richtext.plain_text(masked)
    disclosure.save(update_fields=["body", "body_text", "updated_at"])


def redact_attachment(attachment: Attachment, text: str) -> None:
    targets = list(attachment.findings.filter(status=Finding.Status.REDACTED).values_list("text", flat=True))
    try:
        content = redact_file(FileKind(attachment.kind), attachments.read(attachment, original=True), [*targets, text])
    except NotRedactable:
        raise InvalidState(
            _("附件“%(name)s”的格式（PDF或图片）无法遮盖，请退回起草人替换附件，或说明理由后确认可公开。")
            % {"name": attachment.original_name}
        ) from None
    except RedactionError as failed:
        raise InvalidState(failed.message) from None
    attachments.replace_content(attachment, content)
    attachment.text = mask_targets(attachment.text, [*targets, text])
    attachment.save(update_fields=["text"])
