"""Notifications: a notice in the app for each person concerned, and the same by email.

`notify` is called inside the transaction that makes the news (an assignment, an alarm, an opinion asked);
the rows commit with it, and the emails are handed to a background task only once it has committed. A
notice goes only to people who may see the record it is about, and an email about a record with a secrecy
level carries no title, only the link: secret content does not travel by email.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from chancery.core import access, audit
from chancery.core.models import Notification, ProtectedRecord, SecrecyLevel, User
from chancery.core.selectors import KeysetPage, keyset_page


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: str,
    subject: models.Model | None = None,
    url: str = "",
    key: str = "",
) -> list[Notification]:
    """Notify each recipient once (per `key`, when given); returns the notices created now."""
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if isinstance(subject, ProtectedRecord):
        people = {pk: u for pk, u in people.items() if access.can_view(u, subject)}
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=people, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        people = {pk: u for pk, u in people.items() if pk not in already}
    if not people:
        return []
    object_type = audit.object_type_of(subject) if subject is not None else ""
    secrecy = getattr(subject, "secrecy", SecrecyLevel.NONE)
    if not url and subject is not None:
        url = audit.subject_url(object_type, subject.pk) or ""
    created = [
        Notification.objects.create(
            recipient=person,
            kind=kind,
            title=title[:300],
            url=url,
            object_type=object_type,
            object_id=subject.pk if subject is not None else None,
            secrecy=secrecy,
            key=key,
        )
        for person in people.values()
    ]
    ids = [n.pk for n in created if n.recipient.email]
    if ids:
        transaction.on_commit(lambda: _enqueue_email(ids))
    return created


def _enqueue_email(ids: list[int]) -> None:
    from chancery.core.tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def deliver_emails(ids: list[int]) -> int:
    """Email the notices not emailed yet; each is marked as it goes, so a retry never sends one twice."""
    sent = 0
    for notice in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        with override(settings.LANGUAGE_CODE):
            link = f"{settings.SITE_URL}{notice.url}" if notice.url else settings.SITE_URL
            if notice.secrecy > SecrecyLevel.NONE:
                subject_line = _("Chancery: a notice about a protected record")
                body = _(
                    "You have a notice about a record with a secrecy level. Open it in Chancery: %(link)s"
                )
            else:
                subject_line = f"Chancery: {notice.title}"
                body = _("%(title)s\n\nOpen it in Chancery: %(link)s")
            body = body % {"title": notice.title, "link": link}
        send_mail(subject_line, body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


# --- reading ----------


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(recipient_id=getattr(user, "pk", None) or 0)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


def list_inbox(
    user: Any, *, unread_only: bool = False, before: int | None = None, limit: int = 50
) -> KeysetPage[Notification]:
    return keyset_page(inbox(user, unread_only=unread_only), before=before, limit=limit)


def unread_count(user: Any, *, cap: int = 99) -> int:
    """Unread notices, counted up to `cap` (the badge shows 99+): cheap on every page."""
    return len(inbox(user, unread_only=True).values_list("pk", flat=True)[: cap + 1])


def mark_read(user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notices read (all of them when no ids are given)."""
    queryset = inbox(user, unread_only=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
