"""`chancery audit verify` checks the hash chain, its MACs and its checkpoints; `chancery audit seal` seals
events left pending; `chancery audit checkpoint` anchors the chain's end outside the database now (a timer
runs it every minute, so that the last events before a quiet spell are anchored too)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core import audit

SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = "Verify the audit trail (chain, MACs, checkpoints), seal pending events, or write a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "seal", "checkpoint"])
        parser.add_argument(
            "--checkpoints",
            help="verify against this copy of the checkpoint file (e.g. one kept off the machine) instead of "
            "the configured one",
        )

    def handle(self, *args: Any, operation: str, checkpoints: str | None = None, **options: Any) -> None:
        if operation == "seal":
            self._seal()
        elif operation == "checkpoint":
            self._checkpoint()
        else:
            self._verify(Path(checkpoints) if checkpoints else None)

    def _seal(self) -> None:
        result = audit.seal()
        self.stdout.write(f"sealed {result.sealed} pending event(s)")
        self._checkpoint()
        for pk, why in result.refused.items():
            self.stderr.write(f"REFUSED: event #{pk} left unsealed: {why}")
        if result.refused:
            raise CommandError(
                f"{len(result.refused)} event(s) refused: not written by Chancery "
                "(run `chancery audit verify`)"
            )

    def _checkpoint(self) -> None:
        checkpoint = audit.write_checkpoint()
        if checkpoint is not None:
            where = audit.checkpoint_path()
            self.stdout.write(f"checkpoint #{checkpoint.n} written to {where}: position {checkpoint.seq:,}")
        else:
            self.stdout.write("no new checkpoint: the checkpoint file already ends at the chain head")

    def _verify(self, checkpoints: Path | None) -> None:
        report = audit.verify_chain(checkpoints=checkpoints)
        for problem in report.problems[:SHOWN_PROBLEMS]:
            self.stderr.write(f"TAMPERED: {problem}")
        if len(report.problems) > SHOWN_PROBLEMS:
            self.stderr.write(f"TAMPERED: … and {len(report.problems) - SHOWN_PROBLEMS:,} more")
        if report.unsealed:
            self.stdout.write(f"{report.unsealed} event(s) not sealed yet (run `chancery audit seal`)")
        if report.checkpoint is not None:
            since = f"; {report.after_checkpoint:,} event(s) sealed since" if report.after_checkpoint else ""
            self.stdout.write(
                f"latest checkpoint: #{report.checkpoint.n} of {report.checkpoint.when()}, position "
                f"{report.checkpoint.seq:,} ({report.checkpoint_file}){since}"
            )
        if not report.is_intact:
            raise CommandError(
                f"audit chain broken: {len(report.problems)} problem(s) in {report.checked} events"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events verified"))
