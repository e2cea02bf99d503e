"""Celery tasks of the ingest stage. Thin: they take ids and call the services."""

import logging

from celery import shared_task

from claims.ingest.services import article_fetch_run

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def article_fetch_task(fetch_id: int) -> int | None:
    """Fetch and ingest the URL of one ArticleFetch row; returns the article id, if any."""
    fetch = article_fetch_run(fetch_id=fetch_id)
    if fetch is None:
        logger.warning("ArticleFetch %s is gone; nothing to fetch.", fetch_id)
        return None
    return fetch.article_id


@shared_task
def article_fetches_sweep_task() -> int:
    """Queue again URL fetches left pending (broker down) or stuck running (worker died)."""
    from claims.ingest.services import article_fetches_sweep

    return article_fetches_sweep()
