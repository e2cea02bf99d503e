"""A local HTTP server standing in for the web, and a guard that no test connects elsewhere."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3.util.connection


def pytest_configure(config):
    from django.conf import settings

    # Personas are made for most tests; the production password hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ARTICLE_HTML = """<!doctype html><html><head><title>Dam opens | Valley Times</title>
<meta property="og:site_name" content="Valley Times">
<meta name="author" content="Rosa Field">
<meta property="article:published_time" content="2022-05-04T08:00:00Z">
</head><body><nav>Home News Sport</nav><article><h1>Dam opens after ten years of work</h1>
<p>The new dam on the Green River opened on Tuesday, the regional authority said in a statement.</p>
<figure><img src="dam.jpg"><figcaption>The dam seen from the east bank, May 3, 2022. <span class="credit">ANA LIMA/VALLEY TIMES</span></figcaption></figure>
<p>It cost about 400 million euros and will supply power to 80,000 homes, according to the authority.</p>
<p>Critics said the reservoir had flooded 12 villages since construction began in 2012.</p>
<script>document.write("not article text")</script>
</article><footer>Contact us</footer></body></html>"""

PLAIN_TEXT = (
    "date 2022-05-04 Dam opens\n\nThe new dam opened on Tuesday. It cost about 400 million euros.\n"
)


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False


@dataclass
class LocalSite:
    host: str
    port: int
    routes: dict
    requests: list

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


def _handler(routes: dict, requests: list):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output quiet
            pass

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the fetcher hung up on purpose (size limit, timeout)

        def do_GET(self):
            requests.append({"path": self.path, "headers": dict(self.headers)})
            route = routes.get(self.path.split("?")[0])
            if route is None:
                route = Route(status=404, body=b"not here", headers={"Content-Type": "text/plain"})
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(route.body), 4096):
                    chunk = route.body[start : start + 4096]
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@pytest.fixture
def local_site():
    """An HTTP server on 127.0.0.1 with a few article pages; tests add routes as they need."""
    routes = {
        "/article.html": Route(
            body=ARTICLE_HTML.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
        ),
        "/article.txt": Route(
            body=PLAIN_TEXT.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
        ),
        "/photo.png": Route(
            body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64, headers={"Content-Type": "image/png"}
        ),
    }
    requests: list = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, requests))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LocalSite("127.0.0.1", server.server_address[1], routes, requests)
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_local_site(settings, local_site):
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{local_site.port}"]
    return local_site


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every outgoing connection the fetcher opens; anything but loopback fails the test."""
    made: list = []
    real = urllib3.util.connection.create_connection

    def guarded(address, *args, **kwargs):
        made.append(address)
        if address[0] not in ("127.0.0.1", "::1"):
            raise AssertionError(f"a test tried to connect to {address}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)
    return made
