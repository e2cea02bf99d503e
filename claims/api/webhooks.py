"""Webhook endpoints (editors): subscriptions, their delivery log, and redelivery.

The secret is shown once, in the answer to the POST that creates the subscription.
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..models import WebhookDelivery, WebhookSubscription
from ..permissions import require_editor
from ..publishing import webhooks
from .errors import error_responses
from .filters import DeskFilterSet
from .pagination import DeskPagination


class SubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=webhooks.EVENTS))

    class Meta:
        model = WebhookSubscription
        fields = ["id", "target_url", "events", "active", "created_at"]
        read_only_fields = fields


class NewSubscriptionSerializer(SubscriptionSerializer):
    class Meta(SubscriptionSerializer.Meta):
        fields = SubscriptionSerializer.Meta.fields + ["secret"]
        read_only_fields = fields


class SubscribeSerializer(serializers.Serializer):
    target_url = serializers.CharField(max_length=2000)
    events = serializers.ListField(
        child=serializers.CharField(), help_text=", ".join(webhooks.EVENTS)
    )
    secret = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Made for you when left out.",
    )


class SubscriptionUpdateSerializer(serializers.Serializer):
    target_url = serializers.CharField(required=False, max_length=2000)
    events = serializers.ListField(child=serializers.CharField(), required=False)
    active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event",
            "event_id",
            "payload",
            "status",
            "attempts",
            "response_code",
            "latency_ms",
            "error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _subscription(request, pk) -> WebhookSubscription:
    require_editor(request.user)
    return get_object_or_404(WebhookSubscription, pk=pk)


@extend_schema(
    methods=["GET"],
    summary="Webhook subscriptions (editors)",
    responses={200: SubscriptionSerializer(many=True), **error_responses(403, 429)},
)
@extend_schema(
    methods=["POST"],
    summary="Subscribe a URL to events (editors)",
    request=SubscribeSerializer,
    responses={201: NewSubscriptionSerializer, **error_responses(400, 403, 429)},
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def subscription_list(request):
    require_editor(request.user)
    if request.method == "GET":
        items = WebhookSubscription.objects.order_by("id")
        return Response(SubscriptionSerializer(items, many=True).data)
    data = _valid(SubscribeSerializer, request)
    subscription = webhooks.webhook_subscribe(by=request.user, **data)
    return Response(NewSubscriptionSerializer(subscription).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    summary="One webhook subscription",
    responses={200: SubscriptionSerializer, **error_responses(403, 404, 429)},
)
@extend_schema(
    methods=["PATCH"],
    summary="Change a subscription",
    request=SubscriptionUpdateSerializer,
    responses={200: SubscriptionSerializer, **error_responses(400, 403, 404, 429)},
)
@extend_schema(
    methods=["DELETE"],
    summary="Delete a subscription and its delivery log",
    responses={204: None, **error_responses(403, 404, 429)},
)
@api_view(["GET", "PATCH", "DELETE"])
@permission_classes([IsAuthenticated])
def subscription_detail(request, pk: int):
    subscription = _subscription(request, pk)
    if request.method == "PATCH":
        data = _valid(SubscriptionUpdateSerializer, request)
        subscription = webhooks.webhook_update(subscription=subscription, by=request.user, **data)
    elif request.method == "DELETE":
        webhooks.webhook_delete(subscription=subscription, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return Response(SubscriptionSerializer(subscription).data)


class DeliveryFilter(DeskFilterSet):
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event = django_filters.ChoiceFilter(choices=WebhookSubscription.Event.choices)

    class Meta:
        model = WebhookDelivery
        fields = ["status", "event"]


@extend_schema(
    summary="A subscription's delivery log, newest first",
    responses={200: DeliverySerializer(many=True), **error_responses(400, 403, 404, 429)},
)
class DeliveryList(generics.ListAPIView):
    serializer_class = DeliverySerializer
    permission_classes = [IsAuthenticated]
    pagination_class = DeskPagination
    filterset_class = DeliveryFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]
    queryset = WebhookDelivery.objects.none()  # for the schema; the real one is per subscription

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        subscription = _subscription(self.request, self.kwargs["pk"])
        return subscription.deliveries.all()


@extend_schema(
    summary="Send a delivery again (same event id)",
    request=None,
    responses={202: DeliverySerializer, **error_responses(403, 404, 429)},
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def delivery_redeliver(request, pk: int, delivery_pk: int):
    subscription = _subscription(request, pk)
    delivery = get_object_or_404(WebhookDelivery, pk=delivery_pk, subscription=subscription)
    delivery = webhooks.webhook_redeliver(delivery=delivery, by=request.user)
    return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
