"""Amnesty rules, the vocabulary and the arithmetic: the campaign's terms, a prisoner's facts, the parameters
and their sources; the sentence, the credits and the share served by the reference date."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from chancery.appraisal.engine import (
    Facts,
)

LAW = "Luật Đặc xá 2018"
LAW_IN_FORCE = date(2019, 7, 1)

FIXED = "fixed"
LIFE_COMMUTED = "life_commuted"
SUSPENDED = "suspended"
POSTPONED = "postponed"
LIFE = "life"
KINDS = {
    FIXED: "Tù có thời hạn",
    LIFE_COMMUTED: "Tù chung thân đã được giảm xuống tù có thời hạn",
    SUSPENDED: "Đang được tạm đình chỉ chấp hành án phạt tù",
    POSTPONED: "Đang được hoãn chấp hành án phạt tù",
    LIFE: "Tù chung thân (chưa được giảm)",
}
# Luật Đặc xá 2018, Điều 22 (its text read from a public quotation): "Trong trường hợp đặc biệt ... Chủ
# tịch nước quyết định đặc xá cho người đang chấp hành án phạt tù có thời hạn, người đang được hoãn chấp hành
# án phạt tù, người đang được tạm đình chỉ chấp hành án phạt tù, người đang chấp hành án phạt tù chung thân
# mà không phụ thuộc vào các điều kiện quy định tại Điều 11 và Điều 12". A postponed sentence and a life
# sentence not commuted are amnestied only so; the ordinary amnesty considers the others.
ORDINARY_KINDS = (FIXED, LIFE_COMMUTED, SUSPENDED)
SPECIAL_ONLY_KINDS = (POSTPONED, LIFE)

# Reductions of sentence (giảm thời hạn chấp hành án phạt tù): the advisory council's guidance for the second
# amnesty of 2025 (Hướng dẫn 94/HD-HĐTVĐX implementing Quyết định 1244/2025/QĐ-CTN, as published by Dân Việt
# and Báo Công an nhân dân, 7/7/2025): time served is the time actually held (tạm giữ, tạm giam) and served,
# and "thời gian được giảm án sẽ được trừ vào phần án còn lại phải chấp hành"; its example: 12 years, 9 served
# at 31/8/2025, 2 years of reductions, a year remaining. Campaigns appraised before under the older reading
# (reductions counted as served) keep it as their frozen term.
REDUCTIONS_DEDUCTED = "deducted"
REDUCTIONS_ADDED = "added"
REDUCTION_RULES = {
    REDUCTIONS_DEDUCTED: "trừ vào thời hạn còn lại phải chấp hành (Hướng dẫn 94/HD-HĐTVĐX năm 2025)",
    REDUCTIONS_ADDED: "cộng vào thời gian đã chấp hành",
}
REDUCTIONS_GUIDANCE = "Hướng dẫn 94/HD-HĐTVĐX của Hội đồng tư vấn đặc xá (Quyết định 1244/2025/QĐ-CTN)"

# Luật Đặc xá 2018, Điều 11 khoản 2: the special cases the decisions name (and "other groups the decision
# names": a campaign chooses which of these it admits).
SPECIAL_CASES: dict[str, str] = {
    "lap-cong": "Lập công lớn trong thời gian chấp hành án",
    "thuong-binh": "Thương binh, bệnh binh, người có công với cách mạng hoặc thân nhân",
    "tu-70": "Từ 70 tuổi trở lên",
    "duoi-18": "Dưới 18 tuổi khi phạm tội",
    "benh-hiem-ngheo": "Mắc bệnh hiểm nghèo, ốm đau thường xuyên",
    "khuyet-tat": "Khuyết tật đặc biệt nặng hoặc nặng",
    "nuoi-con": "Lao động duy nhất, nuôi con nhỏ hoặc gia đình đặc biệt khó khăn",
}

CIVIL_DONE = "done"
CIVIL_NONE = "none"
CIVIL_SUSPENDED = "suspended"
CIVIL_WAIVED = "waived"
CIVIL_HARDSHIP = "hardship"
CIVIL_NOT_DONE = "not_done"
CIVIL_STATES: dict[str, str] = {
    CIVIL_NONE: "Không có nghĩa vụ dân sự",
    CIVIL_DONE: "Đã thi hành xong",
    CIVIL_SUSPENDED: "Có quyết định đình chỉ thi hành án",
    CIVIL_WAIVED: "Người được thi hành án có văn bản không yêu cầu thi hành (tài sản không thuộc Nhà nước)",
    CIVIL_HARDSHIP: "Đã thi hành một phần, hoàn cảnh kinh tế đặc biệt khó khăn được xác nhận",
    CIVIL_NOT_DONE: "Chưa thi hành xong",
}

# Bộ luật Hình sự 2015: the offences against national security that Luật Đặc xá 2018, Điều 12 khoản 1 names
# (Điều 108–114, 117–119, 299, and Chương XXVI: Điều 421–425; the Code ends with Điều 426, its entry into
# force, and has no Điều 427 or 428).
NATIONAL_SECURITY = (
    "108", "109", "110", "111", "112", "113", "114", "117", "118", "119", "299",
    "421", "422", "423", "424", "425",
)  # fmt: skip
# Chương XXIII Mục 1 (Điều 353–359): corruption offences, for which the decisions require the fines, the
# damages and the court fees paid.
CORRUPTION = ("353", "354", "355", "356", "357", "358", "359")


@dataclass(frozen=True)
class Group:
    """A group the decision asks a higher fraction of: by offence articles, or by a term of at least
    `min_months`, or both (both must then hold)."""

    label: str
    fraction: Fraction
    articles: tuple[str, ...] = ()
    min_months: int = 0

    def holds(self, articles: Iterable[str], term_months: int) -> bool:
        by_article = not self.articles or any(covers(self.articles, a) for a in articles)
        return by_article and term_months >= self.min_months


@dataclass(frozen=True)
class QuarterBand:
    """The consecutive quarters rated "khá" or "tốt" up to the council's meeting that a decision asks of the
    sentences up to `up_to_months` (None: every longer one), e.g. Quyết định 1244/2025/QĐ-CTN: 18 quarters
    for a life sentence commuted, 16 for more than 15 years (the press conference's words, 7/7/2025), down to
    2 for the shortest sentences."""

    up_to_months: int | None
    quarters: int


@dataclass(frozen=True)
class Terms:
    """The parameters of one amnesty as its decision sets them (defaults: the law's floor)."""

    reference_date: date
    kinds: tuple[str, ...] = (FIXED, LIFE_COMMUTED)
    fraction: Fraction = Fraction(1, 3)  # Điều 11.1.c: one third of a fixed term
    life_years: int = 14  # Điều 11.1.c: 14 years of a life sentence commuted
    groups: tuple[Group, ...] = ()
    special_cases: tuple[str, ...] = tuple(SPECIAL_CASES)
    special_fraction: Fraction = Fraction(1, 4)  # Điều 11.2, as the recent decisions set it
    special_life_years: int = 12
    excluded_articles: tuple[str, ...] = NATIONAL_SECURITY
    corruption_articles: tuple[str, ...] = CORRUPTION
    max_prior_convictions: int = 1  # Điều 12.5: two or more prior convictions are not proposed
    special_amnesty: bool = False  # Điều 22: without the conditions of Điều 11 and 12
    special_reason: str = ""
    reductions: str = REDUCTIONS_DEDUCTED  # REDUCTION_RULES
    # Empty: every quarter of the sentence rated "khá" or "tốt" (Luật Đặc xá 2018, Điều 11.1.a); set: the
    # decision's consecutive quarters by sentence band, and `life_quarters` for a life sentence commuted.
    quarter_bands: tuple[QuarterBand, ...] = ()
    life_quarters: int = 0

    @property
    def counts_quarters_by_band(self) -> bool:
        return bool(self.quarter_bands or self.life_quarters)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference_date": self.reference_date.isoformat(),
            "kinds": list(self.kinds),
            "fraction": str(self.fraction),
            "life_years": self.life_years,
            "groups": [
                {
                    "label": g.label,
                    "fraction": str(g.fraction),
                    "articles": list(g.articles),
                    "min_months": g.min_months,
                }
                for g in self.groups
            ],
            "special_cases": list(self.special_cases),
            "special_fraction": str(self.special_fraction),
            "special_life_years": self.special_life_years,
            "excluded_articles": list(self.excluded_articles),
            "corruption_articles": list(self.corruption_articles),
            "max_prior_convictions": self.max_prior_convictions,
            "special_amnesty": self.special_amnesty,
            "special_reason": self.special_reason,
            "reductions": self.reductions,
            "quarter_bands": [
                {"up_to_months": b.up_to_months, "quarters": b.quarters} for b in self.quarter_bands
            ],
            "life_quarters": self.life_quarters,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Terms:
        base = cls(reference_date=date.fromisoformat(str(data["reference_date"])))
        return replace(
            base,
            kinds=tuple(data.get("kinds", base.kinds)),
            fraction=Fraction(str(data.get("fraction", base.fraction))),
            life_years=int(data.get("life_years", base.life_years)),
            groups=tuple(
                Group(
                    label=str(g["label"]),
                    fraction=Fraction(str(g["fraction"])),
                    articles=tuple(str(a) for a in g.get("articles", ())),
                    min_months=int(g.get("min_months", 0)),
                )
                for g in data.get("groups", ())
            ),
            special_cases=tuple(data.get("special_cases", base.special_cases)),
            special_fraction=Fraction(str(data.get("special_fraction", base.special_fraction))),
            special_life_years=int(data.get("special_life_years", base.special_life_years)),
            excluded_articles=tuple(str(a) for a in data.get("excluded_articles", base.excluded_articles)),
            corruption_articles=tuple(
                str(a) for a in data.get("corruption_articles", base.corruption_articles)
            ),
            max_prior_convictions=int(data.get("max_prior_convictions", base.max_prior_convictions)),
            special_amnesty=bool(data.get("special_amnesty", False)),
            special_reason=str(data.get("special_reason", "")),
            reductions=str(data.get("reductions", base.reductions)),
            quarter_bands=tuple(
                QuarterBand(
                    None if b.get("up_to_months") in (None, "") else int(b["up_to_months"]),
                    int(b["quarters"]),
                )
                for b in data.get("quarter_bands", ())
            ),
            life_quarters=int(data.get("life_quarters") or 0),
        )


# --- arithmetic of time served ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months (the 31st becomes the month's last day)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def part_of_term(term_months: int, fraction: Fraction) -> tuple[int, int]:
    """(months, days) of `fraction` of a term: whole months, and the rest of a month at 30 days, rounded up
    (a prisoner has served a third of 13 months after 4 months and 10 days)."""
    exact = term_months * fraction
    months = exact.numerator // exact.denominator
    rest = exact - months
    days = -(-rest.numerator * 30 // rest.denominator)
    return months, days


def reached_on(start: date, months: int, days: int, *, credited_days: int, credited_months: int = 0) -> date:
    """The day a prisoner has served `months` and `days`, counting from `start` with `credited_months` and
    `credited_days` of pre-trial detention and reductions counted as served."""
    return add_months(start, months - credited_months) + timedelta(days=days - credited_days)


def served_months(
    start: date, reference: date, *, credited_days: int, credited_months: int = 0
) -> tuple[int, int]:
    """(months, days) served at `reference`: from `start`, plus the credited months and days."""
    effective = add_months(start, -credited_months) - timedelta(days=credited_days)
    months = (reference.year - effective.year) * 12 + reference.month - effective.month
    if add_months(effective, months) > reference:
        months -= 1
    return months, (reference - add_months(effective, months)).days


def covers(entries: Iterable[str], article: str) -> bool:
    """Whether an article of a conviction ("251.2": Điều 251 khoản 2) falls under a list of entries: an
    entry "251" covers every clause of Điều 251, an entry "251.4" only that clause."""
    article = article.strip()
    return any(article == e or article.startswith(f"{e}.") for e in (x.strip() for x in entries) if e)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def special_cases_of(facts: Facts, terms: Terms) -> list[str]:
    """The special cases of Điều 11.2 a prisoner falls in, among those the campaign admits: declared by the
    facility, and the two the dates prove (70 or older at the reference date, under 18 at the offence)."""
    found = set(facts.get("special") or ())
    birth = _day(facts.get("birth"))
    if birth is not None:
        # A year of birth alone is read in the person's favour: the 1st of January for the age reached,
        # the 31st of December for the age at the offence.
        year_only = bool(facts.get("birth_year_only"))
        oldest, youngest = (date(birth.year, 1, 1), date(birth.year, 12, 31)) if year_only else (birth, birth)
        if age_on(oldest, terms.reference_date) >= 70:
            found.add("tu-70")
        else:
            found.discard("tu-70")  # the date of birth says otherwise
        offence = _day(facts.get("offence_date"))
        if offence is not None:
            if age_on(youngest, offence) < 18:
                found.add("duoi-18")
            else:
                found.discard("duoi-18")
    return sorted(c for c in found if c in terms.special_cases)


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _fmt(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _span(months: int, days: int) -> str:
    years, months = divmod(months, 12)
    parts = [
        f"{years} năm" if years else "",
        f"{months} tháng" if months else "",
        f"{days} ngày" if days else "",
    ]
    return " ".join(p for p in parts if p) or "0 ngày"


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"
