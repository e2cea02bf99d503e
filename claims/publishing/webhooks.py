"""Webhooks: events are recorded as deliveries inside the transaction that caused them and sent by
Celery after commit, so a crash never loses or doubles one."""

from django.db import transaction

from ..models import WebhookDelivery, WebhookSubscription


def event_payload(*, event: str, verdict=None, claim=None) -> dict:
    if verdict is not None:
        return {"event": event, "verdict": verdict.pk, "claim": verdict.claim_id, "version": verdict.version,
                "rating": verdict.rating, "status": verdict.status}
    return {"event": event, "claim": claim.pk, "article": claim.article_id, "text": claim.text}


def webhooks_emit(*, event: str, verdict=None, claim=None) -> list[WebhookDelivery]:
    """Record one delivery per active subscription to `event`; dispatch them after commit."""
    payload = event_payload(event=event, verdict=verdict, claim=claim)
    deliveries = [
        WebhookDelivery.objects.create(subscription=subscription, event=event, payload=payload)
        for subscription in WebhookSubscription.objects.filter(active=True)
        if event in subscription.events
    ]
    if deliveries:
        transaction.on_commit(lambda: _dispatch([d.pk for d in deliveries]))
    return deliveries


def _dispatch(delivery_ids: list[int]) -> None:
    try:
        from .tasks import deliver_webhook
    except ImportError:  # delivery task not built yet; the sweep sends pending deliveries later
        return
    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:  # broker down: the delivery stays pending for the periodic sweep
            pass
