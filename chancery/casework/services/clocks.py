"""Legal clocks: started, set, paused, resumed, extended and stopped on a record, checked, in one
transaction, audited on the record; their due date kept in step and their reading on a day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import rules
from chancery.casework.models import ClockExtension, ClockPause, LegalClock, OpinionRequest
from chancery.core import access, audit, selectors
from chancery.core.models import AuditAction, ProtectedRecord
from chancery.core.text import nfc


def _require_change(actor: Any, record: ProtectedRecord) -> None:
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))


def _locked(clock: LegalClock) -> LegalClock:
    return LegalClock.objects.select_for_update().get(pk=clock.pk)


def _locked_running(clock: LegalClock) -> LegalClock:
    """The clock, locked for the change, refused if it has already ended."""
    clock = _locked(clock)
    if clock.stopped_on is not None:
        raise ValidationError(_("This time limit has already ended."))
    return clock


# The audit trail is the Office's record and reads in Vietnamese whatever the language of the page or job
# that wrote it.
UNIT_WORDS = {"working": "ngày làm việc", "calendar": "ngày"}
MODE_WORDS = {"parallel": "cùng lúc", "sequential": "lần lượt"}


def _record_event(actor: Any, record: ProtectedRecord, clock: LegalClock, message: str) -> None:
    _refresh_due(clock)
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=record, message=f"{clock.label}: {message}")


def _refresh_due(clock: LegalClock) -> None:
    store_due_date(LegalClock.objects.prefetch_related("pauses", "extensions").get(pk=clock.pk))


def store_due_date(clock: LegalClock) -> bool:
    """Keep the stored due date in step with the clock's facts; True if it moved."""
    due = read(clock).due_date
    if due == clock.due_on:
        return False
    LegalClock.objects.filter(pk=clock.pk).update(due_on=due)
    clock.due_on = due
    return True


def read(clock: LegalClock, today: date | None = None) -> rules.ClockReading:
    """The clock's state, due date and days left on `today` (default: today in the office's time zone)."""
    today = today or timezone.localdate()
    facts = clock.facts()
    calendar = selectors.office_calendar(facts.started_on.year, max(today, facts.started_on).year + 2)
    return rules.read_clock(calendar, facts, today)


def clocks_of(
    records: list[Any], today: date | None = None
) -> dict[int, list[tuple[LegalClock, rules.ClockReading]]]:
    """Each record's clocks with their reading today (records of one model)."""
    today = today or timezone.localdate()
    found: dict[int, list[tuple[LegalClock, rules.ClockReading]]] = {r.pk: [] for r in records}
    if not records:
        return found
    clocks = (
        LegalClock.objects.filter(object_type=audit.object_type_of(records[0]), object_id__in=list(found))
        .prefetch_related("pauses", "extensions")
        .order_by("started_on", "id")
    )
    for clock in clocks:
        found[clock.object_id].append((clock, read(clock, today)))
    return found


@transaction.atomic
def start_clock(
    *,
    actor: Any,
    record: ProtectedRecord,
    kind: str,
    label: str,
    days: int,
    unit: str,
    started_on: date,
    system: bool = False,
) -> LegalClock:
    """Start a time limit on a record: the only way a `LegalClock` comes to be (chancery/casework owns the
    model; every module's time limit is decided in its rules.py and started here).

    A person starting a clock must be allowed to change the record. A clock the law starts by itself when a
    record is registered (the public online form, an exchange message, an import, the clerk's registration)
    is started with `system=True` and `actor=None`: no person decides it, so none is checked, and the audit
    event names no one. `system=True` with a person is refused, so a person's action can never take the
    unchecked path under their name."""
    if system:
        if actor is not None:
            raise ValueError("a clock the system starts has no actor")
    else:
        _require_change(actor, record)
    clock = LegalClock(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        kind=kind,
        label=nfc(label),
        unit=rules.ClockUnit(unit),
        days=days,
        started_on=started_on,
    )
    clock.full_clean()
    clock.save()
    store_due_date(clock)
    length = f"{days} {UNIT_WORDS.get(str(unit), str(unit))}"
    started = f"bắt đầu {started_on:%d/%m/%Y}, {length}"
    _record_event(actor, record, clock, f"{started} (tự động khi vào sổ)" if system else started)
    return clock


@transaction.atomic
def set_clock_length(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, days: int, label: str, reason: str
) -> LegalClock:
    """The law's length of a running time limit changed with the facts it depends on (a complaint found
    complex or in a remote area, a denunciation checked in several places): the clock keeps its start and
    takes the new length. Lengthening a time limit is decided as an extension is, by the head of the record's
    unit line or the leadership; shortening it by anyone who may change the record."""
    clock = _locked_running(clock)
    if days > clock.days:
        if not access.can_assign(actor, record):
            raise PermissionDenied(
                _("Only the head of the unit or the office's leadership may lengthen a time limit.")
            )
    else:
        _require_change(actor, record)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the change.")})
    before = (clock.days, clock.label)
    clock.days, clock.label = days, nfc(label) or clock.label
    clock.full_clean()
    clock.save(update_fields=["days", "label"])
    if (clock.days, clock.label) != before:
        length = f"{days} {UNIT_WORDS.get(str(clock.unit), str(clock.unit))}"
        _record_event(actor, record, clock, f"thời hạn {before[0]} → {length}: {nfc(reason)}")
    return clock


@dataclass(frozen=True)
class ClockRow:
    """A clock as a loader of demo or benchmark data writes it (already decided by a module's rules)."""

    object_type: str
    object_id: int
    kind: str
    label: str
    unit: str
    days: int
    started_on: date
    stopped_on: date | None = None
    outcome: str = ""
    due_on: date | None = None  # None: computed from the calendar


def load_clocks(rows: Sequence[ClockRow]) -> list[LegalClock]:
    """Write many clocks at once, for the demo office and the benchmarks only (no person, no audit event):
    every other clock is started by `start_clock`. A due date not given is computed from the office's
    calendar as `start_clock` would."""
    undated = [r.started_on for r in rows if r.due_on is None]
    calendar = selectors.office_calendar(min(undated).year, max(undated).year + 2) if undated else None
    clocks = []
    for row in rows:
        due = row.due_on
        if due is None:
            assert calendar is not None
            facts = rules.ClockFacts(row.started_on, row.days, rules.ClockUnit(row.unit))
            due = rules.due_date(calendar, facts)
        clocks.append(
            LegalClock(
                object_type=row.object_type,
                object_id=row.object_id,
                kind=row.kind,
                label=row.label,
                unit=rules.ClockUnit(row.unit),
                days=row.days,
                started_on=row.started_on,
                stopped_on=row.stopped_on,
                outcome=row.outcome,
                due_on=due,
            )
        )
    return LegalClock.objects.bulk_create(clocks)


@transaction.atomic
def pause_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, paused_on: date, reason: str
) -> LegalClock:
    _require_change(actor, record)
    clock = _locked_running(clock)
    if clock.pauses.filter(resumed_on__isnull=True).exists():
        raise ValidationError(_("This time limit is already paused."))
    if paused_on < clock.started_on or clock.pauses.filter(resumed_on__gt=paused_on).exists():
        raise ValidationError(
            {"paused_on": _("A pause cannot begin before the time limit or an earlier pause.")}
        )
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    ClockPause.objects.create(clock=clock, paused_on=paused_on, reason=nfc(reason))
    _record_event(actor, record, clock, f"tạm dừng từ {paused_on:%d/%m/%Y}: {nfc(reason)}")
    return clock


@transaction.atomic
def resume_clock(*, actor: Any, record: ProtectedRecord, clock: LegalClock, resumed_on: date) -> LegalClock:
    _require_change(actor, record)
    clock = _locked(clock)
    pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if pause is None:
        raise ValidationError(_("This time limit is not paused."))
    if resumed_on < pause.paused_on:
        raise ValidationError({"resumed_on": _("A time limit cannot resume before it was paused.")})
    pause.resumed_on = resumed_on
    pause.save(update_fields=["resumed_on"])
    _record_event(actor, record, clock, f"tiếp tục từ {resumed_on:%d/%m/%Y}")
    return clock


@transaction.atomic
def extend_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, days: int, reason: str
) -> LegalClock:
    """Gia hạn: only the head of the record's unit line or leadership decides an extension."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(
            _("Only the head of the unit or the office's leadership may extend a time limit.")
        )
    clock = _locked_running(clock)
    if days < 1:
        raise ValidationError({"days": _("An extension is at least one day.")})
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    ClockExtension.objects.create(clock=clock, days=days, reason=nfc(reason), decided_by=actor)
    _record_event(actor, record, clock, f"gia hạn {days} ngày: {nfc(reason)}")
    return clock


@transaction.atomic
def stop_clock(
    *,
    actor: Any,
    record: ProtectedRecord,
    clock: LegalClock,
    stopped_on: date,
    outcome: str,
    answering: OpinionRequest | None = None,
) -> LegalClock:
    """End a running clock. `answering`: the clock of an opinion request, ended by its unit's answer (the
    unit reads the record and answers; `answer_opinion` has checked it may, and that is all it may end)."""
    if answering is None or answering.clock_id != clock.pk:
        _require_change(actor, record)
    clock = _locked_running(clock)
    if stopped_on < clock.started_on:
        raise ValidationError({"stopped_on": _("A time limit cannot end before it started.")})
    open_pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if open_pause is not None:  # an outcome reached during a pause ends the pause that day
        open_pause.resumed_on = max(stopped_on, open_pause.paused_on)
        open_pause.save(update_fields=["resumed_on"])
    clock.stopped_on, clock.outcome = stopped_on, nfc(outcome)
    clock.save(update_fields=["stopped_on", "outcome"])
    _record_event(actor, record, clock, f"kết thúc {stopped_on:%d/%m/%Y}: {clock.outcome}")
    return clock
