"""`chancery backup --out DIR`: the database and the stored files together, consistent while in use, with a
signed manifest; no session and no second factor's seed in it; the keys and the seeds only with
`--include-keys`, encrypted with a passphrase."""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.ops import backup

PASSPHRASE_ENV = "CHANCERY_BACKUP_PASSPHRASE"


def read_passphrase(passphrase_file: str | None) -> str | None:
    """The passphrase from a file (its first line) or from CHANCERY_BACKUP_PASSPHRASE; never from the
    command line, where other users of the machine could read it."""
    if passphrase_file:
        try:
            lines = Path(passphrase_file).read_text().splitlines()
        except OSError as error:
            raise CommandError(f"cannot read the passphrase file: {error.strerror}") from error
        return lines[0] if lines else ""
    return os.environ.get(PASSPHRASE_ENV) or None


class Command(BaseCommand):
    help = "Back up the database and the stored files together into a new folder, while the office works."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="A new (or empty) folder for the backup.")
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="Add the secret and audit keys and the two-step login seeds, encrypted with a passphrase "
            f"(from --passphrase-file or {PASSPHRASE_ENV}). Without it the keys stay out of the backup (keep "
            "them apart) and a restore has everyone who used two-step login enrol again.",
        )
        parser.add_argument("--passphrase-file", help="A file whose first line is the passphrase.")

    def handle(
        self, *args: Any, out: str, include_keys: bool, passphrase_file: str | None, **options: Any
    ) -> None:
        passphrase = None
        if include_keys:
            passphrase = read_passphrase(passphrase_file)
            if not passphrase:
                raise CommandError(
                    f"--include-keys needs a passphrase: --passphrase-file FILE or {PASSPHRASE_ENV}"
                )
        try:
            manifest = backup.backup(Path(out), keys_passphrase=passphrase)
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
        trail = manifest["audit"]
        if trail["checkpoints"]:
            self.stdout.write(
                f"audit trail: the chain up to position {trail['chain_seq']:,}, "
                f"{trail['lines']:,} checkpoint(s)"
            )
        if manifest["keys"]["included"]:
            self.stdout.write(
                f"keys included, encrypted with the passphrase: {', '.join(manifest['keys']['names'])}"
            )
        else:
            self.stdout.write(
                "keys not included: restoring needs the audit key (CHANCERY_AUDIT_KEY or var/audit_key) and "
                "the secret key; keep them apart from this backup. Two-step login seeds are not in it: "
                f"after a restore, {len(manifest['credentials']['second_factors'])} person(s) enrol again"
            )
