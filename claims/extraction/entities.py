"""People, organisations and places from capitalised spans.

No trained NER model is available offline, so this is deliberately simple and
honest: a run of capitalised words (allowing "of", "for", "de", "al" inside) is
a candidate; sentence-initial function words, months and weekdays are dropped;
a label is given only when a cue makes it likely, otherwise ``label`` is null:

* ``person`` — preceded by a title ("Foreign Minister", "President", "Dr."),
  or the subject of a reporting verb ("Lavrov said"), or a two/three-word name
  with no organisation or place word in it and no article before it;
* ``organisation`` — contains an organisation word ("Ministry", "Post",
  "News", "Party", "Alliance"…) or is an all-capitals acronym that is not a
  country code;
* ``place`` — a country name or time-zone city known to ``pytz`` (Kabul,
  Moscow…), or contains a place word ("Valley", "Province", "River"…).

Each entity is ``{"text", "start", "end", "label", "name"}`` with offsets into
the sentence; ``name`` is the text with titles and a possessive "'s" removed
("Russian Foreign Minister Sergei Lavrov" → "Sergei Lavrov").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pytz

# fmt: off
# Words that are capitalised only because they start a sentence or clause.
_FUNCTION_WORDS = {
    "a", "an", "the", "in", "on", "at", "since", "while", "when", "however", "but", "and",
    "or", "if", "as", "after", "before", "during", "many", "his", "her", "their", "its",
    "our", "my", "your", "he", "she", "it", "they", "we", "i", "you", "this", "that",
    "these", "those", "there", "here", "from", "to", "for", "with", "by", "of", "under",
    "now", "then", "so", "yet", "also", "still", "some", "most", "all", "no", "not", "one",
    "both", "each", "every", "what", "who", "why", "how", "where", "which", "although",
    "though", "because", "despite", "meanwhile", "moreover", "according", "until", "once",
    "even", "just", "only", "more", "less", "last", "next", "earlier", "later", "today",
    "yesterday", "over", "about", "among", "between", "into", "do", "does", "did", "is",
    "are", "was", "were", "be", "will", "would", "can", "could", "should", "may", "might",
    "must", "mr", "mrs", "ms", "spoiler", "yes", "updated", "read", "click", "photo",
}
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}
TITLES = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "interior",
    "secretary", "senator", "sen", "rep", "representative", "governor", "gov", "mayor",
    "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant",
    "commander", "admiral", "chancellor", "king", "queen", "prince", "princess", "sheikh",
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "lord",
    "lady", "judge", "justice", "chief", "deputy", "assistant", "acting", "former", "first",
    "ousted", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "director",
    "chairman", "chairwoman", "chair", "ceo", "founder", "pope", "cardinal", "bishop",
    "rabbi", "imam", "mullah", "ayatollah", "speaker", "leader", "negotiator", "officer",
    "official", "adviser", "advisor", "attorney", "state", "health", "finance", "senior",
    "mp", "mep", "frist", "the", "late", "candidate", "congressman", "congresswoman",
    "white", "house", "coronavirus", "national", "security", "surgeon", "press", "cabinet",
    "jr", "st", "saint", "host", "anchor", "columnist", "correspondent", "analyst",
}
# fmt: on
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|an|i|ic)$")
# fmt: off
ORG_WORDS = {
    "party", "ministry", "department", "organization", "organisation", "agency", "council",
    "post", "news", "times", "journal", "group", "company", "inc", "corp", "corporation",
    "ltd", "llc", "university", "institute", "institut", "alliance", "army", "forces",
    "force", "bank", "association", "committee", "commission", "center", "centre",
    "service", "services", "court", "congress", "senate", "parliament", "union",
    "foundation", "network", "press", "reuters", "tribune", "herald", "guardian",
    "television", "radio", "office", "administration", "government", "police",
    "navy", "taliban", "nato", "cdc", "who", "fbi", "cia", "pentagon", "kremlin",
    "school", "college", "hospital", "club", "federation", "board", "bureau", "fund",
    "cabinet", "campaign", "movement", "front", "brigade", "militia", "church", "league",
    "coalition", "assembly", "laboratory", "lab", "labs", "research", "project", "science",
    "nature", "lancet",
}
_PLACE_WORDS = {
    "valley", "province", "river", "mountains", "mountain", "city", "county", "state",
    "island", "islands", "sea", "ocean", "lake", "street", "square", "district", "region",
    "republic", "kingdom", "gulf", "bay", "desert", "coast", "airport", "border", "strait",
    "peninsula", "park", "hill", "hills",
}
# fmt: on
_COUNTRY_CODES = {"US", "U.S.", "UK", "U.K.", "UAE", "USA", "EU", "DRC", "PRC"}
_REPORTING_AFTER = re.compile(
    r"^\s+(?:has\s+|had\s+|also\s+)?(?:said|says|told|stated|wrote|added|claimed|argued|"
    r"warned|announced|insisted|noted|explained|tweeted|declared|indicated|vowed|promised)\b"
)

_COMMON_SHAPE = re.compile(r"(?:al|ly|ed|ing|ous|ive|ful|ment|ness|ion|ity|ers|es)$")
_CAP_WORD = r"(?:[A-Z][\w’'.\-]*[\w.]|[A-Z])"
_CONNECTOR = r"(?:of|for|de|del|da|al|bin|van|von|der|la|le|and\s+the|the)"
_SPAN = re.compile(rf"(?<![\w\-’'])(?!I[’']\w)({_CAP_WORD})(?:\s+(?:{_CONNECTOR}\s+)?{_CAP_WORD})*")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    names = {name.lower() for name in pytz.country_names.values()}
    for zone in pytz.all_timezones:
        if "/" in zone:
            names.add(zone.rsplit("/", 1)[1].replace("_", " ").lower())
    names |= {
        "us",
        "u.s.",
        "uk",
        "u.k.",
        "usa",
        "america",
        "united states",
        "britain",
        "washington",
        "gaza",
        "panjshir",
        "wuhan",
        "europe",
        "africa",
        "asia",
        "middle east",
        "new york",
        "california",
        "texas",
        "florida",
    }
    return frozenset(names)


def strip_title(words: list[str]) -> list[str]:
    """Drop leading titles and demonyms: "Russian Foreign Minister Sergei Lavrov" → [Sergei, Lavrov]."""
    cleaned = [w.rstrip(".") for w in words]
    last_title = -1
    for index, word in enumerate(cleaned[:-1]):
        lowered = word.lower()
        if lowered in TITLES or (
            _DEMONYM.match(word)
            and index + 1 < len(cleaned)
            and cleaned[index + 1].lower() in TITLES
        ):
            last_title = index
    return words[last_title + 1 :]


def _possessive_free(text: str) -> str:
    return re.sub(r"(?:’s|'s|’|')$", "", text)


def _label(words: list[str], *, before: str, after: str, titled: bool) -> str | None:
    lowered = [w.lower().rstrip(".") for w in words]
    joined = " ".join(lowered)
    if any(w in ORG_WORDS for w in lowered) or (
        len(words) == 1 and re.fullmatch(r"[A-Z]{2,6}", words[0]) and words[0] not in _COUNTRY_CODES
    ):
        return "organisation"
    if (
        joined in _places()
        or (len(words) == 1 and words[0] in _COUNTRY_CODES)
        or any(w in _PLACE_WORDS for w in lowered[1:])
    ):
        return "place"
    if titled or _REPORTING_AFTER.match(after):
        return "person" if not before.rstrip().lower().endswith("the") else None
    if (
        2 <= len(words) <= 3
        and not before.rstrip().lower().endswith("the")
        and all(re.fullmatch(r"[A-Z][\w’'\-]+", w) and not w.isupper() for w in words)
    ):
        return "person"
    return None


def find_entities(sentence: str) -> list[dict[str, Any]]:
    """Capitalised spans of one sentence, labelled when a cue is present."""
    entities: list[dict[str, Any]] = []
    for match in _SPAN.finditer(sentence):
        start, text = match.start(), match.group()
        words = text.split()
        # drop function words and calendar words at the edges
        while words and (
            re.sub(r"(?:[’']s?|\.)$", "", words[0].lower()) in _FUNCTION_WORDS
            or words[0].lower().rstrip(".") in _CALENDAR
            or words[0].lower() in {"of", "for", "de", "the", "and"}
        ):
            start = sentence.index(words[0], start) + len(words[0])
            words = words[1:]
        while words and (
            words[-1].lower().rstrip(".") in _CALENDAR
            or words[-1].lower() in {"of", "for", "de", "the", "and"}
        ):
            words = words[:-1]
        if not words:
            continue
        start = sentence.index(words[0], start)
        end = sentence.index(words[-1], start) + len(words[-1])
        if words[-1].endswith(".") and "." not in words[-1][:-1] and len(words[-1]) > 3:
            end -= 1  # a full stop, not an abbreviation like "U.S."
            words[-1] = words[-1][:-1]
        text = sentence[start:end]
        if re.fullmatch(r"[A-Z]", text) or text.lower() in _CALENDAR:
            continue
        if (
            len(words) == 1
            and not sentence[:start].strip(" \"“‘'(")
            and _COMMON_SHAPE.search(words[0])
        ):
            continue  # "Social media…", "Armed groups…": capitalised only as the first word
        core = strip_title(words)
        titled = len(core) < len(words)
        core[-1] = _possessive_free(core[-1])
        if not core[-1]:
            continue
        label = _label(core, before=sentence[:start], after=sentence[end:], titled=titled)
        entities.append(
            {
                "text": text,
                "start": start,
                "end": end,
                "label": label,
                "name": " ".join(core) if label == "person" else _possessive_free(text),
            }
        )
    return entities
