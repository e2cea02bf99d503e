"""POST /api/v1/verdicts/{id}/apply-to-same/: a published verdict applied to other outlets' `same`
claims. Every response is checked against the OpenAPI document."""

import pytest

from claims.models import Claim, ClaimRelation, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def same_claim(make_claim, make_article, published_verdict):
    text = "In one day the river rose by 4 metres."
    article = make_article(
        body=f"{text} And more.", title="Flood", outlet="Other Outlet", domain="o.example"
    )
    claim = make_claim(text=text, article=article, claimant="The mayor")
    ClaimRelation.objects.create(
        claim_a=published_verdict.claim, claim_b=claim, relation="same", similarity=0.95
    )
    return claim


def url(verdict) -> str:
    return f"/api/v1/verdicts/{verdict.pk}/apply-to-same/"


def test_editor_applies_the_verdict_and_gets_the_new_verdicts(api, published_verdict, same_claim):
    response = api("other_editor").post(
        url(published_verdict), {"claims": [same_claim.pk]}, format="json"
    )

    assert response.status_code == 201
    [new] = response.json()
    assert new["claim"]["id"] == same_claim.pk
    assert new["claim"]["article"]["outlet"] == "Other Outlet"
    assert (new["status"], new["version"], new["rating"], new["applied_from"]) == (
        "published",
        1,
        published_verdict.rating,
        published_verdict.pk,
    )
    assert (new["proposed_by"], new["approved_by"]) == ("fiona", "eamon")
    assert [e["url"] for e in new["evidence"]] == ["https://example.org/gauge"]
    assert new["public_url"].endswith(f"/verdicts/{new['id']}/")
    assert Claim.objects.get(pk=same_claim.pk).status == "published"
    # Every verdict representation now says where it came from (null for the source itself).
    source = api("anonymous").get(f"/api/v1/verdicts/{published_verdict.pk}/").json()
    assert source["applied_from"] is None


@pytest.mark.parametrize(
    "persona, expected",
    [("anonymous", 403), ("consumer", 403), ("outsider", 403), ("fact_checker", 403)],
)
def test_only_editors_may_apply(api, published_verdict, same_claim, persona, expected):
    response = api(persona).post(url(published_verdict), {"claims": [same_claim.pk]}, format="json")

    assert response.status_code == expected
    assert response.json()["detail"]
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()


def test_the_proposer_is_refused_by_the_four_eyes_rule(api, published_verdict, same_claim, editor):
    Verdict.objects.filter(pk=published_verdict.pk).update(proposed_by=editor)

    response = api("editor").post(
        url(published_verdict), {"claims": [same_claim.pk]}, format="json"
    )

    assert response.status_code == 403
    assert "four-eyes" in response.json()["detail"]


def test_a_claim_already_in_review_is_a_conflict(api, published_verdict, same_claim):
    Claim.objects.filter(pk=same_claim.pk).update(status="in_review")

    response = api("editor").post(
        url(published_verdict), {"claims": [same_claim.pk]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert f"Claim {same_claim.pk} is in review" in response.json()["detail"]


def test_claims_not_matched_as_same_or_missing_are_field_errors(
    api, published_verdict, same_claim, make_claim
):
    stranger = make_claim(text="The bridge closed on Monday.")
    client = api("editor")

    unrelated = client.post(
        url(published_verdict), {"claims": [same_claim.pk, stranger.pk]}, format="json"
    )
    missing = client.post(url(published_verdict), {"claims": [987654]}, format="json")
    empty = client.post(url(published_verdict), {"claims": []}, format="json")

    assert unrelated.status_code == 400
    assert str(stranger.pk) in unrelated.json()["fields"]["claims"][0]
    assert missing.status_code == 400
    assert "987654" in missing.json()["fields"]["claims"][0]
    assert empty.status_code == 400 and empty.json()["fields"]["claims"]
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()


def test_a_verdict_that_is_not_published_cannot_be_applied(api, proposed_verdict, make_claim):
    same = make_claim(text="The river rose 4 metres within a day.")
    ClaimRelation.objects.create(
        claim_a=proposed_verdict.claim, claim_b=same, relation="same", similarity=0.9
    )

    response = api("editor").post(url(proposed_verdict), {"claims": [same.pk]}, format="json")

    assert response.status_code == 409
