"""The law of honours as pure functions: the awards the President confers, their ladders, and the rule sets
the appraisal engine (chancery.appraisal.engine) applies to each nomination.

Sources: Luật Thi đua, khen thưởng 2022 (06/2022/QH15, in force 1 January 2024), Nghị định 98/2023/NĐ-CP
detailing it (replaced from 1 July 2025 by Nghị định 152/2025/NĐ-CP, which keeps the law's thresholds for the
criteria below and details the awards for long contribution); before 2024, the 2003 law as amended in 2013
with Nghị định 91/2017/NĐ-CP (in force 1 October 2017); Pháp lệnh "Bà mẹ Việt Nam anh hùng" 1994 as amended
by Pháp lệnh 05/2012/UBTVQH13.

The facts a criterion reads (built by chancery.honours.services from the nominee's row and the history on
file):

- subject: "individual" | "collective"; nationality (ISO code, "VN" by default); is_enterprise
- proposed_on: the date of the proposing body's submission (the rule set in force on it applies)
- ground: "achievement" (the ladder: a prior award, then years of results), "exceptional" (thành tích đột
  xuất), "contribution" (quá trình cống hiến)
- ratings: {year: "excellent" | "good" | "completed" | "not_completed"} (xếp loại hằng năm)
- titles: [(year, code)] emulation titles and recognitions: TITLE_* codes
- claimed_prior: {"award", "decision_number", "decided_on"} the prior award the row declares, or None
- held: [{"award", "decision_number", "decided_on", "revoked"}] the honours history on file
- discipline_years, under_investigation, tax_debt, insurance_debt
- other_proposals: [{"award", "batch"}] other nominations of the same subject in the same year
- service_years: continuous years of service (the armed forces' medals)
- posthumous, died_on: a proposal to award a person who has died (truy tặng), and the date of death
- post, post_years: for a long contribution (quá trình cống hiến), the post held (a POSTS code, or the
  body's own words when it is none of them) and the years in it
- martyrs: for Bà mẹ Việt Nam anh hùng, {"children", "children_martyrs", "children_invalid_81",
  "husband_martyr", "self_martyr", "self_invalid_81"}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from chancery.appraisal.engine import (
    Criterion,
    Facts,
    Parameter,
    Params,
    Result,
    RuleBook,
    RuleSet,
    clause,
    failed,
    passed,
    review,
)

INDIVIDUAL = "individual"
COLLECTIVE = "collective"

# Emulation titles and recognitions counted by the criteria (danh hiệu thi đua, hình thức khen thưởng).
TITLE_GRASSROOTS_FIGHTER = "cstd-co-so"  # Chiến sĩ thi đua cơ sở
TITLE_MINISTRY_FIGHTER = "cstd-bo"  # Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh
TITLE_NATIONAL_FIGHTER = "cstd-toan-quoc"  # Chiến sĩ thi đua toàn quốc
TITLE_MINISTRY_INITIATIVE = "sang-kien-bo"  # sáng kiến công nhận phạm vi cấp bộ, ban, ngành, tỉnh
TITLE_MINISTRY_FLAG = "co-thi-dua-bo"  # Cờ thi đua cấp bộ, ban, ngành, tỉnh
TITLE_GOVERNMENT_FLAG = "co-thi-dua-cp"  # Cờ thi đua của Chính phủ
TITLE_MINISTRY_MERIT = "bang-khen-bo"  # Bằng khen cấp bộ, ban, ngành, tỉnh
TITLE_EXCELLENT_COLLECTIVE = "tt-ldxs"  # Tập thể lao động xuất sắc

TITLES: dict[str, str] = {
    TITLE_GRASSROOTS_FIGHTER: "Chiến sĩ thi đua cơ sở",
    TITLE_MINISTRY_FIGHTER: "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
    TITLE_NATIONAL_FIGHTER: "Chiến sĩ thi đua toàn quốc",
    TITLE_MINISTRY_INITIATIVE: "Sáng kiến cấp bộ, ban, ngành, tỉnh",
    TITLE_MINISTRY_FLAG: "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
    TITLE_GOVERNMENT_FLAG: "Cờ thi đua của Chính phủ",
    TITLE_MINISTRY_MERIT: "Bằng khen cấp bộ, ban, ngành, tỉnh",
    TITLE_EXCELLENT_COLLECTIVE: "Tập thể lao động xuất sắc",
}

RATINGS = {"excellent": 3, "good": 2, "completed": 1, "not_completed": 0}
RATING_LABELS = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}
GROUNDS = {
    "achievement": "Thành tích theo quá trình (đủ điều kiện về khen thưởng trước đó và số năm)",
    "exceptional": "Thành tích xuất sắc đột xuất",
    "contribution": "Quá trình cống hiến lâu dài",
}


@dataclass(frozen=True)
class Award:
    """A form of reward: `family` groups the classes of one order (its ladder), `rank` orders them (higher
    is higher); `by_president` is False for the prior awards others confer that the criteria count."""

    code: str
    name: str
    kind: str  # order, medal, title, prize, merit
    family: str
    rank: int = 1
    individual: bool = True
    collective: bool = False
    by_president: bool = True


def _orders(family: str, name: str, *, collective: bool = True) -> list[Award]:
    return [
        Award(f"{family}-{n}", f"{name} hạng {label}", "order", family, rank, True, collective)
        for n, label, rank in ((3, "Ba", 1), (2, "Nhì", 2), (1, "Nhất", 3))
    ]


AWARDS: dict[str, Award] = {
    a.code: a
    for a in [
        Award("bk-ttg", "Bằng khen của Thủ tướng Chính phủ", "merit", "bk-ttg", 1, True, True, False),
        Award("hcsv", "Huân chương Sao vàng", "order", "hcsv", 1, True, True),
        Award("hchcm", "Huân chương Hồ Chí Minh", "order", "hchcm", 1, True, True),
        *_orders("hcdl", "Huân chương Độc lập"),
        *_orders("hcqc", "Huân chương Quân công"),
        *_orders("hcld", "Huân chương Lao động"),
        *_orders("hcbvtq", "Huân chương Bảo vệ Tổ quốc"),
        *_orders("hccc", "Huân chương Chiến công"),
        Award("hcdc", "Huân chương Dũng cảm", "order", "hcdc"),
        Award("hcddkdt", "Huân chương Đại đoàn kết dân tộc", "order", "hcddkdt"),
        Award("hchn", "Huân chương Hữu nghị", "order", "hchn", 1, True, True),
        Award("hcqkqt", "Huy chương Quân kỳ quyết thắng", "medal", "hcqkqt"),
        Award("hcvantq", "Huy chương Vì an ninh Tổ quốc", "medal", "hcvantq"),
        Award("hccsvv-3", "Huy chương Chiến sĩ vẻ vang hạng Ba", "medal", "hccsvv", 1),
        Award("hccsvv-2", "Huy chương Chiến sĩ vẻ vang hạng Nhì", "medal", "hccsvv", 2),
        Award("hccsvv-1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", "medal", "hccsvv", 3),
        Award("hchn-hc", "Huy chương Hữu nghị", "medal", "hchn-hc"),
        Award("bmvnah", "Bà mẹ Việt Nam anh hùng", "title", "bmvnah"),
        Award("ahllvtnd", "Anh hùng Lực lượng vũ trang nhân dân", "title", "ahllvtnd", 1, True, True),
        Award("ahld", "Anh hùng Lao động", "title", "ahld", 1, True, True),
        Award("ngnd", "Nhà giáo Nhân dân", "title", "nhagiao", 2),
        Award("ngut", "Nhà giáo Ưu tú", "title", "nhagiao", 1),
        Award("ttnd", "Thầy thuốc Nhân dân", "title", "thaythuoc", 2),
        Award("ttut", "Thầy thuốc Ưu tú", "title", "thaythuoc", 1),
        Award("nsnd", "Nghệ sĩ Nhân dân", "title", "nghesi", 2),
        Award("nsut", "Nghệ sĩ Ưu tú", "title", "nghesi", 1),
        Award("nnnd", "Nghệ nhân Nhân dân", "title", "nghenhan", 2),
        Award("nnut", "Nghệ nhân Ưu tú", "title", "nghenhan", 1),
        Award("gthcm", "Giải thưởng Hồ Chí Minh", "prize", "gthcm", 2),
        Award("gtnn", "Giải thưởng Nhà nước", "prize", "gtnn", 1),
    ]
}

# The order of the annex of a decision: the highest forms first (Luật Thi đua, khen thưởng 2022, Điều 33,
# 54, 59: orders in the order the law lists them, then medals, titles, prizes), then class, then name.
_FAMILIES = list(dict.fromkeys(a.family for a in AWARDS.values()))
ANNEX_ORDER = {a.code: _FAMILIES.index(a.family) * 10 + (9 - a.rank) for a in AWARDS.values()}


def award_name(code: str) -> str:
    award = AWARDS.get(code)
    return award.name if award else code


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


# --- criteria every rule set shares -------------------------------------------------------------------------


def _subject_label(subject: str) -> str:
    return "cá nhân" if subject == INDIVIDUAL else "tập thể"


def _subject_is(kind: str) -> Criterion:
    label = _subject_label(kind)

    def check(facts: Facts, params: Params) -> Result:
        if facts["subject"] == kind:
            return passed(f"Đối tượng là {label}.")
        return failed(f"Hình thức này (theo bộ tiêu chuẩn áp dụng) chỉ xét cho {label}.")

    return Criterion("subject", "Đối tượng", "Luật Thi đua, khen thưởng 2022, Chương III", check)


def _not_already_held(award: Award) -> Criterion:
    """Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2: one achievement is rewarded once; a class is not
    given to someone who already holds it or a higher class of the same order."""

    def check(facts: Facts, params: Params) -> Result:
        same_or_higher = [
            h
            for h in facts.get("held", ())
            if not h.get("revoked")
            and (other := AWARDS.get(h["award"])) is not None
            and other.family == award.family
            and other.rank >= award.rank
        ]
        if same_or_higher:
            first = same_or_higher[0]
            return failed(
                f"Đã được tặng {award_name(first['award'])} (Quyết định số {first['decision_number']} ngày "
                f"{_fmt(first['decided_on'])}).",
                held=first["decision_number"],
            )
        return passed("Chưa được tặng hình thức này hoặc hạng cao hơn.")

    return Criterion(
        "not_held", "Chưa được tặng cùng hạng hoặc hạng cao hơn", "Luật TĐKT 2022, Điều 5.2", check
    )


def _proposed_once(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2 and Nghị định 98/2023, Điều 4: one proposal a year
    for one achievement; a second proposal of the same subject in the year is for a person to weigh."""
    others = list(facts.get("other_proposals", ()))
    if others:
        where = ", ".join(f"{award_name(o['award'])} (đợt {o['batch']})" for o in others[:3])
        return review(f"Được đề nghị {len(others) + 1} lần trong năm: {where}.", count=len(others) + 1)
    return passed("Chỉ được đề nghị một lần trong năm.")


PROPOSED_ONCE = Criterion(
    "proposed_once", "Không đề nghị trùng trong năm", "Luật TĐKT 2022, Điều 5.2", _proposed_once
)


def _clean_record(facts: Facts, params: Params) -> Result:
    """Nghị định 98/2023/NĐ-CP, Điều 4 (and Nghị định 152/2025/NĐ-CP): no reward is considered for someone
    under discipline, or being investigated, inspected or examined on signs of a violation, in the period."""
    if facts["subject"] == INDIVIDUAL:
        years = sorted(int(y) for y in facts.get("discipline_years", ()))
        if years:
            return failed(f"Bị kỷ luật trong thời gian xét khen thưởng (năm {', '.join(map(str, years))}).")
        if facts.get("under_investigation"):
            return failed(
                "Đang bị điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm: chưa xét khen thưởng."
            )
        return passed("Không bị kỷ luật, không bị điều tra trong thời gian xét.")
    if facts.get("under_investigation"):
        return failed("Tập thể đang bị điều tra, thanh tra, kiểm tra khi có dấu hiệu vi phạm.")
    if facts.get("is_enterprise") and (facts.get("tax_debt") or facts.get("insurance_debt")):
        debts = [w for w, f in (("thuế", "tax_debt"), ("bảo hiểm xã hội", "insurance_debt")) if facts.get(f)]
        return failed(f"Doanh nghiệp còn nợ {' và '.join(debts)}.")
    return passed("Không vi phạm, không nợ thuế, bảo hiểm xã hội.")


CLEAN_RECORD = Criterion(
    "clean_record", "Chấp hành pháp luật, kỷ luật", "Nghị định 98/2023/NĐ-CP, Điều 4", _clean_record
)


def _posthumous(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022: the orders, medals and state honorary titles are given "tặng hoặc
    truy tặng" to individuals and only "tặng" to collectives (Điều 34–58); a posthumous award is for a
    person who died before the proposal, the date of death on file."""
    if not facts.get("posthumous"):
        return passed("Tặng (không phải truy tặng).")
    if facts["subject"] != INDIVIDUAL:
        return failed("Tập thể không được truy tặng.")
    died = facts.get("died_on")
    if not died:
        return review("Đề nghị truy tặng nhưng hồ sơ không ghi ngày mất (hy sinh): đối chiếu giấy chứng tử.")
    if _d(died) > _d(facts["proposed_on"]):
        return failed(f"Ngày mất {_fmt(died)} sau ngày đề nghị {_fmt(facts['proposed_on'])}.")
    return passed(
        f"Truy tặng: mất ngày {_fmt(died)}; thành tích tính đến năm {_d(died).year}.",
        died_on=_d(died).isoformat(),
    )


POSTHUMOUS = Criterion("posthumous", "Tặng hoặc truy tặng", "Luật TĐKT 2022, Điều 34–58", _posthumous)


def _ground_is(allowed: Sequence[str], *, counted: Sequence[str] = ("achievement",)) -> Criterion:
    """The ground of the nomination: the grounds in `counted` are checked by the criteria of the rule set;
    an exceptional achievement, or a long contribution where no criterion counts it, is weighed by a person
    against the dossier (the law describes them, it does not count)."""

    def check(facts: Facts, params: Params) -> Result:
        ground = facts.get("ground") or "achievement"
        if ground not in allowed:
            return failed(f"Căn cứ đề nghị không áp dụng cho hình thức này: {GROUNDS.get(ground, ground)}.")
        if ground in counted:
            return passed(GROUNDS[ground] + ".")
        if ground == "exceptional":
            return review(
                "Đề nghị theo thành tích xuất sắc đột xuất: chuyên viên thẩm định hồ sơ thành tích."
            )
        return review("Đề nghị theo quá trình cống hiến: đối chiếu chức vụ và thời gian giữ chức vụ.")

    return Criterion("ground", "Căn cứ đề nghị", "Luật TĐKT 2022, Điều 44", check)


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


# --- a long contribution: the post held and the years in it -------------------------------------------------

POST_GENERAL_DIRECTOR = "tong-cuc-truong"
POST_DEPUTY_GENERAL_DIRECTOR = "pho-tong-cuc-truong"
POST_DIRECTOR = "vu-truong"
POST_DEPUTY_DIRECTOR = "pho-vu-truong"
POSTS: dict[str, str] = {
    POST_GENERAL_DIRECTOR: "Tổng cục trưởng và tương đương",
    POST_DEPUTY_GENERAL_DIRECTOR: "Phó Tổng cục trưởng và tương đương",
    POST_DIRECTOR: "Vụ trưởng và tương đương",
    POST_DEPUTY_DIRECTOR: "Phó Vụ trưởng và tương đương",
}


def _contribution(facts: Facts, params: Params) -> Result:
    """Nghị định 152/2025/NĐ-CP, Điều 21 khoản 1 điểm b (Luật TĐKT 2022, Điều 44.1.g): a person who worked
    without a break in the resistance against the US or in building and defending the country and held a post
    for a span of years, `posts` giving [from, below) per post. More years than the span belong to a higher
    class; a post the table does not name (an equivalent post, or the two resistance wars of point a) is for a
    person to place."""
    if (facts.get("ground") or "achievement") != "contribution":
        return passed("Không áp dụng với căn cứ đề nghị này.")
    post, years = facts.get("post") or "", facts.get("post_years")
    if not post or years is None or years == "":
        return review("Đề nghị theo quá trình cống hiến nhưng hồ sơ không ghi chức vụ và số năm giữ chức vụ.")
    span = params["posts"].get(post)
    if span is None:
        return review(f"Chức vụ “{post}”: đối chiếu chức vụ tương đương theo Điều 21.", post=post)
    low, high = span
    label, years = POSTS[post], int(years)
    used = {"post": post, "years": years}
    if years < low:
        return failed(f"{label}: {years} năm (cần từ {low} năm).", **used)
    if years >= high:
        return review(
            f"{label}: {years} năm; từ {high} năm trở lên thuộc tiêu chuẩn hạng cao hơn: xem xét hạng "
            "đề nghị.",
            **used,
        )
    return passed(f"{label}: {years} năm (từ {low} đến dưới {high} năm).", **used)


CONTRIBUTION = Criterion(
    "contribution", "Chức vụ và thời gian giữ chức vụ", "Nghị định 152/2025/NĐ-CP, Điều 21.1.b", _contribution
)
# Huân chương Lao động hạng Ba for a long contribution, Nghị định 152/2025/NĐ-CP, Điều 21.1.b.
LABOUR_THIRD_POSTS = {
    POST_GENERAL_DIRECTOR: (3, 5),
    POST_DEPUTY_GENERAL_DIRECTOR: (5, 8),
    POST_DIRECTOR: (6, 10),
    POST_DEPUTY_DIRECTOR: (10, 15),
}


# --- Bà mẹ Việt Nam anh hùng --------------------------------------------------------------------------------


def _heroic_mother_2012(facts: Facts, params: Params) -> Result:
    """Pháp lệnh "Bà mẹ Việt Nam anh hùng" as amended by Pháp lệnh 05/2012/UBTVQH13, Điều 2: one of
    1. two or more children martyrs; 2. only two children, one a martyr and one a war invalid with 81% or more
    loss of working capacity; 3. an only child, a martyr; 4. one child a martyr and the husband or herself a
    martyr; 5. one child a martyr and herself a war invalid with 81% or more."""
    m = facts["martyrs"]
    children, martyrs = int(m.get("children", 0)), int(m.get("children_martyrs", 0))
    threshold = params["invalid_percent"]
    cases = [
        (martyrs >= 2, f"có {martyrs} con là liệt sĩ (khoản 1)"),
        (
            children == 2 and martyrs == 1 and int(m.get("children_invalid_81", 0)) >= 1,
            f"chỉ có 2 con, 1 con là liệt sĩ và 1 con là thương binh suy giảm {threshold}% trở lên (khoản 2)",
        ),
        (children == 1 and martyrs == 1, "chỉ có 1 con và người con đó là liệt sĩ (khoản 3)"),
        (
            martyrs >= 1 and bool(m.get("husband_martyr") or m.get("self_martyr")),
            "có 1 con là liệt sĩ và chồng hoặc bản thân là liệt sĩ (khoản 4)",
        ),
        (
            martyrs >= 1 and bool(m.get("self_invalid_81")),
            f"có 1 con là liệt sĩ và bản thân là thương binh suy giảm {threshold}% trở lên (khoản 5)",
        ),
    ]
    for met, text in cases:
        if met:
            return passed(f"Bà mẹ {text}.", children=children, martyrs=martyrs)
    return failed(
        f"Không thuộc trường hợp nào của Điều 2: {children} con, {martyrs} con là liệt sĩ.",
        children=children,
        martyrs=martyrs,
    )


def _heroic_mother_1994(facts: Facts, params: Params) -> Result:
    """Pháp lệnh "Bà mẹ Việt Nam anh hùng" 1994, Điều 2 (proposals before the 2012 amendment took effect):
    three or more children martyrs; two children, both martyrs, or an only child, a martyr; two children
    martyrs and the husband or herself a martyr; one child a martyr and the husband and herself martyrs."""
    m = facts["martyrs"]
    children, martyrs = int(m.get("children", 0)), int(m.get("children_martyrs", 0))
    husband, herself = bool(m.get("husband_martyr")), bool(m.get("self_martyr"))
    if (
        martyrs >= 3
        or (children == martyrs and martyrs in (1, 2))
        or (martyrs >= 2 and (husband or herself))
        or (martyrs >= 1 and husband and herself)
    ):
        return passed(f"{children} con, {martyrs} con là liệt sĩ: thuộc trường hợp của Điều 2.")
    return failed(f"Không thuộc trường hợp nào của Điều 2 (1994): {children} con, {martyrs} con là liệt sĩ.")


# --- Huân chương Hữu nghị -----------------------------------------------------------------------------------


def _foreigner(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022, Điều 53 (Huân chương Hữu nghị): for foreigners and foreign
    organisations; proposed through the foreign-affairs channel (the Ministry of Foreign Affairs or the
    mission), the contribution weighed by a person."""
    nationality = (facts.get("nationality") or "VN").upper()
    if nationality == "VN":
        return failed("Huân chương Hữu nghị chỉ tặng người nước ngoài, tổ chức nước ngoài.")
    return review(
        f"Quốc tịch {nationality}: đánh giá đóng góp cho quan hệ hữu nghị với Việt Nam theo hồ sơ.",
        nationality=nationality,
    )


# --- the highest orders: a ladder above Huân chương Lao động hạng Nhất -----------------------------------
# Huân chương Độc lập, Hồ Chí Minh and Sao vàng (Luật Thi đua, khen thưởng 2022, Điều 34–38): the order below,
# then long further periods of contribution. The law's periods were not confirmed from a published copy here:
# their parameters are marked to be checked, so every verdict under them goes to a person.


HIGHER_ORDERS = [
    ("hcdl-3", "hcld-1", "Điều 38"),
    ("hcdl-2", "hcdl-3", "Điều 37"),
    ("hcdl-1", "hcdl-2", "Điều 36"),
    ("hchcm", "hcdl-1", "Điều 35"),
    ("hcsv", "hchcm", "Điều 34"),
]


# --- medals for years of service --------------------------------------------------------------------------

# Luật Thi đua, khen thưởng 2022 (Công báo số 571+572/2022, read on wikisource): Điều 54.1 gives the medals to
# "quân nhân, công nhân, công chức, viên chức quốc phòng thuộc Quân đội nhân dân; sĩ quan, hạ sĩ quan, chiến
# sĩ, công nhân làm việc trong cơ quan, đơn vị thuộc Công an nhân dân"; Điều 55 gives Huy chương Quân kỳ
# quyết thắng to those of the People's Army (25 years), Điều 56 Huy chương Vì an ninh Tổ quốc to those of the
# People's Public Security.
ARMY = "army"
POLICE = "police"
NO_FORCE = "none"
FORCES = {
    ARMY: "Quân đội nhân dân",
    POLICE: "Công an nhân dân",
    NO_FORCE: "Không thuộc Quân đội nhân dân, Công an nhân dân",
}
MEDAL_FORCES: dict[str, tuple[tuple[str, ...], str]] = {
    "hcqkqt": ((ARMY,), "Điều 54.1, 55"),
    "hcvantq": ((POLICE,), "Điều 54.1, 56"),
    "hccsvv": ((ARMY, POLICE), "Điều 54.1, 57"),
}


def _armed_forces(award: Award) -> Criterion:
    """Luật Thi đua, khen thưởng 2022, Điều 54.1, 55, 56: the years-of-service medals are for members of the
    armed forces (Quân kỳ quyết thắng: the People's Army; Vì an ninh Tổ quốc: the People's Public Security;
    Chiến sĩ vẻ vang: either), as the list's column "Lực lượng" says; a list that does not say goes to a
    person, someone outside them fails whatever the years."""
    forces, article = MEDAL_FORCES[award.family]
    wanted = " hoặc ".join(FORCES[f] for f in forces)

    def check(facts: Facts, params: Params) -> Result:
        force = facts.get("force") or ""
        if force not in FORCES:
            return review(
                f"Danh sách không ghi người được đề nghị thuộc {FORCES[ARMY]} hay {FORCES[POLICE]}: "
                "đối chiếu hồ sơ."
            )
        if force in forces:
            return passed(f"Thuộc {FORCES[force]}.", force=force)
        who = (
            f"không thuộc {FORCES[ARMY]}, {FORCES[POLICE]}" if force == NO_FORCE else f"thuộc {FORCES[force]}"
        )
        return failed(
            f"{award.name} chỉ tặng người thuộc {wanted} (Luật Thi đua, khen thưởng 2022, {article}); người "
            f"được đề nghị {who}.",
            force=force,
        )

    return Criterion("force", "Thuộc lực lượng vũ trang nhân dân", f"Luật TĐKT 2022, {article}", check)


def _service_years(facts: Facts, params: Params) -> Result:
    """Luật Thi đua, khen thưởng 2022, Mục 2 Chương III (Điều 55–57): the armed forces' medals reward years
    of continuous service with tasks completed well; the years are those the managing body confirms."""
    given = facts.get("service_years")
    if given is None or given == "":
        return review("Hồ sơ không ghi số năm công tác liên tục: đối chiếu xác nhận của cơ quan quản lý.")
    years = int(given)
    if years >= params["service_years"]:
        return passed(f"{years} năm công tác liên tục (cần {params['service_years']}).", years=years)
    return failed(f"Mới có {years} năm công tác liên tục (cần {params['service_years']}).", years=years)


def _medal(code: str, article: str, service_years: int, *, verified: bool, source: str = "") -> RuleSet:
    award = AWARDS[code]
    return RuleSet(
        code=f"{code}/individual",
        version="2024",
        title=f"{award.name} — cá nhân",
        basis=f"Luật Thi đua, khen thưởng 2022, {article}",
        valid_from=LAW_2022,
        valid_to=None,
        criteria=(
            _subject_is(INDIVIDUAL),
            POSTHUMOUS,
            _armed_forces(award),
            Criterion(
                "service_years", "Số năm công tác liên tục", f"Luật TĐKT 2022, {article}", _service_years
            ),
            _not_already_held(award),
            PROPOSED_ONCE,
            CLEAN_RECORD,
        ),
        parameters=(
            Parameter(
                "service_years",
                service_years,
                "Số năm công tác liên tục, hoàn thành tốt nhiệm vụ",
                source or f"Luật TĐKT 2022, {article}",
                verified=verified,
            ),
        ),
    )


# --- the rule book ------------------------------------------------------------------------------------------

LAW_2022 = date(2024, 1, 1)
DECREE_91_2017 = date(2017, 10, 1)
DECREE_152_2025 = date(2025, 7, 1)


def show(name: str, value: Any) -> str:
    """A parameter of the ladder in words, for the page that shows the rule book."""
    if name == "floor":
        return RATING_LABELS[value]
    if name == "titles":
        options = [
            " và ".join(f"{count} lần {' hoặc '.join(TITLES[c] for c in codes)}" for codes, count in option)
            for option in value
            if option
        ]
        return "; hoặc ".join(options) or "Không đòi hỏi"
    if name == "posts":
        spans = value.items()
        return "; ".join(f"{POSTS[post]}: từ {low} đến dưới {high} năm" for post, (low, high) in spans)
    return str(value)


LADDER_PARAMETERS = frozenset({"years", "floor", "excellent", "titles"})
ALL_GROUNDS = ("achievement", "exceptional", "contribution")


def _ladder_set(
    code: str,
    subject: str,
    *,
    prior: str,
    article: str,
    basis: str,
    version: str = "2024",
    valid_from: date = LAW_2022,
    valid_to: date | None = None,
    years: int = 5,
    floor: str = "excellent",
    excellent: int = 5,
    titles: list[Any],
    titles_label: str,
    grounds: tuple[str, ...] = ALL_GROUNDS,
    unverified: frozenset[str] = frozenset(),
    posts: Mapping[str, tuple[int, int]] | None = None,
) -> RuleSet:
    """A rule set of the ladder: the prior award, then `years` consecutive years rated `floor` or better
    (`excellent` of them excellent) and the `titles` within them, with the checks every rule set shares.
    The parameters named in `unverified` are the Office's reading pending a check against the published text:
    every verdict under them asks a person to confirm. With `posts`, a long contribution is counted by its
    post and years (CONTRIBUTION) instead of going to a person."""
    award = AWARDS[code]
    counted = ("achievement", "contribution") if posts else ("achievement",)
    return RuleSet(
        code=f"{code}/{subject}",
        version=version,
        title=f"{award.name} — {_subject_label(subject)}",
        basis=basis,
        valid_from=valid_from,
        valid_to=valid_to,
        criteria=(
            _subject_is(subject),
            POSTHUMOUS,
            _ground_is(grounds, counted=counted),
            *ladder(prior, article, period_article="" if version == "2017" else PERIOD_RULE),
            *((CONTRIBUTION,) if posts else ()),
            _not_already_held(award),
            PROPOSED_ONCE,
            CLEAN_RECORD,
        ),
        parameters=tuple(
            Parameter(name, value, label, article, verified=name not in unverified, display=show(name, value))
            for name, value, label in (
                ("years", years, f"Số năm liên tục sau {award_name(prior)}"),
                ("floor", floor, f"Xếp loại tối thiểu mỗi năm ({RATING_LABELS[floor].lower()})"),
                ("excellent", excellent, "Số năm hoàn thành xuất sắc trong thời gian đó"),
                ("titles", titles, titles_label),
            )
        )
        + (
            (
                Parameter(
                    "posts",
                    dict(posts),
                    "Chức vụ và số năm giữ chức vụ khi đề nghị theo quá trình cống hiến",
                    CONTRIBUTION.article,
                    display=show("posts", posts),
                ),
            )
            if posts
            else ()
        ),
    )


def _heroic_mother(version: str, valid_from: date, valid_to: date | None) -> RuleSet:
    check = _heroic_mother_2012 if version == "2013" else _heroic_mother_1994
    ordinance = (
        "Pháp lệnh Bà mẹ Việt Nam anh hùng 1994, sửa đổi bởi Pháp lệnh 05/2012/UBTVQH13"
        if version == "2013"
        else "Pháp lệnh Bà mẹ Việt Nam anh hùng 1994"
    )
    return RuleSet(
        code="bmvnah/individual",
        version=version,
        title="Danh hiệu Bà mẹ Việt Nam anh hùng",
        basis=ordinance,
        valid_from=valid_from,
        valid_to=valid_to,
        criteria=(
            _subject_is(INDIVIDUAL),
            POSTHUMOUS,
            Criterion("cases", "Trường hợp được tặng, truy tặng", f"{ordinance}, Điều 2", check),
            _not_already_held(AWARDS["bmvnah"]),
            PROPOSED_ONCE,
        ),
        parameters=(
            Parameter("invalid_percent", 81, "Tỷ lệ suy giảm khả năng lao động của thương binh", ordinance),
        ),
    )


def _friendship(subject: str) -> RuleSet:
    return RuleSet(
        code=f"hchn/{subject}",
        version="2024",
        title=f"Huân chương Hữu nghị — {'cá nhân' if subject == INDIVIDUAL else 'tổ chức'}",
        basis="Luật Thi đua, khen thưởng 2022, Điều 53",
        valid_from=LAW_2022,
        valid_to=None,
        criteria=(
            _subject_is(subject),
            POSTHUMOUS,
            Criterion(
                "foreigner", "Người nước ngoài, tổ chức nước ngoài", "Luật TĐKT 2022, Điều 53", _foreigner
            ),
            _not_already_held(AWARDS["hchn"]),
            PROPOSED_ONCE,
        ),
    )


RULE_BOOK = RuleBook(
    [
        _ladder_set(
            "hcld-3",
            INDIVIDUAL,
            prior="bk-ttg",
            version="2017",
            valid_from=DECREE_91_2017,
            valid_to=date(2023, 12, 31),
            article="Nghị định 91/2017/NĐ-CP, Điều 24 khoản 1 điểm a",
            basis="Luật Thi đua, khen thưởng 2003, sửa đổi 2013, Điều 44; Nghị định 91/2017/NĐ-CP, Điều 24",
            titles=[[([TITLE_MINISTRY_INITIATIVE], 2)]],
            titles_label="2 sáng kiến cấp bộ, ngành, tỉnh",
        ),
        *(
            _ladder_set(
                "hcld-3",
                INDIVIDUAL,
                prior="bk-ttg",
                article="Luật TĐKT 2022, Điều 44 khoản 1 điểm e",
                basis="Luật Thi đua, khen thưởng 2022 (06/2022/QH15), Điều 44 khoản 1; " + decree,
                version=version,
                valid_from=valid_from,
                valid_to=valid_to,
                floor="good",
                excellent=1,
                titles=[[([TITLE_GRASSROOTS_FIGHTER], 3)]],
                titles_label="3 lần Chiến sĩ thi đua cơ sở",
                posts=posts,
            )
            for version, valid_from, valid_to, decree, posts in (
                ("2024", LAW_2022, date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP", None),
                ("2025", DECREE_152_2025, None, "Nghị định 152/2025/NĐ-CP", LABOUR_THIRD_POSTS),
            )
        ),
        _ladder_set(
            "hcld-3",
            COLLECTIVE,
            prior="bk-ttg",
            article="Luật TĐKT 2022, Điều 44",
            basis="Luật Thi đua, khen thưởng 2022, Điều 44 (tập thể); Nghị định 98/2023/NĐ-CP",
            titles=[[([TITLE_MINISTRY_FLAG], 1)], [([TITLE_MINISTRY_MERIT], 2)]],
            titles_label="1 Cờ thi đua hoặc 2 Bằng khen cấp bộ, ban, ngành, tỉnh",
            grounds=("achievement", "exceptional"),
            unverified=frozenset({"floor", "excellent", "titles"}),
        ),
        _ladder_set(
            "hcld-2",
            INDIVIDUAL,
            prior="hcld-3",
            article="Luật TĐKT 2022, Điều 43 khoản 1",
            basis="Luật Thi đua, khen thưởng 2022, Điều 43 khoản 1",
            floor="good",
            excellent=2,
            titles=[[([TITLE_MINISTRY_FIGHTER], 1)]],
            titles_label="1 lần Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        ),
        _ladder_set(
            "hcld-1",
            INDIVIDUAL,
            prior="hcld-2",
            article="Luật TĐKT 2022, Điều 42",
            basis="Luật Thi đua, khen thưởng 2022, Điều 42",
            titles=[[([TITLE_NATIONAL_FIGHTER], 1)], [([TITLE_MINISTRY_FIGHTER], 3)]],
            titles_label="1 lần Chiến sĩ thi đua toàn quốc, hoặc 3 lần Chiến sĩ thi đua cấp bộ",
            unverified=LADDER_PARAMETERS,
        ),
        *(
            _ladder_set(
                code,
                subject,
                prior=prior,
                article=f"Luật TĐKT 2022, {article}",
                basis=f"Luật Thi đua, khen thưởng 2022, {article}",
                titles=[[]],
                titles_label="Không đòi hỏi danh hiệu thêm (chờ đối chiếu)",
                unverified=LADDER_PARAMETERS,
            )
            for code, prior, article in HIGHER_ORDERS
            for subject in (INDIVIDUAL, COLLECTIVE)
        ),
        _heroic_mother("1994", date(1994, 9, 1), date(2012, 12, 31)),
        _heroic_mother("2013", date(2013, 1, 1), None),
        _friendship(INDIVIDUAL),
        _friendship(COLLECTIVE),
        _medal("hcqkqt", "Điều 55", 25, verified=True),
        _medal("hcvantq", "Điều 56", 25, verified=False),
        # Chiến sĩ vẻ vang: the years of the 2003 law as amended in 2013 (khoản 28 Điều 1 Luật sửa đổi 2013:
        # hạng Nhất 20, hạng Nhì 15, hạng Ba 10); the 2022 law's Điều 57 was not read here.
        *(
            _medal(
                f"hccsvv-{n}",
                "Điều 57",
                years,
                verified=False,
                source="Luật TĐKT 2022, Điều 57 (chưa đối chiếu; số năm theo Luật sửa đổi 2013)",
            )
            for n, years in ((3, 10), (2, 15), (1, 20))
        ),
    ]
)


def rule_set_code(award: str, subject: str) -> str:
    return f"{award}/{subject}"
