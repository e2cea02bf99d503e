"""The review workflow's rules, in one place.

Claims move new → researching → in_review → published; any unpublished state may go to dismissed;
in_review goes back to researching when an editor sends the verdict back; unpublishing a verdict
puts its claim back to researching. Services check these rules; views never re-implement them.
"""

from django.core.exceptions import PermissionDenied

from ..models import AuditEntry, Claim, Verdict
from ..permissions import is_editor, is_staff_member

S = Claim.Status

CLAIM_TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.RESEARCHING, S.IN_REVIEW, S.DISMISSED},
    S.RESEARCHING: {S.IN_REVIEW, S.DISMISSED, S.NEW},
    S.IN_REVIEW: {S.RESEARCHING, S.PUBLISHED, S.DISMISSED},
    S.PUBLISHED: {S.RESEARCHING},
    S.DISMISSED: {S.NEW},
}

# Who may perform each action: "staff" (fact-checkers and editors) or "editor".
ACTION_ROLES = {
    "take": "staff",
    "assign": "editor",
    "release": "staff",
    "dismiss": "staff",
    "reopen": "editor",
    "add_evidence": "staff",
    "remove_evidence": "staff",
    "confirm_stance": "staff",
    "run_lookups": "staff",
    "comment": "staff",
    "propose": "staff",
    "edit_verdict": "staff",
    "publish": "editor",
    "send_back": "editor",
    "correct": "editor",
    "unpublish": "editor",
    "apply_to_same": "editor",
    "correct_extraction": "editor",
}


class WorkflowError(Exception):
    """The action does not fit the current state (HTTP 409). The message says what to do instead."""


class StaleVersion(WorkflowError):
    """Someone else saved first (HTTP 409); nothing was overwritten."""


def can(user, action: str) -> bool:
    role = ACTION_ROLES[action]
    return is_editor(user) if role == "editor" else is_staff_member(user)


def require(user, action: str) -> None:
    if not can(user, action):
        who = "editors" if ACTION_ROLES[action] == "editor" else "fact-checkers and editors"
        raise PermissionDenied(f"Only {who} can {action.replace('_', ' ')}.")


def require_transition(claim: Claim, target: str) -> None:
    if target not in CLAIM_TRANSITIONS.get(claim.status, set()):
        raise WorkflowError(
            f"This claim is {claim.get_status_display().lower()}; it cannot move to "
            f"{Claim.Status(target).label.lower()}. Reload the page to see its current state."
        )


def require_verdict_status(verdict: Verdict, *allowed: str) -> None:
    if verdict.status not in allowed:
        raise WorkflowError(
            f"This verdict is {verdict.get_status_display().lower()}; that action needs it to be "
            f"{' or '.join(Verdict.Status(s).label.lower() for s in allowed)}."
        )


def require_not_proposer(verdict: Verdict, user) -> None:
    """Four-eyes: whoever wrote the proposal, or changed it since, cannot be the one to approve it."""
    if verdict.proposed_by_id == user.pk:
        raise PermissionDenied(
            "You proposed this verdict, so another editor has to approve it (four-eyes rule)."
        )
    if AuditEntry.objects.filter(verdict=verdict, action="verdict.edited", actor=user).exists():
        raise PermissionDenied(
            "You edited this proposal, so another editor has to approve it (four-eyes rule)."
        )
