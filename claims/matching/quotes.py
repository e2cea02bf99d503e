"""Quotations, who said them, and whether two outlets quote the same speaker differently.

Two outlets quoting one op-ed rarely agree to the letter. A quote that *nearly* matches the
other outlet's quote of the same speaker (rapidfuzz ratio within ``NEAR_MATCH_BAND``) but
differs in wording is a discrepancy worth a fact-checker's look: "a tremendous arsenal of
democracy" against "a great arsenal of democracy". Identical quotes (up to case and
punctuation) and unrelated quotes are not.

The speaker is found with a small rule, good enough for news copy: the person named next to a
speech verb ("Ahmad Massoud said", "wrote Ahmad Massoud", "according to Massoud") in the
sentence around the quote, else the caller's default (a claim's claimant); "he said" stays
unattributed.
Speakers are compared by surname, so "Massoud" and "Ahmad Massoud" are one person.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

# ratio (0-100) of the normalised quotes: at or above the lower bound, below the upper
NEAR_MATCH_BAND = (75.0, 100.0)
MIN_QUOTE_WORDS = 4

QUOTE_RE = re.compile(r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]{3,}?)[\"\u201d]")
SPEECH_VERBS = (
    r"said|says|say|wrote|writes|stated|states|told|tells|added|adds|claimed|claims|argued|"
    r"argues|declared|declares|insisted|insists|warned|warns|explained|noted|asked|tweeted|"
    r"posted|promised|vowed|according to"
)
NAME = r"(?:[A-Z][\w'\u2019.-]+)(?:\s+(?:[A-Z][\w'\u2019.-]+|de|van|von|bin|al-\w+)){0,3}"
NAME_BEFORE_VERB_RE = re.compile(
    rf"\b({NAME})\s*(?:,[^,\"\u201c]{{0,60}},\s*)?(?:{SPEECH_VERBS})\b"
)
# "told D'Agata" names the listener, so only these verbs may precede the speaker's name
VERB_BEFORE_NAME_RE = re.compile(
    rf"\b(?:said|says|wrote|writes|stated|added|claimed|argued|declared|warned|tweeted|according to)\s+({NAME})"
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"\u201c\u2018A-Z])|\n+")
NOT_A_PERSON = frozenset(
    "The A An In On At It This That He She They We I But And Mr Mrs Ms Dr Sen Rep President".split()
)


@dataclass(frozen=True)
class Quotation:
    text: str
    speaker: str | None
    start: int
    end: int

    @property
    def speaker_key(self) -> str | None:
        return speaker_key(self.speaker)


@dataclass(frozen=True)
class QuoteDiscrepancy:
    speaker: str
    quote_a: str
    quote_b: str
    ratio: float
    diff: list[dict]

    def as_detail(self) -> dict:
        """The JSON stored on a quote_discrepancy relation."""
        return {
            "speaker": self.speaker,
            "quote_a": self.quote_a,
            "quote_b": self.quote_b,
            "ratio": round(self.ratio, 1),
            "diff": self.diff,
        }


def speaker_key(speaker: str | None) -> str | None:
    if not speaker:
        return None
    words = [w for w in re.split(r"\s+", speaker.strip()) if w]
    return re.sub(r"['\u2019]s$", "", words[-1]).lower() if words else None


def _clean_name(candidate: str) -> str | None:
    words = candidate.split()
    while words and words[0].strip(".") in NOT_A_PERSON:
        words = words[1:]
    while words and words[-1].strip(".") in NOT_A_PERSON:
        words = words[:-1]
    name = " ".join(words).strip(" ,.")
    return name or None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for match in SENTENCE_END_RE.finditer(text, 0, start):
        left = match.end()
    right_match = SENTENCE_END_RE.search(text, end)
    right = right_match.start() if right_match else len(text)
    return left, right


def _speaker_near(window: str, quote_start: int, quote_end: int) -> str | None:
    """The named speaker closest to the quote within its sentence (quotes themselves masked)."""
    masked = QUOTE_RE.sub(lambda m: " " * len(m.group(0)), window)
    candidates: list[tuple[int, str]] = []
    for regex in (NAME_BEFORE_VERB_RE, VERB_BEFORE_NAME_RE):
        for match in regex.finditer(masked):
            name = _clean_name(match.group(1))
            if name:
                distance = min(abs(match.start() - quote_end), abs(match.end() - quote_start))
                candidates.append((distance, name))
    if not candidates:
        return None
    return min(candidates)[1]


def quotations_find(text: str, *, default_speaker: str | None = None) -> list[Quotation]:
    """Every quotation of at least MIN_QUOTE_WORDS words in the text, with its speaker."""
    quotations = []
    for match in QUOTE_RE.finditer(text):
        quote = match.group(1).strip()
        left, right = _sentence_bounds(text, match.start(), match.end())
        window = text[left:right]
        # "he said" is left unattributed: guessing the antecedent mislabels too many quotes
        speaker = _speaker_near(window, match.start() - left, match.end() - left) or default_speaker
        if len(quote.split()) >= MIN_QUOTE_WORDS:
            quotations.append(Quotation(quote, speaker, match.start(1), match.end(1)))
    return quotations


def _comparable(quote: str) -> str:
    quote = quote.replace("\u2019", "'").lower()
    return " ".join(re.findall(r"[\w']+", quote))


def quotes_nearly_match(a: str, b: str) -> tuple[bool, float]:
    """(True, ratio) when the quotes are close but not the same words."""
    left, right = _comparable(a), _comparable(b)
    if left == right:
        return False, 100.0
    ratio = fuzz.ratio(left, right)
    low, high = NEAR_MATCH_BAND
    return low <= ratio < high, ratio


def word_diff(a: str, b: str) -> list[dict]:
    """The word-by-word difference of two quotes as difflib opcodes with both sides' words.

    Words are compared without case and punctuation, and shown as written.
    """
    words_a, words_b = a.split(), b.split()
    matcher = difflib.SequenceMatcher(
        a=[_comparable(w) for w in words_a], b=[_comparable(w) for w in words_b], autojunk=False
    )
    return [
        {"op": tag, "a": " ".join(words_a[i1:i2]), "b": " ".join(words_b[j1:j2])}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def quote_discrepancies_find(
    quotations_a: list[Quotation], quotations_b: list[Quotation]
) -> list[QuoteDiscrepancy]:
    """Pairs of quotes by the same speaker that nearly match but differ in wording."""
    found = []
    for quote_a in quotations_a:
        for quote_b in quotations_b:
            if not quote_a.speaker_key or quote_a.speaker_key != quote_b.speaker_key:
                continue
            near, ratio = quotes_nearly_match(quote_a.text, quote_b.text)
            if near:
                found.append(
                    QuoteDiscrepancy(
                        speaker=quote_a.speaker or quote_b.speaker or "",
                        quote_a=quote_a.text,
                        quote_b=quote_b.text,
                        ratio=ratio,
                        diff=word_diff(quote_a.text, quote_b.text),
                    )
                )
    return found
