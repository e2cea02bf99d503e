"""Reads of the related-claims area, for the claim page, the queue and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from claims.models import Claim, ClaimRelation, MatchSuggestion


@dataclass(frozen=True)
class RelatedClaim:
    claim: Claim  # the other claim
    relation: str
    similarity: float
    detail: dict


def related_for_claim(claim: Claim) -> list[RelatedClaim]:
    """The claim's relations, strongest first, each with the other claim, its article and outlet."""
    relations = (
        ClaimRelation.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .select_related("claim_a__article__outlet", "claim_b__article__outlet")
        .order_by("-similarity", "pk")
    )
    return [
        RelatedClaim(
            claim=r.claim_b if r.claim_a_id == claim.pk else r.claim_a,
            relation=r.relation,
            similarity=r.similarity,
            detail=r.detail,
        )
        for r in relations
    ]


def related_data_for_claim(claim: Claim) -> list[dict]:
    """``[{claim, relation, similarity}]``: what every API claim representation carries."""
    return [
        {"claim": item.claim.pk, "relation": item.relation, "similarity": item.similarity}
        for item in related_for_claim(claim)
    ]


def outlet_count_for_claim(claim: Claim) -> int:
    """How many outlets carry the claim: its own and those of its `same` cluster."""
    if claim.cluster_id:
        members = Claim.objects.filter(cluster_id=claim.cluster_id)
    else:
        members = Claim.objects.filter(pk=claim.pk)
    outlets = set()
    for article_id, outlet_id in members.values_list("article_id", "article__outlet_id"):
        outlets.add(("outlet", outlet_id) if outlet_id else ("article", article_id))
    return len(outlets)


def suggestions_for_claim(claim: Claim):
    """Open "already checked" suggestions, strongest first, with what they point at."""
    return (
        MatchSuggestion.objects.filter(claim=claim, status=MatchSuggestion.Status.SUGGESTED)
        .select_related("fact_check", "verdict__claim")
        .order_by("-similarity")
    )


def related_context_for_claim(claim: Claim) -> dict:
    """Everything ``claims/partials/related.html`` needs: ``{% include ... with ... %}`` or merge."""
    return {
        "related": related_for_claim(claim),
        "outlet_count": outlet_count_for_claim(claim),
        "suggestions": list(suggestions_for_claim(claim)),
    }
