"""Snapshots of evidence pages and the periodic link check, against a local site."""

from __future__ import annotations

from claims.lookups.linkcheck import evidence_link_check, evidence_links_due
from claims.lookups.snapshots import evidence_snapshot_take
from claims.models import Evidence

from .conftest import Answer

PAGE = """<!doctype html><html><head><title>Evacuation figures | Gazette</title></head><body>
<article><h1>Evacuation figures</h1><p>About 120,000 people were flown out of Kabul in August 2021,
the defence department said in a statement on Monday.</p><p>The airlift ended on August 30.</p></article></body></html>"""


def html(text: str) -> Answer:
    return Answer(body=text, headers={"Content-Type": "text/html; charset=utf-8"})


def test_snapshot_keeps_text_title_status_and_hash(provider_stub, make_claim, evidence_for):
    provider_stub.routes["/story"] = html(PAGE)
    evidence = evidence_for(make_claim(), url=provider_stub.url("/story"))
    snapshot = evidence_snapshot_take(evidence_id=evidence.pk)
    assert snapshot.http_status == 200 and snapshot.error == ""
    assert "120,000 people were flown out of Kabul" in snapshot.text
    assert "Evacuation figures" in snapshot.title and len(snapshot.content_hash) == 64
    assert Evidence.objects.get(pk=evidence.pk).link_status == "ok"


def test_snapshot_task_repeated_takes_one_snapshot(provider_stub, make_claim, evidence_for):
    provider_stub.routes["/story"] = html(PAGE)
    evidence = evidence_for(make_claim(), url=provider_stub.url("/story"))
    first = evidence_snapshot_take(evidence_id=evidence.pk)
    again = evidence_snapshot_take(evidence_id=evidence.pk)
    assert (
        first.pk == again.pk
        and evidence.snapshots.count() == 1
        and provider_stub.hits("/story") == 1
    )


def test_snapshot_of_a_private_address_is_refused_by_the_guard(make_claim, evidence_for, settings):
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = []
    evidence = evidence_for(make_claim(), url="http://127.0.0.1:9/admin")
    snapshot = evidence_snapshot_take(evidence_id=evidence.pk)
    assert "private or internal network address" in snapshot.error and snapshot.text == ""


def test_person_added_evidence_gets_a_snapshot_after_commit(
    provider_stub, make_claim, fact_checker, django_capture_on_commit_callbacks
):
    from claims.review.services import evidence_add

    provider_stub.routes["/story"] = html(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        evidence = evidence_add(
            claim=make_claim(), url=provider_stub.url("/story"), by=fact_checker
        )
    assert evidence.snapshots.get().http_status == 200


def test_link_check_marks_changed_pages_and_keeps_both_versions(
    provider_stub, make_claim, evidence_for
):
    provider_stub.routes["/story"] = html(PAGE)
    evidence = evidence_for(make_claim(), url=provider_stub.url("/story"))
    evidence_snapshot_take(evidence_id=evidence.pk)
    assert evidence_link_check(evidence_id=evidence.pk) == "ok"
    provider_stub.routes["/story"] = html(PAGE.replace("120,000", "12,000"))
    assert evidence_link_check(evidence_id=evidence.pk) == "changed"
    assert evidence.snapshots.count() == 2
    texts = {s.text for s in evidence.snapshots.all()}
    assert any("120,000" in t for t in texts) and any("12,000 people" in t for t in texts)


def test_link_check_marks_gone_pages_dead_but_not_slow_ones(
    provider_stub, make_claim, evidence_for, settings
):
    provider_stub.routes["/story"] = html(PAGE)
    evidence = evidence_for(make_claim(), url=provider_stub.url("/story"))
    evidence_snapshot_take(evidence_id=evidence.pk)
    provider_stub.routes["/story"] = Answer(status=503, body="busy")
    assert evidence_link_check(evidence_id=evidence.pk) == "ok"  # a 503 says nothing about the link
    provider_stub.routes["/story"] = Answer(status=404, body="gone")
    assert evidence_link_check(evidence_id=evidence.pk) == "dead"
    assert evidence.snapshots.filter(error="").count() == 1  # the good copy survives


def test_links_due_skip_removed_and_recently_checked(make_claim, evidence_for):
    from django.utils import timezone

    claim = make_claim()
    due = evidence_for(claim, url="https://a.example/due")
    evidence_for(claim, url="https://a.example/fresh", link_checked_at=timezone.now())
    evidence_for(claim, url="https://a.example/removed", removed_at=timezone.now())
    assert evidence_links_due() == [due.pk]
