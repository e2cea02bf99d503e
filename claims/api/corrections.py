"""Editors' extraction corrections over the API: thin views over ``claims.extraction.corrections``.

    POST /api/v1/claims/{id}/edit/        {"text"?, "type"?, "claimant"?}     → 200 the claim
    POST /api/v1/claims/{id}/split/       {"at": [offsets]} | {"parts": [..]} → 201 {"claims": [..]}
    POST /api/v1/claims/merge/            {"claims": [ids]}                   → 201 the merged claim
    POST /api/v1/articles/{id}/promote/   {"start", "end"}                    → 201 the new claim

Editors only: anyone else gets 403 before anything is looked up. A claim whose state forbids the
change answers 409, bad input 400, an unknown id 404, all in the API's one error shape
(``claims/api/errors.py``: the services' exceptions travel up and are answered there).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from claims.extraction import corrections
from claims.models import Claim
from claims.permissions import get_article_for, get_claim_for
from claims.review import workflow

from .errors import error_responses


class CorrectedClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "start",
            "end",
            "type",
            "checkworthiness",
            "claimant",
            "origin",
            "status",
            "entities",
            "quantities",
            "dates",
            "signals",
        ]


class EditSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="New words, copied from the article."
    )
    type = serializers.ChoiceField(choices=Claim.Type.choices, required=False)
    claimant = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Who made the claim; empty when the article asserts it.",
    )


class SplitSerializer(serializers.Serializer):
    at = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Split points: offsets into the article body inside the claim.",
    )
    parts = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="The parts' words, in order."
    )


class MergeSerializer(serializers.Serializer):
    claims = serializers.ListField(child=serializers.IntegerField(), min_length=2)


class PromoteSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class SplitResultSerializer(serializers.Serializer):
    claims = CorrectedClaimSerializer(many=True)


REFUSALS = error_responses(400, 403, 404, 409)


def _input(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _claim(request, pk: int) -> Claim:
    # Role first, so a fact-checker or outsider learns nothing about which ids exist.
    workflow.require(request.user, "correct_extraction")
    return get_claim_for(request.user, pk, write=True)


@extend_schema(
    request=EditSerializer,
    responses={200: CorrectedClaimSerializer, **REFUSALS},
    summary="Edit a claim",
)
@api_view(["POST"])
@permission_classes([AllowAny])  # the service decides: editors only
def claim_edit(request, pk: int):
    claim = _claim(request, pk)
    data = _input(EditSerializer, request)
    claim = corrections.claim_edit(claim=claim, by=request.user, **data)
    return Response(CorrectedClaimSerializer(claim).data)


@extend_schema(
    request=SplitSerializer,
    responses={201: SplitResultSerializer, **REFUSALS},
    summary="Split a claim",
)
@api_view(["POST"])
@permission_classes([AllowAny])
def claim_split(request, pk: int):
    claim = _claim(request, pk)
    data = _input(SplitSerializer, request)
    pieces = corrections.claim_split(
        claim=claim, at=data.get("at"), parts=data.get("parts"), by=request.user
    )
    return Response(
        {"claims": CorrectedClaimSerializer(pieces, many=True).data}, status=status.HTTP_201_CREATED
    )


@extend_schema(
    request=MergeSerializer,
    responses={201: CorrectedClaimSerializer, **REFUSALS},
    summary="Merge claims",
)
@api_view(["POST"])
@permission_classes([AllowAny])
def claims_merge(request):
    workflow.require(request.user, "correct_extraction")
    data = _input(MergeSerializer, request)
    claims = [get_claim_for(request.user, pk, write=True) for pk in dict.fromkeys(data["claims"])]
    merged = corrections.claims_merge(claims=claims, by=request.user)
    return Response(CorrectedClaimSerializer(merged).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request=PromoteSerializer,
    responses={201: CorrectedClaimSerializer, **REFUSALS},
    summary="Promote a span of an article to a claim",
)
@api_view(["POST"])
@permission_classes([AllowAny])
def article_promote(request, pk: int):
    workflow.require(request.user, "correct_extraction")
    article = get_article_for(request.user, pk)
    data = _input(PromoteSerializer, request)
    claim = corrections.claim_promote(
        article=article, start=data["start"], end=data["end"], by=request.user
    )
    return Response(CorrectedClaimSerializer(claim).data, status=status.HTTP_201_CREATED)
