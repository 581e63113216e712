"""`chancery clocks watch [--date YYYY-MM-DD] [--now]`: the daily time-limit watch (alarms, escalations).

Run it once a day from cron or a systemd timer; it queues a background job (shown under Jobs) unless --now
runs it in this process. `chancery clocks refresh` recomputes due dates after a calendar change.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.casework import watch
from chancery.core import jobs


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["watch", "refresh"])
        parser.add_argument("--date", help="the day to check as (YYYY-MM-DD); default today")
        parser.add_argument("--now", action="store_true", help="run here instead of queueing a job")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                date.fromisoformat(day)
            except ValueError as error:
                raise CommandError(f"not a date: {day}") from error
        if options["now"]:
            result = (
                watch.watch(date.fromisoformat(day) if day else None)
                if options["action"] == "watch"
                else watch.refresh_due_dates()
            )
            self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
            return
        kind = "clock_watch" if options["action"] == "watch" else "clock_refresh"
        job = jobs.start_job(actor=None, kind=kind, params={"date": day} if day else {})
        self.stdout.write(f"queued job {job.pk}")
