"""Export editors' extraction corrections as JSON Lines training data.

One line per correction, oldest first::

    {"correction": 7, "action": "split", "when": "2026-11-22T05:40:00+00:00", "article": 3,
     "sentence": "…the article's sentence(s) the correction touches…",
     "original": [{"text", "start", "end", "type", "label", "claimant", "checkworthiness"}, …],
     "corrected": [{…the same keys…}]}

``label`` is ``claim`` or ``not_claim``; spans are character offsets into the article body. A
promotion's ``original`` lists the sentences as the extractor labelled them; a dismissal's
``corrected`` is the same span labelled ``not_claim``. Editors' names are not exported.

    python manage.py export_corrections [--output FILE] [--action split --action merge …]
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from claims.models import ExtractionCorrection

SPAN_KEYS = ("text", "start", "end", "type", "label", "claimant", "checkworthiness")


def _span(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {key: snapshot.get(key) for key in SPAN_KEYS}


def _sentence_text(article, spans: list[dict[str, Any]]) -> str:
    """The article's sentences around the corrected spans (the spans themselves if none are stored)."""
    if not spans:
        return ""
    start, end = min(s["start"] for s in spans), max(s["end"] for s in spans)
    touching = [
        s
        for s in article.sentences or []
        if s.get("start") is not None
        and s.get("end") is not None
        and s["start"] < end
        and s["end"] > start
    ]
    if touching:
        start, end = min(start, touching[0]["start"]), max(end, touching[-1]["end"])
    return article.body[start:end]


def correction_line(correction: ExtractionCorrection) -> dict[str, Any]:
    before = [_span(s) for s in correction.before or []]
    after = [_span(s) for s in correction.after or []]
    return {
        "correction": correction.pk,
        "action": correction.action,
        "when": correction.created_at.isoformat(),
        "article": correction.article_id,
        "sentence": _sentence_text(correction.article, before + after),
        "original": before,
        "corrected": after,
    }


class Command(BaseCommand):
    help = (
        "Write editors' extraction corrections as JSON Lines (training data) to a file or stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--action",
            action="append",
            choices=ExtractionCorrection.Action.values,
            help="Only this kind of correction (repeatable).",
        )

    def handle(self, *args, output=None, action=None, **options):
        corrections = ExtractionCorrection.objects.select_related("article").order_by(
            "created_at", "id"
        )
        if action:
            corrections = corrections.filter(action__in=action)
        stream = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        count = 0
        try:
            for correction in corrections.iterator(chunk_size=500):
                stream.write(json.dumps(correction_line(correction), ensure_ascii=False) + "\n")
                count += 1
        finally:
            if output:
                stream.close()
        if output:
            self.stderr.write(f"Wrote {count} corrections to {output}.")
