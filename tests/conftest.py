"""Shared fixtures: personas, small factories, and gates for the real services.

Tests that need PostgreSQL, Redis, a Celery worker or Chromium ask for the matching fixture. When the
service is missing they skip with a loud reason — or fail, when CLAIMDESK_REQUIRE_SERVICES=1 (CI).
"""

import hashlib
import os
import socket
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
        user.groups.add(Group.objects.get(name={"fact-checker": "Fact-checkers", "editor": "Editors"}[role]))
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
