import pytest
from rest_framework.test import APIClient

from claims.matching.api import RelatedField
from claims.matching.services import relations_find_for_claims
from claims.models import Claim

ORIGINAL = "The son of Afghanistan's most famous anti-Taliban fighter claims to have the forces to wage an effective resistance."
REWORDED = "The son of Afghanistan's most famed anti-Taliban fighter claimed to have the forces to mount an effective resistance."


@pytest.fixture
def related_pair(make_article, make_claim):
    earlier = make_claim(
        text=ORIGINAL,
        article=make_article(body=ORIGINAL, outlet="Wire", domain="wire.test", title="Wire story"),
    )
    new = make_claim(
        text=REWORDED, article=make_article(body=REWORDED, outlet="Daily", domain="daily.test")
    )
    relations_find_for_claims(claims=[new])
    return earlier, new


def test_related_endpoint_lists_the_other_claims_with_article_and_outlet(
    related_pair, fact_checker
):
    earlier, new = related_pair
    client = APIClient()
    client.force_authenticate(fact_checker)
    response = client.get(f"/api/v1/claims/{new.pk}/related/")
    assert response.status_code == 200
    [item] = response.json()
    assert item["claim"] == earlier.pk
    assert item["text"] == ORIGINAL
    assert item["relation"] == "same"
    assert item["article"]["title"] == "Wire story"
    assert item["outlet"] == {"name": "Wire", "domain": "wire.test"}


def test_readers_outside_the_desk_get_404_for_an_unpublished_claim(related_pair):
    _, new = related_pair
    assert APIClient().get(f"/api/v1/claims/{new.pk}/related/").status_code == 404


def test_readers_only_see_published_related_claims(related_pair):
    earlier, new = related_pair
    Claim.objects.filter(pk=new.pk).update(status=Claim.Status.PUBLISHED)
    assert APIClient().get(f"/api/v1/claims/{new.pk}/related/").json() == []


def test_related_field_carries_claim_relation_and_similarity(related_pair):
    earlier, new = related_pair
    [item] = RelatedField().to_representation(new)
    assert (
        item["claim"] == earlier.pk
        and item["relation"] == "same"
        and 0.8 <= item["similarity"] <= 1
    )
