import datetime as dt

import pytest

from claims.extraction.services import claims_extract_for_article
from claims.models import Claim
from tests.extraction import scorer_double

BODY = (
    "The Harbour Union said on Sunday that about 6,000 dock workers had walked out.\n\n"
    "Will the port reopen?\n\n"
    "The strike will undoubtedly become the longest in the city's history."
)


@pytest.fixture
def scorer(monkeypatch):
    return scorer_double.install(monkeypatch, score=0.6)


@pytest.fixture
def article(make_article):
    return make_article(body=BODY, published_at=dt.datetime(2021, 8, 19, tzinfo=dt.UTC))


def test_every_sentence_is_stored_and_checkworthy_ones_become_claims(db, scorer, settings, article):
    settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD = 0.5
    created = claims_extract_for_article(article=article)
    article.refresh_from_db()
    assert len(article.sentences) == 3
    assert set(article.sentences[0]) == {"start", "end", "checkworthiness", "type"}
    assert [c.text for c in created] == [BODY.split("\n\n")[0]]
    claim = Claim.objects.get(article=article)
    assert claim.claimant == "Harbour Union"
    assert claim.dates[0]["date"] == "2021-08-15"
    assert claim.quantities[0]["value"] == 6000
    assert claim.origin == Claim.Origin.EXTRACTED and claim.status == Claim.Status.NEW
    assert BODY[claim.start : claim.end] == claim.text
    assert claim.signals


def test_below_threshold_sentences_stay_visible_but_are_not_claims(db, scorer, settings, article):
    settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD = 0.99
    assert claims_extract_for_article(article=article) == []
    article.refresh_from_db()
    assert len(article.sentences) == 3 and not article.claims.exists()


def test_extracting_twice_does_not_duplicate_claims(db, scorer, settings, article):
    settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD = 0.5
    claims_extract_for_article(article=article)
    assert claims_extract_for_article(article=article) == []
    assert article.claims.count() == 1


def test_new_claims_are_announced_to_claim_created_subscribers(db, scorer, settings, article):
    from claims.models import WebhookDelivery, WebhookSubscription

    settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD = 0.5
    WebhookSubscription.objects.create(
        target_url="http://127.0.0.1:9/hook", secret="s", events=["claim.created"]
    )
    created = claims_extract_for_article(article=article)
    deliveries = WebhookDelivery.objects.filter(event="claim.created")
    assert deliveries.count() == len(created) == 1
    assert deliveries.get().payload["claim"] == created[0].pk
