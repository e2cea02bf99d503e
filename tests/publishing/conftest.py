"""Publishing fixtures: verdicts in each state (through the review services) and a local webhook
receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.review import services


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    return services.verdict_propose(
        claim=researching_claim,
        rating="mostly-false",
        summary="It rose 2.5 metres.",
        explanation="The gauge shows 2.5 m.",
        by=fact_checker,
    )


@pytest.fixture
def published_verdict(proposed_verdict, editor):
    return services.verdict_publish(verdict=proposed_verdict, by=editor)


class Receiver:
    """What the local webhook receiver got, and what it answers next."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []  # status codes to answer, in order; then 200
        self.lock = threading.Lock()

    def next_status(self) -> int:
        with self.lock:
            return self.answers.pop(0) if self.answers else 200


@pytest.fixture
def receiver(settings):
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            code = state.next_status()
            payload = json.dumps({"ok": code < 300}).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    settings.CLAIMDESK_WEBHOOK_RETRY_DELAYS = [0.01]
    settings.CLAIMDESK_WEBHOOK_TIMEOUT = 3
    state.url = f"http://127.0.0.1:{port}/hooks/claimdesk"
    yield state
    server.shutdown()
    server.server_close()
