"""Who may do what: the two newsroom roles and the permission-aware fetchers every view uses.

A 404 for what you may not see, a 403 (PermissionDenied) for what you may see but not change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Article, Claim, Verdict

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"
ROLE_GROUPS = {"fact-checker": FACT_CHECKERS, "editor": EDITORS}


def _group_names(user) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_claimdesk_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._claimdesk_groups = cached
    return cached


def is_editor(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or EDITORS in _group_names(user)))


def is_staff_member(user) -> bool:
    """Fact-checkers and editors: the people who work the desk."""
    return is_editor(user) or FACT_CHECKERS in _group_names(user)


def require_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("Only fact-checkers and editors can do this.")


def require_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDenied("Only editors can do this.")


def roles(request) -> dict:
    """Template context processor: what the signed-in person may do."""
    user = getattr(request, "user", None)
    return {"is_staff_member": is_staff_member(user), "is_editor": is_editor(user)}


def articles_for(user) -> QuerySet[Article]:
    if is_staff_member(user):
        return Article.objects.all()
    return Article.objects.none()


def claims_for(user) -> QuerySet[Claim]:
    if is_staff_member(user):
        return Claim.objects.all()
    return Claim.objects.filter(status=Claim.Status.PUBLISHED)


def verdicts_for(user) -> QuerySet[Verdict]:
    if is_staff_member(user):
        return Verdict.objects.all()
    return Verdict.objects.filter(status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED])


def _fetch(queryset: QuerySet, pk, what: str):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {what} with id {pk}.") from None


def get_article_for(user, pk) -> Article:
    return _fetch(articles_for(user).select_related("outlet"), pk, "article")


def get_claim_for(user, pk, *, write: bool = False) -> Claim:
    claim = _fetch(claims_for(user).select_related("article__outlet", "assignee"), pk, "claim")
    if write:
        require_staff(user)
    return claim


def get_verdict_for(user, pk, *, write: bool = False) -> Verdict:
    verdict = _fetch(verdicts_for(user).select_related("claim__article__outlet"), pk, "verdict")
    if write:
        require_staff(user)
    return verdict
