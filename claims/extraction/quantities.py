"""Find and normalise the quantities a sentence states.

Regexes are the honest tool here: newsroom numbers come in a small set of
shapes ("about 6,000", "$4.5 million", "27%", "two days", "tens of thousands").
Each quantity is a JSON-able dict::

    {"text": "about 6,000 individuals", "start": 35, "end": 58,
     "value": 6000, "low": None, "high": None, "approximate": True,
     "kind": "count", "unit": "individuals"}

``start``/``end`` are offsets into the sentence.  ``kind`` is one of
``count``, ``percent``, ``money``, ``duration``, ``age``.  Vague amounts get a range
instead of a value; the documented ranges are:

    dozens → 24–96, hundreds → 200–900, thousands → 2,000–9,000,
    tens of thousands → 20,000–90,000, hundreds of thousands → 200,000–900,000,
    millions → 2,000,000–9,000,000 (and so on for billions).

i.e. "tens of X" / "Xs" is read as 2×X to 9×X.  Bounds keep the number as a
limit: "more than 225,000" → low 225000; "up to 500" → high 500.

Years, dates, ordinals used as dates and model names ("M4", "COVID-19") are
not quantities; the caller passes the spans already taken by dates.
"""

from __future__ import annotations

import re
from typing import Any

# fmt: off
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "half a million": 500_000,
    "a million": 1_000_000, "a billion": 1_000_000_000,
}
_SCALE = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
}
_VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
          "billions": 1_000_000_000}
_CURRENCY = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
             "dollars": "USD", "dollar": "USD", "pounds": "GBP", "euros": "EUR",
             "rupees": "INR", "yuan": "CNY", "rubles": "RUB", "roubles": "RUB"}
_DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade",
                   "century"}
_APPROX = {"about", "around", "roughly", "approximately", "nearly", "almost", "some",
           "an estimated", "estimated", "close to", "circa", "approx.", "~", "just under",
           "just over", "over", "more than", "at least", "less than", "fewer than",
           "up to", "under", "as many as", "as much as", "below", "above"}
_LOWER_BOUND = {"more than", "over", "at least", "above", "just over"}
_UPPER_BOUND = {"less than", "fewer than", "up to", "under", "as many as", "as much as",
                "below", "just under"}
# words that follow a number but are not its unit
_NOT_UNITS = {"and", "or", "to", "of", "in", "on", "at", "the", "a", "by", "for", "from",
              "with", "was", "were", "is", "are", "have", "has", "had", "who", "which",
              "that", "per", "than", "as", "said", "but", "while", "fewer", "more", "less",
              "times", "after", "before", "since", "ago", "each", "every", "this", "it"}
# fmt: on
_WORDNUM = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_APPROX_RE = "|".join(sorted((re.escape(w) for w in _APPROX), key=len, reverse=True))
_SCALE_RE = r"hundred|thousand|million|billion|trillion|bn|mn|tn|k|m|b"

_QUANTITY = re.compile(
    rf"""
    (?:(?P<approx>\b(?:{_APPROX_RE}))\s+)?
    (?:
        (?P<vague>(?:(?:tens|hundreds)\s+of\s+)?(?:dozens|hundreds|thousands|millions|billions))\b
      |
        (?P<currency>US\$|[$£€¥₹])?\s?
        (?:
            (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
          | (?P<word>\b(?:{_WORDNUM})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?\b)
        )
        (?:\s?(?P<scale>(?:{_SCALE_RE}))\b)?
        (?:\s?(?P<percent>%|percent\b|per\s+cent\b|percentage\s+points?\b))?
    )
    (?:\s+(?:of\s+)?(?P<unit>[A-Za-z][a-z-]+))?
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Cheap test first: most sentences have no digit and no number word at all.
_ANY_NUMBER = re.compile(
    r"\d|\b(?:"
    + "|".join(
        sorted(
            {w for k in _SMALL for w in k.split()} - {"a", "half"}
            | set(_VAGUE)
            | set(_SCALE) - {"k", "m", "b"}
        )
    )
    + r"|half)\b",
    re.IGNORECASE,
)


def _word_value(word: str) -> float | None:
    word = word.lower().replace("-", " ")
    if word in _SMALL:
        return _SMALL[word]
    parts = word.split()
    if len(parts) == 2 and parts[0] in _SMALL and parts[1] in _SMALL:
        return _SMALL[parts[0]] + _SMALL[parts[1]]
    return None


def _vague_range(phrase: str) -> tuple[int, int]:
    words = phrase.lower().split()
    base = _VAGUE[words[-1]]
    if words[0] == "tens":
        base *= 10
    elif words[0] == "hundreds" and len(words) > 1:
        base *= 100
    return 2 * base, 9 * base


def _looks_like_year(text: str, number: str, start: int, end: int) -> bool:
    if not re.fullmatch(r"1[5-9]\d\d|20\d\d", number):
        return False
    after = text[end : end + 12].lower()
    return not re.match(r"\s?(%|percent|people|individuals|troops|deaths|cases|votes|jobs)", after)


def find_quantities(
    text: str, *, taken: list[tuple[int, int]] | None = None
) -> list[dict[str, Any]]:
    """Quantities in one sentence; ``taken`` are spans (e.g. dates) to skip."""
    if not _ANY_NUMBER.search(text):
        return []
    taken = taken or []
    found: list[dict[str, Any]] = []
    for match in _QUANTITY.finditer(text):
        core_start = (
            match.start("vague")
            if match.group("vague")
            else (
                match.start("currency")
                if match.group("currency")
                else match.start("number")
                if match.group("number")
                else match.start("word")
            )
        )
        if any(a <= core_start < b for a, b in taken):
            continue
        number, word, vague = match.group("number"), match.group("word"), match.group("vague")
        # glued to letters: "M4", "COVID-19", "G7" are names, not amounts
        if (
            number
            and core_start > 0
            and (text[core_start - 1].isalpha() or text[core_start - 1] == "-")
        ):
            continue
        if (
            number
            and match.end("number") < len(text)
            and text[match.end("number")].isalpha()
            and not match.group("scale")
            and not match.group("percent")
        ):
            continue
        before = text[:core_start].rstrip()
        # "the two look…": a word number after "the" is a reference, not an amount
        if word and re.search(r"\b(?:the|these|those|all)$", before, re.IGNORECASE):
            continue
        if number and re.search(r"covid[\s-]?$", text[:core_start], re.IGNORECASE):
            continue  # "covid 19"
        # "Resistance 2.0", "Windows 10", "Apollo 11": part of a name
        if (
            number
            and not match.group("unit")
            and not match.group("percent")
            and re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z]+[\"”]?$", before)
            and not match.group("approx")
        ):
            continue
        approx = (match.group("approx") or "").lower() or None
        scale = (match.group("scale") or "").lower() or None
        unit = match.group("unit")
        currency = match.group("currency")
        percent = match.group("percent")
        if (
            number
            and not (currency or percent or scale)
            and _looks_like_year(text, number, match.start("number"), match.end("number"))
        ):
            continue
        if scale in {"m", "b", "k"} and not currency:
            scale = None  # "6 m" is metres, "b" a letter: only trust short scales after a currency
        value: float | None
        low = high = None
        if vague:
            value = None
            low, high = _vague_range(vague)
        else:
            value = float(number.replace(",", "")) if number else _word_value(word or "")
            if value is None:
                continue
            if scale:
                value *= _SCALE[scale]
        kind = "count"
        if re.match(r"[-\s]years?[-\s]old", text[match.end("number" if number else "word") :]):
            kind = "age"  # "an 18-year-old man": describes someone, is not the claim's amount
        currency_word = False
        if unit and unit.lower() in _CURRENCY and not currency:
            currency, unit, currency_word = unit, None, True
        if currency:
            kind = "money"
        elif percent:
            kind = "percent"
        elif unit and unit.lower().rstrip("s") in _DURATION_UNITS:
            kind = "duration"
        if unit and (unit.lower() in _NOT_UNITS or unit.lower() in _SCALE):
            unit = None
        unit_word = unit  # the noun that follows, if it is one
        if word and word.lower() == "one" and not unit_word:
            continue  # "one of", "no one": rarely an amount
        if percent:
            unit = "percentage points" if "point" in percent.lower() else "percent"
        elif currency:
            unit = _CURRENCY.get(currency, _CURRENCY.get(currency.lower(), currency))
        elif unit and kind == "duration":
            unit = unit.lower().rstrip("s") + "s"
        if approx in _LOWER_BOUND and value is not None:
            low = value
        elif approx in _UPPER_BOUND and value is not None:
            high = value
        end = (
            match.end("unit")
            if unit_word or currency_word
            else match.end(
                "percent"
                if percent
                else "scale"
                if match.group("scale")
                else "vague"
                if vague
                else "number"
                if number
                else "word"
            )
        )
        value, low, high = (
            int(v) if isinstance(v, float) and v == int(v) else v for v in (value, low, high)
        )
        start = (
            match.start() + len(text[match.start() : end]) - len(text[match.start() : end].lstrip())
        )
        found.append(
            {
                "text": text[start:end],
                "start": start,
                "end": end,
                "value": value,
                "low": low,
                "high": high,
                "approximate": bool(vague) or approx is not None,
                "kind": kind,
                "unit": unit,
            }
        )
    return found
