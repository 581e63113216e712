"""The Government's published decisions on civil servants' days off, 2024-2026, shipped as data with their
instrument and loaded into the working-day calendar (CalendarDay) by a migration.

Bộ luật Lao động 2019, Article 112, fixes the public holidays; Article 112(3) leaves to the Prime Minister
which five days of Tết and which day next to 2 September are taken each year, and the Government (through the
Office of the Government, Văn phòng Chính phủ, and the ministry in charge of labour: the Ministry of Labour,
Invalids and Social Affairs until 2025, the Ministry of Home Affairs since) swaps working days with make-up
Saturdays to join a holiday to a weekend. Those decisions are what the `holidays` package cannot compute.

Each decision below was confirmed from public reports of the instrument (its number and date):

- Công văn 8662/VPCP-KGVX of 03/11/2023 (the Prime Minister agreed to the Ministry of Labour's proposal):
  Tết Giáp Thìn 2024 off from Thursday 8/2 to Wednesday 14/2/2024; National Day 2024 off from Saturday 31/8 to
  Tuesday 3/9/2024.
- Công văn 2450/VPCP-KGVX of 12/04/2024: 30/4-1/5/2024 off from Saturday 27/4 to Wednesday 1/5, Monday 29/4
  swapped with Saturday 4/5/2024 (a make-up working day).
- Công văn 8726/VPCP-KGVX of 26/11/2024 (the Prime Minister on Tết and some holidays of 2025): Tết Ất Tỵ off
  from Saturday 25/1 to Sunday 2/2/2025; 30/4-1/5 off from Wednesday 30/4 to Sunday 4/5, Friday 2/5 swapped
  with Saturday 26/4/2025; National Day off from Saturday 30/8 to Tuesday 2/9/2025. (The Ministry's notice
  carrying it out, Thông báo 6150/TB-BLĐTBXH, is cited by the `holidays` package; its date was not confirmed,
  so the Prime Minister's instrument is recorded.)
- Công văn 12729/VPCP-KGVX of 25/12/2025 (Deputy Prime Minister Phạm Thị Thanh Trà agreed to the Ministry of
  Home Affairs' proposal): New Year 2026 off from Thursday 1/1 to Sunday 4/1, Friday 2/1 swapped with Saturday
  10/1/2026.
- Thông báo 9441/TB-BNV of 16/10/2025 (Ministry of Home Affairs): Tết Bính Ngọ 2026 off five days, Monday 16/2
  (29 tháng Chạp) to Friday 20/2/2026 (mùng 4), joined to the weekends before and after (14/2 to 22/2).

The law's own holidays (1/1, the Hùng Kings' day, 30/4, 1/5, 2/9, and a holiday on a weekend moved to the next
working day, as the Hùng Kings' day 2026, Sunday 26/4, to Monday 27/4) need no decision: they come from the
`holidays` package with Article 112 as their basis.

Not confirmed, so not shipped (the `holidays` package's defaults apply; `chancery calendar year` flags them):
- National Day 2026: Thông báo 9441/TB-BNV also sets it, but no public copy of its text reached here. The
  package guesses Tuesday 1/9 as the second day and a swap of Monday 31/8 with Saturday 22/8/2026.
- Tết Đinh Mùi 2027 and everything after 2026.
- 24/11 (Ngày Văn hóa Việt Nam): chosen by the Politburo (Nghị quyết 80-NQ/TW) as a paid day off, but as of
  January 2026 the Labour Code has not been amended (the Ministry of Home Affairs proposed adding it in the
  coming amendment). It is not a day off until an administrator records the instrument that makes it one.

A later load (a new migration calling `load`) never overwrites a day an administrator has edited or withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

DAY_OFF = "day_off"  # core.models.CalendarDayKind
WORKING_DAY = "working_day"
SHIPPED = "shipped"  # core.models.CalendarDayOrigin


@dataclass(frozen=True)
class Instrument:
    """A published decision: its kind and issuer (as cited), number and date."""

    cited_as: str
    number: str
    issued_on: date


@dataclass(frozen=True)
class Decision:
    day: date
    kind: str
    name: str
    instrument: Instrument


VPCP_8662_2023 = Instrument("Công văn của Văn phòng Chính phủ", "8662/VPCP-KGVX", date(2023, 11, 3))
VPCP_2450_2024 = Instrument("Công văn của Văn phòng Chính phủ", "2450/VPCP-KGVX", date(2024, 4, 12))
VPCP_8726_2024 = Instrument("Công văn của Văn phòng Chính phủ", "8726/VPCP-KGVX", date(2024, 11, 26))
VPCP_12729_2025 = Instrument("Công văn của Văn phòng Chính phủ", "12729/VPCP-KGVX", date(2025, 12, 25))
BNV_9441_2025 = Instrument("Thông báo của Bộ Nội vụ", "9441/TB-BNV", date(2025, 10, 16))


def _days_off(days: Iterable[date], name: str, instrument: Instrument) -> list[Decision]:
    return [Decision(day, DAY_OFF, name, instrument) for day in days]


DECISIONS: tuple[Decision, ...] = (
    # 2024
    *_days_off(
        [date(2024, 2, 8), date(2024, 2, 9), date(2024, 2, 12), date(2024, 2, 13), date(2024, 2, 14)],
        "Nghỉ Tết Âm lịch Giáp Thìn",
        VPCP_8662_2023,
    ),
    Decision(
        date(2024, 4, 29), DAY_OFF, "Nghỉ dịp 30/4 - 1/5 (hoán đổi với thứ Bảy 04/05/2024)", VPCP_2450_2024
    ),
    Decision(date(2024, 5, 4), WORKING_DAY, "Làm bù cho thứ Hai 29/04/2024", VPCP_2450_2024),
    Decision(date(2024, 9, 3), DAY_OFF, "Nghỉ lễ Quốc khánh (ngày liền sau 2/9)", VPCP_8662_2023),
    # 2025
    *_days_off(
        [date(2025, 1, 27), date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30), date(2025, 1, 31)],
        "Nghỉ Tết Âm lịch Ất Tỵ",
        VPCP_8726_2024,
    ),
    Decision(date(2025, 4, 26), WORKING_DAY, "Làm bù cho thứ Sáu 02/05/2025", VPCP_8726_2024),
    Decision(
        date(2025, 5, 2), DAY_OFF, "Nghỉ dịp 30/4 - 1/5 (hoán đổi với thứ Bảy 26/04/2025)", VPCP_8726_2024
    ),
    Decision(date(2025, 9, 1), DAY_OFF, "Nghỉ lễ Quốc khánh (ngày liền trước 2/9)", VPCP_8726_2024),
    # 2026
    Decision(
        date(2026, 1, 2), DAY_OFF, "Nghỉ Tết Dương lịch (hoán đổi với thứ Bảy 10/01/2026)", VPCP_12729_2025
    ),
    Decision(date(2026, 1, 10), WORKING_DAY, "Làm bù cho thứ Sáu 02/01/2026", VPCP_12729_2025),
    *_days_off(
        [date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19), date(2026, 2, 20)],
        "Nghỉ Tết Âm lịch Bính Ngọ",
        BNV_9441_2025,
    ),
)


def shipped_decision(day: date) -> Decision | None:
    """The shipped decision on a date, if there is one."""
    return _BY_DAY.get(day)


_BY_DAY = {decision.day: decision for decision in DECISIONS}


def load(calendar_day_model: Any, decisions: Iterable[Decision] = DECISIONS) -> dict[str, int]:
    """Write the shipped decisions into the calendar, as a migration does (`calendar_day_model` may be the
    migration's historical model). A date with no row gets one; a shipped row still as shipped is brought up
    to date; a row an administrator entered, edited or withdrew is left as it is; a shipped row for a date
    the data no longer holds, in a year it covers, is removed. Running it again changes nothing."""
    decisions = list(decisions)
    counts = {"created": 0, "updated": 0, "kept": 0, "removed": 0}
    years = {decision.day.year for decision in decisions}
    wanted = {decision.day for decision in decisions}
    for decision in decisions:
        values = {
            "kind": decision.kind,
            "name": decision.name,
            "legal_basis": decision.instrument.cited_as,
            "instrument_number": decision.instrument.number,
            "instrument_date": decision.instrument.issued_on,
        }
        row = calendar_day_model.objects.filter(date=decision.day).first()
        if row is None:
            calendar_day_model.objects.create(date=decision.day, origin=SHIPPED, **values)
            counts["created"] += 1
        elif row.origin != SHIPPED or row.is_withdrawn:
            counts["kept"] += 1
        elif any(getattr(row, field) != value for field, value in values.items()):
            calendar_day_model.objects.filter(pk=row.pk).update(**values)
            counts["updated"] += 1
    stale = calendar_day_model.objects.filter(
        origin=SHIPPED, is_withdrawn=False, date__year__in=years
    ).exclude(date__in=wanted)
    counts["removed"] = stale.delete()[0]
    return counts
