"""Storing extraction: an article's sentences and the claims found in them.

``claims_extract_for_article`` is the contract the ingest service (and any
re-extraction) calls.  It runs ``pipeline.extract`` on the article body with
the publication date and ``settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD``,
stores every sentence in ``article.sentences`` (start, end, checkworthiness,
type) so sentences below the threshold stay visible, and creates a ``Claim``
for each check-worthy sentence.  It writes inside the caller's transaction
(a savepoint of its own) and is idempotent: a sentence that already has a
claim at the same offsets gets no second one.  New claims are announced to
``claim.created`` webhook subscribers (delivered after the commit).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.extraction.pipeline import SentenceDraft, extract
from claims.models import Article, Claim
from claims.publishing.webhooks import webhooks_emit_claims_created


def _publication_date(article: Article) -> dt.date | None:
    published = article.published_at
    if published is None:
        return None
    if timezone.is_aware(published):
        published = timezone.localtime(published)
    return published.date()


def _claim_from(article: Article, draft: SentenceDraft) -> Claim:
    return Claim(
        article=article,
        text=draft.text,
        start=draft.start,
        end=draft.end,
        type=draft.type,
        checkworthiness=draft.checkworthiness,
        claimant=(draft.claimant or None) and draft.claimant[:200],
        entities=draft.entities,
        quantities=draft.quantities,
        dates=draft.dates,
        signals=draft.signals,
        origin=Claim.Origin.EXTRACTED,
    )


def claims_extract_for_article(*, article: Article) -> list[Claim]:
    """Extract the article's claims; returns the claims created by this call."""
    drafts = extract(
        article.body,
        published=_publication_date(article),
        threshold=settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD,
        explain_all=False,  # only claims show the model's explanation
    )
    with transaction.atomic():
        article.sentences = [
            {
                "start": draft.start,
                "end": draft.end,
                "checkworthiness": draft.checkworthiness,
                "type": draft.type,
            }
            for draft in drafts
        ]
        article.save(update_fields=["sentences"])
        existing = set(article.claims.values_list("start", "end"))
        new_claims = [
            _claim_from(article, draft)
            for draft in drafts
            if draft.checkworthy and (draft.start, draft.end) not in existing
        ]
        created = Claim.objects.bulk_create(new_claims)
        if created:
            # Subscribers hear of new claims once the caller's transaction commits.
            webhooks_emit_claims_created(claims=created)
    return created
