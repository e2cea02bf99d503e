"""Find dates in a sentence and resolve them against the publication date.

Regexes find the spans (``dateparser.search_dates`` mangles "Sept. 5"), then
explicit calendar dates are normalised with ``dateparser.parse`` and relative
ones ("on Sunday", "in May", "last year") with plain calendar arithmetic
against the article's publication date:

* a weekday means the most recent such day on or before publication
  ("on Sunday" in an article of Thursday 2021-08-19 → 2021-08-15), or the next
  one when the sentence speaks of the future ("will meet on Friday", "next Friday");
* a month without a year is the most recent such month (the month of
  publication included);
* a decade ("the 1990s", "1990's") and a bare year are ranges;
* "two days before September 11, 2001" finds the anchor date and applies the offset.

Each date is a JSON-able dict with offsets into the sentence::

    {"text": "on Sunday", "start": 60, "end": 69, "date": "2021-08-15",
     "range": ["2021-08-15", "2021-08-15"], "granularity": "day"}

``date`` is null when the expression is a range (month, year, decade) or
cannot be resolved without a publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any

import dateparser

# fmt: off
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
             r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"
# fmt: on
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR_RE}-[01]\d-[0-3]\d\b")),
    # September 5, 2019 / Sept. 5 / 5 September 2019 / 13th October 2020
    ("month_day", re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE}\b)?")),
    ("month_year", re.compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?{_YEAR_RE}\b")),
    ("decade", re.compile(r"\b(?:the\s+)?(?:1[5-9]|20)\d0(?:'|’)?s\b")),
    (
        "weekday",
        re.compile(
            r"\b(?:(?:last|next|this|on|since|until|by)\s+)?"
            r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?:in|since|until|by|last|next|this|early|late|mid-?)\s+"
            r"(?:January|February|March|April|May|June|July|August|September|"
            r"October|November|December)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:yesterday|today|tomorrow|(?:last|next|this)\s+"
            r"(?:week|month|year))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?:in|since|until|by|of|from|during|before|after|to)\s+"
            rf"(?:the\s+year\s+)?({_YEAR_RE})\b(?!['’]?s)(?![-/]\d)"
        ),
    ),
]
_OFFSET = re.compile(
    r"\b(?:just\s+|only\s+)?(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>before|after|earlier|later|prior\s+to)\s*$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|going to|next|upcoming|scheduled|plans? to)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _parse(text: str) -> dt.date | None:
    parsed = dateparser.parse(
        text.replace("Sept.", "Sep.").replace("Sept ", "Sep "),
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def _month_of(text: str) -> int:
    return next(_MONTHS[w.lower()] for w in re.findall(r"[A-Za-z]+", text) if w.lower() in _MONTHS)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _entry(
    text: str,
    start: int,
    end: int,
    *,
    day: dt.date | None = None,
    low: dt.date | None = None,
    high: dt.date | None = None,
    granularity: str = "day",
) -> dict[str, Any]:
    if day is not None:
        low = high = day
    return {
        "text": text,
        "start": start,
        "end": end,
        "date": _iso(day) if day else None,
        "range": [_iso(low), _iso(high)] if low and high else None,
        "granularity": granularity,
    }


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _resolve(
    kind: str, match: re.Match[str], sentence: str, published: dt.date | None
) -> dict[str, Any] | None:
    text, start, end = match.group(), match.start(), match.end()
    lowered = text.lower()
    future = bool(_FUTURE.search(sentence)) or lowered.startswith("next")
    if kind == "iso":
        return _entry(text, start, end, day=dt.date.fromisoformat(text))
    if kind in {"month_day", "day_month"}:
        if re.search(_YEAR_RE + r"\b", text[-4:] + " "):
            day = _parse(text)
            return _entry(text, start, end, day=day) if day else None
        if published is None:
            return _entry(text, start, end)
        day_number = int(re.search(r"\d+", text).group())
        month = _month_of(text)
        year = published.year
        try:
            day = dt.date(year, month, day_number)
            if day > published and not future:
                day = dt.date(year - 1, month, day_number)
        except ValueError:
            return None
        return _entry(text, start, end, day=day)
    if kind == "month_year":
        month = _month_of(text)
        year = int(re.search(_YEAR_RE, text).group())
        low, high = _month_range(year, month)
        return _entry(text, start, end, low=low, high=high, granularity="month")
    if kind == "decade":
        year = int(re.search(r"\d{4}", text).group())
        return _entry(
            text,
            start,
            end,
            low=dt.date(year, 1, 1),
            high=dt.date(year + 9, 12, 31),
            granularity="decade",
        )
    if kind == "year":
        year = int(match.group(1))
        return _entry(
            match.group(1),
            match.start(1),
            match.end(1),
            low=dt.date(year, 1, 1),
            high=dt.date(year, 12, 31),
            granularity="year",
        )
    if published is None:
        return _entry(text, start, end, granularity="day" if kind != "month" else "month")
    if kind == "weekday":
        weekday = _WEEKDAYS.index(re.search(r"[A-Z][a-z]+day", text).group().lower())
        if future:
            ahead = (weekday - published.weekday()) % 7 or 7
            day = published + dt.timedelta(days=ahead)
        else:
            day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
            if lowered.startswith("last") and day == published:
                day -= dt.timedelta(days=7)
        return _entry(text, start, end, day=day)
    if kind == "month":
        month = _MONTHS[lowered.split()[-1]]
        year = published.year
        if lowered.startswith("next") or (future and month > published.month):
            year = year if month > published.month else year + 1
        elif month > published.month or (lowered.startswith("last") and month == published.month):
            year -= 1
        low, high = _month_range(year, month)
        return _entry(text, start, end, low=low, high=high, granularity="month")
    if kind == "relative":
        if lowered in {"yesterday", "today", "tomorrow"}:
            delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[lowered]
            return _entry(text, start, end, day=published + dt.timedelta(days=delta))
        step = {"last": -1, "this": 0, "next": 1}[lowered.split()[0]]
        unit = lowered.split()[-1]
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
            return _entry(
                text, start, end, low=monday, high=monday + dt.timedelta(days=6), granularity="week"
            )
        if unit == "month":
            pivot = _shift(published.replace(day=1), step, "month")
            low, high = _month_range(pivot.year, pivot.month)
            return _entry(text, start, end, low=low, high=high, granularity="month")
        year = published.year + step
        return _entry(
            text,
            start,
            end,
            low=dt.date(year, 1, 1),
            high=dt.date(year, 12, 31),
            granularity="year",
        )
    return None


def find_dates(sentence: str, *, published: dt.date | None) -> list[dict[str, Any]]:
    """Dates in one sentence, resolved against ``published`` where needed."""
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            entry = _resolve(kind, match, sentence, published)
            if entry is None:
                continue
            taken.append((match.start(), match.end()))
            offset = _OFFSET.search(sentence[: entry["start"]])
            if offset and entry["date"]:
                amount = _NUMBER_WORDS.get(offset.group("n").lower()) or int(offset.group("n"))
                sign = 1 if offset.group("dir").lower() in {"after", "later"} else -1
                anchor = entry["date"]
                shifted = _shift(dt.date.fromisoformat(anchor), sign * amount, offset.group("unit"))
                entry = _entry(
                    sentence[offset.start() : entry["end"]],
                    offset.start(),
                    entry["end"],
                    day=shifted,
                )
                entry["anchor"] = anchor
            found.append(entry)
    found.sort(key=lambda item: item["start"])
    return found
