"""The live lookups panel, the retry button and running lookups again."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Lookup

S = Lookup.Status


def test_panel_shows_each_lookup_state_and_polls_while_busy(client, fact_checker, make_claim):
    claim = make_claim()
    Lookup.objects.create(claim=claim, provider="mediawiki", status=S.RUNNING, attempts=1)
    Lookup.objects.create(
        claim=claim,
        provider="factcheck_tools",
        status=S.FAILED,
        attempts=4,
        error="Google Fact Check Tools had an internal error (HTTP 500).",
    )
    client.force_login(fact_checker)
    response = client.get(reverse("claim_lookups", args=[claim.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html
    assert "running" in html and "failed" in html and "internal error (HTTP 500)" in html
    assert html.count(">Retry</button>") == 1  # not for the running one


def test_panel_stops_polling_when_nothing_is_pending_or_running(
    client, fact_checker, make_claim, evidence_for
):
    claim = make_claim()
    Lookup.objects.create(claim=claim, provider="mediawiki", status=S.DONE, attempts=1, results=1)
    evidence_for(
        claim,
        url="https://en.example/wiki/Kabul",
        title="Kabul airlift",
        provider="mediawiki",
        suggested_stance="context",
    )
    client.force_login(fact_checker)
    html = client.get(reverse("claim_lookups", args=[claim.pk])).content.decode()
    assert "every 2s" not in html
    assert "Kabul airlift" in html and "suggested stance" in html and "Context" in html


def test_embedded_panel_announces_new_evidence_instead_of_listing_it(
    client, fact_checker, make_claim, evidence_for
):
    claim = make_claim()
    Lookup.objects.create(claim=claim, provider="mediawiki", status=S.DONE)
    evidence_for(claim, url="https://a.example/1")
    client.force_login(fact_checker)
    html = client.get(
        reverse("claim_lookups", args=[claim.pk]) + "?embedded=1&seen=0"
    ).content.decode()
    assert "1 new evidence link found" in html and "lookup-evidence" not in html


def test_retry_button_requeues_a_failed_lookup(client, fact_checker, make_claim, settings):
    settings.CLAIMDESK_LOOKUP_PROVIDERS = []
    claim = make_claim()
    lookup = Lookup.objects.create(claim=claim, provider="nonexistent", status=S.FAILED, error="x")
    client.force_login(fact_checker)
    response = client.post(
        reverse("lookup_retry", args=[lookup.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    lookup.refresh_from_db()
    assert (
        lookup.status == S.PENDING and lookup.requested_by == fact_checker
    )  # dispatched on commit


def test_outsider_cannot_see_or_retry_lookups(client, outsider, make_claim):
    claim = make_claim()
    lookup = Lookup.objects.create(claim=claim, provider="mediawiki", status=S.FAILED)
    client.force_login(outsider)
    assert client.get(reverse("claim_lookups", args=[claim.pk])).status_code in (403, 404)
    assert client.post(reverse("lookup_retry", args=[lookup.pk])).status_code in (403, 404)
    assert Lookup.objects.get(pk=lookup.pk).status == S.FAILED


def test_run_again_button_records_new_lookups(client, fact_checker, make_claim, settings):
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["verdicts"]
    claim = make_claim()
    client.force_login(fact_checker)
    response = client.post(reverse("claim_lookups_run", args=[claim.pk]))
    assert response.status_code == 302
    assert list(claim.lookups.values_list("provider", flat=True)) == ["verdicts"]


def test_api_retry_answers_202_with_the_lookup(client, fact_checker, make_claim):
    lookup = Lookup.objects.create(claim=make_claim(), provider="nonexistent", status=S.FAILED)
    client.force_login(fact_checker)
    response = client.post(reverse("api-lookup-retry", args=[lookup.pk]))
    assert response.status_code == 202 and response.json()["status"] == "pending"


def test_claim_page_shows_the_live_lookups_panel(client, fact_checker, make_claim):
    claim = make_claim()
    Lookup.objects.create(claim=claim, provider="mediawiki", status=S.QUEUED)
    client.force_login(fact_checker)
    html = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Source lookups" in html
    assert f'hx-get="{reverse("claim_lookups", args=[claim.pk])}?embedded=1' in html
