"""The editor's corrections page: an article's sentences and claims, with forms to fix the extraction.

Plain forms that work without JavaScript. Each POST calls one service from
``claims.extraction.corrections`` and redirects back to the page; a refusal re-renders the page with
the reason (400 for bad input, 409 when the claim's state forbids it; 403 for anyone but an editor).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.extraction import corrections
from claims.models import ID_MAX, Article, Claim
from claims.permissions import get_article_for, get_claim_for
from claims.review import workflow
from claims.review.workflow import WorkflowError

S = Claim.Status


def _sentences(article: Article, live: list[Claim]) -> list[dict]:
    exact = {(c.start, c.end): c for c in live}
    stored = article.sentences or []
    if not stored:
        from claims.extraction.sentences import split_sentences

        stored = [{"start": s.start, "end": s.end} for s in split_sentences(article.body)]
    rows = []
    for sentence in stored:
        start, end = sentence.get("start"), sentence.get("end")
        if start is None or end is None:
            continue
        rows.append(
            {
                "start": start,
                "end": end,
                "text": article.body[start:end],
                "type": sentence.get("type"),
                "checkworthiness": sentence.get("checkworthiness"),
                "claim": exact.get((start, end)),
            }
        )
    return rows


def _page(request, article: Article, *, error: Exception | None = None, status: int = 200):
    claims = list(article.claims.select_related("assignee").order_by("start", "id"))
    live = [c for c in claims if c.status != S.DISMISSED]
    context = {
        "article": article,
        "sentences": _sentences(article, live),
        "live_claims": live,
        "dismissed_claims": [c for c in claims if c.status == S.DISMISSED],
        "locked_statuses": corrections.LOCKED_STATUSES,
        "types": Claim.Type.choices,
        "error": _message(error) if error else None,
    }
    return render(request, "claims/article_corrections.html", context, status=status)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _back(article_pk: int, anchor: str = ""):
    return redirect(
        reverse("article_corrections", args=[article_pk]) + (f"#{anchor}" if anchor else "")
    )


def _refused(request, article: Article, error: Exception):
    return _page(
        request, article, error=error, status=409 if isinstance(error, WorkflowError) else 400
    )


def _editor_claim(request, pk: int) -> Claim:
    workflow.require(request.user, "correct_extraction")
    return get_claim_for(request.user, pk, write=True)


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except ValueError:
        raise ValidationError({"start": "Offsets must be whole numbers."}) from None
    if number is not None and not 0 <= number <= ID_MAX:
        raise ValidationError({"start": "That number is out of range."})
    return number


@login_required
def article_corrections(request, pk: int):
    """GET: the article's sentences and claims, with a form for every correction."""
    workflow.require(request.user, "correct_extraction")
    return _page(request, get_article_for(request.user, pk))


@login_required
@require_POST
def article_correct_promote(request, pk: int):
    """Promote a sentence (its offsets) or any words copied from the article to a claim."""
    workflow.require(request.user, "correct_extraction")
    article = get_article_for(request.user, pk)
    try:
        start, end = _int_or_none(request.POST.get("start")), _int_or_none(request.POST.get("end"))
        if start is None or end is None:
            start, end = corrections.span_of_text(article.body, request.POST.get("text", ""))
        claim = corrections.claim_promote(article=article, start=start, end=end, by=request.user)
    except (ValidationError, WorkflowError) as error:
        return _refused(request, article, error)
    messages.success(request, f"Claim #{claim.pk} added ({claim.get_type_display()}).")
    return _back(article.pk, f"claim-{claim.pk}")


@login_required
@require_POST
def article_correct_merge(request, pk: int):
    workflow.require(request.user, "correct_extraction")
    article = get_article_for(request.user, pk)
    try:
        ids = [_int_or_none(value) for value in request.POST.getlist("claims")]
        claims = list(article.claims.filter(pk__in=[i for i in ids if i is not None]))
        merged = corrections.claims_merge(claims=claims, by=request.user)
    except (ValidationError, WorkflowError) as error:
        return _refused(request, article, error)
    messages.success(request, f"Merged into claim #{merged.pk}.")
    return _back(article.pk, f"claim-{merged.pk}")


@login_required
@require_POST
def claim_correct_edit(request, pk: int):
    claim = _editor_claim(request, pk)
    try:
        claim = corrections.claim_edit(
            claim=claim,
            by=request.user,
            text=request.POST.get("text"),
            type=request.POST.get("type") or None,
            claimant=request.POST.get("claimant"),
        )
    except (ValidationError, WorkflowError) as error:
        return _refused(request, claim.article, error)
    messages.success(request, f"Claim #{claim.pk} corrected.")
    return _back(claim.article_id, f"claim-{claim.pk}")


@login_required
@require_POST
def claim_correct_split(request, pk: int):
    """Split a claim: the form gives the parts' words, one part per line."""
    claim = _editor_claim(request, pk)
    try:
        parts = [line for line in request.POST.get("parts", "").splitlines() if line.strip()]
        pieces = corrections.claim_split(claim=claim, parts=parts, by=request.user)
    except (ValidationError, WorkflowError) as error:
        return _refused(request, claim.article, error)
    messages.success(request, f"Claim #{claim.pk} split into {len(pieces)} claims.")
    return _back(claim.article_id, f"claim-{pieces[0].pk}")


@login_required
@require_POST
def claim_correct_dismiss(request, pk: int):
    claim = _editor_claim(request, pk)
    try:
        corrections.claim_dismiss_correction(
            claim=claim, reason=request.POST.get("reason", ""), by=request.user
        )
    except (ValidationError, WorkflowError) as error:
        return _refused(request, claim.article, error)
    messages.success(request, f"Claim #{claim.pk} dismissed.")
    return _back(claim.article_id, "dismissed")
