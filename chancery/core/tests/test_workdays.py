"""Counting legal periods: day 1 is the day after the event; a calendar-day period ending on a day off ends on
the next working day (Bộ luật Dân sự 2015, Articles 147–148); Vietnam's holidays and each year's decisions."""

import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from chancery.core import selectors, services, tokens, workdays
from chancery.core.models import AuditEvent, CalendarDayKind, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff

PLAIN = workdays.WorkingCalendar()  # weekends only
HOLIDAYS_2026 = workdays.WorkingCalendar(
    days_off=frozenset(workdays.vietnam_defaults(2026)[0]),
    weekend_working_days=workdays.vietnam_defaults(2026)[1],
)


# --- the rules, without a database ----------------------------------------------------------------------


def test_the_events_own_day_is_not_day_one() -> None:
    monday = date(2026, 3, 2)
    assert workdays.add_working_days(PLAIN, monday, 1) == date(2026, 3, 3)
    assert workdays.add_calendar_days(PLAIN, monday, 1) == date(2026, 3, 3)


def test_worked_example_ten_working_days_from_monday_2_march_2026() -> None:
    assert workdays.add_working_days(HOLIDAYS_2026, date(2026, 3, 2), 10) == date(2026, 3, 16)


def test_worked_example_five_working_days_across_30_april_and_1_may() -> None:
    assert workdays.add_working_days(HOLIDAYS_2026, date(2026, 4, 27), 5) == date(2026, 5, 6)


def test_worked_example_calendar_period_ending_on_1_may_moves_to_monday_4_may() -> None:
    assert workdays.add_calendar_days(HOLIDAYS_2026, date(2026, 4, 1), 30) == date(2026, 5, 4)


def test_tet_2026_is_five_days_off_within_the_nine_day_break() -> None:
    tet = [date(2026, 2, 16) + timedelta(days=n) for n in range(5)]
    assert all(not HOLIDAYS_2026.is_working_day(day) for day in tet)
    assert HOLIDAYS_2026.is_working_day(date(2026, 2, 13))
    assert HOLIDAYS_2026.is_working_day(date(2026, 2, 23))
    assert workdays.add_working_days(HOLIDAYS_2026, date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert workdays.add_working_days(HOLIDAYS_2026, date(2026, 2, 13), 10) == date(2026, 3, 6)


def test_calendar_period_ending_on_a_sunday_ends_on_monday() -> None:
    assert workdays.add_calendar_days(HOLIDAYS_2026, date(2026, 2, 13), 30) == date(2026, 3, 16)


def test_make_up_saturday_counts_as_a_working_day() -> None:
    saturday = date(2026, 8, 22)  # worked in exchange for Monday 31 August (National Day break)
    assert HOLIDAYS_2026.is_working_day(saturday)
    assert not HOLIDAYS_2026.is_working_day(date(2026, 8, 31))
    assert workdays.add_working_days(HOLIDAYS_2026, date(2026, 8, 21), 1) == saturday


def test_hung_kings_on_a_sunday_gives_the_monday_off() -> None:
    assert not HOLIDAYS_2026.is_working_day(date(2026, 4, 27))


def test_a_period_must_be_one_day_or_more() -> None:
    with pytest.raises(ValueError):
        workdays.add_working_days(PLAIN, date(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        workdays.add_calendar_days(PLAIN, date(2026, 1, 1), -3)


dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
lengths = st.integers(min_value=1, max_value=120)


@given(dates, lengths)
def test_counting_back_the_working_days_gives_the_length(start: date, days: int) -> None:
    end = workdays.add_working_days(HOLIDAYS_2026, start, days)
    assert workdays.count_working_days(HOLIDAYS_2026, start, end) == days
    assert HOLIDAYS_2026.is_working_day(end)


@given(dates, lengths)
def test_every_period_ends_on_a_working_day_and_never_early(start: date, days: int) -> None:
    end = workdays.add_calendar_days(HOLIDAYS_2026, start, days)
    assert HOLIDAYS_2026.is_working_day(end)
    assert end >= start + timedelta(days=days)
    assert workdays.add_working_days(HOLIDAYS_2026, start, days) >= start + timedelta(days=days)


@given(dates, lengths)
def test_a_longer_period_never_ends_sooner(start: date, days: int) -> None:
    assert workdays.add_working_days(HOLIDAYS_2026, start, days + 1) > workdays.add_working_days(
        HOLIDAYS_2026, start, days
    )


# --- the office's calendar: defaults and each year's decisions ----------------------------------------------


@pytest.fixture
def admin_user():
    return make_staff("quantri", unit=UnitFactory.create(), roles=(RoleCode.ADMINISTRATOR,))


@pytest.mark.django_db
def test_an_extra_day_off_decided_by_the_government_moves_deadlines(admin_user) -> None:
    start = date(2026, 3, 2)
    assert selectors.period_end(start, 10) == date(2026, 3, 16)
    services.set_calendar_day(
        actor=admin_user,
        day=date(2026, 3, 10),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ thêm",
        legal_basis="TB 1/TB-BNV",
    )
    assert selectors.period_end(start, 10) == date(2026, 3, 17)
    assert AuditEvent.objects.filter(object_type="core.calendarday", action="create").exists()


@pytest.mark.django_db
def test_a_make_up_saturday_entered_by_the_administrator_counts(admin_user) -> None:
    services.set_calendar_day(
        actor=admin_user,
        day=date(2026, 3, 7),
        kind=CalendarDayKind.WORKING_DAY,
        name="Làm bù",
        instrument_number="1/TB-BNV",
    )
    assert selectors.period_end(date(2026, 3, 6), 1) == date(2026, 3, 7)


@pytest.mark.django_db
def test_cancelling_a_library_holiday_makes_it_a_working_day(admin_user) -> None:
    monday = date(2026, 8, 31)  # the library's guess of the National Day swap, no instrument shipped
    decided = services.set_calendar_day(
        actor=admin_user,
        day=monday,
        kind=CalendarDayKind.WORKING_DAY,
        name="Không nghỉ",
        instrument_number="2/TB-BNV",
        instrument_date=date(2026, 7, 1),
    )
    assert selectors.office_calendar(2026, 2026).is_working_day(monday)
    services.remove_calendar_day(actor=admin_user, decided=decided)
    assert not selectors.office_calendar(2026, 2026).is_working_day(monday)


@pytest.mark.django_db
def test_meaningless_decisions_are_refused_in_vietnamese(admin_user) -> None:
    with pytest.raises(ValidationError, match="ngày làm việc"):
        services.set_calendar_day(
            actor=admin_user, day=date(2026, 3, 4), kind=CalendarDayKind.WORKING_DAY, name="x"
        )
    with pytest.raises(ValidationError, match="ngày nghỉ hằng tuần"):
        services.set_calendar_day(
            actor=admin_user, day=date(2026, 3, 8), kind=CalendarDayKind.DAY_OFF, name="x"
        )


@pytest.mark.django_db
def test_only_administrators_decide_days_off() -> None:
    clerk = make_staff("vanthu", unit=UnitFactory.create(), roles=(RoleCode.CLERK,))
    with pytest.raises(PermissionDenied):
        services.set_calendar_day(actor=clerk, day=date(2026, 3, 10), kind=CalendarDayKind.DAY_OFF, name="x")


# --- the API and the console ------------------------------------------------------------------------------


@pytest.fixture
def api(db) -> APIClient:
    client = APIClient()
    user = make_staff("chuyenvien", unit=UnitFactory.create(), roles=(RoleCode.SPECIALIST,))
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {tokens.issue_api_token(user=user, second_factor_verified=False).key}"
    )
    return client


def test_api_adds_working_and_calendar_days(api: APIClient) -> None:
    body = api.get("/api/v1/calendar/add/", {"start": "2026-02-13", "days": "10", "unit": "working"}).json()
    assert body == {"start": "2026-02-13", "days": 10, "unit": "working", "end": "2026-03-06"}
    body = api.get("/api/v1/calendar/add/", {"start": "2026-02-13", "days": "30", "unit": "calendar"}).json()
    assert body["end"] == "2026-03-16"


def test_api_counts_working_days(api: APIClient) -> None:
    body = api.get("/api/v1/calendar/count/", {"start": "2026-02-13", "end": "2026-03-06"}).json()
    assert body["working_days"] == 10


def test_api_rejects_bad_input_with_vietnamese_errors(api: APIClient) -> None:
    response = api.get("/api/v1/calendar/add/", {"start": "2026-02-30", "days": "0", "unit": "weeks"})
    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert set(body["details"]) == {"start", "days", "unit"}
    assert body["details"]["unit"] == ['"weeks" không phải là lựa chọn hợp lệ.']
    assert body["details"]["days"] == ["Giá trị phải lớn hơn hoặc bằng 1."]
    assert body["details"]["start"][0].startswith("Ngày không hợp lệ hoặc sai định dạng")


def test_calendar_api_needs_a_login() -> None:
    assert (
        APIClient()
        .get("/api/v1/calendar/add/", {"start": "2026-02-13", "days": "1", "unit": "working"})
        .status_code
        == 401
    )


@pytest.fixture(scope="module")
def console_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a newcomer's `chancery` on the embedded default, migrated once for the module
    (whatever database the suite itself runs on: the console gets no DATABASE_URL)."""
    import os

    var_dir = tmp_path_factory.mktemp("console")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"CHANCERY_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "chancery.settings"})
    subprocess.run([sys.executable, "-m", "chancery", "migrate", "-v0"], env=env, check=True)
    return env


@pytest.mark.parametrize(
    ("arguments", "printed"),
    [
        (["add", "2026-02-13", "10"], "2026-03-06"),
        (["add", "2026-02-13", "30", "--calendar-days"], "2026-03-16"),
        (["count", "2026-03-02", "2026-03-16"], "10"),
        # New Year 2026: Friday 2/1 off, Saturday 10/1 worked (Công văn 12729/VPCP-KGVX, shipped)
        (["add", "2025-12-31", "1"], "2026-01-05"),
    ],
)
def test_console_prints_one_line(arguments: list[str], printed: str, console_env: dict[str, str]) -> None:
    env = console_env
    result = subprocess.run(
        [sys.executable, "-m", "chancery", "calendar", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"{printed}\n"
