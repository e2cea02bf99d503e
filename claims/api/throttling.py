"""Request throttling: per API token (or signed-in person) and per anonymous client address.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``anon``, ``user``, and the scoped
``search`` for claims:search), set by environment variables; tests override them. Counters live in
the ``throttle`` cache (Redis when configured, so every web process shares them).
"""

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class _ThrottleCache:
    cache = property(lambda self: caches["throttle"])

    def get_rate(self):
        # Read the rates on every request (DRF binds them at import), so settings overrides apply.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.") from None


class AnonymousThrottle(_ThrottleCache, AnonRateThrottle):
    scope = "anon"


class ConsumerThrottle(_ThrottleCache, UserRateThrottle):
    """Counts per token when the request carries one, else per signed-in person."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        if isinstance(request.auth, Token):
            ident = f"token:{request.auth.pk}"
        else:
            ident = f"user:{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SearchThrottle(_ThrottleCache, ScopedRateThrottle):
    """An extra, scoped limit on the search endpoint (per token, person or address)."""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, Token):
            ident = f"token:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
