"""``GET /api/v1/claims:search``, shaped like Google Fact Check Tools' ``claims:search``.

A consumer of that API can point at this desk unchanged: the same parameters (``query``,
``languageCode``, ``maxAgeDays``, ``pageSize``, ``pageToken``), the same response (``claims`` with
``text``, ``claimant``, ``claimDate`` and ``claimReview`` entries; ``nextPageToken`` only when there
is a next page). Each claim carries its current published verdict, newest first. Page tokens are
opaque keyset cursors, so deep pages cost the same as the first.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ..models import Verdict
from ..publishing.claimreview import public_url, publisher_site
from ..ratings import get_rating
from .errors import error_responses
from .throttling import SearchThrottle

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10


class SearchParams(serializers.Serializer):
    query = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="Words the claim must contain (all of them).",
    )
    languageCode = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=12
    )
    maxAgeDays = serializers.IntegerField(required=False, min_value=1, max_value=100000)
    pageSize = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )
    pageToken = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

    def validate_pageToken(self, value: str) -> int | None:
        if not value:
            return None
        try:
            last_id = int(base64.urlsafe_b64decode(value.encode() + b"==").decode())
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise serializers.ValidationError(
                "This page token is not one this API gave out; start again without pageToken."
            ) from None
        if last_id < 1:
            raise serializers.ValidationError(
                "This page token is not valid; start again without pageToken."
            )
        return last_id


class PublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class ClaimReviewEntrySerializer(serializers.Serializer):
    publisher = PublisherSerializer()
    url = serializers.CharField()
    title = serializers.CharField()
    reviewDate = serializers.DateTimeField()
    textualRating = serializers.CharField()
    languageCode = serializers.CharField()


class SearchClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False)
    claimDate = serializers.DateTimeField(required=False)
    claimReview = ClaimReviewEntrySerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    claims = SearchClaimSerializer(many=True)
    nextPageToken = serializers.CharField(required=False, help_text="Absent on the last page.")


def _token(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def _iso(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def claim_text_filter(verdicts, query: str):
    """Verdicts whose claim contains every word of ``query``.

    On PostgreSQL through the claims' full-text vector (``match_vector``, English stemming, GIN
    index; added by the matching migration), so a search does not scan every claim; elsewhere
    (SQLite, the demo) word by word with ``icontains``.
    """
    words = query.split()[:10]
    if not words:
        return verdicts
    if connection.vendor == "postgresql":
        matching = RawSQL(
            "SELECT id FROM claims_claim WHERE match_vector @@ plainto_tsquery('english', %s)",
            [" ".join(words)],
        )
        return verdicts.filter(claim_id__in=matching)
    for word in words:
        verdicts = verdicts.filter(claim__text__icontains=word)
    return verdicts


def search_published(
    *,
    query: str = "",
    language: str = "",
    max_age_days: int | None = None,
    after_id: int | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> tuple[list[Verdict], int | None]:
    """Current published verdicts whose claim contains every word of ``query``, newest first."""
    verdicts = claim_text_filter(Verdict.objects.filter(status=Verdict.Status.PUBLISHED), query)
    if language:
        verdicts = verdicts.filter(claim__article__language__iexact=language)
    if max_age_days:
        verdicts = verdicts.filter(published_at__gte=timezone.now() - timedelta(days=max_age_days))
    if after_id:
        verdicts = verdicts.filter(pk__lt=after_id)
    page = list(
        verdicts.select_related("claim__article")
        .order_by("-pk")
        .only(
            "pk",
            "rating",
            "summary",
            "published_at",
            "claim__text",
            "claim__claimant",
            "claim__article__published_at",
            "claim__article__language",
        )[: size + 1]
    )
    next_id = page[size - 1].pk if len(page) > size else None
    return page[:size], next_id


def search_entry(verdict: Verdict, publisher: dict) -> dict:
    claim, article = verdict.claim, verdict.claim.article
    rating = get_rating(verdict.rating)
    entry: dict = {"text": claim.text}
    if claim.claimant:
        entry["claimant"] = claim.claimant
    if article.published_at:
        entry["claimDate"] = _iso(article.published_at)
    entry["claimReview"] = [
        {
            "publisher": publisher,
            "url": public_url(verdict),
            "title": verdict.summary,
            "reviewDate": _iso(verdict.published_at),
            "textualRating": rating.label if rating else verdict.rating,
            "languageCode": article.language,
        }
    ]
    return entry


@extend_schema(
    operation_id="claims_search",
    summary="Search published fact-checks (Google Fact Check Tools claims:search shape)",
    parameters=[
        OpenApiParameter("query", OpenApiTypes.STR, description="Words the claim must contain."),
        OpenApiParameter("languageCode", OpenApiTypes.STR, description="BCP-47 language, e.g. en."),
        OpenApiParameter(
            "maxAgeDays", OpenApiTypes.INT, description="Only reviews published this recently."
        ),
        OpenApiParameter(
            "pageSize",
            OpenApiTypes.INT,
            description=f"1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}.",
        ),
        OpenApiParameter(
            "pageToken", OpenApiTypes.STR, description="nextPageToken of the previous page."
        ),
    ],
    responses={200: SearchResultSerializer, **error_responses(400, 429)},
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([*api_settings.DEFAULT_THROTTLE_CLASSES, SearchThrottle])
def claims_search(request):
    params = SearchParams(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    verdicts, next_id = search_published(
        query=data["query"],
        language=data["languageCode"].strip(),
        max_age_days=data.get("maxAgeDays"),
        after_id=data["pageToken"],
        size=data["pageSize"],
    )
    publisher = {"name": settings.CLAIMDESK_ORGANISATION["name"], "site": publisher_site()}
    body: dict = {"claims": [search_entry(verdict, publisher) for verdict in verdicts]}
    if next_id is not None:
        body["nextPageToken"] = _token(next_id)
    return Response(body)
