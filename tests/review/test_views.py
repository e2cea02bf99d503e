"""The review desk's screens and actions, through the web views."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import AuditEntry, Claim, Comment, Evidence, Verdict
from claims.review import services

from .conftest import signed_in

S = Claim.Status


def shown(response) -> list[int]:
    """The ids of the claims the queue page lists, in order."""
    return [row.pk for row in response.context["claims"]]


# --- Queue ----------------------------------------------------------------------------------


def test_queue_lists_open_claims_most_checkworthy_first(checker_client, make_claim):
    low = make_claim("Low claim.", checkworthiness=0.2)
    high = make_claim("High claim.", checkworthiness=0.9)
    make_claim("Done claim.", status=S.PUBLISHED)
    response = checker_client.get(reverse("queue"))
    assert response.status_code == 200
    assert shown(response) == [high.pk, low.pk]
    assert b"Done claim." not in response.content


def test_queue_filters_live_in_the_url(checker_client, make_claim, make_article):
    other = make_article(
        body="Prices rose by 9% in May.", outlet="Other Outlet", domain="other.example"
    )
    wanted = make_claim(
        "Prices rose by 9% in May.", article=other, type="quantity", checkworthiness=0.7
    )
    make_claim("A quote nobody said.", type="quote", checkworthiness=0.7)
    make_claim("Prices fell.", type="quantity", checkworthiness=0.1)
    url = (
        reverse("queue")
        + f"?type=quantity&outlet={other.outlet_id}&min_score=0.5&q=prices&status=new"
    )
    response = checker_client.get(url)
    assert shown(response) == [wanted.pk]
    # The filter form shows what the URL asked for, so the page is shareable.
    assert 'value="prices"' in response.content.decode()


def test_queue_search_finds_a_claim_beyond_the_first_page_of_the_unfiltered_queue(
    checker_client, make_claim
):
    for n in range(30):
        make_claim(f"Rainfall claim number {n}.", checkworthiness=0.9)
    wanted = make_claim("The bridge toll doubled.", checkworthiness=0.1)
    response = checker_client.get(reverse("queue") + "?q=toll&per_page=25")
    assert shown(response) == [wanted.pk]


def test_queue_counts_claims_per_status_under_the_other_filters(checker_client, make_claim):
    make_claim("A.", type="quantity")
    make_claim("B.", type="quantity", status=S.RESEARCHING)
    make_claim("C.", type="quote", status=S.RESEARCHING)
    response = checker_client.get(reverse("queue") + "?type=quantity")
    counts = {status: count for status, _, count, _ in response.context["status_counts"]}
    assert counts == {"new": 1, "researching": 1, "in_review": 0, "published": 0, "dismissed": 0}


def test_queue_sorts_by_age_and_paginates(checker_client, make_claim):
    claims = [make_claim(f"Claim number {n}.", checkworthiness=0.5) for n in range(30)]
    response = checker_client.get(reverse("queue") + "?sort=age&per_page=25")
    assert shown(response) == [claim.pk for claim in claims[:25]]
    second = checker_client.get(reverse("queue") + "?sort=age&per_page=25&page=2")
    assert shown(second) == [claim.pk for claim in claims[25:]]


def test_queue_shows_each_same_cluster_once_with_its_outlet_count(checker_client, make_claim):
    first = make_claim("Shared claim in outlet one.", outlet_count=3)
    first.cluster = first
    first.save()
    for n in range(2):
        make_claim(f"Shared claim copy {n}.", cluster=first, outlet_count=3)
    response = checker_client.get(reverse("queue"))
    assert shown(response) == [first.pk]
    assert "3 outlets" in response.content.decode()


def test_queue_query_count_does_not_grow_with_page_size(checker_client, make_claim, fact_checker):
    for n in range(60):
        make_claim(f"Claim {n}.", assignee=fact_checker if n % 2 else None)
    with CaptureQueriesContext(connection) as small:
        checker_client.get(reverse("queue") + "?per_page=25")
    with CaptureQueriesContext(connection) as large:
        checker_client.get(reverse("queue") + "?per_page=200")
    assert len(large) == len(small)


def test_queue_htmx_request_gets_only_the_results(checker_client, make_claim):
    make_claim()
    response = checker_client.get(reverse("queue"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="queue-results"' in body and "<html" not in body


def test_queue_links_work_without_javascript(checker_client, make_claim):
    for n in range(3):
        make_claim(f"Claim {n}.")
    body = checker_client.get(reverse("queue") + "?per_page=25").content.decode()
    # Every hx-get has an href beside it.
    assert body.count("hx-get=") <= body.count("href=")
    assert 'href="?per_page=50"' in body


def test_take_next_assigns_the_best_claim_and_opens_it(checker_client, fact_checker, make_claim):
    make_claim("Low.", checkworthiness=0.2)
    best = make_claim("Best.", checkworthiness=0.95)
    response = checker_client.post(reverse("queue_take"))
    assert response.status_code == 302 and response.url == reverse("claim_detail", args=[best.pk])
    best.refresh_from_db()
    assert best.assignee == fact_checker and best.status == S.RESEARCHING


def test_take_next_with_an_empty_queue_says_so(checker_client):
    response = checker_client.post(reverse("queue_take"), follow=True)
    assert "Nothing left to take" in response.content.decode()


def test_take_next_over_htmx_redirects_the_browser(checker_client, make_claim):
    claim = make_claim()
    response = checker_client.post(reverse("queue_take"), headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == reverse("claim_detail", args=[claim.pk])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_clicking_take_next_at_once_get_different_claims(
    require_postgres, make_claim, fact_checker, other_fact_checker
):
    for n in range(4):
        make_claim(f"Claim {n}.", checkworthiness=0.5 + n / 100)
    barrier, landed = threading.Barrier(2), {}

    def click(user):
        client = signed_in(user)
        barrier.wait()
        landed[user.username] = [client.post(reverse("queue_take")).url for _ in range(2)]
        connection.close()

    threads = [
        threading.Thread(target=click, args=(user,)) for user in (fact_checker, other_fact_checker)
    ]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    pages = landed["fiona"] + landed["farid"]
    assert len(set(pages)) == 4
    assert Claim.objects.filter(assignee__isnull=False).count() == 4


def test_editor_bulk_assigns_ticked_claims_and_returns_to_the_filtered_queue(
    editor_client, make_claim, fact_checker
):
    first, second, untouched = make_claim("One."), make_claim("Two."), make_claim("Three.")
    back = reverse("queue") + "?type=quantity"
    response = editor_client.post(
        reverse("queue_bulk"),
        {
            "claims": [first.pk, second.pk],
            "action": "assign",
            "assignee": fact_checker.pk,
            "next": back,
        },
    )
    assert response.status_code == 302 and response.url == back
    assert set(Claim.objects.filter(assignee=fact_checker)) == {first, second}
    untouched.refresh_from_db()
    assert untouched.assignee is None


def test_bulk_dismiss_needs_a_reason(checker_client, make_claim):
    claim = make_claim()
    response = checker_client.post(
        reverse("queue_bulk"), {"claims": [claim.pk], "action": "dismiss"}, follow=True
    )
    assert "Say why" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == S.NEW


def test_bulk_dismiss_reports_claims_it_could_not_dismiss(checker_client, make_claim):
    open_claim, published = make_claim("Open."), make_claim("Published.", status=S.PUBLISHED)
    response = checker_client.post(
        reverse("queue_bulk"),
        {
            "claims": [open_claim.pk, published.pk],
            "action": "dismiss",
            "reason": "Opinion.",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "1 claim dismissed" in body and f"Claim {published.pk}" in body
    assert Claim.objects.get(pk=open_claim.pk).status == S.DISMISSED


def test_bulk_next_url_cannot_leave_the_site(checker_client, make_claim):
    claim = make_claim()
    response = checker_client.post(
        reverse("queue_bulk"),
        {
            "claims": [claim.pk],
            "action": "dismiss",
            "reason": "Opinion.",
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("queue")


# --- Claim page -----------------------------------------------------------------------------


def test_claim_page_marks_the_claim_in_its_article(checker_client, make_article, make_claim):
    article = make_article(
        body="First paragraph.\n\nThe mayor said 40 bridges were closed. Then rain.\n\nLast."
    )
    claim = make_claim("The mayor said 40 bridges were closed.", article=article)
    body = checker_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert (
        '<mark class="claim current" id="claim-sentence">The mayor said 40 bridges were closed.</mark> Then rain.'
        in body
    )


def test_claim_page_explains_the_score(checker_client, make_claim):
    claim = make_claim(
        signals=[{"signal": "named_source", "detail": "attributed to the mayor", "effect": 0.15}]
    )
    body = checker_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "named source" in body and "attributed to the mayor" in body


def test_claim_page_shows_history_with_who_and_what(checker_client, researched_claim, fact_checker):
    services.comment_add(claim=researched_claim, body="Checking the census.", by=fact_checker)
    services.claim_dismiss(claim=researched_claim, reason="Not checkable.", by=fact_checker)
    body = checker_client.get(reverse("claim_detail", args=[researched_claim.pk])).content.decode()
    assert "claim.dismissed" in body and "researching → dismissed" in body and "fiona" in body


def test_claim_page_of_an_unknown_claim_is_404(checker_client):
    assert checker_client.get(reverse("claim_detail", args=[999999])).status_code == 404


def test_adding_evidence_attaches_the_link(checker_client, researched_claim, fact_checker):
    response = checker_client.post(
        reverse("evidence_add", args=[researched_claim.pk]),
        {
            "url": "https://stats.example/census",
            "title": "Census",
            "excerpt": "5,000 left.",
            "stance": "refutes",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(url="https://stats.example/census")
    assert (
        evidence.claim == researched_claim
        and evidence.stance == "refutes"
        and evidence.added_by == fact_checker
    )


def test_adding_evidence_with_a_bad_url_shows_the_error(checker_client, researched_claim):
    response = checker_client.post(
        reverse("evidence_add", args=[researched_claim.pk]), {"url": "not a link"}
    )
    assert response.status_code == 400
    assert "Enter a full web address" in response.content.decode()
    assert not Evidence.objects.filter(url="not a link").exists()


def test_adding_evidence_over_htmx_returns_the_workspace(checker_client, researched_claim):
    response = checker_client.post(
        reverse("evidence_add", args=[researched_claim.pk]),
        {"url": "https://stats.example/a"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="workspace"' in body and "<html" not in body
    assert "https://stats.example/a" in body and "Evidence added." in body


def test_removing_evidence_hides_it(checker_client, researched_claim):
    evidence = researched_claim.evidence.get()
    checker_client.post(reverse("evidence_remove", args=[researched_claim.pk, evidence.pk]))
    evidence.refresh_from_db()
    assert evidence.removed_at is not None


def test_evidence_of_another_claim_cannot_be_removed_through_this_one(
    checker_client, researched_claim, make_claim, evidence_for
):
    foreign = evidence_for(make_claim("Another claim."), url="https://other.example/")
    response = checker_client.post(
        reverse("evidence_remove", args=[researched_claim.pk, foreign.pk])
    )
    assert response.status_code == 404


def test_confirming_a_suggested_stance(
    checker_client, researched_claim, evidence_for, fact_checker
):
    suggested = evidence_for(
        researched_claim, url="https://found.example/", suggested_stance="supports"
    )
    checker_client.post(
        reverse("evidence_confirm_stance", args=[researched_claim.pk, suggested.pk]),
        {"stance": "supports"},
    )
    suggested.refresh_from_db()
    assert suggested.stance == "supports" and suggested.stance_confirmed_by == fact_checker


def test_commenting(checker_client, researched_claim):
    checker_client.post(
        reverse("comment_add", args=[researched_claim.pk]), {"body": "Census says otherwise."}
    )
    assert Comment.objects.get(claim=researched_claim).body == "Census says otherwise."


def test_empty_comment_is_refused_with_a_message(checker_client, researched_claim):
    response = checker_client.post(
        reverse("comment_add", args=[researched_claim.pk]), {"body": "  "}
    )
    assert response.status_code == 400 and "Write something" in response.content.decode()


def test_proposing_a_verdict_puts_the_claim_in_review(
    checker_client, researched_claim, fact_checker
):
    response = checker_client.post(
        reverse("verdict_propose", args=[researched_claim.pk]),
        {
            "rating": "mostly-false",
            "summary": "About 5,000 left.",
            "explanation": "See the census.",
        },
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=researched_claim)
    assert verdict.proposed_by == fact_checker and verdict.rating == "mostly-false"
    researched_claim.refresh_from_db()
    assert researched_claim.status == S.IN_REVIEW


def test_proposing_without_evidence_explains_what_is_missing(checker_client, make_claim):
    claim = make_claim(status=S.RESEARCHING)
    response = checker_client.post(
        reverse("verdict_propose", args=[claim.pk]), {"rating": "false", "summary": "No."}
    )
    assert response.status_code == 400
    assert "Attach at least one evidence link" in response.content.decode()


def test_proposing_twice_is_a_conflict(checker_client, proposed_verdict):
    response = checker_client.post(
        reverse("verdict_propose", args=[proposed_verdict.claim_id]),
        {"rating": "false", "summary": "No."},
    )
    # The claim is in review: the page shows the open proposal, the service refuses a second one.
    assert response.status_code == 409
    assert "already waiting for approval" in response.content.decode()


def test_editing_a_proposal_with_the_current_lock_version_saves(checker_client, proposed_verdict):
    response = checker_client.post(
        reverse("verdict_edit", args=[proposed_verdict.pk]),
        {
            "rating": "mostly-false",
            "summary": "Nearer 5,200.",
            "lock_version": proposed_verdict.lock_version,
        },
    )
    assert response.status_code == 302
    proposed_verdict.refresh_from_db()
    assert proposed_verdict.summary == "Nearer 5,200." and proposed_verdict.lock_version == 2


def test_stale_edit_is_refused_clearly_and_overwrites_nothing(
    proposed_verdict, fact_checker, other_fact_checker
):
    mine, theirs = signed_in(fact_checker), signed_in(other_fact_checker)
    version = proposed_verdict.lock_version
    theirs.post(
        reverse("verdict_edit", args=[proposed_verdict.pk]),
        {"rating": "false", "summary": "Their wording.", "lock_version": version},
    )
    response = mine.post(
        reverse("verdict_edit", args=[proposed_verdict.pk]),
        {"rating": "true", "summary": "My wording.", "lock_version": version},
    )
    assert response.status_code == 409
    assert "Someone else changed this verdict" in response.content.decode()
    proposed_verdict.refresh_from_db()
    assert proposed_verdict.summary == "Their wording." and proposed_verdict.rating == "false"


def test_editor_publishes_someone_elses_proposal(editor_client, proposed_verdict, editor):
    response = editor_client.post(reverse("verdict_publish", args=[proposed_verdict.pk]))
    assert response.status_code == 302
    proposed_verdict.refresh_from_db()
    assert (
        proposed_verdict.status == Verdict.Status.PUBLISHED
        and proposed_verdict.approved_by == editor
    )


def test_editor_cannot_publish_own_proposal(editor_client, editor, researched_claim):
    verdict = services.verdict_propose(
        claim=researched_claim, rating="true", summary="Yes.", by=editor
    )
    response = editor_client.post(reverse("verdict_publish", args=[verdict.pk]))
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PROPOSED


def test_own_proposal_shows_no_approve_button(editor_client, editor, researched_claim):
    services.verdict_propose(claim=researched_claim, rating="true", summary="Yes.", by=editor)
    body = editor_client.get(reverse("claim_detail", args=[researched_claim.pk])).content.decode()
    assert "Approve and publish" not in body and "four-eyes" in body


def test_publishing_twice_is_a_conflict(editor_client, published_verdict):
    response = editor_client.post(reverse("verdict_publish", args=[published_verdict.pk]))
    assert response.status_code == 409 and "published" in response.content.decode()


def test_sending_back_needs_a_note_and_returns_the_claim_to_research(
    editor_client, proposed_verdict
):
    refused = editor_client.post(
        reverse("verdict_send_back", args=[proposed_verdict.pk]), {"note": ""}
    )
    assert refused.status_code == 400 and "Tell the fact-checker" in refused.content.decode()
    editor_client.post(
        reverse("verdict_send_back", args=[proposed_verdict.pk]), {"note": "Find the census."}
    )
    proposed_verdict.refresh_from_db()
    assert proposed_verdict.status == Verdict.Status.SENT_BACK
    assert Claim.objects.get(pk=proposed_verdict.claim_id).status == S.RESEARCHING


def test_correcting_publishes_a_new_version_and_keeps_the_old(editor_client, published_verdict):
    response = editor_client.post(
        reverse("verdict_correct", args=[published_verdict.pk]),
        {
            "rating": "mostly-false",
            "summary": "It was 5,400.",
            "note": "The census was revised.",
        },
    )
    assert response.status_code == 302
    versions = list(Verdict.objects.filter(claim=published_verdict.claim).order_by("version"))
    assert [v.status for v in versions] == [Verdict.Status.SUPERSEDED, Verdict.Status.PUBLISHED]
    page = editor_client.get(
        reverse("claim_detail", args=[published_verdict.claim_id])
    ).content.decode()
    assert "The census was revised." in page


def test_unpublishing_needs_a_reason(editor_client, published_verdict):
    refused = editor_client.post(
        reverse("verdict_unpublish", args=[published_verdict.pk]), {"reason": ""}
    )
    assert refused.status_code == 400
    editor_client.post(
        reverse("verdict_unpublish", args=[published_verdict.pk]), {"reason": "Wrong claim."}
    )
    published_verdict.refresh_from_db()
    assert published_verdict.status == Verdict.Status.UNPUBLISHED


def test_dismissing_and_reopening_a_claim(checker_client, editor_client, researched_claim):
    checker_client.post(
        reverse("claim_dismiss", args=[researched_claim.pk]), {"reason": "Opinion."}
    )
    researched_claim.refresh_from_db()
    assert (
        researched_claim.status == S.DISMISSED and researched_claim.dismissed_reason == "Opinion."
    )
    editor_client.post(reverse("claim_reopen", args=[researched_claim.pk]))
    researched_claim.refresh_from_db()
    assert researched_claim.status == S.NEW


def test_editor_assigns_a_claim_from_its_page(editor_client, make_claim, other_fact_checker):
    claim = make_claim()
    editor_client.post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": other_fact_checker.pk}
    )
    claim.refresh_from_db()
    assert claim.assignee == other_fact_checker
    assert AuditEntry.objects.filter(claim=claim, action="claim.assigned").exists()


def test_assigning_to_someone_without_a_role_is_refused(editor_client, make_claim, outsider):
    claim = make_claim()
    response = editor_client.post(
        reverse("claim_assign", args=[claim.pk]), {"assignee": outsider.pk}
    )
    assert (
        response.status_code == 400
        and "not a fact-checker or an editor" in response.content.decode()
    )


def test_published_claim_links_to_its_public_page(editor_client, published_verdict):
    body = editor_client.get(
        reverse("claim_detail", args=[published_verdict.claim_id])
    ).content.decode()
    assert reverse("verdict_public", args=[published_verdict.pk]) in body


# --- Inbox and dashboard --------------------------------------------------------------------


def test_inbox_lists_proposals_oldest_first_and_marks_my_own(
    editor_client, editor, fact_checker, make_claim, evidence_for
):
    first, second = make_claim("First."), make_claim("Second.")
    for claim in (first, second):
        evidence_for(claim)
    older = services.verdict_propose(claim=first, rating="false", summary="No.", by=fact_checker)
    mine = services.verdict_propose(claim=second, rating="true", summary="Yes.", by=editor)
    response = editor_client.get(reverse("inbox"))
    verdicts = response.context["verdicts"]
    assert verdicts == [older, mine]
    assert [v.mine for v in verdicts] == [False, True]
    assert "another editor approves" in response.content.decode()


def test_inbox_is_for_editors(checker_client):
    assert checker_client.get(reverse("inbox")).status_code == 403


def test_dashboard_draws_its_charts(editor_client, published_verdict):
    body = editor_client.get(reverse("dashboard")).content.decode()
    assert body.count("<svg") == 3
    assert "Claims in each state" in body and "False" in body and "fiona" in body
    assert "minutes" in body  # median time to publication, here under an hour
