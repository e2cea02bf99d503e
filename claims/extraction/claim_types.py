"""The type of a claim sentence, with the signals that decided it.

Types: ``quantity``, ``quote``, ``event``, ``causal``, ``rule``,
``prediction``, ``opinion``, ``other``.  Each type has a detector (regex cues
plus what the other extractors found: quantities, dates, an attribution);
every detector that fires adds its type to ``labels`` (a sentence can be
numerical *and* causal), and the primary ``type`` is the first that fired in
this order of precedence:

    prediction > opinion > quote > quantity > causal > rule > event > other

(an attributed statement is first a quote: what is checked is that the
person said it; every declarative sentence is at least an event — "something
happened or is the case" — so ``other`` is left for non-claims).

Predictions and opinions come first because they change how the claim is
handled: they cannot be checked the way a fact can, so ``TYPE_WEIGHTS``
multiplies their check-worthiness down (the pipeline applies it):

    quantity, quote, event, causal, rule: 1.0
    prediction: 0.6   opinion: 0.5   other: 0.7

``non_claim_reason`` tells questions, headings and fragments apart; those are
never queued as claims whatever their score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# fmt: off
TYPES = ("quantity", "quote", "event", "causal", "rule", "prediction", "opinion", "other")
PRECEDENCE = ("prediction", "opinion", "quote", "quantity", "causal", "rule", "event", "other")
TYPE_WEIGHTS = {
    "quantity": 1.0, "quote": 1.0, "event": 1.0, "causal": 1.0, "rule": 1.0,
    "prediction": 0.6, "opinion": 0.5, "other": 0.7,
}
# fmt: on


def _words(*items: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(items) + r")\b", re.IGNORECASE)


# fmt: off
_PREDICTION = _words(
    r"will(?!\s+(?:of|power))", r"won[’']t", r"shall", r"going\s+to", r"[’']ll",
    r"(?:is|are|was|were)\s+(?:expected|likely|unlikely|set|poised|projected|forecast|due|bound)\s+to",
    r"forecasts?", r"predicts?", r"projected", r"in\s+the\s+coming\s+(?:days|weeks|months|years)",
    r"by\s+20[3-9]\d", r"soon\s+(?:be|become)", r"on\s+track\s+to",
)
_OPINION_STRONG = _words(
    r"I\s+(?:think|believe|feel|hope|guess|suppose)", r"we\s+(?:think|believe|feel|hope)",
    r"in\s+(?:my|our)\s+(?:view|opinion)", r"should(?:n[’']t)?", r"ought\s+to",
    r"(?:is|are)\s+against", r"calls?\s+for", r"in\s+favou?r\s+of", r"to\s+blame",
    r"it\s+is\s+(?:time|important|essential|wrong|right|shameful|absurd)",
)
_EVALUATIVE = _words(
    r"great", r"tremendous", r"terrible", r"horrible", r"wonderful", r"amazing", r"fantastic",
    r"disgraceful", r"shameful", r"ridiculous", r"beautiful", r"awful", r"disastrous",
    r"incredible", r"outrageous", r"pathetic", r"brilliant", r"stupid", r"crazy", r"evil",
    r"menace", r"hotbed", r"too\s+dangerous", r"undoubtedly", r"unacceptable",
)
_TREND = _words(
    r"increased", r"decreased", r"increases", r"decreases", r"rose", r"risen", r"fell",
    r"fallen", r"doubled", r"tripled", r"halved", r"grew", r"dropped", r"declined",
    r"surged", r"soared", r"plummeted", r"plunged", r"higher\s+than", r"lower\s+than",
    r"more\s+\w+\s+than", r"fewer\s+\w+\s+than", r"a\s+third\s+of", r"half\s+of",
    r"record\s+(?:high|low|number)", r"per\s+(?:week|month|year|day|capita)",
    r"ahead\s+of", r"compared\s+(?:to|with)", r"minority", r"majority",
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"\s+(?:most|least|largest|biggest|highest|lowest|best|worst)",
)
# Checked only when "than" occurs: the open-ended \w+er is slow to try everywhere.
_COMPARATIVE = re.compile(
    r"\b(?!(?:other|rather|later|earlier|whether|never|over|under|either|neither)\b)\w+er\s+"
    r"(?:\w+\s+){0,4}?than\b",
    re.IGNORECASE,
)
_CAUSAL = _words(
    r"because", r"due\s+to", r"caus(?:e|es|ed|ing)", r"leads?\s+to", r"led\s+to",
    r"result(?:s|ed)?\s+in", r"as\s+a\s+result", r"responsible\s+for", r"linked\s+to",
    r"contribut(?:es|ed|ing)\s+to", r"trigger(?:s|ed)?", r"prevent(?:s|ed)?", r"cures?",
    r"in\s+response\s+to", r"thanks\s+to", r"attributed\s+to", r"blamed?\s+(?:for|on)",
    r"(?:makes?|made)\s+(?:\w+\s+){1,4}(?:sick|ill|unsafe|susceptible|vulnerable|immune)",
    r"protects?\s+(?:\w+\s+)?(?:against|from)",
    r"effective\s+(?:against|in|at)", r"ineffective", r"stops?\s+the\s+spread",
    r"helps?\s+(?:to\s+)?(?:prevent|stop|reduce|create|fight)", r"reduces?\s+the\s+risk",
    r"so\s+that", r"therefore", r"consequently", r"over\s+\w+[’']s\s+(?:remarks|comments)",
    r"kills?", r"from\s+wearing", r"by\s+(?:wearing|drinking|eating|taking)",
)
_RULE = _words(
    r"law(?!\s+(?:school|firm|enforcement|student|professor))", r"laws", r"(?-i:bill)",
    r"(?-i:Act)", r"regulations?", r"ban(?:s|ning)?", r"illegal",
    r"unlawful", r"legal(?:ly)?", r"required\s+to",
    r"requires?\s+(?:that|all|every|people|anyone|everyone|employers|companies|citizens|voters)",
    r"mandatory", r"mandates?",
    r"permitted", r"allowed\s+to", r"prohibit(?:s|ed)?", r"fines?", r"penalty", r"penalties",
    r"polic(?:y|ies)", r"executive\s+order", r"constitution(?:al)?", r"rules", r"entitled\s+to",
    r"eligible", r"must", r"decree", r"ordinance", r"statute", r"treaty", r"sanctions?",
)
_BOILERPLATE = re.compile(
    r"^(?:click\s+here|read\s+more|follow\s+us|sign\s+up|subscribe|updated\b|photo:|"
    r"image:|credits?:|copyright|©|advertisement|share\s+this|related:|watch:|listen:|file\s+photo)",
    re.IGNORECASE,
)
# fmt: on


@dataclass(frozen=True)
class TypeDecision:
    type: str
    labels: tuple[str, ...]
    signals: list[dict[str, Any]] = field(default_factory=list)


def _sentence_case(label: str) -> str:
    return label[:1].upper() + label[1:]


def non_claim_reason(text: str) -> str | None:
    """Why ``text`` cannot be a claim (question, heading, fragment), or None."""
    stripped = text.strip().strip("\"“”'’‘ ")
    words = stripped.split()
    if len(words) < 4:
        return "fragment"
    if _BOILERPLATE.match(stripped):
        return "boilerplate"
    if stripped.endswith("?"):
        return "question"
    if not re.search(r"[.!?…:;\"”’)]$", text.strip()) and len(words) < 15:
        return "heading"
    if stripped.isupper():
        return "heading"
    return None


def _cue(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def classify(
    text: str,
    *,
    quantities: list[dict] | None = None,
    dates: list[dict] | None = None,
    claimant: str | None = None,
    direct_quote: bool | None = None,
    reported: bool = False,
    skip_non_claims: bool = True,
) -> TypeDecision:
    """The claim type of one sentence and every type whose cues are present.

    ``quantities``/``dates`` come from the extractors (found here when None);
    ``claimant`` and ``reported`` (a reporting verb or "according to" attributed
    the sentence) come from the claimant tracker.  ``skip_non_claims=False``
    types even a heading-like line (claims collected one per line, as in AVeriTeC).
    """
    from claims.extraction.claimants import has_direct_quote
    from claims.extraction.dates import find_dates
    from claims.extraction.quantities import find_quantities

    if dates is None:
        dates = find_dates(text, published=None)
    if quantities is None:
        quantities = find_quantities(text, taken=[(d["start"], d["end"]) for d in dates])
    if direct_quote is None:
        direct_quote = has_direct_quote(text)

    signals: list[dict[str, Any]] = []
    fired: dict[str, str] = {}

    if skip_non_claims and (reason := non_claim_reason(text)):
        return TypeDecision(
            "other",
            ("other",),
            [{"signal": "non_claim", "label": reason, "effect": "excludes"}],
        )

    if cue := _cue(_PREDICTION, text):
        fired["prediction"] = f"future or forecast wording: “{cue}”"
    if cue := _cue(_OPINION_STRONG, text):
        fired["opinion"] = f"belief, stance or recommendation: “{cue}”"
    amounts = [q for q in quantities if q["kind"] in {"count", "percent", "money", "duration"}]
    if amounts:
        fired["quantity"] = "states an amount: " + ", ".join(f"“{q['text']}”" for q in amounts[:3])
    elif (cue := _cue(_TREND, text)) or (" than " in text and (cue := _cue(_COMPARATIVE, text))):
        fired["quantity"] = f"states a change or comparison: “{cue}”"
    if claimant and (direct_quote or reported):
        fired["quote"] = f"attributed to {claimant}" + (
            " in quotation marks" if direct_quote else ""
        )
    elif direct_quote and reported:
        fired["quote"] = "quotation with a reporting verb"
    # Evaluative words alone make an opinion only when the article itself says
    # them; inside an attributed statement the checkable fact is who said it.
    if (
        (cue := _cue(_EVALUATIVE, text))
        and not ({"opinion", "quote"} & fired.keys())
        and not amounts
    ):
        fired["opinion"] = f"evaluative wording: “{cue}”"
    if cue := _cue(_CAUSAL, text):
        fired["causal"] = f"cause and effect: “{cue}”"
    if cue := _cue(_RULE, text):
        # "Act" and "Bill" as names need a capital; "law" and "ban" do not
        fired["rule"] = f"law, rule or requirement: “{cue}”"
    # Every declarative sentence states that something happened or is the case.
    fired["event"] = "something happened or is the case" + (
        f" (dated: “{dates[0]['text']}”)" if dates else ""
    )

    # A prediction inside a rule ("will receive a payment of £500") is the rule, and
    # "masks will stop the spread" is a causal claim, not a forecast.
    if "prediction" in fired and ({"rule", "causal"} & fired.keys()):
        del fired["prediction"]
    # An opinion held by a quoted person about a number is still the number.
    if "opinion" in fired and "quantity" in fired and amounts:
        del fired["opinion"]

    labels = tuple(t for t in PRECEDENCE if t in fired) or ("other",)
    primary = labels[0]
    for kind in labels:
        signals.append(
            {
                "signal": f"type:{kind}",
                "label": _sentence_case(fired.get(kind, "no claim cue")),
                "effect": "type" if kind == primary else "also",
            }
        )
    weight = TYPE_WEIGHTS[primary]
    if weight != 1.0:
        signals.append(
            {
                "signal": "type_weight",
                "label": f"A {primary} is not a checkable fact: score multiplied by {weight}",
                "effect": "lowers",
                "weight": weight,
            }
        )
    return TypeDecision(primary, labels, signals)
