"""The one way Claimdesk reaches out to the web: an HTTP client guarded against SSRF.

Article URLs, evidence snapshots, webhooks and ClaimReview imports all go through
``guarded_fetch``. Users give us URLs, so every request must be unable to reach the desk's
own network:

- only ``http`` and ``https``, no credentials in the URL;
- the host name is resolved once and *every* address it resolves to must be public (no
  loopback, private, link-local, multicast, reserved, CGNAT or cloud-metadata addresses);
- the connection goes to the address that was checked (the socket connects to the IP, the
  ``Host`` header and TLS SNI/certificate check use the name), so a DNS answer that changes
  between check and connect (DNS rebinding) cannot slip a private address in;
- redirects are followed by hand, each hop checked the same way, at most
  ``CLAIMDESK_FETCH_MAX_REDIRECTS``;
- a timeout for connect and read plus a deadline for the whole fetch, a byte limit enforced
  while streaming, and an optional content-type check before the body is read.

``CLAIMDESK_FETCH_ALLOWED_HOSTS`` ("127.0.0.1:8765, localhost") lifts the address check for
the listed hosts — for tests against a local HTTP server and for in-house services.

Every failure raises ``FetchError``, whose message is a sentence a person can act on and
whose ``code`` a machine can branch on.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError, NewConnectionError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

USER_AGENT = "Claimdesk/0.1 (newsroom claim-verification desk)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Cloud metadata endpoints, named explicitly although the ranges below already cover them.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
ARTICLE_TYPES = HTML_TYPES + TEXT_TYPES


class FetchError(Exception):
    """A fetch that was refused or failed; ``str(error)`` is a sentence for a person."""

    def __init__(self, message: str, *, code: str, url: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.url = url


@dataclass
class FetchedPage:
    url: str  # the URL that answered, after redirects
    status: int
    content_type: str  # lower-case media type without parameters, e.g. "text/html"
    charset: str | None
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body decoded with the declared charset, or UTF-8; ``FetchError`` if it isn't text."""
        try:
            return self.content.decode(self.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            raise FetchError(
                f"The page at {self.url} is not valid {self.charset or 'UTF-8'} text.",
                code="encoding",
                url=self.url,
            ) from None


def _setting(name: str, default):
    return getattr(settings, name, default)


def allowed_hosts() -> set[str]:
    """Hosts ("name" or "name:port") exempt from the private-address check."""
    value = _setting("CLAIMDESK_FETCH_ALLOWED_HOSTS", ())
    if isinstance(value, str):
        value = value.split(",")
    return {host.strip().lower() for host in value if host.strip()}


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address on the public internet; False for anything internal or special."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return is_public_address(mapped)
        if address.teredo is not None:
            return False
    if address in METADATA_ADDRESSES:
        return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


@dataclass
class _Target:
    scheme: str
    host: str  # as written in the URL, lower case, without brackets
    port: int
    path: str  # path and query
    address: str  # the checked IP to connect to


def check_url(url: str) -> _Target:
    """Validate a URL and resolve its host to one checked address, without connecting."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(
            f"“{url}” is not a valid web address.", code="invalid_url", url=url
        ) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            "Only http:// and https:// addresses can be fetched.", code="scheme", url=url
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(f"“{url}” has no host name.", code="invalid_url", url=url)
    if parts.username or parts.password:
        raise FetchError(
            "Addresses with a user name or password in them are not fetched.",
            code="credentials",
            url=url,
        )
    scheme = parts.scheme.lower()
    port = port or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query

    exempt = allowed_hosts() & {host, f"{host}:{port}"}
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(
            f"The host name “{host}” could not be found; check the address.",
            code="dns",
            url=url,
        ) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"The host name “{host}” has no address.", code="dns", url=url)
    if not exempt:
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(
                    f"The address {url} points to a private or internal network address "
                    f"({address}), which Claimdesk does not fetch. Use a public web address.",
                    code="private_address",
                    url=url,
                )
    return _Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))


def _pool(target: _Target, timeout: urllib3.Timeout):
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(
        target.address, target.port, timeout=timeout, retries=False, maxsize=1
    )


def _host_header(target: _Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    return message.get_content_type().lower(), message.get_param("charset")  # type: ignore[return-value]


def guarded_fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    content_types: tuple[str, ...] | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    max_redirects: int | None = None,
    raise_for_status: bool = True,
) -> FetchedPage:
    """Fetch ``url`` behind the SSRF guard; see the module docstring for the rules.

    ``content_types`` (e.g. ``ARTICLE_TYPES``) refuses other media types before reading the
    body. Limits default to the ``CLAIMDESK_FETCH_*`` settings.
    """
    max_bytes = max_bytes or int(_setting("CLAIMDESK_FETCH_MAX_BYTES", 5 * 1024 * 1024))
    timeout = timeout or float(_setting("CLAIMDESK_FETCH_TIMEOUT", 10.0))
    if max_redirects is None:
        max_redirects = int(_setting("CLAIMDESK_FETCH_MAX_REDIRECTS", 5))
    deadline = time.monotonic() + timeout * 3
    redirects: list[str] = []
    current = url

    while True:
        target = check_url(current)
        remaining = max(0.1, deadline - time.monotonic())
        request_headers = {
            "Host": _host_header(target),
            "User-Agent": USER_AGENT,
            "Accept": ", ".join(content_types) if content_types else "*/*",
            "Accept-Encoding": "identity",
            **(headers or {}),
        }
        pool = _pool(
            target, urllib3.Timeout(connect=min(timeout, remaining), read=min(timeout, remaining))
        )
        try:
            response = pool.urlopen(
                method,
                target.path,
                body=body,
                headers=request_headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except NewConnectionError:
            # Checked before timeouts: urllib3's NewConnectionError subclasses its timeout error.
            pool.close()
            raise FetchError(
                f"{current} could not be reached (the connection was refused); check the address.",
                code="unreachable",
                url=current,
            ) from None
        except (TimeoutError, Urllib3Timeout):
            pool.close()
            raise FetchError(
                f"{current} did not answer within {timeout:g} seconds; try again later.",
                code="timeout",
                url=current,
            ) from None
        except SSLError:
            pool.close()
            raise FetchError(
                f"The secure connection to {target.host} failed (certificate not valid for it).",
                code="tls",
                url=current,
            ) from None
        except (MaxRetryError, Urllib3Error, OSError):
            pool.close()
            raise FetchError(
                f"{current} could not be reached; check the address or try again later.",
                code="unreachable",
                url=current,
            ) from None

        try:
            if response.status in REDIRECT_STATUSES and response.headers.get("Location"):
                if len(redirects) >= max_redirects:
                    raise FetchError(
                        f"{url} redirected more than {max_redirects} times; give the final address instead.",
                        code="too_many_redirects",
                        url=current,
                    )
                redirects.append(current)
                current = urljoin(current, response.headers["Location"])
                if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue

            if raise_for_status and response.status >= 400:
                raise FetchError(
                    f"{current} answered with HTTP status {response.status}; check the address.",
                    code="http_status",
                    url=current,
                )
            media_type, charset = _media_type(response.headers.get("Content-Type"))
            if content_types and media_type not in content_types:
                raise FetchError(
                    f"{current} is {media_type or 'of an unknown type'}, not a web page or text; "
                    "give the address of an article page.",
                    code="content_type",
                    url=current,
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(current, max_bytes)
            content = _read_limited(response, max_bytes, deadline, current, timeout)
            return FetchedPage(
                url=current,
                status=response.status,
                content_type=media_type,
                charset=charset,
                content=content,
                headers={key.lower(): value for key, value in response.headers.items()},
                redirects=redirects,
            )
        finally:
            response.release_conn()
            response.close()
            pool.close()


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(
        f"{url} is larger than the {max_bytes // 1024:,} KB limit for a fetched page.",
        code="too_large",
        url=url,
    )


def _read_limited(response, max_bytes: int, deadline: float, url: str, timeout: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(url, max_bytes)
            if time.monotonic() > deadline:
                raise FetchError(
                    f"{url} took too long to send its page; try again later.",
                    code="timeout",
                    url=url,
                )
            chunks.append(chunk)
    except (TimeoutError, Urllib3Timeout):
        raise FetchError(
            f"{url} did not answer within {timeout:g} seconds; try again later.",
            code="timeout",
            url=url,
        ) from None
    except Urllib3Error:
        raise FetchError(
            f"The connection to {url} broke off while reading the page; try again later.",
            code="unreachable",
            url=url,
        ) from None
    return b"".join(chunks)
