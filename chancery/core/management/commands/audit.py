"""`chancery audit verify` checks the hash chain; `chancery audit seal` seals events left pending."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core import audit


class Command(BaseCommand):
    help = "Verify or seal the audit trail's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "seal"])

    def handle(self, *args: Any, operation: str, **options: Any) -> None:
        if operation == "seal":
            self.stdout.write(f"sealed {audit.seal_pending()} pending event(s)")
            return
        report = audit.verify_chain()
        for problem in report.problems:
            self.stderr.write(f"TAMPERED: {problem}")
        if report.unsealed:
            self.stdout.write(f"{report.unsealed} event(s) not sealed yet (run `chancery audit seal`)")
        if not report.is_intact:
            raise CommandError(
                f"audit chain broken: {len(report.problems)} problem(s) in {report.checked} events"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events verified"))
