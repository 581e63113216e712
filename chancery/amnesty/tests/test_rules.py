"""The conditions of amnesty at their boundaries: a day short of the fraction and the day it is reached, the
reference date itself, pre-trial detention and reductions counted, life sentences commuted, the special
cases and the groups with a higher fraction, the exclusions of Điều 12, and an amnesty in a special case."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chancery.amnesty import rules
from chancery.amnesty.rules import Group, Terms
from chancery.appraisal.engine import Outcome, appraise

REFERENCE = date(2025, 8, 31)


def _facts(**overrides):
    """A prisoner serving 3 years from 10 January 2024 for theft (Điều 173), good conduct, nothing owed."""
    facts = {
        "kind": rules.FIXED,
        "term_months": 36,
        "start": date(2024, 1, 10),
        "pretrial_days": 0,
        "reduction_days": 0,
        "articles": ["173"],
        "birth": date(1990, 5, 1),
        "offence_date": date(2023, 6, 1),
        "special": [],
        "bad_quarters": 0,
        "civil": rules.CIVIL_DONE,
        "residence": True,
        "prior_convictions": 0,
    }
    facts.update(overrides)
    return facts


def _verdict(facts, terms=None):
    return appraise(rules.rule_set(terms or Terms(reference_date=REFERENCE)), facts)


def _finding(verdict, code):
    return next(f for f in verdict.findings if f.code == code)


@pytest.mark.parametrize(
    ("term", "fraction", "expected"),
    [
        (120, Fraction(1, 3), (40, 0)),
        (36, Fraction(1, 3), (12, 0)),
        (13, Fraction(1, 3), (4, 10)),  # 4 months and a third of a month
        (7, Fraction(1, 3), (2, 10)),
        (12, Fraction(1, 4), (3, 0)),
        (30, Fraction(2, 5), (12, 0)),
        (10, Fraction(1, 4), (2, 15)),
    ],
)
def test_the_part_of_a_term_in_months_and_days(term, fraction, expected):
    assert rules.part_of_term(term, fraction) == expected


def test_a_third_is_reached_on_the_day_and_not_the_day_before():
    """3 years from 10 January 2024: a third (12 months) is served on 10 January 2025."""
    on_the_day = _verdict(_facts(), Terms(reference_date=date(2025, 1, 10)))
    assert _finding(on_the_day, "time_served").outcome is Outcome.PASS, on_the_day.reasons
    day_before = _finding(_verdict(_facts(), Terms(reference_date=date(2025, 1, 9))), "time_served")
    assert day_before.outcome is Outcome.FAIL
    assert "còn thiếu 1 ngày" in day_before.reason and day_before.facts["short_days"] == 1


def test_pre_trial_detention_and_reductions_count_as_served():
    terms = Terms(reference_date=date(2025, 1, 1))  # 9 days short without them
    assert _finding(_verdict(_facts(), terms), "time_served").facts["short_days"] == 9
    assert _finding(_verdict(_facts(pretrial_days=5), terms), "time_served").facts["short_days"] == 4
    credited = _facts(pretrial_days=5, reduction_days=4)
    assert _finding(_verdict(credited, terms), "time_served").outcome is Outcome.PASS
    reduced = _facts(reduction_months=1)  # a reduction of a month: due on 10 December 2024
    assert (
        _finding(_verdict(reduced, Terms(reference_date=date(2024, 12, 10))), "time_served").outcome
        is Outcome.PASS
    )
    assert (
        _finding(_verdict(reduced, Terms(reference_date=date(2024, 12, 9))), "time_served").outcome
        is Outcome.FAIL
    )


def test_a_sentence_starting_after_the_reference_date_has_served_nothing():
    late = _finding(_verdict(_facts(start=REFERENCE + timedelta(days=1))), "time_served")
    assert late.outcome is Outcome.FAIL and "sau mốc" in late.reason
    same_day = _finding(_verdict(_facts(start=REFERENCE)), "time_served")
    assert same_day.outcome is Outcome.FAIL and same_day.facts["served"] == "0 ngày"


@pytest.mark.parametrize(
    ("reference", "special", "expected"),
    [
        (date(2024, 9, 2), [], Outcome.PASS),  # 14 years to the day
        (date(2024, 9, 1), [], Outcome.FAIL),  # a day short
        (date(2022, 9, 2), ["lap-cong"], Outcome.PASS),  # a special case: 12 years
        (date(2022, 9, 1), ["lap-cong"], Outcome.FAIL),
    ],
)
def test_a_life_sentence_commuted_needs_14_years_or_12_in_a_special_case(reference, special, expected):
    facts = _facts(kind=rules.LIFE_COMMUTED, term_months=240, start=date(2010, 9, 2), special=special)
    finding = _finding(_verdict(facts, Terms(reference_date=reference)), "time_served")
    assert finding.outcome is expected, finding.reason


def test_the_special_cases_serve_a_quarter_and_age_is_read_from_the_dates():
    """A quarter of 3 years is 9 months: reached on 10 October 2024."""
    terms = Terms(reference_date=date(2024, 10, 10))
    assert _finding(_verdict(_facts(), terms), "time_served").outcome is Outcome.FAIL
    assert (
        _finding(_verdict(_facts(special=["benh-hiem-ngheo"]), terms), "time_served").outcome is Outcome.PASS
    )
    seventy = _facts(birth=date(1954, 10, 10))  # 70 on the reference date
    assert _finding(_verdict(seventy, terms), "time_served").facts["special"] == ["tu-70"]
    sixty_nine = _facts(birth=date(1954, 10, 11), special=["tu-70"])  # declared, but the date says 69
    assert _finding(_verdict(sixty_nine, terms), "time_served").outcome is Outcome.FAIL
    minor = _facts(birth=date(2005, 6, 2), offence_date=date(2023, 6, 1))  # 17 at the offence
    assert _finding(_verdict(minor, terms), "time_served").facts["special"] == ["duoi-18"]
    adult = _facts(birth=date(2005, 6, 1), offence_date=date(2023, 6, 1))  # 18 that day
    assert _finding(_verdict(adult, terms), "time_served").facts["special"] == []
    year_only = _facts(birth=date(2005, 1, 1), birth_year_only=True, offence_date=date(2023, 6, 1))
    assert _finding(_verdict(year_only, terms), "time_served").facts["special"] == [
        "duoi-18"
    ]  # read as 31/12
    narrow = Terms(reference_date=date(2024, 10, 10), special_cases=("lap-cong",))
    assert (
        _finding(_verdict(_facts(special=["benh-hiem-ngheo"]), narrow), "time_served").outcome is Outcome.FAIL
    )


def test_a_group_of_the_decision_serves_more():
    """The decision asks half of a term of 20 years or more, and 2/5 for drug trafficking (Điều 251)."""
    terms = Terms(
        reference_date=date(2025, 1, 10),
        groups=(
            Group("Án từ 20 năm", Fraction(1, 2), min_months=240),
            Group("Mua bán trái phép chất ma túy", Fraction(2, 5), articles=("251",)),
        ),
    )
    assert _finding(_verdict(_facts(), terms), "time_served").outcome is Outcome.PASS  # theft: a third
    drugs = _finding(_verdict(_facts(articles=["251.1"]), terms), "time_served")
    assert drugs.outcome is Outcome.FAIL and "2/5" in drugs.reason  # 14 months 12 days are needed
    long_term = _facts(term_months=240, start=date(2015, 1, 10))
    assert _finding(_verdict(long_term, terms), "time_served").outcome is Outcome.PASS  # 10 years to the day
    assert (
        _finding(_verdict(dict(long_term, start=date(2015, 1, 11)), terms), "time_served").outcome
        is Outcome.FAIL
    )


@pytest.mark.parametrize(
    ("overrides", "code", "expected"),
    [
        ({"bad_quarters": 1}, "conduct", Outcome.FAIL),
        ({"bad_quarters": None}, "conduct", Outcome.REVIEW),
        ({"civil": rules.CIVIL_NOT_DONE}, "civil", Outcome.FAIL),
        ({"civil": rules.CIVIL_HARDSHIP}, "civil", Outcome.PASS),
        ({"civil": rules.CIVIL_WAIVED}, "civil", Outcome.PASS),
        ({"civil": ""}, "civil", Outcome.REVIEW),
        ({"articles": ["355"], "fines_paid": True, "fees_paid": False}, "civil", Outcome.FAIL),
        ({"articles": ["355"], "fines_paid": True, "fees_paid": True}, "civil", Outcome.PASS),
        ({"residence": False}, "residence", Outcome.FAIL),
        ({"residence": None}, "residence", Outcome.REVIEW),
        ({"articles": ["109"]}, "not_excluded", Outcome.FAIL),  # national security
        ({"articles": ["299.1"]}, "not_excluded", Outcome.FAIL),  # terrorism, a clause of it
        ({"cassation_protest": True}, "not_excluded", Outcome.FAIL),
        ({"prosecuted": True}, "not_excluded", Outcome.FAIL),
        ({"amnestied_before": "Quyết định 2232/2015/QĐ-CTN"}, "not_excluded", Outcome.FAIL),
        ({"prior_convictions": 1}, "not_excluded", Outcome.PASS),
        ({"prior_convictions": 2}, "not_excluded", Outcome.FAIL),
        ({"articles": []}, "not_excluded", Outcome.REVIEW),
    ],
)
def test_each_condition_of_articles_11_and_12(overrides, code, expected):
    finding = _finding(_verdict(_facts(**overrides)), code)
    assert finding.outcome is expected, finding.reason


def test_an_entry_covers_its_clauses_and_a_clause_only_itself():
    assert rules.covers(["251"], "251.4") and rules.covers(["251"], "251")
    assert rules.covers(["134.4"], "134.4") and not rules.covers(["134.4"], "134.1")
    assert not rules.covers(["25"], "251")
    assert rules.articles_of("173; Điều 251 khoản 4, 134.2") == ["173", "251.4", "134.2"]


def test_the_campaign_says_whom_it_is_for():
    suspended = _facts(kind=rules.SUSPENDED)
    assert _finding(_verdict(suspended), "kind").outcome is Outcome.FAIL
    with_them = Terms(reference_date=REFERENCE, kinds=(rules.FIXED, rules.LIFE_COMMUTED, rules.SUSPENDED))
    assert _verdict(suspended, with_them).outcome is Outcome.PASS


def test_an_amnesty_in_a_special_case_sets_the_conditions_aside():
    terms = Terms(reference_date=REFERENCE, special_amnesty=True, special_reason="Yêu cầu đối ngoại")
    excluded = _facts(articles=["109"], bad_quarters=3, start=REFERENCE)
    verdict = _verdict(excluded, terms)
    assert verdict.outcome is Outcome.PASS
    assert [f.code for f in verdict.findings] == ["kind", "special_amnesty"]
    assert "Yêu cầu đối ngoại" in _finding(verdict, "special_amnesty").reason


def test_a_prisoner_meeting_every_condition_passes_with_every_criterion_listed():
    verdict = _verdict(_facts())
    assert verdict.outcome is Outcome.PASS, verdict.reasons
    assert [f.code for f in verdict.findings] == [
        "kind", "time_served", "conduct", "civil", "residence", "not_excluded",
    ]  # fmt: skip


fractions = st.sampled_from([Fraction(1, 3), Fraction(1, 4), Fraction(2, 5), Fraction(1, 2)])


@given(
    start=st.dates(date(2000, 1, 1), date(2025, 1, 1)),
    term=st.integers(1, 360),
    fraction=fractions,
    credited=st.integers(0, 900),
)
def test_the_due_day_passes_and_the_day_before_does_not(start, term, fraction, credited):
    facts = _facts(start=start, term_months=term, pretrial_days=credited)
    months, days = rules.part_of_term(term, fraction)
    due = rules.reached_on(start, months, days, credited_days=credited)
    if due < start or due < date(2000, 1, 2):
        return
    terms = Terms(reference_date=max(due, start), fraction=fraction)
    assert _finding(_verdict(facts, terms), "time_served").outcome is Outcome.PASS
    if due - timedelta(days=1) >= start:
        before = Terms(reference_date=due - timedelta(days=1), fraction=fraction)
        assert _finding(_verdict(facts, before), "time_served").outcome is Outcome.FAIL


@given(
    fraction=fractions,
    life=st.integers(10, 20),
    excluded=st.lists(st.sampled_from(["109", "123", "251.4", "353"]), unique=True),
    special=st.booleans(),
)
def test_the_terms_survive_being_stored(fraction, life, excluded, special):
    terms = Terms(
        reference_date=REFERENCE,
        fraction=fraction,
        life_years=life,
        groups=(Group("Ma túy", Fraction(2, 5), ("251",), 0),),
        excluded_articles=tuple(excluded),
        special_amnesty=special,
        special_reason="x" if special else "",
    )
    assert Terms.from_dict(terms.as_dict()) == terms
