"""Counting periods in days, the law's way: pure functions over a working-day calendar.

Bộ luật Dân sự 2015 (Civil Code), Article 147: when a period is counted in days, the day of the event that
starts it is not counted; day 1 is the next day. Article 148: a period ends at the end of its last day; when
that day is a weekly rest day or a public holiday, the period ends at the end of the next working day.
Where a law counts "ngày làm việc" (working days) only working days are counted; where it says "ngày",
calendar days are counted and the end moves off a day off as above.

State agencies work Monday to Friday (Saturday and Sunday are rest days); public holidays follow Bộ luật Lao
động 2019, Article 112, and each year's days off and make-up working Saturdays follow the Government's
notice; `WorkingCalendar` carries both.

Where each default day comes from: the `holidays` package computes the days the Labour Code fixes itself
(Article 112: 1/1, the Hùng Kings' day, 30/4, 1/5, 2/9; a holiday on a weekly rest day moves to the next
working day, Article 111(3)), guesses the days the law leaves to the Government each year (which five days of
Tết, National Day's second day, swaps with a make-up Saturday: Article 112(3)), and, in some versions, makes
days off the law has not (24/11, Ngày Văn hóa Việt Nam from 2026: a Politburo decision awaiting an amendment
of the Labour Code). `library_days` sorts the package's days by that basis; the defaults keep the first two
kinds and drop the last, which is a day off only once an administrator records the instrument.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import holidays

MAX_DAYS = 3650  # a period longer than ten years is a typing mistake, not a legal time limit
CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR = 1900, 2100  # the years a period is counted in


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


# The kinds of a decided day (the values of core.models.CalendarDayKind).
DAY_OFF = "day_off"
WORKING_DAY = "working_day"

LABOUR_CODE_HOLIDAYS = "Bộ luật Lao động 2019, Điều 112"
LABOUR_CODE_MOVED_HOLIDAY = "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 (nghỉ bù)"


class DefaultBasis(StrEnum):
    """Why the `holidays` package lists a day."""

    LAW = "law"  # the Labour Code fixes the date itself (Article 112; a moved holiday, Article 111(3))
    GOVERNMENT = "government"  # the law leaves the date to the Government: the package's guess, unconfirmed
    NOT_LAW = "not_law"  # a day the law has not made a holiday: not a day off without a recorded instrument


@dataclass(frozen=True)
class LibraryDay:
    """One day the `holidays` package lists for Vietnam: a day off, or a make-up working day on a weekend."""

    day: date
    name: str
    is_working_day: bool
    basis: DefaultBasis

    @property
    def basis_text(self) -> str:
        """The article of a day the law fixes; empty when the law leaves it to the Government or is silent."""
        if self.basis != DefaultBasis.LAW:
            return ""
        return LABOUR_CODE_MOVED_HOLIDAY if _is_moved(self.name) else LABOUR_CODE_HOLIDAYS


# The package's own (Vietnamese) names, holidays 0.109 (holidays/countries/vietnam.py).
_FIXED_BY_LAW = {(1, 1), (4, 30), (5, 1), (9, 2)}
_NAMED_BY_LAW = {
    "Tết Dương lịch",
    "Ngày Giỗ Tổ Hùng Vương",
    "Ngày Chiến thắng",
    "Ngày Quốc tế Lao động",
    "Quốc khánh",
}
_TET = {
    "29 Tết",
    "Giao thừa Tết Nguyên Đán",
    "Tết Nguyên Đán",
    "Mùng hai Tết Nguyên Đán",
    "Mùng ba Tết Nguyên Đán",
    "Mùng bốn Tết Nguyên Đán",
    "Mùng năm Tết Nguyên Đán",
    "Mùng sáu Tết Nguyên Đán",
}
_MOVED_SUFFIXES = (" (nghỉ bù)", " (nghỉ bù, dự kiến)")
_ESTIMATED_SUFFIX = " (dự kiến)"
_SWAPPED_PREFIX = "Ngày nghỉ (thay cho ngày"


def _is_moved(name: str) -> bool:
    return name.endswith(_MOVED_SUFFIXES)


def _base_name(name: str) -> str:
    for suffix in (*_MOVED_SUFFIXES, _ESTIMATED_SUFFIX):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _basis(day: date, name: str) -> DefaultBasis:
    base = _base_name(name)
    if _is_moved(name):
        return DefaultBasis.LAW if base in _NAMED_BY_LAW else DefaultBasis.NOT_LAW
    if base == "Quốc khánh" and (day.month, day.day) != (9, 2):
        return DefaultBasis.GOVERNMENT  # National Day's second day: chosen each year (Article 112(3))
    if base in _NAMED_BY_LAW and (base == "Ngày Giỗ Tổ Hùng Vương" or (day.month, day.day) in _FIXED_BY_LAW):
        return DefaultBasis.LAW
    if base in _TET or base.startswith(_SWAPPED_PREFIX):
        return DefaultBasis.GOVERNMENT
    return DefaultBasis.NOT_LAW


@functools.lru_cache(maxsize=64)
def library_days(year: int) -> tuple[LibraryDay, ...]:
    """Every day the `holidays` package lists for one year, each with the basis it has in law."""
    country = holidays.country_holidays("VN", years=year, language="vi")
    found = [
        LibraryDay(day, str(name), False, _basis(day, str(name)))
        for day, name in country.items()
        if day.year == year
    ]
    found += [
        LibraryDay(day, "Ngày làm bù", True, DefaultBasis.GOVERNMENT)
        for day in country.weekend_workdays
        if day.year == year
    ]
    return tuple(sorted(found, key=lambda d: d.day))


@functools.lru_cache(maxsize=64)
def vietnam_defaults(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Vietnam's public holidays (with their names) and make-up working Saturdays of one year, from the
    maintained `holidays` package: the defaults an administrator's per-year decisions override. A day the
    package lists that the law has not made a holiday (DefaultBasis.NOT_LAW) is left out."""
    days = library_days(year)
    days_off = {d.day: d.name for d in days if not d.is_working_day and d.basis != DefaultBasis.NOT_LAW}
    weekend_work = frozenset(d.day for d in days if d.is_working_day)
    return days_off, weekend_work


def default_calendar(first_year: int, last_year: int) -> WorkingCalendar:
    """The package's defaults for the years given, without any decision over them."""
    names: dict[date, str] = {}
    weekend_work: set[date] = set()
    for year in range(first_year, last_year + 1):
        year_days_off, year_weekend_work = vietnam_defaults(year)
        names.update(year_days_off)
        weekend_work |= year_weekend_work
    return WorkingCalendar(frozenset(names), frozenset(weekend_work), names)


def apply_decisions(calendar: WorkingCalendar, decisions: Iterable[tuple[date, str, str]]) -> WorkingCalendar:
    """The calendar with each decision (date, DAY_OFF or WORKING_DAY, name) laid over it: a decided day off
    is off whatever the default; a decided working day is worked (a weekend day becomes a make-up day)."""
    days_off, weekend_work = set(calendar.days_off), set(calendar.weekend_working_days)
    names = dict(calendar.names)
    for day, kind, name in decisions:
        if kind == DAY_OFF:
            days_off.add(day)
            weekend_work.discard(day)
            names[day] = name
        else:
            days_off.discard(day)
            names.pop(day, None)
            if day.weekday() >= 5:
                weekend_work.add(day)
    return WorkingCalendar(frozenset(days_off), frozenset(weekend_work), names)
