"""Honours rules, the criteria every rule set shares (the subject, the period, the prior awards)."""

from __future__ import annotations

from collections.abc import Sequence

from chancery.appraisal.engine import (
    Criterion,
    Facts,
    Params,
    Result,
    failed,
    passed,
    review,
)
from chancery.honours.rules.base import AWARDS, GROUNDS, INDIVIDUAL, Award, award_name
from chancery.honours.rules.facts import _d, _fmt

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
