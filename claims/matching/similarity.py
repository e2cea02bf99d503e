"""How alike two claims are, on a scale from 0 to 1 that the desk's thresholds can rely on.

Ranking (``scorers``) only needs an order; deciding "same", "similar" or "already checked"
needs a number that means the same thing for every pair. The lexical part compares stemmed
content words, averaging rapidfuzz's token-sort ratio (penalises words one side lacks) and
token-set ratio (tolerates one side saying more). When the embeddings extra is on, the cosine
of the two sentence embeddings is averaged in: it recognises paraphrases that share few words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.conf import settings
from rapidfuzz import fuzz

from claims.matching.normalisation import tokens_for_matching

SAME_THRESHOLD = 0.80
SIMILAR_THRESHOLD = 0.60
ALREADY_CHECKED_THRESHOLD = 0.80


def threshold(name: str) -> float:
    """CLAIMDESK_MATCH_SAME / _SIMILAR / _ALREADY_CHECKED override the defaults above."""
    defaults = {
        "same": SAME_THRESHOLD,
        "similar": SIMILAR_THRESHOLD,
        "already_checked": ALREADY_CHECKED_THRESHOLD,
    }
    return float(getattr(settings, f"CLAIMDESK_MATCH_{name.upper()}", defaults[name]))


def lexical_similarity(a: str, b: str) -> float:
    left = " ".join(tokens_for_matching(a))
    right = " ".join(tokens_for_matching(b))
    if not left or not right:
        return 0.0
    return (fuzz.token_sort_ratio(left, right) + fuzz.token_set_ratio(left, right)) / 200.0


def use_embeddings() -> bool:
    """The desk uses embeddings only when the configured scorer asks for them."""
    from claims.matching.scorers import embeddings_available

    scorer = getattr(settings, "CLAIMDESK_MATCHING_SCORER", "lexical")
    return scorer in ("embeddings", "combined") and embeddings_available()


def claim_similarities(
    query: str, texts: Sequence[str], *, embeddings: bool | None = None
) -> np.ndarray:
    """The similarity of ``query`` to each of ``texts``, each in [0, 1]."""
    lexical = np.array([lexical_similarity(query, text) for text in texts], dtype=np.float32)
    if not texts:
        return lexical
    if embeddings is None:
        embeddings = use_embeddings()
    if not embeddings:
        return lexical
    from claims.matching.scorers import SentenceEncoder

    encoder = SentenceEncoder()
    vectors = encoder.encode([query, *texts])
    cosine = np.clip(vectors[1:] @ vectors[0], 0.0, 1.0)
    return (lexical + cosine) / 2.0
