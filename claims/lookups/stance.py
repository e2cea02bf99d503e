"""A suggested stance for a piece of evidence: supports, refutes or context.

Deliberately simple and honest about it: a person confirms every stance. A fact-check's textual
rating decides when there is one ("False", "Pants on Fire", "Mostly false" → refutes; "True",
"Correct" → supports; "Half true", "Unproven" → context); otherwise refutation words in the
passage suggest refutes, a passage repeating most of the claim suggests supports, and anything
else is context.
"""

from __future__ import annotations

import re

from claims.models import Evidence

Stance = Evidence.Stance

MIXED_RATING = re.compile(
    r"\b(half[- ]true|mixed|mixture|unproven|unverif\w*|unsupported|partly|partially|"
    r"lacks context|missing context|needs context|satire|outdated|research in progress)\b",
    re.I,
)
REFUTING_RATING = re.compile(
    r"\b(false|fake|wrong|incorrect|inaccurate|untrue|not true|misleading|pants on fire|"
    r"fabricated|hoax|scam|debunked|baseless|no evidence|distort\w*|exaggerat\w*|"
    r"(two|three|four) pinocchios|bogus|spurious|manipulated|altered|doctored)\b",
    re.I,
)
SUPPORTING_RATING = re.compile(
    r"\b(true|correct|accurate|verified|confirmed|legit\w*|right)\b", re.I
)
REFUTING_PASSAGE = re.compile(
    r"\b(false|falsely|untrue|not true|incorrect|inaccurate|misleading|denied|denies|deny|"
    r"debunk\w*|no evidence|baseless|fabricated|hoax|refut\w*|disputed|wrongly|misstat\w*)\b",
    re.I,
)


def stance_from_rating(rating: str) -> str:
    """The stance a fact-checker's textual rating implies; "" when the rating says nothing."""
    rating = (rating or "").strip()
    if not rating:
        return ""
    if re.search(r"\bmostly false\b", rating, re.I):
        return Stance.REFUTES
    if MIXED_RATING.search(rating):
        return Stance.CONTEXT
    if REFUTING_RATING.search(rating):
        return Stance.REFUTES
    if SUPPORTING_RATING.search(rating):
        return Stance.SUPPORTS
    return Stance.CONTEXT


def stance_from_passage(passage: str, *, coverage: float) -> str:
    """The stance a passage suggests, given how much of the claim's wording it repeats (0–1)."""
    if REFUTING_PASSAGE.search(passage or ""):
        return Stance.REFUTES
    if coverage >= 0.6:
        return Stance.SUPPORTS
    return Stance.CONTEXT


def stance_suggest(*, rating: str = "", passage: str = "", coverage: float = 0.0) -> str:
    return stance_from_rating(rating) or stance_from_passage(passage, coverage=coverage)
