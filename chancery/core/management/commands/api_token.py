"""`chancery api_token USERNAME`: issue an API token for a person from the server's console (scripts, the
production smoke test). The person's previous token stops working; a person who must use two-step login
gets no token here: only from their own session, after the second factor."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core.models import User
from chancery.core.tokens import issue_api_token


class Command(BaseCommand):
    help = "Issue an API token for a person (printed once; only its digest is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with the user name {username!r}.")
        try:
            issued = issue_api_token(user=user, second_factor_verified=False, from_console=True)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        expires = issued.token.expires_at.isoformat(timespec="minutes")
        self.stdout.write(f"Generated token {issued.key} for user {user.username} (expires {expires})")
