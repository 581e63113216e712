"""`chancery restore DIR`: a backup into an empty system, checked against its manifest before and after;
then the audit trail verified against the backup's checkpoints."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ops import backup
from chancery.ops.management.commands.backup import PASSPHRASE_ENV, read_passphrase


class Command(BaseCommand):
    help = (
        "Restore a backup (database, stored files, audit checkpoints) into an empty system and verify it. It "
        "needs the audit key the trail was sealed with: CHANCERY_AUDIT_KEY, var/audit_key, or the backup's "
        "own keys (a backup taken with --include-keys) opened with its passphrase."
    )
    requires_system_checks: list[str] = []  # the database is empty until the restore has run

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="The folder `chancery backup` wrote.")
        parser.add_argument(
            "--passphrase-file",
            help=f"For a backup taken with --include-keys: a file whose first line is its passphrase "
            f"(or set {PASSPHRASE_ENV}).",
        )

    def handle(self, *args: Any, folder: str, passphrase_file: str | None, **options: Any) -> None:
        try:
            report = backup.restore(Path(folder), keys_passphrase=read_passphrase(passphrase_file))
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
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if report.format >= 2:
            call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
