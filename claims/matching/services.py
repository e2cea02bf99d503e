"""Writes of the related-claims area: relations between claims and "already checked" suggestions.

``relations_find_for_claims`` is the contract: the ingest service calls it once an article's
claims are saved. For each new claim it

1. gathers candidates (``candidates``: full-text search, never the whole desk in Python), ranks
   them with the desk's scorer and measures each one's similarity (``similarity``);
2. stores ``same`` (>= CLAIMDESK_MATCH_SAME) or ``similar`` (>= CLAIMDESK_MATCH_SIMILAR)
   relations and joins ``same`` claims into one cluster whose outlet count the queue shows;
3. stores a ``quote_discrepancy`` when both claims quote the same speaker nearly, but not
   exactly, alike, with the word-by-word diff in ``detail``;
4. suggests "already checked" (a ``MatchSuggestion``) for imported fact-checks and published
   verdicts over CLAIMDESK_MATCH_ALREADY_CHECKED; a person then confirms or rejects it with
   ``match_suggestion_decide``.

Pairs are stored once (``claim_a.id < claim_b.id``) and re-running changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from claims.audit import audit_record
from claims.matching.candidates import claim_candidates, fact_check_candidates
from claims.matching.quotes import QUOTE_RE, Quotation, quotations_find, quote_discrepancies_find
from claims.matching.scorers import MatchDocument, MatchQuery, scorer_for
from claims.matching.similarity import claim_similarities, threshold
from claims.models import Claim, ClaimRelation, MatchSuggestion, Verdict

CANDIDATES = 50
RERANKED = 20
QUOTE_CANDIDATES = 20


@dataclass
class MatchingOutcome:
    relations: list[ClaimRelation] = field(default_factory=list)
    suggestions: list[MatchSuggestion] = field(default_factory=list)


def claim_quotations(claim: Claim) -> list[Quotation]:
    """Quotations inside the claim, with speakers read from the article around it."""
    body = claim.article.body if claim.article_id else ""
    if body and body[claim.start : claim.end] == claim.text:
        found = [
            q
            for q in quotations_find(body, default_speaker=claim.claimant)
            if q.start < claim.end and q.end > claim.start
        ]
        if found:
            return found
    return quotations_find(claim.text, default_speaker=claim.claimant)


def _reported_on(claim: Claim):
    published = claim.article.published_at if claim.article_id else None
    return published.date() if published else None


def _ranked(claim: Claim, candidates: list[Claim]) -> list[Claim]:
    """The candidates in the order the desk's scorer puts them, best RERANKED first."""
    if len(candidates) <= 1:
        return candidates
    scorer = scorer_for(getattr(settings, "CLAIMDESK_MATCHING_SCORER", "lexical"))
    scorer.index([MatchDocument(text=c.text, date=_reported_on(c)) for c in candidates])
    top, _scores = scorer.rank([MatchQuery(text=claim.text, date=_reported_on(claim))], k=RERANKED)
    return [candidates[i] for i in top[0]]


def _relation_store(claim: Claim, other: Claim, relation: str, similarity: float, detail=None):
    """Create the pair's relation once; a same/similar pair keeps only its latest kind."""
    first, second = (claim, other) if claim.pk < other.pk else (other, claim)
    if relation in (ClaimRelation.Relation.SAME, ClaimRelation.Relation.SIMILAR):
        ClaimRelation.objects.filter(
            claim_a=first,
            claim_b=second,
            relation__in=[ClaimRelation.Relation.SAME, ClaimRelation.Relation.SIMILAR],
        ).exclude(relation=relation).delete()
    stored, created = ClaimRelation.objects.get_or_create(
        claim_a=first,
        claim_b=second,
        relation=relation,
        defaults={"similarity": round(float(similarity), 4), "detail": detail or {}},
    )
    return stored, created


def _cluster_join(claim: Claim, other: Claim) -> None:
    """Put two `same` claims in one cluster and refresh the cluster's outlet count."""
    other_root = other.cluster_id or other.pk
    roots = {other_root}
    if claim.cluster_id:
        roots.add(claim.cluster_id)
    root = min(roots)
    members = Claim.objects.filter(cluster_id__in=roots) | Claim.objects.filter(
        pk__in=[claim.pk, other.pk, *roots]
    )
    member_ids = list(members.values_list("pk", flat=True).distinct())
    Claim.objects.filter(pk__in=member_ids).update(cluster_id=root)
    outlets = set()
    for article_id, outlet_id in Claim.objects.filter(pk__in=member_ids).values_list(
        "article_id", "article__outlet_id"
    ):
        outlets.add(("outlet", outlet_id) if outlet_id else ("article", article_id))
    Claim.objects.filter(pk__in=member_ids).update(outlet_count=len(outlets))
    for instance in (claim, other):
        instance.cluster_id = root
        instance.outlet_count = len(outlets)


def _quote_candidates(claim: Claim, quotations: list[Quotation]) -> list[Claim]:
    found: list[Claim] = []
    for quotation in quotations:
        found.extend(
            claim_candidates(
                text=quotation.text, exclude_article_ids=[claim.article_id], limit=QUOTE_CANDIDATES
            )
        )
    return found


def _suggestion_store(claim: Claim, *, similarity: float, fact_check=None, verdict=None):
    return MatchSuggestion.objects.get_or_create(
        claim=claim,
        fact_check=fact_check,
        verdict=verdict,
        defaults={"similarity": round(float(similarity), 4)},
    )


def _already_checked(claim: Claim, related: list[tuple[Claim, float]], outcome: MatchingOutcome):
    high = threshold("already_checked")
    fact_checks = fact_check_candidates(text=claim.text, limit=RERANKED)
    if fact_checks:
        texts = [" ".join(filter(None, [f.claim_reviewed, f.title])) for f in fact_checks]
        for fact_check, similarity in zip(
            fact_checks, claim_similarities(claim.text, texts), strict=True
        ):
            if similarity >= high:
                suggestion, created = _suggestion_store(
                    claim, similarity=similarity, fact_check=fact_check
                )
                if created:
                    outcome.suggestions.append(suggestion)
    checked = {other.pk: similarity for other, similarity in related if similarity >= high}
    if checked:
        verdicts = Verdict.objects.filter(
            claim_id__in=list(checked), status=Verdict.Status.PUBLISHED
        ).order_by("claim_id", "-version")
        for verdict in verdicts:
            suggestion, created = _suggestion_store(
                claim, similarity=checked[verdict.claim_id], verdict=verdict
            )
            if created:
                outcome.suggestions.append(suggestion)


def relations_find_for_claim(*, claim: Claim) -> MatchingOutcome:
    """Compare one saved claim with the desk's earlier claims and fact-checks (see module doc)."""
    outcome = MatchingOutcome()
    quotations = claim_quotations(claim)
    candidates = _ranked(
        claim,
        claim_candidates(text=claim.text, exclude_article_ids=[claim.article_id], limit=CANDIDATES),
    )
    seen = {c.pk for c in candidates}
    for other in _quote_candidates(claim, quotations):
        if other.pk not in seen:
            seen.add(other.pk)
            candidates.append(other)

    similarities = claim_similarities(claim.text, [c.text for c in candidates])
    related: list[tuple[Claim, float]] = []
    for other, similarity in zip(candidates, similarities, strict=True):
        kind = None
        if similarity >= threshold("same"):
            kind = ClaimRelation.Relation.SAME
        elif similarity >= threshold("similar"):
            kind = ClaimRelation.Relation.SIMILAR
        if kind:
            relation, created = _relation_store(claim, other, kind, similarity)
            related.append((other, float(similarity)))
            if created:
                outcome.relations.append(relation)
            if kind == ClaimRelation.Relation.SAME:
                _cluster_join(claim, other)
        if quotations and QUOTE_RE.search(other.text):
            other_quotations = claim_quotations(other)
            mine, theirs = (
                (quotations, other_quotations)
                if claim.pk < other.pk
                else (other_quotations, quotations)
            )
            for discrepancy in quote_discrepancies_find(mine, theirs):
                relation, created = _relation_store(
                    claim,
                    other,
                    ClaimRelation.Relation.QUOTE_DISCREPANCY,
                    discrepancy.ratio / 100.0,
                    discrepancy.as_detail(),
                )
                if created:
                    outcome.relations.append(relation)
                break  # one discrepancy relation per pair; the first pair of quotes found

    _already_checked(claim, related, outcome)
    if outcome.relations or outcome.suggestions:
        audit_record(
            actor=None,
            action="claim.matched",
            claim=claim,
            changes={
                "relations": [
                    {
                        "claim": r.claim_b_id if r.claim_a_id == claim.pk else r.claim_a_id,
                        "relation": r.relation,
                    }
                    for r in outcome.relations
                ],
                "suggestions": len(outcome.suggestions),
            },
        )
    return outcome


def relations_find_for_claims(*, claims: Sequence[Claim]) -> MatchingOutcome:
    """Match each newly saved claim against the desk; returns what was newly stored."""
    outcome = MatchingOutcome()
    with transaction.atomic():
        for claim in claims:
            found = relations_find_for_claim(claim=claim)
            outcome.relations += found.relations
            outcome.suggestions += found.suggestions
    return outcome


def match_suggestion_decide(*, suggestion: MatchSuggestion, confirm: bool, by) -> MatchSuggestion:
    """A fact-checker or editor confirms ("yes, already checked") or rejects a suggestion.

    Only a suggestion still open can be decided; deciding it again raises ``ValueError``.
    """
    from django.utils import timezone

    from claims.permissions import require_staff

    require_staff(by)
    status = MatchSuggestion.Status.CONFIRMED if confirm else MatchSuggestion.Status.REJECTED
    with transaction.atomic():
        updated = MatchSuggestion.objects.filter(
            pk=suggestion.pk, status=MatchSuggestion.Status.SUGGESTED
        ).update(status=status, decided_by=by, decided_at=timezone.now())
        if not updated:
            raise ValueError("This suggestion was already decided.")
        suggestion.refresh_from_db()
        audit_record(
            actor=by,
            action=f"match_suggestion.{status}",
            claim=suggestion.claim,
            verdict=suggestion.verdict,
            changes={"suggestion": suggestion.pk, "fact_check": suggestion.fact_check_id},
        )
    return suggestion


@dataclass
class FactCheckImport:
    created: int
    existing: int


def fact_checks_import(
    *, payload: bytes, format: str = "claimreview", user=None
) -> FactCheckImport:
    """Import a ClaimReview or vclaims feed in one transaction; rows already imported are kept.

    Raises ``FeedInvalid`` (nothing written) for input that is not a valid feed.
    """
    from claims.matching.claimreview import feed_records
    from claims.models import FactCheck

    records = feed_records(payload, format=format)
    unique = {record.source_key: record for record in records}
    with transaction.atomic():
        keys = list(unique)
        existing: set[str] = set()
        for start in range(0, len(keys), 1000):
            existing.update(
                FactCheck.objects.filter(source_key__in=keys[start : start + 1000]).values_list(
                    "source_key", flat=True
                )
            )
        new = [FactCheck(**vars(record)) for key, record in unique.items() if key not in existing]
        FactCheck.objects.bulk_create(new, batch_size=1000)
        audit_record(
            actor=user,
            action="factchecks.imported",
            changes={"format": format, "created": len(new), "existing": len(existing)},
        )
    return FactCheckImport(created=len(new), existing=len(existing))
