"""`chancery jobs recover`: queue again the jobs whose worker stopped mid-way (run it every minute from a
timer; deploy/systemd/chancery-recover.timer), and remove the files of uploads no job took within a day or
whose job ended a week ago."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chancery.core import jobs


class Command(BaseCommand):
    help = "Queue again the running jobs whose worker stopped (no heartbeat); they carry on where they were."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["recover"])
        parser.add_argument(
            "--stale-after",
            type=int,
            default=int(jobs.STALE_AFTER.total_seconds()),
            help="Seconds without a heartbeat after which a running job's worker is taken as stopped.",
        )

    def handle(self, *args: Any, operation: str, stale_after: int, **options: Any) -> None:
        recovered = jobs.recover_stale(stale_after=timedelta(seconds=stale_after))
        if recovered:
            self.stdout.write(f"requeued {len(recovered)} job(s): {', '.join(f'#{pk}' for pk in recovered)}")
        else:
            self.stdout.write("no job lost its worker")
        if removed := jobs.purge_uploads():
            self.stdout.write(f"removed {removed} uploaded file(s) no job needs any more")
