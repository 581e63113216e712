"""The working-day calendar's decisions: a day off or a make-up working day recorded with its instrument,
or withdrawn."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit, calendar_decisions, workdays
from chancery.core.models import AuditAction, CalendarDay, CalendarDayKind, CalendarDayOrigin
from chancery.core.services.organisation import _full_clean, _require_organisation_manager
from chancery.core.text import nfc


@transaction.atomic
def set_calendar_day(
    *,
    actor: Any,
    day: date,
    kind: str,
    name: str,
    legal_basis: str = "",
    instrument_number: str = "",
    instrument_date: date | None = None,
) -> CalendarDay:
    """Record the Government's decision on one date (a day off, or a make-up working day) with the instrument
    that makes it (as cited, its number and date): the administrator's decision, which a later load of the
    shipped decisions never overwrites. A day the law has not made a holiday (24/11, Ngày Văn hóa Việt Nam)
    becomes a day off only this way."""
    _require_organisation_manager(actor)
    check_calendar_day(day=day, kind=kind, legal_basis=legal_basis, instrument_number=instrument_number)
    existing = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = audit.snapshot(existing) if existing else {}
    decided = existing or CalendarDay(date=day)
    decided.kind, decided.name = CalendarDayKind(kind), nfc(name)
    decided.legal_basis = nfc(legal_basis).strip()
    decided.instrument_number, decided.instrument_date = nfc(instrument_number).strip(), instrument_date
    decided.origin, decided.is_withdrawn = CalendarDayOrigin.ADMINISTRATOR, False
    decided.recorded_by, decided.recorded_at = actor, timezone.now()
    _full_clean(decided, exclude=["date"] if existing else [])
    decided.save()
    action = AuditAction.UPDATE if existing else AuditAction.CREATE
    if delta := audit.diff(before, audit.snapshot(decided)):
        audit.record(action=action, actor=actor, subject=decided, changes=delta)
    return decided


def check_calendar_day(*, day: date, kind: str, legal_basis: str, instrument_number: str) -> None:
    """Refuse a meaningless decision (a working day on a working day, a day off on a weekly rest day) and a
    decision without its instrument; the admin form shows the same errors before saving."""
    if kind == CalendarDayKind.WORKING_DAY and day.weekday() < 5 and not _is_default_day_off(day):
        raise ValidationError({"date": _("This date is a working day already.")})
    if kind == CalendarDayKind.DAY_OFF and day.weekday() >= 5 and not _is_default_weekend_work(day):
        raise ValidationError({"date": _("This date is a weekly rest day already.")})
    if not nfc(legal_basis or "").strip() and not nfc(instrument_number or "").strip():
        raise ValidationError(
            {"instrument_number": _("Record the instrument that decides this day: its number and date.")}
        )


@transaction.atomic
def remove_calendar_day(*, actor: Any, decided: CalendarDay) -> None:
    """Withdraw a decision: the date falls back to the holiday library's default. A date the shipped
    decisions cover keeps its row, marked withdrawn, so that a later load does not bring the decision back."""
    _require_organisation_manager(actor)
    decided = CalendarDay.objects.select_for_update().get(pk=decided.pk)
    if calendar_decisions.shipped_decision(decided.date) is None:
        audit.record(
            action=AuditAction.DELETE,
            actor=actor,
            subject=decided,
            changes=audit.diff(audit.snapshot(decided), {}),
        )
        decided.delete()
        return
    before = audit.snapshot(decided)
    decided.origin, decided.is_withdrawn = CalendarDayOrigin.ADMINISTRATOR, True
    decided.recorded_by, decided.recorded_at = actor, timezone.now()
    decided.save()
    if delta := audit.diff(before, audit.snapshot(decided)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=decided, changes=delta)


def _is_default_day_off(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[0]


def _is_default_weekend_work(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[1]
