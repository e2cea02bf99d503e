"""Applying a published verdict to the same claim in other outlets: the service and the claim page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims.models import AuditEntry, Claim, ClaimRelation, Evidence, Verdict
from claims.review import services
from claims.review.workflow import WorkflowError

pytestmark = pytest.mark.django_db


def relate(one: Claim, other: Claim, relation: str = "same", similarity: float = 0.93):
    a, b = sorted((one, other), key=lambda claim: claim.pk)
    return ClaimRelation.objects.create(
        claim_a=a, claim_b=b, relation=relation, similarity=similarity
    )


@pytest.fixture
def other_outlet_claim(make_claim, make_article, published_verdict):
    """The same claim, worded differently, in another outlet's article."""
    text = "Some 6,000 people were evacuated by the US."
    article = make_article(
        body=f"{text} More text.", title="Another report", outlet="Other Outlet", domain="o.example"
    )
    claim = make_claim(text=text, article=article)
    relate(published_verdict.claim, claim)
    return claim


@pytest.fixture
def third_outlet_claim(make_claim, make_article, published_verdict):
    text = "About 6,000 were evacuated, the US says."
    article = make_article(
        body=f"{text} Filler.", title="Third report", outlet="Third Outlet", domain="t.example"
    )
    claim = make_claim(text=text, article=article, status=Claim.Status.RESEARCHING)
    relate(claim, published_verdict.claim)
    return claim


# --- The service --------------------------------------------------------------------------------


def test_editor_applies_a_published_verdict_to_same_claims(
    published_verdict, other_outlet_claim, third_outlet_claim, editor
):
    applied = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim, third_outlet_claim], by=editor
    )

    assert [v.claim_id for v in applied] == sorted([other_outlet_claim.pk, third_outlet_claim.pk])
    for verdict in applied:
        verdict.refresh_from_db()
        assert verdict.status == Verdict.Status.PUBLISHED
        assert verdict.version == 1
        assert (verdict.rating, verdict.summary, verdict.explanation) == (
            published_verdict.rating,
            published_verdict.summary,
            published_verdict.explanation,
        )
        assert verdict.applied_from_id == published_verdict.pk
        assert verdict.proposed_by_id == published_verdict.proposed_by_id
        assert verdict.approved_by_id == editor.pk
        assert verdict.published_at is not None
        assert verdict.claim.status == Claim.Status.PUBLISHED
        assert [e.url for e in verdict.evidence.all()] == ["https://example.org/report"]


def test_applied_verdict_takes_the_next_version_of_its_claim(
    published_verdict, other_outlet_claim, editor, fact_checker, evidence_for
):
    evidence_for(other_outlet_claim, url="https://example.org/own")
    services.verdict_propose(
        claim=other_outlet_claim, rating="true", summary="Yes.", by=fact_checker
    )
    services.verdict_send_back(
        verdict=other_outlet_claim.verdicts.get(), note="Check the figure.", by=editor
    )

    [applied] = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim], by=editor
    )

    assert applied.version == 2


def test_evidence_is_copied_once_per_claim_and_url(
    published_verdict, other_outlet_claim, editor, evidence_for
):
    existing = evidence_for(other_outlet_claim, url="https://example.org/report", title="Mine")

    [applied] = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim], by=editor
    )

    rows = Evidence.objects.filter(claim=other_outlet_claim, url="https://example.org/report")
    assert list(rows) == [existing]
    assert list(applied.evidence.all()) == [existing]
    # The source claim's own evidence is untouched.
    assert published_verdict.claim.evidence.count() == 1


def test_a_removed_evidence_link_comes_back_when_the_verdict_rests_on_it(
    published_verdict, other_outlet_claim, editor, evidence_for
):
    removed = evidence_for(other_outlet_claim, url="https://example.org/report")
    services.evidence_remove(evidence=removed, by=editor)

    services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim], by=editor
    )

    removed.refresh_from_db()
    assert removed.removed_at is None


def test_a_claim_not_matched_as_same_is_refused_by_id(
    published_verdict, other_outlet_claim, make_claim, editor
):
    similar = make_claim(text="Thousands were evacuated.")
    relate(published_verdict.claim, similar, relation="similar", similarity=0.7)
    stranger = make_claim(text="The bridge closed on Monday.")

    with pytest.raises(ValidationError) as error:
        services.verdict_apply_to_same(
            verdict=published_verdict, claims=[other_outlet_claim, similar, stranger], by=editor
        )

    message = error.value.message_dict["claims"][0]
    assert f"{similar.pk}, {stranger.pk}" in message
    assert str(other_outlet_claim.pk) not in message.split("is not")[0]
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()
    other_outlet_claim.refresh_from_db()
    assert other_outlet_claim.status == Claim.Status.NEW


def test_the_verdicts_own_claim_is_refused(published_verdict, editor):
    with pytest.raises(ValidationError):
        services.verdict_apply_to_same(
            verdict=published_verdict, claims=[published_verdict.claim], by=editor
        )


@pytest.mark.parametrize("status", ["published", "in_review", "dismissed"])
def test_a_target_already_decided_or_in_review_is_refused_and_nothing_is_applied(
    published_verdict, other_outlet_claim, third_outlet_claim, editor, status
):
    third_outlet_claim.status = status
    third_outlet_claim.save()

    with pytest.raises(WorkflowError) as error:
        services.verdict_apply_to_same(
            verdict=published_verdict, claims=[other_outlet_claim, third_outlet_claim], by=editor
        )

    assert f"Claim {third_outlet_claim.pk} is" in str(error.value)
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()
    other_outlet_claim.refresh_from_db()
    assert other_outlet_claim.status == Claim.Status.NEW


def test_an_unpublished_source_verdict_cannot_be_applied(proposed_verdict, make_claim, editor):
    same = make_claim(text="Some 6,000 were evacuated.")
    relate(proposed_verdict.claim, same)

    with pytest.raises(WorkflowError):
        services.verdict_apply_to_same(verdict=proposed_verdict, claims=[same], by=editor)


def test_the_proposer_cannot_apply_their_own_verdict(
    make_claim, evidence_for, editor, other_editor
):
    claim = make_claim(status=Claim.Status.RESEARCHING)
    evidence_for(claim)
    proposed = services.verdict_propose(claim=claim, rating="false", summary="No.", by=editor)
    published = services.verdict_publish(verdict=proposed, by=other_editor)
    same = make_claim(text="Some 6,000 were evacuated.")
    relate(claim, same)

    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.verdict_apply_to_same(verdict=published, claims=[same], by=editor)
    assert services.verdict_apply_to_same(verdict=published, claims=[same], by=other_editor)


def test_fact_checkers_cannot_apply_verdicts(published_verdict, other_outlet_claim, fact_checker):
    with pytest.raises(PermissionDenied, match="Only editors"):
        services.verdict_apply_to_same(
            verdict=published_verdict, claims=[other_outlet_claim], by=fact_checker
        )


def test_an_empty_choice_is_refused(published_verdict, editor):
    with pytest.raises(ValidationError):
        services.verdict_apply_to_same(verdict=published_verdict, claims=[], by=editor)


def test_applying_is_audited_on_both_claims(published_verdict, other_outlet_claim, editor):
    [applied] = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim], by=editor
    )

    on_target = AuditEntry.objects.get(action="verdict.applied", claim=other_outlet_claim)
    assert on_target.actor == editor
    assert on_target.verdict == applied
    assert on_target.changes["applied_from_verdict"] == published_verdict.pk
    assert on_target.changes["status"] == ["new", "published"]
    on_source = AuditEntry.objects.get(action="verdict.applied", claim=published_verdict.claim)
    assert on_source.verdict == published_verdict
    assert on_source.changes == {
        "applied_to_claim": other_outlet_claim.pk,
        "applied_to_verdict": applied.pk,
    }


def test_each_applied_verdict_is_announced_as_published(
    published_verdict, other_outlet_claim, third_outlet_claim, editor
):
    from claims.models import WebhookDelivery, WebhookSubscription

    WebhookSubscription.objects.create(
        target_url="http://127.0.0.1:9/hook", events=["verdict.published"], secret="s" * 32
    )

    applied = services.verdict_apply_to_same(
        verdict=published_verdict, claims=[other_outlet_claim, third_outlet_claim], by=editor
    )

    deliveries = WebhookDelivery.objects.filter(event="verdict.published")
    assert sorted(d.payload["verdict"] for d in deliveries) == sorted(v.pk for v in applied)


# --- The claim page -----------------------------------------------------------------------------


def test_editors_see_the_apply_form_with_every_open_same_claim_ticked(
    editor_client, published_verdict, other_outlet_claim, third_outlet_claim
):
    response = editor_client.get(reverse("claim_detail", args=[published_verdict.claim_id]))

    html = response.content.decode()
    assert "Apply this verdict to the same claim in other outlets" in html
    assert reverse("verdict_apply_to_same", args=[published_verdict.pk]) in html
    for claim in (other_outlet_claim, third_outlet_claim):
        assert f'name="claims" value="{claim.pk}" checked' in html
    assert "Other Outlet" in html and "Third Outlet" in html
    assert 'name="confirm"' in html


def test_fact_checkers_do_not_see_the_apply_form(
    checker_client, published_verdict, other_outlet_claim
):
    response = checker_client.get(reverse("claim_detail", args=[published_verdict.claim_id]))

    assert response.status_code == 200
    assert "Apply this verdict" not in response.content.decode()


def test_the_form_is_hidden_when_no_same_claim_is_open(
    editor_client, published_verdict, other_outlet_claim
):
    other_outlet_claim.status = Claim.Status.DISMISSED
    other_outlet_claim.save()

    response = editor_client.get(reverse("claim_detail", args=[published_verdict.claim_id]))

    assert "Apply this verdict" not in response.content.decode()


def test_posting_the_form_applies_the_verdict_and_returns_to_the_claim(
    editor_client, published_verdict, other_outlet_claim, third_outlet_claim
):
    url = reverse("verdict_apply_to_same", args=[published_verdict.pk])
    response = editor_client.post(url, {"claims": [other_outlet_claim.pk], "confirm": "on"})

    assert response.status_code == 302
    assert response.url == reverse("claim_detail", args=[published_verdict.claim_id])
    assert Verdict.objects.get(applied_from=published_verdict).claim == other_outlet_claim
    third_outlet_claim.refresh_from_db()
    assert third_outlet_claim.status == Claim.Status.RESEARCHING
    page = editor_client.get(response.url).content.decode()
    assert "Verdict applied to 1 claim" in page


def test_posting_without_confirming_applies_nothing(
    editor_client, published_verdict, other_outlet_claim
):
    url = reverse("verdict_apply_to_same", args=[published_verdict.pk])
    response = editor_client.post(url, {"claims": [other_outlet_claim.pk]})

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()


def test_a_fact_checker_posting_the_form_is_refused(
    checker_client, published_verdict, other_outlet_claim
):
    url = reverse("verdict_apply_to_same", args=[published_verdict.pk])
    response = checker_client.post(url, {"claims": [other_outlet_claim.pk], "confirm": "on"})

    assert response.status_code == 403
    assert not Verdict.objects.filter(applied_from=published_verdict).exists()


def test_a_target_taken_meanwhile_answers_409_with_the_reason(
    editor_client, published_verdict, other_outlet_claim
):
    other_outlet_claim.status = Claim.Status.IN_REVIEW
    other_outlet_claim.save()
    url = reverse("verdict_apply_to_same", args=[published_verdict.pk])

    response = editor_client.post(url, {"claims": [other_outlet_claim.pk], "confirm": "on"})

    assert response.status_code == 409
    assert f"Claim {other_outlet_claim.pk} is in review" in response.content.decode()


def test_the_editor_who_proposed_the_verdict_sees_the_four_eyes_note_instead_of_the_form(
    make_claim, evidence_for, editor, other_editor, editor_client
):
    claim = make_claim(status=Claim.Status.RESEARCHING)
    evidence_for(claim)
    proposed = services.verdict_propose(claim=claim, rating="false", summary="No.", by=editor)
    services.verdict_publish(verdict=proposed, by=other_editor)
    relate(claim, make_claim(text="Some 6,000 were evacuated."))

    html = editor_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()

    assert "Apply this verdict to the same claim in other outlets" in html
    assert "another editor has to apply it" in html
    assert reverse("verdict_apply_to_same", args=[proposed.pk]) not in html
