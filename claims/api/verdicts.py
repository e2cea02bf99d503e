"""Verdict endpoints: the published feed, one verdict with its history, ClaimReview, and the editor's
actions (publish, send back, correct, unpublish, apply to the same claim in other outlets) and the
fact-checker's edit.

Anonymous clients and consumers without a desk role see published verdicts (and the superseded
versions a correction replaced); staff see every verdict. Actions call the review services.
"""

from __future__ import annotations

from datetime import UTC

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from ..models import Evidence, Verdict
from ..permissions import claims_for, get_verdict_for, verdicts_for
from ..publishing.claimreview import CLAIMREVIEW_SCHEMA, claimreview_for, public_url
from ..ratings import get_rating, scale
from ..review import services
from .errors import error_responses
from .filters import DeskFilterSet, IdFilter, MomentFilter
from .pagination import VerdictCursorPagination

V = Verdict.Status
PUBLIC_STATUSES = (V.PUBLISHED, V.SUPERSEDED)


# --- Output -------------------------------------------------------------------------------------


class VerdictArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)
    published_at = serializers.DateTimeField(allow_null=True)
    source_url = serializers.CharField()
    language = serializers.CharField()


class VerdictClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    claimant = serializers.CharField(allow_null=True)
    article = VerdictArticleSerializer()


@extend_schema_field(OpenApiTypes.STR)
class RatingLabelField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="rating", read_only=True, **kwargs)

    def to_representation(self, key):
        rating = get_rating(key)
        return rating.label if rating else key


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PublicUrlField(serializers.Field):
    """The verdict's public page, for versions that have one (published, superseded, withdrawn)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, verdict):
        if verdict.status in (V.PUBLISHED, V.SUPERSEDED, V.UNPUBLISHED):
            return public_url(verdict)
        return None


class VerdictSerializer(serializers.ModelSerializer):
    claim = VerdictClaimSerializer()
    rating_label = RatingLabelField()
    proposed_by = serializers.CharField(source="proposed_by.username")
    approved_by = serializers.CharField(
        source="approved_by.username", allow_null=True, default=None
    )
    public_url = PublicUrlField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "version",
            "status",
            "rating",
            "rating_label",
            "summary",
            "explanation",
            "proposed_by",
            "proposed_at",
            "approved_by",
            "published_at",
            "corrects",
            "correction_note",
            "applied_from",
            "unpublished_reason",
            "unpublished_at",
            "lock_version",
            "public_url",
        ]
        read_only_fields = fields

    def to_representation(self, verdict):
        # Built by hand: the feed serves 50 of these per request and DRF's per-field machinery
        # would cost several times the query. The fields declared above document the shape; the
        # tests check every response against the OpenAPI document built from them. The feed passes
        # rows of FEED_VALUES (no model instances); everything else passes a Verdict.
        row = verdict if isinstance(verdict, dict) else feed_row(verdict)
        if not hasattr(self, "_labels"):
            self._labels = {rating.key: rating.label for rating in scale()}
            self._page = public_url_template()
        public = row["status"] in (V.PUBLISHED, V.SUPERSEDED, V.UNPUBLISHED)
        return {
            "id": row["id"],
            "claim": {
                "id": row["claim_id"],
                "text": row["claim__text"],
                "claimant": row["claim__claimant"],
                "article": {
                    "id": row["claim__article_id"],
                    "title": row["claim__article__title"],
                    "outlet": row["claim__article__outlet__name"],
                    "published_at": _datetime(row["claim__article__published_at"]),
                    "source_url": row["claim__article__source_url"],
                    "language": row["claim__article__language"],
                },
            },
            "version": row["version"],
            "status": row["status"],
            "rating": row["rating"],
            "rating_label": self._labels.get(row["rating"], row["rating"]),
            "summary": row["summary"],
            "explanation": row["explanation"],
            "proposed_by": row["proposed_by__username"],
            "proposed_at": _datetime(row["proposed_at"]),
            "approved_by": row["approved_by__username"],
            "published_at": _datetime(row["published_at"]),
            "corrects": row["corrects_id"],
            "correction_note": row["correction_note"],
            "applied_from": row["applied_from_id"],
            "unpublished_reason": row["unpublished_reason"],
            "unpublished_at": _datetime(row["unpublished_at"]),
            "lock_version": row["lock_version"],
            "public_url": self._page % row["id"] if public else None,
        }


FEED_VALUES = (
    "id",
    "version",
    "status",
    "rating",
    "summary",
    "explanation",
    "proposed_at",
    "published_at",
    "corrects_id",
    "correction_note",
    "applied_from_id",
    "unpublished_reason",
    "unpublished_at",
    "lock_version",
    "claim_id",
    "claim__text",
    "claim__claimant",
    "claim__article_id",
    "claim__article__title",
    "claim__article__outlet__name",
    "claim__article__published_at",
    "claim__article__source_url",
    "claim__article__language",
    "proposed_by__username",
    "approved_by__username",
)


def feed_row(verdict: Verdict) -> dict:
    """A Verdict as the flat row the feed reads with ``values(*FEED_VALUES)``."""
    claim = verdict.claim
    article = claim.article
    return {
        **{name: getattr(verdict, name) for name in FEED_VALUES if "__" not in name},
        "claim__text": claim.text,
        "claim__claimant": claim.claimant,
        "claim__article_id": article.pk,
        "claim__article__title": article.title,
        "claim__article__outlet__name": article.outlet.name if article.outlet_id else None,
        "claim__article__published_at": article.published_at,
        "claim__article__source_url": article.source_url,
        "claim__article__language": article.language,
        "proposed_by__username": verdict.proposed_by.username,
        "approved_by__username": verdict.approved_by.username if verdict.approved_by_id else None,
    }


def public_url_template() -> str:
    """``public_url`` as a %-template over the verdict id, so a page of 50 reverses once."""
    marker = 987654321987
    return (settings.SITE_URL + reverse("verdict_public", args=[marker])).replace(str(marker), "%d")


def _datetime(value) -> str | None:
    """As DRF's DateTimeField writes it (ISO 8601, UTC as Z)."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class VerdictEvidenceSerializer(serializers.ModelSerializer):
    stance = serializers.ChoiceField(
        choices=Evidence.Stance.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Evidence
        fields = ["id", "url", "title", "publisher", "stance", "published_at"]


class CorrectionSerializer(serializers.Serializer):
    verdict = serializers.IntegerField(source="pk")
    version = serializers.IntegerField()
    corrected_at = serializers.DateTimeField(source="published_at")
    note = serializers.CharField(source="correction_note")
    rating = serializers.CharField()


class VerdictDetailSerializer(VerdictSerializer):
    evidence = VerdictEvidenceSerializer(many=True)
    corrections = serializers.SerializerMethodField(
        help_text="Every correction of this claim's verdict."
    )
    current = serializers.SerializerMethodField(
        help_text="The version now published, if not this one."
    )

    class Meta(VerdictSerializer.Meta):
        fields = VerdictSerializer.Meta.fields + ["evidence", "corrections", "current"]
        read_only_fields = fields

    def to_representation(self, verdict):
        data = super().to_representation(verdict)
        data["evidence"] = VerdictEvidenceSerializer(
            verdict.evidence.order_by("id"), many=True
        ).data
        data["corrections"] = self.get_corrections(verdict)
        data["current"] = self.get_current(verdict)
        return data

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, verdict):
        corrections = Verdict.objects.filter(
            claim_id=verdict.claim_id, corrects__isnull=False, published_at__isnull=False
        ).order_by("version")
        return CorrectionSerializer(corrections, many=True).data

    def get_current(self, verdict) -> int | None:
        if verdict.status != V.SUPERSEDED:
            return None
        current = (
            Verdict.objects.filter(claim_id=verdict.claim_id, status=V.PUBLISHED)
            .order_by("-version")
            .first()
        )
        return current.pk if current else None


def verdict_data(verdict: Verdict) -> dict:
    verdict = _with_relations(Verdict.objects.filter(pk=verdict.pk)).get()
    return VerdictDetailSerializer(verdict).data


def _with_relations(queryset):
    # Only the columns the representation reads: an article's body and sentences are large.
    return queryset.select_related("claim__article__outlet", "proposed_by", "approved_by").only(
        *(f.name for f in Verdict._meta.concrete_fields),
        "claim__id",
        "claim__text",
        "claim__claimant",
        "claim__article_id",
        "claim__article__id",
        "claim__article__title",
        "claim__article__published_at",
        "claim__article__source_url",
        "claim__article__language",
        "claim__article__outlet_id",
        "claim__article__outlet__name",
        "proposed_by__username",
        "approved_by__username",
    )


# --- Input --------------------------------------------------------------------------------------


class ApplyToSameSerializer(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=500,
        help_text="Ids of claims matched to this verdict's claim as `same` (GET "
        "/api/v1/claims/{id}/related/), each new or researching.",
    )


class VerdictEditSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField(
        help_text="The lock_version you read; a newer one means 409."
    )
    rating = serializers.CharField(
        required=False, help_text="A rating key from GET /api/v1/ratings/."
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="What changed; readers see it."
    )
    rating = serializers.CharField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Reading ------------------------------------------------------------------------------------


class VerdictFilter(DeskFilterSet):
    published = django_filters.BooleanFilter(
        method="filter_published", help_text="true: the current published versions only."
    )
    status = django_filters.ChoiceFilter(choices=V.choices)
    rating = django_filters.CharFilter()
    claim = IdFilter(field_name="claim_id")
    published_after = MomentFilter(field_name="published_at", lookup_expr="gte")
    published_before = MomentFilter(field_name="published_at", lookup_expr="lt")
    q = django_filters.CharFilter(
        method="filter_text", help_text="Words in the claim or the summary."
    )

    class Meta:
        model = Verdict
        fields = [
            "published",
            "status",
            "rating",
            "claim",
            "published_after",
            "published_before",
            "q",
        ]

    def filter_published(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(status=V.PUBLISHED) if value else queryset.exclude(status=V.PUBLISHED)
        )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(claim__text__icontains=value) | Q(summary__icontains=value))


@extend_schema(
    summary="List verdicts (the published feed with ?published=true)",
    responses={200: VerdictSerializer(many=True), **error_responses(400, 429)},
)
class VerdictList(generics.ListAPIView):
    """Cursor-paginated, newest first. Without a desk role you see published (and superseded) verdicts."""

    serializer_class = VerdictSerializer
    permission_classes = [AllowAny]
    pagination_class = VerdictCursorPagination
    filterset_class = VerdictFilter
    ordering_fields: list[str] = []  # the cursor decides the order

    def get_queryset(self):
        return verdicts_for(self.request.user).values(*FEED_VALUES)


class VerdictDetail(generics.RetrieveUpdateAPIView):
    serializer_class = VerdictDetailSerializer
    permission_classes = [AllowAny]  # the fetcher answers 404/403; the service checks roles
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return get_verdict_for(
            self.request.user, self.kwargs["pk"], write=self.request.method == "PATCH"
        )

    @extend_schema(
        summary="One verdict, with its evidence and correction history",
        responses={200: VerdictDetailSerializer, **error_responses(404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return Response(verdict_data(self.get_object()))

    @extend_schema(
        summary="Edit a proposed verdict (optimistic locking on lock_version)",
        request=VerdictEditSerializer,
        responses={200: VerdictDetailSerializer, **error_responses(400, 403, 404, 409, 429)},
    )
    def patch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            self.permission_denied(request)
        verdict = self.get_object()
        data = _valid(VerdictEditSerializer, request)
        verdict = services.verdict_edit(verdict=verdict, by=request.user, **data)
        return Response(verdict_data(verdict))


@extend_schema(
    summary="ClaimReview (schema.org) markup of a published verdict",
    responses={
        200: OpenApiResponse(CLAIMREVIEW_SCHEMA, description="The ClaimReview JSON-LD object."),
        **error_responses(404, 429),
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
def verdict_claimreview(request, pk: int):
    verdict = get_verdict_for(request.user, pk)
    if verdict.status != V.PUBLISHED:
        raise NotFound(
            f"Verdict {pk} is {verdict.get_status_display().lower()}; only the current published "
            "version has ClaimReview markup."
        )
    return Response(claimreview_for(verdict))


# --- Actions ------------------------------------------------------------------------------------

ACTION_ERRORS = error_responses(400, 403, 404, 409, 429)


@extend_schema(
    summary="Publish a proposed verdict (an editor other than the proposer)",
    request=None,
    responses={200: VerdictDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def verdict_publish(request, pk: int):
    verdict = services.verdict_publish(
        verdict=get_verdict_for(request.user, pk, write=True), by=request.user
    )
    return Response(verdict_data(verdict))


@extend_schema(
    summary="Send a proposed verdict back to research with a note",
    request=NoteSerializer,
    responses={200: VerdictDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def verdict_send_back(request, pk: int):
    verdict = get_verdict_for(request.user, pk, write=True)
    data = _valid(NoteSerializer, request)
    verdict = services.verdict_send_back(verdict=verdict, note=data["note"], by=request.user)
    return Response(verdict_data(verdict))


@extend_schema(
    summary="Correct a published verdict: publishes the next version (201)",
    request=CorrectSerializer,
    responses={201: VerdictDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def verdict_correct(request, pk: int):
    verdict = get_verdict_for(request.user, pk, write=True)
    data = _valid(CorrectSerializer, request)
    new = services.verdict_correct(verdict=verdict, by=request.user, **data)
    return Response(verdict_data(new), status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Withdraw a published verdict, with the reason readers will see",
    request=ReasonSerializer,
    responses={200: VerdictDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def verdict_unpublish(request, pk: int):
    verdict = get_verdict_for(request.user, pk, write=True)
    data = _valid(ReasonSerializer, request)
    verdict = services.verdict_unpublish(verdict=verdict, reason=data["reason"], by=request.user)
    return Response(verdict_data(verdict))


@extend_schema(
    summary="Apply a published verdict to the same claim in other outlets (201)",
    description="Publishes a copy of the verdict (rating, summary, explanation and evidence) on each "
    "listed claim, all or nothing. Each copy's `applied_from` is this verdict. Editors only, and "
    "not the verdict's proposer (four-eyes rule). A listed claim not matched as `same` is a 400; "
    "one already in review, published or dismissed is a 409.",
    request=ApplyToSameSerializer,
    responses={201: VerdictDetailSerializer(many=True), **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def verdict_apply_to_same(request, pk: int):
    verdict = get_verdict_for(request.user, pk, write=True)
    ids = _valid(ApplyToSameSerializer, request)["claims"]
    claims = list(claims_for(request.user).filter(pk__in=ids))
    missing = sorted(set(ids) - {claim.pk for claim in claims})
    if missing:
        raise ValidationError({"claims": f"No claim with id {', '.join(map(str, missing))}."})
    applied = services.verdict_apply_to_same(verdict=verdict, claims=claims, by=request.user)
    return Response([verdict_data(v) for v in applied], status=status.HTTP_201_CREATED)
