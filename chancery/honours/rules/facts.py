"""Honours rules, helpers over the facts: years counted, results read, a prior award's period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from chancery.appraisal.engine import (
    Facts,
)
from chancery.honours.rules.base import RATINGS

# --- helpers over facts -------------------------------------------------------------------------------------


def _d(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def held_awards(facts: Facts, code: str) -> list[Mapping[str, Any]]:
    """The awards of `code` on file for the subject, not revoked (a revoked award counts for nothing: Luật
    Thi đua, khen thưởng 2022, Điều 94), earliest first."""
    found = [h for h in facts.get("held", ()) if h["award"] == code and not h.get("revoked")]
    return sorted(found, key=lambda h: _d(h["decided_on"]))


def streak(ratings: Mapping[Any, str], *, after_year: int, last_year: int, floor: str) -> list[int]:
    """The consecutive years, counted back from `last_year` and later than `after_year`, rated `floor` or
    better: the years "liên tục đến thời điểm đề nghị"."""
    years = []
    by_year = {int(y): r for y, r in ratings.items()}
    year = last_year
    while year > after_year and RATINGS.get(by_year.get(year, ""), -1) >= RATINGS[floor]:
        years.append(year)
        year -= 1
    return sorted(years)


def titles_in(facts: Facts, codes: Iterable[str], years: Sequence[int]) -> list[tuple[int, str]]:
    wanted, span = set(codes), set(years)
    return sorted((int(y), c) for y, c in facts.get("titles", ()) if c in wanted and int(y) in span)


def _fmt(day: Any) -> str:
    return f"{_d(day):%d/%m/%Y}"


def reference_year(facts: Facts) -> int:
    """The year the results are counted up to: the proposal's, or for a posthumous award the year of
    death when it is earlier (no year of results follows it)."""
    year = _d(facts["proposed_on"]).year
    if facts.get("posthumous") and facts.get("died_on"):
        year = min(year, _d(facts["died_on"]).year)
    return year
