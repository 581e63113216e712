"""The official calendar: the Government's published decisions for 2024-2026 shipped with their instrument and
loaded by a migration, each day's source, the administrator's decisions kept over any later load, and the
days the `holidays` package makes off that the law has not (Bộ luật Lao động 2019, Articles 111-112)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from chancery.core import calendar_decisions, selectors, services, workdays
from chancery.core.calendar_decisions import DECISIONS
from chancery.core.models import AuditEvent, CalendarDay, CalendarDayKind, CalendarDayOrigin, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff

SHIPPED = workdays.apply_decisions(
    workdays.default_calendar(2024, 2027), [(d.day, d.kind, d.name) for d in DECISIONS]
)
SHIPPED_DAYS_OFF = frozenset(d.day for d in DECISIONS if d.kind == calendar_decisions.DAY_OFF)


def later(start: date, days: int) -> date:
    return workdays.add_working_days(SHIPPED, start, days)


# --- the package's days, by their basis in law (no database) ----------------------------------------------


def test_the_package_makes_24_november_a_day_off_that_the_law_has_not() -> None:
    listed = {d.day: d for d in workdays.library_days(2026)}
    assert listed[date(2026, 11, 24)].basis == workdays.DefaultBasis.NOT_LAW
    assert date(2026, 11, 24) not in workdays.vietnam_defaults(2026)[0]
    assert workdays.default_calendar(2026, 2026).is_working_day(date(2026, 11, 24))


def test_only_the_laws_holidays_and_the_governments_choices_are_days_off_by_default() -> None:
    for year in (2024, 2025, 2026, 2027):
        for listed in workdays.library_days(year):
            off = listed.day in workdays.vietnam_defaults(year)[0]
            assert off == (not listed.is_working_day and listed.basis != workdays.DefaultBasis.NOT_LAW)


def test_the_laws_own_holidays_cite_article_112_and_a_moved_one_article_111() -> None:
    listed = {d.day: d for d in workdays.library_days(2026)}
    for day in (date(2026, 1, 1), date(2026, 4, 26), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)):
        assert listed[day].basis_text == workdays.LABOUR_CODE_HOLIDAYS
    assert (
        listed[date(2026, 4, 27)].basis_text == workdays.LABOUR_CODE_MOVED_HOLIDAY
    )  # Hùng Kings, Sunday 26/4
    for day in (date(2026, 2, 16), date(2026, 8, 31), date(2026, 9, 1), date(2026, 8, 22)):
        assert listed[day].basis == workdays.DefaultBasis.GOVERNMENT  # the Government's to decide


def test_every_shipped_decision_cites_its_instrument_and_means_something() -> None:
    assert len({d.day for d in DECISIONS}) == len(DECISIONS)
    for decision in DECISIONS:
        assert decision.instrument.number and decision.instrument.cited_as
        assert decision.instrument.issued_on < decision.day
        assert 2024 <= decision.day.year <= 2026
        if decision.kind == calendar_decisions.DAY_OFF:
            assert decision.day.weekday() < 5
        else:
            assert decision.kind == calendar_decisions.WORKING_DAY and decision.day.weekday() >= 5


# --- worked examples with the shipped decisions --------------------------------------------------------------


def test_worked_examples_of_the_civil_code_hold_with_the_shipped_decisions() -> None:
    assert later(date(2026, 3, 2), 10) == date(2026, 3, 16)
    assert later(date(2026, 4, 27), 5) == date(2026, 5, 6)
    assert workdays.add_calendar_days(SHIPPED, date(2026, 4, 1), 30) == date(2026, 5, 4)


def test_new_year_2026_friday_2_january_off_and_saturday_10_january_worked() -> None:
    assert later(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert not SHIPPED.is_working_day(date(2026, 1, 2))
    assert SHIPPED.is_working_day(date(2026, 1, 10))
    assert later(date(2026, 1, 9), 1) == date(2026, 1, 10)


def test_ten_working_days_from_12_february_2026_cross_tet_to_5_march() -> None:
    assert all(not SHIPPED.is_working_day(date(2026, 2, 14) + timedelta(days=n)) for n in range(9))
    assert later(date(2026, 2, 12), 10) == date(2026, 3, 5)


def test_30_april_2025_break_runs_to_4_may_with_saturday_26_april_worked() -> None:
    assert SHIPPED.is_working_day(date(2025, 4, 26))
    assert later(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert later(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_national_day_2025_is_1_and_2_september() -> None:
    assert later(date(2025, 8, 29), 1) == date(2025, 9, 3)


def test_2024_decisions_tet_30_april_swap_and_national_day() -> None:
    assert later(date(2024, 2, 7), 1) == date(2024, 2, 15)
    assert later(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert later(date(2024, 5, 3), 1) == date(2024, 5, 4)  # Saturday 4/5/2024 worked for Monday 29/4
    assert later(date(2024, 8, 30), 1) == date(2024, 9, 4)


def test_tet_2025_is_nine_days_from_25_january() -> None:
    assert later(date(2025, 1, 24), 1) == date(2025, 2, 3)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_a_working_day_period_never_ends_on_a_day_the_decisions_make_a_day_off(
    start: date, days: int
) -> None:
    end = later(start, days)
    assert end not in SHIPPED_DAYS_OFF
    assert SHIPPED.is_working_day(end)
    assert workdays.count_working_days(SHIPPED, start, end) == days
    moved = workdays.add_calendar_days(SHIPPED, start, days)
    assert moved not in SHIPPED_DAYS_OFF and moved >= start + timedelta(days=days)


# --- the shipped rows in the database ----------------------------------------------------------------------


@pytest.fixture
def administrator():
    return make_staff(
        "quantri", unit=UnitFactory.create(), roles=(RoleCode.ADMINISTRATOR,), full_name="Trần Quản Trị"
    )


@pytest.mark.django_db
def test_the_migration_ships_the_decisions_with_their_instrument() -> None:
    shipped = CalendarDay.objects.filter(origin=CalendarDayOrigin.SHIPPED)
    assert shipped.count() == len(DECISIONS)
    new_year = shipped.get(date=date(2026, 1, 2))
    assert (new_year.kind, new_year.instrument_number, new_year.instrument_date) == (
        CalendarDayKind.DAY_OFF,
        "12729/VPCP-KGVX",
        date(2025, 12, 25),
    )
    assert new_year.instrument_text == "Công văn của Văn phòng Chính phủ số 12729/VPCP-KGVX ngày 25/12/2025"


@pytest.mark.django_db
def test_the_office_calendar_follows_the_shipped_decisions() -> None:
    assert selectors.period_end(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert selectors.period_end(date(2026, 2, 12), 10) == date(2026, 3, 5)
    assert selectors.period_end(date(2025, 4, 25), 1) == date(2025, 4, 26)
    office = selectors.office_calendar(2024, 2026)
    for day in (date(2024, 1, 1) + timedelta(days=n) for n in range(365 + 365 + 366)):
        assert office.is_working_day(day) == SHIPPED.is_working_day(day), day


@pytest.mark.django_db
def test_24_november_is_not_a_day_off_until_an_administrator_records_the_instrument(administrator) -> None:
    culture_day = date(2026, 11, 24)
    assert selectors.period_end(date(2026, 11, 23), 1) == culture_day
    with pytest.raises(ValidationError, match="số và ngày của văn bản"):
        services.set_calendar_day(
            actor=administrator, day=culture_day, kind=CalendarDayKind.DAY_OFF, name="Ngày Văn hóa Việt Nam"
        )
    assert selectors.office_calendar(2026, 2026).is_working_day(culture_day)
    services.set_calendar_day(
        actor=administrator,
        day=culture_day,
        kind=CalendarDayKind.DAY_OFF,
        name="Ngày Văn hóa Việt Nam",
        legal_basis="Bộ luật Lao động (sửa đổi)",
        instrument_number="99/2026/QH15",
        instrument_date=date(2026, 6, 30),
    )
    assert selectors.period_end(date(2026, 11, 23), 1) == date(2026, 11, 25)


@pytest.mark.django_db
def test_a_later_load_keeps_the_administrators_edits_and_withdrawals(administrator) -> None:
    edited = services.set_calendar_day(
        actor=administrator,
        day=date(2026, 1, 2),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ Tết Dương lịch",
        instrument_number="12729/VPCP-KGVX (bản chính)",
        instrument_date=date(2025, 12, 25),
    )
    assert selectors.is_working_day(date(2026, 1, 10))  # the make-up Saturday, as every selector reads it
    assert not selectors.is_working_day(date(2026, 1, 2))
    services.remove_calendar_day(actor=administrator, decided=CalendarDay.objects.get(date=date(2026, 1, 10)))
    CalendarDay.objects.filter(date=date(2026, 2, 16)).update(name="sửa tay")  # a shipped row gone stale
    CalendarDay.objects.filter(date=date(2025, 5, 2)).delete()  # a shipped row lost

    counts = calendar_decisions.load(CalendarDay)
    assert counts == {"created": 1, "updated": 1, "kept": 2, "removed": 0}
    assert calendar_decisions.load(CalendarDay) == {"created": 0, "updated": 0, "kept": 2, "removed": 0}

    kept = CalendarDay.objects.get(pk=edited.pk)
    assert (kept.origin, kept.instrument_number, kept.recorded_by) == (
        CalendarDayOrigin.ADMINISTRATOR,
        "12729/VPCP-KGVX (bản chính)",
        administrator,
    )
    withdrawn = CalendarDay.objects.get(date=date(2026, 1, 10))
    assert withdrawn.is_withdrawn and withdrawn.origin == CalendarDayOrigin.ADMINISTRATOR
    assert not selectors.office_calendar(2026, 2026).is_working_day(date(2026, 1, 10))  # a plain Saturday
    assert not selectors.is_working_day(date(2026, 1, 10))
    assert CalendarDay.objects.get(date=date(2026, 2, 16)).name == "Nghỉ Tết Âm lịch Bính Ngọ"
    assert CalendarDay.objects.get(date=date(2025, 5, 2)).origin == CalendarDayOrigin.SHIPPED


@pytest.mark.django_db
def test_withdrawing_a_shipped_day_off_falls_back_to_the_library_and_is_audited(administrator) -> None:
    shipped = CalendarDay.objects.get(date=date(2026, 1, 2))
    services.remove_calendar_day(actor=administrator, decided=shipped)
    assert selectors.period_end(date(2025, 12, 31), 1) == date(2026, 1, 2)
    event = AuditEvent.objects.filter(object_type="core.calendarday", object_id=shipped.pk).latest("id")
    assert event.actor == administrator and event.changes["is_withdrawn"] == {"before": False, "after": True}
    # deciding the date again brings the row back as the administrator's
    services.set_calendar_day(
        actor=administrator,
        day=date(2026, 1, 2),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ",
        instrument_number="12729/VPCP-KGVX",
    )
    assert selectors.period_end(date(2025, 12, 31), 1) == date(2026, 1, 5)


@pytest.mark.django_db
def test_removing_an_administrators_own_decision_deletes_it(administrator) -> None:
    decided = services.set_calendar_day(
        actor=administrator,
        day=date(2026, 3, 10),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ thêm",
        instrument_number="5/TB-BNV",
    )
    services.remove_calendar_day(actor=administrator, decided=decided)
    assert not CalendarDay.objects.filter(date=date(2026, 3, 10)).exists()


# --- `chancery calendar year`: where each day comes from ----------------------------------------------------


def _year(year: int) -> dict[str, str]:
    out = StringIO()
    call_command("calendar", "year", str(year), stdout=out)
    return {line[:10]: line for line in out.getvalue().splitlines()}


@pytest.mark.django_db
def test_calendar_year_shows_each_days_source_and_flags_the_unconfirmed(administrator) -> None:
    services.set_calendar_day(
        actor=administrator,
        day=date(2026, 3, 10),
        kind=CalendarDayKind.DAY_OFF,
        name="Nghỉ thêm",
        legal_basis="Thông báo của Bộ Nội vụ",
        instrument_number="5/TB-BNV",
        instrument_date=date(2026, 3, 1),
    )
    lines = _year(2026)
    assert lines["2026-01-01"].endswith("| Bộ luật Lao động 2019, Điều 112")
    assert "off" in lines["2026-01-02"] and "12729/VPCP-KGVX ngày 25/12/2025" in lines["2026-01-02"]
    assert " working " in lines["2026-01-10"] and "12729/VPCP-KGVX" in lines["2026-01-10"]
    assert "9441/TB-BNV ngày 16/10/2025" in lines["2026-02-17"]
    assert "Điều 111 khoản 3" in lines["2026-04-27"]
    assert (
        "quản trị viên Trần Quản Trị" in lines["2026-03-10"]
        and "5/TB-BNV ngày 01/03/2026" in lines["2026-03-10"]
    )
    for unconfirmed in ("2026-08-22", "2026-08-31", "2026-09-01"):
        assert lines[unconfirmed].endswith("[CHƯA XÁC NHẬN]")
    assert "not off" in lines["2026-11-24"] and "CHƯA XÁC NHẬN" not in lines["2026-11-24"]
    assert all("CHƯA XÁC NHẬN" not in line for line in _year(2025).values())


@pytest.mark.django_db
def test_calendar_year_shows_who_withdrew_a_shipped_decision(administrator) -> None:
    services.remove_calendar_day(actor=administrator, decided=CalendarDay.objects.get(date=date(2026, 1, 2)))
    line = _year(2026)["2026-01-02"]
    assert "withdrawn" in line and "quản trị viên Trần Quản Trị" in line and "đã rút" in line


# --- the administrator's screen ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_screen_shows_the_source_and_saves_through_the_service(administrator) -> None:
    client = Client()
    client.force_login(administrator)
    listing = client.get("/admin/core/calendarday/?date__year=2026")
    assert listing.status_code == 200 and "12729/VPCP-KGVX" in listing.content.decode()
    shipped = CalendarDay.objects.get(date=date(2026, 1, 2))
    page = client.get(f"/admin/core/calendarday/{shipped.pk}/change/").content.decode()
    assert 'name="instrument_number"' in page and 'name="instrument_date"' in page
    form = {"date": "2026-11-24", "kind": "day_off", "name": "Ngày Văn hóa Việt Nam"}
    refused = client.post(
        "/admin/core/calendarday/add/", {**form, "legal_basis": "", "instrument_number": ""}
    )
    assert refused.status_code == 200 and "số và ngày của văn bản" in refused.content.decode()
    assert not CalendarDay.objects.filter(date=date(2026, 11, 24)).exists()
    saved = client.post(
        "/admin/core/calendarday/add/",
        {
            **form,
            "legal_basis": "Nghị quyết",
            "instrument_number": "1/2026/QH16",
            "instrument_date": "2026-06-01",
        },
    )
    assert saved.status_code == 302
    decided = CalendarDay.objects.get(date=date(2026, 11, 24))
    assert (decided.origin, decided.recorded_by, decided.instrument_date) == (
        CalendarDayOrigin.ADMINISTRATOR,
        administrator,
        date(2026, 6, 1),
    )
    assert AuditEvent.objects.filter(
        object_type="core.calendarday", object_id=decided.pk, actor=administrator
    )


@pytest.mark.django_db
def test_only_an_administrator_opens_the_calendar_screen() -> None:
    clerk = make_staff("vanthu", unit=UnitFactory.create(), roles=(RoleCode.CLERK,))
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/core/calendarday/").status_code in {302, 403}


@pytest.mark.parametrize(
    "args",
    [("add", "9999-12-31", "5"), ("count", "2026-01-01", "9999-01-01"), ("year", "9999"), ("year", "0")],
)
def test_the_calendar_command_refuses_a_date_outside_the_calendar_with_a_message(args) -> None:
    with pytest.raises(CommandError, match="1900 đến 2100"):
        call_command("calendar", *args, stdout=StringIO())
