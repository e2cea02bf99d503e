"""The lookup services: schedule, dispatch, run, retry and sweep lookups; record their evidence.

Contract for the rest of Claimdesk:

- ``lookups_schedule(claims=…, providers=None, requested_by=None)`` records one pending
  ``Lookup`` per claim and provider inside the caller's transaction and hands them to Celery
  once it commits. When the broker cannot be reached the rows stay ``pending``; the sweep
  (``lookups_sweep``, run by Celery beat) sends them when it is back.
- ``lookup_retry(lookup=…, by=…)`` and ``lookups_run_again(claim=…, by=…)`` for the claim page
  and the API.
- ``evidence_record(…)`` turns a provider's finding into the claim's evidence: one row per
  (claim, url), whoever finds it and however often.

A lookup moves pending → queued → running → done | failed. Workers claim a row atomically, so a
message delivered twice runs once; a retry goes back to queued; a row whose worker died is
found by the sweep (running longer than the hard time limit) and sent again until
``CLAIMDESK_LOOKUP_MAX_ATTEMPTS`` is reached, then failed with a reason.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.audit import audit_record
from claims.models import Claim, Evidence, Lookup
from claims.review import workflow

from .providers import Finding, ProviderError, provider_get, provider_label, providers_enabled
from .stance import stance_suggest

logger = logging.getLogger(__name__)

S = Lookup.Status
ACTIVE = (S.PENDING, S.QUEUED, S.RUNNING)


# --- Scheduling and dispatch ------------------------------------------------------------------


def lookups_schedule(
    *, claims: Iterable[Claim], providers: list[str] | None = None, requested_by=None
) -> list[Lookup]:
    """Record a pending lookup per claim and provider; dispatch them after the transaction commits."""
    names = providers if providers is not None else providers_enabled()
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        lookups = Lookup.objects.bulk_create(
            [
                Lookup(claim=claim, provider=name, requested_by=user)
                for claim in claims
                for name in names
            ]
        )
        ids = [lookup.pk for lookup in lookups]
        if ids:
            transaction.on_commit(lambda: lookups_dispatch(lookup_ids=ids))
    return lookups


def lookups_schedule_for_article(*, article, requested_by=None) -> list[Lookup]:
    """Look up every claim of a freshly ingested article at or above the check-worthiness threshold."""
    threshold = float(settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD)
    claims = article.claims.filter(checkworthiness__gte=threshold)
    return lookups_schedule(claims=claims, requested_by=requested_by)


def lookups_dispatch(*, lookup_ids: list[int]) -> int:
    """Hand lookups to the broker; returns how many went. Stops at the first broker failure and
    leaves the rest pending for the sweep."""
    from .tasks import lookup_run_task

    sent: list[int] = []
    try:
        with lookup_run_task.app.producer_or_acquire() as producer:
            for lookup_id in lookup_ids:
                # Time limits travel with the message (the worker obeys the publisher's values).
                lookup_run_task.apply_async(
                    (lookup_id,),
                    producer=producer,
                    soft_time_limit=settings.CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT,
                    time_limit=settings.CLAIMDESK_LOOKUP_TIME_LIMIT,
                )
                sent.append(lookup_id)
    except Exception:  # noqa: BLE001 - the broker is down or refusing: the sweep sends them later
        logger.warning(
            "Could not queue %d lookup(s) (broker unreachable?); they stay pending for the sweep.",
            len(lookup_ids) - len(sent),
            exc_info=True,
        )
    finally:
        # Only a pending row becomes queued: a worker may already have moved it on.
        now = timezone.now()
        for start in range(0, len(sent), 1000):
            Lookup.objects.filter(pk__in=sent[start : start + 1000], status=S.PENDING).update(
                status=S.QUEUED, dispatched_at=now, updated_at=now
            )
    return len(sent)


# --- Running one lookup -----------------------------------------------------------------------


@dataclass
class LookupOutcome:
    lookup: Lookup
    retry_in: float | None = None  # seconds until the next attempt, when one is due


def running_stale_before():
    """A lookup running since before this has outlived the hard time limit: its worker died."""
    return timezone.now() - timedelta(
        seconds=settings.CLAIMDESK_LOOKUP_TIME_LIMIT + settings.CLAIMDESK_LOOKUP_RUNNING_GRACE
    )


def lookup_taken_elsewhere(lookup: Lookup) -> bool:
    """Running in a live worker (a duplicate message should leave it alone)."""
    return (
        lookup.status == S.RUNNING
        and bool(lookup.started_at)
        and lookup.started_at >= running_stale_before()
    )


def lookup_claim(*, lookup_id: int) -> Lookup | None:
    """Take a lookup for this worker, atomically; None when someone else has it or it is finished."""
    now = timezone.now()
    stale = running_stale_before()
    claimed = (
        Lookup.objects.filter(pk=lookup_id, attempts__lt=settings.CLAIMDESK_LOOKUP_MAX_ATTEMPTS)
        .filter(Q(status__in=[S.PENDING, S.QUEUED]) | Q(status=S.RUNNING, started_at__lt=stale))
        .update(status=S.RUNNING, attempts=F("attempts") + 1, started_at=now, updated_at=now)
    )
    if not claimed:
        return None
    return Lookup.objects.select_related("claim__article").get(pk=lookup_id)


def lookup_perform(*, lookup: Lookup) -> LookupOutcome:
    """Ask the lookup's provider and record what it found. The lookup must be claimed (running)."""
    provider = provider_get(lookup.provider)
    if provider is None:
        return _finish_failed(
            lookup,
            f"There is no provider called “{lookup.provider}”; check CLAIMDESK_LOOKUP_PROVIDERS.",
        )
    try:
        findings = provider.search(lookup.claim)
    except ProviderError as error:
        return _handle_provider_error(lookup, error)
    except SoftTimeLimitExceeded:  # the worker's soft time limit: a timeout like any other
        limit = settings.CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT
        return _handle_provider_error(
            lookup,
            ProviderError(
                f"{provider.label} did not answer within {limit:g} seconds.", retryable=True
            ),
        )
    except Exception:
        logger.exception("Lookup %s (%s) failed unexpectedly", lookup.pk, lookup.provider)
        return _finish_failed(
            lookup,
            f"Something went wrong while searching {provider.label}; press Retry to try again.",
        )
    # One transaction for the evidence and the lookup's new state: fewer commits per lookup.
    with transaction.atomic():
        found = len(
            evidence_record_findings(
                claim=lookup.claim, findings=findings, provider=lookup.provider, lookup=lookup
            )
        )
        now = timezone.now()
        done = Lookup.objects.filter(pk=lookup.pk, status=S.RUNNING).update(
            status=S.DONE, results=found, error="", finished_at=now, updated_at=now
        )
    if done:
        lookup.status, lookup.results, lookup.error, lookup.finished_at = S.DONE, found, "", now
    else:
        logger.warning("Lookup %s was taken over while it ran; its evidence is kept.", lookup.pk)
        lookup.refresh_from_db()
    return LookupOutcome(lookup)


def backoff_seconds(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter; a provider's Retry-After wins when it asks for longer."""
    base = float(settings.CLAIMDESK_LOOKUP_BACKOFF_BASE)
    cap = float(settings.CLAIMDESK_LOOKUP_BACKOFF_MAX)
    delay = min(cap, base * 2 ** max(0, attempt - 1)) * random.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, min(cap, retry_after) + random.uniform(0, 1))
    return round(delay, 2)


def _handle_provider_error(lookup: Lookup, error: ProviderError) -> LookupOutcome:
    maximum = settings.CLAIMDESK_LOOKUP_MAX_ATTEMPTS
    if not error.retryable:
        return _finish_failed(lookup, error.message)
    if lookup.attempts >= maximum:
        return _finish_failed(
            lookup,
            f"{error.message} Gave up after {lookup.attempts} attempts; press Retry to try again later.",
        )
    delay = backoff_seconds(lookup.attempts, error.retry_after)
    Lookup.objects.filter(pk=lookup.pk, status=S.RUNNING).update(
        status=S.QUEUED,
        error=f"{error.message} (attempt {lookup.attempts} of {maximum}; next try in {delay:.0f} s)",
        dispatched_at=timezone.now(),
        updated_at=timezone.now(),
    )
    lookup.refresh_from_db()
    return LookupOutcome(lookup, retry_in=delay)


def _finish_failed(lookup: Lookup, reason: str) -> LookupOutcome:
    Lookup.objects.filter(pk=lookup.pk, status=S.RUNNING).update(
        status=S.FAILED, error=reason, finished_at=timezone.now(), updated_at=timezone.now()
    )
    lookup.refresh_from_db()
    return LookupOutcome(lookup)


# --- Evidence ---------------------------------------------------------------------------------


def evidence_record(
    *, claim: Claim, finding: Finding, provider: str, lookup: Lookup | None = None
) -> tuple[Evidence | None, bool]:
    """One provider finding as the claim's evidence; see ``evidence_record_findings``.
    Returns (evidence, created); evidence is None when the finding's URL is unusable."""
    recorded = evidence_record_findings(
        claim=claim, findings=[finding], provider=provider, lookup=lookup
    )
    return recorded[0] if recorded else (None, False)


FILLABLE = ("title", "excerpt", "publisher", "published_at", "relevance", "suggested_stance")


def evidence_record_findings(
    *, claim: Claim, findings: list[Finding], provider: str, lookup: Lookup | None = None
) -> list[tuple[Evidence, bool]]:
    """A provider's findings as the claim's evidence: one row per (claim, url), whoever finds it.

    New URLs are inserted in one statement that skips rows a concurrent lookup (or a person)
    inserted first — the unique constraint decides — and rows that already existed only get
    their blanks filled: a person's words are never overwritten. New rows are audited and
    snapshotted after commit. Returns (evidence, created) per usable URL, in finding order.
    """
    wanted: dict[str, dict] = {}
    for finding in findings:
        url = (finding.url or "").strip()[:2000]
        if url.startswith(("http://", "https://")) and url not in wanted:
            wanted[url] = {
                "title": (finding.title or "")[:500],
                "excerpt": finding.excerpt or "",
                "publisher": (finding.publisher or "")[:200],
                "published_at": finding.published_at,
                "provider": provider,
                "lookup": lookup,
                "relevance": finding.relevance,
                "suggested_stance": finding.stance
                or stance_suggest(
                    rating=finding.rating,
                    passage=finding.excerpt,
                    coverage=finding.relevance or 0.0,
                ),
            }
    if not wanted:
        return []
    from .snapshots import snapshot_schedule

    with transaction.atomic():
        existing = {e.url: e for e in Evidence.objects.filter(claim=claim, url__in=list(wanted))}
        fresh = [url for url in wanted if url not in existing]
        if fresh:
            Evidence.objects.bulk_create(
                [Evidence(claim=claim, url=url, **wanted[url]) for url in fresh],
                ignore_conflicts=True,
            )
            existing.update({e.url: e for e in Evidence.objects.filter(claim=claim, url__in=fresh)})
        recorded = []
        for url, values in wanted.items():
            evidence = existing[url]
            created = url in fresh and (lookup is None or evidence.lookup_id == lookup.pk)
            if created:
                audit_record(
                    actor=None,
                    action="evidence.found",
                    claim=claim,
                    changes={
                        "url": url,
                        "provider": provider,
                        "suggested_stance": evidence.suggested_stance,
                    },
                )
                snapshot_schedule(evidence=evidence)
            else:
                missing = {
                    name: values[name]
                    for name in FILLABLE
                    if values[name] and not getattr(evidence, name)
                }
                if missing:
                    Evidence.objects.filter(pk=evidence.pk).update(**missing)
                    for name, value in missing.items():
                        setattr(evidence, name, value)
            recorded.append((evidence, created))
    return recorded


# --- People asking for lookups ----------------------------------------------------------------


def lookup_retry(*, lookup: Lookup, by) -> Lookup:
    """Run one lookup again (failed, done, or stuck waiting). A running lookup is left alone."""
    workflow.require(by, "run_lookups")
    with transaction.atomic():
        lookup = Lookup.objects.select_for_update().select_related("claim").get(pk=lookup.pk)
        if lookup.status == S.RUNNING:
            raise workflow.WorkflowError(
                "This lookup is running now; wait for it to finish before retrying."
            )
        before = lookup.status
        lookup.status, lookup.attempts, lookup.error = S.PENDING, 0, ""
        lookup.started_at = lookup.finished_at = lookup.dispatched_at = None
        lookup.requested_by = by
        lookup.save()
        audit_record(
            actor=by,
            action="lookup.retried",
            claim=lookup.claim,
            changes={
                "lookup": lookup.pk,
                "provider": lookup.provider,
                "status": [before, S.PENDING],
            },
        )
        transaction.on_commit(lambda: lookups_dispatch(lookup_ids=[lookup.pk]))
    return lookup


def lookups_run_again(*, claim: Claim, by, providers: list[str] | None = None) -> list[Lookup]:
    """Look the claim up again with every enabled provider that is not already at work on it."""
    workflow.require(by, "run_lookups")
    names = providers if providers is not None else providers_enabled()
    with transaction.atomic():
        busy = set(claim.lookups.filter(status__in=ACTIVE).values_list("provider", flat=True))
        lookups = lookups_schedule(
            claims=[claim], providers=[n for n in names if n not in busy], requested_by=by
        )
        audit_record(
            actor=by,
            action="lookups.requested",
            claim=claim,
            changes={"providers": [lookup.provider for lookup in lookups]},
        )
    return lookups


# --- The sweep --------------------------------------------------------------------------------


def lookups_sweep() -> dict[str, int]:
    """Send what never reached the broker, and recover lookups lost with a worker.

    - running longer than the hard time limit (plus grace): the worker died. Sent again, or
      failed with a reason once ``CLAIMDESK_LOOKUP_MAX_ATTEMPTS`` attempts were used;
    - queued for longer than ``CLAIMDESK_LOOKUP_QUEUED_STALE``: the message was lost; sent again
      (a duplicate message is harmless, the worker's claim lets one through);
    - pending for longer than ``CLAIMDESK_LOOKUP_PENDING_GRACE``: the broker was down at commit.
    """
    now = timezone.now()
    maximum = settings.CLAIMDESK_LOOKUP_MAX_ATTEMPTS
    counts = {"failed": 0, "restarted": 0, "requeued": 0, "sent": 0}
    stale_running = running_stale_before()
    for lookup in Lookup.objects.filter(status=S.RUNNING, started_at__lt=stale_running):
        label = provider_label(lookup.provider)
        row = Lookup.objects.filter(pk=lookup.pk, status=S.RUNNING, started_at=lookup.started_at)
        if lookup.attempts >= maximum:
            counts["failed"] += row.update(
                status=S.FAILED,
                finished_at=now,
                updated_at=now,
                error=f"Searching {label} was interrupted {lookup.attempts} times (the worker stopped or "
                "the search ran past the time limit); press Retry to try again.",
            )
        else:
            counts["restarted"] += row.update(
                status=S.PENDING,
                updated_at=now,
                error=f"The worker searching {label} stopped; the lookup will run again.",
            )
    stale_queued = now - timedelta(seconds=settings.CLAIMDESK_LOOKUP_QUEUED_STALE)
    counts["requeued"] = Lookup.objects.filter(
        status=S.QUEUED, dispatched_at__lt=stale_queued
    ).update(status=S.PENDING, updated_at=now)
    # Rows just reset above are due now; fresh pending rows get a grace period for their on_commit.
    pending_before = now - timedelta(seconds=settings.CLAIMDESK_LOOKUP_PENDING_GRACE)
    due = list(
        Lookup.objects.filter(status=S.PENDING)
        .filter(Q(created_at__lt=pending_before) | Q(updated_at__gte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:5000]
    )
    if due:
        counts["sent"] = lookups_dispatch(lookup_ids=due)
    if any(counts.values()):
        logger.info("Lookup sweep: %s", counts)
    return counts
