"""Safety of the review screens: CSRF on htmx requests, escaping of article text and user input."""

import re

from django.test import Client
from django.urls import reverse

from claims.models import Comment
from claims.review import services


def test_htmx_post_without_the_csrf_header_is_refused_and_with_it_passes(fact_checker, make_claim):
    claim = make_claim()
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    # The token htmx sends on every request, exactly as base.html puts it on <body hx-headers>.
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    url = reverse("comment_add", args=[claim.pk])

    refused = client.post(url, {"body": "No token."}, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    assert not Comment.objects.exists()

    accepted = client.post(
        url, {"body": "With token."}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert Comment.objects.get().body == "With token."


def test_plain_form_post_without_a_token_is_refused(fact_checker, make_claim):
    make_claim()
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    assert client.post(reverse("queue_take")).status_code == 403


def test_article_script_renders_as_text_on_the_claim_page(checker_client, make_article, make_claim):
    article = make_article(
        body="Intro <img src=x onerror=alert(2)>.\n\nOfficials said <script>alert(1)</script> 90 roads closed.",
        title="<script>alert('title')</script>",
    )
    claim = make_claim("Officials said <script>alert(1)</script> 90 roads closed.", article=article)
    body = checker_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body


def test_user_input_is_escaped_everywhere_it_shows(
    checker_client, editor_client, fact_checker, researched_claim
):
    services.evidence_add(
        claim=researched_claim, url="https://x.example/", title="<b>bold</b>", by=fact_checker
    )
    services.comment_add(
        claim=researched_claim, body="<script>alert('c')</script>", by=fact_checker
    )
    services.verdict_propose(
        claim=researched_claim, rating="false", summary="<i>sum</i>", by=fact_checker
    )
    pages = [
        checker_client.get(reverse("claim_detail", args=[researched_claim.pk])).content.decode(),
        editor_client.get(reverse("inbox")).content.decode(),
        checker_client.get(reverse("queue") + "?status=in_review&q=<script>").content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page and "<b>bold" not in page and "<i>sum" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in pages[0] and "&lt;i&gt;sum&lt;/i&gt;" in pages[1]


def test_desk_pages_cannot_be_framed(checker_client):
    assert checker_client.get(reverse("queue")).headers["X-Frame-Options"] == "DENY"


def test_outlet_and_people_names_are_escaped_in_the_queue_pickers(
    editor_client, make_article, make_claim
):
    make_claim("A claim.", article=make_article(outlet="<b>Evil outlet</b>", domain="evil.example"))
    body = editor_client.get(reverse("queue")).content.decode()
    assert "<b>Evil" not in body and "&lt;b&gt;Evil outlet&lt;/b&gt;" in body
