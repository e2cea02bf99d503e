"""GET /api/v1/verdicts/{id}/claimreview/ returns the same ClaimReview as the public page."""

import pytest

from claims.publishing.claimreview import claimreview_for

pytestmark = pytest.mark.django_db


def test_claimreview_endpoint_matches_the_builder(api, published_verdict):
    response = api("anonymous").get(f"/api/v1/verdicts/{published_verdict.pk}/claimreview/")
    assert response.status_code == 200
    body = response.json()
    expected = claimreview_for(published_verdict)
    assert body["@type"] == "ClaimReview"
    assert body["claimReviewed"] == expected["claimReviewed"]
    assert body["url"] == expected["url"]
    assert body["reviewRating"] == expected["reviewRating"]


def test_claimreview_only_for_the_current_published_version(
    api, proposed_verdict, published_verdict, editor
):
    from claims.review import services

    new = services.verdict_correct(verdict=published_verdict, note="Typo.", by=editor)
    superseded = api("anonymous").get(f"/api/v1/verdicts/{published_verdict.pk}/claimreview/")
    assert superseded.status_code == 404
    assert "only the current published version" in superseded.json()["detail"]
    assert api("anonymous").get(f"/api/v1/verdicts/{new.pk}/claimreview/").status_code == 200
