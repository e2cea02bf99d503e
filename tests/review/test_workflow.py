"""The workflow's state rules and the four-eyes rule, through the services every interface calls."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import AuditEntry, Claim, Verdict
from claims.review import services
from claims.review.workflow import StaleVersion, WorkflowError


@pytest.fixture
def researched_claim(make_claim, fact_checker, evidence_for):
    claim = make_claim(status=Claim.Status.RESEARCHING, assignee=fact_checker)
    evidence_for(claim)
    return claim


def test_take_next_assigns_the_most_checkworthy_new_claim(make_claim, fact_checker):
    make_claim("Low.", checkworthiness=0.3)
    best = make_claim("High.", checkworthiness=0.9)
    taken = services.claim_take_next(user=fact_checker)
    assert taken == best
    assert taken.assignee == fact_checker and taken.status == Claim.Status.RESEARCHING


def test_take_next_returns_none_when_queue_is_empty(db, fact_checker):
    assert services.claim_take_next(user=fact_checker) is None


def test_outsider_cannot_take_claims(make_claim, outsider):
    make_claim()
    with pytest.raises(PermissionDenied):
        services.claim_take_next(user=outsider)


def test_proposal_needs_evidence(make_claim, fact_checker):
    claim = make_claim(status=Claim.Status.RESEARCHING)
    with pytest.raises(ValidationError) as error:
        services.verdict_propose(claim=claim, rating="false", summary="It was 5,000.", by=fact_checker)
    assert "evidence" in error.value.message_dict


def test_proposal_needs_a_known_rating_and_a_summary(researched_claim, fact_checker):
    with pytest.raises(ValidationError) as error:
        services.verdict_propose(claim=researched_claim, rating="nonsense", summary=" ", by=fact_checker)
    assert set(error.value.message_dict) == {"rating", "summary"}


def test_fact_checker_cannot_approve_own_verdict(researched_claim, editor):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=editor)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.verdict_publish(verdict=verdict, by=editor)


def test_fact_checker_cannot_publish(researched_claim, fact_checker):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=fact_checker)
    with pytest.raises(PermissionDenied):
        services.verdict_publish(verdict=verdict, by=fact_checker)


def test_full_path_propose_publish_correct_unpublish(researched_claim, fact_checker, editor):
    verdict = services.verdict_propose(claim=researched_claim, rating="mostly-true", summary="About right.",
                                       by=fact_checker)
    researched_claim.refresh_from_db()
    assert researched_claim.status == Claim.Status.IN_REVIEW
    services.verdict_publish(verdict=verdict, by=editor)
    researched_claim.refresh_from_db()
    assert researched_claim.status == Claim.Status.PUBLISHED
    corrected = services.verdict_correct(verdict=verdict, rating="half-true", note="Figure revised.", by=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUPERSEDED and corrected.version == 2
    assert corrected.corrects == verdict and corrected.status == Verdict.Status.PUBLISHED
    services.verdict_unpublish(verdict=corrected, reason="Legal review.", by=editor)
    researched_claim.refresh_from_db()
    assert researched_claim.status == Claim.Status.RESEARCHING
    actions = list(AuditEntry.objects.filter(claim=researched_claim).values_list("action", flat=True))
    assert actions == ["verdict.proposed", "verdict.published", "verdict.corrected", "verdict.unpublished"]


def test_send_back_returns_claim_to_research(researched_claim, fact_checker, editor):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=fact_checker)
    services.verdict_send_back(verdict=verdict, note="Find the Pentagon's own figure.", by=editor)
    researched_claim.refresh_from_db()
    verdict.refresh_from_db()
    assert researched_claim.status == Claim.Status.RESEARCHING
    assert verdict.status == Verdict.Status.SENT_BACK
    again = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes, 6,000.", by=fact_checker)
    assert again.version == 2


def test_publishing_twice_is_refused(researched_claim, fact_checker, editor, other_editor):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=fact_checker)
    services.verdict_publish(verdict=verdict, by=editor)
    with pytest.raises(WorkflowError):
        services.verdict_publish(verdict=verdict, by=other_editor)


def test_second_stale_edit_is_refused_and_overwrites_nothing(researched_claim, fact_checker, other_fact_checker):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="First.", by=fact_checker)
    seen = verdict.lock_version
    services.verdict_edit(verdict=verdict, lock_version=seen, summary="Edited by Fiona.", by=fact_checker)
    with pytest.raises(StaleVersion):
        services.verdict_edit(verdict=verdict, lock_version=seen, summary="Edited by Farid.", by=other_fact_checker)
    verdict.refresh_from_db()
    assert verdict.summary == "Edited by Fiona."


def test_dismiss_needs_a_reason_and_not_published(researched_claim, fact_checker):
    with pytest.raises(ValidationError):
        services.claim_dismiss(claim=researched_claim, reason="", by=fact_checker)
    services.claim_dismiss(claim=researched_claim, reason="An opinion.", by=fact_checker)
    researched_claim.refresh_from_db()
    assert researched_claim.status == Claim.Status.DISMISSED


def test_same_evidence_url_stays_one_row(make_claim, fact_checker):
    claim = make_claim(status=Claim.Status.RESEARCHING)
    services.evidence_add(claim=claim, url="https://example.org/a", title="A", by=fact_checker)
    services.evidence_add(claim=claim, url="https://example.org/a", excerpt="More", by=fact_checker)
    assert claim.evidence.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_taking_at_once_never_get_the_same_claim(require_postgres, make_claim, fact_checker,
                                                              other_fact_checker):
    for n in range(6):
        make_claim(f"Claim {n}.", checkworthiness=0.5 + n / 100)
    results, barrier = {}, threading.Barrier(2)

    def take(user):
        from django.db import connection

        barrier.wait()
        results[user.username] = [services.claim_take_next(user=user).pk for _ in range(3)]
        connection.close()

    threads = [threading.Thread(target=take, args=(u,)) for u in (fact_checker, other_fact_checker)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    taken = results["fiona"] + results["farid"]
    assert len(taken) == 6 and len(set(taken)) == 6


def test_editor_who_edited_a_proposal_cannot_approve_it(researched_claim, fact_checker, editor, other_editor):
    verdict = services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=fact_checker)
    services.verdict_edit(verdict=verdict, lock_version=verdict.lock_version, rating="false",
                          summary="No.", by=editor)
    verdict.refresh_from_db()
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.verdict_publish(verdict=verdict, by=editor)
    services.verdict_publish(verdict=verdict, by=other_editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.approved_by == other_editor
