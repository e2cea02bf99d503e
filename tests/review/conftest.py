"""Fixtures for the review desk's screens: signed-in clients and claims at each step of the workflow."""

import pytest
from django.test import Client

from claims.models import Claim
from claims.review import services


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords hash in microseconds here; the real hasher costs ~0.5 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def checker_client(fact_checker):
    return signed_in(fact_checker)


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def researched_claim(make_claim, fact_checker, evidence_for):
    claim = make_claim(status=Claim.Status.RESEARCHING, assignee=fact_checker)
    evidence_for(claim)
    return claim


@pytest.fixture
def proposed_verdict(researched_claim, fact_checker):
    return services.verdict_propose(
        claim=researched_claim, rating="false", summary="It was 5,000.", by=fact_checker
    )


@pytest.fixture
def published_verdict(proposed_verdict, other_editor):
    return services.verdict_publish(verdict=proposed_verdict, by=other_editor)


@pytest.fixture(autouse=True)
def no_evidence_snapshots(monkeypatch):
    """Adding evidence schedules a fetch of the page; tests never reach the internet."""
    monkeypatch.setattr("claims.review.services._schedule_snapshot", lambda evidence: None)
