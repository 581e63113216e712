"""`chancery restore DIR`: a backup into an empty system, its signed manifest checked before anything is
written, everything written in temporary places moved into place only when every check has passed; then the
audit trail verified against the backup's checkpoints."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ops import backup
from chancery.ops.management.commands.backup import PASSPHRASE_ENV, read_passphrase


class Command(BaseCommand):
    help = (
        "Restore a backup (database, stored files, audit checkpoints) into an empty system and verify it. It "
        "needs the audit key the trail was sealed with and the backup signed with: CHANCERY_AUDIT_KEY, "
        "var/audit_key, or the backup's own keys (a backup taken with --include-keys) opened with its "
        "passphrase. Nothing is left in the target if any check fails."
    )
    requires_system_checks: list[str] = []  # the database is empty until the restore has run

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="The folder `chancery backup` wrote.")
        parser.add_argument(
            "--passphrase-file",
            help=f"For a backup taken with --include-keys: a file whose first line is its passphrase "
            f"(or set {PASSPHRASE_ENV}).",
        )
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="Restore a backup taken before backups were signed (format 1 or 2): nothing proves it was "
            "not changed since, so only if you trust everyone who could have written to it.",
        )

    def handle(
        self, *args: Any, folder: str, passphrase_file: str | None, trust_unsigned: bool, **options: Any
    ) -> None:
        try:
            report = backup.restore(
                Path(folder),
                keys_passphrase=read_passphrase(passphrase_file),
                trust_unsigned=trust_unsigned,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"WARNING: {warning}"))
        self.stdout.write(
            f"restored {report.tables} tables, {report.rows:,} rows, {report.files:,} files "
            f"({report.bytes:,} bytes): identical to the backup (counts and SHA-256)"
            + ("; its manifest's signature checked with the audit key" if report.signed else "")
        )
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if report.format >= 2:
            call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
