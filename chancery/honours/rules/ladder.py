"""Honours rules, the ladder: a prior award, then consecutive years of results and the titles within them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chancery.appraisal.engine import (
    Criterion,
    Facts,
    Params,
    Result,
    clause,
    failed,
    passed,
    review,
)
from chancery.honours.rules.base import RATING_LABELS, TITLES, award_name
from chancery.honours.rules.facts import _d, _fmt, held_awards, reference_year, streak, titles_in

# --- the ladder: a prior award, then consecutive years of results and the titles within them ----------------


def _on_ladder(facts: Facts) -> bool:
    return (facts.get("ground") or "achievement") == "achievement"


def _prior_award(prior: str) -> Criterion:
    def check(facts: Facts, params: Params) -> Result:
        if not _on_ladder(facts):
            return passed("Không áp dụng với căn cứ đề nghị này.")
        held = held_awards(facts, prior)
        claimed = facts.get("claimed_prior") or {}
        proposed_on = _d(facts["proposed_on"])
        if held:
            latest = held[-1]
            if _d(latest["decided_on"]) >= proposed_on:
                return failed(
                    f"{award_name(prior)} (Quyết định số {latest['decision_number']}) có ngày "
                    f"{_fmt(latest['decided_on'])}, sau ngày đề nghị."
                )
            start = count_start(facts, prior)
            period = (
                f", giai đoạn thành tích {start.period[0]}–{start.period[1]}"
                if start and start.period
                else ""
            )
            return passed(
                f"Đã được tặng {award_name(prior)}: Quyết định số {latest['decision_number']} ngày "
                f"{_fmt(latest['decided_on'])}{period}.",
                decision=latest["decision_number"],
                year=_d(latest["decided_on"]).year,
            )
        revoked = [
            h
            for h in facts.get("held", ())
            if h["award"] == prior
            and h.get("revoked")
            and h["decision_number"] == claimed.get("decision_number")
        ]
        if revoked:
            return failed(
                f"{award_name(prior)} theo Quyết định số {revoked[0]['decision_number']} đã bị hủy bỏ "
                f"({revoked[0].get('revoked_by') or 'quyết định hủy bỏ'})."
            )
        if claimed.get("decision_number"):
            return review(
                f"Quyết định số {claimed['decision_number']} tặng {award_name(prior)} kê khai trong hồ sơ "
                "không có trong lịch sử khen thưởng: đối chiếu bản sao quyết định.",
                decision=claimed["decision_number"],
            )
        return failed(f"Chưa được tặng {award_name(prior)}.")

    return Criterion("prior_award", "Khen thưởng trước đó", "", check)


# Nghị định 98/2023/NĐ-CP, Điều 30 khoản 9 (confirmed from the Ministry of Home Affairs' published answer
# quoting it): "Thời gian đề nghị khen thưởng lần tiếp theo được tính theo thời gian lập được thành tích ghi
# trong quyết định khen thưởng lần trước"; only a decision that states no period counts from its date. The
# decree was in force from 1 January 2024 to 30 June 2025; the clause of Nghị định 152/2025/NĐ-CP that
# replaced it, and of Nghị định 91/2017/NĐ-CP before it, were not checked here: on those dates a verdict
# that the stated period alone decides goes to a person.
PERIOD_RULE = "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 9"
PERIOD_RULE_IN_FORCE = (date(2024, 1, 1), date(2025, 6, 30))


@dataclass(frozen=True)
class CountStart:
    """Where the years after a prior award start: they count after `after`; `decided` is the prior
    decision's year and `period` the achievement period it states (None: not stated), `declared` when the
    period is the list's declaration rather than the history on file."""

    after: int
    decided: int
    period: tuple[int, int] | None
    declared: bool = False

    @property
    def basis(self) -> str:
        if self.period is None:
            return (
                f"năm {self.decided} (năm ban hành quyết định khen thưởng trước, không ghi giai đoạn thành "
                "tích)"
            )
        source = (
            "kê khai theo quyết định khen thưởng trước"
            if self.declared
            else "ghi trong quyết định khen thưởng trước"
        )
        return f"giai đoạn thành tích {self.period[0]}–{self.period[1]} {source}"


def _period(value: Any) -> tuple[int, int] | None:
    if not value:
        return None
    low, high = (int(v) for v in value)
    return (low, high) if low <= high else None


def _same_decision(a: Any, b: Any) -> bool:
    return bool(a) and bool(b) and " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def count_start(facts: Facts, prior: str) -> CountStart | None:
    """Nghị định 98/2023/NĐ-CP, Điều 30.9: the next period counts after the achievement period the prior
    decision states (the history on file, else the list's declaration of the same decision), and after the
    decision's year only when it states none. A period cannot end after its decision's year."""
    held = held_awards(facts, prior)
    claimed = facts.get("claimed_prior") or {}
    declared = False
    if held:
        latest = held[-1]
        decided = _d(latest["decided_on"]).year
        period = _period(
            (latest.get("period_from"), latest.get("period_to")) if latest.get("period_to") else None
        )
        if period is None and _same_decision(claimed.get("decision_number"), latest["decision_number"]):
            period, declared = _period(claimed.get("period")), True
    elif claimed.get("decided_on"):
        decided = _d(claimed["decided_on"]).year
        period, declared = _period(claimed.get("period")), True
    else:
        return None
    if period is None or period[1] > decided:
        return CountStart(decided, decided, None)
    return CountStart(period[1], decided, period, declared)


def _period_rule_applies(facts: Facts) -> bool:
    low, high = PERIOD_RULE_IN_FORCE
    return low <= _d(facts["proposed_on"]) <= high


def _from_the_period(facts: Facts, params: Params, prior: str, count: Any) -> Result:
    """`count(facts, params, start)` from where the period after the prior award starts. A person decides
    when the stated period gives another outcome than the decision's date and either the period is only the
    list's declaration (not in the history on file: the copy of the decision is checked), or the clause of
    Điều 30.9 was not confirmed for the proposal's date."""
    start = count_start(facts, prior)
    result: Result = count(facts, params, start)
    if start is None or start.period is None or start.after == start.decided:
        return result
    confirmed = _period_rule_applies(facts)
    if confirmed and not start.declared:
        return result
    by_date = count(facts, params, CountStart(start.decided, start.decided, None))
    if by_date.outcome is result.outcome:
        return result
    period = f"{start.period[0]}–{start.period[1]}"
    doubts = []
    if start.declared:
        doubts.append(
            f"giai đoạn thành tích {period} là kê khai của danh sách, lịch sử khen thưởng chưa ghi: "
            "đối chiếu bản sao quyết định khen thưởng trước"
        )
    if not confirmed:
        doubts.append(
            "cách tính thời gian sau khen thưởng trước của văn bản áp dụng ngày "
            f"{_fmt(facts['proposed_on'])} chưa được đối chiếu văn bản (đã đối chiếu {PERIOD_RULE} cho các "
            "đề nghị từ 01/01/2024 đến 30/06/2025)"
        )
    return review(
        f"Theo giai đoạn thành tích {period}: {clause(result.reason)}; theo năm ban hành quyết định "
        f"{start.decided}: {clause(by_date.reason)}; {'; '.join(doubts)}: cần người xem xét.",
        **result.facts,
    )


def _count_years(facts: Facts, params: Params, start: CountStart | None) -> Result:
    if start is None:
        return failed("Không xác định được thời điểm tính thời gian tiếp theo sau khen thưởng trước.")
    ratings = {int(y): r for y, r in facts.get("ratings", {}).items()}
    proposed_year = reference_year(facts)
    last = max((y for y in ratings if y <= proposed_year), default=None)
    if last is None or last < proposed_year - 1:
        return failed(f"Không có kết quả xếp loại năm {proposed_year - 1} hoặc {proposed_year}.")
    years = streak(ratings, after_year=start.after, last_year=last, floor=params["floor"])
    excellent = [y for y in years if ratings[y] == "excellent"]
    facts_used = {
        "from": years[0] if years else None,
        "to": last,
        "years": len(years),
        "excellent": len(excellent),
        "counted_after": start.after,
        "prior_period": list(start.period) if start.period else None,
    }
    floor = RATING_LABELS[params["floor"]].lower()
    if len(years) < params["years"]:
        return failed(
            f"Chỉ có {len(years)} năm liên tục {floor} trở lên (cần {params['years']}), tính sau "
            f"{start.basis}.",
            **facts_used,
        )
    if len(excellent) < params["excellent"]:
        return failed(
            f"{len(years)} năm liên tục, trong đó {len(excellent)} năm hoàn thành xuất sắc nhiệm vụ "
            f"(cần {params['excellent']}).",
            **facts_used,
        )
    return passed(
        f"{len(years)} năm liên tục ({years[0]}–{last}) {floor} trở lên, {len(excellent)} năm hoàn thành "
        f"xuất sắc, tính sau {start.basis}.",
        **facts_used,
    )


def _ladder_years(prior: str) -> Criterion:
    """Years after the prior award (after the achievement period its decision states, else after its year:
    `count_start`), consecutive up to the proposal (the results of the proposal's year or the year before),
    each rated at least `floor`, at least `years` of them and `excellent` of them rated excellent."""

    def check(facts: Facts, params: Params) -> Result:
        if not _on_ladder(facts):
            return passed("Không áp dụng với căn cứ đề nghị này.")
        return _from_the_period(facts, params, prior, _count_years)

    return Criterion("years", "Số năm liên tục hoàn thành nhiệm vụ", "", check)


def _count_titles(facts: Facts, params: Params, start: CountStart | None) -> Result:
    ratings = {int(y): r for y, r in facts.get("ratings", {}).items()}
    proposed_year = reference_year(facts)
    last = max((y for y in ratings if y <= proposed_year), default=proposed_year)
    years = streak(ratings, after_year=start.after, last_year=last, floor=params["floor"]) if start else []
    shortfalls = []
    for option in params["titles"]:
        if not option:
            return passed("Không đòi hỏi danh hiệu thi đua trong thời gian xét.")
        missing = []
        for codes, count in option:
            have = titles_in(facts, codes, years)
            if len(have) < count:
                missing.append(f"{len(have)}/{count} {' hoặc '.join(TITLES[c] for c in codes)}")
        if not missing:
            described = "; ".join(
                f"{count} {' hoặc '.join(TITLES[c] for c in codes)}" for codes, count in option
            )
            return passed(f"Trong thời gian xét có {described}.")
        shortfalls.append(", ".join(missing))
    span = f"{years[0]}–{years[-1]}" if years else "không có"
    if years and start is not None and years[0] > start.after + 1:
        # the period is the unbroken run of years up to the proposal: a year below the floor ends it (the
        # examiner of issue 26 read "tính sau năm 2018" then "(2025–2025)" and took it for a contradiction)
        span += f", liên tục sau năm {years[0] - 1} không đạt mức xét"
    return failed(f"Trong thời gian xét ({span}) chưa đủ: " + "; hoặc ".join(shortfalls) + ".")


def _ladder_titles(prior: str) -> Criterion:
    """Within the counted years: any one of `requirements`, each a list of (title codes, count) all met."""

    def check(facts: Facts, params: Params) -> Result:
        if not _on_ladder(facts):
            return passed("Không áp dụng với căn cứ đề nghị này.")
        return _from_the_period(facts, params, prior, _count_titles)

    return Criterion("titles", "Danh hiệu thi đua trong thời gian xét", "", check)


def ladder(prior: str, article: str, *, period_article: str = PERIOD_RULE) -> tuple[Criterion, ...]:
    """The three criteria of a ladder; the years cite the rule of the period after the prior award too."""
    articles = {"years": f"{article}; {period_article}" if period_article else article}
    criteria = (_prior_award(prior), _ladder_years(prior), _ladder_titles(prior))
    return tuple(Criterion(c.code, c.title, articles.get(c.code, article), c.check) for c in criteria)
