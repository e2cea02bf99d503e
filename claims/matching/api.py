"""The API of related claims.

- ``RelatedField``: put ``related = RelatedField()`` on any claim serializer and the claim's
  representation carries ``related: [{claim, relation, similarity}]`` (``claim`` is the other
  claim's id).
- ``GET /api/v1/claims/{id}/related/``: the same relations with the other claims' text,
  article and outlet, and the word diff of a quote discrepancy.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from claims.matching.selectors import related_data_for_claim, related_for_claim
from claims.permissions import claims_for, get_claim_for


class RelatedItemSerializer(serializers.Serializer):
    claim = serializers.IntegerField(help_text="The other claim's id.")
    relation = serializers.ChoiceField(choices=["same", "similar", "quote_discrepancy"])
    similarity = serializers.FloatField()


@extend_schema_field(RelatedItemSerializer(many=True))
class RelatedField(serializers.Field):
    """A claim's relations to other claims, read-only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, claim):
        return related_data_for_claim(claim)


class RelatedArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    source_url = serializers.CharField()


class RelatedOutletSerializer(serializers.Serializer):
    name = serializers.CharField()
    domain = serializers.CharField()


class RelatedClaimDetailSerializer(serializers.Serializer):
    claim = serializers.IntegerField(source="claim.pk")
    text = serializers.CharField(source="claim.text")
    relation = serializers.CharField()
    similarity = serializers.FloatField()
    article = RelatedArticleSerializer(source="claim.article")
    outlet = RelatedOutletSerializer(source="claim.article.outlet", allow_null=True)
    detail = serializers.JSONField(
        help_text="For a quote discrepancy: speaker, both quotes, word diff."
    )


@extend_schema(
    responses=RelatedClaimDetailSerializer(many=True),
    summary="Claims related to a claim (same, similar, quote discrepancy)",
)
@api_view(["GET"])
@permission_classes([AllowAny])  # get_claim_for decides: 404 for a claim the reader may not see
def claim_related(request, pk: int):
    claim = get_claim_for(request.user, pk)
    related = related_for_claim(claim)
    visible = set(
        claims_for(request.user)
        .filter(pk__in=[item.claim.pk for item in related])
        .values_list("pk", flat=True)
    )
    items = [item for item in related if item.claim.pk in visible]
    return Response(RelatedClaimDetailSerializer(items, many=True).data)
