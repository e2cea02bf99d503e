"""A URL ingest carried out by a real Celery worker (PostgreSQL + Redis)."""

import time

import pytest
from rest_framework.test import APIClient

from claims.models import ArticleFetch


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_fetches_the_url_and_the_status_url_reports_the_article(
    celery_workers, local_site, fact_checker
):
    celery_workers.start(
        env={"CLAIMDESK_FETCH_ALLOWED_HOSTS": f"127.0.0.1:{local_site.port}"}, concurrency=1
    )
    client = APIClient()
    client.force_authenticate(fact_checker)
    response = client.post(
        "/api/v1/articles/", {"url": local_site.url("/article.html")}, format="json"
    )
    assert response.status_code == 202, response.content
    status_url = response.json()["status_url"]

    deadline = time.monotonic() + 60
    state = client.get(status_url).json()
    while state["status"] in ("pending", "running") and time.monotonic() < deadline:
        time.sleep(0.3)
        state = client.get(status_url).json()
    assert state["status"] == "done", state
    article = client.get(state["article_url"]).json()
    assert article["title"] == "Dam opens after ten years of work"
    assert article["source_url"] == local_site.url("/article.html")
    assert ArticleFetch.objects.get().attempts == 1
    assert local_site.requests and local_site.requests[0]["path"] == "/article.html"
