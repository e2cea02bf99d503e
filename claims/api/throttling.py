"""Request throttling: per API token (or signed-in person) and per anonymous client address.

Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``anon``, ``user``, and ``search``
for claims:search), set by environment variables; tests override them. Counters live in the
``throttle`` cache (Redis when configured, so every web process shares them).

Fixed-window counters (one ``incr`` per request) rather than DRF's default request-history lists,
whose cost grows with the rate: a consumer allowed thousands of requests a minute would otherwise
make every request read and write a list of thousands of timestamps.
"""

import time

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class WindowThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self):
        # Read on every request (DRF binds rates at import), so settings overrides apply.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.") from None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        self.wait_seconds = (window + 1) * self.duration - now
        key = f"{ident}:{window}"
        cache = caches["throttle"]
        cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return getattr(self, "wait_seconds", None)

    def _ident(self, request) -> str:
        if isinstance(request.auth, Token):
            return f"token:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"address:{self.get_ident(request)}"


class AnonymousThrottle(WindowThrottle):
    """Anonymous clients, per address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return f"{self.scope}:{self._ident(request)}"


class ConsumerThrottle(WindowThrottle):
    """Counts per token when the request carries one, else per signed-in person."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return f"{self.scope}:{self._ident(request)}"


class SearchThrottle(WindowThrottle):
    """An extra limit on claims:search (per token, person or address)."""

    scope = "search"

    def get_cache_key(self, request, view):
        return f"{self.scope}:{self._ident(request)}"
