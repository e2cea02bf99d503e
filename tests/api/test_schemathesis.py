"""Schemathesis against the served OpenAPI document: generated requests to every /api/v1/ operation,
anonymous and as an editor with a token, must never cause a server error (5xx).

Runs in-process against the WSGI app with a bounded number of examples per operation (well under a
minute). The network edge is closed: host names other than 127.0.0.1 do not resolve, so generated
URLs (article fetches, evidence snapshots, webhook targets) fail fast instead of leaving the machine.
"""

import json
import socket

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from newsroom.wsgi import application

EXAMPLES_PER_OPERATION = 3


def _document() -> dict:
    # The document /api/schema/ serves, built without a request (no database needed at collection).
    return json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )


schema = schemathesis.openapi.from_dict(_document())
schema.app = application


@pytest.fixture
def closed_network(monkeypatch):
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(
                socket.EAI_NONAME, "Name or service not known (tests are offline)"
            )
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


@pytest.fixture
def connections_kept_open():
    """Calling the WSGI app directly fires request_finished, whose close_old_connections would close
    the test's connection mid-transaction on PostgreSQL; Django's test Client disconnects it too."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def desk(db, settings, closed_network, connections_kept_open, published_verdict, proposed_verdict, editor, other_editor):
    """Some rows for generated ids to hit; lookups only against the desk's own verdicts."""
    settings.CLAIMDESK_LOOKUP_PROVIDERS = ["verdicts"]
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = []
    return Token.objects.get_or_create(user=other_editor)[0].key


@pytest.fixture
def proposed_verdict(make_claim, evidence_for, fact_checker):
    from claims.review import services

    claim = make_claim(
        text="Second claim under review.", status="researching", assignee=fact_checker
    )
    evidence_for(claim, url="https://example.org/second")
    return services.verdict_propose(claim=claim, rating="true", summary="Right.", by=fact_checker)


SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db
@schema.include(path_regex="^/api/v1/").parametrize()
@SETTINGS
def test_requests_never_cause_server_errors(case, desk):
    """Each generated request is sent anonymously and then with an editor's token."""
    case.call_and_validate(checks=[not_a_server_error])
    case.call_and_validate(headers={"Authorization": f"Token {desk}"}, checks=[not_a_server_error])
