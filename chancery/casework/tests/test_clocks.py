"""Legal clocks: due dates with pauses and extensions, states, and the services that move them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chancery.casework import services
from chancery.casework.rules import ClockFacts, ClockState, ClockUnit, due_date, read_clock
from chancery.core import workdays
from chancery.core.models import AuditEvent, RoleCode
from chancery.core.tests.factories import MemoFactory, UnitFactory, make_staff

CAL = workdays.WorkingCalendar(
    days_off=frozenset(workdays.vietnam_defaults(2026)[0]),
    weekend_working_days=workdays.vietnam_defaults(2026)[1],
)
MON_2_MARCH = date(2026, 3, 2)
TEN_WORKING = ClockFacts(started_on=MON_2_MARCH, days=10, unit=ClockUnit.WORKING)


def test_a_running_clock_counts_down_to_its_due_date() -> None:
    assert due_date(CAL, TEN_WORKING) == date(2026, 3, 16)
    reading = read_clock(CAL, TEN_WORKING, MON_2_MARCH)
    assert (reading.state, reading.days_left, reading.days_used) == (ClockState.RUNNING, 10, 0)
    assert read_clock(CAL, TEN_WORKING, date(2026, 3, 9)).days_left == 5


def test_due_soon_within_the_alarm_days_and_on_the_due_date() -> None:
    assert read_clock(CAL, TEN_WORKING, date(2026, 3, 10)).state == ClockState.RUNNING  # 4 left
    assert read_clock(CAL, TEN_WORKING, date(2026, 3, 11)).state == ClockState.DUE_SOON  # 3 left
    on_due = read_clock(CAL, TEN_WORKING, date(2026, 3, 16))
    assert (on_due.state, on_due.days_left) == (ClockState.DUE_SOON, 0)


def test_overdue_the_day_after_with_days_late_counted_in_the_clocks_unit() -> None:
    reading = read_clock(CAL, TEN_WORKING, date(2026, 3, 17))
    assert (reading.state, reading.days_left) == (ClockState.OVERDUE, -1)
    assert read_clock(CAL, TEN_WORKING, date(2026, 3, 23)).days_left == -5  # weekend not counted


def test_a_pause_does_not_count_the_days_after_it_up_to_the_resume_day() -> None:
    paused = ClockFacts(MON_2_MARCH, 10, ClockUnit.WORKING, pauses=((date(2026, 3, 4), None),))
    reading = read_clock(CAL, paused, date(2026, 3, 6))
    assert (reading.state, reading.due_date, reading.days_left, reading.days_used) == (
        ClockState.PAUSED,
        None,
        8,
        2,
    )
    resumed = ClockFacts(MON_2_MARCH, 10, ClockUnit.WORKING, pauses=((date(2026, 3, 4), date(2026, 3, 9)),))
    assert due_date(CAL, resumed) == date(2026, 3, 19)  # 5, 6 and 9 March not counted


def test_an_extension_adds_days_in_the_clocks_unit() -> None:
    extended = ClockFacts(MON_2_MARCH, 10, ClockUnit.WORKING, extensions=(5, 2))
    assert due_date(CAL, extended) == date(2026, 3, 25)


def test_calendar_day_clock_across_tet_ends_on_the_next_working_day() -> None:
    tet = ClockFacts(date(2026, 2, 13), 30, ClockUnit.CALENDAR)
    assert due_date(CAL, tet) == date(2026, 3, 16)
    working = ClockFacts(date(2026, 2, 13), 10, ClockUnit.WORKING)
    assert due_date(CAL, working) == date(2026, 3, 6)


def test_a_stopped_clock_is_met_or_missed() -> None:
    met = ClockFacts(MON_2_MARCH, 10, ClockUnit.WORKING, stopped_on=date(2026, 3, 16))
    missed = ClockFacts(MON_2_MARCH, 10, ClockUnit.WORKING, stopped_on=date(2026, 3, 17))
    assert read_clock(CAL, met, date(2026, 6, 1)).state == ClockState.MET
    assert read_clock(CAL, missed, date(2026, 6, 1)).state == ClockState.MISSED


starts = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 10, 31))
lengths = st.integers(min_value=1, max_value=40)
units = st.sampled_from(list(ClockUnit))


@given(starts, lengths, units, st.integers(min_value=0, max_value=20))
def test_pausing_and_resuming_the_same_day_changes_nothing(
    start: date, days: int, unit: ClockUnit, after: int
) -> None:
    plain = ClockFacts(start, days, unit)
    day = start + timedelta(days=after)
    assert due_date(CAL, ClockFacts(start, days, unit, pauses=((day, day),))) == due_date(CAL, plain)


@given(starts, lengths, units, st.integers(min_value=1, max_value=15))
def test_an_extension_is_the_same_as_a_longer_clock(
    start: date, days: int, unit: ClockUnit, extra: int
) -> None:
    assert due_date(CAL, ClockFacts(start, days, unit, extensions=(extra,))) == due_date(
        CAL, ClockFacts(start, days + extra, unit)
    )


@given(starts, lengths, st.integers(min_value=0, max_value=60))
def test_days_used_and_days_left_add_up_to_the_length(start: date, days: int, after: int) -> None:
    facts = ClockFacts(start, days, ClockUnit.WORKING)
    reading = read_clock(CAL, facts, start + timedelta(days=after))
    if reading.state in (ClockState.RUNNING, ClockState.DUE_SOON):
        assert reading.days_used + (reading.days_left or 0) == days


@given(starts, lengths, units, st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=30))
def test_a_pause_never_brings_the_due_date_forward(
    start: date, days: int, unit: ClockUnit, pause_after: int, pause_length: int
) -> None:
    paused_on = start + timedelta(days=pause_after)
    paused = ClockFacts(start, days, unit, pauses=((paused_on, paused_on + timedelta(days=pause_length)),))
    plain_due, paused_due = due_date(CAL, ClockFacts(start, days, unit)), due_date(CAL, paused)
    assert plain_due is not None and paused_due is not None
    assert paused_due >= plain_due


# --- services on a record ---------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    unit = UnitFactory.create()
    return {
        "memo": MemoFactory.create(owning_unit=unit),
        "specialist": make_staff("cv", unit=unit, roles=(RoleCode.SPECIALIST,)),
        "head": make_staff("vt", unit=unit, roles=(RoleCode.HEAD_OF_UNIT,)),
        "outsider": make_staff("ngoai", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,)),
    }


def start(world, **overrides):
    values = {
        "kind": "handling",
        "label": "Thời hạn xử lý",
        "days": 10,
        "unit": "working",
        "started_on": MON_2_MARCH,
    }
    return services.start_clock(actor=world["specialist"], record=world["memo"], **{**values, **overrides})


def test_clock_lifecycle_on_a_record_is_audited(world) -> None:
    memo, specialist, head = world["memo"], world["specialist"], world["head"]
    clock = start(world)
    services.pause_clock(
        actor=specialist, record=memo, clock=clock, paused_on=date(2026, 3, 4), reason="Chờ bổ sung hồ sơ"
    )
    assert services.read(clock, date(2026, 3, 6)).state == ClockState.PAUSED
    services.resume_clock(actor=specialist, record=memo, clock=clock, resumed_on=date(2026, 3, 9))
    services.extend_clock(actor=head, record=memo, clock=clock, days=5, reason="Vụ việc phức tạp")
    assert services.read(clock, date(2026, 3, 9)).due_date == date(2026, 3, 26)
    clock = services.stop_clock(
        actor=specialist, record=memo, clock=clock, stopped_on=date(2026, 3, 20), outcome="Đã trả lời"
    )
    assert services.read(clock, date(2026, 4, 1)).state == ClockState.MET
    messages = list(
        AuditEvent.objects.filter(object_type="protected.memo", object_id=memo.pk).values_list(
            "message", flat=True
        )
    )
    assert len(messages) == 5
    assert any("Chờ bổ sung hồ sơ" in m for m in messages)


def test_someone_who_cannot_change_the_record_cannot_start_its_clock(world) -> None:
    with pytest.raises(PermissionDenied):
        services.start_clock(
            actor=world["outsider"],
            record=world["memo"],
            kind="k",
            label="x",
            days=5,
            unit="working",
            started_on=MON_2_MARCH,
        )


def test_only_the_head_of_the_line_extends(world) -> None:
    clock = start(world)
    with pytest.raises(PermissionDenied):
        services.extend_clock(
            actor=world["specialist"], record=world["memo"], clock=clock, days=5, reason="x"
        )


def test_wrong_moves_are_refused_with_vietnamese_reasons(world) -> None:
    memo, specialist = world["memo"], world["specialist"]
    clock = start(world)
    with pytest.raises(ValidationError, match="không tạm dừng"):
        services.resume_clock(actor=specialist, record=memo, clock=clock, resumed_on=date(2026, 3, 5))
    services.pause_clock(actor=specialist, record=memo, clock=clock, paused_on=date(2026, 3, 4), reason="Chờ")
    with pytest.raises(ValidationError, match="đang tạm dừng"):
        services.pause_clock(
            actor=specialist, record=memo, clock=clock, paused_on=date(2026, 3, 5), reason="Chờ"
        )
    with pytest.raises(ValidationError):
        services.resume_clock(actor=specialist, record=memo, clock=clock, resumed_on=date(2026, 3, 3))
    with pytest.raises(ValidationError):
        services.extend_clock(actor=world["head"], record=memo, clock=clock, days=3, reason="  ")
    services.stop_clock(
        actor=specialist, record=memo, clock=clock, stopped_on=date(2026, 3, 6), outcome="Rút đơn"
    )
    clock.refresh_from_db()
    assert clock.pauses.get().resumed_on == date(2026, 3, 6)  # the outcome ends the pause
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.stop_clock(
            actor=specialist, record=memo, clock=clock, stopped_on=date(2026, 3, 9), outcome="x"
        )


def test_one_clock_of_a_kind_per_record(world) -> None:
    start(world)
    with pytest.raises(ValidationError):
        start(world)
