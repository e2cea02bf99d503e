"""Webhooks: events are recorded as deliveries inside the transaction that caused them and sent by
Celery after commit, so a crash never loses or doubles one.

A delivery is a signed POST of ``{"id", "event", "created_at", "data"}`` to the subscription's URL,
through the same SSRF guard as URL ingestion (``claims.ingest.fetch.guarded_fetch``). Headers:

- ``X-Claimdesk-Event``: the event name; ``X-Claimdesk-Delivery``: the event id (the same on every
  retry and redelivery, so receivers can drop duplicates);
- ``X-Claimdesk-Timestamp``: Unix seconds when this attempt was signed;
- ``X-Claimdesk-Signature``: ``sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>``.

A 2xx answer marks the delivery delivered. Anything else (an error status, a timeout, a refused
address) is logged on the row (status, response code, latency, error) and retried after
``CLAIMDESK_WEBHOOK_RETRY_DELAYS`` up to ``CLAIMDESK_WEBHOOK_MAX_ATTEMPTS`` attempts, then the
delivery is marked failed; an editor can redeliver it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..audit import audit_record
from ..models import WebhookDelivery, WebhookSubscription
from ..permissions import require_editor

logger = logging.getLogger(__name__)

EVENTS = WebhookSubscription.Event.values
# A sender holds a delivery this long; after it the sweep may hand the delivery to another sender.
LEASE = timedelta(minutes=5)
RESPONSE_KEPT_CHARS = 500


def event_payload(*, event: str, verdict=None, claim=None) -> dict:
    if verdict is not None:
        from .claimreview import claimreview_for, public_url

        payload = {
            "event": event,
            "verdict": verdict.pk,
            "claim": verdict.claim_id,
            "version": verdict.version,
            "rating": verdict.rating,
            "status": verdict.status,
            "url": public_url(verdict),
        }
        if verdict.corrects_id:
            payload.update(corrects=verdict.corrects_id, correction_note=verdict.correction_note)
        if verdict.status == verdict.Status.UNPUBLISHED:
            payload["reason"] = verdict.unpublished_reason
        if verdict.status == verdict.Status.PUBLISHED:
            payload["claimreview"] = json.loads(
                json.dumps(claimreview_for(verdict), cls=DjangoJSONEncoder)
            )
        return payload
    return {"event": event, "claim": claim.pk, "article": claim.article_id, "text": claim.text}


def webhooks_emit(*, event: str, verdict=None, claim=None) -> list[WebhookDelivery]:
    """Record one delivery per active subscription to `event`; dispatch them after commit."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if event in s.events
    ]
    if not subscriptions:
        return []
    payload = event_payload(event=event, verdict=verdict, claim=claim)
    deliveries = [
        WebhookDelivery.objects.create(subscription=subscription, event=event, payload=payload)
        for subscription in subscriptions
    ]
    transaction.on_commit(lambda: _dispatch([d.pk for d in deliveries]))
    return deliveries


def webhooks_emit_claims_created(*, claims) -> list[WebhookDelivery]:
    """``claim.created`` for a batch of new claims (the extraction service creates them in bulk)."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if "claim.created" in s.events
    ]
    if not subscriptions:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event="claim.created",
            payload=event_payload(event="claim.created", claim=claim),
        )
        for claim in claims
        for subscription in subscriptions
    )
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: _dispatch(ids))
    return deliveries


def _dispatch(delivery_ids: list[int]) -> None:
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:  # noqa: BLE001 - broker down: the delivery stays pending for the periodic sweep
            logger.warning(
                "Could not queue webhook delivery %s; the sweep will send it.", delivery_id
            )


# --- Subscriptions --------------------------------------------------------------------------------


def _check_target(url: str) -> str:
    from ..ingest.fetch import FetchError, check_url

    url = (url or "").strip()
    if not url:
        raise ValidationError({"target_url": "Give the address Claimdesk should POST events to."})
    try:
        check_url(url)
    except FetchError as error:
        raise ValidationError({"target_url": error.message}) from None
    return url


def _check_events(events) -> list[str]:
    if not isinstance(events, (list, tuple)) or not events:
        raise ValidationError({"events": f"Choose at least one event: {', '.join(EVENTS)}."})
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValidationError(
            {"events": f"Unknown event {unknown[0]!r}; choose from {', '.join(EVENTS)}."}
        )
    return list(dict.fromkeys(events))


def webhook_subscribe(*, target_url: str, events, by, secret: str = "") -> WebhookSubscription:
    """An editor subscribes a URL to events. The URL must pass the SSRF guard; a secret is made
    when none is given (it signs every delivery)."""
    require_editor(by)
    target_url, events = _check_target(target_url), _check_events(events)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            target_url=target_url,
            events=events,
            secret=secret or secrets.token_urlsafe(32),
            created_by=by,
        )
        audit_record(
            actor=by,
            action="webhook.subscribed",
            changes={"subscription": subscription.pk, "target_url": target_url, "events": events},
        )
    return subscription


def webhook_update(
    *,
    subscription: WebhookSubscription,
    by,
    target_url: str | None = None,
    events=None,
    active: bool | None = None,
) -> WebhookSubscription:
    require_editor(by)
    changes: dict = {}
    if target_url is not None:
        changes["target_url"] = _check_target(target_url)
    if events is not None:
        changes["events"] = _check_events(events)
    if active is not None:
        changes["active"] = bool(active)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(subscription, name, value)
        subscription.save()
        audit_record(
            actor=by, action="webhook.updated", changes={"subscription": subscription.pk, **changes}
        )
    return subscription


def webhook_delete(*, subscription: WebhookSubscription, by) -> None:
    require_editor(by)
    with transaction.atomic():
        audit_record(
            actor=by,
            action="webhook.deleted",
            changes={"subscription": subscription.pk, "target_url": subscription.target_url},
        )
        subscription.delete()


def webhook_redeliver(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Send a delivery again (same event id), whatever became of it, with a fresh set of attempts."""
    require_editor(by)
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING,
            attempts=0,
            next_attempt_at=None,
            dispatched_at=None,
            error="",
        )
        audit_record(actor=by, action="webhook.redelivered", changes={"delivery": delivery.pk})
        transaction.on_commit(lambda: _dispatch([delivery.pk]))
    delivery.refresh_from_db()
    return delivery


# --- Sending ------------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` over ``"<timestamp>.<body>"`` — what receivers recompute to verify."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def delivery_body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def retry_delay(attempts: int) -> float:
    delays = settings.CLAIMDESK_WEBHOOK_RETRY_DELAYS or [60.0]
    return delays[min(attempts - 1, len(delays) - 1)]


def webhook_attempt(*, delivery_id: int) -> tuple[WebhookDelivery | None, float | None]:
    """Make one attempt at a pending delivery; returns it and the delay before a retry (or None).

    The delivery is claimed with a conditional UPDATE, so two senders never POST it at once; a
    delivery that is gone, already delivered or failed, or held by another sender is left alone.
    """
    from ..ingest.fetch import FetchError, guarded_fetch

    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - LEASE))
        .update(dispatched_at=now)
    )
    if not claimed:
        return None, None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    body = delivery_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Claimdesk-Event": delivery.event,
        "X-Claimdesk-Delivery": str(delivery.event_id),
        "X-Claimdesk-Timestamp": timestamp,
        "X-Claimdesk-Signature": signature(subscription.secret, timestamp, body),
    }
    started = time.monotonic()
    response_code, error = None, ""
    try:
        answer = guarded_fetch(
            subscription.target_url,
            method="POST",
            body=body,
            headers=headers,
            max_redirects=0,
            raise_for_status=False,
            max_bytes=64 * 1024,
            timeout=settings.CLAIMDESK_WEBHOOK_TIMEOUT,
        )
        response_code = answer.status
        if not 200 <= answer.status < 300:
            text = answer.content[:RESPONSE_KEPT_CHARS].decode("utf-8", "replace")
            error = f"The receiver answered HTTP {answer.status}. {text}".strip()
    except FetchError as failure:
        error = failure.message
    latency_ms = int((time.monotonic() - started) * 1000)

    delivery.attempts += 1
    delivery.response_code, delivery.latency_ms, delivery.error = response_code, latency_ms, error
    delivery.dispatched_at = None
    delay = None
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= settings.CLAIMDESK_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
    else:
        delay = retry_delay(delivery.attempts)
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    delivery.save(
        update_fields=[
            "attempts",
            "response_code",
            "latency_ms",
            "error",
            "dispatched_at",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery, delay


def webhooks_due(*, limit: int = 500) -> list[int]:
    """Pending deliveries nobody holds whose next attempt is due: what the beat sweep re-queues."""
    now = timezone.now()
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - LEASE))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
