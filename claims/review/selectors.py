"""What the review screens read: the queue, a claim's workspace, the editor's inbox, the dashboard.

Reads only; writes go through `claims.review.services`. Each selector keeps its query count fixed,
whatever the page size: rows come with `select_related` + `only`, counts come from one query.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import ID_MAX, AuditEntry, Claim, ClaimRelation, Evidence, Outlet, Verdict
from ..models.claims import QUEUE_VISIBLE
from ..permissions import EDITORS, FACT_CHECKERS, articles_for, claims_for
from ..ratings import scale

S = Claim.Status
OPEN_STATUSES = [S.NEW, S.RESEARCHING, S.IN_REVIEW]

# Counting a million rows on every page view costs more than the page itself; the queue counts up
# to this many per status and shows "1,000+" beyond it, like most issue trackers do. Paging goes on
# past it (the page reads one row ahead to know whether there is a next page).
COUNT_CAP = 1_000

QUEUE_SORTS = {
    "score": ("-checkworthiness", "id"),
    "-score": ("checkworthiness", "id"),
    "age": ("created_at", "id"),
    "-age": ("-created_at", "-id"),
    "outlets": ("-outlet_count", "-checkworthiness", "id"),
    "status": ("status", "-checkworthiness", "id"),
}
QUEUE_ROW_FIELDS = (
    "id",
    "text",
    "type",
    "checkworthiness",
    "status",
    "outlet_count",
    "created_at",
    "article__title",
    "article__outlet__name",
    "assignee__username",
)


@dataclass
class QueueFilters:
    """The queue's filters, parsed from the query string (see forms.QueueFilterForm)."""

    statuses: list[str] = field(default_factory=lambda: list(OPEN_STATUSES))
    type: str = ""
    outlet: int | None = None
    assignee: str = ""  # "", "me", "none" or a user id
    min_score: float | None = None
    max_score: float | None = None
    q: str = ""
    sort: str = "score"
    _article_ids: list[int] | None = field(default=None, repr=False)

    def outlet_article_ids(self, user) -> list[int]:
        """The chosen outlet's articles, read once per request (one indexed query). Handing the
        claims queries a list of ids lets PostgreSQL go straight to the claims' article index; as
        a subquery or a join it estimated a parallel scan of the whole articles table instead."""
        if self._article_ids is None:
            self._article_ids = list(
                articles_for(user)
                .filter(outlet_id=self.outlet)
                .order_by()
                .values_list("id", flat=True)
            )
        return self._article_ids


def staff_users() -> QuerySet:
    """Fact-checkers and editors, for the assignee pickers."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=[FACT_CHECKERS, EDITORS]) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
        .only("id", "username")
    )


def outlets() -> QuerySet:
    return Outlet.objects.order_by("name").only("id", "name")


def _queue_base(user, filters: QueueFilters) -> QuerySet:
    """The queue without its status filter: each `same` cluster shows once, through its first claim."""
    claims = claims_for(user).filter(QUEUE_VISIBLE)
    if filters.type:
        claims = claims.filter(type=filters.type)
    if filters.outlet:
        claims = _in_articles(claims, filters.outlet_article_ids(user))
    if filters.assignee == "me":
        claims = claims.filter(assignee_id=user.pk)
    elif filters.assignee == "none":
        claims = claims.filter(assignee__isnull=True)
    elif filters.assignee.isdigit() and int(filters.assignee) <= ID_MAX:
        claims = claims.filter(assignee_id=int(filters.assignee))
    if filters.min_score is not None:
        claims = claims.filter(checkworthiness__gte=filters.min_score)
    if filters.max_score is not None:
        claims = claims.filter(checkworthiness__lte=filters.max_score)
    if filters.q:
        claims = _words_in_claim(claims, filters.q)
    return claims


def _in_articles(claims: QuerySet, article_ids: list[int]) -> QuerySet:
    """On PostgreSQL the ids travel as ONE array parameter (`= ANY(%s)`), not one per id."""
    if connections[claims.db].vendor != "postgresql":
        return claims.filter(article_id__in=article_ids)
    hit = RawSQL("article_id = ANY(%s)", (article_ids,), output_field=BooleanField())
    return claims.alias(in_outlet=hit).filter(in_outlet=True)


def _words_in_claim(claims: QuerySet, words: str) -> QuerySet:
    """Text search. On PostgreSQL it uses the GIN-indexed `match_vector` column the matching
    migration (0003) adds, so a rare word does not scan a million claims; elsewhere a substring.
    The column is left unqualified: in the page-ids subquery the claims table has an alias."""
    if connections[claims.db].vendor != "postgresql":
        return claims.filter(text__icontains=words)
    hit = RawSQL(
        "match_vector @@ plainto_tsquery('english', %s)",
        (words,),
        output_field=BooleanField(),
    )
    return claims.alias(words_hit=hit).filter(words_hit=True)


def queue_claims(user, filters: QueueFilters) -> QuerySet:
    """The queue's claims under the filters, in the chosen order (not yet sliced or joined)."""
    return (
        _queue_base(user, filters)
        .filter(status__in=filters.statuses)
        .order_by(*QUEUE_SORTS.get(filters.sort, QUEUE_SORTS["score"]))
    )


def queue_rows(user, filters: QueueFilters, *, offset: int, limit: int) -> list[dict]:
    """One page of the queue as plain rows, in ONE query whatever the page size.

    The page's ids are picked first (an index-only scan of the queue indexes, however deep the
    page); only those rows are then joined to their article, outlet and assignee.
    """
    page_ids = queue_claims(user, filters).values("id")[offset : offset + limit]
    return list(
        Claim.objects.filter(id__in=page_ids)
        .order_by(*QUEUE_SORTS.get(filters.sort, QUEUE_SORTS["score"]))
        .values(*QUEUE_ROW_FIELDS)
    )


def queue_status_counts(user, filters: QueueFilters) -> dict[str, int]:
    """Claims per status under the other filters, each capped at COUNT_CAP + 1, in ONE query.

    The capped subquery is compiled once, for a placeholder status, and repeated per status.
    """
    placeholder = "\x00status"
    sql, params = (
        _queue_base(user, filters)
        .order_by()
        .filter(status=placeholder)
        .values("id")[: COUNT_CAP + 1]
    ).query.sql_with_params()
    slot = params.index(placeholder)
    parts, all_params = [], []
    for status in S.values:
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{status})")
        all_params.extend((*params[:slot], status, *params[slot + 1 :]))
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), all_params)
        row = cursor.fetchone()
    return dict(zip(S.values, row, strict=True))


# --- The claim page ---------------------------------------------------------------------------


def claim_in_context(claim: Claim, *, paragraphs_around: int = 1) -> SafeString:
    """The claim's paragraph (and its neighbours) with the claim's sentence marked.

    Everything from the article is escaped; the only markup is ours (<p> and <mark>).
    """
    body = claim.article.body
    start, end = max(0, min(claim.start, len(body))), max(0, min(claim.end, len(body)))
    if end <= start:  # offsets out of date: fall back to finding the text
        found = body.find(claim.text)
        start, end = (found, found + len(claim.text)) if found >= 0 else (0, 0)
    para_start = body.rfind("\n\n", 0, start)
    para_end = body.find("\n\n", end)
    for _ in range(paragraphs_around):
        if para_start > 0:
            para_start = body.rfind("\n\n", 0, para_start)
        if para_end != -1:
            next_end = body.find("\n\n", para_end + 2)
            para_end = next_end
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = len(body) if para_end == -1 else para_end

    def paragraphs(text: str) -> list[str]:
        return [escape(part).replace("\n", "<br>") for part in text.split("\n\n")]

    before = paragraphs(body[para_start:start])
    after = paragraphs(body[end:para_end])
    marked = format_html(
        '<mark class="claim current" id="claim-sentence">{}</mark>', body[start:end]
    )
    # Join the claim into the paragraph it sits in: the last "before" part and the first "after" part.
    middle = mark_safe(before[-1] + marked + after[0])  # noqa: S308 - parts are escaped above
    blocks = [*before[:-1], middle, *after[1:]]
    return mark_safe("".join(f"<p>{block}</p>" for block in blocks if block))  # noqa: S308


def signal_rows(claim: Claim) -> list[dict]:
    """Claim.signals as rows a person can read, whatever shape an extractor wrote."""
    rows = []
    for item in claim.signals or []:
        if isinstance(item, dict):
            rows.append(
                {
                    "signal": str(item.get("signal") or item.get("name") or "signal").replace(
                        "_", " "
                    ),
                    "detail": item.get("detail", ""),
                    "effect": item.get("effect", item.get("weight", "")),
                }
            )
        else:
            rows.append({"signal": str(item), "detail": "", "effect": ""})
    return rows


def change_rows(changes: dict) -> list[dict]:
    """An audit entry's changes as rows: [before, after] pairs become "before → after"."""
    rows = []
    for name, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append({"field": name, "pair": True, "before": value[0], "after": value[1]})
        else:
            rows.append({"field": name, "pair": False, "value": value})
    return rows


def claim_workspace(claim: Claim) -> dict:
    """Everything the claim page shows besides the claim itself, in a fixed number of queries."""
    evidence = list(
        claim.evidence.filter(removed_at__isnull=True)
        .select_related("added_by", "stance_confirmed_by")
        .order_by(F("relevance").desc(nulls_last=True), "created_at")
    )
    verdicts = list(
        claim.verdicts.select_related("proposed_by", "approved_by").order_by("-version")
    )
    comments = list(claim.comments.select_related("author"))
    history = list(
        AuditEntry.objects.filter(claim=claim)
        .select_related("actor", "verdict")
        .order_by("-created_at", "-id")
    )
    for entry in history:
        entry.change_rows = change_rows(entry.changes)
    ratings = {rating.key: rating for rating in scale()}
    for verdict in verdicts:
        verdict.rating_info = ratings.get(verdict.rating)
    current = verdicts[0] if verdicts else None
    return {
        "evidence": evidence,
        "verdicts": verdicts,
        "verdict": current,
        "open_verdict": current if current and current.status == Verdict.Status.PROPOSED else None,
        "published_verdict": next(
            (v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None
        ),
        "comments": comments,
        "history": history,
        "ratings": list(ratings.values()),
        "signals": signal_rows(claim),
        "stance_choices": Evidence.Stance.choices,
        "context_html": claim_in_context(claim),
    }


def same_claims(claim: Claim) -> QuerySet[Claim]:
    """The claims the desk matched to `claim` as `same` (the same assertion in another wording)."""
    return Claim.objects.filter(
        Q(relations_as_a__claim_b=claim, relations_as_a__relation=ClaimRelation.Relation.SAME)
        | Q(relations_as_b__claim_a=claim, relations_as_b__relation=ClaimRelation.Relation.SAME)
    ).distinct()


# Claims a published verdict may be applied to: nobody has finished (or abandoned) them yet.
APPLICABLE_STATUSES = (S.NEW, S.RESEARCHING)


def same_claims_open(claim: Claim) -> list[Claim]:
    """`same` claims a verdict on `claim` can still be applied to, with their article and outlet."""
    return list(
        same_claims(claim)
        .filter(status__in=APPLICABLE_STATUSES)
        .select_related("article__outlet")
        .order_by(F("article__published_at").asc(nulls_last=True), "id")
    )


# --- The editor's inbox ------------------------------------------------------------------------


def inbox_verdicts() -> list[Verdict]:
    """Proposed verdicts waiting for an editor, oldest first."""
    return list(
        Verdict.objects.filter(status=Verdict.Status.PROPOSED)
        .select_related("claim__article__outlet", "proposed_by")
        .only(
            "id",
            "version",
            "rating",
            "summary",
            "proposed_at",
            "proposed_by__id",
            "proposed_by__username",
            "claim__id",
            "claim__text",
            "claim__checkworthiness",
            "claim__outlet_count",
            "claim__article__id",
            "claim__article__title",
            "claim__article__outlet__id",
            "claim__article__outlet__name",
        )
        .order_by("proposed_at", "id")
    )


# --- The dashboard ----------------------------------------------------------------------------


def claims_per_status() -> dict[str, int]:
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in S.values}


def time_to_publish(*, limit: int = 5000) -> dict:
    """Median (and count) of the time from extraction to the first publication, recent first."""
    rows = (
        Verdict.objects.filter(
            status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED],
            corrects__isnull=True,
            published_at__isnull=False,
        )
        .order_by("-published_at")
        .values_list("published_at", "claim__created_at")[:limit]
    )
    hours = [(published - extracted).total_seconds() / 3600 for published, extracted in rows]
    return {"count": len(hours), "median_hours": statistics.median(hours) if hours else None}


def verdicts_per_rating() -> list[tuple[str, int, str]]:
    counts = dict(
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED)
        .order_by()
        .values_list("rating")
        .annotate(n=Count("id"))
    )
    return [(rating.label, counts.get(rating.key, 0), rating.colour) for rating in scale()]


def output_per_person(*, days: int = 30) -> list[dict]:
    """Verdicts proposed, verdicts approved and evidence added per person, over the last `days`."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        AuditEntry.objects.filter(
            created_at__gte=since,
            actor__isnull=False,
            action__in=["verdict.proposed", "verdict.published", "evidence.added"],
        )
        .order_by()
        .values_list("actor__username", "action")
        .annotate(n=Count("id"))
    )
    people: dict[str, dict] = {}
    for username, action, n in rows:
        person = people.setdefault(
            username, {"person": username, "proposed": 0, "published": 0, "evidence": 0}
        )
        person[
            {
                "verdict.proposed": "proposed",
                "verdict.published": "published",
                "evidence.added": "evidence",
            }[action]
        ] = n
    return sorted(people.values(), key=lambda p: (-(p["proposed"] + p["published"]), p["person"]))
