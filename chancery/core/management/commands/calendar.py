"""`chancery calendar add START DAYS [--calendar-days]` prints the period's end date (YYYY-MM-DD);
`chancery calendar count START END` the working days between; `chancery calendar year YYYY` the days off and
make-up working days, each with its source (the Labour Code's article, the Government's instrument with its
number and date, or the administrator's decision and by whom), the library's guesses that no instrument
confirms flagged "CHƯA XÁC NHẬN", and the days the library lists that the law has not made holidays."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
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
        try:
            self._handle(operation, options)
        except ValidationError as exc:  # a date outside the calendar the office keeps
            raise CommandError(" ".join(exc.messages)) from exc

    def _handle(self, operation: str, options: dict[str, Any]) -> None:
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
            for entry in selectors.calendar_year(options["year"]):
                flag = "" if entry.is_confirmed else " [CHƯA XÁC NHẬN]"
                line = f"{entry.day.isoformat()} {entry.day:%a} {entry.state:<9} {entry.name}"
                self.stdout.write(f"{line} | {entry.source}{flag}")
