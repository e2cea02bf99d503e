"""Google Fact Check Tools ``claims:search``: other fact-checkers' published reviews.

One finding per ClaimReview (publisher, url, title, textual rating, review date). The API key
comes from the environment (``GOOGLE_FACTCHECK_API_KEY``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

from .base import Finding, Provider, ProviderError, fetch_json, malformed, parse_date, query_for


class FactCheckToolsProvider(Provider):
    name = "factcheck_tools"
    label = "Google Fact Check Tools"

    def search(self, claim) -> list[Finding]:
        key = getattr(settings, "CLAIMDESK_FACTCHECK_TOOLS_API_KEY", "")
        if not key:
            raise ProviderError(
                "Google Fact Check Tools has no API key; set GOOGLE_FACTCHECK_API_KEY, then retry.",
                retryable=False,
            )
        params = {
            "query": query_for(claim),
            "languageCode": getattr(settings, "CLAIMDESK_FACTCHECK_TOOLS_LANGUAGE", "en"),
            "pageSize": self.limit() * 2,
            "key": key,
        }
        body = fetch_json(
            f"{settings.CLAIMDESK_FACTCHECK_TOOLS_URL}?{urlencode(params)}", label=self.label
        )
        if not isinstance(body, dict):
            raise malformed(self.label, "the answer is not a JSON object")
        claims = body.get("claims", [])  # an empty search answers {}
        if not isinstance(claims, list):
            raise malformed(self.label, "“claims” is not a list")
        findings: list[Finding] = []
        for rank, item in enumerate(claims):
            if not isinstance(item, dict):
                continue
            for review in item.get("claimReview") or []:
                if not isinstance(review, dict) or not isinstance(review.get("url"), str):
                    continue
                publisher = review.get("publisher") or {}
                rating = str(review.get("textualRating") or "")
                claimed = str(item.get("text") or "")
                excerpt = f"Claim reviewed: “{claimed}”" if claimed else ""
                if item.get("claimant"):
                    excerpt += f" (claimed by {item['claimant']})"
                if rating:
                    excerpt += f" Rated: {rating}."
                findings.append(
                    Finding(
                        url=review["url"],
                        title=str(review.get("title") or claimed)[:500],
                        excerpt=excerpt.strip(),
                        publisher=str(publisher.get("name") or publisher.get("site") or "")
                        if isinstance(publisher, dict)
                        else "",
                        published_at=parse_date(review.get("reviewDate")),
                        relevance=round(1.0 / (1 + rank), 3),
                        rating=rating,
                    )
                )
        return findings[: self.limit()]
