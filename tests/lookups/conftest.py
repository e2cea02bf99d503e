"""A local HTTP server that answers like the real providers, and the settings that point at it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Answer:
    status: int = 200
    body: bytes | str | dict | list = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0

    def encoded(self) -> bytes:
        if isinstance(self.body, dict | list):
            return json.dumps(self.body).encode()
        return self.body.encode() if isinstance(self.body, str) else self.body


@dataclass
class ProviderStub:
    """Routes a path to an Answer, a list of Answers (served in turn, the last one repeating),
    or a function of the query. Every request is recorded."""

    host: str
    port: int
    routes: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)

    @property
    def hostport(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if request["path"] == path)

    def answer_for(self, path: str, query: dict) -> Answer:
        route = self.routes.get(path)
        if route is None:
            return Answer(status=404, body="not here", headers={"Content-Type": "text/plain"})
        if isinstance(route, list):
            served = self.hits(path) - 1
            return route[min(served, len(route) - 1)]
        if callable(route):
            return route(query)
        return route


def _handler(stub: ProviderStub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self):
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            stub.requests.append(
                {"path": parts.path, "query": query, "headers": dict(self.headers)}
            )
            answer = stub.answer_for(parts.path, query)
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.encoded()
            self.send_response(answer.status)
            headers = {"Content-Type": "application/json; charset=UTF-8", **answer.headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def provider_stub(settings):
    """A provider stand-in on 127.0.0.1, allow-listed through the SSRF guard."""
    stub = ProviderStub(host="127.0.0.1", port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [stub.hostport]
    settings.CLAIMDESK_FACTCHECK_TOOLS_URL = stub.url("/v1alpha1/claims:search")
    settings.CLAIMDESK_FACTCHECK_TOOLS_API_KEY = "test-key"
    settings.CLAIMDESK_MEDIAWIKI_API_URL = stub.url("/w/api.php")
    settings.CLAIMDESK_MEDIAWIKI_PAGE_URL = stub.url("/wiki/{title}")
    settings.CLAIMDESK_LOOKUP_HTTP_TIMEOUT = 1.0
    settings.CLAIMDESK_LOOKUP_BACKOFF_BASE = 0.01
    settings.CLAIMDESK_LOOKUP_BACKOFF_MAX = 0.05
    yield stub
    server.shutdown()
    server.server_close()


# --- Real response shapes -------------------------------------------------------------------


def factcheck_answer(*reviews: dict, text: str = "The US evacuated about 6,000 people.") -> dict:
    """Google Fact Check Tools claims:search, as documented (v1alpha1)."""
    return {
        "claims": [
            {
                "text": text,
                "claimant": "A senator",
                "claimDate": "2021-08-29T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {
                            "name": review.get("publisher", "PolitiFact"),
                            "site": "politifact.com",
                        },
                        "url": review["url"],
                        "title": review.get("title", "Fact-check: evacuations"),
                        "reviewDate": review.get("reviewDate", "2021-08-30T00:00:00Z"),
                        "textualRating": review.get("rating", "False"),
                        "languageCode": "en",
                    }
                ],
            }
            for review in reviews
        ],
        "nextPageToken": "CAo",
    }


def mediawiki_answer(*titles: str) -> dict:
    """MediaWiki action=query&list=search, formatversion=2."""
    return {
        "batchcomplete": True,
        "continue": {"sroffset": len(titles), "continue": "-||"},
        "query": {
            "searchinfo": {"totalhits": 1200},
            "search": [
                {
                    "ns": 0,
                    "title": title,
                    "pageid": 1000 + index,
                    "size": 54321,
                    "wordcount": 6543,
                    "snippet": f'The <span class="searchmatch">evacuation</span> of {title} &amp; more',
                    "timestamp": "2024-02-01T10:00:00Z",
                }
                for index, title in enumerate(titles)
            ],
        },
    }


ResponseFor = Callable[[dict], Answer]
