"""Celery tasks of the publishing stage: webhook deliveries and their sweep. Thin: ids in, services do
the work (see claims/publishing/webhooks.py)."""

import logging

from celery import shared_task

from .webhooks import webhook_attempt, webhooks_due

logger = logging.getLogger(__name__)
# Without a broker, retries run inline only when they are this short (the tests' settings).
EAGER_RETRY_MAX_DELAY = 1.0


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str | None:
    """One attempt at a delivery; on failure the next attempt is queued after the backoff delay."""
    delivery, delay = webhook_attempt(delivery_id=delivery_id)
    if delivery is None:
        logger.info(
            "Webhook delivery %s is gone, finished or being sent; nothing to do.", delivery_id
        )
        return None
    if delay is not None:
        if deliver_webhook.app.conf.task_always_eager and delay > EAGER_RETRY_MAX_DELAY:
            # In-process tasks (no broker) would retry inside the request that published; leave
            # the delivery pending with its next attempt time for the sweep instead.
            return delivery.status
        try:
            deliver_webhook.apply_async((delivery_id,), countdown=delay)
        except Exception:  # noqa: BLE001 - broker down: the sweep re-queues it when it is due
            logger.warning("Could not queue the retry of webhook delivery %s.", delivery_id)
    return delivery.status


@shared_task
def webhooks_sweep() -> int:
    """Re-queue pending deliveries that are due (lost to a broker outage or a crashed worker)."""
    due = webhooks_due()
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)
