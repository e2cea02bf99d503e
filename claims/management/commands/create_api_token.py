"""``python manage.py create_api_token USER``: print the API token of a person (made if missing).

``--rotate`` replaces an existing token (the old one stops working at once).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print the API token of USER, creating it if needed (--rotate to replace it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token.")

    def handle(self, *args, username: str, rotate: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"There is no user named {username!r}; create one first (manage.py createuser)."
            )
        if not user.is_active:
            raise CommandError(
                f"{username} is deactivated; reactivate the account before giving it a token."
            )
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
