"""API endpoints of the lookup stage: retry one lookup, and (as a fallback for the API area)
list or re-run a claim's lookups. Both call the same services as the web views."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from claims.models import Lookup
from claims.permissions import get_claim_for, require_staff
from claims.review.workflow import WorkflowError

from .services import lookup_retry, lookups_run_again


class LookupOutSerializer(serializers.ModelSerializer):
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
            "dispatched_at",
            "started_at",
            "finished_at",
            "created_at",
        ]


@extend_schema(
    summary="Retry one source lookup", request=None, responses={202: LookupOutSerializer}
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def lookup_retry_api(request, pk: int):
    lookup = get_object_or_404(Lookup, pk=pk)
    get_claim_for(request.user, lookup.claim_id, write=True)
    try:
        lookup = lookup_retry(lookup=lookup, by=request.user)
    except WorkflowError as error:
        return Response({"detail": str(error), "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    return Response(LookupOutSerializer(lookup).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    methods=["GET"],
    summary="A claim's source lookups",
    responses={200: LookupOutSerializer(many=True)},
)
@extend_schema(
    methods=["POST"],
    summary="Run a claim's source lookups again",
    request=None,
    responses={202: LookupOutSerializer(many=True)},
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def claim_lookups_api(request, pk: int):
    if request.method == "GET":
        claim = get_claim_for(request.user, pk)
        require_staff(request.user)
        return Response(LookupOutSerializer(claim.lookups.all(), many=True).data)
    claim = get_claim_for(request.user, pk, write=True)
    lookups = lookups_run_again(claim=claim, by=request.user)
    return Response(LookupOutSerializer(lookups, many=True).data, status=status.HTTP_202_ACCEPTED)
