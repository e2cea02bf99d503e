"""MediaWiki search (Wikipedia by default): background pages and their matching extracts.

``action=query&list=search`` on the configured API URL (``CLAIMDESK_MEDIAWIKI_API_URL``); page
links follow ``CLAIMDESK_MEDIAWIKI_PAGE_URL`` ("https://en.wikipedia.org/wiki/{title}").
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

from django.conf import settings

from .base import Finding, Provider, ProviderError, fetch_json, malformed, parse_date, query_for

TAG_RE = re.compile(r"<[^>]+>")


class MediaWikiProvider(Provider):
    name = "mediawiki"

    @property
    def label(self) -> str:  # type: ignore[override]
        return getattr(settings, "CLAIMDESK_MEDIAWIKI_NAME", "Wikipedia")

    def search(self, claim) -> list[Finding]:
        params = {
            "action": "query",
            "list": "search",
            "srsearch": query_for(claim, max_chars=250),
            "srlimit": self.limit(),
            "srprop": "snippet|timestamp|wordcount",
            "format": "json",
            "formatversion": "2",
            "utf8": "1",
        }
        body = fetch_json(
            f"{settings.CLAIMDESK_MEDIAWIKI_API_URL}?{urlencode(params)}", label=self.label
        )
        if not isinstance(body, dict):
            raise malformed(self.label, "the answer is not a JSON object")
        if isinstance(body.get("error"), dict):  # MediaWiki reports errors with HTTP 200
            info = str(body["error"].get("info") or body["error"].get("code") or "unknown error")
            raise ProviderError(f"{self.label} refused the search: {info[:200]}.", retryable=False)
        query = body.get("query", {})
        if not isinstance(query, dict) or not isinstance(query.get("search", []), list):
            raise malformed(self.label, "no “query.search” list")
        findings = []
        for rank, page in enumerate(query.get("search", [])):
            if not isinstance(page, dict) or not isinstance(page.get("title"), str):
                continue
            title = page["title"]
            findings.append(
                Finding(
                    url=settings.CLAIMDESK_MEDIAWIKI_PAGE_URL.format(
                        title=quote(title.replace(" ", "_"), safe="_(),'")
                    ),
                    title=title[:500],
                    excerpt=" ".join(
                        html.unescape(TAG_RE.sub("", str(page.get("snippet") or ""))).split()
                    ),
                    publisher=self.label,
                    published_at=parse_date(page.get("timestamp")),
                    relevance=round(1.0 / (1 + rank), 3),
                    stance="context",  # an encyclopaedia gives background, not a ruling
                )
            )
        return findings[: self.limit()]
