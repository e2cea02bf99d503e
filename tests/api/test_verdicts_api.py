"""Verdict endpoints per role: the published feed, the editor's actions, edits with optimistic
locking, and corrections. Every response is checked against the OpenAPI document."""

import pytest

from claims.models import Claim, Verdict
from claims.review import services

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "consumer", "fact_checker", "editor", "other_editor"]


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_published_feed(api, published_verdict, proposed_verdict, persona):
    response = api(persona).get("/api/v1/verdicts/", {"published": "true"})
    assert response.status_code == 200
    assert [v["id"] for v in response.json()["results"]] == [published_verdict.pk]
    assert response.json()["results"][0]["public_url"].endswith(
        f"/verdicts/{published_verdict.pk}/"
    )


def test_drafts_are_visible_to_staff_only(api, proposed_verdict):
    assert api("fact_checker").get(f"/api/v1/verdicts/{proposed_verdict.pk}/").status_code == 200
    assert [v["id"] for v in api("editor").get("/api/v1/verdicts/").json()["results"]] == [
        proposed_verdict.pk
    ]
    for persona in ("anonymous", "outsider", "consumer"):
        assert api(persona).get(f"/api/v1/verdicts/{proposed_verdict.pk}/").status_code == 404
        assert api(persona).get("/api/v1/verdicts/").json()["results"] == []


def test_feed_is_cursor_paginated_newest_first(api, make_claim, evidence_for, fact_checker, editor):
    published = []
    for number in range(5):
        claim = make_claim(text=f"Claim number {number} is checked.")
        evidence_for(claim)
        verdict = services.verdict_propose(
            claim=claim, rating="true", summary=f"Yes {number}.", by=fact_checker
        )
        published.append(services.verdict_publish(verdict=verdict, by=editor).pk)
    client = api("anonymous")
    first = client.get("/api/v1/verdicts/", {"published": "true", "page_size": 2}).json()
    assert [v["id"] for v in first["results"]] == published[::-1][:2]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [v["id"] for v in second["results"]] == published[::-1][2:4]
    third = client.get(second["next"]).json()
    assert [v["id"] for v in third["results"]] == published[:1]
    assert third["next"] is None


def test_feed_filters_by_rating_and_text(api, published_verdict):
    client = api("anonymous")
    assert client.get("/api/v1/verdicts/", {"rating": "true"}).json()["results"] == []
    assert (
        len(
            client.get("/api/v1/verdicts/", {"rating": "mostly-false", "q": "river"}).json()[
                "results"
            ]
        )
        == 1
    )
    bad = client.get("/api/v1/verdicts/", {"published_after": "not-a-date"})
    assert bad.status_code == 400
    assert "published_after" in bad.json()["fields"]


# --- Publishing (four eyes) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 403),
        ("outsider", 404),
        ("consumer", 404),
        ("fact_checker", 403),
        ("editor", 403),
        ("other_editor", 200),
    ],
)
def test_publish_by_role(api, proposed_verdict, editor, persona, expected):
    # `editor` publishing their own proposal is the four-eyes refusal: make the editor the proposer.
    Verdict.objects.filter(pk=proposed_verdict.pk).update(proposed_by=editor)
    response = api(persona).post(f"/api/v1/verdicts/{proposed_verdict.pk}/publish/")
    assert response.status_code == expected
    proposed_verdict.refresh_from_db()
    assert (proposed_verdict.status == "published") is (expected == 200)
    if expected != 200:
        assert response.json()["detail"]
    else:
        assert response.json()["approved_by"] == "eamon"


def test_publishing_twice_is_a_conflict(api, published_verdict):
    response = api("other_editor").post(f"/api/v1/verdicts/{published_verdict.pk}/publish/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "published" in response.json()["detail"]


def test_send_back_needs_a_note_and_returns_the_claim_to_research(api, proposed_verdict):
    client = api("editor")
    assert client.post(
        f"/api/v1/verdicts/{proposed_verdict.pk}/send-back/", {}, format="json"
    ).json()["fields"]["note"]
    response = client.post(
        f"/api/v1/verdicts/{proposed_verdict.pk}/send-back/",
        {"note": "Find the 2019 data."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "sent_back"
    assert Claim.objects.get(pk=proposed_verdict.claim_id).status == "researching"
    assert (
        api("fact_checker")
        .post(f"/api/v1/verdicts/{proposed_verdict.pk}/send-back/", {"note": "x"}, format="json")
        .status_code
        == 403
    )


# --- Editing with optimistic locking --------------------------------------------------------------


def test_edit_with_a_stale_lock_version_is_refused(api, proposed_verdict):
    client = api("fact_checker")
    url = f"/api/v1/verdicts/{proposed_verdict.pk}/"
    fresh = client.patch(
        url,
        {"lock_version": proposed_verdict.lock_version, "summary": "New summary."},
        format="json",
    )
    assert fresh.status_code == 200
    assert fresh.json()["summary"] == "New summary."
    stale = client.patch(
        url, {"lock_version": proposed_verdict.lock_version, "summary": "Older."}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert Verdict.objects.get(pk=proposed_verdict.pk).summary == "New summary."
    assert client.patch(url, {"summary": "no lock"}, format="json").json()["fields"]["lock_version"]
    assert api("anonymous").patch(url, {"lock_version": 1}, format="json").status_code == 403


# --- Corrections and withdrawal -------------------------------------------------------------------


def test_correction_publishes_a_new_version_with_its_note(api, published_verdict):
    response = api("editor").post(
        f"/api/v1/verdicts/{published_verdict.pk}/correct/",
        {
            "rating": "false",
            "note": "The gauge figure was 2.4 m, not 2.5 m.",
            "summary": "It rose 2.4 metres.",
        },
        format="json",
    )
    assert response.status_code == 201
    new = response.json()
    assert (new["version"], new["status"], new["corrects"], new["rating"]) == (
        2,
        "published",
        published_verdict.pk,
        "false",
    )
    assert new["corrections"][0]["note"] == "The gauge figure was 2.4 m, not 2.5 m."
    old = api("anonymous").get(f"/api/v1/verdicts/{published_verdict.pk}/").json()
    assert (old["status"], old["current"]) == ("superseded", new["id"])
    feed = api("anonymous").get("/api/v1/verdicts/", {"published": "true"}).json()["results"]
    assert [v["id"] for v in feed] == [new["id"]]


def test_correction_needs_a_note_and_an_editor(api, published_verdict):
    url = f"/api/v1/verdicts/{published_verdict.pk}/correct/"
    assert api("editor").post(url, {"summary": "x"}, format="json").json()["fields"]["note"]
    assert api("fact_checker").post(url, {"note": "x"}, format="json").status_code == 403
    assert api("consumer").post(url, {"note": "x"}, format="json").status_code == 403


def test_unpublish_withdraws_with_a_reason(api, published_verdict):
    url = f"/api/v1/verdicts/{published_verdict.pk}/unpublish/"
    assert api("editor").post(url, {}, format="json").json()["fields"]["reason"]
    response = api("editor").post(url, {"reason": "The quote was misattributed."}, format="json")
    assert response.status_code == 200
    assert response.json()["unpublished_reason"] == "The quote was misattributed."
    assert api("anonymous").get("/api/v1/verdicts/", {"published": "true"}).json()["results"] == []
    assert api("anonymous").get(f"/api/v1/verdicts/{published_verdict.pk}/").status_code == 404
    assert api("editor").post(url, {"reason": "again"}, format="json").status_code == 409


# --- Reference data -------------------------------------------------------------------------------


def test_rating_scale_lists_keys_labels_and_definitions(api, settings):
    body = api("anonymous").get("/api/v1/ratings/").json()
    assert [r["key"] for r in body["ratings"]] == [r["key"] for r in settings.CLAIMDESK_RATINGS]
    assert (body["worst"], body["best"]) == (1, 5)
    assert all(r["definition"] for r in body["ratings"])


def test_outlets_visible_to_outsiders_are_those_with_published_claims(
    api, make_claim, make_article, published_verdict
):
    other = make_article(
        body="Another outlet's claim.", outlet="Other Outlet", domain="other.example"
    )
    make_claim(article=other, text="Another outlet's claim.")
    assert api("editor").get("/api/v1/outlets/").json()["count"] == 2
    assert [o["name"] for o in api("anonymous").get("/api/v1/outlets/").json()["results"]] == [
        "Test Outlet"
    ]


@pytest.mark.parametrize("moment", ["0131-09-17T04:31:05+17:41", "2021-08-19T00:00:00-15:59"])
def test_published_after_with_an_extreme_utc_offset_is_understood(client, moment):
    # PostgreSQL refuses offsets beyond ±15:59; the filter converts to UTC first.
    response = client.get("/api/v1/verdicts/", {"published_after": moment})
    assert response.status_code == 200
