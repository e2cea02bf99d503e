"""What the review screens read: the claim in context, counts, the audit rows and the charts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from claims.review import charts, selectors, services
from claims.review.selectors import QueueFilters


def test_claim_in_context_marks_only_the_claim_and_keeps_neighbouring_paragraphs(
    make_article, make_claim
):
    article = make_article(body="One.\n\nTwo.\n\nBefore. The claim here. After.\n\nFour.\n\nFive.")
    claim = make_claim("The claim here.", article=article)
    html = selectors.claim_in_context(claim)
    assert html == (
        '<p>Two.</p><p>Before. <mark class="claim current" id="claim-sentence">The claim here.</mark>'
        " After.</p><p>Four.</p>"
    )


def test_claim_in_context_at_the_start_of_the_body(make_article, make_claim):
    article = make_article(body="The claim here. After.")
    claim = make_claim("The claim here.", article=article)
    assert selectors.claim_in_context(claim).startswith('<p><mark class="claim current"')


def test_claim_in_context_finds_the_text_when_offsets_are_stale(make_article, make_claim):
    article = make_article(body="Some text. The claim.")
    claim = make_claim("The claim.", article=article)
    Claim.objects.filter(pk=claim.pk).update(start=900, end=950)
    claim.refresh_from_db()
    assert ">The claim.</mark>" in selectors.claim_in_context(claim)


def test_status_counts_are_capped(make_claim, fact_checker, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for n in range(4):
        make_claim(f"Claim {n}.")
    counts = selectors.queue_status_counts(fact_checker, QueueFilters())
    assert counts["new"] == 3  # COUNT_CAP + 1: "more than the cap"


def test_capped_queue_says_there_are_more(checker_client, make_claim, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for n in range(4):
        make_claim(f"Claim {n}.")
    body = checker_client.get(reverse("queue")).content.decode()
    assert "2+ claims" in body


def test_claim_page_query_count_does_not_grow_with_evidence_and_history(
    checker_client, fact_checker, researched_claim
):
    with CaptureQueriesContext(connection) as few:
        checker_client.get(reverse("claim_detail", args=[researched_claim.pk]))
    for n in range(8):
        services.evidence_add(claim=researched_claim, url=f"https://e{n}.example/", by=fact_checker)
        services.comment_add(claim=researched_claim, body=f"Note {n}", by=fact_checker)
    with CaptureQueriesContext(connection) as many:
        checker_client.get(reverse("claim_detail", args=[researched_claim.pk]))
    assert len(many) == len(few)


def test_change_rows_show_before_and_after():
    rows = selectors.change_rows({"status": ["new", "researching"], "reason": "Opinion."})
    assert rows == [
        {"field": "status", "pair": True, "before": "new", "after": "researching"},
        {"field": "reason", "pair": False, "value": "Opinion."},
    ]


def test_output_per_person_counts_the_last_30_days(researched_claim, fact_checker, other_editor):
    verdict = services.verdict_propose(
        claim=researched_claim, rating="false", summary="No.", by=fact_checker
    )
    services.verdict_publish(verdict=verdict, by=other_editor)
    rows = {row["person"]: row for row in selectors.output_per_person(days=30)}
    assert rows["fiona"]["proposed"] == 1 and rows["eamon"]["published"] == 1


def test_charts_escape_their_labels():
    svg = charts.bar_chart([("<script>x</script>", 3, "#000")], title="T")
    assert "<script>x" not in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    grouped = charts.grouped_bar_chart(
        [{"person": "<b>p</b>", "a": 1}], series=[("a", "A", "#111")], label_key="person", title="G"
    )
    assert "<b>p" not in grouped and 'width="320"' in grouped


def test_bar_chart_scales_bars_to_the_largest_value():
    svg = charts.bar_chart([("a", 10, None), ("b", 5, None), ("c", 0, None)], title="T")
    assert 'width="320"' in svg and 'width="160"' in svg and 'width="0"' in svg
