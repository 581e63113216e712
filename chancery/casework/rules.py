"""Legal clocks as pure functions: a period's due date, the days left and the clock's state.

A clock starts with an event; its length is counted in working or calendar days the way the Civil Code counts
(day 1 is the day after the event; a calendar-day period ending on a day off ends on the next working day:
`chancery.core.workdays`). While a clock is paused (waiting for documents the law lets the office ask for),
the days after the pause up to and including the day it resumes are not counted: resuming is an event like
starting. Each extension adds its days, in the clock's unit. A stop (the outcome) meets or misses the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from chancery.core.workdays import WorkingCalendar, next_working_day


class ClockUnit(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class ClockState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class ClockFacts:
    started_on: date
    days: int
    unit: ClockUnit
    pauses: tuple[tuple[date, date | None], ...] = ()  # (paused on, resumed on); None while still paused
    extensions: tuple[int, ...] = ()
    stopped_on: date | None = None
    due_soon_days: int = 3

    @property
    def length(self) -> int:
        return self.days + sum(self.extensions)

    @property
    def is_paused(self) -> bool:
        return any(resumed is None for _, resumed in self.pauses)


@dataclass(frozen=True)
class ClockReading:
    state: ClockState
    due_date: date | None  # None while paused: the end moves by every day the pause lasts
    days_left: int | None  # counted in the clock's unit; negative when overdue; None once stopped
    days_used: int = field(default=0)


def _is_paused(day: date, pauses: tuple[tuple[date, date | None], ...]) -> bool:
    return any(paused < day and (resumed is None or day <= resumed) for paused, resumed in pauses)


def _counts(calendar: WorkingCalendar, facts: ClockFacts, day: date) -> bool:
    if _is_paused(day, facts.pauses):
        return False
    return facts.unit == ClockUnit.CALENDAR or calendar.is_working_day(day)


def _counted_between(calendar: WorkingCalendar, facts: ClockFacts, after: date, until: date) -> int:
    """Counted days after `after` up to and including `until`."""
    total, day = 0, after
    while day < until:
        day += timedelta(days=1)
        if _counts(calendar, facts, day):
            total += 1
    return total


def due_date(calendar: WorkingCalendar, facts: ClockFacts) -> date | None:
    """The last day of the clock, or None while it is paused."""
    if facts.is_paused:
        return None
    day, counted = facts.started_on, 0
    while counted < facts.length:
        day += timedelta(days=1)
        if _counts(calendar, facts, day):
            counted += 1
    if facts.unit == ClockUnit.CALENDAR:
        day = next_working_day(calendar, day)
    return day


def read_clock(calendar: WorkingCalendar, facts: ClockFacts, today: date) -> ClockReading:
    """Where the clock stands on `today`."""
    if facts.stopped_on is not None:
        end = due_date(calendar, facts)
        used = _counted_between(calendar, facts, facts.started_on, facts.stopped_on)
        met = end is not None and facts.stopped_on <= end
        return ClockReading(ClockState.MET if met else ClockState.MISSED, end, None, used)
    if facts.is_paused:
        paused_on = max(paused for paused, resumed in facts.pauses if resumed is None)
        used = _counted_between(calendar, facts, facts.started_on, paused_on)
        return ClockReading(ClockState.PAUSED, None, facts.length - used, used)
    end = due_date(calendar, facts)
    assert end is not None
    used = _counted_between(calendar, facts, facts.started_on, min(today, end))
    if today > end:
        late = _counted_between(calendar, facts, end, today)
        return ClockReading(ClockState.OVERDUE, end, -late, used + late)
    left = _counted_between(calendar, facts, today, end)
    state = ClockState.DUE_SOON if left <= facts.due_soon_days else ClockState.RUNNING
    return ClockReading(state, end, left, used)
