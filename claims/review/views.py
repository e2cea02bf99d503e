"""The review desk's web views: the queue, the claim page, the editor's inbox and the dashboard.

Every POST view reads the same way: parse the form, call one service, then redirect with a message
(or, for htmx, re-render the region the request came from). Refusals keep their meaning: a
PermissionDenied is a 403, a missing or hidden row a 404, a WorkflowError/StaleVersion a 409 with
its message, a ValidationError the form again with its errors (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ..lookups.selectors import lookups_panel_context
from ..matching.selectors import related_context_for_claim
from ..models import Claim, Verdict
from ..permissions import (
    claims_for,
    get_claim_for,
    get_verdict_for,
    is_editor,
    is_staff_member,
    require_editor,
    require_staff,
)
from ..ratings import scale
from . import charts, selectors, services
from .forms import (
    ApplyToSameForm,
    AssignForm,
    BulkForm,
    CommentForm,
    CorrectionForm,
    EvidenceForm,
    NoteForm,
    QueueFilterForm,
    ReasonForm,
    ServiceForm,
    StanceForm,
    VerdictEditForm,
    VerdictForm,
)
from .workflow import WorkflowError

PAGE_SIZES = (25, 50, 100, 200)


def home(request):
    if is_staff_member(request.user):
        return redirect("queue")
    return redirect("verdict_index")


def staff_only(view):
    """Anonymous people go to the sign-in page; signed-in people without a desk role get a 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- 1. The queue ---------------------------------------------------------------------------


@dataclass
class QueuePage:
    """One page of the queue. It reads one row past the page to know whether a next page exists, so
    paging keeps working beyond the (capped) count."""

    number: int
    per_page: int
    rows: list
    has_next: bool
    total: int
    capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@staff_only
@require_GET
def queue(request):
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    counts = selectors.queue_status_counts(request.user, filters)
    total = sum(min(counts[status], selectors.COUNT_CAP) for status in filters.statuses)
    per_page, number = (
        _per_page(request),
        form.cleaned_data.get("page") or 1,
    )  # filters() validated the form
    offset = (number - 1) * per_page
    rows = selectors.queue_rows(request.user, filters, offset=offset, limit=per_page + 1)
    capped = any(counts[status] > selectors.COUNT_CAP for status in filters.statuses)
    page = QueuePage(
        number=number,
        per_page=per_page,
        rows=rows[:per_page],
        has_next=len(rows) > per_page,
        total=total,
        capped=capped,
    )
    staff = list(selectors.staff_users().values_list("id", "username"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "claims": page.rows,
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "status_counts": [
            (
                status,
                label,
                min(counts[status], selectors.COUNT_CAP),
                counts[status] > selectors.COUNT_CAP,
            )
            for status, label in Claim.Status.choices
        ],
        "total": total,
        "capped": capped,
        "type_choices": Claim.Type.choices,
        # Dropdowns of a few hundred options are built here in one pass: a template loop over them
        # costs more than the rest of the page.
        "outlet_options": _options(
            selectors.outlets().values_list("id", "name"), selected=filters.outlet
        ),
        "staff_options": _options(staff, selected=filters.assignee),
        "bulk_staff_options": _options(staff, selected=None),
    }
    context["claims"] = _queue_rows(page.rows)
    template = "claims/queue.html#queue-results" if request.htmx else "claims/queue.html"
    return render(request, template, context)


@dataclass
class QueueRow:
    """What one line of the queue shows, worked out once in Python: the template only prints it."""

    pk: int
    url: str
    text: str
    type: str
    score: str
    article: str
    outlet: str
    outlet_count: int
    status: str
    status_label: str
    assignee: str
    age: str

    # The queue's hottest markup: 50-200 rows per page. Built with format_html (every value escaped)
    # because the template engine's per-variable cost made the rows the page's largest CPU cost.
    ROW = (
        '<tr><td><input type="checkbox" name="claims" value="{}" aria-label="Select claim {}"></td>'
        '<td class="claim-text"><a href="{}">{}</a></td><td><span class="badge">{}</span></td>'
        '<td class="num">{}</td><td><span class="article-title">{}</span><span class="muted">{}</span></td>'
        '<td class="num">{}</td><td><span class="status status-{}">{}</span></td><td>{}</td>'
        '<td class="muted nowrap">{}</td></tr>'
    )

    def html(self) -> str:
        carried = (
            format_html('<span class="badge carried">{} outlets</span>', self.outlet_count)
            if self.outlet_count > 1
            else mark_safe('<span class="muted">1 outlet</span>')
        )
        return format_html(
            self.ROW,
            self.pk,
            self.pk,
            self.url,
            self.text,
            self.type,
            self.score,
            self.article,
            self.outlet,
            carried,
            self.status,
            self.status_label,
            self.assignee,
            self.age,
        )


TYPE_LABELS, STATUS_LABELS = dict(Claim.Type.choices), dict(Claim.Status.choices)


def _queue_rows(rows: list[dict]) -> list[QueueRow]:
    now = timezone.now()
    # One reverse() for the page instead of one per row.
    head, tail = reverse("claim_detail", args=[0]).rsplit("0", 1)
    return [
        QueueRow(
            pk=row["id"],
            url=f"{head}{row['id']}{tail}",
            text=row["text"],
            type=TYPE_LABELS.get(row["type"], row["type"]),
            score=f"{row['checkworthiness']:.2f}",
            article=row["article__title"] or "(untitled)",
            outlet=row["article__outlet__name"] or "Outlet unknown",
            outlet_count=row["outlet_count"],
            status=row["status"],
            status_label=STATUS_LABELS.get(row["status"], row["status"]),
            assignee=row["assignee__username"] or "—",
            age=_age(now - row["created_at"]),
        )
        for row in rows
    ]


def _options(choices: list[tuple[int, str]], *, selected) -> str:
    """<option> elements for (id, label) pairs. Labels are escaped here; ids are integers."""
    selected = str(selected)
    return mark_safe(  # noqa: S308 - every label passes through escape()
        "".join(
            f'<option value="{pk}"{" selected" if str(pk) == selected else ""}>{escape(label)}</option>'
            for pk, label in choices
        )
    )


def _age(delta) -> str:
    """A claim's age in the queue's compact words: 40 min, 5 h, 3 d."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} d"


def _per_page(request) -> int:
    try:
        value = int(request.GET.get("per_page", 50))
    except ValueError:
        return 50
    return value if value in PAGE_SIZES else 50


@staff_only
@require_POST
def queue_take(request):
    """Take next: the best unassigned claim becomes mine, atomically; then go to its page."""
    claim = services.claim_take_next(user=request.user)
    if claim is None:
        messages.info(request, "Nothing left to take: every new claim already has someone on it.")
        return _go(request, reverse("queue"))
    messages.success(
        request, "This claim is yours now. Research it, attach evidence, then propose a verdict."
    )
    return _go(request, reverse("claim_detail", args=[claim.pk]))


@staff_only
@require_POST
def queue_bulk(request):
    """Assign (editors) or dismiss the ticked claims; then back to the same filtered queue."""
    form = BulkForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("queue")
    if not form.is_valid():
        messages.error(request, "Choose what to do with the ticked claims (assign or dismiss).")
        return _go(request, next_url)
    ids = form.cleaned_data["claims"]
    if not ids:
        messages.error(request, "Tick at least one claim first.")
        return _go(request, next_url)
    claims = list(claims_for(request.user).filter(pk__in=ids).select_related("article", "assignee"))
    try:
        if form.cleaned_data["action"] == "assign":
            assignee = None
            if form.cleaned_data["assignee"]:
                assignee = get_user_model().objects.filter(pk=form.cleaned_data["assignee"]).first()
                if assignee is None:
                    raise ValidationError({"assignee": "That person does not exist any more."})
            done, refused = services.claims_assign(
                claims=claims, assignee=assignee, by=request.user
            )
            verb = f"assigned to {assignee.username}" if assignee else "unassigned"
        else:
            done, refused = services.claims_dismiss(
                claims=claims, reason=form.cleaned_data["reason"], by=request.user
            )
            verb = "dismissed"
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _go(request, next_url)
    if done:
        messages.success(request, f"{len(done)} claim{'s' if len(done) != 1 else ''} {verb}.")
    for refusal in refused:
        messages.warning(request, refusal)
    return _go(request, next_url)


# --- 2. The claim page ----------------------------------------------------------------------


@staff_only
@require_GET
def claim_detail(request, pk: int):
    claim = get_claim_for(request.user, pk)
    return _claim_page(request, claim)


def _claim_page(
    request, claim: Claim, *, status: int = 200, forms: dict | None = None, refusal: str = ""
):
    """The claim page, or (htmx) its workspace region, with any bound forms carrying errors."""
    workspace = selectors.claim_workspace(claim)
    open_verdict, published = workspace["open_verdict"], workspace["published_verdict"]
    context = {
        "claim": claim,
        **workspace,
        "refusal": refusal,
        "forms": {
            "evidence": EvidenceForm(),
            "comment": CommentForm(),
            "propose": VerdictForm(),
            "edit": VerdictEditForm(initial=_verdict_initial(open_verdict))
            if open_verdict
            else None,
            "send_back": NoteForm(),
            "correct": CorrectionForm(initial=_verdict_initial(published)) if published else None,
            "unpublish": ReasonForm(),
            "dismiss": ReasonForm(),
            "assign": AssignForm(initial={"assignee": claim.assignee_id}),
            **(forms or {}),
        },
        "staff": selectors.staff_users() if is_editor(request.user) else [],
        "lookups_panel": lookups_panel_context(claim),
        "related": related_context_for_claim(claim),
        "public_url": _public_url(published),
        "can_propose": claim.status in (Claim.Status.NEW, Claim.Status.RESEARCHING),
        "can_add_evidence": claim.status not in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED),
        # Other outlets' wording of this claim, still open, that an editor can give this verdict.
        "apply_to_same": selectors.same_claims_open(claim)
        if published and is_editor(request.user)
        else [],
    }
    if "apply_to_same" not in context["forms"]:
        context["forms"]["apply_to_same"] = ApplyToSameForm()
    template = "claims/claim_detail.html#workspace" if request.htmx else "claims/claim_detail.html"
    return render(request, template, context, status=status)


def _verdict_initial(verdict: Verdict) -> dict:
    return {
        "rating": verdict.rating,
        "summary": verdict.summary,
        "explanation": verdict.explanation,
        "lock_version": verdict.lock_version,
    }


def _public_url(verdict: Verdict | None) -> str:
    return reverse("verdict_public", args=[verdict.pk]) if verdict else ""


def _claim_action(
    request, claim: Claim, *, form: ServiceForm, key: str, act: Callable[[dict], object], done: str
):
    """Run one service with the form's values; answer with a redirect, or the page and what went wrong."""
    if not form.is_valid():
        return _claim_page(request, claim, status=400, forms={key: form})
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        form.add_service_errors(error)
        return _claim_page(request, claim, status=400, forms={key: form})
    except WorkflowError as error:  # StaleVersion too: nothing was saved
        claim = get_claim_for(request.user, claim.pk)
        return _claim_page(request, claim, status=409, forms={key: form}, refusal=str(error))
    messages.success(request, done)
    if request.htmx:
        return _claim_page(request, get_claim_for(request.user, claim.pk))
    return redirect("claim_detail", claim.pk)


def _claim_for_action(request, pk: int) -> Claim:
    return get_claim_for(request.user, pk, write=True)


def _verdict_for_action(request, pk: int) -> tuple[Verdict, Claim]:
    verdict = get_verdict_for(request.user, pk, write=True)
    return verdict, get_claim_for(request.user, verdict.claim_id, write=True)


@staff_only
@require_POST
def claim_assign(request, pk: int):
    claim = _claim_for_action(request, pk)

    def act(data):
        assignee = None
        if data["assignee"]:
            assignee = get_object_or_404(get_user_model(), pk=data["assignee"])
        services.claim_assign(claim=claim, assignee=assignee, by=request.user)

    return _claim_action(
        request,
        claim,
        form=AssignForm(request.POST),
        key="assign",
        act=act,
        done="Assignment saved.",
    )


@staff_only
@require_POST
def claim_dismiss(request, pk: int):
    claim = _claim_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=ReasonForm(request.POST),
        key="dismiss",
        done="Claim dismissed.",
        act=lambda data: services.claim_dismiss(
            claim=claim, reason=data["reason"], by=request.user
        ),
    )


@staff_only
@require_POST
def claim_reopen(request, pk: int):
    claim = _claim_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=ServiceForm(request.POST),
        key="reopen",
        done="Claim reopened: it is back in the queue.",
        act=lambda data: services.claim_reopen(claim=claim, by=request.user),
    )


@staff_only
@require_POST
def evidence_add(request, pk: int):
    claim = _claim_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=EvidenceForm(request.POST),
        key="evidence",
        done="Evidence added.",
        act=lambda data: services.evidence_add(claim=claim, by=request.user, **data),
    )


@staff_only
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    claim = _claim_for_action(request, pk)
    evidence = get_object_or_404(claim.evidence, pk=evidence_pk)
    return _claim_action(
        request,
        claim,
        form=ServiceForm(request.POST),
        key="evidence_remove",
        done="Evidence removed.",
        act=lambda data: services.evidence_remove(evidence=evidence, by=request.user),
    )


@staff_only
@require_POST
def evidence_confirm_stance(request, pk: int, evidence_pk: int):
    claim = _claim_for_action(request, pk)
    evidence = get_object_or_404(claim.evidence, pk=evidence_pk)
    return _claim_action(
        request,
        claim,
        form=StanceForm(request.POST),
        key="stance",
        done="Stance confirmed.",
        act=lambda data: services.evidence_confirm_stance(
            evidence=evidence, stance=data["stance"], by=request.user
        ),
    )


@staff_only
@require_POST
def comment_add(request, pk: int):
    claim = _claim_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=CommentForm(request.POST),
        key="comment",
        done="Comment posted.",
        act=lambda data: services.comment_add(claim=claim, body=data["body"], by=request.user),
    )


@staff_only
@require_POST
def verdict_propose(request, pk: int):
    claim = _claim_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=VerdictForm(request.POST),
        key="propose",
        done="Verdict proposed. Another editor will review it.",
        act=lambda data: services.verdict_propose(claim=claim, by=request.user, **data),
    )


@staff_only
@require_POST
def verdict_edit(request, pk: int):
    verdict, claim = _verdict_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=VerdictEditForm(request.POST),
        key="edit",
        done="Verdict saved.",
        act=lambda data: services.verdict_edit(verdict=verdict, by=request.user, **data),
    )


@staff_only
@require_POST
def verdict_publish(request, pk: int):
    verdict, claim = _verdict_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=ServiceForm(request.POST),
        key="publish",
        done="Verdict published.",
        act=lambda data: services.verdict_publish(verdict=verdict, by=request.user),
    )


@staff_only
@require_POST
def verdict_send_back(request, pk: int):
    verdict, claim = _verdict_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=NoteForm(request.POST),
        key="send_back",
        done="Sent back to research with your note.",
        act=lambda data: services.verdict_send_back(
            verdict=verdict, note=data["note"], by=request.user
        ),
    )


@staff_only
@require_POST
def verdict_correct(request, pk: int):
    verdict, claim = _verdict_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=CorrectionForm(request.POST),
        key="correct",
        done="Correction published; the earlier version stays in the history.",
        act=lambda data: services.verdict_correct(verdict=verdict, by=request.user, **data),
    )


@staff_only
@require_POST
def verdict_unpublish(request, pk: int):
    verdict, claim = _verdict_for_action(request, pk)
    return _claim_action(
        request,
        claim,
        form=ReasonForm(request.POST),
        key="unpublish",
        done="Verdict withdrawn; the claim is back in research.",
        act=lambda data: services.verdict_unpublish(
            verdict=verdict, reason=data["reason"], by=request.user
        ),
    )


@staff_only
@require_POST
def verdict_apply_to_same(request, pk: int):
    """Publish this verdict on the ticked `same` claims of other outlets, once the editor confirms."""
    verdict, claim = _verdict_for_action(request, pk)

    def act(data):
        targets = list(claims_for(request.user).filter(pk__in=data["claims"]))
        missing = sorted(set(data["claims"]) - {target.pk for target in targets})
        if missing:
            raise ValidationError({"claims": f"Claim {missing[0]} no longer exists."})
        services.verdict_apply_to_same(verdict=verdict, claims=targets, by=request.user)

    # All or nothing: when the service succeeds, every ticked claim has the verdict.
    ticked = len(set(request.POST.getlist("claims")))
    return _claim_action(
        request,
        claim,
        form=ApplyToSameForm(request.POST),
        key="apply_to_same",
        done=f"Verdict applied to {ticked} claim{'s' if ticked != 1 else ''} in other outlets "
        "and published there.",
        act=act,
    )


# --- 3. The editor's inbox ------------------------------------------------------------------


@staff_only
@require_GET
def inbox(request):
    require_editor(request.user)
    verdicts = selectors.inbox_verdicts()
    ratings = {rating.key: rating for rating in scale()}
    for verdict in verdicts:
        verdict.mine = verdict.proposed_by_id == request.user.pk
        verdict.rating_info = ratings.get(verdict.rating)
    return render(request, "claims/inbox.html", {"verdicts": verdicts})


# --- 4. The dashboard -----------------------------------------------------------------------

STATUS_COLOURS = {
    "new": "#0a58ca",
    "researching": "#bf8700",
    "in_review": "#8250df",
    "published": "#1a7f37",
    "dismissed": "#6e7781",
}


@staff_only
@require_GET
def dashboard(request):
    per_status = selectors.claims_per_status()
    output = selectors.output_per_person(days=30)
    publish_time = selectors.time_to_publish()
    context = {
        "per_status": per_status,
        "status_chart": charts.bar_chart(
            [
                (Claim.Status(status).label, n, STATUS_COLOURS[status])
                for status, n in per_status.items()
            ],
            title="Claims in each state",
        ),
        "publish_time": publish_time,
        "publish_time_words": _duration_words(publish_time["median_hours"]),
        "rating_chart": charts.bar_chart(
            selectors.verdicts_per_rating(), title="Published verdicts by rating"
        ),
        "output": output,
        "output_chart": charts.grouped_bar_chart(
            output,
            label_key="person",
            title="Output per person, last 30 days",
            series=[
                ("proposed", "Verdicts proposed", "#0a58ca"),
                ("published", "Verdicts approved", "#1a7f37"),
                ("evidence", "Evidence added", "#bf8700"),
            ],
        )
        if output
        else None,
    }
    return render(request, "claims/dashboard.html", context)


def _duration_words(hours: float | None) -> str:
    if hours is None:
        return ""
    if hours < 1:
        return f"{round(hours * 60)} minutes"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"
