"""GET /api/v1/claims:search answers like Google Fact Check Tools' claims:search."""

import pytest

from claims.review import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_many(make_claim, make_article, evidence_for, fact_checker, editor):
    def publish(text, rating="false", language="en", claimant=None):
        article = make_article(body=f"{text} More text.", language=language)
        claim = make_claim(text=text, article=article, claimant=claimant)
        evidence_for(claim)
        verdict = services.verdict_propose(
            claim=claim, rating=rating, summary=f"Summary of {text}", by=fact_checker
        )
        return services.verdict_publish(verdict=verdict, by=editor)

    return publish


def test_search_result_has_the_fact_check_tools_shape(api, published_many, settings):
    verdict = published_many("Unemployment doubled last year.", claimant="A senator")
    body = api("anonymous").get("/api/v1/claims:search", {"query": "unemployment"}).json()
    assert set(body) == {"claims"}  # no nextPageToken on the last page
    (claim,) = body["claims"]
    assert claim["text"] == "Unemployment doubled last year."
    assert claim["claimant"] == "A senator"
    (review,) = claim["claimReview"]
    assert review["publisher"] == {
        "name": settings.CLAIMDESK_ORGANISATION["name"],
        "site": "127.0.0.1",
    }
    assert review["url"] == f"{settings.SITE_URL}/verdicts/{verdict.pk}/"
    assert review["textualRating"] == "False"
    assert review["languageCode"] == "en"
    assert review["title"] == "Summary of Unemployment doubled last year."
    assert review["reviewDate"].endswith("Z")


def test_search_pages_with_tokens(api, published_many):
    made = [published_many(f"Bridge number {n} collapsed.").pk for n in range(5)]
    client = api("consumer")
    seen, token = [], None
    while True:
        params = {"query": "bridge collapsed", "pageSize": 2}
        if token:
            params["pageToken"] = token
        body = client.get("/api/v1/claims:search", params).json()
        seen += [c["claimReview"][0]["url"].rstrip("/").rsplit("/", 1)[1] for c in body["claims"]]
        token = body.get("nextPageToken")
        if not token:
            break
    assert [int(pk) for pk in seen] == made[::-1]


def test_search_filters_language_and_every_word(api, published_many):
    published_many("Le pont est tombé.", language="fr")
    published_many("The bridge fell down.")
    client = api("anonymous")
    assert [
        c["text"]
        for c in client.get("/api/v1/claims:search", {"languageCode": "fr"}).json()["claims"]
    ] == ["Le pont est tombé."]
    assert client.get("/api/v1/claims:search", {"query": "bridge pont"}).json()["claims"] == []


def test_search_never_shows_drafts_or_withdrawn_verdicts(
    api, published_many, proposed_verdict, editor
):
    withdrawn = published_many("Withdrawn claim about rivers.")
    services.verdict_unpublish(verdict=withdrawn, reason="Wrong claimant.", by=editor)
    assert api("anonymous").get("/api/v1/claims:search", {"query": "river"}).json()["claims"] == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"pageToken": "@@@"}, "pageToken"),
        ({"pageSize": 0}, "pageSize"),
        ({"pageSize": 1000}, "pageSize"),
    ],
)
def test_bad_search_parameters_are_field_errors(api, params, field):
    response = api("anonymous").get("/api/v1/claims:search", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]
