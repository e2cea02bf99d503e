"""Scheduling, running, retrying and sweeping lookups, with tasks run in-process (eager)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims.lookups.providers import Finding
from claims.lookups.services import (
    backoff_seconds,
    evidence_record,
    lookup_claim,
    lookup_perform,
    lookup_retry,
    lookups_run_again,
    lookups_schedule,
    lookups_sweep,
)
from claims.models import Evidence, Lookup
from claims.review.workflow import WorkflowError

from .conftest import Answer, factcheck_answer, mediawiki_answer

FACTCHECK = "/v1alpha1/claims:search"
MEDIAWIKI = "/w/api.php"
S = Lookup.Status


@pytest.fixture
def two_providers(provider_stub, settings):
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["factcheck_tools", "mediawiki"]
    provider_stub.routes[FACTCHECK] = Answer(
        body=factcheck_answer({"url": provider_stub.url("/review/1"), "rating": "False"})
    )
    provider_stub.routes[MEDIAWIKI] = Answer(body=mediawiki_answer("Kabul airlift"))
    return provider_stub


def test_scheduled_lookups_wait_for_the_commit_then_run(
    two_providers, make_claim, django_capture_on_commit_callbacks
):
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lookups = lookups_schedule(claims=[claim])
    assert {lookup.provider for lookup in lookups} == {"factcheck_tools", "mediawiki"}
    assert set(Lookup.objects.values_list("status", flat=True)) == {S.PENDING}
    assert two_providers.requests == []  # nothing left before the commit
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert set(Lookup.objects.values_list("status", "attempts")) == {(S.DONE, 1)}
    evidence = {e.provider: e for e in claim.evidence.all()}
    assert evidence["factcheck_tools"].suggested_stance == "refutes"
    assert evidence["factcheck_tools"].publisher == "PolitiFact"
    assert evidence["mediawiki"].suggested_stance == "context"
    assert Lookup.objects.get(provider="mediawiki").results == 1


def test_running_a_lookup_twice_creates_nothing_twice(two_providers, make_claim):
    claim = make_claim()
    lookup = Lookup.objects.create(claim=claim, provider="factcheck_tools")
    lookup_perform(lookup=lookup_claim(lookup_id=lookup.pk))
    Lookup.objects.filter(pk=lookup.pk).update(status=S.QUEUED)  # as if the message came again
    lookup_perform(lookup=lookup_claim(lookup_id=lookup.pk))
    assert claim.evidence.count() == 1
    assert lookup_claim(lookup_id=lookup.pk) is None  # done: a third message claims nothing


def test_the_same_url_from_two_providers_is_one_evidence_row(make_claim):
    claim = make_claim()
    first, created = evidence_record(
        claim=claim, finding=Finding(url="https://a.example/x", title="A"), provider="mediawiki"
    )
    second, created_again = evidence_record(
        claim=claim,
        finding=Finding(url="https://a.example/x", title="B", excerpt="more"),
        provider="json",
    )
    assert created and not created_again and first.pk == second.pk
    row = Evidence.objects.get()
    assert (row.title, row.excerpt, row.provider) == (
        "A",
        "more",
        "mediawiki",
    )  # blanks filled, nothing overwritten


def test_a_lost_insert_race_reads_the_winning_row(make_claim, evidence_for):
    claim = make_claim()
    winner = evidence_for(claim, url="https://a.example/race")
    # get_or_create's SELECT found nothing when the other worker had not committed yet; here the
    # row exists, and the unique constraint is what keeps one row either way.
    evidence, created = evidence_record(
        claim=claim, finding=Finding(url="https://a.example/race"), provider="json"
    )
    assert evidence.pk == winner.pk and not created


def test_server_errors_are_retried_then_succeed(
    two_providers, make_claim, django_capture_on_commit_callbacks
):
    two_providers.routes[MEDIAWIKI] = [
        Answer(status=502, body="bad gateway"),
        Answer(status=500, body="oops"),
        Answer(body=mediawiki_answer("Kabul airlift")),
    ]
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        lookups_schedule(claims=[claim], providers=["mediawiki"])
    lookup = Lookup.objects.get()
    assert (lookup.status, lookup.attempts, lookup.error) == (S.DONE, 3, "")
    assert two_providers.hits(MEDIAWIKI) == 3


def test_retries_stop_at_the_attempt_cap_with_a_reason(
    two_providers, make_claim, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMDESK_LOOKUP_MAX_ATTEMPTS = 3
    two_providers.routes[MEDIAWIKI] = Answer(status=503, body="down")
    with django_capture_on_commit_callbacks(execute=True):
        lookups_schedule(claims=[make_claim()], providers=["mediawiki"])
    lookup = Lookup.objects.get()
    assert (lookup.status, lookup.attempts) == (S.FAILED, 3)
    assert "HTTP 503" in lookup.error and "Gave up after 3 attempts" in lookup.error


def test_client_errors_fail_at_once_without_retry(
    two_providers, make_claim, django_capture_on_commit_callbacks
):
    two_providers.routes[FACTCHECK] = Answer(
        status=403, body={"error": {"code": 403, "message": "The caller does not have permission"}}
    )
    with django_capture_on_commit_callbacks(execute=True):
        lookups_schedule(claims=[make_claim()], providers=["factcheck_tools"])
    lookup = Lookup.objects.get()
    assert (lookup.status, lookup.attempts) == (S.FAILED, 1)
    assert "does not have permission" in lookup.error and two_providers.hits(FACTCHECK) == 1


def test_malformed_answers_fail_at_once(
    two_providers, make_claim, django_capture_on_commit_callbacks
):
    two_providers.routes[MEDIAWIKI] = Answer(body="{not json")
    with django_capture_on_commit_callbacks(execute=True):
        lookups_schedule(claims=[make_claim()], providers=["mediawiki"])
    lookup = Lookup.objects.get()
    assert (lookup.status, lookup.attempts) == (S.FAILED, 1) and "not valid JSON" in lookup.error


def test_backoff_grows_with_jitter_and_honours_retry_after(settings):
    settings.CLAIMDESK_LOOKUP_BACKOFF_BASE, settings.CLAIMDESK_LOOKUP_BACKOFF_MAX = 5, 300
    first = [backoff_seconds(1) for _ in range(50)]
    third = [backoff_seconds(3) for _ in range(50)]
    assert all(2.5 <= d <= 5 for d in first) and all(10 <= d <= 20 for d in third)
    assert len(set(first)) > 1  # jittered
    assert all(30 <= backoff_seconds(1, retry_after=30) <= 31 for _ in range(20))
    assert backoff_seconds(1, retry_after=10_000) <= 301  # capped


def test_sweep_sends_pending_lookups_the_broker_never_got(two_providers, make_claim, settings):
    claim = make_claim()
    lookup = Lookup.objects.create(claim=claim, provider="mediawiki")
    Lookup.objects.filter(pk=lookup.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = Lookup.objects.create(
        claim=claim, provider="factcheck_tools"
    )  # its on_commit may still come
    counts = lookups_sweep()
    assert counts["sent"] == 1
    assert Lookup.objects.get(pk=lookup.pk).status == S.DONE
    assert Lookup.objects.get(pk=fresh.pk).status == S.PENDING


def test_sweep_restarts_a_lookup_whose_worker_died(two_providers, make_claim):
    lookup = Lookup.objects.create(
        claim=make_claim(),
        provider="mediawiki",
        status=S.RUNNING,
        attempts=1,
        started_at=timezone.now() - timedelta(hours=1),
    )
    counts = lookups_sweep()
    assert counts["restarted"] == 1
    lookup.refresh_from_db()
    assert (lookup.status, lookup.attempts) == (S.DONE, 2)


def test_sweep_fails_a_lookup_interrupted_too_often(make_claim, settings):
    settings.CLAIMDESK_LOOKUP_MAX_ATTEMPTS = 2
    lookup = Lookup.objects.create(
        claim=make_claim(),
        provider="mediawiki",
        status=S.RUNNING,
        attempts=2,
        started_at=timezone.now() - timedelta(hours=1),
    )
    assert lookups_sweep()["failed"] == 1
    lookup.refresh_from_db()
    assert (
        lookup.status == S.FAILED
        and "interrupted 2 times" in lookup.error
        and "Retry" in lookup.error
    )


def test_sweep_leaves_a_recently_started_lookup_alone(make_claim):
    lookup = Lookup.objects.create(
        claim=make_claim(),
        provider="mediawiki",
        status=S.RUNNING,
        attempts=1,
        started_at=timezone.now(),
    )
    assert lookups_sweep() == {"failed": 0, "restarted": 0, "requeued": 0, "sent": 0}
    assert Lookup.objects.get(pk=lookup.pk).status == S.RUNNING


def test_sweep_resends_a_queued_lookup_whose_message_was_lost(two_providers, make_claim):
    lookup = Lookup.objects.create(
        claim=make_claim(),
        provider="mediawiki",
        status=S.QUEUED,
        dispatched_at=timezone.now() - timedelta(hours=2),
    )
    counts = lookups_sweep()
    assert counts["requeued"] == 1 and Lookup.objects.get(pk=lookup.pk).status == S.DONE


def test_fact_checker_retries_a_failed_lookup(
    two_providers, make_claim, fact_checker, django_capture_on_commit_callbacks
):
    lookup = Lookup.objects.create(
        claim=make_claim(),
        provider="mediawiki",
        status=S.FAILED,
        attempts=4,
        error="Wikipedia had an internal error",
    )
    with django_capture_on_commit_callbacks(execute=True):
        lookup_retry(lookup=lookup, by=fact_checker)
    lookup.refresh_from_db()
    assert (lookup.status, lookup.attempts, lookup.error, lookup.requested_by) == (
        S.DONE,
        1,
        "",
        fact_checker,
    )


def test_a_running_lookup_cannot_be_retried(make_claim, fact_checker):
    lookup = Lookup.objects.create(claim=make_claim(), provider="mediawiki", status=S.RUNNING)
    with pytest.raises(WorkflowError):
        lookup_retry(lookup=lookup, by=fact_checker)


def test_outsider_cannot_run_lookups(make_claim, outsider):
    with pytest.raises(PermissionDenied):
        lookups_run_again(claim=make_claim(), by=outsider)


def test_running_again_skips_providers_already_at_work(
    two_providers, make_claim, fact_checker, settings
):
    claim = make_claim()
    Lookup.objects.create(claim=claim, provider="mediawiki", status=S.RUNNING)
    lookups = lookups_run_again(claim=claim, by=fact_checker)
    assert [lookup.provider for lookup in lookups] == ["factcheck_tools"]


def test_ingest_schedules_lookups_for_claims_above_the_threshold(
    settings, db, django_capture_on_commit_callbacks
):
    from claims.ingest.services import article_ingest

    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["archive"]
    with django_capture_on_commit_callbacks(execute=False):
        article = article_ingest(
            text="Flood report\n\nThe agency said 6,000 people were evacuated on Sunday. "
            "Officials said unemployment fell to 4.2 percent in March."
        )
    claims = list(article.claims.all())
    assert claims, "the extractor found no claims in the test article"
    above = [c for c in claims if c.checkworthiness >= settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD]
    assert sorted(Lookup.objects.values_list("claim_id", flat=True)) == sorted(c.pk for c in above)


def test_findings_repeating_a_url_or_matching_a_persons_link_make_no_new_rows(
    make_claim, fact_checker
):
    from claims.lookups.services import evidence_record_findings

    claim = make_claim()
    Evidence.objects.create(
        claim=claim, url="https://a.example/mine", title="My title", added_by=fact_checker
    )
    lookup = Lookup.objects.create(claim=claim, provider="json")
    recorded = evidence_record_findings(
        claim=claim,
        provider="json",
        lookup=lookup,
        findings=[
            Finding(url="https://a.example/new", title="New"),
            Finding(url="https://a.example/new", title="Again"),
            Finding(url="https://a.example/mine", title="Theirs", excerpt="An excerpt"),
            Finding(url="ftp://a.example/x"),
        ],
    )
    assert [(e.url, created) for e, created in recorded] == [
        ("https://a.example/new", True),
        ("https://a.example/mine", False),
    ]
    mine = Evidence.objects.get(url="https://a.example/mine")
    assert (mine.title, mine.excerpt) == ("My title", "An excerpt")
    assert Evidence.objects.count() == 2


def test_two_lookups_recording_the_same_url_at_once_make_one_row(
    require_postgres, transactional_db, make_claim
):
    import threading

    from django.db import connection

    claim = make_claim()
    lookups = [Lookup.objects.create(claim=claim, provider=name) for name in ("json", "mediawiki")]
    barrier = threading.Barrier(2)
    results = []

    def record(lookup):
        barrier.wait()
        try:
            results.append(
                evidence_record(
                    claim=claim,
                    finding=Finding(url="https://a.example/same"),
                    provider=lookup.provider,
                    lookup=lookup,
                )[1]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(lookup,)) for lookup in lookups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert Evidence.objects.filter(claim=claim).count() == 1
