"""The public page of a verdict applied from another outlet's wording of the same claim."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import ClaimRelation
from claims.review import services

pytestmark = pytest.mark.django_db


def test_applied_verdict_page_says_where_it_came_from(
    published_verdict, make_claim, make_article, other_editor
):
    text = "The river went up 4 metres in one day."
    article = make_article(body=f"{text} More.", outlet="Other Outlet", domain="o.example")
    same = make_claim(text=text, article=article)
    ClaimRelation.objects.create(
        claim_a=published_verdict.claim, claim_b=same, relation="same", similarity=0.94
    )
    [applied] = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[same], by=other_editor
    )

    html = Client().get(reverse("verdict_public", args=[applied.pk])).content.decode()
    source_html = Client().get(reverse("verdict_public", args=[published_verdict.pk])).content

    assert "Applied from the verdict on" in html
    assert f'href="{reverse("verdict_public", args=[published_verdict.pk])}"' in html
    assert "the river rose 4 metres in a day" in html
    assert "Test Outlet" in html  # the source claim's outlet
    assert b"Applied from the verdict on" not in source_html
