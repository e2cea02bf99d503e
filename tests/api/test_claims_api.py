"""Claim endpoints and the desk's actions, per role. Every response is checked against the OpenAPI
document by the `api` clients."""

import pytest

from claims.models import Claim, Comment, Evidence, Verdict

pytestmark = pytest.mark.django_db


# --- Reading --------------------------------------------------------------------------------------


def test_staff_list_every_claim_others_only_published(api, make_claim, published_verdict):
    make_claim(text="A new claim nobody checked yet.")
    staff = api("fact_checker").get("/api/v1/claims/")
    assert staff.status_code == 200
    assert staff.json()["count"] == 2
    for persona in ("anonymous", "outsider", "consumer"):
        response = api(persona).get("/api/v1/claims/")
        assert response.status_code == 200
        assert [c["id"] for c in response.json()["results"]] == [published_verdict.claim_id]


def test_claim_list_filters_and_orders(api, make_claim):
    low = make_claim(text="Low claim.", checkworthiness=0.2)
    high = make_claim(text="High claim.", checkworthiness=0.9)
    make_claim(text="Dismissed claim.", status="dismissed")
    client = api("editor")
    ids = [
        c["id"]
        for c in client.get(
            "/api/v1/claims/", {"status": "new", "ordering": "checkworthiness"}
        ).json()["results"]
    ]
    assert ids == [low.pk, high.pk]
    found = client.get("/api/v1/claims/", {"q": "high"}).json()["results"]
    assert [c["id"] for c in found] == [high.pk]
    bad = client.get("/api/v1/claims/", {"status": "nonsense"})
    assert bad.status_code == 400
    assert "status" in bad.json()["fields"]


def test_unpublished_claim_is_404_for_outsiders_and_readable_by_staff(api, make_claim):
    claim = make_claim()
    assert api("fact_checker").get(f"/api/v1/claims/{claim.pk}/").json()["related"] == []
    for persona in ("anonymous", "outsider", "consumer"):
        response = api(persona).get(f"/api/v1/claims/{claim.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


# --- Taking and assigning -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 403),
        ("outsider", 403),
        ("consumer", 403),
        ("fact_checker", 200),
        ("editor", 200),
    ],
)
def test_take_next_by_role(api, make_claim, persona, expected):
    claim = make_claim()
    response = api(persona).post("/api/v1/claims/take-next/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["id"] == claim.pk
        assert response.json()["status"] == "researching"


def test_take_next_with_nothing_waiting_answers_204(api):
    assert api("fact_checker").post("/api/v1/claims/take-next/").status_code == 204


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 403),
        ("outsider", 404),
        ("consumer", 404),
        ("fact_checker", 403),
        ("editor", 200),
    ],
)
def test_assign_by_role(api, make_claim, fact_checker, persona, expected):
    claim = make_claim()
    response = api(persona).post(
        f"/api/v1/claims/{claim.pk}/assign/", {"user": fact_checker.pk}, format="json"
    )
    assert response.status_code == expected
    claim.refresh_from_db()
    assert (claim.assignee_id == fact_checker.pk) is (expected == 200)


def test_assign_to_someone_without_a_role_is_a_field_error(api, make_claim, outsider):
    claim = make_claim()
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/assign/", {"user": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "user" in response.json()["fields"]


def test_assign_unknown_person_is_a_field_error(api, make_claim):
    claim = make_claim()
    response = api("editor").post(
        f"/api/v1/claims/{claim.pk}/assign/", {"user": 999999}, format="json"
    )
    assert response.status_code == 400
    assert "user" in response.json()["fields"]


def test_dismiss_needs_a_reason_and_records_it(api, make_claim):
    claim = make_claim()
    client = api("fact_checker")
    missing = client.post(f"/api/v1/claims/{claim.pk}/dismiss/", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["fields"]["reason"]
    done = client.post(
        f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "An opinion."}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "dismissed"
    assert done.json()["dismissed_reason"] == "An opinion."
    again = client.post(f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "Again."}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"


# --- Evidence, comments, lookups ------------------------------------------------------------------


def test_fact_checker_adds_evidence(api, make_claim):
    claim = make_claim()
    response = api("fact_checker").post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {
            "url": "https://stats.example/table",
            "title": "Table 4",
            "excerpt": "4,100 people",
            "stance": "refutes",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["stance"] == "refutes"
    assert Evidence.objects.get(claim=claim).url == "https://stats.example/table"
    listed = api("fact_checker").get(f"/api/v1/claims/{claim.pk}/evidence/").json()
    assert [e["url"] for e in listed] == ["https://stats.example/table"]


@pytest.mark.parametrize(
    "body, field",
    [({"url": "not a url"}, "url"), ({"url": "https://a.example/", "stance": "maybe"}, "stance")],
)
def test_bad_evidence_is_a_field_error(api, make_claim, body, field):
    claim = make_claim()
    response = api("fact_checker").post(f"/api/v1/claims/{claim.pk}/evidence/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    "persona, expected", [("anonymous", 403), ("outsider", 404), ("consumer", 404)]
)
def test_outsiders_cannot_add_evidence(api, make_claim, persona, expected):
    claim = make_claim()
    response = api(persona).post(
        f"/api/v1/claims/{claim.pk}/evidence/", {"url": "https://a.example/"}, format="json"
    )
    assert response.status_code == expected
    assert not Evidence.objects.exists()


def test_comments_are_for_staff(api, make_claim, published_verdict):
    claim = make_claim()
    created = api("fact_checker").post(
        f"/api/v1/claims/{claim.pk}/comments/", {"body": "Call the agency."}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["author"] == "fiona"
    assert (
        api("editor").get(f"/api/v1/claims/{claim.pk}/comments/").json()[0]["body"]
        == "Call the agency."
    )
    # A published claim is visible to an outsider, its comments are not.
    refused = api("outsider").get(f"/api/v1/claims/{published_verdict.claim_id}/comments/")
    assert refused.status_code == 403
    assert api("outsider").get(f"/api/v1/claims/{claim.pk}/comments/").status_code == 404
    assert api("consumer").get("/api/v1/comments/").status_code == 403
    assert api("editor").get("/api/v1/comments/", {"claim": claim.pk}).json()["count"] == 1
    empty = api("fact_checker").post(
        f"/api/v1/claims/{claim.pk}/comments/", {"body": " "}, format="json"
    )
    assert empty.status_code == 400
    assert Comment.objects.count() == 1


def test_run_lookups_again_calls_the_lookup_service(api, make_claim, settings):
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["verdicts"]  # the desk's own verdicts: no network
    claim = make_claim()
    response = api("fact_checker").post(f"/api/v1/claims/{claim.pk}/lookups/")
    assert response.status_code == 202
    assert [item["provider"] for item in response.json()] == ["verdicts"]
    assert claim.lookups.count() == 1
    assert api("outsider").post(f"/api/v1/claims/{claim.pk}/lookups/").status_code == 404


# --- Proposing ------------------------------------------------------------------------------------


def test_propose_answers_201_with_the_verdict(api, researching_claim):
    response = api("fact_checker").post(
        f"/api/v1/claims/{researching_claim.pk}/verdicts/",
        {"rating": "false", "summary": "Gauges show 2.5 m.", "explanation": "See the data."},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["rating"], body["rating_label"], body["version"]) == (
        "proposed",
        "false",
        "False",
        1,
    )
    assert body["proposed_by"] == "fiona"
    assert [e["url"] for e in body["evidence"]] == ["https://example.org/gauge"]
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.IN_REVIEW


def test_propose_refusals(api, make_claim, researching_claim):
    client = api("fact_checker")
    no_evidence = client.post(
        f"/api/v1/claims/{make_claim().pk}/verdicts/",
        {"rating": "false", "summary": "x"},
        format="json",
    )
    assert no_evidence.status_code == 400
    assert "evidence" in no_evidence.json()["fields"]
    bad = client.post(
        f"/api/v1/claims/{researching_claim.pk}/verdicts/",
        {"rating": "sort-of", "summary": ""},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"rating", "summary"}
    first = client.post(
        f"/api/v1/claims/{researching_claim.pk}/verdicts/",
        {"rating": "false", "summary": "x"},
        format="json",
    )
    assert first.status_code == 201
    second = client.post(
        f"/api/v1/claims/{researching_claim.pk}/verdicts/",
        {"rating": "true", "summary": "y"},
        format="json",
    )
    assert second.status_code == 409
    assert Verdict.objects.count() == 1
    assert (
        api("outsider")
        .post(f"/api/v1/claims/{researching_claim.pk}/verdicts/", {}, format="json")
        .status_code
        == 404
    )


def test_claim_verdict_history_hides_drafts_from_outsiders(api, published_verdict, editor):
    from claims.review import services

    services.verdict_correct(
        verdict=published_verdict, note="Gauge recalibrated.", summary="It rose 2.4 m.", by=editor
    )
    staff = api("editor").get(f"/api/v1/claims/{published_verdict.claim_id}/verdicts/").json()
    public = api("anonymous").get(f"/api/v1/claims/{published_verdict.claim_id}/verdicts/").json()
    assert [v["status"] for v in staff] == ["superseded", "published"]
    assert [v["status"] for v in public] == ["superseded", "published"]


def test_evidence_list_shows_outsiders_only_published_evidence(
    api, make_claim, evidence_for, published_verdict
):
    evidence_for(make_claim(text="Draft claim."), url="https://draft.example/")
    public = api("anonymous").get("/api/v1/evidence/").json()
    assert [e["url"] for e in public["results"]] == ["https://example.org/gauge"]
    assert api("fact_checker").get("/api/v1/evidence/").json()["count"] == 2


def test_relations_are_for_staff(api, make_claim):
    from claims.models import ClaimRelation

    a, b = make_claim(text="Claim A."), make_claim(text="Claim B.")
    ClaimRelation.objects.create(claim_a=a, claim_b=b, relation="same", similarity=0.97)
    assert api("editor").get("/api/v1/relations/", {"claim": b.pk}).json()["count"] == 1
    assert api("consumer").get("/api/v1/relations/").status_code == 403
    assert api("anonymous").get("/api/v1/relations/").status_code == 403


# --- Reopening, bulk actions, evidence upkeep -----------------------------------------------------


def test_editor_reopens_a_dismissed_claim(api, make_claim):
    claim = make_claim(status="dismissed", dismissed_reason="Opinion.")
    assert api("fact_checker").post(f"/api/v1/claims/{claim.pk}/reopen/").status_code == 403
    response = api("editor").post(f"/api/v1/claims/{claim.pk}/reopen/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["dismissed_reason"]) == ("new", "")
    assert api("editor").post(f"/api/v1/claims/{claim.pk}/reopen/").status_code == 409


def test_bulk_assign_reports_each_refusal(api, make_claim, fact_checker):
    fresh, published = make_claim(text="Fresh."), make_claim(text="Done.", status="published")
    body = {"claims": [fresh.pk, published.pk], "user": fact_checker.pk}
    assert (
        api("fact_checker").post("/api/v1/claims/bulk-assign/", body, format="json").status_code
        == 403
    )
    response = api("editor").post("/api/v1/claims/bulk-assign/", body, format="json")
    assert response.status_code == 200
    assert response.json()["done"] == [fresh.pk]
    assert response.json()["refused"][0].startswith(f"Claim {published.pk}:")
    unknown = api("editor").post(
        "/api/v1/claims/bulk-assign/", {"claims": [999999], "user": None}, format="json"
    )
    assert unknown.status_code == 400
    assert "claims" in unknown.json()["fields"]


def test_bulk_dismiss_needs_a_reason(api, make_claim):
    a, b = make_claim(text="A."), make_claim(text="B.")
    client = api("fact_checker")
    assert (
        client.post(
            "/api/v1/claims/bulk-dismiss/", {"claims": [a.pk, b.pk]}, format="json"
        ).status_code
        == 400
    )
    response = client.post(
        "/api/v1/claims/bulk-dismiss/",
        {"claims": [a.pk, b.pk], "reason": "Opinions."},
        format="json",
    )
    assert sorted(response.json()["done"]) == sorted([a.pk, b.pk])
    assert set(Claim.objects.values_list("status", flat=True)) == {"dismissed"}


def test_evidence_remove_hides_and_stance_confirms(api, make_claim, evidence_for):
    claim = make_claim()
    evidence = evidence_for(claim, suggested_stance="refutes")
    client = api("fact_checker")
    confirmed = client.post(
        f"/api/v1/evidence/{evidence.pk}/stance/", {"stance": "refutes"}, format="json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["stance"] == "refutes"
    assert (
        client.post(
            f"/api/v1/evidence/{evidence.pk}/stance/", {"stance": "maybe"}, format="json"
        ).status_code
        == 400
    )
    removed = client.post(f"/api/v1/evidence/{evidence.pk}/remove/")
    assert removed.status_code == 200
    assert removed.json()["removed_at"] is not None
    assert Evidence.objects.filter(pk=evidence.pk).exists()  # hidden, not deleted
    assert api("outsider").post(f"/api/v1/evidence/{evidence.pk}/remove/").status_code == 404
    assert client.post("/api/v1/evidence/999999/remove/").status_code == 404
