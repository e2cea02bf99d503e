"""Reads for the lookups panel on the claim page."""

from __future__ import annotations

from claims.models import Claim, Evidence, Lookup

from .providers import provider_label

ACTIVE = (Lookup.Status.PENDING, Lookup.Status.QUEUED, Lookup.Status.RUNNING)
# What a person sees for each state: "pending" (not yet with the broker) reads as queued.
STATE_LABELS: dict[str, str] = {
    Lookup.Status.PENDING: "queued",
    Lookup.Status.QUEUED: "queued",
    Lookup.Status.RUNNING: "running",
    Lookup.Status.DONE: "done",
    Lookup.Status.FAILED: "failed",
}


def latest_lookups(claim: Claim) -> list[Lookup]:
    """The newest lookup per provider (earlier runs are history), in provider order of first run."""
    latest: dict[str, Lookup] = {}
    for lookup in claim.lookups.order_by("created_at", "id"):
        latest.pop(lookup.provider, None)
        latest[lookup.provider] = lookup
    rows = sorted(latest.values(), key=lambda lookup: lookup.pk)
    for lookup in rows:
        lookup.label = provider_label(lookup.provider)  # type: ignore[attr-defined]
        lookup.state = STATE_LABELS.get(lookup.status, lookup.status)  # type: ignore[attr-defined]
    return rows


def lookups_panel_context(
    claim: Claim, *, embedded: bool = True, evidence_seen: int | None = None
) -> dict:
    """Everything ``claims/partials/lookups.html`` needs: ``claim``, ``lookups``, ``evidence``.

    ``embedded`` is True on the claim page, which lists the evidence itself; the panel then only
    says how many new links arrived since the page was drawn (``evidence_seen``).
    """
    lookups = latest_lookups(claim)
    evidence = list(
        Evidence.objects.filter(claim=claim, removed_at__isnull=True).select_related(
            "stance_confirmed_by", "added_by"
        )
    )
    for item in evidence:
        item.provider_label = provider_label(item.provider) if item.provider else ""  # type: ignore[attr-defined]
    count = len(evidence)
    return {
        "claim": claim,
        "lookups": lookups,
        "evidence": evidence,
        "active": any(lookup.status in ACTIVE for lookup in lookups),
        "embedded": embedded,
        "evidence_count": count,
        "evidence_seen": count if evidence_seen is None else evidence_seen,
        "new_evidence": max(0, count - evidence_seen) if evidence_seen is not None else 0,
    }
