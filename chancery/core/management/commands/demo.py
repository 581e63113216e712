"""`chancery demo`: load the demo office (safe to re-run) and print the demo logins."""

from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chancery.core import sqlite
from chancery.core.demo import DEMO_PASSWORD, load_demo
from chancery.core.security import second_factor_is_required


class Command(BaseCommand):
    help = "Load a realistic demo office (units, staff, roles) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=None,
            help="Petitions to add (default: a year at the 2013 volume, 11,670, once).",
        )
        parser.add_argument("--year", type=int, default=None, help="Year the records are dated in.")
        parser.add_argument(
            "--profile",
            choices=["2013"],
            default=None,
            help="A whole year at the volumes the office reported: 2013 (11,670 petitions, 76,520 honours "
            "nominees, 15,450 amnestied, 9 state visits, 43 delegations), dated in that year.",
        )
        parser.add_argument(
            "--documents",
            type=int,
            default=None,
            help="Incoming documents to add, with outgoing ones in the office's proportion "
            "(default: a year's registers, once).",
        )
        parser.add_argument(
            "--honours",
            type=int,
            default=None,
            help="Honours nominees to add in batches (default: a year at the 2013 volume, 76,520, once).",
        )
        parser.add_argument(
            "--amnesty",
            type=int,
            default=None,
            help="Prisoners amnestied in the year's decided campaign (default: the 2013 volume, 15,450, once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["profile"]:
            options["year"] = int(options["profile"])
        self._check_signing()
        from chancery.documents.demo import demo_clock, office_clock

        # loaded outside office hours: what the demo does through the services (their history, signatures
        # and seals) is dated an hour before the close of the last office day, and the clock runs on from it
        with demo_clock(office_clock()):
            self._load(options)

    def _load(self, options: dict[str, Any]) -> None:
        from chancery.petitions import demo as petitions_demo
        from chancery.petitions.models import Petition

        people = load_demo()
        scale = options["scale"]
        if scale is None and not Petition.objects.exists():
            scale = petitions_demo.YEAR_VOLUME
        if scale:
            self.stdout.write(f"Adding {scale:,} petitions...")
            with transaction.atomic():
                added = petitions_demo.load(
                    scale,
                    year=options["year"],
                    progress=lambda n: self.stdout.write(f"  {n:,}") if n % 50_000 == 0 else None,
                )
            self.stdout.write(self.style.SUCCESS(f"{added:,} petitions added."))
        # Each part in one transaction: a part that fails leaves nothing half-loaded, so a rerun does it whole.
        for part, arguments in (
            (self._documents, (options["documents"], options["year"])),
            (self._honours, (options["honours"], options["year"])),
            (self._amnesty, (options["amnesty"], options["year"])),
            (self._legislation, (options["year"],)),
            (self._diplomacy, (options["year"],)),
            (self._programme, (options["year"],)),
            (self._reports, (options["year"],)),
            (self._examples, (options["year"],)),
        ):
            with transaction.atomic():
                part(*arguments)
        sqlite.refresh_statistics()  # the planner's statistics for the data just loaded
        self.stdout.write(
            self.style.SUCCESS(f"Demo office ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for person in people:
            roles = ", ".join(sorted(person.role_codes))
            note = "  (two-step login: set up at first login)" if second_factor_is_required(person) else ""
            self.stdout.write(f"  {person.username:<16} {person.full_name:<24} {roles}{note}")

    def _check_signing(self) -> None:
        """The demo issues documents, which are signed: without a certificate it stops before writing
        anything, and says what to set."""
        from chancery.documents import signing

        try:
            signing.identity()
            signing.identity(signing.PRESIDENT)  # the seal on what is issued in the President's name
        except (ValidationError, ImproperlyConfigured) as error:
            raise CommandError(
                "The demo issues signed documents, and a signing certificate is missing: set "
                "CHANCERY_SIGNING_PKCS12 (and CHANCERY_SIGNING_PASSPHRASE) to the Office's certificate and "
                "CHANCERY_PRESIDENT_SIGNING_PKCS12 (and CHANCERY_PRESIDENT_SIGNING_PASSPHRASE) to the "
                "President's seal, or CHANCERY_SIGNING_TEST_CERTIFICATE=1 for test certificates. Nothing was "
                "loaded. "
                f"({' '.join(getattr(error, 'messages', [str(error)]))})"
            ) from error

    def _documents(self, count: int | None, year: int | None) -> None:
        from chancery.documents import demo as documents_demo
        from chancery.documents.models import IncomingDocument

        if count is None:
            if IncomingDocument.objects.exists():
                return
            count = documents_demo.INCOMING_PER_YEAR
        outgoing = count * documents_demo.OUTGOING_PER_YEAR // documents_demo.INCOMING_PER_YEAR
        self.stdout.write(f"Adding {count:,} incoming and {outgoing:,} outgoing documents...")
        received, issued = documents_demo.load(
            count,
            outgoing,
            year=year,
            examples=False,
            progress=lambda n: self.stdout.write(f"  {n:,}") if n % 50_000 == 0 else None,
        )
        self.stdout.write(
            self.style.SUCCESS(f"{received:,} incoming and {issued:,} outgoing documents added.")
        )

    def _examples(self, year: int | None) -> None:
        """The day's examples made through the services, last: their numbers are printed in their signed
        files, so no later part may renumber them."""
        from chancery.documents import demo as documents_demo

        documents_demo.record_issue_history(year)  # every number is final now
        documents_demo.load_examples(year)

    def _honours(self, count: int | None, year: int | None) -> None:
        from chancery.honours import demo as honours_demo
        from chancery.honours.models import HonoursBatch

        if count is None:
            if HonoursBatch.objects.exists():
                return
            count = honours_demo.YEAR_VOLUME
        self.stdout.write(f"Adding {count:,} honours nominees in batches...")
        added = honours_demo.load(
            count,
            year=year,
            progress=lambda n: self.stdout.write(f"  {n:,}") if n // 20_000 != (n - 1) // 20_000 else None,
        )
        self.stdout.write(self.style.SUCCESS(f"{added:,} honours nominees added."))

    def _amnesty(self, count: int | None, year: int | None) -> None:
        from chancery.amnesty import demo as amnesty_demo
        from chancery.amnesty.models import Campaign

        if count is None:
            if Campaign.objects.exists():
                return
            count = amnesty_demo.YEAR_VOLUME
        if not count:
            return
        self.stdout.write(f"Adding an amnesty campaign with {count:,} prisoners amnestied...")
        granted = amnesty_demo.load(count, year=year)
        self.stdout.write(self.style.SUCCESS(f"{granted:,} prisoners amnestied in the demo campaign."))

    def _legislation(self, year: int | None) -> None:
        from chancery.legislation import demo as legislation_demo
        from chancery.legislation.models import Statute

        if Statute.objects.exists():
            return
        added = legislation_demo.load(year=year)
        drafts = legislation_demo.load_drafts(year=year)
        self.stdout.write(
            self.style.SUCCESS(f"{added} laws and ordinances registered, {drafts} drafts sent for comments.")
        )

    def _programme(self, year: int | None) -> None:
        from chancery.programme import demo as programme_demo
        from chancery.programme.models import KeyTask

        if KeyTask.objects.exists():
            return
        added = programme_demo.load(year=year)
        self.stdout.write(
            self.style.SUCCESS(f"{added} key tasks in the year's programmes and review meetings.")
        )

    def _reports(self, year: int | None) -> None:
        """The drafts the schedule would have made by now (last month's report; for a past year, its last
        month's and its yearly summary, as on the next January's first working days)."""
        from django.utils import timezone

        from chancery.programme import services as programme_services
        from chancery.programme.models import Report

        if Report.objects.exists():
            return
        today = timezone.localdate()
        if year is not None:
            today = min(today, date(year + 1, 1, 10))
        drafted = programme_services.draft_due_reports(today)
        for report in drafted:
            self.stdout.write(
                self.style.SUCCESS(f"Drafted on the schedule from the records: {report.title}.")
            )

    def _diplomacy(self, year: int | None) -> None:
        from chancery.diplomacy import demo as diplomacy_demo
        from chancery.diplomacy.models import Event

        if Event.objects.exists():
            return
        counts = diplomacy_demo.load(year=year)
        held = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Foreign-affairs events added: {held}; treaties at every step.")
        )
