"""Extraction v1: an article body in, one scored draft per sentence out.

``extract`` is the one entry point the ingest service, the API, the
measurement commands and the benchmark use.  For every sentence it finds the
claimant (reading sentences in order so pronouns resolve), entities,
quantities and dates (resolved against the publication date), the claim type,
and a final check-worthiness score with the signals that explain it.

The final score combines three things, each listed in ``signals``:

1. the check-worthiness model's score ``base`` for the sentence
   (``claims.extraction.checkworthiness.score_sentences``, one call per article);
2. checkable anchors the model does not see, which pull the score towards 1:
   ``boost = min(0.4, 0.25·[states an amount] + 0.15·[attributed to a named
   source] + 0.15·[a resolved date])`` and ``raised = base + (1 − base)·boost``
   (each a signal with ``effect: "raises"`` and its ``weight``);
3. the type weight (``claim_types.TYPE_WEIGHTS``): predictions ×0.6,
   opinions ×0.5, other ×0.7, facts ×1.0, so ``final = weight · raised``.

Signals are dicts ``{"signal", "label", "effect", "weight"?}`` like the model's
own (``checkworthiness.explain``, marked ``"source": "model"``); ``label`` is the
sentence a fact-checker reads.

A sentence is ``checkworthy`` when ``final ≥ threshold`` and it is not a
question, heading or fragment.  Offsets of entities, quantities and dates are
offsets into the body, like the sentence's own ``start``/``end``.

Plain Python: no Django import, so it runs in benchmarks and commands alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from claims.extraction.claim_types import TYPE_WEIGHTS, classify, non_claim_reason
from claims.extraction.claimants import attribute_sentences, has_direct_quote, is_named
from claims.extraction.dates import find_dates
from claims.extraction.entities import find_entities
from claims.extraction.quantities import find_quantities
from claims.extraction.sentences import split_sentences

BOOST_AMOUNT = 0.25
BOOST_NAMED_SOURCE = 0.15
BOOST_DATE = 0.15
BOOST_CAP = 0.4


@dataclass(frozen=True)
class SentenceDraft:
    text: str
    start: int
    end: int
    type: str
    checkworthiness: float
    claimant: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)
    checkworthy: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shifted(items: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    return [
        {**item, "start": item["start"] + offset, "end": item["end"] + offset} for item in items
    ]


def _model_signals(text: str, scorer: Any) -> list[dict[str, Any]]:
    explain = getattr(scorer, "explain", None)
    if explain is None:
        return []
    explained = explain(text)
    if isinstance(explained, dict):
        explained = explained.get("signals", [explained])
    return [
        {**item, "source": "model"}
        if isinstance(item, dict)
        else {"signal": str(item), "source": "model"}
        for item in (explained or [])
    ]


def score_drafts(
    *, base_scores: Sequence[float], analyses: Sequence[dict[str, Any]]
) -> list[tuple[float, list[dict[str, Any]]]]:
    """Final scores and the signals that explain them (see the module docstring)."""
    results = []
    for base, analysis in zip(base_scores, analyses, strict=True):
        base = float(min(1.0, max(0.0, base)))
        signals: list[dict[str, Any]] = [
            {
                "signal": "model_score",
                "label": f"Check-worthiness model score {base:.2f}",
                "effect": "score",
                "weight": round(base, 4),
            }
        ]
        boost = 0.0
        amounts = [q for q in analysis["quantities"] if q["kind"] in {"count", "percent", "money"}]
        if amounts:
            boost += BOOST_AMOUNT
            signals.append(
                {
                    "signal": "number",
                    "label": f"States an amount: “{amounts[0]['text']}”",
                    "effect": "raises",
                    "weight": BOOST_AMOUNT,
                }
            )
        if analysis["claimant"] and analysis["claimant_named"]:
            boost += BOOST_NAMED_SOURCE
            signals.append(
                {
                    "signal": "named_source",
                    "label": f"Attributed to {analysis['claimant']}",
                    "effect": "raises",
                    "weight": BOOST_NAMED_SOURCE,
                }
            )
        if any(d["date"] or d["range"] for d in analysis["dates"]):
            boost += BOOST_DATE
            first = next(d for d in analysis["dates"] if d["date"] or d["range"])
            signals.append(
                {
                    "signal": "date",
                    "label": f"Dated: “{first['text']}” → {first['date'] or first['range']}",
                    "effect": "raises",
                    "weight": BOOST_DATE,
                }
            )
        boost = min(BOOST_CAP, boost)
        raised = base + (1.0 - base) * boost
        final = round(TYPE_WEIGHTS[analysis["type"]] * raised, 4)
        results.append((final, signals))
    return results


def extract(
    body: str,
    *,
    published: dt.date | None,
    threshold: float,
    explain_all: bool = True,
) -> list[SentenceDraft]:
    """Split ``body`` into sentences and score, type and attribute each one.

    ``explain_all=False`` asks the model to explain only check-worthy sentences
    (the ones that become claims and show their signals); the others keep the
    model score and the extraction signals.  Ingest uses it: the model's
    explanation costs more than its score.
    """
    from claims.extraction import checkworthiness

    if isinstance(published, dt.datetime):
        published = published.date()
    sentences = split_sentences(body)
    if not sentences:
        return []
    texts = [s.text for s in sentences]
    base_scores = list(checkworthiness.score_sentences(texts))

    all_entities = [find_entities(text) for text in texts]
    attributions = attribute_sentences(texts, all_entities)
    analyses: list[dict[str, Any]] = []
    for sentence, entities, attribution in zip(sentences, all_entities, attributions, strict=True):
        text = sentence.text
        dates = find_dates(text, published=published)
        quantities = find_quantities(text, taken=[(d["start"], d["end"]) for d in dates])
        decision = classify(
            text,
            quantities=quantities,
            dates=dates,
            claimant=attribution.claimant,
            direct_quote=has_direct_quote(text),
            reported=attribution.cue is not None,
        )
        claimant_signals: list[dict[str, Any]] = []
        if attribution.cue:
            how = {
                "reporting_verb": f"reporting verb “{attribution.verb}”",
                "inverted": f"reporting verb “{attribution.verb}”",
                "according_to": "“according to”",
                "quote_continuation": "a quotation continuing the previous speaker",
            }[attribution.cue]
            detail = f"Claimant {attribution.claimant or 'unresolved'}, from {how}"
            if attribution.resolved_from:
                detail += f" (“{attribution.resolved_from}” resolved)"
            claimant_signals.append({"signal": "claimant", "label": detail, "effect": "claimant"})
        else:
            claimant_signals.append(
                {
                    "signal": "claimant",
                    "label": "No attribution: the article itself asserts it",
                    "effect": "claimant",
                }
            )
        analyses.append(
            {
                "entities": entities,
                "quantities": quantities,
                "dates": dates,
                "claimant": attribution.claimant,
                "claimant_named": is_named(attribution.claimant),
                "type": decision.type,
                "type_signals": decision.signals,
                "claimant_signals": claimant_signals,
                "non_claim": non_claim_reason(text),
            }
        )

    scored = score_drafts(base_scores=base_scores, analyses=analyses)
    drafts = []
    for sentence, analysis, (final, score_signals) in zip(sentences, analyses, scored, strict=True):
        checkworthy = final >= threshold and analysis["non_claim"] is None
        explained = explain_all or checkworthy
        signals = (
            score_signals
            + (_model_signals(sentence.text, checkworthiness) if explained else [])
            + analysis["type_signals"]
            + analysis["claimant_signals"]
        )
        drafts.append(
            SentenceDraft(
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                type=analysis["type"],
                checkworthiness=final,
                claimant=analysis["claimant"],
                entities=_shifted(analysis["entities"], sentence.start),
                quantities=_shifted(analysis["quantities"], sentence.start),
                dates=_shifted(analysis["dates"], sentence.start),
                signals=signals,
                checkworthy=checkworthy,
            )
        )
    return drafts
