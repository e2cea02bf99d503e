"""Editors correct the extraction: edit, split, merge, dismiss a claim, or promote a span to a claim.

These services are the contract shared by the corrections page, the API and any command. Each one
is editor-only (``correct_extraction`` in the workflow), runs in one transaction, records an audit
entry, and keeps an ``ExtractionCorrection`` with before/after snapshots of the spans involved so the
corrections can be exported as training data (``manage.py export_corrections``).

Invariants every service keeps:

* a claim's ``text`` is always ``article.body[start:end]``, trimmed of surrounding whitespace;
* claims in review or published are never split, merged or edited (the verdict is about that
  text): the service raises ``WorkflowError`` (409) saying to send the verdict back first;
* a claim created from a span (promote, split, merge) is rescored by the extraction pipeline
  (``claims.extraction.pipeline.extract``), read in the article's context so claimants resolve;
* split and merged claims replace the originals: the originals are dismissed with a reason naming
  the new claims (rows stay, because audit entries, evidence and comments point at them).

Refusals: ``PermissionDenied`` (403) for anyone but an editor, ``WorkflowError`` (409) for a claim
whose state does not allow the change, ``ValidationError`` (400) for a bad span or input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.audit import audit_record
from claims.models import Article, Claim, ExtractionCorrection
from claims.review import workflow
from claims.review.services import claim_dismiss
from claims.review.workflow import WorkflowError

S = Claim.Status
Action = ExtractionCorrection.Action
LOCKED_STATUSES = (S.IN_REVIEW, S.PUBLISHED)


# --- Spans and snapshots --------------------------------------------------------------------------


def trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` inside ``body`` with surrounding whitespace cut off; 400 if it is not a span."""
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        raise ValidationError(
            {"start": "Give the span as two whole-number offsets into the article."}
        )
    if start < 0 or end > len(body):
        raise ValidationError(
            {
                "end"
                if end > len(body)
                else "start": f"The span must lie inside the article (0–{len(body)})."
            }
        )
    if start >= end:
        raise ValidationError({"end": "The span's end must come after its start."})
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError({"start": "The span holds only whitespace; select some words."})
    return start, end


def span_of_text(body: str, text: str, *, near: int = 0) -> tuple[int, int]:
    """Where ``text`` occurs in ``body`` (the occurrence nearest ``near``); 400 if it does not."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Give the words of the claim, copied from the article."})
    found = []
    index = body.find(text)
    while index >= 0:
        found.append(index)
        index = body.find(text, index + 1)
    if not found:
        raise ValidationError(
            {"text": "Those words are not in the article. Copy them exactly from the article text."}
        )
    start = min(found, key=lambda at: abs(at - near))
    return start, start + len(text)


def _label(status: str) -> str:
    return "not_claim" if status == S.DISMISSED else "claim"


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """What a correction's ``before``/``after`` keeps of a claim."""
    return {
        "claim": claim.pk,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "type": claim.type,
        "claimant": claim.claimant,
        "checkworthiness": claim.checkworthiness,
        "origin": claim.origin,
        "status": claim.status,
        "label": _label(claim.status),
    }


def _sentence_label(sentence: dict[str, Any]) -> str:
    """What extraction made of a stored sentence: a claim when it scored at the threshold."""
    if "checkworthy" in sentence:
        return "claim" if sentence["checkworthy"] else "not_claim"
    score = sentence.get("checkworthiness")
    threshold = settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD
    return "claim" if score is not None and score >= threshold else "not_claim"


def sentence_snapshots(article: Article, start: int, end: int) -> list[dict[str, Any]]:
    """The extractor's sentences overlapping ``[start, end)``, as it labelled them."""
    found = []
    for sentence in article.sentences or []:
        s_start, s_end = sentence.get("start"), sentence.get("end")
        if s_start is None or s_end is None or s_end <= start or s_start >= end:
            continue
        found.append(
            {
                "claim": None,
                "text": article.body[s_start:s_end],
                "start": s_start,
                "end": s_end,
                "type": sentence.get("type"),
                "claimant": sentence.get("claimant"),
                "checkworthiness": sentence.get("checkworthiness"),
                "origin": "sentence",
                "status": None,
                "label": _sentence_label(sentence),
            }
        )
    return found


# --- Rescoring a span with the extraction pipeline ------------------------------------------------


def _publication_date(article: Article) -> dt.date | None:
    # The newsroom's local date, as extraction at ingest uses it, so relative dates resolve alike.
    if article.published_at is None:
        return None
    published = article.published_at
    return (timezone.localtime(published) if timezone.is_aware(published) else published).date()


def _extract(body: str, article: Article) -> list:
    from claims.extraction.pipeline import extract

    return extract(
        body,
        published=_publication_date(article),
        threshold=settings.CLAIMDESK_CHECKWORTHINESS_THRESHOLD,
    )


def _shifted(items: Iterable[dict], offset: int) -> list[dict]:
    return [
        {**item, "start": item["start"] + offset, "end": item["end"] + offset} for item in items
    ]


def article_drafts(article: Article) -> list:
    """Every sentence of the article as extraction reads it in order (claimants resolved)."""
    return _extract(article.body, article)


def span_extraction(
    article: Article, start: int, end: int, *, context: list | None = None
) -> dict[str, Any]:
    """The claim fields the pipeline gives ``article.body[start:end]``.

    A span that is one of the article's sentences gets exactly what extraction gave it. Any other
    span is extracted on its own (the highest-scoring sentence in it decides type, score and
    signals); its claimant comes from the article's sentences it overlaps, so "he said" still
    resolves to the speaker named earlier. Offsets of entities, quantities and dates are body offsets.
    ``context`` is ``article_drafts(article)`` when the caller already has it.
    """
    in_context = article_drafts(article) if context is None else context
    exact = next((d for d in in_context if d.start == start and d.end == end), None)
    if exact is not None:
        drafts, offset = [exact], 0
    else:
        drafts, offset = _extract(article.body[start:end], article), start
    overlapping = [d for d in in_context if d.start < end and d.end > start]
    if not drafts:
        return {
            "type": Claim.Type.OTHER,
            "checkworthiness": 0.0,
            "claimant": None,
            "entities": [],
            "quantities": [],
            "dates": [],
            "signals": [],
        }
    best = max(drafts, key=lambda d: d.checkworthiness)
    claimant = next((d.claimant for d in overlapping if d.claimant), None) or best.claimant
    return {
        "type": best.type,
        "checkworthiness": best.checkworthiness,
        "claimant": claimant[:200] if claimant else None,
        "entities": [e for d in drafts for e in _shifted(d.entities, offset)],
        "quantities": [q for d in drafts for q in _shifted(d.quantities, offset)],
        "dates": [x for d in drafts for x in _shifted(d.dates, offset)],
        "signals": list(best.signals),
    }


# --- Guards -----------------------------------------------------------------------------------------


def _lock(claims: Iterable[Claim]) -> list[Claim]:
    ids = sorted({c.pk for c in claims})
    # On PostgreSQL the join locks the article's row too, so corrections of one article (promote
    # locks it explicitly) happen one after another and the span checks see each other's claims.
    locked = {
        c.pk: c
        for c in Claim.objects.select_for_update().select_related("article").filter(pk__in=ids)
    }
    return [locked[pk] for pk in ids if pk in locked]


def _require_changeable(claim: Claim, doing: str) -> None:
    if claim.status in LOCKED_STATUSES:
        raise WorkflowError(
            f"Claim #{claim.pk} is {claim.get_status_display().lower()}, so it cannot be {doing}: its "
            f"verdict is about this exact text. Send the verdict back (or unpublish it) first."
        )
    if claim.status == S.DISMISSED:
        raise WorkflowError(f"Claim #{claim.pk} is dismissed; reopen it before it is {doing}.")


def _require_no_live_duplicate(
    article: Article, start: int, end: int, *, ignore: Sequence[int] = ()
) -> None:
    duplicate = (
        Claim.objects.filter(article=article, start=start, end=end)
        .exclude(status=S.DISMISSED)
        .exclude(pk__in=list(ignore))
        .first()
    )
    if duplicate is not None:
        raise ValidationError({"start": f"Claim #{duplicate.pk} already covers exactly this span."})


def _record(
    *, article: Article, action: str, before: list, after: list, by
) -> ExtractionCorrection:
    return ExtractionCorrection.objects.create(
        article=article, action=action, before=before, after=after, user=by
    )


def _new_claim(
    *,
    article: Article,
    start: int,
    end: int,
    origin: str,
    like: Claim | None = None,
    context: list | None = None,
) -> Claim:
    fields = span_extraction(article, start, end, context=context)
    claim = Claim(
        article=article, text=article.body[start:end], start=start, end=end, origin=origin, **fields
    )
    if like is not None and like.status == S.RESEARCHING:
        # The research goes on under the same person: the pieces stay with them.
        claim.status, claim.assignee = S.RESEARCHING, like.assignee
    claim.save()
    return claim


def _retire(claim: Claim, *, reason: str) -> None:
    """Dismiss a claim another claim replaces (split or merge), without the dismiss workflow's reason form."""
    claim.status, claim.dismissed_reason, claim.status_changed_at = (
        S.DISMISSED,
        reason,
        timezone.now(),
    )
    claim.save(update_fields=["status", "dismissed_reason", "status_changed_at", "updated_at"])


# --- The corrections -------------------------------------------------------------------------------


def claim_edit(
    *,
    claim: Claim,
    text: str | None = None,
    type: str | None = None,
    claimant: str | None = None,
    by,
) -> Claim:
    """Change a claim's words (another span of the same article), type or claimant.

    New words must be copied from the article; the occurrence nearest the old span is used and the
    claim is rescored there (its type and claimant stay as they were unless given). A change of type
    alone is recorded as a ``retype``. An empty ``claimant`` ("") means the article itself asserts it.
    """
    workflow.require(by, "correct_extraction")
    if type is not None and type not in Claim.Type.values:
        raise ValidationError({"type": f"Choose a type from: {', '.join(Claim.Type.values)}."})
    # None leaves the claimant alone; "" means the article itself asserts the claim.
    new_claimant = claimant.strip()[:200] or None if claimant is not None else None
    with transaction.atomic():
        (claim,) = _lock([claim])
        _require_changeable(claim, "edited")
        article = claim.article
        before = claim_snapshot(claim)
        changes: dict[str, list] = {}
        if text is not None:
            start, end = trimmed_span(
                article.body, *span_of_text(article.body, text, near=claim.start)
            )
            if (start, end) != (claim.start, claim.end):
                _require_no_live_duplicate(article, start, end, ignore=[claim.pk])
                rescored = span_extraction(article, start, end)
                changes["text"] = [claim.text, article.body[start:end]]
                changes["span"] = [[claim.start, claim.end], [start, end]]
                claim.text, claim.start, claim.end = article.body[start:end], start, end
                for name in ("checkworthiness", "entities", "quantities", "dates", "signals"):
                    setattr(claim, name, rescored[name])
        if type is not None and type != claim.type:
            changes["type"] = [claim.type, type]
            claim.type = type
        if claimant is not None and new_claimant != claim.claimant:
            changes["claimant"] = [claim.claimant, new_claimant]
            claim.claimant = new_claimant
        if not changes:
            raise ValidationError(
                {"text": "Nothing changed: give new words, a new type or a new claimant."}
            )
        claim.save()
        action = Action.RETYPE if set(changes) == {"type"} else Action.EDIT
        _record(
            article=article, action=action, before=[before], after=[claim_snapshot(claim)], by=by
        )
        audit_record(
            actor=by,
            action=f"claim.{'retyped' if action == Action.RETYPE else 'edited'}",
            claim=claim,
            changes=changes,
        )
    return claim


def _split_spans(
    claim: Claim, *, at: Sequence[int] | None, parts: Sequence[str] | None
) -> list[tuple[int, int]]:
    body = claim.article.body
    if (at is None) == (parts is None):
        raise ValidationError(
            {"at": "Say where to split: offsets into the article (at) or the parts' words."}
        )
    spans: list[tuple[int, int]] = []
    if at is not None:
        cuts = list(at)
        if any(isinstance(c, bool) or not isinstance(c, int) for c in cuts):
            raise ValidationError(
                {"at": "Split points must be whole-number offsets into the article."}
            )
        if not cuts or sorted(set(cuts)) != cuts or cuts[0] <= claim.start or cuts[-1] >= claim.end:
            raise ValidationError(
                {
                    "at": (
                        f"Split points must be increasing offsets strictly inside the claim "
                        f"({claim.start + 1}–{claim.end - 1})."
                    )
                }
            )
        bounds = [claim.start, *cuts, claim.end]
        for left, right in zip(bounds, bounds[1:], strict=False):
            if not body[left:right].strip():
                raise ValidationError(
                    {"at": "Each part must contain some words; move the split points."}
                )
            spans.append(trimmed_span(body, left, right))
    else:
        pieces = [p.strip() for p in parts or [] if p and p.strip()]
        cursor = claim.start
        for piece in pieces:
            index = body.find(piece, cursor, claim.end)
            if index < 0:
                raise ValidationError(
                    {
                        "parts": (
                            f"“{piece[:60]}” is not in the claim after the previous part. Give the parts in "
                            f"order, each copied from the claim's words."
                        )
                    }
                )
            spans.append((index, index + len(piece)))
            cursor = index + len(piece)
    if len(spans) < 2:
        raise ValidationError(
            {"parts" if parts is not None else "at": "A split needs at least two parts."}
        )
    return spans


def claim_split(
    *, claim: Claim, at: Sequence[int] | None = None, parts: Sequence[str] | None = None, by
) -> list[Claim]:
    """Split a claim into two or more claims (origin ``split``); the original is dismissed.

    ``at`` gives split points as offsets into the article body, strictly inside the claim; or
    ``parts`` gives the parts' words in order (text between parts, like ", and", is left out).
    """
    workflow.require(by, "correct_extraction")
    with transaction.atomic():
        (claim,) = _lock([claim])
        _require_changeable(claim, "split")
        article = claim.article
        spans = _split_spans(claim, at=at, parts=parts)
        for s, e in spans:
            _require_no_live_duplicate(article, s, e, ignore=[claim.pk])
        before = claim_snapshot(claim)
        context = article_drafts(article)
        pieces = [
            _new_claim(
                article=article,
                start=s,
                end=e,
                origin=Claim.Origin.SPLIT,
                like=claim,
                context=context,
            )
            for s, e in spans
        ]
        ids = [p.pk for p in pieces]
        _retire(claim, reason=f"Split into claims {', '.join(f'#{i}' for i in ids)}.")
        _record(
            article=article,
            action=Action.SPLIT,
            before=[before],
            after=[claim_snapshot(p) for p in pieces],
            by=by,
        )
        audit_record(
            actor=by,
            action="claim.split",
            claim=claim,
            changes={"status": [before["status"], S.DISMISSED], "into": ids},
        )
        for piece in pieces:
            audit_record(
                actor=by,
                action="claim.split_from",
                claim=piece,
                changes={"from": claim.pk, "span": [piece.start, piece.end]},
            )
    return pieces


def claims_merge(*, claims: Sequence[Claim], by) -> Claim:
    """Merge claims of one article into one claim (origin ``merged``) whose span covers them all.

    The claims need not be adjacent, but a live claim lying between them that is not being merged is
    refused (merge it too, or dismiss it first). The originals are dismissed.
    """
    workflow.require(by, "correct_extraction")
    if len({c.pk for c in claims}) < 2:
        raise ValidationError({"claims": "Choose at least two claims to merge."})
    with transaction.atomic():
        locked = _lock(claims)
        if len(locked) < len({c.pk for c in claims}):
            raise ValidationError({"claims": "Some of those claims do not exist (any more)."})
        if len({c.article_id for c in locked}) > 1:
            raise ValidationError({"claims": "Only claims from the same article can be merged."})
        for claim in locked:
            _require_changeable(claim, "merged")
        article = locked[0].article
        ids = [c.pk for c in locked]
        start, end = min(c.start for c in locked), max(c.end for c in locked)
        between = (
            Claim.objects.filter(article=article, start__lt=end, end__gt=start)
            .exclude(status=S.DISMISSED)
            .exclude(pk__in=ids)
            .first()
        )
        if between is not None:
            raise WorkflowError(
                f"Claim #{between.pk} lies inside the merged span; merge it too or dismiss it first."
            )
        before = [claim_snapshot(c) for c in sorted(locked, key=lambda c: (c.start, c.pk))]
        status_before = {c.pk: c.status for c in locked}
        researching = next((c for c in locked if c.status == S.RESEARCHING), None)
        merged = _new_claim(
            article=article, start=start, end=end, origin=Claim.Origin.MERGED, like=researching
        )
        for claim in locked:
            _retire(claim, reason=f"Merged into claim #{merged.pk}.")
            audit_record(
                actor=by,
                action="claim.merged",
                claim=claim,
                changes={"status": [status_before[claim.pk], S.DISMISSED], "into": merged.pk},
            )
        _record(
            article=article,
            action=Action.MERGE,
            before=before,
            after=[claim_snapshot(merged)],
            by=by,
        )
        audit_record(
            actor=by,
            action="claim.merged_from",
            claim=merged,
            changes={"from": [b["claim"] for b in before], "span": [start, end]},
        )
    return merged


def claim_promote(*, article: Article, start: int, end: int, by) -> Claim:
    """Make a sentence, or any span of the article body, a claim (origin ``promoted``), rescored.

    The span is trimmed of surrounding whitespace. Refused: a span outside the body, an empty one,
    or one that a live (not dismissed) claim already covers exactly.
    """
    workflow.require(by, "correct_extraction")
    with transaction.atomic():
        # Serialises promotions on one article, so two editors cannot create the same claim twice.
        article = Article.objects.select_for_update().get(pk=article.pk)
        start, end = trimmed_span(article.body, start, end)
        _require_no_live_duplicate(article, start, end)
        before = sentence_snapshots(article, start, end)
        claim = _new_claim(article=article, start=start, end=end, origin=Claim.Origin.PROMOTED)
        _record(
            article=article,
            action=Action.PROMOTE,
            before=before,
            after=[claim_snapshot(claim)],
            by=by,
        )
        audit_record(
            actor=by,
            action="claim.promoted",
            claim=claim,
            changes={
                "span": [start, end],
                "type": claim.type,
                "checkworthiness": claim.checkworthiness,
            },
        )
    return claim


def claim_dismiss_correction(*, claim: Claim, reason: str, by) -> Claim:
    """An editor dismisses a claim the extraction got wrong (``claim_dismiss``, kept as a correction)."""
    workflow.require(by, "correct_extraction")
    with transaction.atomic():
        (locked,) = _lock([claim])
        before = claim_snapshot(locked)
        claim = claim_dismiss(claim=claim, reason=reason, by=by)
        _record(
            article=claim.article,
            action=Action.DISMISS,
            before=[before],
            after=[{**claim_snapshot(claim), "reason": claim.dismissed_reason}],
            by=by,
        )
    return claim
