"""`chancery report yearly --year 2013 --out FILE.docx` and `chancery report monthly --month 2025-09 --out
FILE.docx` (or .pdf): the office's report drafted from the records, as the page drafts it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chancery.core.text import grouped
from chancery.programme import reports, services
from chancery.programme.models import Report


class Command(BaseCommand):
    help = "Write the office's monthly report or yearly summary, drafted from the records, as DOCX or PDF."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["monthly", "yearly"])
        parser.add_argument("--year", type=int, help="The year of a yearly summary.")
        parser.add_argument("--month", help="The month of a monthly report, YYYY-MM.")
        parser.add_argument("--out", required=True, help="The file to write (.docx or .pdf).")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
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
