"""Shared fixtures: personas, small factories, and gates for the real services.

Tests that need PostgreSQL, Redis, a Celery worker or Chromium ask for the matching fixture. When the
service is missing they skip with a loud reason — or fail, when CLAIMDESK_REQUIRE_SERVICES=1 (CI).
"""

import hashlib
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"
REQUIRE_SERVICES = os.environ.get("CLAIMDESK_REQUIRE_SERVICES") == "1"


def service_missing(reason: str) -> None:
    """Fail under CLAIMDESK_REQUIRE_SERVICES=1, otherwise skip — loudly either way."""
    message = f"SERVICE MISSING: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (CLAIMDESK_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def require_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("this test needs PostgreSQL; set DATABASE_URL=postgres://… (the test command does).")


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("CLAIMDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means the service is unusable here
        service_missing(f"Redis at {url} is not reachable ({error}).")
    return url


@pytest.fixture
def seeds_dir():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def datasets_dir():
    if not DATASETS.is_dir():
        pytest.skip(f"datasets not found at {DATASETS}")
    return DATASETS


# --- Personas -------------------------------------------------------------------------------


def make_user(username: str, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="pass-for-tests-1", **extra)
    if role:
        # get_or_create: a transactional test's flush removes the groups the data migration made.
        name = {"fact-checker": "Fact-checkers", "editor": "Editors"}[role]
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def fact_checker(db):
    return make_user("fiona", "fact-checker")


@pytest.fixture
def other_fact_checker(db):
    return make_user("farid", "fact-checker")


@pytest.fixture
def editor(db):
    return make_user("edith", "editor")


@pytest.fixture
def other_editor(db):
    return make_user("eamon", "editor")


@pytest.fixture
def outsider(db):
    """Signed in, but neither a fact-checker nor an editor."""
    return make_user("oscar")


# --- Factories ------------------------------------------------------------------------------


@pytest.fixture
def make_article(db):
    from claims.models import Article, Outlet

    def make(body="The agency said 6,000 people were evacuated on Sunday.", title="A test article",
             outlet="Test Outlet", domain="test.example", **fields):
        outlet_obj = Outlet.objects.get_or_create(name=outlet, domain=domain)[0] if outlet else None
        return Article.objects.create(
            title=title, outlet=outlet_obj, body=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(), **fields,
        )

    return make


@pytest.fixture
def make_claim(make_article):
    from claims.models import Claim

    def make(text="The US evacuated about 6,000 people.", article=None, **fields):
        article = article or make_article(body=f"{text} Filler sentence {Claim.objects.count()}.")
        start = max(article.body.find(text), 0)
        fields.setdefault("checkworthiness", 0.8)
        fields.setdefault("type", "quantity")
        return Claim.objects.create(article=article, text=text, start=start, end=start + len(text), **fields)

    return make


@pytest.fixture
def evidence_for(db):
    from claims.models import Evidence

    def make(claim, url="https://example.org/report", **fields):
        fields.setdefault("title", "A report")
        return Evidence.objects.create(claim=claim, url=url, **fields)

    return make


# --- A real Celery worker -------------------------------------------------------------------


class CeleryWorkers:
    """Real ``celery -A newsroom worker`` processes against the test database, and this process
    switched from in-process tasks to publishing on the same broker."""

    def __init__(self, broker_url: str, database_url: str, log_dir: Path):
        self.broker_url = broker_url
        self.database_url = database_url
        self.log_dir = log_dir
        self.processes: list = []

    def use_broker(self, url: str) -> None:
        from newsroom.celery import app

        self.broker_url = url
        app.conf.broker_url = url
        app.conf.task_always_eager = False
        _celery_reset_connections(app)

    def start(self, *, env: dict | None = None, concurrency: int = 2, timeout: float = 40.0):
        import subprocess
        import sys
        import time

        log = self.log_dir / f"worker-{len(self.processes)}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.broker_url,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            # Lookups the worker runs use only the desk's own providers unless a test says otherwise.
            "CLAIMDESK_LOOKUP_PROVIDERS": "archive,verdicts",
            **(env or {}),
        }
        environment.pop("TEST_DATABASE_NAME", None)
        command = [
            str(Path(sys.executable).parent / "celery"), "-A", "newsroom", "worker", "--loglevel", "INFO",
            "--concurrency", str(concurrency), "--pool", "prefork", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-n", f"test-{os.getpid()}-{len(self.processes)}@%h",
        ]
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command, cwd=Path(__file__).resolve().parent.parent, env=environment,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )
        process.log = log
        self.processes.append(process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited at start:\n{log.read_text()[-3000:]}")
            if b" ready." in log.read_bytes():
                return process
            time.sleep(0.2)
        pytest.fail(f"The Celery worker did not become ready in {timeout:g} s:\n{log.read_text()[-3000:]}")

    def kill(self, process) -> None:
        """SIGKILL the worker and its pool children (its own process group) — a crash, no goodbye."""
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)

    def stop_all(self) -> None:
        import signal
        import subprocess

        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


def _celery_reset_connections(app) -> None:
    from kombu import pools

    pools.reset()  # kombu's shared producer pools are keyed by broker and would hand out closed ones
    app._pool = None
    if "amqp" in app.__dict__:  # the cached producer pool holds connections to the old broker
        app.amqp._producer_pool = None


@pytest.fixture
def celery_workers(transactional_db, redis_url, tmp_path):
    """Start real Celery workers with ``celery_workers.start(env=…)``; needs PostgreSQL (the
    worker shares the test database) and Redis. Stopped, and this process back to in-process
    tasks, afterwards."""
    import shutil
    import sys

    from django.db import connection

    from newsroom.celery import app

    if connection.vendor != "postgresql":
        service_missing("a real Celery worker needs PostgreSQL; set DATABASE_URL=postgres://…")
    if not (Path(sys.executable).parent / "celery").exists() and not shutil.which("celery"):
        service_missing("the celery command is not installed in the virtualenv.")
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    for key in client.scan_iter("claimdesk:lookups:*"):
        client.delete(key)
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    workers = CeleryWorkers(redis_url, database_url, tmp_path)
    workers.use_broker(redis_url)
    yield workers
    workers.stop_all()
    app.conf.update(saved)
    _celery_reset_connections(app)


@pytest.fixture(autouse=True)
def lookups_stay_offline(settings):
    """Lookups that other areas' tests trigger (ingest schedules them) use only the desk's own
    providers, so no test reaches the internet; provider tests point theirs at a local server."""
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["archive", "verdicts"]


# --- A claim through the workflow (the review services), for API and publishing tests -----


@pytest.fixture
def researching_claim(make_claim, evidence_for, fact_checker, make_article):
    article = make_article(
        body="At the briefing the mayor said the river rose 4 metres in a day. Officials disagreed.",
        title="Floods: what the mayor said",
        source_url="https://news.example/floods",
        published_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    claim = make_claim(
        text="the river rose 4 metres in a day",
        article=article,
        claimant="The mayor",
        status="researching",
        assignee=fact_checker,
    )
    evidence_for(
        claim, url="https://example.org/gauge", title="River gauge data", publisher="Water Agency"
    )
    return claim


@pytest.fixture
def proposed_verdict(researching_claim, fact_checker):
    from claims.review import services

    return services.verdict_propose(
        claim=researching_claim,
        rating="mostly-false",
        summary="It rose 2.5 metres.",
        explanation="The gauge shows 2.5 m.",
        by=fact_checker,
    )


@pytest.fixture
def published_verdict(proposed_verdict, editor):
    from claims.review import services

    return services.verdict_publish(verdict=proposed_verdict, by=editor)
