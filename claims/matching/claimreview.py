"""Reading fact-check feeds: ClaimReview JSON-LD and the CheckThat! vclaims file.

ClaimReview arrives in several shapes: one object, a list of objects, a JSON-LD document with
an ``@graph``, or a schema.org ``DataFeed`` whose ``dataFeedElement`` items hold the reviews.
Every shape is flattened to ``FactCheckRecord``s; anything that is not a ClaimReview (web
pages, organisations) is skipped, and a ClaimReview without a ``claimReviewed`` text makes the
whole feed invalid, so an import is all or nothing.

Each record carries a ``source_key`` (a hash of the review URL and claim, or of the vclaim id)
that makes importing the same feed twice create nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

FORMATS = ("claimreview", "vclaims")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class FeedInvalid(ValueError):
    """The feed cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class FactCheckRecord:
    source_key: str
    source: str
    claim_reviewed: str
    claimant: str = ""
    claim_date: date | None = None
    url: str = ""
    title: str = ""
    publisher_name: str = ""
    publisher_site: str = ""
    rating: str = ""
    review_date: date | None = None
    language: str = ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return next((t for t in (_text(v) for v in value) if t), "")
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("alternateName"))
    return ""


def _date(value) -> date | None:
    text = _text(value)
    if not text:
        return None
    for candidate in (text[:10], text):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            pass
    for pattern in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    return None


def _url(value) -> str:
    text = _text(value) if not isinstance(value, dict) else _text(value.get("url"))
    return text if urlsplit(text).scheme in ("http", "https") and len(text) <= 2000 else ""


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_claim_review(item) -> bool:
    kind = item.get("@type") if isinstance(item, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "ClaimReview" for k in kinds)


def _flatten(node, found: list[dict], depth: int = 0) -> None:
    """Collect ClaimReview objects from lists, @graph documents and DataFeeds."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            _flatten(item, found, depth + 1)
    elif isinstance(node, dict):
        if _is_claim_review(node):
            found.append(node)
            return
        for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
            if key in node:
                _flatten(node[key], found, depth + 1)


def _claim_review_record(review: dict, position: int) -> FactCheckRecord:
    claim_reviewed = _text(review.get("claimReviewed"))
    if not claim_reviewed:
        raise FeedInvalid(
            f"ClaimReview number {position} has no claimReviewed text; fix the feed and import it again."
        )
    item: dict = review["itemReviewed"] if isinstance(review.get("itemReviewed"), dict) else {}
    rating: dict = review["reviewRating"] if isinstance(review.get("reviewRating"), dict) else {}
    author = review.get("author")
    author = author[0] if isinstance(author, list) and author else author
    publisher_site = (urlsplit(_url(author)).hostname or "") if isinstance(author, dict) else ""
    url = _url(review.get("url"))
    return FactCheckRecord(
        source_key=_key("claimreview", url, claim_reviewed),
        source="claimreview",
        claim_reviewed=claim_reviewed,
        claimant=_text(item.get("author"))[:300],
        claim_date=_date(item.get("datePublished")),
        url=url,
        title=_text(review.get("headline") or review.get("name")),
        publisher_name=_text(author)[:200],
        publisher_site=publisher_site[:253],
        rating=_text(
            rating.get("alternateName") or rating.get("name") or rating.get("ratingValue")
        )[:200],
        review_date=_date(review.get("datePublished")),
        language=_text(review.get("inLanguage"))[:12],
    )


def claim_review_records(payload: bytes) -> list[FactCheckRecord]:
    try:
        document = json.loads(payload.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedInvalid(
            f"The feed is not valid JSON ({error}); give a ClaimReview JSON-LD file."
        ) from None
    reviews: list[dict] = []
    _flatten(document, reviews)
    if not reviews:
        raise FeedInvalid(
            'The feed holds no ClaimReview (no object with "@type": "ClaimReview"); '
            "for the benchmark file use --format vclaims."
        )
    return [
        _claim_review_record(review, position) for position, review in enumerate(reviews, start=1)
    ]


def vclaims_records(payload: bytes) -> list[FactCheckRecord]:
    records = []
    try:
        lines = payload.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise FeedInvalid("The vclaims file is not UTF-8 text.") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise FeedInvalid(f"Line {number} of the vclaims file is not JSON.") from None
        if (
            not isinstance(row, dict)
            or not _text(row.get("vclaim_id"))
            or not _text(row.get("vclaim"))
        ):
            raise FeedInvalid(f"Line {number} of the vclaims file has no vclaim_id or vclaim.")
        vclaim_id = _text(row["vclaim_id"])
        records.append(
            FactCheckRecord(
                source_key=_key("vclaims", vclaim_id),
                source="vclaims",
                claim_reviewed=_text(row["vclaim"]),
                title=" ".join(filter(None, [_text(row.get("title")), _text(row.get("subtitle"))])),
                publisher_name="Snopes" if vclaim_id.startswith("vclaim-sno-") else "",
                review_date=_date(row.get("date")),
            )
        )
    if not records:
        raise FeedInvalid("The vclaims file is empty.")
    return records


def feed_records(payload: bytes, *, format: str) -> list[FactCheckRecord]:
    if format not in FORMATS:
        raise FeedInvalid(f"Unknown format {format!r}; use one of {', '.join(FORMATS)}.")
    return claim_review_records(payload) if format == "claimreview" else vclaims_records(payload)
