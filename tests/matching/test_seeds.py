"""Both seed articles ingested through the desk's ingest service: related claims and the misquote."""

import pytest

from claims.ingest.services import article_ingest
from claims.matching.selectors import related_for_claim
from claims.models import ClaimRelation

SEED_OUTLETS = {"000_a1698b398fbf6c3b.txt": "Outlet One", "003_ccceb0b472a5548b.txt": "Outlet Two"}


@pytest.fixture
def both_seeds_ingested(db, seeds_dir):
    articles = []
    for name, outlet in SEED_OUTLETS.items():
        path = seeds_dir / name
        if not path.is_file():
            pytest.skip(f"seed {name} not found in {seeds_dir}")
        articles.append(article_ingest(text=path.read_text(encoding="utf-8"), outlet=outlet))
    return articles


def test_the_changed_massoud_quote_is_flagged_with_a_word_diff(both_seeds_ingested):
    first, second = both_seeds_ingested
    discrepancies = ClaimRelation.objects.filter(relation="quote_discrepancy")
    arsenal = [r for r in discrepancies if "arsenal of democracy" in r.detail["quote_a"]]
    assert len(arsenal) == 1
    relation = arsenal[0]
    assert relation.claim_a.article == first and relation.claim_b.article == second
    assert relation.detail["speaker"].endswith("Massoud")
    assert {"op": "replace", "a": "tremendous", "b": "great"} in relation.detail["diff"]


def test_the_second_outlets_claims_are_related_to_the_first_outlets(both_seeds_ingested):
    first, second = both_seeds_ingested
    related_articles = {
        item.claim.article_id
        for claim in second.claims.all()
        for item in related_for_claim(claim)
        if item.relation in ("same", "similar")
    }
    assert related_articles == {first.pk}


def test_ingesting_the_seeds_again_adds_no_relation(both_seeds_ingested, seeds_dir):
    count = ClaimRelation.objects.count()
    for name, outlet in SEED_OUTLETS.items():
        article_ingest(text=(seeds_dir / name).read_text(encoding="utf-8"), outlet=outlet)
    assert ClaimRelation.objects.count() == count
