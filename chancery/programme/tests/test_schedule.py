"""The schedule drafts last month's report on the first working day of a month (after weekends and holidays)
and last year's summary in January, once per period, never over a report someone drafted already; the units
that prepare reports are told, nobody else."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from chancery.core import workdays
from chancery.core.models import AuditEvent, Notification, NotificationKind
from chancery.documents.tests.factories import make_office
from chancery.programme import rules, services
from chancery.programme.models import Report

CALENDAR_2025 = workdays.WorkingCalendar(frozenset(workdays.vietnam_defaults(2025)[0]))
CALENDAR_2026 = workdays.WorkingCalendar(frozenset(workdays.vietnam_defaults(2026)[0]))


@pytest.mark.parametrize(
    ("today", "due"),
    [
        # National Day: 1 and 2 September 2025 off, so August's report waits for Wednesday the 3rd
        (date(2025, 9, 2), []),
        (date(2025, 9, 3), [("monthly", 2025, 8)]),
        (date(2025, 9, 30), [("monthly", 2025, 8)]),
        # 1 October 2025 is a Wednesday: September's report is due that morning (reviewed on 2 October)
        (date(2025, 10, 1), [("monthly", 2025, 9)]),
        # 1 November 2025 is a Saturday
        (date(2025, 11, 2), []),
        (date(2025, 11, 3), [("monthly", 2025, 10)]),
    ],
)
def test_the_monthly_report_is_due_from_the_first_working_day(today, due):
    assert rules.reports_due(today, CALENDAR_2025.is_working_day) == due


def test_the_yearly_summary_is_due_from_the_first_working_day_of_january():
    # 1 January 2026 is New Year's Day (a Thursday): December's report and 2025's summary on Friday the 2nd
    assert rules.reports_due(date(2026, 1, 1), CALENDAR_2026.is_working_day) == []
    assert rules.reports_due(date(2026, 1, 2), CALENDAR_2026.is_working_day) == [
        ("monthly", 2025, 12),
        ("yearly", 2025, 0),
    ]
    # Tết 2026 (16-20 February) is after the first working day of February (Monday the 2nd)
    assert rules.reports_due(date(2026, 2, 2), CALENDAR_2026.is_working_day) == [("monthly", 2026, 1)]


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_the_schedule_always_names_the_month_before(today):
    due = rules.reports_due(today, CALENDAR_2026.is_working_day)
    first_working = next(
        date(today.year, today.month, d)
        for d in range(1, 29)
        if CALENDAR_2026.is_working_day(date(today.year, today.month, d))
    )
    assert bool(due) == (today >= first_working)
    if due:
        before = today.replace(day=1) - timedelta(days=1)
        assert due[0] == ("monthly", before.year, before.month)
        assert (len(due) == 2) == (today.month == 1)


@pytest.mark.django_db
def test_the_schedule_drafts_once_and_tells_the_units_that_prepare_reports():
    office = make_office()
    drafted = services.draft_due_reports(date(2025, 10, 1))
    assert [(r.kind, r.starts_on, r.ends_on) for r in drafted] == [
        ("monthly", date(2025, 9, 1), date(2025, 9, 30))
    ]
    report = drafted[0]
    assert report.scheduled and report.created_by is None
    assert report.figures["areas"] and report.narrative["overview"].startswith("Trong tháng 9/2025,")
    assert AuditEvent.objects.filter(object_type="programme.report", object_id=report.pk).count() == 1
    told = set(
        Notification.objects.filter(kind=NotificationKind.REPORT_DRAFTED).values_list("recipient", flat=True)
    )
    assert told == {office.head.pk, office.specialist.pk}  # Vụ Tổng hợp; not Vụ Pháp luật, not the clerks
    # the timer runs again the next day, or on another machine: nothing more
    assert services.draft_due_reports(date(2025, 10, 2)) == []
    assert Report.objects.count() == 1
    assert Notification.objects.filter(kind=NotificationKind.REPORT_DRAFTED).count() == 2


@pytest.mark.django_db
def test_a_period_drafted_by_hand_is_not_drafted_again():
    office = make_office()
    services.draft_report(actor=office.specialist, kind="monthly", year=2025, month=12)
    # the first working day of January 2026 is Monday the 5th: Friday 2/1 off (Công văn 12729/VPCP-KGVX)
    drafted = services.draft_due_reports(date(2026, 1, 5))
    assert [(r.kind, r.starts_on) for r in drafted] == [("yearly", date(2025, 1, 1))]
    assert Report.objects.filter(kind="monthly").count() == 1


@pytest.mark.django_db
def test_one_scheduled_draft_per_period_even_in_a_race():
    make_office()
    services.draft_due_reports(date(2025, 10, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(**services.new_report("monthly", 2025, 9), scheduled=True)
    # a draft by hand of the same period stays possible
    Report.objects.create(**services.new_report("monthly", 2025, 9))
    assert Report.objects.filter(starts_on=date(2025, 9, 1)).count() == 2


@pytest.mark.django_db
def test_the_command_line_runs_the_schedule(capsys):
    make_office()
    call_command("report", "due", "--date", "2025-09-02")
    assert "nothing due" in capsys.readouterr().out
    call_command("report", "due", "--date", "2025-09-03")
    assert "drafted: Báo cáo kết quả công tác tháng 8/2025" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a date"):
        call_command("report", "due", "--date", "3/9/2025")
    with pytest.raises(CommandError, match="--out"):
        call_command("report", "monthly", "--month", "2025-09")
