"""The appraisal engine: verdicts add up their criteria, rule sets are chosen by date, unverified numbers
never pass on their own."""

from datetime import date

import pytest

from chancery.appraisal.engine import (
    Criterion,
    Outcome,
    Parameter,
    RuleBook,
    RuleSet,
    any_of,
    appraise,
    failed,
    passed,
    review,
)


def _criterion(code: str, outcome: Outcome) -> Criterion:
    result = {Outcome.PASS: passed, Outcome.FAIL: failed, Outcome.REVIEW: review}[outcome]
    return Criterion(code, code.title(), "Điều 1", lambda facts, params: result(f"{code} {outcome}"))


def _rule_set(
    *outcomes: Outcome,
    version: str = "1",
    start: date = date(2024, 1, 1),
    end: date | None = None,
    parameters: tuple[Parameter, ...] = (),
) -> RuleSet:
    criteria = tuple(_criterion(f"c{i}", o) for i, o in enumerate(outcomes))
    return RuleSet("x", version, "X", "law", start, end, criteria, parameters)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ((Outcome.PASS, Outcome.PASS), Outcome.PASS),
        ((Outcome.PASS, Outcome.REVIEW), Outcome.REVIEW),
        ((Outcome.REVIEW, Outcome.FAIL), Outcome.FAIL),
        ((Outcome.FAIL, Outcome.PASS), Outcome.FAIL),
    ],
)
def test_a_verdict_fails_on_any_failure_else_needs_review_on_any_doubt(outcomes, expected):
    verdict = appraise(_rule_set(*outcomes), {})
    assert verdict.outcome is expected
    assert [f.code for f in verdict.findings] == ["c0", "c1"]  # every criterion is listed


def test_the_reasons_a_person_reads_are_the_failed_and_doubtful_ones():
    verdict = appraise(_rule_set(Outcome.PASS, Outcome.FAIL, Outcome.REVIEW), {})
    assert verdict.reasons == ["C1: c1 fail", "C2: c2 review"]


def test_a_missing_fact_is_a_doubt_not_a_crash():
    criterion = Criterion("needs", "Needs", "", lambda facts, params: passed(str(facts["absent"])))
    finding = criterion.apply({}, {})
    assert finding.outcome is Outcome.REVIEW
    assert "absent" in finding.reason


def test_any_of_passes_on_one_option_and_fails_with_every_reason():
    options = [_criterion("a", Outcome.FAIL), _criterion("b", Outcome.PASS)]
    assert any_of("o", "O", "", options).apply({}, {}).outcome is Outcome.PASS
    both_fail = any_of("o", "O", "", [_criterion("a", Outcome.FAIL), _criterion("b", Outcome.FAIL)]).apply(
        {}, {}
    )
    assert both_fail.outcome is Outcome.FAIL
    assert "a fail" in both_fail.reason and "b fail" in both_fail.reason
    doubt = any_of("o", "O", "", [_criterion("a", Outcome.FAIL), _criterion("b", Outcome.REVIEW)]).apply(
        {}, {}
    )
    assert doubt.outcome is Outcome.REVIEW


def test_an_unverified_parameter_turns_a_pass_into_needs_review():
    rule_set = _rule_set(Outcome.PASS, parameters=(Parameter("n", 5, "Số năm", "Điều 1", verified=False),))
    verdict = appraise(rule_set, {})
    assert verdict.outcome is Outcome.REVIEW
    assert "Số năm" in verdict.reasons[0]


def test_the_rule_set_in_force_on_the_proposal_date_applies():
    old = _rule_set(Outcome.FAIL, version="old", start=date(2017, 10, 1), end=date(2023, 12, 31))
    new = _rule_set(Outcome.PASS, version="new", start=date(2024, 1, 1))
    book = RuleBook([new, old])
    assert book.appraise("x", date(2023, 12, 31), {}).version == "old"
    assert book.appraise("x", date(2024, 1, 1), {}).version == "new"
    assert book.appraise("x", date(2023, 12, 31), {}).outcome is Outcome.FAIL
    undated = book.appraise("x", date(2017, 9, 30), {})
    assert undated.outcome is Outcome.REVIEW and "30/09/2017" in undated.reasons[0]
    assert book.appraise("unknown", date(2024, 1, 1), {}).outcome is Outcome.REVIEW


def test_overlapping_versions_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        RuleBook(
            [_rule_set(version="a", start=date(2020, 1, 1)), _rule_set(version="b", start=date(2024, 1, 1))]
        )
