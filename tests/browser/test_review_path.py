"""The whole review path in a real browser: a fact-checker takes a claim, adds evidence and proposes a
verdict; an editor approves and publishes it; an anonymous visitor reads the public page.

Screenshots of every screen go to test-artifacts/screenshots/.
"""

import re

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTICLE = (
    "Floods closed roads across the valley on Sunday.\n\n"
    "The regional governor said 6,000 people were evacuated from riverside towns overnight. "
    "Officials expect the water to fall by Tuesday.\n\n"
    "Schools will stay shut for the rest of the week, the education office said."
)


def sign_in(browser, live_server, username: str, next_path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('login')}?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-for-tests-1")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))
    return page


def test_fact_checker_proposes_editor_publishes_visitor_reads(
    chromium, live_server, screenshot, make_article, make_claim, fact_checker, editor
):
    article = make_article(
        body=ARTICLE, title="Floods close valley roads", outlet="Valley Dispatch"
    )
    claim = make_claim(
        "The regional governor said 6,000 people were evacuated from riverside towns overnight.",
        article=article,
        checkworthiness=0.91,
        claimant="the regional governor",
        signals=[
            {"signal": "number", "detail": "states an amount: “6,000 people”", "effect": 0.25}
        ],
    )
    make_claim(
        "Schools will stay shut for the rest of the week, the education office said.",
        article=article,
        checkworthiness=0.55,
        type="event",
    )

    # The fact-checker: queue → filter (htmx) → take next → claim page.
    page = sign_in(chromium, live_server, "fiona", reverse("queue"))
    assert page.locator("table.queue tbody tr").count() == 2
    screenshot(page, "1-queue")
    page.fill("#id_q", "governor")
    page.wait_for_function(
        "location.search.includes('q=governor')"
    )  # hx-push-url keeps it shareable
    page.wait_for_function("document.querySelectorAll('table.queue tbody tr').length === 1")
    page.click("#take-next")
    page.wait_for_url(re.compile(rf"/claims/{claim.pk}/$"))
    assert (
        page.locator("mark#claim-sentence")
        .inner_text()
        .startswith("The regional governor said 6,000")
    )
    assert page.locator("#assignee").inner_text() == "fiona"

    # Evidence by URL (htmx swaps the workspace), then the proposal.
    page.fill("#evidence-form input[name=url]", "https://stats.example/evacuations")
    page.fill("#evidence-form input[name=title]", "Civil protection report")
    page.fill("#evidence-form textarea[name=excerpt]", "5,200 people were moved to shelters.")
    page.select_option("#evidence-form select[name=stance]", "refutes")
    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector("text=Evidence added.")
    assert page.locator("#evidence .evidence").count() == 1
    page.check("#verdict-propose-form input[name=rating][value=mostly-false]")
    page.fill(
        "#verdict-propose-form textarea[name=summary]",
        "About 5,200 people were evacuated, not 6,000.",
    )
    page.click("#verdict-propose-form button[type=submit]")
    page.wait_for_selector("text=Verdict proposed.")
    screenshot(page, "2-claim-page-proposed")
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.proposed_by == fact_checker and verdict.status == Verdict.Status.PROPOSED

    # The editor: inbox → claim → approve and publish.
    desk = sign_in(chromium, live_server, "edith", reverse("inbox"))
    assert "About 5,200 people" in desk.locator("table.inbox").inner_text()
    screenshot(desk, "3-inbox")
    desk.click("table.inbox a.button")
    desk.wait_for_url(re.compile(rf"/claims/{claim.pk}/"))
    desk.click("#publish")
    desk.wait_for_selector("text=Verdict published.")
    screenshot(desk, "4-claim-page-published")
    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.approved_by == editor
    assert claim.status == Claim.Status.PUBLISHED

    desk.goto(f"{live_server.url}{reverse('dashboard')}")
    assert desk.locator("svg.chart").count() == 3
    screenshot(desk, "5-dashboard")

    # An anonymous visitor reads the public verdict page (the publishing area's page).
    public_path = reverse("verdict_public", args=[verdict.pk])
    visitor = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    response = visitor.goto(f"{live_server.url}{public_path}")
    assert response.status == 200
    text = visitor.locator("body").inner_text()
    assert "About 5,200 people were evacuated, not 6,000." in text
    assert "Mostly false" in text
    assert "6,000 people were evacuated" in text
    screenshot(visitor, "6-public-verdict")
