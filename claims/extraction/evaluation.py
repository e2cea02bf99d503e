"""Measuring extraction against public annotated data (no Django).

Two measurements, used by the ``evaluate_claim_types`` and
``evaluate_claimants`` management commands:

**Claim types on AVeriTeC.**  Its ``claim_types`` map onto ours: Numerical
Claim → quantity, Quote Verification → quote, Event/Property Claim → event,
Causal Claim → causal, Position Statement → opinion.  A claim may carry
several gold types (50 of 250 in ``dev_half_a``), so two scorings are given:

* *primary* (the headline figure): our one chosen type counts as a true
  positive for T when it is T and T is among the gold types, as a false
  positive when it is T and T is not, and a gold T we did not choose is a
  false negative.  Recall is therefore capped below 1 on multi-type claims.
  ``primary_accuracy`` is the share of claims whose chosen type is one of the gold types.
* *labels*: every type whose cues fired (``TypeDecision.labels``) against the
  gold set, as a multi-label problem, per type.

Each claim is typed as a whole (it may be several sentences), with its claimant
found by the same tracker the pipeline uses.

**Claimants on NewsClaims.**  Every sentence of an article is read in order by
``attribute_sentences``, the pipeline's own claimant logic (so pronouns,
continuing quotes and a description named in the next sentence resolve), and the
prediction for each annotated claim sentence is compared with its ``claimer``.
An empty gold claimer (``has_claimer`` false: the journalist asserts it) is
right only when we predict none.  Names are compared after normalisation:
lower case, punctuation, leading articles ("the", "a"), titles and possessive
"'s" removed; then a match is (1) equal, (2) one's words a subset of the
other's ("Behravesh" ~ "Casey Barton Behravesh", "Trump" ~ "Donald Trump"), or
(3) an acronym of the other ("WHO" ~ "World Health Organization").
``strict_accuracy`` counts only case-insensitive exact matches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from claims.extraction.claim_types import classify
from claims.extraction.claimants import ClaimantTracker, attribute_sentences, has_direct_quote
from claims.extraction.entities import TITLES

AVERITEC_TYPES = {
    "Numerical Claim": "quantity",
    "Quote Verification": "quote",
    "Event/Property Claim": "event",
    "Causal Claim": "causal",
    "Position Statement": "opinion",
}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
        "predicted": tp + fp,
    }


def type_claim(text: str, *, published: dt.date | None = None):
    """The TypeDecision for one standalone claim, as the pipeline would make it."""
    from claims.extraction.dates import find_dates
    from claims.extraction.quantities import find_quantities

    attribution = ClaimantTracker().attribute(text)
    dates = find_dates(text, published=published)
    quantities = find_quantities(text, taken=[(d["start"], d["end"]) for d in dates])
    return classify(
        text,
        quantities=quantities,
        dates=dates,
        claimant=attribution.claimant,
        direct_quote=has_direct_quote(text),
        reported=attribution.cue is not None,
        skip_non_claims=False,
    )


def evaluate_claim_types(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-type precision/recall of our types against AVeriTeC's ``claim_types``."""
    ours = sorted(set(AVERITEC_TYPES.values()))
    primary = {t: Counter() for t in ours}
    labels = {t: Counter() for t in ours}
    confusion: Counter[tuple[str, str]] = Counter()
    correct = 0
    errors = []
    for record in records:
        gold = {AVERITEC_TYPES[t] for t in record.get("claim_types") or [] if t in AVERITEC_TYPES}
        if not gold:
            continue
        decision = type_claim(record["claim"])
        chosen = decision.type
        correct += chosen in gold
        if chosen not in gold:
            errors.append({"claim": record["claim"], "gold": sorted(gold), "predicted": chosen})
        for g in gold:
            confusion[(g, chosen)] += 1
        for t in ours:
            primary[t]["tp"] += chosen == t and t in gold
            primary[t]["fp"] += chosen == t and t not in gold
            primary[t]["fn"] += chosen != t and t in gold
            fired = t in decision.labels
            labels[t]["tp"] += fired and t in gold
            labels[t]["fp"] += fired and t not in gold
            labels[t]["fn"] += not fired and t in gold
    total = sum(1 for r in records if any(t in AVERITEC_TYPES for t in r.get("claim_types") or []))
    return {
        "claims": total,
        "primary_accuracy": round(correct / total, 4) if total else 0.0,
        "primary": {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in primary.items()},
        "labels": {t: _prf(c["tp"], c["fp"], c["fn"]) for t, c in labels.items()},
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "errors": errors,
    }


_LEADING = re.compile(r"^(?:the|a|an|some|many)\s+")


def normalise_claimant(name: str | None) -> str:
    """Lower case, no punctuation, articles, titles or possessives."""
    if not name:
        return ""
    text = name.lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = _LEADING.sub("", " ".join(text.split()))
    words = text.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def claimants_match(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted claimant names the gold claimer (see the module docstring)."""
    p, g = normalise_claimant(predicted), normalise_claimant(gold)
    if not p or not g:
        return not p and not g
    if p == g:
        return True
    pw, gw = set(p.split()), set(g.split())
    if pw <= gw or gw <= pw:
        return True

    def acronym(words: str) -> str:
        return "".join(w[0] for w in words.split() if w not in {"of", "for", "and", "the"})

    return p.replace(" ", "") == acronym(g) or g.replace(" ", "") == acronym(p)


def evaluate_claimants(sentences: dict[str, dict], claims: dict[str, dict]) -> dict[str, Any]:
    """Accuracy of claimants predicted in reading order against NewsClaims ``claimer``."""
    total = right = strict = 0
    by_kind = {"named": Counter(), "none": Counter()}
    errors = []
    for article_id, annotated in claims.items():
        article = sentences.get(article_id, {})
        ordered = sorted(article.items(), key=lambda item: item[1]["start_char"])
        found = attribute_sentences([entry["sentence"] for _, entry in ordered])
        predicted = {sid: a.claimant for (sid, _), a in zip(ordered, found, strict=True)}
        for sid, claim in annotated.items():
            gold = (claim.get("claimer") or "").strip() if claim.get("has_claimer", True) else ""
            guess = predicted.get(sid)
            ok = claimants_match(guess, gold)
            total += 1
            right += ok
            strict += (guess or "").strip().lower() == gold.lower()
            kind = "named" if gold else "none"
            by_kind[kind]["total"] += 1
            by_kind[kind]["right"] += ok
            if not ok:
                errors.append(
                    {
                        "sentence": claim.get("sentence", ""),
                        "gold": gold or None,
                        "predicted": guess,
                    }
                )
    return {
        "claims": total,
        "accuracy": round(right / total, 4) if total else 0.0,
        "strict_accuracy": round(strict / total, 4) if total else 0.0,
        "accuracy_gold_named": round(by_kind["named"]["right"] / by_kind["named"]["total"], 4)
        if by_kind["named"]["total"]
        else 0.0,
        "accuracy_gold_none": round(by_kind["none"]["right"] / by_kind["none"]["total"], 4)
        if by_kind["none"]["total"]
        else 0.0,
        "errors": errors,
    }
