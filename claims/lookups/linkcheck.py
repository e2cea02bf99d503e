"""The periodic link check: evidence pages that went dead or changed since their snapshot.

Each due link (never checked, or not for ``CLAIMDESK_LINKCHECK_INTERVAL_HOURS``) is fetched
again through the SSRF guard. A page that answers 4xx or cannot be found is ``dead``; a page
whose extracted text hashes differently from the last good snapshot is ``changed`` (and the new
version is kept as a snapshot, so both readings survive); otherwise ``ok``. Timeouts and 5xx say
nothing about the link and leave its status as it was. A link with no good snapshot yet gets one.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from claims.models import Evidence

from .snapshots import is_internal, page_copy, snapshot_record

logger = logging.getLogger(__name__)
L = Evidence.LinkStatus


def evidence_links_due(*, limit: int = 500) -> list[int]:
    cutoff = timezone.now() - timedelta(hours=settings.CLAIMDESK_LINKCHECK_INTERVAL_HOURS)
    due = (
        Evidence.objects.filter(removed_at__isnull=True)
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))
        .exclude(url__startswith=settings.SITE_URL + "/")
        .order_by("link_checked_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return list(due)


def evidence_link_check(*, evidence_id: int) -> str | None:
    """Check one evidence link; returns its link status."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        logger.warning("Evidence %s is gone; no link check.", evidence_id)
        return None
    if is_internal(evidence.url):
        return evidence.link_status
    copy = page_copy(evidence.url)
    now = timezone.now()
    last_good = evidence.snapshots.filter(error="").exclude(content_hash="").first()
    if not copy.alive:
        transient = copy.error_code == "timeout" or (copy.http_status or 0) >= 500
        status = evidence.link_status if transient else L.DEAD
        if last_good is None and not evidence.snapshots.exists():
            snapshot_record(evidence=evidence, copy=copy)
    elif last_good is None:
        snapshot_record(evidence=evidence, copy=copy)
        status = L.OK
    elif last_good.content_hash != copy.content_hash:
        snapshot_record(evidence=evidence, copy=copy)
        status = L.CHANGED
    else:
        # Changed once stays changed until a person looks; a page that came back is no longer dead.
        status = L.CHANGED if evidence.link_status == L.CHANGED else L.OK
    Evidence.objects.filter(pk=evidence.pk).update(link_status=status, link_checked_at=now)
    return status
