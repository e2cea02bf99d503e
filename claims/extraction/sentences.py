"""Split an article body into sentences with exact character offsets.

pysbd does the segmentation (it knows "U.S.", "Sept. 5", "Dr.", ellipses and
quotations). We segment paragraph by paragraph, so a sentence never crosses a
line break, and trim surrounding whitespace so that ``body[start:end] == text``
always holds: the offsets are what the article page highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

_PARAGRAPH = re.compile(r"[^\n]+")
# pysbd occasionally leaves a lone closing quote or bracket as its own "sentence".
_DANGLING = re.compile(r"^[\s\"'”’»)\]]+$")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _paragraph_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph, relative to it."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(paragraph):
        fragment = piece.sent
        # pysbd's offsets are right for clean=False; fall back to searching
        # forward from the cursor if a future version disagrees.
        if paragraph[piece.start : piece.start + len(fragment)] == fragment:
            start = piece.start
        else:
            start = paragraph.find(fragment, cursor)
            if start < 0:
                continue
        end = start + len(fragment)
        cursor = end
        spans.append((start, end))
    return spans


def split_sentences(body: str) -> list[Sentence]:
    """Every sentence of ``body``, in order, with ``body[start:end] == text``."""
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(body):
        offset = paragraph.start()
        if not paragraph.group().strip():
            continue
        for start, end in _paragraph_spans(paragraph.group()):
            start += offset
            end += offset
            # trim whitespace on both sides, keeping offsets exact
            while start < end and body[start].isspace():
                start += 1
            while end > start and body[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            text = body[start:end]
            if _DANGLING.match(text) and sentences and sentences[-1].end <= start:
                previous = sentences.pop()
                start = previous.start
                text = body[start:end]
            sentences.append(Sentence(text=text, start=start, end=end))
    return sentences
