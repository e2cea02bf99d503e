"""Celery tasks of the lookup stage. Thin: they take ids, claim the work, call the services.

``lookup_run_task`` is acks_late with reject-on-worker-lost (a killed worker's message goes back
to the queue) and idempotent (the row is claimed atomically, evidence is unique per claim and
URL). Retries are scheduled by the service's verdict on the error — timeouts, 5xx and 429 with
backoff and jitter, never 4xx or malformed answers — so ``max_retries`` is None here and the
cap lives in ``CLAIMDESK_LOOKUP_MAX_ATTEMPTS`` on the row.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from claims.models import Lookup

from . import linkcheck, services, snapshots
from .throttle import provider_slot_release, provider_slot_wait

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
    soft_time_limit=settings.CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT,
    time_limit=settings.CLAIMDESK_LOOKUP_TIME_LIMIT,
)
def lookup_run_task(self, lookup_id: int) -> str | None:
    """Run one lookup; returns its final or interim status."""
    lookup = (
        Lookup.objects.filter(pk=lookup_id).only("id", "provider", "status", "started_at").first()
    )
    if lookup is None:
        logger.warning("Lookup %s is gone; nothing to run.", lookup_id)
        return None
    if lookup.status in (
        Lookup.Status.DONE,
        Lookup.Status.FAILED,
    ) or services.lookup_taken_elsewhere(lookup):
        return lookup.status  # a duplicate message
    wait = provider_slot_wait(provider=lookup.provider, lookup_id=lookup_id)
    if wait > 0:
        # The provider is at its rate limit or concurrency cap: ask again later, no attempt used.
        Lookup.objects.filter(pk=lookup_id, status=Lookup.Status.QUEUED).update(
            dispatched_at=timezone.now()
        )
        return _again(self, lookup_id, wait)
    try:
        claimed = services.lookup_claim(lookup_id=lookup_id)
        if claimed is None:
            return None
        outcome = services.lookup_perform(lookup=claimed)
    finally:
        provider_slot_release(provider=lookup.provider, lookup_id=lookup_id)
    if outcome.retry_in is not None:
        return _again(self, lookup_id, outcome.retry_in)
    return outcome.lookup.status


def _again(task, lookup_id: int, countdown: float):
    """Run the lookup again after ``countdown`` seconds, through the broker. In-process (the demo
    without Redis, unit tests) there is no queue to wait in: it runs again at once."""
    if task.request.is_eager:
        return task.run(lookup_id)
    raise task.retry(countdown=countdown)


@shared_task(acks_late=True)
def lookups_sweep_task() -> dict[str, int]:
    """Celery beat: send pending lookups and recover lost ones."""
    return services.lookups_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def evidence_snapshot_task(evidence_id: int) -> int | None:
    """Keep what an evidence page says now; returns the snapshot id."""
    snapshot = snapshots.evidence_snapshot_take(evidence_id=evidence_id)
    return snapshot.pk if snapshot else None


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def evidence_link_check_task(evidence_id: int) -> str | None:
    return linkcheck.evidence_link_check(evidence_id=evidence_id)


@shared_task(acks_late=True)
def evidence_links_check_task() -> int:
    """Celery beat: check the links that are due."""
    ids = linkcheck.evidence_links_due()
    for evidence_id in ids:
        evidence_link_check_task.delay(evidence_id)
    return len(ids)
