"""The review desk's actions: the contract shared by web views, API views, commands and tasks.

Every service takes keyword arguments, checks permissions and the workflow's rules, writes inside
one transaction, records an audit entry, and schedules side effects (webhooks, snapshots) with
`transaction.on_commit`. Refusals raise PermissionDenied (403), WorkflowError/StaleVersion (409)
or ValidationError (400), each with a message a person can act on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from ..audit import audit_record
from ..models import Claim, Comment, Evidence, Verdict
from ..publishing.webhooks import webhooks_emit
from ..ratings import get_rating
from . import workflow
from .selectors import APPLICABLE_STATUSES, same_claims
from .workflow import StaleVersion, WorkflowError

S = Claim.Status
V = Verdict.Status


def _lock_claim(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)


def _move(claim: Claim, target: str, **fields) -> None:
    workflow.require_transition(claim, target)
    claim.status = target
    claim.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()


# --- Taking and assigning work ----------------------------------------------------------------


def claim_take_next(*, user) -> Claim | None:
    """Assign the most check-worthy unassigned new claim to `user`, atomically.

    Two people taking at once never get the same claim: the assignment is a conditional UPDATE
    that only one of them can win; the loser moves on to the next candidate.
    """
    workflow.require(user, "take")
    for _ in range(20):
        candidates = list(
            Claim.objects.filter(status=S.NEW, assignee__isnull=True)
            .order_by("-checkworthiness", "created_at", "id")
            .values_list("id", flat=True)[:10]
        )
        if not candidates:
            return None
        for claim_id in candidates:
            with transaction.atomic():
                won = Claim.objects.filter(id=claim_id, status=S.NEW, assignee__isnull=True).update(
                    assignee=user, status=S.RESEARCHING, status_changed_at=timezone.now()
                )
                if won:
                    claim = Claim.objects.select_related("article").get(pk=claim_id)
                    audit_record(
                        actor=user,
                        action="claim.taken",
                        claim=claim,
                        changes={
                            "status": [S.NEW, S.RESEARCHING],
                            "assignee": [None, user.username],
                        },
                    )
                    return claim
    return None


def claim_assign(*, claim: Claim, assignee, by) -> Claim:
    """An editor gives a claim to someone (or takes it away with assignee=None)."""
    workflow.require(by, "assign")
    if assignee is not None and (not assignee.is_active or not workflow.can(assignee, "take")):
        raise ValidationError({"user": "That person is not a fact-checker or an editor."})
    with transaction.atomic():
        claim = _lock_claim(claim)
        if claim.status in (S.PUBLISHED, S.DISMISSED):
            raise WorkflowError(f"This claim is {claim.status}; reopen it before assigning it.")
        before = claim.assignee.username if claim.assignee else None
        claim.assignee = assignee
        if assignee is not None and claim.status == S.NEW:
            _move(claim, S.RESEARCHING)
        else:
            claim.save(update_fields=["assignee", "updated_at"])
        audit_record(
            actor=by,
            action="claim.assigned",
            claim=claim,
            changes={"assignee": [before, assignee.username if assignee else None]},
        )
    return claim


def claim_dismiss(*, claim: Claim, reason: str, by) -> Claim:
    """Dismiss a claim as not checkable or not worth checking, with a reason."""
    workflow.require(by, "dismiss")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the claim is dismissed (e.g. an opinion, not checkable)."}
        )
    with transaction.atomic():
        claim = _lock_claim(claim)
        before = claim.status
        _move(claim, S.DISMISSED, dismissed_reason=reason)
        audit_record(
            actor=by,
            action="claim.dismissed",
            claim=claim,
            changes={"status": [before, S.DISMISSED], "reason": reason},
        )
    return claim


def claim_reopen(*, claim: Claim, by) -> Claim:
    """An editor brings a dismissed claim back to the queue."""
    workflow.require(by, "reopen")
    with transaction.atomic():
        claim = _lock_claim(claim)
        _move(claim, S.NEW, assignee=None, dismissed_reason="")
        audit_record(
            actor=by, action="claim.reopened", claim=claim, changes={"status": [S.DISMISSED, S.NEW]}
        )
    return claim


def claims_assign(*, claims: list[Claim], assignee, by) -> tuple[list[Claim], list[str]]:
    """Bulk assign: each claim is assigned on its own (claim_assign), so one refusal undoes nothing else.

    Returns the claims assigned and, for each one refused, a sentence saying why.
    """
    workflow.require(by, "assign")
    done, refused = [], []
    for claim in claims:
        try:
            done.append(claim_assign(claim=claim, assignee=assignee, by=by))
        except WorkflowError as error:
            refused.append(f"Claim {claim.pk}: {error}")
    return done, refused


def claims_dismiss(*, claims: list[Claim], reason: str, by) -> tuple[list[Claim], list[str]]:
    """Bulk dismiss with one reason: each claim is dismissed on its own (claim_dismiss)."""
    workflow.require(by, "dismiss")
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": "Say why the claims are dismissed (e.g. opinions, not checkable)."}
        )
    done, refused = [], []
    for claim in claims:
        try:
            done.append(claim_dismiss(claim=claim, reason=reason, by=by))
        except WorkflowError as error:
            refused.append(f"Claim {claim.pk}: {error}")
    return done, refused


# --- Evidence and comments --------------------------------------------------------------------

_validate_url = URLValidator(schemes=["http", "https"])


def evidence_add(
    *,
    claim: Claim,
    url: str,
    by,
    title: str = "",
    excerpt: str = "",
    stance: str = "",
    publisher: str = "",
) -> Evidence:
    """Attach a link to a claim. The same URL for the same claim stays one row."""
    workflow.require(by, "add_evidence")
    url = (url or "").strip()
    try:
        _validate_url(url)
    except ValidationError:
        raise ValidationError(
            {"url": "Enter a full web address starting with http:// or https://."}
        ) from None
    if stance and stance not in Evidence.Stance.values:
        raise ValidationError(
            {"stance": f"Stance must be one of {', '.join(Evidence.Stance.values)}."}
        )
    if claim.status in (S.PUBLISHED, S.DISMISSED):
        raise WorkflowError(f"This claim is {claim.status}; evidence can no longer be added.")
    with transaction.atomic():
        evidence, created = _evidence_get_or_create(
            claim,
            url,
            defaults={
                "title": title[:500],
                "excerpt": excerpt,
                "publisher": publisher[:200],
                "stance": stance,
                "stance_confirmed_by": by if stance else None,
                "added_by": by,
            },
        )
        if not created:
            changed: dict[str, object] = {}
            if evidence.removed_at:
                evidence.removed_at, evidence.removed_by = None, None
                changed["restored"] = True
            for name, value in (("title", title), ("excerpt", excerpt), ("stance", stance)):
                if value and getattr(evidence, name) != value:
                    changed[name] = [getattr(evidence, name), value]
                    setattr(evidence, name, value)
            if stance:
                evidence.stance_confirmed_by = by
            evidence.save()
        audit_record(
            actor=by,
            action="evidence.added" if created else "evidence.updated",
            claim=claim,
            changes={"url": url, "title": evidence.title, "stance": evidence.stance},
        )
        # Snapshot of the page, so the verdict survives link rot (lookups' snapshot task).
        _schedule_snapshot(evidence)
    return evidence


def _evidence_get_or_create(claim: Claim, url: str, defaults: dict) -> tuple[Evidence, bool]:
    try:
        with transaction.atomic():
            return Evidence.objects.get_or_create(claim=claim, url=url, defaults=defaults)
    except IntegrityError:  # a concurrent insert of the same URL won
        return Evidence.objects.get(claim=claim, url=url), False


def _schedule_snapshot(evidence: Evidence) -> None:
    try:
        from ..lookups.snapshots import snapshot_schedule
    except ImportError:  # the lookups package is optional while it is being built
        return
    snapshot_schedule(evidence=evidence)


def evidence_remove(*, evidence: Evidence, by) -> Evidence:
    """Hide a link from the claim. The row stays: published verdicts keep their evidence."""
    workflow.require(by, "remove_evidence")
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if evidence.removed_at is None:
            evidence.removed_at, evidence.removed_by = timezone.now(), by
            evidence.save(update_fields=["removed_at", "removed_by"])
            audit_record(
                actor=by,
                action="evidence.removed",
                claim=evidence.claim,
                changes={"url": evidence.url},
            )
    return evidence


def evidence_confirm_stance(*, evidence: Evidence, stance: str, by) -> Evidence:
    """A person confirms (or corrects) the stance a lookup suggested."""
    workflow.require(by, "confirm_stance")
    if stance not in Evidence.Stance.values:
        raise ValidationError(
            {"stance": f"Stance must be one of {', '.join(Evidence.Stance.values)}."}
        )
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        before = evidence.stance
        evidence.stance, evidence.stance_confirmed_by = stance, by
        evidence.save(update_fields=["stance", "stance_confirmed_by"])
        audit_record(
            actor=by,
            action="evidence.stance_confirmed",
            claim=evidence.claim,
            changes={"url": evidence.url, "stance": [before, stance]},
        )
    return evidence


def comment_add(*, claim: Claim, body: str, by) -> Comment:
    workflow.require(by, "comment")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something before posting a comment."})
    with transaction.atomic():
        comment = Comment.objects.create(claim=claim, author=by, body=body)
        audit_record(actor=by, action="comment.added", claim=claim, changes={"comment": comment.pk})
    return comment


# --- Verdicts ---------------------------------------------------------------------------------


def _check_verdict_fields(*, rating: str, summary: str) -> None:
    errors = {}
    if get_rating(rating or "") is None:
        errors["rating"] = "Choose a rating from the scale."
    if not (summary or "").strip():
        errors["summary"] = "Say in a sentence or two what is true."
    if errors:
        raise ValidationError(errors)


def verdict_propose(
    *, claim: Claim, rating: str, summary: str, explanation: str = "", by
) -> Verdict:
    """Propose a verdict: needs a rating, a summary and at least one evidence link."""
    workflow.require(by, "propose")
    _check_verdict_fields(rating=rating, summary=summary)
    with transaction.atomic():
        claim = _lock_claim(claim)
        evidence = list(claim.evidence.filter(removed_at__isnull=True))
        if not evidence:
            raise ValidationError(
                {"evidence": "Attach at least one evidence link before proposing a verdict."}
            )
        if claim.status == S.IN_REVIEW:
            raise WorkflowError(
                "A verdict on this claim is already waiting for approval; edit that one instead."
            )
        before = claim.status
        _move(claim, S.IN_REVIEW, assignee=claim.assignee or by)
        version = (claim.verdicts.aggregate(v=Max("version"))["v"] or 0) + 1
        verdict = Verdict.objects.create(
            claim=claim,
            version=version,
            rating=rating,
            summary=summary.strip(),
            explanation=(explanation or "").strip(),
            proposed_by=by,
        )
        verdict.evidence.set(evidence)
        audit_record(
            actor=by,
            action="verdict.proposed",
            claim=claim,
            verdict=verdict,
            changes={"status": [before, S.IN_REVIEW], "rating": rating, "summary": verdict.summary},
        )
    return verdict


def verdict_edit(
    *,
    verdict: Verdict,
    lock_version: int,
    by,
    rating: str | None = None,
    summary: str | None = None,
    explanation: str | None = None,
) -> Verdict:
    """Edit a proposed verdict. A save based on an older version is refused (optimistic locking)."""
    workflow.require(by, "edit_verdict")
    workflow.require_verdict_status(verdict, V.PROPOSED)
    new = {
        "rating": verdict.rating if rating is None else rating,
        "summary": verdict.summary if summary is None else summary.strip(),
        "explanation": verdict.explanation if explanation is None else explanation.strip(),
    }
    _check_verdict_fields(rating=new["rating"], summary=new["summary"])
    with transaction.atomic():
        updated = Verdict.objects.filter(
            pk=verdict.pk, lock_version=lock_version, status=V.PROPOSED
        ).update(**new, lock_version=F("lock_version") + 1, updated_at=timezone.now())
        if not updated:
            raise StaleVersion(
                "Someone else changed this verdict while you were editing it. Your changes were not "
                "saved: reload to see theirs, then apply yours again."
            )
        changes = {k: [getattr(verdict, k), v] for k, v in new.items() if getattr(verdict, k) != v}
        verdict.refresh_from_db()
        audit_record(
            actor=by, action="verdict.edited", claim=verdict.claim, verdict=verdict, changes=changes
        )
    return verdict


def _lock_verdict(verdict: Verdict) -> Verdict:
    return Verdict.objects.select_for_update().select_related("claim").get(pk=verdict.pk)


def verdict_publish(*, verdict: Verdict, by) -> Verdict:
    """An editor other than the proposer approves and publishes a proposed verdict."""
    workflow.require(by, "publish")
    with transaction.atomic():
        verdict = _lock_verdict(verdict)
        workflow.require_verdict_status(verdict, V.PROPOSED)
        workflow.require_not_proposer(verdict, by)
        claim = _lock_claim(verdict.claim)
        _move(claim, S.PUBLISHED)
        verdict.status, verdict.approved_by, verdict.published_at = V.PUBLISHED, by, timezone.now()
        verdict.lock_version += 1
        verdict.save()
        audit_record(
            actor=by,
            action="verdict.published",
            claim=claim,
            verdict=verdict,
            changes={"status": [S.IN_REVIEW, S.PUBLISHED], "rating": verdict.rating},
        )
        webhooks_emit(event="verdict.published", verdict=verdict)
    return verdict


def verdict_send_back(*, verdict: Verdict, note: str, by) -> Verdict:
    """An editor returns a proposal to research with a note saying what is missing."""
    workflow.require(by, "send_back")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Tell the fact-checker what needs more work."})
    with transaction.atomic():
        verdict = _lock_verdict(verdict)
        workflow.require_verdict_status(verdict, V.PROPOSED)
        claim = _lock_claim(verdict.claim)
        _move(claim, S.RESEARCHING)
        verdict.status, verdict.send_back_note = V.SENT_BACK, note
        verdict.lock_version += 1
        verdict.save()
        audit_record(
            actor=by,
            action="verdict.sent_back",
            claim=claim,
            verdict=verdict,
            changes={"status": [S.IN_REVIEW, S.RESEARCHING], "note": note},
        )
    return verdict


def verdict_correct(
    *,
    verdict: Verdict,
    note: str,
    by,
    rating: str | None = None,
    summary: str | None = None,
    explanation: str | None = None,
) -> Verdict:
    """Correct a published verdict: the old version stays in history, a new version is published."""
    workflow.require(by, "correct")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what the correction changes; readers see this note."})
    with transaction.atomic():
        old = _lock_verdict(verdict)
        workflow.require_verdict_status(old, V.PUBLISHED)
        new_rating = old.rating if rating is None else rating
        new_summary = old.summary if summary is None else summary.strip()
        _check_verdict_fields(rating=new_rating, summary=new_summary)
        old.status = V.SUPERSEDED
        old.lock_version += 1
        old.save()
        now = timezone.now()
        new = Verdict.objects.create(
            claim=old.claim,
            version=old.version + 1,
            rating=new_rating,
            summary=new_summary,
            explanation=old.explanation if explanation is None else explanation.strip(),
            status=V.PUBLISHED,
            proposed_by=by,
            approved_by=by,
            published_at=now,
            corrects=old,
            correction_note=note,
        )
        new.evidence.set(old.evidence.all())
        audit_record(
            actor=by,
            action="verdict.corrected",
            claim=old.claim,
            verdict=new,
            changes={
                "version": [old.version, new.version],
                "rating": [old.rating, new.rating],
                "note": note,
            },
        )
        webhooks_emit(event="verdict.corrected", verdict=new)
    return new


def verdict_unpublish(*, verdict: Verdict, reason: str, by) -> Verdict:
    """Withdraw a published verdict; its claim goes back to research."""
    workflow.require(by, "unpublish")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the verdict is withdrawn."})
    with transaction.atomic():
        verdict = _lock_verdict(verdict)
        workflow.require_verdict_status(verdict, V.PUBLISHED)
        claim = _lock_claim(verdict.claim)
        _move(claim, S.RESEARCHING)
        verdict.status, verdict.unpublished_reason, verdict.unpublished_at = (
            V.UNPUBLISHED,
            reason,
            timezone.now(),
        )
        verdict.lock_version += 1
        verdict.save()
        audit_record(
            actor=by,
            action="verdict.unpublished",
            claim=claim,
            verdict=verdict,
            changes={"status": [S.PUBLISHED, S.RESEARCHING], "reason": reason},
        )
        webhooks_emit(event="verdict.unpublished", verdict=verdict)
    return verdict


def verdict_apply_to_same(*, verdict: Verdict, claims, by) -> list[Verdict]:
    """Publish a published verdict on other outlets' `same` claims, in one action an editor confirms.

    Every target must be matched to the verdict's claim as `same` (else ValidationError) and still
    open — new or researching (else WorkflowError). For each target, in one transaction: the
    source's evidence is copied onto it (one row per claim and URL), a published verdict with the
    same rating, summary and explanation is created with `applied_from` set, proposed_by the
    source's proposer and approved_by the editor, the claim moves to published, `verdict.applied`
    is audited on both claims and `verdict.published` is emitted for the new verdict. The proposer
    of the source verdict may not apply it: the copies would be published on their word alone.
    """
    workflow.require(by, "apply_to_same")
    wanted = sorted({claim.pk for claim in claims})
    if not wanted:
        raise ValidationError({"claims": "Tick at least one claim to apply the verdict to."})
    with transaction.atomic():
        source = _lock_verdict(verdict)
        workflow.require_verdict_status(source, V.PUBLISHED)
        workflow.require_not_proposer(source, by)
        same = set(same_claims(source.claim).filter(pk__in=wanted).values_list("pk", flat=True))
        unrelated = [pk for pk in wanted if pk not in same]
        if unrelated:
            raise ValidationError(
                {
                    "claims": f"Claim {', '.join(map(str, unrelated))} is not matched as the same "
                    "claim as this one; a verdict can only be applied to its `same` claims."
                }
            )
        # Locked in id order, so two editors applying overlapping sets cannot deadlock.
        targets = list(
            Claim.objects.select_for_update()
            .filter(pk__in=wanted)
            .select_related("article")  # not the outlet: FOR UPDATE refuses the outer join
            .order_by("pk")
        )
        closed = [claim for claim in targets if claim.status not in APPLICABLE_STATUSES]
        if closed:
            raise WorkflowError(
                " ".join(
                    f"Claim {claim.pk} is {claim.get_status_display().lower()}, so the verdict "
                    "cannot be applied to it."
                    for claim in closed
                )
                + " Untick it and apply again, or reload the page to see its current state."
            )
        evidence = list(source.evidence.order_by("pk"))
        return [
            _verdict_apply_to_claim(source=source, claim=claim, evidence=evidence, by=by)
            for claim in targets
        ]


def _verdict_apply_to_claim(*, source: Verdict, claim: Claim, evidence: list, by) -> Verdict:
    copies = []
    for item in evidence:
        copy, created = _evidence_get_or_create(
            claim,
            item.url,
            defaults={
                "title": item.title,
                "excerpt": item.excerpt,
                "publisher": item.publisher,
                "published_at": item.published_at,
                "stance": item.stance,
                "stance_confirmed_by": item.stance_confirmed_by,
                "added_by": by,
            },
        )
        if not created and copy.removed_at:  # the verdict stands on it: show it again
            copy.removed_at, copy.removed_by = None, None
            copy.save(update_fields=["removed_at", "removed_by"])
        copies.append(copy)
    before = claim.status
    _move(claim, S.IN_REVIEW)  # the workflow's path to published, both steps checked
    _move(claim, S.PUBLISHED)
    version = (claim.verdicts.aggregate(v=Max("version"))["v"] or 0) + 1
    applied = Verdict.objects.create(
        claim=claim,
        version=version,
        rating=source.rating,
        summary=source.summary,
        explanation=source.explanation,
        status=V.PUBLISHED,
        proposed_by_id=source.proposed_by_id,
        approved_by=by,
        published_at=timezone.now(),
        applied_from=source,
    )
    applied.evidence.set(copies)
    audit_record(
        actor=by,
        action="verdict.applied",
        claim=claim,
        verdict=applied,
        changes={
            "status": [before, S.PUBLISHED],
            "rating": source.rating,
            "applied_from_claim": source.claim_id,
            "applied_from_verdict": source.pk,
        },
    )
    audit_record(
        actor=by,
        action="verdict.applied",
        claim=source.claim,
        verdict=source,
        changes={"applied_to_claim": claim.pk, "applied_to_verdict": applied.pk},
    )
    webhooks_emit(event="verdict.published", verdict=applied)
    return applied
