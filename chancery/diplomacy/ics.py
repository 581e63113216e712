"""The calendar of foreign-affairs events as iCalendar (RFC 5545) with the icalendar package: a feed a
calendar program subscribes to with a personal link, and one event's file.

The link carries a token signed with the site's secret over the person and their password hash: it shows
only what that person may see, and stops working when the password changes or the account is deactivated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .models import Event

SALT = "chancery.diplomacy.ics"


def _fingerprint(user: Any) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:20]


def token_for(user: Any) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT, compress=True)


def user_for(token: str) -> Any:
    """The active person the token was made for, or None (bad signature, password changed, deactivated)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_fingerprint(user), str(data.get("f", ""))):
        return None
    return user


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h not in ("*",) and not h.startswith(".")]
    return hosts[0] if hosts else "chancery.local"


def _component(event: Event, url: str = "") -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"event-{event.pk}@{_host()}")
    item.add("summary", f"[{event.kind_label}] {event.title}" + (" (đã hủy)" if event.is_cancelled else ""))
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + timedelta(days=1))  # all-day: the end is exclusive
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.updated_at or timezone.now())
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("categories", [event.kind_label])
    if event.place:
        item.add("location", event.place)
    description = [p for p in (event.guest, event.country.name if event.country else "") if p]
    if description:
        item.add("description", " · ".join(description))
    if url:
        item.add("url", url)
    return item


def calendar_bytes(events: Iterable[Event], *, name: str, url_of: Any = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Văn phòng Chủ tịch nước//Chancery//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_component(event, url_of(event) if url_of else ""))
    return cal.to_ical()


def feed_window(today: datetime | None = None) -> tuple[Any, Any]:
    """What a feed carries: a year back and a year ahead."""
    day = timezone.localdate() if today is None else today.date()
    return day - timedelta(days=366), day + timedelta(days=366)
