"""Claim endpoints and the desk's actions on a claim: take the next one, assign, dismiss, add
evidence, comment, run lookups again, propose a verdict. Plus the evidence, comment, lookup and
relation collections.

Reads go through the permission-aware fetchers (a 404 for what you may not see); every write calls
the review service that the web desk calls too.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from ..matching.api import RelatedField
from ..models import Claim, ClaimRelation, Comment, Evidence, Lookup, Verdict
from ..permissions import claims_for, get_claim_for, is_staff_member
from ..review import services
from .errors import error_responses
from .filters import ID_MAX, DeskFilterSet, IdFilter
from .pagination import DeskPagination
from .verdicts import VerdictDetailSerializer, VerdictSerializer, verdict_data

ACTION_ERRORS = error_responses(400, 403, 404, 409, 429)


# --- Output -------------------------------------------------------------------------------------


class ClaimSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    outlet = serializers.CharField(source="article.outlet.name", allow_null=True, default=None)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "outlet",
            "text",
            "start",
            "end",
            "type",
            "checkworthiness",
            "claimant",
            "status",
            "assignee",
            "dismissed_reason",
            "outlet_count",
            "created_at",
            "status_changed_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    related = RelatedField()

    class Meta(ClaimSerializer.Meta):
        fields = ClaimSerializer.Meta.fields + [
            "entities",
            "quantities",
            "dates",
            "signals",
            "related",
        ]
        read_only_fields = fields


def stance_field():
    # Declared by hand: for a read-only model field, the schema would leave out the blank choice.
    return serializers.ChoiceField(
        choices=Evidence.Stance.choices, allow_blank=True, read_only=True
    )


class EvidenceSerializer(serializers.ModelSerializer):
    stance = stance_field()
    suggested_stance = stance_field()
    added_by = serializers.CharField(source="added_by.username", allow_null=True, default=None)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "url",
            "title",
            "excerpt",
            "publisher",
            "published_at",
            "provider",
            "relevance",
            "suggested_stance",
            "stance",
            "added_by",
            "removed_at",
            "link_status",
            "link_checked_at",
            "created_at",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")

    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "body", "created_at"]
        read_only_fields = fields


class LookupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lookup
        fields = [
            "id",
            "claim",
            "provider",
            "status",
            "attempts",
            "error",
            "results",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class RelationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimRelation
        fields = ["id", "claim_a", "claim_b", "relation", "similarity", "detail", "created_at"]
        read_only_fields = fields


def claim_data(claim: Claim) -> dict:
    claim = Claim.objects.select_related("article__outlet", "assignee").get(pk=claim.pk)
    return ClaimDetailSerializer(claim).data


# --- Input --------------------------------------------------------------------------------------


class AssignSerializer(serializers.Serializer):
    user = serializers.IntegerField(
        allow_null=True, help_text="The person's id; null takes the claim away."
    )


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EvidenceAddSerializer(serializers.Serializer):
    url = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    stance = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="supports, refutes or context"
    )
    publisher = serializers.CharField(required=False, allow_blank=True, default="")


class CommentAddSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")


class ProposeSerializer(serializers.Serializer):
    rating = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A rating key from GET /api/v1/ratings/.",
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    explanation = serializers.CharField(required=False, allow_blank=True, default="")


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _require_staff_reader(request, what: str) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied(f"Only fact-checkers and editors can read {what}.")


# --- Claims -------------------------------------------------------------------------------------


class ClaimFilter(DeskFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    type = django_filters.MultipleChoiceFilter(choices=Claim.Type.choices)
    article = IdFilter(field_name="article_id")
    assignee = IdFilter(field_name="assignee_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    claimant = django_filters.CharFilter(lookup_expr="icontains")
    min_checkworthiness = django_filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte", min_value=0, max_value=1
    )
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains")

    class Meta:
        model = Claim
        fields = [
            "status",
            "type",
            "article",
            "assignee",
            "unassigned",
            "claimant",
            "min_checkworthiness",
            "q",
        ]


@extend_schema(
    summary="List claims (staff: all; others: published claims)",
    responses={200: ClaimSerializer(many=True), **error_responses(400, 404, 429)},
)
class ClaimList(generics.ListAPIView):
    serializer_class = ClaimSerializer
    permission_classes = [AllowAny]
    pagination_class = DeskPagination
    filterset_class = ClaimFilter
    ordering_fields = ["checkworthiness", "created_at", "status_changed_at", "id"]
    ordering = ["-checkworthiness", "id"]

    def get_queryset(self):
        return claims_for(self.request.user).select_related("article__outlet", "assignee")


@extend_schema(
    summary="One claim, with its related claims",
    responses={200: ClaimDetailSerializer, **error_responses(404, 429)},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def claim_detail(request, pk: int):
    return Response(claim_data(get_claim_for(request.user, pk)))


@extend_schema(
    summary="Take the most check-worthy unassigned claim",
    request=None,
    responses={
        200: ClaimDetailSerializer,
        204: OpenApiResponse(description="Nothing is waiting."),
        **error_responses(403, 429),
    },
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claim_take_next(request):
    claim = services.claim_take_next(user=request.user)
    if claim is None:
        return Response(status=status.HTTP_204_NO_CONTENT)
    return Response(claim_data(claim))


@extend_schema(
    summary="Assign a claim to a fact-checker or editor (editors)",
    request=AssignSerializer,
    responses={200: ClaimDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claim_assign(request, pk: int):
    claim = get_claim_for(request.user, pk, write=True)
    data = _valid(AssignSerializer, request)
    assignee = None
    if data["user"] is not None:
        assignee = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
        if assignee is None:
            raise serializers.ValidationError(
                {"user": [f"There is no active person with id {data['user']}."]}
            )
    claim = services.claim_assign(claim=claim, assignee=assignee, by=request.user)
    return Response(claim_data(claim))


@extend_schema(
    summary="Dismiss a claim with a reason",
    request=DismissSerializer,
    responses={200: ClaimDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claim_dismiss(request, pk: int):
    claim = get_claim_for(request.user, pk, write=True)
    data = _valid(DismissSerializer, request)
    claim = services.claim_dismiss(claim=claim, reason=data["reason"], by=request.user)
    return Response(claim_data(claim))


@extend_schema(
    summary="Bring a dismissed claim back to the queue (editors)",
    request=None,
    responses={200: ClaimDetailSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claim_reopen(request, pk: int):
    claim = get_claim_for(request.user, pk, write=True)
    return Response(claim_data(services.claim_reopen(claim=claim, by=request.user)))


class BulkAssignSerializer(serializers.Serializer):
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=500)
    user = serializers.IntegerField(
        allow_null=True, help_text="The person's id; null takes the claims away."
    )


class BulkDismissSerializer(serializers.Serializer):
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=500)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the claims changed."
    )
    refused = serializers.ListField(
        child=serializers.CharField(), help_text="Why each other claim was not."
    )


def _claims_for_bulk(request, ids: list[int]) -> list[Claim]:
    found = {c.pk: c for c in claims_for(request.user).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise serializers.ValidationError({"claims": [f"No claim with id {missing[0]}."]})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _bulk_result(done, refused) -> Response:
    return Response({"done": [claim.pk for claim in done], "refused": refused})


@extend_schema(
    summary="Assign several claims at once (editors); each refusal is reported, not fatal",
    request=BulkAssignSerializer,
    responses={200: BulkResultSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claims_bulk_assign(request):
    data = _valid(BulkAssignSerializer, request)
    assignee = None
    if data["user"] is not None:
        assignee = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
        if assignee is None:
            raise serializers.ValidationError(
                {"user": [f"There is no active person with id {data['user']}."]}
            )
    claims = _claims_for_bulk(request, data["claims"])
    return _bulk_result(*services.claims_assign(claims=claims, assignee=assignee, by=request.user))


@extend_schema(
    summary="Dismiss several claims with one reason; each refusal is reported, not fatal",
    request=BulkDismissSerializer,
    responses={200: BulkResultSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def claims_bulk_dismiss(request):
    data = _valid(BulkDismissSerializer, request)
    claims = _claims_for_bulk(request, data["claims"])
    return _bulk_result(
        *services.claims_dismiss(claims=claims, reason=data["reason"], by=request.user)
    )


# --- A claim's evidence, comments, lookups and verdicts ------------------------------------------


@extend_schema(
    methods=["GET"],
    summary="A claim's evidence links",
    responses={200: EvidenceSerializer(many=True), **error_responses(404, 429)},
)
@extend_schema(
    methods=["POST"],
    summary="Add an evidence link to a claim",
    request=EvidenceAddSerializer,
    responses={201: EvidenceSerializer, **ACTION_ERRORS},
)
@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def claim_evidence(request, pk: int):
    if request.method == "GET":
        claim = get_claim_for(request.user, pk)
        items = claim.evidence.select_related("added_by").order_by("created_at", "id")
        if not is_staff_member(request.user):
            items = items.filter(removed_at__isnull=True)
        return Response(EvidenceSerializer(items, many=True).data)
    _require_signed_in(request)
    claim = get_claim_for(request.user, pk, write=True)
    data = _valid(EvidenceAddSerializer, request)
    evidence = services.evidence_add(claim=claim, by=request.user, **data)
    return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


def _require_signed_in(request) -> None:
    if not request.user.is_authenticated:
        from rest_framework.exceptions import NotAuthenticated

        raise NotAuthenticated()


@extend_schema(
    methods=["GET"],
    summary="A claim's comments (staff)",
    responses={200: CommentSerializer(many=True), **error_responses(403, 404, 429)},
)
@extend_schema(
    methods=["POST"],
    summary="Comment on a claim",
    request=CommentAddSerializer,
    responses={201: CommentSerializer, **ACTION_ERRORS},
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def claim_comments(request, pk: int):
    if request.method == "GET":
        claim = get_claim_for(request.user, pk)
        _require_staff_reader(request, "comments")
        return Response(CommentSerializer(claim.comments.select_related("author"), many=True).data)
    claim = get_claim_for(request.user, pk, write=True)
    data = _valid(CommentAddSerializer, request)
    comment = services.comment_add(claim=claim, body=data["body"], by=request.user)
    return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    summary="Every verdict version of a claim",
    responses={200: VerdictSerializer(many=True), **error_responses(404, 429)},
)
@extend_schema(
    methods=["POST"],
    summary="Propose a verdict (201 with the verdict)",
    request=ProposeSerializer,
    responses={201: VerdictDetailSerializer, **ACTION_ERRORS},
)
@api_view(["GET", "POST"])
@permission_classes([AllowAny])
def claim_verdicts(request, pk: int):
    if request.method == "GET":
        claim = get_claim_for(request.user, pk)
        verdicts = claim.verdicts.select_related(
            "claim__article__outlet", "proposed_by", "approved_by"
        )
        if not is_staff_member(request.user):
            verdicts = verdicts.filter(
                status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED]
            )
        return Response(VerdictSerializer(verdicts.order_by("version"), many=True).data)
    _require_signed_in(request)
    claim = get_claim_for(request.user, pk, write=True)
    data = _valid(ProposeSerializer, request)
    verdict = services.verdict_propose(claim=claim, by=request.user, **data)
    return Response(verdict_data(verdict), status=status.HTTP_201_CREATED)


# --- Collections --------------------------------------------------------------------------------


class StanceSerializer(serializers.Serializer):
    stance = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="supports, refutes or context"
    )


def _evidence_for_write(request, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).first() if pk <= ID_MAX else None
    if evidence is None:
        raise NotFound(f"No evidence with id {pk}.")
    get_claim_for(request.user, evidence.claim_id, write=True)
    return evidence


@extend_schema(
    summary="Hide an evidence link from its claim (the row stays for published verdicts)",
    request=None,
    responses={200: EvidenceSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def evidence_remove(request, pk: int):
    evidence = services.evidence_remove(evidence=_evidence_for_write(request, pk), by=request.user)
    return Response(EvidenceSerializer(evidence).data)


@extend_schema(
    summary="Confirm or correct an evidence link's stance",
    request=StanceSerializer,
    responses={200: EvidenceSerializer, **ACTION_ERRORS},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def evidence_stance(request, pk: int):
    evidence = _evidence_for_write(request, pk)
    data = _valid(StanceSerializer, request)
    evidence = services.evidence_confirm_stance(
        evidence=evidence, stance=data["stance"], by=request.user
    )
    return Response(EvidenceSerializer(evidence).data)


class EvidenceFilter(DeskFilterSet):
    claim = IdFilter(field_name="claim_id")
    stance = django_filters.ChoiceFilter(choices=Evidence.Stance.choices)
    link_status = django_filters.ChoiceFilter(choices=Evidence.LinkStatus.choices)
    provider = django_filters.CharFilter()

    class Meta:
        model = Evidence
        fields = ["claim", "stance", "link_status", "provider"]


@extend_schema(
    summary="Evidence links (others than staff: those of published verdicts)",
    responses={200: EvidenceSerializer(many=True), **error_responses(400, 404, 429)},
)
class EvidenceList(generics.ListAPIView):
    serializer_class = EvidenceSerializer
    permission_classes = [AllowAny]
    pagination_class = DeskPagination
    filterset_class = EvidenceFilter
    ordering_fields = ["created_at", "relevance", "id"]
    ordering = ["id"]

    def get_queryset(self):
        evidence = Evidence.objects.select_related("added_by")
        if is_staff_member(self.request.user):
            return evidence
        published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).values("evidence")
        return evidence.filter(pk__in=published, removed_at__isnull=True)


class StaffListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = DeskPagination
    what = "these"

    def get_queryset(self):
        _require_staff_reader(self.request, self.what)
        return self.queryset.all()


class CommentFilter(DeskFilterSet):
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = Comment
        fields = ["claim"]


@extend_schema(
    summary="Comments (staff)",
    responses={200: CommentSerializer(many=True), **error_responses(400, 403, 404, 429)},
)
class CommentList(StaffListView):
    serializer_class = CommentSerializer
    queryset = Comment.objects.select_related("author")
    filterset_class = CommentFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["id"]
    what = "comments"


class LookupFilter(DeskFilterSet):
    claim = IdFilter(field_name="claim_id")
    status = django_filters.ChoiceFilter(choices=Lookup.Status.choices)
    provider = django_filters.CharFilter()

    class Meta:
        model = Lookup
        fields = ["claim", "status", "provider"]


@extend_schema(
    summary="Source lookups (staff)",
    responses={200: LookupSerializer(many=True), **error_responses(400, 403, 404, 429)},
)
class LookupList(StaffListView):
    serializer_class = LookupSerializer
    queryset = Lookup.objects.all()
    filterset_class = LookupFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]
    what = "lookups"


class RelationFilter(DeskFilterSet):
    claim = IdFilter(method="filter_claim", help_text="Relations of this claim (either side).")
    relation = django_filters.ChoiceFilter(choices=ClaimRelation.Relation.choices)

    class Meta:
        model = ClaimRelation
        fields = ["claim", "relation"]

    def filter_claim(self, queryset, name, value):
        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value))


@extend_schema(
    summary="Relations between claims (staff)",
    responses={200: RelationSerializer(many=True), **error_responses(400, 403, 404, 429)},
)
class RelationList(StaffListView):
    serializer_class = RelationSerializer
    queryset = ClaimRelation.objects.all()
    filterset_class = RelationFilter
    ordering_fields = ["similarity", "created_at", "id"]
    ordering = ["id"]
    what = "claim relations"
