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


def _threshold_rule_set(*, verified: bool) -> RuleSet:
    """One criterion that compares a count with a threshold, and one that fails before reading any."""

    def count(facts, params):
        if facts["years"] < params["years"]:
            return failed(f"Chỉ có {facts['years']} năm (cần {params['years']}).")
        return passed(f"{facts['years']} năm.")

    def on_file(facts, params):
        return passed("Có hồ sơ.") if facts.get("on_file") else failed("Không có hồ sơ.")

    return RuleSet(
        "x",
        "1",
        "X",
        "law",
        date(2024, 1, 1),
        None,
        (Criterion("years", "Số năm", "Điều 1", count), Criterion("file", "Hồ sơ", "Điều 2", on_file)),
        (Parameter("years", 5, "Số năm hoàn thành xuất sắc", "Điều 1", verified=verified),),
    )


def test_a_failure_on_an_unverified_threshold_goes_to_a_person_with_the_threshold_named():
    verdict = appraise(_threshold_rule_set(verified=False), {"years": 4, "on_file": True})
    assert verdict.outcome is Outcome.REVIEW, verdict.reasons
    finding = verdict.findings[0]
    assert finding.outcome is Outcome.REVIEW
    assert "Chỉ có 4 năm (cần 5)" in finding.reason
    assert "“Số năm hoàn thành xuất sắc” (5) chưa được đối chiếu văn bản: cần người xem xét" in finding.reason
    assert finding.facts["unverified"] == ["years"]


def test_a_failure_on_a_verified_threshold_or_on_no_threshold_still_fails():
    assert appraise(_threshold_rule_set(verified=True), {"years": 4, "on_file": True}).outcome is Outcome.FAIL
    no_file = appraise(_threshold_rule_set(verified=False), {"years": 9, "on_file": False})
    assert no_file.outcome is Outcome.FAIL  # the missing file fails whatever the threshold
    assert no_file.findings[1].outcome is Outcome.FAIL


def test_the_summary_of_reasons_has_no_stray_punctuation():
    verdict = appraise(_rule_set(Outcome.PASS, Outcome.FAIL, Outcome.REVIEW), {})
    assert verdict.summary == "C1: c1 fail; C2: c2 review."
    dotted = appraise(_threshold_rule_set(verified=True), {"years": 4, "on_file": False})
    assert ".;" not in dotted.summary and ". ;" not in dotted.summary
    assert dotted.summary == "Số năm: Chỉ có 4 năm (cần 5); Hồ sơ: Không có hồ sơ."


def test_a_date_out_of_range_is_a_doubt_in_vietnamese_not_a_crash():
    from datetime import timedelta

    criterion = Criterion(
        "far", "Xa", "", lambda facts, params: passed(str(date(2025, 1, 1) - timedelta(days=facts["days"])))
    )
    finding = criterion.apply({"days": 99_999_999}, {})
    assert finding.outcome is Outcome.REVIEW
    assert finding.reason == "Dữ liệu không hợp lệ để xét: đối chiếu hồ sơ."
    assert "out of range" in finding.facts["error"]  # kept for the developers, not shown as the reason
