"""Lookups through a real Celery worker, Redis and PostgreSQL — and what happens when they fail.

After every scenario: each lookup ends done or failed with a reason, no evidence is duplicated,
and no claim is left without its lookups.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.db.models import Count

from claims.lookups.services import lookups_schedule, lookups_sweep
from claims.models import Claim, Evidence, Lookup

from .conftest import Answer, factcheck_answer, mediawiki_answer

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]

FACTCHECK = "/v1alpha1/claims:search"
MEDIAWIKI = "/w/api.php"
S = Lookup.Status


def worker_env(stub, **extra) -> dict:
    return {
        "CLAIMDESK_FETCH_ALLOWED_HOSTS": stub.hostport,
        "CLAIMDESK_MEDIAWIKI_API_URL": stub.url(MEDIAWIKI),
        "CLAIMDESK_MEDIAWIKI_PAGE_URL": stub.url("/wiki/{title}"),
        "CLAIMDESK_FACTCHECK_TOOLS_URL": stub.url(FACTCHECK),
        "GOOGLE_FACTCHECK_API_KEY": "test-key",
        "CLAIMDESK_LOOKUP_PROVIDERS": "mediawiki,factcheck_tools",
        "CLAIMDESK_LOOKUP_BACKOFF_BASE": "0.2",
        "CLAIMDESK_LOOKUP_BACKOFF_MAX": "2",
        **{key: str(value) for key, value in extra.items()},
    }


def wait_until_settled(timeout: float = 30.0, *, sweep: bool = False) -> list[Lookup]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sweep:
            lookups_sweep()
        if not Lookup.objects.filter(status__in=[S.PENDING, S.QUEUED, S.RUNNING]).exists():
            return list(Lookup.objects.all())
        time.sleep(0.3)
    states = list(Lookup.objects.values_list("id", "provider", "status", "attempts", "error"))
    pytest.fail(f"Lookups did not settle in {timeout:g} s: {states}")


def assert_nothing_lost_or_doubled(claims: list[Claim], providers: set[str]) -> None:
    for lookup in Lookup.objects.all():
        assert lookup.status in (S.DONE, S.FAILED), lookup
        if lookup.status == S.FAILED:
            assert lookup.error.strip(), f"lookup {lookup.pk} failed without a reason"
    for claim in claims:
        assert set(claim.lookups.values_list("provider", flat=True)) == providers, (
            f"claim {claim.pk} lost lookups"
        )
    doubled = Evidence.objects.values("claim", "url").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubled.exists()


@pytest.fixture
def stub_settings(provider_stub, settings):
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["mediawiki", "factcheck_tools"]
    provider_stub.routes[MEDIAWIKI] = Answer(
        body=mediawiki_answer("Kabul airlift", "Operation Allies Refuge")
    )
    provider_stub.routes[FACTCHECK] = Answer(
        body=factcheck_answer({"url": provider_stub.url("/review/1")})
    )
    provider_stub.routes["/review/1"] = Answer(
        body="<html><title>Review</title><p>It is false.</p></html>",
        headers={"Content-Type": "text/html"},
    )
    return provider_stub


def test_worker_runs_lookups_records_evidence_and_snapshots(
    celery_workers, stub_settings, make_claim
):
    stub = stub_settings
    stub.routes[FACTCHECK] = [  # a 429 first: the worker waits Retry-After, then tries again
        Answer(
            status=429,
            headers={"Retry-After": "1"},
            body={"error": {"code": 429, "message": "Quota"}},
        ),
        Answer(body=factcheck_answer({"url": stub.url("/review/1"), "rating": "False"})),
    ]
    celery_workers.start(env=worker_env(stub))
    claims = [make_claim(text=f"The US evacuated about {n},000 people.") for n in (6, 7, 8)]
    lookups_schedule(claims=claims)
    lookups = wait_until_settled()
    assert {lookup.status for lookup in lookups} == {S.DONE}
    assert sorted(
        lookup.attempts for lookup in lookups if lookup.provider == "factcheck_tools"
    ) == [1, 1, 2]
    assert_nothing_lost_or_doubled(claims, {"mediawiki", "factcheck_tools"})
    assert Evidence.objects.count() == 3 * 3  # two background pages and one fact-check per claim
    deadline = time.monotonic() + 15
    while Evidence.objects.filter(snapshots__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    review = Evidence.objects.filter(provider="factcheck_tools").first()
    assert review.suggested_stance == "refutes"
    assert review.snapshots.get().http_status == 200  # the worker snapshotted the page


def test_sigkill_mid_lookup_then_a_new_worker_finishes_everything(
    celery_workers, stub_settings, make_claim, settings
):
    settings.CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT, settings.CLAIMDESK_LOOKUP_TIME_LIMIT = 4, 5
    settings.CLAIMDESK_LOOKUP_RUNNING_GRACE = 1
    stub = stub_settings
    stub.routes[MEDIAWIKI] = Answer(body=mediawiki_answer("Kabul airlift"), delay=2.5)
    env = worker_env(
        stub,
        CLAIMDESK_LOOKUP_PROVIDERS="mediawiki",
        CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT=4,
        CLAIMDESK_LOOKUP_TIME_LIMIT=5,
    )
    first = celery_workers.start(env=env)
    claims = [make_claim(text=f"Claim number {n} about evacuations.") for n in range(6)]
    lookups_schedule(claims=claims, providers=["mediawiki"])
    deadline = time.monotonic() + 20
    while not Lookup.objects.filter(status=S.RUNNING).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Lookup.objects.filter(status=S.RUNNING).exists(), "no lookup started"
    celery_workers.kill(first)
    interrupted = set(Lookup.objects.filter(status=S.RUNNING).values_list("pk", flat=True))
    assert interrupted
    celery_workers.start(env=env)
    # The new worker takes what was still queued; the sweep (beat, here called by hand) finds the
    # rows the dead worker held once they are older than the hard time limit and sends them again.
    lookups = wait_until_settled(timeout=45, sweep=True)
    assert {lookup.status for lookup in lookups} == {S.DONE}
    assert all(lookup.attempts == 2 for lookup in lookups if lookup.pk in interrupted)
    assert_nothing_lost_or_doubled(claims, {"mediawiki"})
    assert Evidence.objects.count() == 6


def test_provider_hanging_past_the_soft_time_limit_fails_with_a_reason(
    celery_workers, stub_settings, make_claim, settings
):
    settings.CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT, settings.CLAIMDESK_LOOKUP_TIME_LIMIT = (
        1,
        4,
    )  # sent with the message
    stub = stub_settings
    stub.routes[MEDIAWIKI] = Answer(body=mediawiki_answer("Late"), delay=6)
    celery_workers.start(
        env=worker_env(
            stub,
            CLAIMDESK_LOOKUP_PROVIDERS="mediawiki",
            CLAIMDESK_LOOKUP_SOFT_TIME_LIMIT=1,
            CLAIMDESK_LOOKUP_TIME_LIMIT=4,
            CLAIMDESK_LOOKUP_HTTP_TIMEOUT=30,
            CLAIMDESK_LOOKUP_MAX_ATTEMPTS=2,
        )
    )
    claim = make_claim()
    lookups_schedule(claims=[claim], providers=["mediawiki"])
    (lookup,) = wait_until_settled(timeout=30)
    assert (lookup.status, lookup.attempts) == (S.FAILED, 2)
    assert (
        "did not answer within 1 seconds" in lookup.error
        and "Gave up after 2 attempts" in lookup.error
    )
    assert_nothing_lost_or_doubled([claim], {"mediawiki"})


# --- Broker down during ingest --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A private redis-server for this test, so the machine's shared Redis is never stopped."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        pytest.fail("the test's own redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        from tests.conftest import service_missing

        service_missing("redis-server is not installed; the broker-down test starts its own.")
    server = OwnRedis(free_port())
    server.start()
    yield server
    server.stop()


def test_broker_down_during_ingest_loses_nothing(
    celery_workers, own_redis, stub_settings, settings, make_article
):
    from claims.extraction.services import claims_extract_for_article  # noqa: F401 - ingest needs it
    from claims.ingest.services import article_ingest

    settings.CLAIMDESK_LOOKUP_PENDING_GRACE = 0
    celery_workers.use_broker(own_redis.url)
    celery_workers.start(env=worker_env(stub_settings))
    own_redis.stop()

    started = time.monotonic()
    article = article_ingest(
        text="Flood report\n\nThe agency said 6,000 people were evacuated on Sunday. "
        "Officials said unemployment fell to 4.2 percent in March, the lowest since 2019."
    )
    assert time.monotonic() - started < 15, "ingest waited too long for the broker"
    claims = list(
        article.claims.filter(checkworthiness__gte=settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD)
    )
    assert claims, "the extractor found no claims above the threshold"
    assert set(Lookup.objects.values_list("status", flat=True)) == {S.PENDING}
    assert Lookup.objects.count() == 2 * len(claims)

    own_redis.start()  # the same port: the worker reconnects
    lookups = wait_until_settled(timeout=45, sweep=True)
    assert {lookup.status for lookup in lookups} == {S.DONE}
    assert_nothing_lost_or_doubled(claims, {"mediawiki", "factcheck_tools"})


def test_worker_tests_use_postgres(celery_workers):
    assert connection.vendor == "postgresql"
