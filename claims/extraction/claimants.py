"""Who the article says made a claim.

Reads an article's sentences in order and, for each, finds the attribution
the text gives, with regexes over a few shapes newsrooms use:

* reporting verbs after their subject: "Lavrov told reporters", "Massoud stated
  that…", "Ahmad Massoud wrote in an op-ed…", "the militant group said on Twitter";
* inverted attribution: '"…," said Lavrov';
* "according to X";
* a sentence that is entirely a quotation continues the previous speaker;
* pronouns ("he stated", "she said") point back to the last named person the
  text was about (the last named speaker, or a person who is the subject of a
  sentence).

Names are reported in full as first mentioned, without titles: "Russian Foreign
Minister Sergei Lavrov" → "Sergei Lavrov", and a later "Lavrov" or "Massoud"
is resolved to the first full name ending in that word.  A generic group
("the militant group", "the group") is resolved to the organisation the
article has mentioned most so far (in the seed: the Taliban).  When nothing
attributes the sentence the claimant is ``None``: the article itself asserts it.

Everything here is plain Python (no Django), used by the pipeline and by the
``evaluate_claimants`` command.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from claims.extraction.entities import ORG_WORDS, TITLES, find_entities, strip_title

# fmt: off
REPORTING_VERBS = (
    "said", "says", "say", "told", "tells", "tell", "stated", "states", "wrote", "writes",
    "added", "adds", "claimed", "claims", "claim", "argued", "argues", "argue", "warned",
    "warns", "warn", "announced", "announces", "insisted", "insists", "insist", "noted",
    "notes", "explained", "explains", "tweeted", "tweets", "posted", "declared", "declares",
    "indicated", "indicates", "vowed", "vows", "promised", "promises", "suggested",
    "suggests", "suggest", "asserted", "asserts", "alleged", "alleges", "allege",
    "maintained", "maintains", "maintain", "acknowledged", "acknowledges", "admitted",
    "admits", "confirmed", "confirms", "confirm", "denied", "denies", "deny", "reported",
    "reports", "estimated", "estimates", "estimate", "predicted", "predicts", "predict",
    "believes", "believe", "believed", "thinks", "think", "contended", "contends",
    "stressed", "stresses", "emphasized", "emphasised", "emphasizes", "observed",
    "remarked", "recalled", "replied", "responded", "countered", "concluded", "concludes",
    "conclude", "found", "finds", "find", "accused", "accuses", "urged", "urges",
    "cautioned", "testified", "revealed", "reveals", "disclosed", "conceded", "boasted",
    "complained", "speculated", "theorized", "theorised", "hypothesized", "proposed",
    "promoted", "promotes", "promoting", "advised", "advises", "advise", "recommended",
    "recommends", "recommend", "attributed", "cited", "cites", "peddled", "pushed",
    "spread the idea", "made it clear", "makes it clear", "has determined", "have determined",
    "determined", "shared a claim", "shared claims", "circulated",
)
# fmt: on
_VERB_RE = re.compile(
    r"\b(?P<verb>"
    + "|".join(sorted((re.escape(v) for v in REPORTING_VERBS), key=len, reverse=True))
    + r")\b(?!\s+(?:of|by)\b)"
)
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?P<source>[^,.;:()\"“”]+)"
    r"|^(?:From|Per)\s+(?P<opening>(?:the\s+)?[A-Z][^,.;:()\"“”]{1,60}),\s*[\"“]",
    re.IGNORECASE,
)
_AUXILIARY = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|repeatedly|reportedly|both|then|later|once|"
    r"again|earlier|further|recently|publicly|already|never|did|does|do|not|has\s+long|"
    r"have\s+long|would|will|could|may|might|to|only|just|now|still|even|simply|actually|"
    r"often|usually|generally|widely|strongly|firmly|openly|falsely|wrongly|baselessly|"
    r"initially|first|last|later|subsequently|also))+\s*$",
    re.IGNORECASE,
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|can|should|did|do|does|"
    r"been|being|be|if|because|when|while|than)\b",
    re.IGNORECASE,
)
# fmt: off
_DETERMINERS = {
    "the", "a", "an", "his", "her", "their", "its", "our", "some", "many", "most", "several",
    "other", "these", "those", "both", "all", "two", "three", "four", "few", "one", "another",
    "each", "various", "numerous", "multiple", "top", "senior", "leading", "us", "u.s.",
}
_SUBJECT_FILLER = {"and", "but", "so", "then", "also", "now", "later", "yet", "still", "even",
                   "however", "meanwhile", "instead"}
_NOT_SUBJECT_END = {"the", "a", "an", "of", "to", "in", "on", "for", "with", "by", "at", "from",
                    "that", "which", "who", "it", "this", "these", "those", "such", "what",
                    "and", "or", "as", "not", "no", "i", "we", "you", "me", "us", "them", "him"}
# fmt: on
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group"}
_GENERIC_GROUP = re.compile(
    r"^the\s+(?:\w+\s+)?(?:group|movement|militants|organi[sz]ation|insurgents|militia|"
    r"company|firm|agency|ministry|government|administration|authorities|party|campaign)$",
    re.IGNORECASE,
)
_NOUN_LIKE = {
    "claim",
    "claims",
    "reports",
    "estimates",
    "finds",
    "notes",
    "promises",
    "warns",
    "states",
    "tweets",
    "find",
    "estimate",
    "report",
    "tells",
}
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|this|that|these|those|such|his|her|their|its|our|false|baseless|new)"
    r"(?:\s+[\w\-]+)?\s+$",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r"^(?:the|a|an|his|her|its|their|who|which|known|now|then|once|former|one|also|"
    r"[a-z]+ed)\b"
)
_INVERTING_VERBS = {
    "said",
    "says",
    "added",
    "wrote",
    "stated",
    "noted",
    "told",
    "explained",
    "argued",
    "insisted",
    "warned",
    "asked",
    "continued",
}
_INVERTED_SUBJECT = re.compile(
    r"\s+((?:[a-z]+\s+){0,3}(?:[A-Z][\w’'.\-]+\s+){0,5}[A-Z][\w’'\-]+|the\s+[\w\s]{2,40}?)"
    r"(?=[,.;]|\s+(?:in|on|at|to|during)\b|$)"
)
_CALENDAR = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
# "In October, Trump was…": the subject follows a short opening phrase.
_OPENING_PHRASE = re.compile(
    r"^(?:In|On|At|After|Before|Since|During|Last|This|By|Earlier|Later|Then|Now|Meanwhile)\b"
    r"[^,]{0,40},\s*"
)
_OPEN_QUOTES = '"“”'
_QUOTE_SPAN = re.compile(r"[\"“]([^\"“”]*)(?:[\"”]|$)")


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (an unclosed quote runs to the end)."""
    return [
        (m.start(), m.end()) for m in _QUOTE_SPAN.finditer(sentence) if len(m.group(1).split()) >= 1
    ]


def is_quotation(sentence: str) -> bool:
    """The sentence is (almost) entirely a quotation."""
    stripped = sentence.strip()
    if not stripped or stripped[0] not in _OPEN_QUOTES:
        return False
    inside = sum(b - a for a, b in quoted_spans(stripped))
    return inside >= 0.85 * len(stripped)


def has_direct_quote(sentence: str) -> bool:
    """Quoted words (three or more) appear in the sentence."""
    return any(len(sentence[a:b].split()) >= 3 for a, b in quoted_spans(sentence))


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    cue: str | None  # reporting_verb, inverted, according_to, quote_continuation
    verb: str | None = None
    mention: str | None = None  # the words in the sentence that name the claimant
    resolved_from: str | None = None  # pronoun or group the claimant was resolved from


@dataclass
class ClaimantTracker:
    """Attributes sentences one after another, remembering speakers and names."""

    names: list[str] = field(default_factory=list)
    organisations: Counter[str] = field(default_factory=Counter)
    salient_person: str | None = None
    last_speaker: str | None = None
    sentences_since_speaker: int = 99

    # -- names ---------------------------------------------------------
    def _remember(self, entities: list[dict]) -> None:
        for entity in entities:
            name = entity["name"]
            if entity["label"] == "organisation":
                self.organisations[name] += 1
            elif entity["label"] == "person" and len(name.split()) >= 2 and name not in self.names:
                self.names.append(name)

    def full_name(self, name: str) -> str:
        """The first full name mentioned that ends with (or contains) ``name``."""
        words = name.split()
        if len(words) == 1:
            for known in self.names:
                if known.split()[-1] == name:
                    return known
            for known in self.names:
                if name in known.split():
                    return known
        return name

    # -- subjects ------------------------------------------------------
    def _clean_subject(self, chunk: str) -> str | None:
        chunk = _AUXILIARY.sub("", chunk).strip(" ,;:-—–")
        chunk = re.sub(r"^[\"“”‘’']+|[\"“”‘’']+$", "", chunk).strip()
        words = chunk.split()
        while words and words[0].lower() in _SUBJECT_FILLER:
            words = words[1:]
        if not words or len(words) > 9:
            # a long stretch: keep only a trailing capitalised name, if any
            tail = re.search(r"((?:[A-Z][\w’'.\-]+\s+){0,4}[A-Z][\w’'\-]+)$", chunk)
            if not tail or len(chunk.split()) > 30:
                return None
            words = tail.group(1).split()
        subject = " ".join(words)
        if (
            words[-1].lower() in _NOT_SUBJECT_END
            and not words[-1].isupper()
            and subject.lower() not in _PRONOUNS
        ):
            return None
        if _FINITE.search(subject):
            return None
        first = words[0]
        if not (
            first[0].isupper()
            or first.lower() in _DETERMINERS
            or first.lower() in _PRONOUNS
            or (first.islower() and first.endswith("s"))
        ):
            return None
        return subject

    def _resolve(self, subject: str) -> tuple[str | None, str | None]:
        """(claimant, resolved_from) for a subject phrase."""
        lowered = subject.lower()
        if lowered in _PRONOUNS:
            if _PRONOUNS[lowered] == "person":
                return self.salient_person, lowered
            return (
                self.last_speaker
                if self.last_speaker and self.last_speaker not in self.names
                else None
            ), lowered
        if _GENERIC_GROUP.match(subject) and self.organisations:
            return self.organisations.most_common(1)[0][0], subject
        words = subject.split()
        if len(words) > 1 and words[0] in {"the", "The"} and words[1][0].isupper():
            words = words[1:]
        # "Fox News primetime host Tucker Carlson": the trailing name
        trailing = re.search(r"(?:^|\s)((?:[A-Z][\w’'\-]+\s+)+[A-Z][\w’'\-]+)$", " ".join(words))
        if trailing and any(w[0].islower() for w in words) and " of " not in " ".join(words):
            words = trailing.group(1).split()
        if all(w[0].isupper() for w in words if w.lower() not in {"of", "for", "and", "de"}):
            if words[-1].lower() in ORG_WORDS:
                return " ".join(words), None  # an organisation keeps its whole name
            stripped = strip_title(words)
            stripped[-1] = re.sub(r"(?:’s|'s)$", "", stripped[-1])
            if stripped and stripped[0] in {"The", "the"} and len(stripped) > 1:
                stripped = stripped[1:]
            name = " ".join(stripped)
            if len(stripped) == 1:
                return self.full_name(name), None
            return name, None
        return subject, None

    def _from_verb(self, sentence: str, quotes: list[tuple[int, int]]) -> Attribution | None:
        for match in _VERB_RE.finditer(sentence):
            verb = match.group("verb")
            if any(a < match.start() < b for a, b in quotes):
                continue
            prefix = sentence[: match.start()]
            if re.search(r"\bto\s+$", prefix):
                continue  # "to say", "to tell whether": not a report
            if verb in _NOUN_LIKE and _NOUN_BEFORE.search(prefix):
                continue  # "a baseless claim that", "the reports"
            boundary = max(prefix.rfind(mark) for mark in (",", ";", ":", "”", '"', "—", "(", ")"))
            chunk = prefix[boundary + 1 :] if boundary >= 0 else prefix
            chunk = re.sub(
                r"^.*\b(?:that|because|as|since|while|when|after|before|if|but|although|though|"
                r"who|which)\s+",
                "",
                chunk,
            )
            if not chunk.strip() or not _AUXILIARY.sub("", chunk).strip():
                after = _INVERTED_SUBJECT.match(sentence[match.end() :])
                if after and verb in _INVERTING_VERBS:
                    subject = after.group(1)
                    claimant, resolved = self._resolve(subject)
                    return Attribution(claimant, "inverted", verb, subject, resolved)
                chunk = self._before_apposition(prefix) or ""
                if not chunk:
                    continue
            subject = self._clean_subject(chunk)
            if subject is None:
                continue
            claimant, resolved = self._resolve(subject)
            return Attribution(claimant, "reporting_verb", verb, subject, resolved)
        return None

    @staticmethod
    def _before_apposition(prefix: str) -> str | None:
        """The subject of "Mike Ryan, the WHO's expert, said" or "One local, Johan Mattsson, told"."""
        prefix = _AUXILIARY.sub("", prefix)  # "X, a spokesman, has repeatedly promoted"
        parts = [p for p in prefix.split(",") if p.strip()]
        if len(parts) < 2:
            return None
        last = parts[-1].strip()
        if re.fullmatch(r"(?:[A-Z][\w’'.\-]+\s+){0,3}[A-Z][\w’'\-]+", last):
            return last  # the apposition is the name itself
        if not (_APPOSITION.match(last) or last[:1].islower()):
            return None
        # "The campaign, backed by researchers, doctors, nutritionists, says": the subject
        # is the part before the run of lower-case parts.
        index = len(parts) - 1
        while index > 0 and parts[index].strip()[:1].islower():
            index -= 1
        return parts[index] if index < len(parts) - 1 else parts[-2]

    def _from_according(self, sentence: str) -> Attribution | None:
        match = _ACCORDING.search(sentence)
        if not match:
            return None
        source = (match.group("source") or match.group("opening")).strip()
        name = re.match(r"((?:[A-Z][\w’'.\-]+\s+){0,5}[A-Z][\w’'\-]+)", source)
        inner = re.search(
            r"\b(?:of|in|by|from|at)\s+(?:the\s+)?((?:[A-Z][\w’'.\-]+\s+){0,5}[A-Z][\w’'\-]+)",
            source,
        )
        if name and name.group(1).split()[0].lower() not in {"the", "a", "an"}:
            subject = name.group(1)
        elif (
            inner
            and source.split()[0].lower() in {"a", "an", "the"}
            and inner.group(1).split()[0].lower() not in _CALENDAR
        ):
            subject = inner.group(1)  # "a new study in the New England Journal of Medicine"
        elif described := re.match(
            r"(?:a|an|the)\s+((?:[A-Z][\w’'.\-]+\s+)*[A-Z][\w’'\-]+)\s+[a-z]", source
        ):
            subject = described.group(1)  # "a Pew Research Center survey" → the centre
        else:
            subject = " ".join(source.split()[:6])
        claimant, resolved = self._resolve(subject)
        return Attribution(claimant, "according_to", None, subject, resolved)

    # -- the public step -------------------------------------------------
    def attribute(self, sentence: str, entities: list[dict] | None = None) -> Attribution:
        """Attribution of ``sentence``; call in article order."""
        entities = find_entities(sentence) if entities is None else entities
        self._remember(entities)
        quotes = quoted_spans(sentence)
        attribution = self._from_verb(sentence, quotes) or self._from_according(sentence)
        if attribution is None and is_quotation(sentence):
            if self.last_speaker and self.sentences_since_speaker <= 2:
                attribution = Attribution(self.last_speaker, "quote_continuation")
        self._update_salience(sentence, entities, attribution)
        return attribution or Attribution(None, None)

    def _update_salience(
        self, sentence: str, entities: list[dict], attribution: Attribution | None
    ) -> None:
        self.sentences_since_speaker += 1
        if attribution and attribution.claimant:
            self.last_speaker = attribution.claimant
            self.sentences_since_speaker = 0
            if attribution.claimant in self.names or (
                attribution.mention and attribution.mention.lower() in {"he", "she"}
            ):
                self.salient_person = attribution.claimant
            elif attribution.mention and self._looks_like_person(attribution.mention, entities):
                self.salient_person = attribution.claimant
            return
        # a person named as the sentence's subject becomes who "he"/"she" means
        opening = _OPENING_PHRASE.match(sentence)
        subject_start = opening.end() if opening else 0
        first = next((e for e in entities if e["start"] == subject_start), None)
        if (
            first
            and first["label"] not in {"organisation", "place"}
            and (first["label"] == "person" or self.full_name(first["name"]) in self.names)
            and sentence[first["end"] : first["end"] + 12].lstrip().split(" ")[0]
            not in {"said", "is"}
        ):
            self.salient_person = self.full_name(first["name"])

    @staticmethod
    def _looks_like_person(mention: str, entities: list[dict]) -> bool:
        return any(e["label"] == "person" and e["text"] in mention for e in entities) or (
            mention[:1].isupper()
            and mention.split()[-1][:1].isupper()  # "White House officials" is not a person
            and len(mention.split()) <= 3
            and mention.split()[0].lower() not in _DETERMINERS
            and not any(
                e["label"] in {"organisation", "place"} and e["text"] in mention for e in entities
            )
        )


def is_named(claimant: str | None) -> bool:
    """A proper name ("Sergei Lavrov", "Taliban"), not a description ("his son", "officials")."""
    if not claimant or not claimant[:1].isupper():
        return False
    first = claimant.split()[0].lower()
    return first not in _DETERMINERS and first not in _PRONOUNS


_SINGULAR_DESCRIPTION = re.compile(
    r"^(?:the|a|an)\s+(?:[\w’'\-]+\s+){0,3}[a-z][\w\-]*[^s\W](?:\s+of\b.*)?$", re.IGNORECASE
)


def resolve_forward(attributions: list[Attribution], names: list[str]) -> list[Attribution]:
    """Name a described speaker from the next sentence.

    Articles often open with a description ("the son of Afghanistan's most famous
    anti-Taliban fighter claims…") and name the person in the next sentence
    ("Ahmad Massoud wrote in an op-ed…"). A singular description (not a generic
    group, not a plural like "officials") whose very next sentence is attributed
    to a person's full name is taken to be that person.
    """
    resolved = list(attributions)
    for index, attribution in enumerate(attributions[:-1]):
        described = attribution.claimant
        following = attributions[index + 1].claimant
        if (
            described
            and attribution.cue in {"reporting_verb", "according_to"}
            and not is_named(described)
            and _SINGULAR_DESCRIPTION.match(described)
            and not _GENERIC_GROUP.match(described)
            and following in names
        ):
            resolved[index] = Attribution(
                following, attribution.cue, attribution.verb, attribution.mention, described
            )
    return resolved


def attribute_sentences(
    sentences: list[str], entities: list[list[dict]] | None = None
) -> list[Attribution]:
    """Attribute every sentence of one article, in order (the pipeline's claimant logic)."""
    tracker = ClaimantTracker()
    found = [
        tracker.attribute(sentence, None if entities is None else entities[index])
        for index, sentence in enumerate(sentences)
    ]
    return resolve_forward(found, tracker.names)


__all__ = [
    "resolve_forward",
    "Attribution",
    "ClaimantTracker",
    "attribute_sentences",
    "has_direct_quote",
    "is_named",
    "is_quotation",
    "quoted_spans",
    "REPORTING_VERBS",
    "TITLES",
]
