"""The clock watch: alarms before a time limit ends and escalation to the head of unit once it has passed.

It runs as a background job (`chancery clocks watch`, daily from cron or a systemd timer). Each notice has a
key made of the clock, the kind of notice and the due date, so running the watch twice, or retrying it after
a failure, never sends the same alarm twice, while an extension (a new due date) alarms again.

When the working-day calendar changes (an administrator's decision, or a migration loading the Government's
decisions), `refresh_due_dates` recomputes every running clock's due date; a clock whose due date moved is
audited on its record and its handlers are told the old and the new date, once (the notice's key holds both).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.casework import services
from chancery.casework.models import LegalClock, OpinionRequest
from chancery.casework.rules import ClockState
from chancery.core import audit, jobs, selectors, sqlite
from chancery.core.models import AuditAction, CalendarDay, NotificationKind, User
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


@transaction.atomic
def follow_calendar(clock: LegalClock) -> int:
    """Recompute one running clock's due date after the calendar changed. When it moved: an audit event on
    the record ("hạn ... chuyển từ dd/mm/yyyy sang dd/mm/yyyy") and a notice to the people handling it, keyed
    by the clock and both dates so that a rerun never tells them twice. Returns the notices sent, or -1 when
    the due date did not move. The clock is locked, so two refreshes at once move and announce it once."""
    locked = (
        LegalClock.objects.select_for_update()
        .filter(pk=clock.pk, stopped_on__isnull=True)
        .prefetch_related("pauses", "extensions")
        .first()
    )
    if locked is None:
        return -1
    before = locked.due_on
    if not services.store_due_date(locked):
        return -1
    after = locked.due_on
    record = selectors.record_for(locked.object_type, locked.object_id)
    if before is None or after is None or record is None:
        return 0
    old, new = f"{before:%d/%m/%Y}", f"{after:%d/%m/%Y}"
    audit.record(
        action=AuditAction.UPDATE,
        subject=record,
        message=f"{locked.label}: hạn chuyển từ {old} sang {new} theo lịch ngày làm việc mới",
    )
    title = _(
        "%(clock)s: the due date moved from %(before)s to %(after)s with the working-day calendar: %(record)s"
    ) % {
        "clock": locked.label,
        "before": old,
        "after": new,
        "record": record,
    }
    return len(
        notify(
            responsible(locked),
            kind=NotificationKind.DUE_DATE_MOVED,
            title=title,
            subject=record,
            key=f"clock:{locked.pk}:moved:{before:%Y%m%d}:{after:%Y%m%d}",
        )
    )


def refresh_due_dates(ctx: jobs.JobContext | None = None) -> dict[str, int]:
    """Recompute the due date of every running clock (after the calendar changed), telling the handlers of
    each clock whose due date moved."""
    changed = notices = 0

    def refresh(chunk: list[LegalClock]) -> None:
        nonlocal changed, notices
        for clock in chunk:
            sent = follow_calendar(clock)
            if sent >= 0:
                changed += 1
                notices += sent

    running = LegalClock.objects.filter(stopped_on__isnull=True).order_by("pk")
    jobs.for_each_chunk(running, refresh, ctx, size=CHUNK)
    return {"changed": changed, "notices": notices}


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


@receiver(post_migrate, dispatch_uid="casework-calendar-loaded")
def _calendar_loaded(sender: Any, plan: Any = None, using: str = "default", **kwargs: Any) -> None:
    """A migration that loads calendar decisions (one marked `changes_calendar`) was applied: the running
    clocks' due dates are recomputed as after an administrator's decision (once per `migrate`)."""
    if getattr(sender, "label", "") != "casework" or not plan:
        return
    if not any(getattr(step, "changes_calendar", False) and not backwards for step, backwards in plan):
        return
    if LegalClock.objects.using(using).filter(stopped_on__isnull=True).exists():
        jobs.start_job(actor=None, kind="clock_refresh")
