"""`chancery backup --out DIR`: the database and the stored files together, consistent while in use."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ops import backup


class Command(BaseCommand):
    help = "Back up the database and the stored files together into a new folder, while the office works."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="A new (or empty) folder for the backup.")

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        try:
            manifest = backup.backup(Path(out))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        size = sum(f["bytes"] for f in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {out}: {manifest['vendor']} database, {len(manifest['tables'])} tables, "
                f"{rows:,} rows; {len(manifest['files']):,} files, {size:,} bytes"
            )
        )
