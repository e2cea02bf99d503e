"""The corrections endpoints: editors only, the services' refusals as 400/403/409, offsets kept exact."""

from __future__ import annotations

import pytest

from claims.models import AuditEntry, Claim, ExtractionCorrection

BODY = (
    "The ministry said 6,000 people were evacuated, and 200 were injured.\n"
    "Officials blamed the storm for the damage.\n"
    "The mayor called the response a disaster."
)
FIRST = "The ministry said 6,000 people were evacuated, and 200 were injured."
SECOND = "Officials blamed the storm for the damage."
THIRD = "The mayor called the response a disaster."


@pytest.fixture
def claims(make_article, make_claim):
    article = make_article(body=BODY)
    return [make_claim(FIRST, article=article), make_claim(SECOND, article=article)]


def assert_matches_body(data: dict) -> None:
    assert data["text"] == BODY[data["start"] : data["end"]]


def test_editor_edits_a_claim_to_other_words_of_the_article(api, claims, editor):
    response = api("editor").post(
        f"/api/v1/claims/{claims[0].pk}/edit/",
        {"text": "6,000 people were evacuated", "type": "event"},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["text"], data["type"]) == ("6,000 people were evacuated", "event")
    assert_matches_body(data)
    assert ExtractionCorrection.objects.get().action == "edit"


def test_editor_splits_a_claim_at_an_offset(api, claims, editor):
    cut = BODY.index(" and 200")
    response = api("editor").post(
        f"/api/v1/claims/{claims[0].pk}/split/", {"at": [cut]}, format="json"
    )
    assert response.status_code == 201, response.content
    parts = response.json()["claims"]
    assert [p["text"] for p in parts] == [
        "The ministry said 6,000 people were evacuated,",
        "and 200 were injured.",
    ]
    assert {p["origin"] for p in parts} == {"split"}
    for part in parts:
        assert_matches_body(part)
    claims[0].refresh_from_db()
    assert claims[0].status == "dismissed"


def test_editor_merges_claims(api, claims, editor):
    response = api("editor").post(
        "/api/v1/claims/merge/", {"claims": [claims[1].pk, claims[0].pk]}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["text"] == f"{FIRST}\n{SECOND}" and data["origin"] == "merged"
    assert AuditEntry.objects.filter(action="claim.merged_from", claim_id=data["id"]).exists()


def test_editor_promotes_a_span(api, claims, editor):
    start = BODY.index(THIRD)
    response = api("editor").post(
        f"/api/v1/articles/{claims[0].article_id}/promote/",
        {"start": start - 1, "end": start + len(THIRD)},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["text"], data["origin"], data["status"]) == (THIRD, "promoted", "new")
    assert data["start"] == start  # the leading line break was trimmed
    assert {"type", "checkworthiness", "claimant", "signals"} <= set(data)


def _requests(claims):
    article, first, second = claims[0].article_id, claims[0].pk, claims[1].pk
    return [
        (f"/api/v1/claims/{first}/edit/", {"type": "event"}),
        (f"/api/v1/claims/{first}/split/", {"at": [BODY.index(" and 200")]}),
        ("/api/v1/claims/merge/", {"claims": [first, second]}),
        (f"/api/v1/articles/{article}/promote/", {"start": 0, "end": 12}),
    ]


@pytest.mark.parametrize("persona", ["fact_checker", "outsider", "consumer", "anonymous"])
def test_anyone_but_an_editor_is_refused_with_403(api, claims, persona):
    for url, body in _requests(claims):
        response = api(persona).post(url, body, format="json")
        assert response.status_code == 403, (url, response.content)
    assert not ExtractionCorrection.objects.exists()
    assert Claim.objects.count() == 2


@pytest.mark.parametrize("status", ["in_review", "published"])
def test_claims_in_review_or_published_are_refused_with_409(api, claims, editor, status):
    claims[0].status = status
    claims[0].save()
    for url, body in _requests(claims)[:3]:
        response = api("editor").post(url, body, format="json")
        assert response.status_code == 409, (url, response.content)
        assert "verdict" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"start": 10, "end": len(BODY) + 1},
        {"start": -1, "end": 5},
        {"start": 9, "end": 9},
        {"start": "a", "end": 5},
        {"end": 5},
    ],
)
def test_bad_spans_are_refused_with_400(api, claims, editor, body):
    response = api("editor").post(
        f"/api/v1/articles/{claims[0].article_id}/promote/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and response.json()["fields"]
    assert Claim.objects.count() == 2


def test_promoting_an_existing_claim_span_is_refused_with_400(api, claims, editor):
    response = api("editor").post(
        f"/api/v1/articles/{claims[1].article_id}/promote/",
        {"start": claims[1].start, "end": claims[1].end},
        format="json",
    )
    assert response.status_code == 400
    assert f"#{claims[1].pk}" in response.json()["detail"]


@pytest.mark.parametrize(
    "url, body",
    [
        ("split", {"at": "nine"}),
        ("split", {"at": [len(FIRST) + 5]}),
        ("split", {}),
        ("edit", {"text": "Words that are nowhere in it."}),
        ("edit", {"type": "rumour"}),
    ],
)
def test_bad_input_is_refused_with_400(api, claims, editor, url, body):
    response = api("editor").post(f"/api/v1/claims/{claims[0].pk}/{url}/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["detail"]


def test_merge_needs_a_list_of_ids(api, claims, editor):
    response = api("editor").post(
        "/api/v1/claims/merge/", {"claims": [claims[0].pk]}, format="json"
    )
    assert response.status_code == 400


def test_unknown_ids_answer_404(api, claims, editor):
    assert api("editor").post("/api/v1/claims/999999/edit/", {"type": "event"}).status_code == 404
    assert (
        api("editor")
        .post("/api/v1/claims/merge/", {"claims": [claims[0].pk, 999999]}, format="json")
        .status_code
        == 404
    )
    assert (
        api("editor").post("/api/v1/articles/999999/promote/", {"start": 0, "end": 3}).status_code
        == 404
    )
