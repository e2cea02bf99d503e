"""Web views of the lookup stage: the live lookups panel, retrying one lookup, running them again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from claims.models import Lookup
from claims.permissions import get_claim_for, require_staff
from claims.review.workflow import WorkflowError

from .selectors import lookups_panel_context
from .services import lookup_retry as lookup_retry_service
from .services import lookups_run_again


def _panel(request, claim, *, status: int = 200, error: str = ""):
    embedded = (request.GET.get("embedded") or request.POST.get("embedded")) == "1"
    seen = request.GET.get("seen") or request.POST.get("seen")
    context = lookups_panel_context(
        claim, embedded=embedded, evidence_seen=int(seen) if seen and seen.isdigit() else None
    )
    context["panel"] = context
    context["panel_error"] = error
    return render(request, "claims/partials/lookups.html", context, status=status)


def _back_to_claim(request, claim):
    try:
        return redirect(reverse("claim_detail", args=[claim.pk]) + "#lookups")
    except NoReverseMatch:  # the review desk is not installed: the panel stands alone
        return redirect("claim_lookups", pk=claim.pk)


@login_required
@require_GET
def claim_lookups(request, pk: int):
    """The lookups panel: every lookup's state and the evidence found. Polled by htmx while busy."""
    require_staff(request.user)
    claim = get_claim_for(request.user, pk)
    return _panel(request, claim)


@login_required
@require_POST
def lookup_retry(request, pk: int):
    lookup = get_object_or_404(Lookup.objects.select_related("claim"), pk=pk)
    claim = get_claim_for(request.user, lookup.claim_id, write=True)
    try:
        lookup_retry_service(lookup=lookup, by=request.user)
    except WorkflowError as error:
        if request.htmx:
            return _panel(request, claim, status=409, error=str(error))
        messages.error(request, str(error))
    return _panel(request, claim) if request.htmx else _back_to_claim(request, claim)


@login_required
@require_POST
def claim_lookups_run(request, pk: int):
    claim = get_claim_for(request.user, pk, write=True)
    lookups = lookups_run_again(claim=claim, by=request.user)
    if not request.htmx:
        messages.info(
            request,
            f"{len(lookups)} lookup(s) queued." if lookups else "Every lookup is already running.",
        )
        return _back_to_claim(request, claim)
    return _panel(request, claim)
