"""Desk accounts: creating people with a newsroom role."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from .permissions import ROLE_GROUPS


def user_create_with_role(*, username: str, role: str, password: str) -> User:
    """Create the user, or reset the password and role of an existing one."""
    if role not in ROLE_GROUPS:
        raise ValueError(f"Unknown role {role!r}; use one of {', '.join(sorted(ROLE_GROUPS))}.")
    username = username.strip()
    if not username:
        raise ValueError("A username is required.")
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=ROLE_GROUPS[role])])
    return user
