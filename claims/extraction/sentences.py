"""Split an article body into sentences with exact character offsets.

pysbd does the segmentation (it knows "U.S.", "Sept. 5", "Dr.", ellipses and
quotations). A sentence never crosses a line break, and surrounding whitespace
is trimmed so that ``body[start:end] == text`` always holds: the offsets are
what the article page highlights.

pysbd is the slow step of extraction, so two things keep it cheap: a paragraph
with no possible boundary inside (no ". X", "? X"…) is one sentence without
asking pysbd, and the remaining paragraphs go to pysbd in batches of about
3,000 characters (pysbd slows down sharply on long inputs; a longer paragraph is
cut at a likely boundary), joined by blank lines, with the spans mapped back and
cut at every line break.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence end followed by the start of another sentence somewhere inside the paragraph.
_INNER_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+[\"'“‘(\[]*[A-Z0-9]|[.!?…][\"”]?[A-Z]")
# pysbd occasionally leaves a lone closing quote or bracket as its own "sentence".
_DANGLING = re.compile(r"^[\s\"'”’»)\]]+$")
# Where a very long paragraph may be cut: after a full stop that does not end an
# initial or a common abbreviation ("U.S.", "Dr.", "Mr.").
_SAFE_CUT = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bNo)(?<!\bMrs)(?<!\bGov)"
    r"(?<!\bSen)(?<!\bRep)(?<!\bGen)[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z])"
)
_JOIN = "\n\n"
_BATCH_CHARS = 3000


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` from pysbd, checked against the text."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(text):
        fragment = piece.sent
        # pysbd's offsets are right for clean=False; search forward if a version disagrees.
        if text[piece.start : piece.start + len(fragment)] == fragment:
            start = piece.start
        else:
            start = text.find(fragment, cursor)
            if start < 0:
                continue
        cursor = start + len(fragment)
        spans.append((start, cursor))
    return spans


def _pieces(start: int, text: str) -> list[tuple[int, int]]:
    """(offset, length) pieces of a paragraph, cut at likely boundaries when it is very long."""
    pieces: list[tuple[int, int]] = []
    while len(text) > _BATCH_CHARS:
        cut = None
        for match in _SAFE_CUT.finditer(text, 0, _BATCH_CHARS):
            cut = match.end()
        if cut is None:
            break
        pieces.append((start, cut))
        start, text = start + cut, text[cut:]
    pieces.append((start, len(text)))
    return pieces


def _raw_spans(body: str) -> list[tuple[int, int]]:
    """Untrimmed sentence spans of the whole body, in order, none crossing a line break."""
    spans: list[tuple[int, int]] = []
    hard: list[tuple[int, int]] = []  # (offset in body, length) of text pysbd must split
    for paragraph in _PARAGRAPH.finditer(body):
        text = paragraph.group()
        if not text.strip():
            continue
        if _INNER_BOUNDARY.search(text.rstrip()):
            hard.extend(_pieces(paragraph.start(), text))
        else:
            spans.append((paragraph.start(), paragraph.end()))
    # pysbd slows down sharply on long inputs: give it batches of a few thousand characters.
    batch: list[tuple[int, int]] = []
    for item in [*hard, None]:
        if batch and (item is None or sum(n for _, n in batch) + item[1] > _BATCH_CHARS):
            spans.extend(_batch_spans(body, batch))
            batch = []
        if item is not None:
            batch.append(item)
    spans.sort()
    return spans


def _batch_spans(body: str, batch: list[tuple[int, int]]) -> list[tuple[int, int]]:
    joined = _JOIN.join(body[start : start + length] for start, length in batch)
    origins, position = [], 0  # where each piece starts in `joined`
    for _, length in batch:
        origins.append(position)
        position += length + len(_JOIN)
    spans = []
    for start, end in _pysbd_spans(joined):
        for piece in re.finditer(r"[^\n]+", joined[start:end]):
            a, b = start + piece.start(), start + piece.end()
            index = bisect.bisect_right(origins, a) - 1
            shift = batch[index][0] - origins[index]
            spans.append((a + shift, b + shift))
    return spans


def split_sentences(body: str) -> list[Sentence]:
    """Every sentence of ``body``, in order, with ``body[start:end] == text``."""
    sentences: list[Sentence] = []
    for start, end in _raw_spans(body):
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        text = body[start:end]
        if _DANGLING.match(text) and sentences and "\n" not in body[sentences[-1].end : start]:
            previous = sentences.pop()
            start = previous.start
            text = body[start:end]
        sentences.append(Sentence(text=text, start=start, end=end))
    return sentences
