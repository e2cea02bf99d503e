"""Evidence that survives link rot: what each evidence page said when we fetched it.

``snapshot_schedule(evidence=…)`` queues a snapshot once the transaction commits (the review
services call it for evidence a person adds; ``services.evidence_record`` for evidence a lookup
finds). ``evidence_snapshot_take`` fetches the page through the SSRF guard and limits of URL
ingestion and keeps its extracted text, title, HTTP status, fetch time and a hash of the text.
Links into Claimdesk itself (archive articles, earlier verdicts) need no snapshot: the desk keeps
them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from claims.ingest.fetch import HTML_TYPES, TEXT_TYPES, FetchError, guarded_fetch
from claims.models import Evidence, EvidenceSnapshot

logger = logging.getLogger(__name__)

MAX_TEXT = 200_000


@dataclass
class PageCopy:
    """One fetch of an evidence page: what a snapshot stores."""

    http_status: int | None
    title: str = ""
    text: str = ""
    content_hash: str = ""
    error: str = ""
    error_code: str = ""  # FetchError's code, or "http_status"

    @property
    def alive(self) -> bool:
        return not self.error


def is_internal(url: str) -> bool:
    return url.startswith(settings.SITE_URL + "/")


def page_copy(url: str) -> PageCopy:
    """Fetch ``url`` behind the SSRF guard and extract its title and text."""
    try:
        page = guarded_fetch(url, raise_for_status=False)
    except FetchError as error:
        return PageCopy(http_status=None, error=error.message, error_code=error.code)
    if page.status >= 400:
        return PageCopy(
            http_status=page.status,
            error=f"The page answered with HTTP status {page.status}.",
            error_code="http_status",
        )
    title, text = "", ""
    if page.content_type in HTML_TYPES or page.content_type in TEXT_TYPES:
        try:
            raw = page.text()
        except FetchError:
            raw = page.content.decode("utf-8", "replace")
        if page.content_type in HTML_TYPES:
            from claims.ingest.html import parse_html

            parsed = parse_html(raw, url=page.url)
            title, text = parsed.title or "", parsed.body or ""
        else:
            text = raw
    text = " ".join(text.split())[:MAX_TEXT]
    # The hash is of the extracted text, so a page whose adverts or markup change is not "changed".
    digest = hashlib.sha256(text.encode() if text else page.content).hexdigest()
    return PageCopy(http_status=page.status, title=title[:500], text=text, content_hash=digest)


def snapshot_schedule(*, evidence: Evidence) -> None:
    """Queue a snapshot of the evidence page after the current transaction commits."""
    if is_internal(evidence.url):
        return
    evidence_id = evidence.pk
    transaction.on_commit(lambda: _dispatch(evidence_id))


def _dispatch(evidence_id: int) -> None:
    from .tasks import evidence_snapshot_task

    try:
        evidence_snapshot_task.delay(evidence_id)
    except Exception:  # noqa: BLE001 - broker down: the link check snapshots pages that have none
        logger.warning(
            "Could not queue the snapshot of evidence %s; the link check will take it.", evidence_id
        )


def snapshot_record(*, evidence: Evidence, copy: PageCopy) -> EvidenceSnapshot:
    return EvidenceSnapshot.objects.create(
        evidence=evidence,
        http_status=copy.http_status,
        title=copy.title,
        text=copy.text,
        content_hash=copy.content_hash,
        error=copy.error,
    )


def evidence_snapshot_take(*, evidence_id: int) -> EvidenceSnapshot | None:
    """Snapshot an evidence page once: a repeated task returns the snapshot already taken."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        logger.warning("Evidence %s is gone; no snapshot.", evidence_id)
        return None
    if is_internal(evidence.url):
        return None
    existing = evidence.snapshots.filter(error="").first()
    if existing is not None:
        return existing
    copy = page_copy(evidence.url)
    snapshot = snapshot_record(evidence=evidence, copy=copy)
    Evidence.objects.filter(pk=evidence.pk).update(
        link_status=Evidence.LinkStatus.OK if copy.alive else Evidence.LinkStatus.DEAD,
        link_checked_at=snapshot.fetched_at,
    )
    return snapshot
