"""The newsroom archive: other ingested articles whose passages corroborate or contradict a claim.

PostgreSQL full-text search (a stored, GIN-indexed ``tsvector`` of title and body, queried with
``SearchQuery`` and ranked with ``SearchRank``) finds the articles; on SQLite a plain word-overlap
search stands in. Either way the excerpt is the article's sentence that repeats most of the
claim's words, and relevance is the share of the claim's words it repeats.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from claims.matching.normalisation import STOP_WORDS
from claims.models import Article

from ..stance import stance_from_passage
from .base import Finding, Provider

WORD_RE = re.compile(r"[a-z0-9][a-z0-9'-]*", re.I)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z0-9])")
MIN_COVERAGE = 0.3


def claim_terms(text: str, *, limit: int = 12) -> list[str]:
    """The claim's content words, longest first (a crude stand-in for rarity)."""
    seen: list[str] = []
    for word in WORD_RE.findall(text.lower()):
        word = word.strip("'-")
        if len(word) > 2 and word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return sorted(seen, key=len, reverse=True)[:limit]


def best_passage(body: str, terms: list[str]) -> tuple[str, float]:
    """The sentence of ``body`` sharing most terms with the claim, and the share it covers."""
    if not terms:
        return "", 0.0
    best, best_hits = "", 0
    for sentence in SENTENCE_RE.split(body):
        words = {word.strip("'-") for word in WORD_RE.findall(sentence.lower())}
        hits = sum(1 for term in terms if term in words)
        if hits > best_hits:
            best, best_hits = sentence.strip(), hits
    return best[:600], best_hits / len(terms)


def article_url(article: Article) -> str:
    if article.source_url:
        return article.source_url
    try:
        return settings.SITE_URL + reverse("article_detail", args=[article.pk])
    except NoReverseMatch:
        return f"{settings.SITE_URL}/articles/{article.pk}/"


class ArchiveProvider(Provider):
    name = "archive"
    label = "The newsroom archive"

    def search(self, claim) -> list[Finding]:
        terms = claim_terms(claim.text)
        if not terms:
            return []
        others = Article.objects.exclude(pk=claim.article_id).select_related("outlet")
        if connection.vendor == "postgresql":
            candidates = self._full_text(others, terms)
        else:
            candidates = list(
                others.filter(reduce(or_, (Q(body__icontains=t) for t in terms[:6])))[:300]
            )
        findings = []
        for article in candidates:
            passage, coverage = best_passage(article.body, terms)
            if coverage < MIN_COVERAGE:
                continue
            findings.append(
                Finding(
                    url=article_url(article),
                    title=article.title,
                    excerpt=passage,
                    publisher=article.outlet.name if article.outlet else "",
                    published_at=article.published_at,
                    relevance=round(coverage, 3),
                    stance=stance_from_passage(passage, coverage=coverage),
                )
            )
        findings.sort(key=lambda finding: finding.relevance or 0, reverse=True)
        return findings[: self.limit()]

    def _full_text(self, articles, terms: list[str]) -> list[Article]:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
        from django.db.models import F
        from django.db.models.expressions import RawSQL

        # The stored, GIN-indexed vector of title (weight A) and body (B); see migration 0007.
        stored = RawSQL(
            f"{Article._meta.db_table}.archive_vector", [], output_field=SearchVectorField()
        )
        # Any of the words may match (OR); the rank orders by how many and how often.
        query = reduce(or_, (SearchQuery(term, config="english") for term in terms))
        return list(
            articles.annotate(archive=stored)
            .filter(archive=query)
            .annotate(rank=SearchRank(F("archive"), query))
            .order_by("-rank")[:50]
        )
