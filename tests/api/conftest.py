"""API fixtures: a client per persona whose every response is checked against the OpenAPI document,
and verdicts in each state made through the review services."""

from __future__ import annotations

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import make_user

from .openapi import OpenAPIChecker

_DOCUMENT: dict = {}


def pytest_configure(config):
    from django.conf import settings

    # Personas are made for every test; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _open_throttles(settings):
    """Generous rates so only the throttling tests (which lower them) ever see a 429."""
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {
        "anon": "10000/min",
        "user": "10000/min",
        "search": "10000/min",
    }
    settings.REST_FRAMEWORK = rest
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def openapi(db) -> OpenAPIChecker:
    if not _DOCUMENT:
        response = APIClient().get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        _DOCUMENT.update(json.loads(response.content))
    return OpenAPIChecker(_DOCUMENT)


class CheckedClient(APIClient):
    """An APIClient that checks every /api/v1/ response against the OpenAPI document."""

    checker: OpenAPIChecker

    def request(self, **kwargs):
        response = super().request(**kwargs)
        path = kwargs.get("PATH_INFO", "")
        if path.startswith("/api/v1/"):
            body = None
            if response.content:
                body = (
                    json.loads(response.content)
                    if "json" in response.get("Content-Type", "")
                    else response.content
                )
            self.checker.check(kwargs["REQUEST_METHOD"], path, response.status_code, body)
        return response


@pytest.fixture
def consumer(db):
    """A partner platform: an account without a desk role, using an API token."""
    return make_user("partner-platform")


@pytest.fixture
def api(openapi, fact_checker, editor, other_editor, outsider, consumer):
    """``api("editor")`` → a signed-in, schema-checked client for that persona."""
    people = {
        "fact_checker": fact_checker,
        "editor": editor,
        "other_editor": other_editor,
        "outsider": outsider,
        "consumer": consumer,
    }

    def client_for(persona: str = "anonymous") -> CheckedClient:
        client = CheckedClient()
        client.checker = openapi
        if persona == "consumer":
            token, _ = Token.objects.get_or_create(user=consumer)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        elif persona != "anonymous":
            client.force_login(people[persona])
        return client

    client_for.people = people
    return client_for
