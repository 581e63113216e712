"""`chancery report yearly --year 2013 --out FILE.docx` and `chancery report monthly --month 2025-09 --out
FILE.docx` (or .pdf): the office's report drafted from the records, as the page drafts it.
`chancery report due [--date YYYY-MM-DD]` (daily, from a timer): the schedule's drafts, kept in the app for
the leadership to edit: last month's report from the first working day of a month, last year's in January."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chancery.core.text import grouped
from chancery.programme import reports, services
from chancery.programme.models import Report


class Command(BaseCommand):
    help = "Write the office's monthly report or yearly summary, drafted from the records, as DOCX or PDF."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["monthly", "yearly", "due"])
        parser.add_argument("--year", type=int, help="The year of a yearly summary.")
        parser.add_argument("--month", help="The month of a monthly report, YYYY-MM.")
        parser.add_argument("--out", help="The file to write (.docx or .pdf).")
        parser.add_argument("--date", help="For `due`: the day to run the schedule as, YYYY-MM-DD (today).")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind == "due":
            self._due(options["date"])
            return
        if not options["out"]:
            raise CommandError("--out FILE.docx or FILE.pdf is required")
        if kind == "yearly":
            if not options["year"]:
                raise CommandError("--year is required for a yearly summary")
            year, month = options["year"], 0
        else:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", options["month"] or "")
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise CommandError("--month YYYY-MM is required for a monthly report")
            year, month = int(match.group(1)), int(match.group(2))
        out = Path(options["out"])
        if out.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError("--out must end in .docx or .pdf")
        report = Report(**services.new_report(kind, year, month))
        content = reports.pdf(report) if out.suffix.lower() == ".pdf" else reports.docx(report)
        out.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"{report.title}: {out} ({len(content):,} bytes)"))
        for area in report.figures["areas"]:
            shown = ", ".join(f"{f['label']} {grouped(f['value'])}" for f in area["figures"])
            self.stdout.write(f"  {area['name']}: {shown}")

    def _due(self, day: str | None) -> None:
        try:
            today = date.fromisoformat(day) if day else None
        except ValueError as error:
            raise CommandError(f"not a date: {day}") from error
        drafted = services.draft_due_reports(today)
        for report in drafted:
            self.stdout.write(f"drafted: {report.title} (#{report.pk})")
        if not drafted:
            self.stdout.write("nothing due")
