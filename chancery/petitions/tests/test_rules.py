"""The law on petitions as pure rules: time limits by kind and instance, the complaint limitation period with
obstacles, extensions of a denunciation, and the path a checked petition takes."""

from dataclasses import fields
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chancery.casework.rules import ClockUnit
from chancery.core.workdays import WorkingCalendar
from chancery.petitions import rules
from chancery.petitions.rules import Facts, Ground, Kind, Path

NOT_GROUNDS = {"kind", "within_competence", "concrete_evidence", "civil_dispute", "instance"}
FLAGS = [f.name for f in fields(Facts) if f.name not in NOT_GROUNDS]
# 2026 as the Government decided it: Tết off Saturday 14 to Sunday 22 February (weekdays 16–20 off).
TET_2026 = WorkingCalendar(days_off=frozenset(date(2026, 2, d) for d in range(16, 21)))


def test_the_first_time_limit_depends_on_the_kind() -> None:
    assert rules.intake_period(Kind.DENUNCIATION).days == 7
    assert rules.intake_period(Kind.DENUNCIATION).unit == ClockUnit.WORKING
    assert rules.intake_period(Kind.DENUNCIATION, several_places=True).days == 10
    assert rules.intake_period(Kind.COMPLAINT) == rules.COMPLAINT_ACCEPTANCE
    assert rules.intake_period(Kind.COMPLAINT).unit == ClockUnit.CALENDAR
    assert rules.intake_period(Kind.RECOMMENDATION).days == rules.intake_period(Kind.REFLECTION).days == 10
    assert rules.DENUNCIATION_FORWARD.days == 5


@pytest.mark.parametrize(
    ("instance", "complex_case", "remote", "days"),
    [
        (1, False, False, 30),
        (1, True, False, 45),
        (1, False, True, 45),
        (1, True, True, 60),
        (2, False, False, 45),
        (2, True, False, 60),
        (2, False, True, 60),
        (2, True, True, 70),
    ],
)
def test_complaint_resolution_times_of_articles_28_and_37(instance, complex_case, remote, days) -> None:
    period = rules.complaint_resolution(instance=instance, complex_case=complex_case, remote_area=remote)
    assert period.days == days
    assert ("Điều 28" if instance == 1 else "Điều 37") in period.basis


def test_there_is_no_third_instance() -> None:
    with pytest.raises(ValueError, match="first or second"):
        rules.complaint_resolution(instance=3, complex_case=False, remote_area=False)


def test_denunciation_extensions_once_if_complex_twice_if_especially_complex() -> None:
    assert rules.check_denunciation_extension(days=30, already=0, especially_complex=False) is None
    assert rules.check_denunciation_extension(days=30, already=1, especially_complex=True) is None
    for days, already, especially, says in (
        (30, 1, False, "một lần"),
        (10, 2, True, "hai lần"),
        (31, 0, True, "30 ngày"),
        (0, 0, True, "30 ngày"),
    ):
        refusal = rules.check_denunciation_extension(
            days=days, already=already, especially_complex=especially
        )
        assert refusal is not None
        assert says in refusal


def test_the_limitation_period_is_ninety_days_from_the_day_after_knowing() -> None:
    # Known on 1 March 2026: day 1 is 2 March, day 90 is 30 May 2026.
    assert rules.complaint_limitation_end(date(2026, 3, 1)) == date(2026, 5, 30)
    assert rules.is_complaint_in_time(date(2026, 3, 1), date(2026, 5, 30))
    assert not rules.is_complaint_in_time(date(2026, 3, 1), date(2026, 5, 31))


def test_days_lost_to_an_obstacle_are_not_counted() -> None:
    # Ten days in hospital (10–19 March inclusive) push the end by ten days.
    end = rules.complaint_limitation_end(date(2026, 3, 1), [(date(2026, 3, 10), date(2026, 3, 19))])
    assert end == date(2026, 6, 9)
    # Overlapping obstacles count each day once; an obstacle before the period changes nothing.
    end = rules.complaint_limitation_end(
        date(2026, 3, 1),
        [
            (date(2026, 3, 10), date(2026, 3, 19)),
            (date(2026, 3, 15), date(2026, 3, 19)),
            (date(2026, 2, 1), date(2026, 2, 5)),
        ],
    )
    assert end == date(2026, 6, 9)
    with pytest.raises(ValueError, match="ends before"):
        rules.complaint_limitation_end(date(2026, 3, 1), [(date(2026, 3, 10), date(2026, 3, 9))])


@given(
    known=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    start=st.integers(min_value=0, max_value=120),
    length=st.integers(min_value=0, max_value=60),
)
def test_an_obstacle_inside_the_period_extends_it_by_its_length(known, start, length) -> None:
    from datetime import timedelta

    first = known + timedelta(days=1 + start)
    last = first + timedelta(days=length)
    plain = rules.complaint_limitation_end(known)
    with_obstacle = rules.complaint_limitation_end(known, [(first, last)])
    if first > plain:
        assert with_obstacle == plain  # the obstacle came after the period had ended
    else:
        assert with_obstacle == plain + timedelta(days=length + 1)


@given(
    kind=st.sampled_from(list(Kind)),
    within=st.booleans(),
    civil=st.booleans(),
    flags=st.sets(st.sampled_from(FLAGS)),
)
def test_the_path_of_a_checked_petition(kind, within, civil, flags) -> None:
    facts = Facts(kind=kind, within_competence=within, civil_dispute=civil, **dict.fromkeys(flags, True))
    decision = rules.decide(facts)
    complaint_only = {"resolved_final", "out_of_time", "not_directly_concerned", "before_court"}
    applicable = {f for f in flags if kind == Kind.COMPLAINT or f not in complaint_only}
    if applicable:
        assert decision.path == Path.STORE
        assert {g.value for g in decision.grounds} == applicable
        assert len(decision.reasons) == len(applicable)
    elif civil:  # a dispute between private parties goes to the court, whatever the check said of competence
        assert decision.path == Path.GUIDE and "Tòa án" in decision.notes[0]
    elif within:
        assert decision.path == Path.HANDLE
    elif kind == Kind.COMPLAINT:
        assert decision.path == Path.GUIDE
    else:
        assert decision.path == Path.FORWARD


def test_an_anonymous_denunciation_with_evidence_is_stored_but_passed_on_for_inspection() -> None:
    decision = rules.decide(Facts(kind=Kind.DENUNCIATION, anonymous=True, concrete_evidence=True))
    assert decision.path == Path.STORE
    assert decision.grounds == (Ground.ANONYMOUS,)
    assert "Điều 25" in decision.notes[0] and decision.transfer_for_inspection
    # Without evidence, or when another ground applies too, nothing is passed on.
    assert rules.decide(Facts(kind=Kind.DENUNCIATION, anonymous=True)).notes == ()
    assert not rules.decide(Facts(kind=Kind.DENUNCIATION, anonymous=True)).transfer_for_inspection
    assert (
        rules.decide(
            Facts(kind=Kind.DENUNCIATION, anonymous=True, concrete_evidence=True, insulting=True)
        ).notes
        == ()
    )
    # A complaint cannot be out of time unless it is a complaint.
    assert rules.decide(Facts(kind=Kind.REFLECTION, out_of_time=True)).path == Path.FORWARD


# --- every time limit, from the rules (issue 24) -------------------------------------------------------------


def test_a_complaint_received_on_12_february_2026_is_accepted_by_23_february() -> None:
    """Luật Khiếu nại 2011, Art. 27: 10 days from receipt, calendar days; day 10 is Sunday 22 February, the
    last day of Tết, so the period ends on the next working day (Bộ luật Dân sự 2015, Art. 148)."""
    (period,) = rules.intake_periods(Kind.COMPLAINT)
    assert period is rules.COMPLAINT_ACCEPTANCE and period.confirmed
    assert (period.days, period.unit) == (10, ClockUnit.CALENDAR)
    assert period.due(TET_2026, date(2026, 2, 12)) == date(2026, 2, 23)
    # not the 10 working days the Office's processing took before (5 March)
    assert period.due(TET_2026, date(2026, 2, 12)) != date(2026, 3, 5)


@given(start=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 20)))
def test_a_calendar_day_period_ends_on_its_tenth_day_or_the_next_working_day(start) -> None:
    due = rules.COMPLAINT_ACCEPTANCE.due(TET_2026, start)
    tenth = start + timedelta(days=10)
    assert TET_2026.is_working_day(due) and due >= tenth
    assert all(not TET_2026.is_working_day(tenth + timedelta(days=n)) for n in range((due - tenth).days))


def test_a_denunciation_is_checked_in_7_working_days_10_in_several_places_forwarded_in_5() -> None:
    assert rules.intake_periods(Kind.DENUNCIATION) == (rules.DENUNCIATION_INTAKE,)
    assert rules.intake_periods(Kind.DENUNCIATION, several_places=True)[0].days == 10
    # the same clock takes the longer length: one key
    assert rules.DENUNCIATION_INTAKE_SEVERAL_PLACES.key == rules.DENUNCIATION_INTAKE.key
    assert rules.intake_periods(Kind.DENUNCIATION, competent_elsewhere=True) == (rules.DENUNCIATION_FORWARD,)
    assert rules.intake_periods(Kind.COMPLAINT, competent_elsewhere=True) == (rules.COMPLAINT_ACCEPTANCE,)
    for period in (rules.DENUNCIATION_INTAKE, rules.DENUNCIATION_FORWARD, rules.RECOMMENDATION_PROCESSING):
        assert period.unit == ClockUnit.WORKING
    for kind in Kind:
        assert {p.key for p in rules.intake_periods(kind)} <= rules.INTAKE_KEYS


@given(instance=st.sampled_from([1, 2]), complex_case=st.booleans(), remote=st.booleans())
def test_a_handled_complaint_resolves_in_the_time_of_its_instance_and_facts(instance, complex_case, remote):
    period = rules.handling_period(
        Kind.COMPLAINT, instance=instance, complex_case=complex_case, remote_area=remote
    )
    assert period == rules.complaint_resolution(
        instance=instance, complex_case=complex_case, remote_area=remote
    )
    assert period.key == "complaint_resolution" and period.unit == ClockUnit.CALENDAR and period.confirmed
    plain = rules.complaint_resolution(instance=instance, complex_case=False, remote_area=False)
    assert period.days >= plain.days
    assert period.days == plain.days + 15 * complex_case + 15 * remote - (
        5 if instance == 2 and complex_case and remote else 0
    )
    assert rules.complaint_resolution(instance=2, complex_case=complex_case, remote_area=remote).days > (
        rules.complaint_resolution(instance=1, complex_case=complex_case, remote_area=remote).days
    )


def test_a_handled_denunciation_or_recommendation_has_its_own_time() -> None:
    assert rules.handling_period(Kind.DENUNCIATION) is rules.DENUNCIATION_RESOLUTION
    assert rules.handling_period(Kind.RECOMMENDATION) is rules.RECOMMENDATION_ANSWER
    assert rules.handling_period(Kind.REFLECTION) is rules.RECOMMENDATION_ANSWER
    assert rules.RECOMMENDATION_ANSWER.key not in rules.INTAKE_KEYS


@given(
    known=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    late_by=st.integers(min_value=0, max_value=120),
    remote=st.booleans(),
)
def test_a_second_complaint_has_30_days_45_in_remote_areas_a_first_90(known, late_by, remote) -> None:
    lodged = known + timedelta(days=late_by)
    second = rules.is_complaint_in_time(known, lodged, instance=2, remote_area=remote)
    assert second == (late_by <= (45 if remote else 30))
    assert rules.is_complaint_in_time(known, lodged, instance=1, remote_area=remote) == (late_by <= 90)


def test_a_second_complaint_49_days_after_the_first_decision_is_out_of_time() -> None:
    known = date(2026, 1, 5)
    lodged = known + timedelta(days=49)
    assert rules.is_complaint_in_time(known, lodged)  # the 90 days of Art. 9 would have let it in
    assert not rules.is_complaint_in_time(known, lodged, instance=2)
    assert not rules.is_complaint_in_time(known, lodged, instance=2, remote_area=True)
    decision = rules.decide(Facts(kind=Kind.COMPLAINT, instance=2, out_of_time=True))
    assert decision.path == Path.STORE and decision.grounds == (Ground.OUT_OF_TIME_SECOND,)
    assert "Điều 33" in decision.reasons[0]
    assert rules.complaint_time_limit(instance=2, remote_area=True) == (45, "Luật Khiếu nại 2011, Điều 33")


def test_an_obstacle_excuses_the_days_of_a_second_complaint_too() -> None:
    known = date(2026, 1, 5)
    ill = [(date(2026, 1, 10), date(2026, 1, 29))]  # twenty days in hospital
    assert rules.complaint_limitation_end(known, ill, instance=2) == known + timedelta(days=50)


@given(
    kind=st.sampled_from(
        [
            rules.COMPLAINT_ACCEPTANCE.key,
            "complaint_resolution",
            rules.DENUNCIATION_INTAKE.key,
            rules.DENUNCIATION_FORWARD.key,
            rules.RECOMMENDATION_PROCESSING.key,
            rules.RECOMMENDATION_ANSWER.key,
            "agency_answer",
        ]
    ),
    days=st.integers(min_value=1, max_value=30),
)
def test_only_a_denunciations_resolution_is_extended(kind, days) -> None:
    refusal = rules.check_extension(kind, days=days, already=0, especially_complex=True)
    assert refusal is not None and refusal.endswith(".")
    assert (
        rules.check_extension(
            rules.DENUNCIATION_RESOLUTION.key, days=days, already=0, especially_complex=False
        )
        is None
    )


def test_a_complaints_extension_is_refused_with_the_article() -> None:
    refusal = rules.check_extension("complaint_resolution", days=15, already=0, especially_complex=False)
    assert refusal is not None and "Điều 28" in refusal and "phức tạp" in refusal


def test_the_agency_is_asked_to_answer_within_the_periods_the_law_gives_it() -> None:
    calendar = WorkingCalendar()
    # a denunciation forwarded on Thursday 5 November 2026: accepted by 16 November (7 working days),
    # resolved 30 days later, 16 December
    assert rules.agency_answer_by(calendar, Kind.DENUNCIATION, date(2026, 11, 5)) == date(2026, 12, 16)
    assert rules.agency_answer_by(calendar, Kind.RECOMMENDATION, date(2026, 11, 5)) == date(2026, 11, 19)
    assert rules.agency_answer_by(calendar, Kind.COMPLAINT, date(2026, 11, 5)) is None
    period = rules.agency_answer_period("UBND", date(2026, 11, 5), date(2026, 11, 19))
    assert (period.key, period.days, period.unit) == ("agency_answer", 14, ClockUnit.CALENDAR)


def test_the_rule_book_names_every_time_limit_with_its_article_and_flags_the_unconfirmed() -> None:
    book = rules.rule_book()
    assert all(e.period.basis and e.starts and e.applies for e in book)
    unconfirmed = {e.period.key for e in book if not e.period.confirmed}
    assert {"denunciation_intake", "denunciation_forward", "recommendation_processing"} <= unconfirmed
    assert all("chưa đối chiếu" in e.period.basis for e in book if not e.period.confirmed)
    confirmed = {e.period.key for e in book if e.period.confirmed}
    assert {
        "complaint_acceptance",
        "complaint_resolution",
        "denunciation_resolution",
        "limitation",
    } <= confirmed
    assert len([e for e in book if e.period.key == "complaint_resolution"]) == 8


@pytest.mark.parametrize(
    ("kind", "agency", "civil", "expected"),
    [
        (
            rules.Kind.COMPLAINT,
            "Ủy ban nhân dân tỉnh Nghệ An",
            False,
            "Chủ tịch Ủy ban nhân dân tỉnh Nghệ An",
        ),
        (rules.Kind.COMPLAINT, "Uỷ ban nhân dân xã Hòa Bình", False, "Chủ tịch Uỷ ban nhân dân xã Hòa Bình"),
        (rules.Kind.DENUNCIATION, "Bộ Tài chính", False, "Bộ trưởng Bộ Tài chính"),
        (rules.Kind.COMPLAINT, "Bộ Chỉ huy Quân sự tỉnh", False, "Bộ Chỉ huy Quân sự tỉnh"),
        (rules.Kind.RECOMMENDATION, "Ủy ban nhân dân tỉnh Nghệ An", False, "Ủy ban nhân dân tỉnh Nghệ An"),
        (rules.Kind.COMPLAINT, None, False, "cơ quan có thẩm quyền"),
        (rules.Kind.COMPLAINT, "Ủy ban nhân dân tỉnh Nghệ An", True, "Tòa án nhân dân có thẩm quyền"),
        (rules.Kind.DENUNCIATION, None, True, "Tòa án nhân dân có thẩm quyền"),
        (rules.Kind.COMPLAINT, "Tòa án nhân dân quận Ba Đình", True, "Tòa án nhân dân quận Ba Đình"),
    ],
)
def test_whom_a_guide_letter_sends_the_citizen_to(kind, agency, civil, expected) -> None:
    """Luật Khiếu nại 2011 Art. 17-21: the head of the body decides a complaint; a civil dispute is the
    courts' whatever agency was chosen (letters.guided_to calls this rule)."""
    assert rules.guided_to(kind, agency, civil_dispute=civil) == expected
