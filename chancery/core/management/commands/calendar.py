"""`chancery calendar add START DAYS [--calendar-days]` prints the period's end date (YYYY-MM-DD);
`chancery calendar count START END` the working days between; `chancery calendar year YYYY` the days off."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core import selectors, workdays


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Working-day calendar: end of a period, working days between two dates, a year's days off."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="operation", required=True)
        add = sub.add_parser("add", help="end date of a period starting with an event on START")
        add.add_argument("start")
        add.add_argument("days", type=int)
        add.add_argument("--calendar-days", action="store_true", help="count calendar days, not working days")
        count = sub.add_parser("count", help="working days after START up to and including END")
        count.add_argument("start")
        count.add_argument("end")
        year = sub.add_parser("year", help="the days off and make-up working days of a year")
        year.add_argument("year", type=int)

    def handle(self, *args: Any, operation: str, **options: Any) -> None:
        if operation == "add":
            days = options["days"]
            if not 1 <= days <= workdays.MAX_DAYS:
                raise CommandError(f"days must be 1 to {workdays.MAX_DAYS}")
            end = selectors.period_end(
                _date(options["start"]), days, working_days=not options["calendar_days"]
            )
            self.stdout.write(end.isoformat())
        elif operation == "count":
            self.stdout.write(
                str(selectors.working_days_between(_date(options["start"]), _date(options["end"])))
            )
        else:
            calendar = selectors.office_calendar(options["year"], options["year"])
            for day in sorted(calendar.days_off | calendar.weekend_working_days):
                what = "working" if day in calendar.weekend_working_days else "off"
                self.stdout.write(f"{day.isoformat()} {day:%a} {what:<8} {calendar.names.get(day, '')}")
