"""The interface every evidence provider implements, and the JSON-over-HTTP plumbing they share.

A provider is a small class with a ``name`` (stored on the lookup), a ``label`` (shown to people)
and ``search(claim) -> list[Finding]``. It raises ``ProviderError`` when it cannot answer; the
error says whether trying again may help (timeouts, 5xx, 429) and how long to wait
(``Retry-After``), and its message is a sentence a person can read on the claim page.

Every outbound request goes through the SSRF-guarded fetcher of the ingest stage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.conf import settings

from claims.ingest.fetch import FetchError, guarded_fetch

RETRYABLE_FETCH_CODES = {"timeout", "unreachable"}


@dataclass
class Finding:
    """One search result, before it becomes an Evidence row."""

    url: str
    title: str = ""
    excerpt: str = ""
    publisher: str = ""
    published_at: datetime | None = None
    relevance: float | None = None
    rating: str = ""  # a fact-checker's textual rating, when the source is a fact-check
    stance: str = ""  # a provider that knows better than the text heuristic sets this


class ProviderError(Exception):
    """A provider could not answer. ``retryable`` says whether trying again later may help."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after


class Provider:
    name = ""
    label = ""

    def search(self, claim) -> list[Finding]:  # pragma: no cover - the interface
        raise NotImplementedError

    def limit(self) -> int:
        return int(getattr(settings, "CLAIMDESK_LOOKUP_MAX_RESULTS", 5))


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def fetch_json(url: str, *, label: str, headers: dict[str, str] | None = None) -> object:
    """GET ``url`` through the SSRF guard and decode its JSON, or raise ``ProviderError``."""
    timeout = float(getattr(settings, "CLAIMDESK_LOOKUP_HTTP_TIMEOUT", 10))
    max_bytes = int(getattr(settings, "CLAIMDESK_LOOKUP_MAX_BYTES", 2 * 1024 * 1024))
    try:
        page = guarded_fetch(
            url,
            headers={"Accept": "application/json", **(headers or {})},
            timeout=timeout,
            max_bytes=max_bytes,
            raise_for_status=False,
        )
    except FetchError as error:
        if error.code in RETRYABLE_FETCH_CODES:
            reason = "did not answer in time" if error.code == "timeout" else "could not be reached"
            raise ProviderError(
                f"{label} {reason}; the lookup will be tried again.", retryable=True
            ) from None
        if error.code == "too_large":
            raise ProviderError(
                f"{label} sent an answer larger than {max_bytes // 1024:,} KB, which Claimdesk does not read.",
                retryable=False,
            ) from None
        raise ProviderError(
            f"{label} could not be asked: {error.message}", retryable=False
        ) from None

    if page.status == 429:
        raise ProviderError(
            f"{label} says too many requests were made (HTTP 429); the lookup will wait and try again.",
            retryable=True,
            retry_after=retry_after_seconds(page.headers.get("retry-after")),
        )
    if page.status >= 500:
        raise ProviderError(
            f"{label} had an internal error (HTTP {page.status}); the lookup will be tried again.",
            retryable=True,
            retry_after=retry_after_seconds(page.headers.get("retry-after")),
        )
    if page.status >= 400:
        detail = _error_detail(page.content)
        raise ProviderError(
            f"{label} refused the search (HTTP {page.status}{': ' + detail if detail else ''}); "
            "check the provider's settings (address, API key), then retry.",
            retryable=False,
        )
    try:
        return json.loads(page.content.decode(page.charset or "utf-8"))
    except (UnicodeDecodeError, LookupError, ValueError):
        raise ProviderError(
            f"{label} answered with something that is not valid JSON; the provider may have changed "
            "its format or the address may be wrong.",
            retryable=False,
        ) from None


def _error_detail(content: bytes) -> str:
    """The message of a Google- or MediaWiki-style JSON error body, if there is one."""
    try:
        body = json.loads(content[:20000])
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error.get("info") or "")[:200]
    return ""


def malformed(label: str, what: str) -> ProviderError:
    return ProviderError(
        f"{label} answered in an unexpected shape ({what}); the provider may have changed its format.",
        retryable=False,
    )


def parse_date(value) -> datetime | None:
    """An ISO date or datetime from a provider, as an aware datetime; None when it isn't one."""
    if not value or not isinstance(value, str):
        return None
    from django.utils.dateparse import parse_date as django_parse_date
    from django.utils.dateparse import parse_datetime

    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = django_parse_date(value[:10])
            parsed = datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def query_for(claim, *, max_chars: int = 200) -> str:
    """The claim text as a search query, trimmed at a word boundary."""
    text = " ".join((claim.text or "").split())
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0]
