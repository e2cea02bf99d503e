"""ClaimReview markup (schema.org) for a published verdict, built in one place.

The public verdict page embeds it as JSON-LD, ``GET /api/v1/verdicts/{id}/claimreview/`` returns it,
and the tests check it field by field. Rules:

- ``url`` is the verdict's public page; ``datePublished`` the first publication of the verdict (the
  first version), ``dateModified`` the latest correction's date when there is one;
- ``author`` is the publishing organisation from ``settings.CLAIMDESK_ORGANISATION``;
- ``reviewRating`` carries ``alternateName`` (the rating's label) and ``ratingExplanation`` (the
  summary); ``ratingValue``/``bestRating``/``worstRating`` are given for ratings on the numeric
  scale and left out for ratings outside it (e.g. "Misleading"), as schema.org allows;
- ``itemReviewed`` is the ``Claim``: its ``author`` is the claimant (the outlet when the article
  itself makes the claim), ``appearance`` the articles carrying it — the claim's own article and
  the articles of claims related to it as ``same``.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, ClaimRelation, Verdict
from ..ratings import bounds, get_rating


def public_url(verdict: Verdict) -> str:
    return settings.SITE_URL + reverse("verdict_public", args=[verdict.pk])


def organisation() -> dict:
    org = settings.CLAIMDESK_ORGANISATION
    return {"@type": "Organization", "name": org["name"], "url": org["url"], "logo": org["logo"]}


def publisher_site() -> str:
    """The organisation's host name, as Fact Check Tools' ``publisher.site``."""
    return urlsplit(settings.CLAIMDESK_ORGANISATION["url"]).hostname or ""


def _date(value) -> str | None:
    return value.isoformat() if value else None


def first_version(verdict: Verdict) -> Verdict:
    """The first published version of the chain this verdict belongs to."""
    current = verdict
    while current.corrects_id is not None:
        current = Verdict.objects.get(pk=current.corrects_id)
    return current


def appearances(claim) -> list[Article]:
    """The claim's article, then the articles of claims related to it as `same` (oldest first)."""
    same = ClaimRelation.objects.filter(relation=ClaimRelation.Relation.SAME).filter(
        Q(claim_a=claim) | Q(claim_b=claim)
    )
    related_claims = {r.claim_b_id if r.claim_a_id == claim.pk else r.claim_a_id for r in same}
    articles = [claim.article]
    if related_claims:
        others = (
            Article.objects.filter(claims__in=related_claims)
            .exclude(pk=claim.article_id)
            .select_related("outlet")
            .distinct()
            .order_by("published_at", "id")
        )
        articles.extend(others)
    return articles


def _appearance(article: Article) -> dict:
    item: dict = {"@type": "CreativeWork", "headline": article.title or ""}
    if article.source_url:
        item["url"] = article.source_url
    if article.published_at:
        item["datePublished"] = _date(article.published_at)
    if article.outlet:
        publisher: dict = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.domain:
            publisher["url"] = f"https://{article.outlet.domain}"
        item["publisher"] = publisher
    return item


def claim_author(claim) -> dict:
    if claim.claimant:
        return {"@type": "Person", "name": claim.claimant}
    outlet = claim.article.outlet
    return {"@type": "Organization", "name": outlet.name if outlet else "Unknown"}


def review_rating(verdict: Verdict) -> dict:
    rating = get_rating(verdict.rating)
    result: dict = {
        "@type": "Rating",
        "alternateName": rating.label if rating else verdict.rating,
        "ratingExplanation": verdict.summary,
    }
    if rating is not None and rating.value is not None:
        worst, best = bounds()
        result.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return result


def claimreview_for(verdict: Verdict) -> dict:
    """The ClaimReview dict of a published verdict version (see the module docstring)."""
    claim = verdict.claim
    article = claim.article
    first = first_version(verdict)
    item_reviewed: dict = {
        "@type": "Claim",
        "author": claim_author(claim),
        "appearance": [_appearance(a) for a in appearances(claim)],
    }
    if article.published_at:
        item_reviewed["datePublished"] = _date(article.published_at)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": public_url(verdict),
        "claimReviewed": claim.text,
        "datePublished": _date(first.published_at),
        "author": organisation(),
        "reviewRating": review_rating(verdict),
        "itemReviewed": item_reviewed,
        "inLanguage": article.language,
    }
    if verdict.corrects_id is not None:
        review["dateModified"] = _date(verdict.published_at)
    return review


# What json_script escapes: "</script>" or "<!--" inside a claim cannot end the block early.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def claimreview_script(review: dict) -> SafeString:
    """The JSON-LD <script> block for a page (json_script's escaping, with the ld+json type)."""
    text = json.dumps(review, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# The JSON schema of `claimreview_for`'s output, used for the OpenAPI document.
_ORG = {
    "type": "object",
    "properties": {
        "@type": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string"},
        "logo": {"type": "string"},
    },
    "required": ["@type", "name"],
}
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "properties": {
        "@context": {"type": "string"},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date-time"},
        "dateModified": {"type": "string", "format": "date-time"},
        "inLanguage": {"type": "string"},
        "author": _ORG,
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string"},
                "ratingExplanation": {"type": "string"},
            },
            "required": ["@type", "alternateName", "ratingExplanation"],
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "author": _ORG,
                "datePublished": {"type": "string", "format": "date-time"},
                "appearance": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "@type": {"type": "string"},
                            "url": {"type": "string"},
                            "headline": {"type": "string"},
                            "datePublished": {"type": "string", "format": "date-time"},
                            "publisher": _ORG,
                        },
                        "required": ["@type", "headline"],
                    },
                },
            },
            "required": ["@type", "author", "appearance"],
        },
    },
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
}
