"""Honours rules at their boundaries, continued: the period after a prior award (Nghị định 98/2023/NĐ-CP,
Điều 30 khoản 9) and the years-of-service medals (Luật Thi đua, khen thưởng 2022, Điều 54-57)."""

from datetime import date

import pytest

from chancery.appraisal.engine import Outcome
from chancery.honours import rules
from chancery.honours.rules import RULE_BOOK, TITLE_GRASSROOTS_FIGHTER
from chancery.honours.tests.test_rules import _facts, _finding, _verdict

# --- the period after a prior award (Nghị định 98/2023/NĐ-CP, Điều 30 khoản 9) ------------------------------


def _after_certificate(
    period=None, *, decided_on=date(2019, 3, 15), proposed_on=date(2024, 3, 10), **overrides
):
    """A Bằng khen of the Prime Minister decided in March 2019 for the achievements of 2014–2018 (or with no
    period stated), then 2019–2023 rated good or better (2021 excellent) and grassroots emulation fighter in
    2019, 2021 and 2023; proposed in March 2024."""
    held = {"award": "bk-ttg", "decision_number": "456/QĐ-TTg", "decided_on": decided_on, "revoked": False}
    if period:
        held |= {"period_from": period[0], "period_to": period[1]}
    facts = {
        "proposed_on": proposed_on,
        "held": [held],
        "claimed_prior": None,
        "ratings": dict.fromkeys(range(2019, 2024), "good") | {2021: "excellent"},
        "titles": [(y, TITLE_GRASSROOTS_FIGHTER) for y in (2019, 2021, 2023)],
    }
    return _facts(**(facts | overrides))


def test_the_next_period_counts_from_the_achievement_period_of_the_prior_decision():
    """Decided 3/2019 for 2014–2018: the years 2019–2023 count, five of them."""
    verdict = _verdict(_after_certificate((2014, 2018)))
    assert verdict.version == "2024"
    assert verdict.outcome is Outcome.PASS, verdict.reasons
    years = _finding(verdict, "years")
    assert (years.facts["from"], years.facts["to"], years.facts["years"]) == (2019, 2023, 5)
    assert "2014–2018" in years.reason
    assert "Điều 30" in years.article


def test_without_a_period_stated_the_next_period_counts_from_the_decisions_date():
    """The same record without a period in the decision: 2020–2023 only, a year short."""
    years = _finding(_verdict(_after_certificate()), "years")
    assert years.outcome is Outcome.FAIL
    assert years.facts["years"] == 4 and "năm 2019" in years.reason


def test_a_period_ending_in_the_decisions_year_counts_from_the_year_after():
    years = _finding(_verdict(_after_certificate((2015, 2019))), "years")
    assert years.outcome is Outcome.FAIL and years.facts["from"] == 2020


def test_a_period_only_the_list_declares_goes_to_a_person_when_it_alone_decides():
    """The history has the decision but not its period: the list's period would pass, the decision's date
    would not; a person checks the copy of the decision (a list cannot pass itself by declaring)."""
    declared = _after_certificate(
        claimed_prior={"decision_number": "456/QĐ-TTg", "decided_on": "2019-03-15", "period": [2014, 2018]}
    )
    years = _finding(_verdict(declared), "years")
    assert years.outcome is Outcome.REVIEW
    assert "kê khai của danh sách" in years.reason and "bản sao quyết định" in years.reason
    agreed = _after_certificate(
        claimed_prior={"decision_number": "456/QĐ-TTg", "decided_on": "2019-03-15", "period": [2014, 2018]},
        ratings=dict.fromkeys(range(2019, 2025), "good") | {2021: "excellent"},
        proposed_on=date(2025, 3, 10),
        titles=[(y, TITLE_GRASSROOTS_FIGHTER) for y in (2020, 2022, 2024)],
    )
    assert _verdict(agreed).outcome is Outcome.PASS  # 2020–2024 either way
    other_decision = _after_certificate(
        claimed_prior={"decision_number": "999/QĐ-TTg", "decided_on": "2019-03-15", "period": [2014, 2018]}
    )
    assert _finding(_verdict(other_decision), "years").outcome is Outcome.FAIL  # another decision's period
    only_claimed = _after_certificate(
        held=[],
        claimed_prior={"decision_number": "456/QĐ-TTg", "decided_on": "2019-03-15", "period": [2014, 2018]},
    )
    assert _finding(_verdict(only_claimed), "prior_award").outcome is Outcome.REVIEW  # not on file
    assert _finding(_verdict(only_claimed), "years").outcome is Outcome.REVIEW


def test_where_the_period_rule_is_not_confirmed_a_verdict_it_alone_decides_goes_to_a_person():
    """From July 2025 (Nghị định 152/2025/NĐ-CP, its clause not checked here): the stated period passes,
    the decision's date would not: a person decides; where both agree, the verdict stands."""
    late = {
        "proposed_on": date(2025, 9, 10),
        "ratings": dict.fromkeys(range(2020, 2025), "good") | {2022: "excellent"},
        "titles": [(y, TITLE_GRASSROOTS_FIGHTER) for y in (2020, 2022, 2024)],
    }
    split = _after_certificate((2015, 2019), decided_on=date(2020, 3, 1), **late)
    verdict = _verdict(split)
    assert verdict.version == "2025"
    years = _finding(verdict, "years")
    assert years.outcome is Outcome.REVIEW and "cần người xem xét" in years.reason
    agreed = _after_certificate((2013, 2017), decided_on=date(2018, 3, 1), **late)
    assert _verdict(agreed).outcome is Outcome.PASS


# --- the years-of-service medals: members of the armed forces (Luật TĐKT 2022, Điều 54–57) ----------------


def _medal_facts(force, years=30):
    return {
        "subject": rules.INDIVIDUAL,
        "proposed_on": date(2025, 1, 5),
        "service_years": years,
        "force": force,
        "held": [],
    }


@pytest.mark.parametrize(
    ("code", "force", "expected"),
    [
        ("hcqkqt", "army", Outcome.PASS),
        ("hcqkqt", "police", Outcome.FAIL),  # Điều 55: the People's Army only
        ("hcqkqt", "none", Outcome.FAIL),
        ("hcqkqt", None, Outcome.REVIEW),  # the list does not say
        ("hcvantq", "army", Outcome.FAIL),  # Điều 56: the People's Public Security only
        ("hcvantq", "police", Outcome.PASS),
        ("hccsvv-1", "none", Outcome.FAIL),  # Điều 54: the armed forces
        ("hccsvv-1", "police", Outcome.PASS),
    ],
)
def test_the_years_of_service_medals_are_for_members_of_the_armed_forces(code, force, expected):
    finding = _finding(
        RULE_BOOK.appraise(f"{code}/individual", date(2025, 1, 5), _medal_facts(force)), "force"
    )
    assert finding.outcome is expected, finding.reason
    assert "Điều 5" in finding.article


def test_a_nominee_outside_the_armed_forces_fails_the_medal_whatever_the_years():
    verdict = RULE_BOOK.appraise("hccsvv-3/individual", date(2025, 1, 5), _medal_facts("none", years=30))
    assert verdict.outcome is Outcome.FAIL
    assert "Quân đội nhân dân" in _finding(verdict, "force").reason
