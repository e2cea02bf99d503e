"""The article body cut into plain and claim segments, so the page can mark claims safely.

The template renders each segment's text with autoescaping and wraps claim segments in
``<mark>``; no HTML is ever built from the article's text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Segment:
    text: str
    claim: object | None = None


def body_segments(body: str, claims) -> list[Segment]:
    """Split ``body`` at the claims' offsets. Overlapping or out-of-range spans are clipped, so
    every character of the body appears exactly once."""
    segments: list[Segment] = []
    position = 0
    for claim in sorted(claims, key=lambda claim: (claim.start, claim.end)):
        start = max(claim.start, position)
        end = min(claim.end, len(body))
        if end <= start:
            continue
        if start > position:
            segments.append(Segment(body[position:start]))
        segments.append(Segment(body[start:end], claim))
        position = end
    if position < len(body):
        segments.append(Segment(body[position:]))
    return segments
