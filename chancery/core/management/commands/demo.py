"""`chancery demo`: load the demo office (safe to re-run) and print the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand

from chancery.core.demo import DEMO_PASSWORD, load_demo
from chancery.core.security import second_factor_is_required


class Command(BaseCommand):
    help = "Load a realistic demo office (units, staff, roles) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        people = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo office ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for person in people:
            roles = ", ".join(sorted(person.role_codes))
            note = "  (two-step login: set up at first login)" if second_factor_is_required(person) else ""
            self.stdout.write(f"  {person.username:<16} {person.full_name:<24} {roles}{note}")
