"""Webhook delivery to a local HTTP server: signature, retries with backoff, the delivery log,
redelivery, the sweep, and the SSRF guard on target URLs. Tasks run eagerly (no REDIS_URL)."""

import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ValidationError

from claims.models import WebhookDelivery
from claims.publishing import webhooks
from claims.publishing.tasks import webhooks_sweep
from claims.review import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(receiver, editor):
    return webhooks.webhook_subscribe(
        target_url=receiver.url,
        events=["verdict.published", "verdict.corrected"],
        secret="s3cret",
        by=editor,
    )


def publish(verdict, by, capture):
    with capture(execute=True):
        return services.verdict_publish(verdict=verdict, by=by)


def test_delivery_is_signed_over_timestamp_and_body(
    receiver, subscription, proposed_verdict, editor, django_capture_on_commit_callbacks
):
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    (request,) = receiver.requests
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-Claimdesk-Timestamp"]
    expected = hmac.new(b"s3cret", timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Claimdesk-Signature"] == f"sha256={expected}"
    assert headers["X-Claimdesk-Event"] == "verdict.published"
    envelope = json.loads(body)
    assert envelope["event"] == "verdict.published"
    assert envelope["data"]["verdict"] == proposed_verdict.pk
    assert envelope["data"]["claimreview"]["@type"] == "ClaimReview"
    assert headers["X-Claimdesk-Delivery"] == envelope["id"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert delivery.latency_ms is not None
    assert delivery.delivered_at is not None


def test_failures_are_retried_then_delivered(
    receiver, subscription, proposed_verdict, editor, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 503]
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 3
    ids = {r["headers"]["X-Claimdesk-Delivery"] for r in receiver.requests}
    assert len(ids) == 1  # the same event id on every attempt
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == (
        "delivered",
        3,
        200,
        "",
    )


def test_five_failures_mark_the_delivery_failed(
    receiver, subscription, proposed_verdict, editor, django_capture_on_commit_callbacks
):
    receiver.answers = [500] * 10
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 5
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 5, 500)
    assert "HTTP 500" in delivery.error


def test_backoff_waits_the_configured_delays(settings):
    settings.CLAIMDESK_WEBHOOK_RETRY_DELAYS = [30, 120, 600]
    assert [webhooks.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 120, 600, 600]


def test_sweep_sends_deliveries_left_pending(receiver, subscription, proposed_verdict, editor):
    services.verdict_publish(
        verdict=proposed_verdict, by=editor
    )  # on_commit never ran: as if the broker was down
    assert WebhookDelivery.objects.get().status == "pending"
    assert receiver.requests == []
    assert webhooks_sweep() == 1
    assert WebhookDelivery.objects.get().status == "delivered"
    assert webhooks_sweep() == 0


def test_a_delivery_held_by_another_sender_is_not_sent_twice(
    receiver, subscription, proposed_verdict, editor
):
    from django.utils import timezone

    services.verdict_publish(verdict=proposed_verdict, by=editor)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(dispatched_at=timezone.now())
    assert webhooks.webhook_attempt(delivery_id=delivery.pk) == (None, None)
    assert receiver.requests == []


def test_only_subscribed_events_are_delivered(
    receiver, editor, proposed_verdict, django_capture_on_commit_callbacks
):
    webhooks.webhook_subscribe(target_url=receiver.url, events=["verdict.unpublished"], by=editor)
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest",
        "http://10.0.0.5/h",
        "file:///etc/passwd",
        "http://user:pw@example.com/",
    ],
)
def test_target_urls_pass_the_ssrf_guard(editor, url, settings):
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as refused:
        webhooks.webhook_subscribe(target_url=url, events=["verdict.published"], by=editor)
    assert "target_url" in refused.value.message_dict


def test_claims_created_in_a_batch_are_each_delivered(
    receiver, editor, make_claim, django_capture_on_commit_callbacks
):
    webhooks.webhook_subscribe(target_url=receiver.url, events=["claim.created"], by=editor)
    claims = [make_claim(text="First new claim."), make_claim(text="Second new claim.")]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.webhooks_emit_claims_created(claims=claims)
    texts = sorted(json.loads(r["body"])["data"]["text"] for r in receiver.requests)
    assert texts == ["First new claim.", "Second new claim."]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_without_a_broker_long_retries_wait_for_the_sweep(
    receiver, subscription, proposed_verdict, editor, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMDESK_WEBHOOK_RETRY_DELAYS = [30]
    receiver.answers = [500]
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("pending", 1, 1)
    assert delivery.next_attempt_at is not None
    assert webhooks.webhooks_due() == []  # not due for 30 seconds
