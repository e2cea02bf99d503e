"""POST/GET /api/v1/articles/ and the article-fetch status endpoint."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims.ingest import services
from claims.models import Article, ArticleFetch
from tests.ingest.conftest import ARTICLE_HTML
from tests.ingest.test_services import STORY

DETAIL_KEYS = {
    "id",
    "title",
    "outlet",
    "byline",
    "published_at",
    "source_url",
    "body",
    "captions",
    "claims",
}
CLAIM_KEYS = {
    "id",
    "text",
    "type",
    "checkworthiness",
    "claimant",
    "start",
    "end",
    "status",
    "entities",
    "quantities",
    "dates",
    "signals",
    "related",
}


_DOCUMENT: dict = {}


@pytest.fixture
def checker(db):
    """The OpenAPI document the project serves; every /api/v1/ answer below must match it."""
    from tests.api.openapi import OpenAPIChecker

    if not _DOCUMENT:
        response = APIClient().get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        _DOCUMENT.update(json.loads(response.content))
    return OpenAPIChecker(_DOCUMENT)


def checked_client(checker, user=None) -> APIClient:
    from tests.api.conftest import CheckedClient

    client = CheckedClient()
    client.checker = checker
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api(checker, fact_checker):
    return checked_client(checker, fact_checker)


def test_posting_text_answers_201_with_the_article_detail(api):
    response = api.post("/api/v1/articles/", {"text": STORY}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == DETAIL_KEYS
    assert data["title"] == "Harbour reopens after storm"
    assert data["outlet"] == {"name": "coastnews.example", "domain": "coastnews.example"}
    assert data["byline"] == "Lena Ortiz"
    assert data["published_at"].startswith("2023-03-02")
    for claim in data["claims"]:
        assert set(claim) == CLAIM_KEYS
        assert data["body"][claim["start"] : claim["end"]] == claim["text"]
    assert response["Location"] == f"/api/v1/articles/{data['id']}/"


def test_posting_the_same_text_again_answers_200_with_the_same_article(api):
    first = api.post("/api/v1/articles/", {"text": STORY}, format="json").json()
    again = api.post("/api/v1/articles/", {"text": STORY}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert Article.objects.count() == 1


def test_posting_html_with_options(api):
    response = api.post(
        "/api/v1/articles/",
        {"html": ARTICLE_HTML, "outlet": "The Valley", "published_at": "2022-05-05"},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["outlet"]["name"] == "The Valley"
    assert data["published_at"].startswith("2022-05-05")
    assert data["captions"][0]["credit"] == "ANA LIMA/VALLEY TIMES"


def test_uploading_a_file_as_multipart(api):
    upload = SimpleUploadedFile("harbour.txt", STORY.encode(), content_type="text/plain")
    response = api.post("/api/v1/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert response.json()["title"] == "Harbour reopens after storm"


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"text": ""}, "empty"),
        ({"text": "  \n "}, "empty"),
        ({"text": 42}, "invalid_type"),
        ({}, "one_input"),
        ({"url": "ftp://example.com/a"}, "scheme"),
        ({"text": STORY, "published_at": "soon"}, "invalid_date"),
    ],
)
def test_bad_input_answers_400_with_a_message_and_saves_nothing(api, payload, code):
    response = api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert body["fields"] and body["detail"] in next(iter(body["fields"].values()))
    assert Article.objects.count() == 0 and ArticleFetch.objects.count() == 0


def test_binary_upload_answers_400(api):
    upload = SimpleUploadedFile(
        "a.txt", b"\x00\x01\x02binary", content_type="application/octet-stream"
    )
    response = api.post("/api/v1/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "binary"


def test_over_long_text_answers_400(api, settings):
    settings.CLAIMDESK_MAX_ARTICLE_CHARS = 100
    response = api.post("/api/v1/articles/", {"text": "word " * 100}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "too_long"


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.post("/api/v1/articles/", b"{not json", content_type="application/json")
    assert response.status_code == 400


def test_anonymous_and_outsiders_cannot_ingest(checker, outsider):
    anonymous = checked_client(checker)
    assert anonymous.post("/api/v1/articles/", {"text": STORY}, format="json").status_code in (
        401,
        403,
    )
    signed_in = checked_client(checker, outsider)
    assert signed_in.post("/api/v1/articles/", {"text": STORY}, format="json").status_code == 403
    assert Article.objects.count() == 0


def test_editors_can_ingest(checker, editor):
    client = checked_client(checker, editor)
    assert client.post("/api/v1/articles/", {"text": STORY}, format="json").status_code == 201


def test_get_detail_and_list(api):
    created = api.post("/api/v1/articles/", {"text": STORY}, format="json").json()
    detail = api.get(f"/api/v1/articles/{created['id']}/")
    assert detail.status_code == 200 and detail.json() == created
    listing = api.get("/api/v1/articles/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == created["id"]
    assert listing["results"][0]["claim_count"] == len(created["claims"])


def test_anonymous_cannot_read_articles(api, checker):
    created = api.post("/api/v1/articles/", {"text": STORY}, format="json").json()
    anonymous = checked_client(checker)
    assert anonymous.get(f"/api/v1/articles/{created['id']}/").status_code == 404
    assert anonymous.get("/api/v1/articles/").json()["count"] == 0


def test_missing_article_is_404(api):
    assert api.get("/api/v1/articles/999999/").status_code == 404


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # real commits, so the queued task runs as in production
def test_url_completes_inline_when_tasks_run_eagerly(api, allow_local_site):
    response = api.post(
        "/api/v1/articles/", {"url": allow_local_site.url("/article.html")}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["source_url"] == allow_local_site.url("/article.html")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refused_url_answers_400_and_records_the_failed_fetch(api, connections):
    response = api.post(
        "/api/v1/articles/", {"url": "http://169.254.169.254/latest/"}, format="json"
    )
    assert response.status_code == 400
    assert "private or internal" in response.json()["detail"]
    assert Article.objects.count() == 0
    assert ArticleFetch.objects.get().status == ArticleFetch.Status.FAILED
    assert connections == []


def test_url_answers_202_with_a_status_url_while_the_fetch_is_queued(
    api, allow_local_site, monkeypatch
):
    monkeypatch.setattr(
        services, "_dispatch_fetch", lambda fetch_id: None
    )  # a worker will pick it up
    response = api.post(
        "/api/v1/articles/", {"url": allow_local_site.url("/article.html")}, format="json"
    )
    assert response.status_code == 202
    status_url = response.json()["status_url"]
    assert response["Location"] == status_url
    state = api.get(status_url).json()
    assert state["status"] == "pending" and state["article"] is None
    services.article_fetch_run(fetch_id=state["id"])
    state = api.get(status_url).json()
    assert state["status"] == "done"
    assert api.get(state["article_url"]).status_code == 200
