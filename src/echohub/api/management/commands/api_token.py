"""`echohub api_token EMAIL --name NAME [--scope read|write] [--days N]`: issue an API token and
print it (shown only once)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from echohub.accounts.models import User
from echohub.core.errors import DomainError
from echohub.security import services as security


class Command(BaseCommand):
    help = "Create an API token for a person and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address.")
        parser.add_argument(
            "--name", required=True, help="What the token is for (e.g. 'attendance import')."
        )
        parser.add_argument(
            "--scope", choices=["read", "write"], default="write", help="Default: write."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DEFAULT_DAYS,
            help=f"Days until it expires (default {settings.API_TOKEN_DEFAULT_DAYS}).",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        name = str(opts["name"]).strip()
        if not name or len(name) > 100:
            raise CommandError("--name must be 1 to 100 characters.")
        user = User.objects.filter(email__iexact=str(opts["email"]).strip()).first()
        if user is None:
            raise CommandError(f"No person with the email {opts['email']!r}.")
        if not user.is_active:
            raise CommandError("This person's account is deactivated.")
        try:
            token, raw = security.issue_api_token(
                actor=None, user=user, name=name, scope=opts["scope"], days=opts["days"]
            )
        except DomainError as err:
            raise CommandError(err.message) from None
        self.stderr.write(
            f"Token {token.prefix}… '{name}' for {user.email}. Copy it now: it is not shown again."
        )
        self.stdout.write(raw)
