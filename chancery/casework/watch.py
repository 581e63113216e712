"""The clock watch: alarms before a time limit ends and escalation to the head of unit once it has passed.

It runs as a background job (`chancery clocks watch`, daily from cron or a systemd timer). Each notice has a
key made of the clock, the kind of notice and the due date, so running the watch twice, or retrying it after
a failure, never sends the same alarm twice, while an extension (a new due date) alarms again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.casework import services
from chancery.casework.models import LegalClock, OpinionRequest
from chancery.casework.rules import ClockState
from chancery.core import jobs, selectors, sqlite
from chancery.core.models import CalendarDay, NotificationKind, User
from chancery.core.notifications import notify

CHUNK = 200
MAX_ALARM_DAYS = 30  # a clock's alarm window is at most this many days (LegalClock.due_soon_days)


def responsible(clock: LegalClock) -> list[User]:
    """Who answers for a clock: for an opinion, the heads of the unit asked; else the people the record is
    assigned to, or the heads of its unit when it is assigned to nobody by name."""
    if clock.kind.startswith("opinion-"):
        request = OpinionRequest.objects.filter(clock=clock).first()
        return selectors.heads_of(request.unit_id) if request else []
    people = list(
        User.objects.filter(
            assignments__object_type=clock.object_type,
            assignments__object_id=clock.object_id,
            assignments__is_active=True,
        ).distinct()
    )
    if people:
        return people
    record = selectors.record_for(clock.object_type, clock.object_id)
    return selectors.heads_of(record.owning_unit_id) if record is not None else []


def escalate_to(clock: LegalClock, record: Any) -> list[User]:
    """The head of unit above those responsible: of the unit asked (opinions) or of the record's unit."""
    if clock.kind.startswith("opinion-"):
        request = OpinionRequest.objects.filter(clock=clock).first()
        unit_id = request.unit_id if request else None
    else:
        unit_id = record.owning_unit_id
    return selectors.heads_of(unit_id)


def check_clock(clock: LegalClock, today: date) -> int:
    """Send what this clock calls for today; returns the number of notices sent."""
    reading = services.read(clock, today)
    if reading.state not in {ClockState.DUE_SOON, ClockState.OVERDUE}:
        return 0
    record = selectors.record_for(clock.object_type, clock.object_id)
    if record is None:
        return 0
    due = f"{reading.due_date:%d/%m/%Y}"
    base = f"clock:{clock.pk}:{reading.due_date:%Y%m%d}"
    if reading.state == ClockState.DUE_SOON:
        title = _("%(clock)s ends on %(due)s (%(left)s days left): %(record)s") % {
            "clock": clock.label,
            "due": due,
            "left": reading.days_left,
            "record": record,
        }
        return len(
            notify(
                responsible(clock),
                kind=NotificationKind.DUE_SOON,
                title=title,
                subject=record,
                key=f"{base}:soon",
            )
        )
    title = _("%(clock)s ended on %(due)s and is overdue: %(record)s") % {
        "clock": clock.label,
        "due": due,
        "record": record,
    }
    sent = notify(
        responsible(clock), kind=NotificationKind.OVERDUE, title=title, subject=record, key=f"{base}:overdue"
    )
    sent += notify(
        escalate_to(clock, record),
        kind=NotificationKind.ESCALATED,
        title=title,
        subject=record,
        key=f"{base}:escalated",
    )
    return len(sent)


def watch(today: date | None = None, ctx: jobs.JobContext | None = None) -> dict[str, int]:
    """Check every running clock whose due date is near or past."""
    today = today or timezone.localdate()
    due = LegalClock.objects.filter(
        stopped_on__isnull=True, due_on__isnull=False, due_on__lte=today + timedelta(days=MAX_ALARM_DAYS)
    ).prefetch_related("pauses", "extensions")
    sent = 0

    def check(chunk: list[LegalClock]) -> None:
        nonlocal sent
        sent += sum(check_clock(clock, today) for clock in chunk)

    checked = jobs.for_each_chunk(due, check, ctx, size=CHUNK)
    sqlite.refresh_statistics()  # the day's new records in the planner's statistics (SQLite only)
    return {"checked": checked, "notices": sent}


def refresh_due_dates(ctx: jobs.JobContext | None = None) -> dict[str, int]:
    """Recompute the due date of every running clock (after the calendar changed)."""
    changed = 0

    def refresh(chunk: list[LegalClock]) -> None:
        nonlocal changed
        changed += sum(services.store_due_date(clock) for clock in chunk)

    running = LegalClock.objects.filter(stopped_on__isnull=True).prefetch_related("pauses", "extensions")
    jobs.for_each_chunk(running, refresh, ctx, size=CHUNK)
    return {"changed": changed}


@jobs.job_kind(
    "clock_watch",
    gettext_lazy("Time limit watch: alarms and escalations"),
    params={"date": jobs.Param(jobs.iso_date, required=False)},
)
def clock_watch_job(ctx: jobs.JobContext) -> dict[str, int]:
    day = ctx.params.get("date")
    return watch(date.fromisoformat(day) if day else None, ctx)


@jobs.job_kind("clock_refresh", gettext_lazy("Due dates recomputed after a calendar change"))
def clock_refresh_job(ctx: jobs.JobContext) -> dict[str, int]:
    return refresh_due_dates(ctx)


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="casework-calendar-changed")
def _calendar_changed(**kwargs: Any) -> None:
    """A day off moved or added: every running clock's due date may move with it."""
    if LegalClock.objects.filter(stopped_on__isnull=True).exists():
        jobs.start_job(actor=None, kind="clock_refresh")
