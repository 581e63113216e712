"""The conditions of amnesty at their boundaries: a day short of the fraction and the day it is reached, the
reference date itself, pre-trial detention and reductions counted, life sentences commuted, the special
cases and the groups with a higher fraction, the exclusions of Điều 12, and an amnesty in a special case."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
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


def test_pre_trial_detention_counts_as_served_and_reductions_too_where_the_campaign_adds_them():
    adding = Terms(reference_date=date(2025, 1, 1), reductions=rules.REDUCTIONS_ADDED)  # 9 days short
    assert _finding(_verdict(_facts(), adding), "time_served").facts["short_days"] == 9
    assert _finding(_verdict(_facts(pretrial_days=5), adding), "time_served").facts["short_days"] == 4
    credited = _facts(pretrial_days=5, reduction_days=4)
    assert _finding(_verdict(credited, adding), "time_served").outcome is Outcome.PASS
    reduced = _facts(reduction_months=1)  # a reduction of a month: due on 10 December 2024
    on_the_day = Terms(reference_date=date(2024, 12, 10), reductions=rules.REDUCTIONS_ADDED)
    assert _finding(_verdict(reduced, on_the_day), "time_served").outcome is Outcome.PASS
    day_before = Terms(reference_date=date(2024, 12, 9), reductions=rules.REDUCTIONS_ADDED)
    assert _finding(_verdict(reduced, day_before), "time_served").outcome is Outcome.FAIL


def test_by_default_reductions_are_deducted_from_the_remaining_sentence_not_counted_as_served():
    """Hướng dẫn 94/HD-HĐTVĐX (2025, đợt 2): time served is the time actually detained and served; the
    reductions come off what remains. The month of reduction that reached a third on 10/12/2024 when added
    no longer does: the third is reached on 10/01/2025 as without it."""
    reduced = _facts(reduction_months=1, pretrial_days=5)
    assert Terms(reference_date=REFERENCE).reductions == rules.REDUCTIONS_DEDUCTED
    early = _finding(_verdict(reduced, Terms(reference_date=date(2024, 12, 10))), "time_served")
    assert early.outcome is Outcome.FAIL and early.facts["due"] == "2025-01-05"
    on_the_day = _finding(_verdict(reduced, Terms(reference_date=date(2025, 1, 5))), "time_served")
    assert on_the_day.outcome is Outcome.PASS
    assert "trừ vào thời hạn còn lại" in on_the_day.reason


def test_the_councils_example_twelve_years_nine_served_two_reduced_leaves_one():
    """The guidance's example: 12 years, 9 served at 31/08/2025, 2 years of reductions: a year remains."""
    facts = _facts(term_months=144, start=date(2016, 8, 31), reduction_months=24)
    finding = _finding(_verdict(facts), "time_served")
    assert finding.outcome is Outcome.PASS, finding.reason
    assert (finding.facts["served"], finding.facts["remaining"]) == ("9 năm", "1 năm")
    assert (
        finding.facts["served_days"] + finding.facts["remaining_days"] + finding.facts["reduction_days"]
        == (finding.facts["term_days"])
    )


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"term_months": 12, "pretrial_days": 4000}, "tạm giữ, tạm giam"),
        ({"term_months": 12, "reduction_months": 24}, "được giảm"),
        ({"term_months": 12, "reduction_months": 12}, "được giảm"),
        ({"term_months": 12, "start": date(2024, 1, 10), "reduction_months": 6}, "đã chấp hành xong"),
    ],
)
def test_credits_beyond_the_term_go_to_a_person_with_the_reason(overrides, words):
    for reductions in (rules.REDUCTIONS_DEDUCTED, rules.REDUCTIONS_ADDED):
        finding = _finding(
            _verdict(_facts(**overrides), Terms(reference_date=REFERENCE, reductions=reductions)),
            "time_served",
        )
        assert finding.outcome is Outcome.REVIEW, finding.reason
        assert words in finding.reason


def test_credits_just_inside_the_term_are_judged_as_usual():
    """A 3-year term with 11 months of reductions still has time to serve at the reference date (its end
    moves from 10/01/2027 to 10/02/2026), and so does a 12-month term with 300 days of pre-trial detention:
    both are judged as usual."""
    inside = _facts(term_months=36, start=date(2024, 1, 10), reduction_months=11)
    finding = _finding(_verdict(inside), "time_served")
    assert finding.outcome is Outcome.PASS, finding.reason
    pretrial_inside = _facts(term_months=12, start=date(2025, 8, 1), pretrial_days=300)
    assert _finding(_verdict(pretrial_inside), "time_served").outcome is Outcome.PASS


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
    if rules.add_months(start, term) - timedelta(days=credited) <= max(due, start):
        return  # the whole term served by then: a person looks (test_credits_beyond_the_term...)
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


# --- consecutive quarters rated khá or tốt by sentence band (the campaign's decision) ------------------------

BANDS = Terms(
    reference_date=REFERENCE,
    quarter_bands=(
        rules.QuarterBand(36, 2),
        rules.QuarterBand(120, 8),
        rules.QuarterBand(180, 12),
        rules.QuarterBand(None, 16),
    ),
    life_quarters=18,
)


@pytest.mark.parametrize(
    ("term", "kind", "quarters", "expected"),
    [
        (36, rules.FIXED, 2, Outcome.PASS),  # up to 3 years: 2 quarters
        (36, rules.FIXED, 1, Outcome.FAIL),
        (37, rules.FIXED, 2, Outcome.FAIL),  # above 3 years: 8 quarters
        (37, rules.FIXED, 8, Outcome.PASS),
        (120, rules.FIXED, 8, Outcome.PASS),
        (121, rules.FIXED, 11, Outcome.FAIL),  # above 10 years: 12
        (121, rules.FIXED, 12, Outcome.PASS),
        (181, rules.FIXED, 15, Outcome.FAIL),  # above 15 years: 16
        (181, rules.FIXED, 16, Outcome.PASS),
        (300, rules.LIFE_COMMUTED, 17, Outcome.FAIL),  # a life sentence commuted: 18
        (300, rules.LIFE_COMMUTED, 18, Outcome.PASS),
    ],
)
def test_the_quarters_required_at_each_edge_of_the_bands(term, kind, quarters, expected):
    facts = _facts(
        term_months=term, kind=kind, start=date(2000, 1, 1), good_quarters=quarters, rated_since=True
    )
    finding = _finding(_verdict(facts, BANDS), "conduct")
    assert finding.outcome is expected, finding.reason


def test_the_rating_up_to_the_councils_meeting_counts_too():
    base = _facts(term_months=36, good_quarters=4, bad_quarters=1)  # an old bad quarter: not consecutive
    assert _finding(_verdict(dict(base, rated_since=True), BANDS), "conduct").outcome is Outcome.PASS
    since = _finding(_verdict(dict(base, rated_since=False), BANDS), "conduct")
    assert since.outcome is Outcome.FAIL and "đến ngày họp xét" in since.reason
    assert _finding(_verdict(dict(base, rated_since=None), BANDS), "conduct").outcome is Outcome.REVIEW
    assert _finding(_verdict(dict(base, good_quarters=None, rated_since=True), BANDS), "conduct").outcome is (
        Outcome.REVIEW
    )


def test_more_quarters_than_the_time_served_allows_go_to_a_person():
    claimed = _facts(term_months=36, start=date(2025, 2, 1), good_quarters=8, rated_since=True)
    finding = _finding(_verdict(claimed, BANDS), "conduct")
    assert finding.outcome is Outcome.REVIEW and "nhiều hơn" in finding.reason


def test_a_band_table_with_a_gap_sends_the_sentence_to_a_person():
    gap = Terms(reference_date=REFERENCE, quarter_bands=(rules.QuarterBand(36, 2),))
    facts = _facts(term_months=60, start=date(2000, 1, 1), good_quarters=40, rated_since=True)
    assert _finding(_verdict(facts, gap), "conduct").outcome is Outcome.REVIEW


def test_without_a_band_table_every_quarter_must_be_rated_khá_or_tốt():
    assert _finding(_verdict(_facts(bad_quarters=1, good_quarters=40)), "conduct").outcome is Outcome.FAIL


# --- Điều 22: a postponed sentence and a life sentence not commuted ----------------------------------------

SPECIAL = Terms(
    reference_date=REFERENCE,
    kinds=(rules.FIXED, rules.POSTPONED, rules.SUSPENDED, rules.LIFE),
    special_amnesty=True,
    special_reason="Yêu cầu đối ngoại của Nhà nước",
)


@pytest.mark.parametrize("kind", [rules.POSTPONED, rules.LIFE])
def test_a_postponed_or_a_life_sentence_is_amnestied_only_in_a_special_case(
    kind,
):
    facts = _facts(kind=kind, term_months=0 if kind == rules.LIFE else 36, start=None)
    ordinary = _finding(
        _verdict(facts, Terms(reference_date=REFERENCE, kinds=(*rules.ORDINARY_KINDS,))), "kind"
    )
    assert ordinary.outcome is Outcome.FAIL and "Điều 22" in ordinary.reason
    special = _verdict(facts, SPECIAL)
    assert special.outcome is Outcome.PASS, special.reasons
    assert [f.code for f in special.findings] == ["kind", "special_amnesty"]
    narrow = Terms(
        reference_date=REFERENCE, kinds=(rules.FIXED,), special_amnesty=True, special_reason="x" * 12
    )
    assert _finding(_verdict(facts, narrow), "kind").outcome is Outcome.FAIL


# --- the arithmetic of time served, over many cases --------------------------------------------------------


@settings(deadline=None)  # pure arithmetic; the shared machine's load must not fail it
@given(
    start=st.dates(date(2005, 1, 1), date(2025, 8, 31)),
    term=st.integers(1, 360),
    pretrial=st.integers(0, 5000),
    reduction_months=st.integers(0, 120),
    reduction_days=st.integers(0, 90),
)
def test_served_remaining_and_reductions_make_up_the_term_and_never_pass_beyond_it(
    start, term, pretrial, reduction_months, reduction_days
):
    facts = _facts(
        start=start,
        term_months=term,
        pretrial_days=pretrial,
        reduction_months=reduction_months,
        reduction_days=reduction_days,
    )
    deducted = _finding(_verdict(facts), "time_served")
    added = _finding(
        _verdict(facts, Terms(reference_date=REFERENCE, reductions=rules.REDUCTIONS_ADDED)), "time_served"
    )
    for finding in (deducted, added):
        used = finding.facts
        if "term_days" in used:
            assert used["served_days"] + used["remaining_days"] + used["reduction_days"] == used["term_days"]
        if finding.outcome is Outcome.PASS:  # credits never carry anyone past the end of the term
            assert used["remaining_days"] > 0 and used["served_days"] < used["term_days"]
            assert pretrial < used["term_days"]
    if deducted.outcome is Outcome.PASS:
        assert added.outcome is Outcome.PASS  # deducting is never the kinder reading
    if deducted.outcome is not Outcome.REVIEW and added.outcome is not Outcome.REVIEW:
        assert deducted.facts["served_days"] <= added.facts["counted_days"]


def test_credits_out_of_any_calendar_are_a_doubt_not_a_crash():
    """A reduction of 99,999,999 days (a hostile or broken list reaching the rule) used to stop the whole
    appraisal with an OverflowError."""
    verdict = _verdict(_facts(reduction_days=99_999_999))
    finding = _finding(verdict, "time_served")
    assert finding.outcome is Outcome.REVIEW and "đối chiếu" in finding.reason
