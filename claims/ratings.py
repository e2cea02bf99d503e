"""The rating scale, configured in settings.CLAIMDESK_RATINGS, and its ClaimReview mapping."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Rating:
    key: str
    label: str
    value: int | None
    colour: str
    definition: str


def scale() -> list[Rating]:
    items: list[dict[str, Any]] = settings.CLAIMDESK_RATINGS
    return [
        Rating(
            key=item["key"],
            label=item["label"],
            value=item.get("value"),
            colour=item.get("colour", "#6e7781"),
            definition=item.get("definition", ""),
        )
        for item in items
    ]


def get_rating(key: str) -> Rating | None:
    return next((rating for rating in scale() if rating.key == key), None)


def bounds() -> tuple[int, int]:
    """(worstRating, bestRating) over the numeric part of the scale."""
    values = [rating.value for rating in scale() if rating.value is not None]
    return (min(values), max(values)) if values else (1, 5)
