"""A one-page HTTP server on 127.0.0.1 standing in for a fact-checker's ClaimReview feed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def feed_server(settings):
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]

    def serve(path: str, body: bytes) -> str:
        pages[path] = body
        return f"http://127.0.0.1:{port}{path}"

    yield serve
    server.shutdown()
    server.server_close()
