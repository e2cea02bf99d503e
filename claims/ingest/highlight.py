"""The article body cut into segments — claims, other sentences, plain text — so the page can
mark them safely.

The template renders each segment's text with autoescaping and wraps claim segments in
``<mark>`` (sentences below the check-worthiness threshold in a quieter ``<span>``); no HTML is
ever built from the article's text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Segment:
    text: str
    claim: object | None = None
    sentence: dict | None = None  # an entry of ``article.sentences`` that is not a claim


def _spans(body: str, items, start_of, end_of) -> list[tuple[int, int, object]]:
    """Non-overlapping (start, end, item) spans inside the body, in order; overlaps are clipped."""
    spans = []
    position = 0
    for item in sorted(items, key=lambda item: (start_of(item), end_of(item))):
        start = max(int(start_of(item)), position)
        end = min(int(end_of(item)), len(body))
        if end > start:
            spans.append((start, end, item))
            position = end
    return spans


def body_segments(body: str, claims, sentences=()) -> list[Segment]:
    """Split ``body`` at the claims' offsets, and the text between claims at the sentences'
    offsets. Every character of the body appears exactly once, in order."""
    segments: list[Segment] = []
    position = 0

    def plain(upto: int) -> None:
        nonlocal position
        low = position
        between = [s for s in sentences if s.get("start", 0) < upto and s.get("end", 0) > low]
        for start, end, sentence in _spans(
            body, between, lambda s: max(s["start"], low), lambda s: min(s["end"], upto)
        ):
            if start > position:
                segments.append(Segment(body[position:start]))
            segments.append(Segment(body[start:end], sentence=sentence))
            position = end
        if upto > position:
            segments.append(Segment(body[position:upto]))
            position = upto

    for start, end, claim in _spans(body, claims, lambda c: c.start, lambda c: c.end):
        plain(start)
        segments.append(Segment(body[start:end], claim))
        position = end
    plain(len(body))
    return segments
