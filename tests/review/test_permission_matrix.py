"""Every role × every review screen and action, checked on the server.

Anonymous visitors are sent to sign in; signed-in people without a desk role get a 403; fact-checkers
may do everything but the editors' actions (assign, reopen, publish, send back, correct, unpublish,
and the inbox); editors may do everything. A refused request changes nothing (no audit entry).
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import AuditEntry, Claim
from claims.review import services

from .conftest import signed_in

ROLES = ["anonymous", "outsider", "fact_checker", "editor"]
EDITOR_ONLY = {
    "inbox",
    "bulk_assign",
    "assign",
    "reopen",
    "publish",
    "send_back",
    "correct",
    "unpublish",
}


@pytest.fixture
def world(make_claim, evidence_for, fact_checker, other_editor):
    """One claim in each state an action needs; the proposal is the fact-checker's."""
    new = make_claim("A new claim.")
    researched = make_claim(
        "A researched claim.", status=Claim.Status.RESEARCHING, assignee=fact_checker
    )
    evidence = evidence_for(researched, suggested_stance="refutes")
    dismissed = make_claim(
        "A dismissed claim.", status=Claim.Status.DISMISSED, dismissed_reason="Opinion."
    )
    in_review = make_claim("A claim in review.", status=Claim.Status.RESEARCHING)
    evidence_for(in_review)
    proposed = services.verdict_propose(
        claim=in_review, rating="false", summary="No.", by=fact_checker
    )
    to_publish = make_claim("A claim to publish.", status=Claim.Status.RESEARCHING)
    evidence_for(to_publish)
    published = services.verdict_publish(
        verdict=services.verdict_propose(
            claim=to_publish, rating="true", summary="Yes.", by=fact_checker
        ),
        by=other_editor,
    )
    return {
        "new": new,
        "researched": researched,
        "evidence": evidence,
        "dismissed": dismissed,
        "proposed": proposed,
        "published": published,
        "fact_checker": fact_checker,
    }


def request_for(action: str, w: dict) -> tuple[str, str, dict]:
    r = w["researched"]
    return {
        "queue": ("get", reverse("queue"), {}),
        "claim_page": ("get", reverse("claim_detail", args=[r.pk]), {}),
        "inbox": ("get", reverse("inbox"), {}),
        "dashboard": ("get", reverse("dashboard"), {}),
        "take_next": ("post", reverse("queue_take"), {}),
        "bulk_assign": (
            "post",
            reverse("queue_bulk"),
            {"claims": [w["new"].pk], "action": "assign", "assignee": w["fact_checker"].pk},
        ),
        "bulk_dismiss": (
            "post",
            reverse("queue_bulk"),
            {"claims": [w["new"].pk], "action": "dismiss", "reason": "Opinion."},
        ),
        "assign": (
            "post",
            reverse("claim_assign", args=[w["new"].pk]),
            {"assignee": w["fact_checker"].pk},
        ),
        "dismiss": ("post", reverse("claim_dismiss", args=[r.pk]), {"reason": "Opinion."}),
        "reopen": ("post", reverse("claim_reopen", args=[w["dismissed"].pk]), {}),
        "add_evidence": (
            "post",
            reverse("evidence_add", args=[r.pk]),
            {"url": "https://census.example/"},
        ),
        "remove_evidence": ("post", reverse("evidence_remove", args=[r.pk, w["evidence"].pk]), {}),
        "confirm_stance": (
            "post",
            reverse("evidence_confirm_stance", args=[r.pk, w["evidence"].pk]),
            {"stance": "refutes"},
        ),
        "comment": ("post", reverse("comment_add", args=[r.pk]), {"body": "Looking."}),
        "propose": (
            "post",
            reverse("verdict_propose", args=[r.pk]),
            {"rating": "false", "summary": "No."},
        ),
        "edit_verdict": (
            "post",
            reverse("verdict_edit", args=[w["proposed"].pk]),
            {"rating": "false", "summary": "Not so.", "lock_version": w["proposed"].lock_version},
        ),
        "publish": ("post", reverse("verdict_publish", args=[w["proposed"].pk]), {}),
        "send_back": (
            "post",
            reverse("verdict_send_back", args=[w["proposed"].pk]),
            {"note": "More."},
        ),
        "correct": (
            "post",
            reverse("verdict_correct", args=[w["published"].pk]),
            {"rating": "true", "summary": "Yes.", "note": "Typo."},
        ),
        "unpublish": (
            "post",
            reverse("verdict_unpublish", args=[w["published"].pk]),
            {"reason": "Wrong."},
        ),
    }[action]


ACTIONS = [
    "queue",
    "claim_page",
    "inbox",
    "dashboard",
    "take_next",
    "bulk_assign",
    "bulk_dismiss",
    "assign",
    "dismiss",
    "reopen",
    "add_evidence",
    "remove_evidence",
    "confirm_stance",
    "comment",
    "propose",
    "edit_verdict",
    "publish",
    "send_back",
    "correct",
    "unpublish",
]


def expected(role: str, action: str) -> str:
    if role == "anonymous":
        return "login"
    if role == "outsider" or (role == "fact_checker" and action in EDITOR_ONLY):
        return "forbidden"
    return "allowed"


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, action, world, request):
    client = Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))
    method, url, data = request_for(action, world)
    audit_before = AuditEntry.objects.count()
    response = getattr(client, method)(url, data)
    outcome = expected(role, action)
    if outcome == "login":
        assert response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL))
    elif outcome == "forbidden":
        assert response.status_code == 403
    else:
        assert response.status_code == (200 if method == "get" else 302), response.content[:500]
    if outcome != "allowed" or method == "get":
        assert AuditEntry.objects.count() == audit_before
    else:
        assert AuditEntry.objects.count() > audit_before
