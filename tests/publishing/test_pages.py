"""The public verdict page, the index with search, the methodology page and the Atom feed."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import EvidenceSnapshot
from claims.publishing.claimreview import claimreview_for
from claims.review import services

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page(verdict, client=None):
    return (client or Client()).get(reverse("verdict_public", args=[verdict.pk]))


def test_published_page_has_exactly_one_claimreview_block(published_verdict):
    response = page(published_verdict)
    assert response.status_code == 200
    blocks = LD_JSON.findall(response.content.decode())
    assert len(blocks) == 1
    assert json.loads(blocks[0]) == json.loads(json.dumps(claimreview_for(published_verdict)))


def test_claim_text_cannot_break_out_of_the_json_ld_block(published_verdict):
    claim = published_verdict.claim
    claim.text = 'Rates fell </script><script>alert("x")</script> <!-- sharply'
    claim.save()
    html = page(published_verdict).content.decode()
    assert "<script>alert" not in html
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["claimReviewed"] == claim.text


def test_reader_sees_the_whole_check(published_verdict):
    evidence = published_verdict.evidence.get()
    snapshot = EvidenceSnapshot.objects.create(
        evidence=evidence, http_status=200, title="River gauge data"
    )
    html = page(published_verdict).content.decode()
    for expected in [
        "the river rose 4 metres in a day",  # the claim, in context:
        "At the briefing the mayor said",
        "Floods: what the mayor said",
        "Test Outlet",
        "1 March 2026",
        "The mayor",
        "Mostly false",  # rating and its definition
        "The claim contains an element of truth but ignores facts",
        "It rose 2.5 metres.",
        "The gauge shows 2.5 m.",  # summary and explanation
        'href="https://example.org/gauge"',
        "Water Agency",  # every evidence link, with snapshot date
        f"snapshot taken {snapshot.fetched_at:%-d %B %Y}",
        '<strong class="checked-by">fiona</strong>',
        '<strong class="approved-by">edith</strong>',
        "No corrections.",
    ]:
        assert expected in html, expected


def test_corrections_are_listed_and_the_old_version_points_to_the_new(published_verdict, editor):
    new = services.verdict_correct(
        verdict=published_verdict,
        note="The gauge reads 2.4 m.",
        summary="It rose 2.4 m.",
        by=editor,
    )
    html = page(new).content.decode()
    assert f"Corrected on {new.published_at:%Y-%m-%d}: The gauge reads 2.4 m." in html
    assert (
        '<strong class="checked-by">fiona</strong>' in html
    )  # the original check's people stay credited
    old = page(published_verdict)
    assert old.status_code == 200
    old_html = old.content.decode()
    assert LD_JSON.findall(old_html) == []
    assert f'href="{reverse("verdict_public", args=[new.pk])}"' in old_html
    assert "it was corrected" in old_html


def test_withdrawn_verdict_page_says_why_with_410(published_verdict, editor):
    services.verdict_unpublish(
        verdict=published_verdict, reason="The quote was misattributed.", by=editor
    )
    response = page(published_verdict)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This verdict was withdrawn" in html
    assert "The quote was misattributed." in html
    assert LD_JSON.findall(html) == []


def test_drafts_are_404_for_readers_and_a_preview_for_staff(proposed_verdict, fact_checker):
    assert page(proposed_verdict).status_code == 404
    staff = Client()
    staff.force_login(fact_checker)
    response = page(proposed_verdict, staff)
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    assert LD_JSON.findall(response.content.decode()) == []


def test_index_lists_and_searches_published_verdicts(
    published_verdict, proposed_verdict, make_claim, evidence_for, fact_checker, editor
):
    other = make_claim(text="Bus fares doubled in May.")
    evidence_for(other)
    services.verdict_publish(
        verdict=services.verdict_propose(
            claim=other, rating="true", summary="They did.", by=fact_checker
        ),
        by=editor,
    )
    client = Client()
    everything = client.get(reverse("verdict_index")).content.decode()
    assert "the river rose 4 metres" in everything and "Bus fares doubled" in everything
    found = client.get(reverse("verdict_index"), {"q": "bus fares"}).content.decode()
    assert "Bus fares doubled" in found and "the river rose" not in found
    none = client.get(reverse("verdict_index"), {"q": "zebra"}).content.decode()
    assert "No published verdict matches" in none


def test_methodology_lists_the_scale_with_definitions(settings):
    html = Client().get(reverse("methodology")).content.decode()
    for rating in settings.CLAIMDESK_RATINGS:
        assert rating["label"] in html
        assert rating["definition"] in html


def test_feed_carries_publications_and_corrections(published_verdict, editor):
    new = services.verdict_correct(
        verdict=published_verdict, note="The gauge reads 2.4 m.", by=editor
    )
    response = Client().get(reverse("verdict_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(response.content).findall("a:entry", ns)
    titles = [e.find("a:title", ns).text for e in entries]
    assert titles == [
        "Corrected: Mostly false: the river rose 4 metres in a day",
        "Mostly false: the river rose 4 metres in a day",
    ]
    summary = entries[0].find("a:summary", ns).text
    assert f"Corrected on {new.published_at:%Y-%m-%d}: The gauge reads 2.4 m." in summary


def test_withdrawn_verdicts_leave_the_feed(published_verdict, editor):
    services.verdict_unpublish(verdict=published_verdict, reason="Wrong claimant.", by=editor)
    body = Client().get(reverse("verdict_feed")).content.decode()
    assert "<entry>" not in body
