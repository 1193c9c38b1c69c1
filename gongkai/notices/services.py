"""Writes of notices: `notify` is the one way a notice is created; `mark_read` the one way it changes.

`notify` writes the notices and their audit record in one transaction and sends the e-mails only after that
transaction commits, so a rolled-back change never mails anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.trail import diff, record
from gongkai.notices.models import Notice
from gongkai.org.models import User

log = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str,
    url: str = "",
    kind: str,
    key: str,
    also_mail: Sequence[str] = (),
    actor: Any = None,
) -> list[Notice]:
    """Give every recipient who does not yet hold notice `key` a notice, and each new one with an address an e-mail.

    Returns the notices created (none when everybody already had it). `also_mail` are further addresses (e.g. a
    department's mailbox) written once, when the key is issued for the first time. `actor` None means the
    system. The caller has decided that the recipients may read the title and body.
    """
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError(f"A notice links inside the platform only, not to {url!r}.")
    fresh = _without_key(recipients, key)
    if not fresh:  # the usual case on a re-run: no write transaction at all
        return []
    with transaction.atomic():
        first_issue = not Notice.objects.filter(key=key).exists()
        fields = {"title": title[:200], "body": body, "url": url, "kind": kind, "key": key}
        created = [notice for notice in (_create(person, fields) for person in fresh) if notice is not None]
        if not created:
            return []
        addresses = [n.recipient.email for n in created if n.recipient.email]
        addresses += [a for a in also_mail if a and a not in addresses] if first_issue else []
        record(
            actor=actor,
            action="notices.notify",
            target=("notices.notice", key, title),
            changes=diff({}, {"kind": kind, "recipients": [n.recipient_id for n in created], "mailed": addresses}),
        )
        transaction.on_commit(partial(_send_mail, title, _mail_text(body, url), addresses), robust=True)
    return created


def _without_key(recipients: Iterable[User], key: str) -> list[User]:
    people = list({person.pk: person for person in recipients}.values())
    holding = set(Notice.objects.filter(key=key, recipient__in=people).values_list("recipient_id", flat=True))
    return [person for person in people if person.pk not in holding]


def _create(recipient: User, fields: dict[str, str]) -> Notice | None:
    try:
        with transaction.atomic():  # a savepoint: a concurrent run that got there first costs only this row
            return Notice.objects.create(recipient=recipient, **fields)
    except IntegrityError:
        return None


def _mail_text(body: str, url: str) -> str:
    if not url:
        return body
    return body + "\n\n" + _("查看详情：%(link)s") % {"link": settings.GONGKAI_SITE_URL.rstrip("/") + url}


def _send_mail(subject: str, text: str, addresses: Sequence[str]) -> None:
    """One e-mail per address (nobody sees who else was told), over one connection."""
    if not addresses:
        return
    subject = " ".join(subject.split())  # a header holds no line breaks
    with mail.get_connection() as connection:
        for address in addresses:
            mail.send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
    log.info("notice mailed to %d address(es): %s", len(addresses), subject)


def mark_read(*, user: User, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own unread notices read — all of them, or those among `notice_ids`. Returns how many.

    Another person's notice is never touched, whatever ids are passed.
    """
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    with transaction.atomic():
        ids = list(unread.select_for_update().values_list("pk", flat=True))
        if ids:
            Notice.objects.filter(pk__in=ids).update(read_at=timezone.now())
            record(actor=user, action="notices.read", target=user, changes=diff({}, {"notices": ids}))
    return len(ids)
