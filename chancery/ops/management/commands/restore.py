"""`chancery restore DIR`: a backup into an empty system, checked against its manifest before and after;
then the audit trail verified."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ops import backup


class Command(BaseCommand):
    help = "Restore a backup (database and stored files) into an empty system and verify it."
    requires_system_checks: list[str] = []  # the database is empty until the restore has run

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="The folder `chancery backup` wrote.")

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        try:
            report = backup.restore(Path(folder))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for difference in report.differences:
            self.stderr.write(f"DIFFERS: {difference}")
        if report.differences:
            raise CommandError(
                f"the restored system differs from the backup in {len(report.differences)} place(s)"
            )
        self.stdout.write(
            f"restored {report.tables} tables, {report.rows:,} rows, {report.files:,} files "
            f"({report.bytes:,} bytes): identical to the backup (counts and SHA-256)"
        )
        call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
