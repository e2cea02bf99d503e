"""Publishing fixtures: verdicts in each state (through the review services) and a local webhook
receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
