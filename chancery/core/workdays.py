"""Counting periods in days, the law's way: pure functions over a working-day calendar.

Bộ luật Dân sự 2015 (Civil Code), Article 147: when a period is counted in days, the day of the event that
starts it is not counted; day 1 is the next day. Article 148: a period ends at the end of its last day; when
that day is a weekly rest day or a public holiday, the period ends at the end of the next working day.
Where a law counts "ngày làm việc" (working days) only working days are counted; where it says "ngày",
calendar days are counted and the end moves off a day off as above.

State agencies work Monday to Friday (Saturday and Sunday are rest days); public holidays follow Bộ luật Lao
động 2019, Article 112, and each year's days off and make-up working Saturdays follow the Government's
notice; `WorkingCalendar` carries both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

MAX_DAYS = 3650  # a period longer than ten years is a typing mistake, not a legal time limit


@dataclass(frozen=True)
class WorkingCalendar:
    """Days off (public holidays, extra days off) and make-up working days on weekends."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    weekend_working_days: frozenset[date] = field(default_factory=frozenset)
    names: dict[date, str] = field(default_factory=dict, compare=False)

    def is_working_day(self, day: date) -> bool:
        if day in self.weekend_working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


def _check_days(days: int) -> None:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a period is 1 to {MAX_DAYS} days, not {days}")


def next_working_day(calendar: WorkingCalendar, day: date) -> date:
    """The day itself if it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The last day of a period of `days` working days starting with the event on `start`."""
    _check_days(days)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def add_calendar_days(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The last day of a period of `days` calendar days, moved to the next working day if it is a day off."""
    _check_days(days)
    return next_working_day(calendar, start + timedelta(days=days))


def count_working_days(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`), so that
    count_working_days(c, s, add_working_days(c, s, n)) == n."""
    total, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            total += 1
    return total


@functools.lru_cache(maxsize=64)
def vietnam_defaults(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Vietnam's public holidays (with their names) and make-up working Saturdays of one year, from the
    maintained `holidays` package: the defaults an administrator's per-year decisions override."""
    country = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: str(name) for day, name in country.items() if day.year == year}
    weekend_work = frozenset(day for day in country.weekend_workdays if day.year == year)
    return days_off, weekend_work
