"""A newsroom's own search service, plugged in through settings instead of code.

``CLAIMDESK_JSON_SEARCH`` holds a URL template with ``{query}`` (URL-encoded claim text), the
dotted path to the result list and the dotted path of each field inside a result, e.g.::

    {"url": "https://search.example/api?q={query}", "results": "data.hits",
     "fields": {"url": "link", "title": "headline", "excerpt": "summary",
                "publisher": "source.name", "published": "date", "relevance": "score",
                "rating": "verdict"},
     "name": "Newsroom search", "headers": {"Authorization": "Bearer …"}}

Only ``url`` and ``results`` are required. Paths may index lists: ``items.0.link``.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from django.conf import settings

from .base import Finding, Provider, ProviderError, fetch_json, malformed, parse_date, query_for

MISSING = object()


def value_at(document, path: str):
    """The value at a dotted path ("source.name", "items.0.link"), or MISSING."""
    current = document
    for part in path.split(".") if path else []:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif (
            isinstance(current, list)
            and part.lstrip("-").isdigit()
            and -len(current) <= int(part) < len(current)
        ):
            current = current[int(part)]
        else:
            return MISSING
    return current


class JsonEndpointProvider(Provider):
    name = "json"

    @property
    def config(self) -> dict:
        return getattr(settings, "CLAIMDESK_JSON_SEARCH", {}) or {}

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.config.get("name") or "The newsroom search service"

    def search(self, claim) -> list[Finding]:
        config = self.config
        if not config.get("url") or "{query}" not in config["url"]:
            raise ProviderError(
                "The JSON search provider is not configured; set CLAIMDESK_JSON_SEARCH_URL with a "
                "{query} placeholder, then retry.",
                retryable=False,
            )
        body = fetch_json(
            config["url"].replace("{query}", quote_plus(query_for(claim))),
            label=self.label,
            headers=config.get("headers") or {},
        )
        results = value_at(body, config.get("results", ""))
        if results is MISSING or not isinstance(results, list):
            raise malformed(self.label, f"no list at “{config.get('results', '')}”")
        fields = {
            "url": "url",
            "title": "title",
            "excerpt": "excerpt",
            **(config.get("fields") or {}),
        }
        findings = []
        for rank, item in enumerate(results):
            found = {name: value_at(item, path) for name, path in fields.items()}
            url = found.get("url")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                continue
            relevance = found.get("relevance")
            findings.append(
                Finding(
                    url=url,
                    title=_text(found.get("title"))[:500],
                    excerpt=_text(found.get("excerpt")),
                    publisher=_text(found.get("publisher"))[:200],
                    published_at=parse_date(found.get("published")),
                    relevance=float(relevance)
                    if isinstance(relevance, int | float) and not isinstance(relevance, bool)
                    else round(1.0 / (1 + rank), 3),
                    rating=_text(found.get("rating")),
                )
            )
        return findings[: self.limit()]


def _text(value) -> str:
    return "" if value is MISSING or value is None else " ".join(str(value).split())
