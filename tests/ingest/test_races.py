"""Two people ingesting the same article at the same moment get one article (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from claims.ingest.services import article_ingest
from claims.models import Article, AuditEntry
from tests.ingest.test_services import STORY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_ingests_of_one_article_save_it_once(require_postgres, fact_checker, editor):
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def ingest(name, user):
        try:
            barrier.wait(timeout=10)
            article = article_ingest(text=STORY, user=user)
            results[name] = (article.pk, article.created_now)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=ingest, args=(name, user))
        for name, user in (("a", fact_checker), ("b", editor))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({pk for pk, _ in results.values()}) == 1
    assert sorted(created for _, created in results.values()) == [False, True]
    assert Article.objects.count() == 1
    assert AuditEntry.objects.filter(action="article.ingested").count() == 1
