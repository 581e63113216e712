"""The office's work programme as data: periods, priorities, where a task comes from, how a leader rates
its output, and the rules of a carry-over."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
PERIOD_CHOICES = [(YEAR, "Năm"), (QUARTER, "Quý"), (MONTH, "Tháng")]

PRIORITY_CHOICES = [(1, "Cao"), (2, "Bình thường"), (3, "Thấp")]

SOURCE_CHOICES = [
    ("instruction", "Chỉ đạo của lãnh đạo"),
    ("document", "Văn bản"),
    ("programme", "Chương trình công tác"),
    ("follow_up", "Triển khai sau hoạt động đối ngoại"),
    ("other", "Khác"),
]

RATING_CHOICES = [
    ("good", "Đạt yêu cầu, chất lượng tốt"),
    ("fair", "Đạt yêu cầu"),
    ("poor", "Chưa đạt, làm lại"),
]


def period_bounds(kind: str, year: int, number: int = 0) -> tuple[date, date]:
    """The first and last day of a programme's period (number: the quarter 1-4 or the month 1-12)."""
    if kind == YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    if kind == QUARTER:
        if not 1 <= number <= 4:
            raise ValueError("quarter 1-4")
        first = date(year, 3 * number - 2, 1)
        last_month = 3 * number
    else:
        if not 1 <= number <= 12:
            raise ValueError("month 1-12")
        first = date(year, number, 1)
        last_month = number
    following = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period_name(kind: str, year: int, number: int = 0) -> str:
    if kind == YEAR:
        return f"năm {year}"
    if kind == QUARTER:
        return f"quý {['I', 'II', 'III', 'IV'][number - 1]} năm {year}"
    return f"tháng {number}/{year}"


def reports_due(today: date, is_working_day: Callable[[date], bool]) -> list[tuple[str, int, int]]:
    """The reports the schedule drafts by `today`: last month's report from the first working day of this
    month (the monthly review meets in its first days, as on 2 October 2025 for September), and last year's
    summary from the first working day of the year. (kind, year, month); the month is 0 for the year."""
    first = date(today.year, today.month, 1)
    while not is_working_day(first):
        first += timedelta(days=1)
    if today < first:
        return []
    due = [("monthly", *previous_month(today.year, today.month))]
    if today.month == 1:
        due.append(("yearly", today.year - 1, 0))
    return due


def change_words(value: int, before: int) -> str:
    """A figure against last year's, in words: "tăng 5,2%", "giảm 3%", "không đổi", "mới phát sinh"."""
    if before == 0:
        return "mới phát sinh" if value else "không đổi"
    if value == before:
        return "không đổi"
    percent = abs(value - before) * 100 / before
    shown = f"{percent:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{'tăng' if value > before else 'giảm'} {shown}%"


def area_assessment(figures: Sequence[tuple[str, int]], previous: Mapping[str, int] | None, year: int) -> str:
    """One sentence assessing an area of the yearly summary from its figures, each against the year before
    ("Đơn thư tiếp nhận 11.670, tăng 5,2% so với năm 2025; ..."). `figures` are (label, value) with the
    label as the report prints it; `previous` maps the same labels to last year's value, or is None when
    the records hold nothing of last year (then the sentence says so once, not "0, mới" on every line)."""
    from chancery.core.text import grouped

    if not figures:
        return ""
    if previous is None:
        parts = [f"{label} {grouped(value)}" for label, value in figures]
        return f"{'; '.join(parts)} (năm {year - 1} chưa có số liệu trên hệ thống để so sánh)."
    parts = []
    for label, value in figures:
        before = previous.get(label)
        if before is None:
            parts.append(f"{label} {grouped(value)}")
        else:
            parts.append(f"{label} {grouped(value)}, {change_words(value, before)} so với năm {year - 1}")
    return "; ".join(parts) + "."


NARRATIVE_MAX_CHARS = 20_000  # a section of a report's narrative: pages of text, never a file pasted in
