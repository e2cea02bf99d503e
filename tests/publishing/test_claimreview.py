"""ClaimReview output, field by field, against the rules in claims/publishing/claimreview.py."""

import pytest

from claims.models import ClaimRelation
from claims.publishing.claimreview import claimreview_for
from claims.review import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(settings):
    settings.SITE_URL = "https://checks.example"
    settings.CLAIMDESK_ORGANISATION = {
        "name": "Valley Checks",
        "url": "https://checks.example",
        "logo": "https://checks.example/logo.png",
    }
    return settings.CLAIMDESK_ORGANISATION


def test_top_level_fields(published_verdict, organisation):
    review = claimreview_for(published_verdict)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://checks.example/verdicts/{published_verdict.pk}/"
    assert review["claimReviewed"] == "the river rose 4 metres in a day"
    assert review["datePublished"] == published_verdict.published_at.isoformat()
    assert "dateModified" not in review
    assert review["author"] == {
        "@type": "Organization",
        "name": "Valley Checks",
        "url": "https://checks.example",
        "logo": "https://checks.example/logo.png",
    }


def test_review_rating_on_the_numeric_scale(published_verdict, organisation):
    assert claimreview_for(published_verdict)["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
        "ratingExplanation": "It rose 2.5 metres.",
    }


def test_rating_off_the_numeric_scale_has_no_value(published_verdict, editor, organisation):
    corrected = services.verdict_correct(
        verdict=published_verdict, rating="misleading", note="Context added.", by=editor
    )
    rating = claimreview_for(corrected)["reviewRating"]
    assert rating == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingExplanation": "It rose 2.5 metres.",
    }


def test_item_reviewed_is_the_claim_with_its_claimant_and_article(published_verdict, organisation):
    item = claimreview_for(published_verdict)["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "The mayor"}
    assert item["datePublished"] == "2026-03-01T09:30:00+00:00"
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://news.example/floods",
            "headline": "Floods: what the mayor said",
            "datePublished": "2026-03-01T09:30:00+00:00",
            "publisher": {
                "@type": "Organization",
                "name": "Test Outlet",
                "url": "https://test.example",
            },
        }
    ]


def test_claim_without_claimant_is_attributed_to_the_outlet(published_verdict, organisation):
    claim = published_verdict.claim
    claim.claimant = None
    claim.save()
    published_verdict.refresh_from_db()
    assert claimreview_for(published_verdict)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Test Outlet",
    }


def test_appearance_lists_articles_of_same_claims_only(
    published_verdict, make_article, make_claim, organisation
):
    wire = make_article(
        body="Wire: the river rose 4 metres in a day.",
        title="Wire copy",
        outlet="Wire",
        domain="wire.example",
        source_url="https://wire.example/1",
    )
    blog = make_article(
        body="Blog: rivers rose a lot.", title="Blog post", outlet="Blog", domain="blog.example"
    )
    same = make_claim(text="the river rose 4 metres in a day", article=wire)
    similar = make_claim(text="rivers rose a lot", article=blog)
    claim = published_verdict.claim
    for other, relation in ((same, "same"), (similar, "similar")):
        a, b = sorted([claim, other], key=lambda c: c.pk)
        ClaimRelation.objects.create(claim_a=a, claim_b=b, relation=relation, similarity=0.9)
    appearance = claimreview_for(published_verdict)["itemReviewed"]["appearance"]
    assert [a["headline"] for a in appearance] == ["Floods: what the mayor said", "Wire copy"]
    assert appearance[1]["url"] == "https://wire.example/1"
    assert appearance[1]["publisher"]["name"] == "Wire"


def test_correction_keeps_first_publication_date_and_adds_date_modified(
    published_verdict, editor, organisation
):
    corrected = services.verdict_correct(
        verdict=published_verdict, note="Typo.", summary="It rose 2.4 m.", by=editor
    )
    review = claimreview_for(corrected)
    assert review["datePublished"] == published_verdict.published_at.isoformat()
    assert review["dateModified"] == corrected.published_at.isoformat()
    assert review["url"].endswith(f"/verdicts/{corrected.pk}/")
    assert review["reviewRating"]["ratingExplanation"] == "It rose 2.4 m."
