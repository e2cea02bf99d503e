"""createuser USERNAME --role fact-checker|editor [--password P]: for scripts and the demo."""

import secrets

from django.core.management.base import BaseCommand, CommandError

from claims.accounts import user_create_with_role
from claims.permissions import ROLE_GROUPS


class Command(BaseCommand):
    help = "Create (or update) a desk user with a role; prints the password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_GROUPS))
        parser.add_argument("--password", help="Defaults to a random password, printed once.")

    def handle(self, *args, username, role, password, **options):
        password = password or secrets.token_urlsafe(12)
        try:
            user = user_create_with_role(username=username, role=role, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.username} ({role}) password: {password}")
