"""Reference data: the rating scale and the outlets."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..models import Outlet
from ..permissions import is_staff_member
from ..ratings import bounds, scale
from .errors import error_responses
from .filters import DeskFilterSet
from .pagination import DeskPagination


class RatingSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What verdicts' `rating` holds.")
    label = serializers.CharField()
    value = serializers.IntegerField(
        allow_null=True, help_text="ClaimReview ratingValue; null off the numeric scale."
    )
    colour = serializers.CharField()
    definition = serializers.CharField()


class RatingScaleSerializer(serializers.Serializer):
    worst = serializers.IntegerField(help_text="ClaimReview worstRating.")
    best = serializers.IntegerField(help_text="ClaimReview bestRating.")
    ratings = RatingSerializer(many=True)


@extend_schema(
    summary="The rating scale", responses={200: RatingScaleSerializer, **error_responses(429)}
)
@api_view(["GET"])
@permission_classes([AllowAny])
def rating_scale(request):
    worst, best = bounds()
    return Response(
        {"worst": worst, "best": best, "ratings": RatingSerializer(scale(), many=True).data}
    )


class OutletEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain"]
        read_only_fields = fields


class OutletFilter(DeskFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    domain = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Outlet
        fields = ["name", "domain"]


@extend_schema(
    summary="Outlets (others than staff: those carrying published claims)",
    responses={200: OutletEntrySerializer(many=True), **error_responses(400, 404, 429)},
)
class OutletList(generics.ListAPIView):
    serializer_class = OutletEntrySerializer
    permission_classes = [AllowAny]
    pagination_class = DeskPagination
    filterset_class = OutletFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]

    def get_queryset(self):
        if is_staff_member(self.request.user):
            return Outlet.objects.all()
        return Outlet.objects.filter(articles__claims__status="published").distinct()
