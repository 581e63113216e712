"""The law on petitions as pure rules: time limits by kind and instance, the complaint limitation period with
obstacles, extensions of a denunciation, and the path a checked petition takes."""

from dataclasses import fields
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chancery.casework.rules import ClockUnit
from chancery.petitions import rules
from chancery.petitions.rules import Facts, Ground, Kind, Path

FLAGS = [f.name for f in fields(Facts) if f.name not in {"kind", "within_competence", "concrete_evidence"}]


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


@given(kind=st.sampled_from(list(Kind)), within=st.booleans(), flags=st.sets(st.sampled_from(FLAGS)))
def test_the_path_of_a_checked_petition(kind, within, flags) -> None:
    facts = Facts(kind=kind, within_competence=within, **dict.fromkeys(flags, True))
    decision = rules.decide(facts)
    complaint_only = {"resolved_final", "out_of_time", "not_directly_concerned", "before_court"}
    applicable = {f for f in flags if kind == Kind.COMPLAINT or f not in complaint_only}
    if applicable:
        assert decision.path == Path.STORE
        assert {g.value for g in decision.grounds} == applicable
        assert len(decision.reasons) == len(applicable)
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
    assert "Điều 25" in decision.notes[0]
    # Without evidence, or when another ground applies too, nothing is passed on.
    assert rules.decide(Facts(kind=Kind.DENUNCIATION, anonymous=True)).notes == ()
    assert (
        rules.decide(
            Facts(kind=Kind.DENUNCIATION, anonymous=True, concrete_evidence=True, insulting=True)
        ).notes
        == ()
    )
    # A complaint cannot be out of time unless it is a complaint.
    assert rules.decide(Facts(kind=Kind.REFLECTION, out_of_time=True)).path == Path.FORWARD
