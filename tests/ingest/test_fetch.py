"""The SSRF-guarded fetcher, against a local HTTP server."""

import ipaddress
import socket

import pytest

from claims.ingest.fetch import (
    ARTICLE_TYPES,
    FetchError,
    guarded_fetch,
    is_public_address,
)
from tests.ingest.conftest import Route


def test_fetches_an_allow_listed_local_page(allow_local_site):
    page = guarded_fetch(allow_local_site.url("/article.html"), content_types=ARTICLE_TYPES)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert b"Green River" in page.content


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/article",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://localhost/",
        "http://127.0.0.1:9/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_internal_addresses_are_refused_before_connecting(url, connections):
    with pytest.raises(FetchError) as caught:
        guarded_fetch(url)
    assert caught.value.code == "private_address"
    assert "private or internal" in str(caught.value)
    assert connections == []


def test_local_server_is_refused_without_the_allow_list(local_site, connections):
    with pytest.raises(FetchError) as caught:
        guarded_fetch(local_site.url("/article.html"))
    assert caught.value.code == "private_address"
    assert connections == [] and local_site.requests == []


def test_host_names_resolving_to_private_addresses_are_refused(monkeypatch, connections):
    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError) as caught:
        guarded_fetch("https://innocent.example/page")
    assert caught.value.code == "private_address"
    assert connections == []


def test_any_private_address_among_several_answers_is_refused(monkeypatch, connections):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError):
        guarded_fetch("http://mixed.example/")
    assert connections == []


def test_connects_to_the_checked_address_and_sends_the_name_as_host(
    settings, local_site, monkeypatch, connections
):
    """DNS pinning: the socket goes to the address that was checked, the Host header keeps the name."""
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"news.test:{local_site.port}"]
    answers = iter(["127.0.0.1", "10.9.9.9"])  # a rebinding resolver: the second answer is private
    real_resolve = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host != "news.test":
            return real_resolve(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    page = guarded_fetch(f"http://news.test:{local_site.port}/article.html")
    assert page.status == 200
    assert connections == [("127.0.0.1", local_site.port)]
    assert local_site.requests[0]["headers"]["Host"] == f"news.test:{local_site.port}"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://example.com/",
        "javascript:alert(1)",
        "example.com",
    ],
)
def test_only_http_and_https_are_fetched(url, connections):
    with pytest.raises(FetchError) as caught:
        guarded_fetch(url)
    assert caught.value.code == "scheme"
    assert connections == []


def test_urls_with_credentials_are_refused(connections):
    with pytest.raises(FetchError) as caught:
        guarded_fetch("http://user:secret@example.com/")
    assert caught.value.code == "credentials"


def test_redirect_to_a_private_address_is_refused(allow_local_site, connections):
    allow_local_site.routes["/moved"] = Route(
        status=302, headers={"Location": "http://10.0.0.1/admin"}
    )
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/moved"))
    assert caught.value.code == "private_address"
    assert connections == [("127.0.0.1", allow_local_site.port)]


def test_redirect_to_metadata_address_is_refused(allow_local_site, connections):
    allow_local_site.routes["/moved"] = Route(
        status=307, headers={"Location": "http://169.254.169.254/latest/"}
    )
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/moved"))
    assert caught.value.code == "private_address"


def test_relative_redirects_are_followed_and_checked(allow_local_site):
    allow_local_site.routes["/old"] = Route(status=301, headers={"Location": "/article.html"})
    page = guarded_fetch(allow_local_site.url("/old"))
    assert page.url == allow_local_site.url("/article.html")
    assert page.redirects == [allow_local_site.url("/old")]


def test_redirect_loops_stop_at_the_limit(allow_local_site, settings):
    settings.CLAIMDESK_FETCH_MAX_REDIRECTS = 3
    allow_local_site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/loop"))
    assert caught.value.code == "too_many_redirects"
    assert len(allow_local_site.requests) == 4


def test_declared_oversize_body_is_refused(allow_local_site):
    allow_local_site.routes["/big"] = Route(
        body=b"x" * 5000, headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/big"), max_bytes=1000)
    assert caught.value.code == "too_large"
    assert "limit" in str(caught.value)


def test_streamed_oversize_body_without_length_is_cut_off(allow_local_site):
    allow_local_site.routes["/stream"] = Route(
        body=b"y" * 50_000, headers={"Content-Type": "text/plain"}, chunked=True
    )
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/stream"), max_bytes=10_000)
    assert caught.value.code == "too_large"


def test_wrong_content_type_is_refused(allow_local_site):
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/photo.png"), content_types=ARTICLE_TYPES)
    assert caught.value.code == "content_type"
    assert "image/png" in str(caught.value)


def test_slow_server_times_out(allow_local_site):
    allow_local_site.routes["/slow"] = Route(
        body=b"late", headers={"Content-Type": "text/plain"}, delay=2
    )
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/slow"), timeout=0.3)
    assert caught.value.code == "timeout"


def test_error_status_is_reported(allow_local_site):
    with pytest.raises(FetchError) as caught:
        guarded_fetch(allow_local_site.url("/missing"))
    assert caught.value.code == "http_status"
    assert "404" in str(caught.value)


def test_closed_port_is_unreachable(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAIMDESK_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(FetchError) as caught:
        guarded_fetch(f"http://127.0.0.1:{port}/")
    assert caught.value.code == "unreachable"


def test_unknown_host_name_is_reported(monkeypatch):
    def resolve(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError) as caught:
        guarded_fetch("https://no-such-host.invalid/")
    assert caught.value.code == "dns"


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("169.254.169.254", False),
        ("fd00:ec2::254", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
        ("100.64.0.1", False),
    ],
)
def test_public_address_classification(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public
