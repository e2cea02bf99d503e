"""Earlier verdicts of this desk (published or proposed) on claims that say the same thing.

Candidates share a content word with the claim; similarity is rapidfuzz's token-set ratio of
the normalised texts, so word order and extra words matter little. Only verdicts at or above
``CLAIMDESK_LOOKUP_VERDICT_MIN_SIMILARITY`` count.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from rapidfuzz import fuzz

from claims.matching.normalisation import text_normalise
from claims.models import Verdict
from claims.ratings import get_rating

from ..stance import stance_from_rating
from .archive import claim_terms
from .base import Finding, Provider


def claim_page_url(claim_id: int) -> str:
    for name in ("claim_detail", "claim_page"):
        try:
            return settings.SITE_URL + reverse(name, args=[claim_id])
        except NoReverseMatch:
            continue
    return f"{settings.SITE_URL}/claims/{claim_id}/"


class EarlierVerdictsProvider(Provider):
    name = "verdicts"
    label = "This desk's earlier verdicts"

    def search(self, claim) -> list[Finding]:
        terms = claim_terms(claim.text, limit=6)
        if not terms:
            return []
        minimum = float(getattr(settings, "CLAIMDESK_LOOKUP_VERDICT_MIN_SIMILARITY", 0.6))
        verdicts = (
            Verdict.objects.exclude(claim=claim)
            .filter(status__in=[Verdict.Status.PUBLISHED, Verdict.Status.PROPOSED])
            .filter(reduce(or_, (Q(claim__text__icontains=term) for term in terms)))
            .select_related("claim")
            .order_by("-proposed_at")[:500]
        )
        query = text_normalise(claim.text).lower()
        best: dict[int, Finding] = {}
        for verdict in verdicts:
            similarity = (
                fuzz.token_set_ratio(query, text_normalise(verdict.claim.text).lower()) / 100
            )
            if similarity < minimum or verdict.claim_id in best:
                continue
            rating = get_rating(verdict.rating)
            label = rating.label if rating else verdict.rating
            state = (
                "published"
                if verdict.status == Verdict.Status.PUBLISHED
                else "proposed, not published"
            )
            best[verdict.claim_id] = Finding(
                url=claim_page_url(verdict.claim_id),
                title=f"Our verdict: {label} — “{verdict.claim.text[:200]}”",
                excerpt=f"{verdict.summary} ({state}, version {verdict.version})",
                publisher=settings.CLAIMDESK_ORGANISATION["name"],
                published_at=verdict.published_at or verdict.proposed_at,
                relevance=round(similarity, 3),
                rating=label,
                stance=stance_from_rating(label),
            )
        return sorted(best.values(), key=lambda f: f.relevance or 0, reverse=True)[: self.limit()]
