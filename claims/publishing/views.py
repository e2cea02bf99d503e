"""The public pages: a verdict's page, the index of published verdicts with search, the methodology.

Readable without signing in. A published verdict's page carries exactly one ClaimReview JSON-LD
block. A superseded version (a correction replaced it) keeps its page, without markup, pointing to
the current version. A withdrawn (unpublished) verdict's page answers 410 Gone and says it was
withdrawn and why — the URL was public, so readers learn what happened instead of a bare 404.
Proposed or sent-back verdicts are visible to desk staff only (a preview), 404 for everyone else.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from claims.api.search import claim_text_filter

from ..models import EvidenceSnapshot, Verdict
from ..permissions import is_staff_member
from ..ratings import get_rating, scale
from .claimreview import appearances, claimreview_for, claimreview_script, first_version

V = Verdict.Status
PUBLIC_STATUSES = (V.PUBLISHED, V.SUPERSEDED, V.UNPUBLISHED)
INDEX_PAGE_SIZE = 20
CONTEXT_CHARS = 240  # article text shown either side of the claim


def public_verdicts():
    return Verdict.objects.filter(status=V.PUBLISHED).select_related(
        "claim__article__outlet", "proposed_by", "approved_by"
    )


def _get_public_verdict(user, pk) -> Verdict:
    if pk > 2**63 - 1:  # beyond any id the database stores
        raise Http404(f"No published verdict with id {pk}.")
    statuses = list(V.values) if is_staff_member(user) else list(PUBLIC_STATUSES)
    verdict = (
        Verdict.objects.filter(status__in=statuses, pk=pk)
        .select_related("claim__article__outlet", "proposed_by", "approved_by")
        .first()
    )
    if verdict is None:
        raise Http404(f"No published verdict with id {pk}.")
    return verdict


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def correction_history(verdict: Verdict) -> list[Verdict]:
    """Every published version of the claim's verdict that corrected an earlier one, oldest first."""
    return list(
        Verdict.objects.filter(
            claim_id=verdict.claim_id, corrects__isnull=False, published_at__isnull=False
        )
        .select_related("proposed_by")
        .order_by("version")
    )


def current_version(verdict: Verdict) -> Verdict | None:
    """The published version that replaced a superseded one (following the correction chain)."""
    current = verdict
    while current.status == V.SUPERSEDED:
        following = current.corrections.order_by("version").first()
        if following is None:
            return None
        current = following
    return current if current.status == V.PUBLISHED else None


def applied_from(verdict: Verdict) -> Verdict | None:
    """The verdict on another outlet's `same` claim that an editor applied to this claim, if any."""
    if not verdict.applied_from_id:
        return None
    return Verdict.objects.select_related("claim__article__outlet").get(pk=verdict.applied_from_id)


def verdict_evidence(verdict: Verdict) -> list:
    snapshots = EvidenceSnapshot.objects.filter(error="").order_by("-fetched_at")
    evidence = list(
        verdict.evidence.prefetch_related(Prefetch("snapshots", queryset=snapshots)).order_by("id")
    )
    for item in evidence:
        kept = list(item.snapshots.all())
        item.snapshot_date = kept[0].fetched_at if kept else None
    return evidence


def verdict_public(request, pk: int):
    verdict = _get_public_verdict(request.user, pk)
    claim = verdict.claim
    first = first_version(verdict) if verdict.corrects_id else verdict
    context = {
        "verdict": verdict,
        "claim": claim,
        "article": claim.article,
        "before": claim.article.body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
        "after": claim.article.body[claim.end : claim.end + CONTEXT_CHARS],
        "rating": get_rating(verdict.rating),
        "evidence": verdict_evidence(verdict),
        "checked_by": person_name(first.proposed_by),
        "approved_by": person_name(first.approved_by),
        "corrections": correction_history(verdict),
        "appearances": appearances(claim)[1:],
        "current": current_version(verdict) if verdict.status == V.SUPERSEDED else None,
        "claimreview": claimreview_for(verdict) if verdict.status == V.PUBLISHED else None,
        "applied_from": applied_from(verdict),
    }
    if context["claimreview"]:
        context["claimreview_script"] = claimreview_script(context["claimreview"])
    status = 410 if verdict.status == V.UNPUBLISHED else 200
    return render(request, "publishing/verdict.html", context, status=status)


def verdict_index(request):
    query = request.GET.get("q", "").strip()
    # The same word search as the API's claims:search, so both find the same verdicts.
    verdicts = claim_text_filter(public_verdicts(), query).order_by("-published_at", "-id")
    page = Paginator(verdicts, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    for verdict in page.object_list:
        verdict.rating_info = get_rating(verdict.rating)
    return render(request, "publishing/index.html", {"page": page, "query": query})


def methodology(request):
    return render(request, "publishing/methodology.html", {"ratings": scale()})
