"""Editors' corrections of the extraction: what each one does to claims, offsets, records and audit."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from claims.extraction import corrections
from claims.extraction.pipeline import extract
from claims.extraction.sentences import split_sentences
from claims.models import AuditEntry, Claim, ExtractionCorrection
from claims.review.workflow import WorkflowError

BODY = (
    "Massoud said 6,000 people were evacuated on Sunday, and 200 were injured in the crush.\n"
    "Officials blamed the storm for the damage to the airport.\n"
    "The mayor called the response a disaster.\n"
    "Photo: Jane Doe / Agency"
)
FIRST = "Massoud said 6,000 people were evacuated on Sunday, and 200 were injured in the crush."
SECOND = "Officials blamed the storm for the damage to the airport."
THIRD = "The mayor called the response a disaster."
CAPTION = "Photo: Jane Doe / Agency"


@pytest.fixture
def article(make_article):
    article = make_article(body=BODY)
    article.sentences = [
        {
            "start": s.start,
            "end": s.end,
            "checkworthiness": 0.1,
            "type": "other",
        }
        for s in split_sentences(BODY)
    ]
    article.save()
    return article


@pytest.fixture
def claims(article, make_claim):
    return [make_claim(text, article=article) for text in (FIRST, SECOND, THIRD)]


def assert_text_matches_body(claim: Claim) -> None:
    claim.refresh_from_db()
    assert claim.text == claim.article.body[claim.start : claim.end]
    assert claim.text == claim.text.strip()


def live(article) -> list[Claim]:
    return list(article.claims.exclude(status=Claim.Status.DISMISSED).order_by("start"))


# --- Edit -------------------------------------------------------------------------------------------


def test_edit_moves_the_claim_to_the_new_words_and_rescores_it(claims, editor):
    claim = claims[0]
    edited = corrections.claim_edit(
        claim=claim, text="6,000 people were evacuated on Sunday", by=editor
    )

    assert (edited.start, edited.end) == (BODY.index("6,000"), BODY.index(" and 200") - 1)
    assert_text_matches_body(edited)
    assert all(q["start"] >= edited.start for q in edited.quantities)  # rescored on the new span
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "edit" and correction.user == editor
    assert correction.before[0]["text"] == FIRST
    assert correction.after[0]["text"] == "6,000 people were evacuated on Sunday"
    entry = AuditEntry.objects.get(action="claim.edited")
    assert entry.claim == edited and entry.actor == editor
    assert entry.changes["span"] == [[claim.start, claim.end], [edited.start, edited.end]]


def test_changing_only_the_type_is_recorded_as_a_retype(claims, editor):
    corrections.claim_edit(claim=claims[2], type="opinion", by=editor)

    claims[2].refresh_from_db()
    assert claims[2].type == "opinion"
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "retype"
    assert (correction.before[0]["type"], correction.after[0]["type"]) == ("quantity", "opinion")
    assert AuditEntry.objects.filter(action="claim.retyped", claim=claims[2]).exists()


def test_edit_sets_and_clears_the_claimant(claims, editor):
    corrections.claim_edit(claim=claims[1], claimant="  The airport authority ", by=editor)
    claims[1].refresh_from_db()
    assert claims[1].claimant == "The airport authority"

    corrections.claim_edit(claim=claims[1], claimant="", by=editor)
    claims[1].refresh_from_db()
    assert claims[1].claimant is None
    assert ExtractionCorrection.objects.filter(action="edit").count() == 2


def test_edit_refuses_words_that_are_not_in_the_article(claims, editor):
    with pytest.raises(ValidationError) as error:
        corrections.claim_edit(claim=claims[0], text="7,000 people were evacuated", by=editor)
    assert "text" in error.value.message_dict
    assert not ExtractionCorrection.objects.exists()


def test_edit_that_changes_nothing_is_refused(claims, editor):
    with pytest.raises(ValidationError, match="Nothing changed"):
        corrections.claim_edit(claim=claims[0], text=FIRST, type="quantity", by=editor)


def test_edit_refuses_an_unknown_type(claims, editor):
    with pytest.raises(ValidationError) as error:
        corrections.claim_edit(claim=claims[0], type="rumour", by=editor)
    assert "type" in error.value.message_dict


# --- Split ------------------------------------------------------------------------------------------


def test_split_at_an_offset_replaces_the_claim_with_trimmed_parts(claims, editor):
    original = claims[0]
    cut = BODY.index(" and 200")
    pieces = corrections.claim_split(claim=original, at=[cut], by=editor)

    assert [p.text for p in pieces] == [
        "Massoud said 6,000 people were evacuated on Sunday,",
        "and 200 were injured in the crush.",
    ]
    for piece in pieces:
        assert_text_matches_body(piece)
        assert piece.origin == "split" and piece.status == "new"
    original.refresh_from_db()
    assert original.status == "dismissed"
    assert f"#{pieces[0].pk}" in original.dismissed_reason
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "split"
    assert [s["text"] for s in correction.before] == [FIRST]
    assert [s["claim"] for s in correction.after] == [p.pk for p in pieces]
    assert AuditEntry.objects.get(action="claim.split").changes["into"] == [p.pk for p in pieces]
    assert AuditEntry.objects.filter(action="claim.split_from").count() == 2


def test_split_by_parts_leaves_the_words_between_them_out(claims, editor):
    pieces = corrections.claim_split(
        claim=claims[0],
        parts=[
            "Massoud said 6,000 people were evacuated on Sunday",
            "200 were injured in the crush.",
        ],
        by=editor,
    )
    assert [p.text for p in pieces] == [
        "Massoud said 6,000 people were evacuated on Sunday",
        "200 were injured in the crush.",
    ]
    for piece in pieces:
        assert_text_matches_body(piece)


def test_split_parts_keep_the_speaker_named_earlier_in_the_sentence(claims, editor):
    pieces = corrections.claim_split(
        claim=claims[0], parts=["6,000 people were evacuated", "200 were injured"], by=editor
    )
    in_context = next(
        d for d in extract(BODY, published=None, threshold=0.5) if d.start == claims[0].start
    )
    assert in_context.claimant  # the pipeline attributes the sentence …
    assert {p.claimant for p in pieces} == {
        in_context.claimant
    }  # … and its parts keep that speaker


def test_split_keeps_research_with_the_same_person(claims, editor, fact_checker):
    claims[0].status, claims[0].assignee = "researching", fact_checker
    claims[0].save()
    pieces = corrections.claim_split(claim=claims[0], at=[BODY.index(" and 200")], by=editor)
    assert {(p.status, p.assignee) for p in pieces} == {("researching", fact_checker)}


@pytest.mark.parametrize(
    "where",
    [
        lambda c: [c.start],  # on the claim's edge
        lambda c: [c.end + 5],  # outside the claim
        lambda c: [c.start + 20, c.start + 10],  # not increasing
        lambda c: [],  # nowhere
    ],
)
def test_split_refuses_points_that_are_not_inside_the_claim(claims, editor, where):
    with pytest.raises(ValidationError):
        corrections.claim_split(claim=claims[0], at=where(claims[0]), by=editor)
    assert not ExtractionCorrection.objects.exists()
    assert Claim.objects.count() == 3


def test_split_refuses_parts_not_in_the_claim(claims, editor):
    with pytest.raises(ValidationError) as error:
        corrections.claim_split(
            claim=claims[0], parts=["200 were injured", "6,000 people"], by=editor
        )
    assert "parts" in error.value.message_dict


# --- Merge ------------------------------------------------------------------------------------------


def test_merge_covers_both_claims_and_retires_them(claims, editor):
    merged = corrections.claims_merge(claims=[claims[1], claims[0]], by=editor)

    assert (merged.start, merged.end) == (claims[0].start, claims[1].end)
    assert merged.text == BODY[claims[0].start : claims[1].end]
    assert_text_matches_body(merged)
    assert merged.origin == "merged"
    assert live(merged.article) == [merged, claims[2]]
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "merge"
    assert [s["claim"] for s in correction.before] == [claims[0].pk, claims[1].pk]
    assert correction.after[0]["claim"] == merged.pk
    assert AuditEntry.objects.filter(action="claim.merged").count() == 2
    assert AuditEntry.objects.get(action="claim.merged_from").claim == merged


def test_merge_of_non_adjacent_claims_spans_the_text_between(claims, editor):
    corrections.claim_dismiss_correction(claim=claims[1], reason="Not checkable.", by=editor)
    merged = corrections.claims_merge(claims=[claims[0], claims[2]], by=editor)
    assert merged.text == BODY[claims[0].start : claims[2].end]
    assert SECOND in merged.text


def test_merge_refuses_when_a_live_claim_lies_between(claims, editor):
    with pytest.raises(WorkflowError, match=f"#{claims[1].pk}"):
        corrections.claims_merge(claims=[claims[0], claims[2]], by=editor)
    assert len(live(claims[0].article)) == 3


def test_merge_refuses_claims_from_different_articles(claims, make_claim, editor):
    elsewhere = make_claim("Another article says something else entirely.")
    with pytest.raises(ValidationError, match="same article"):
        corrections.claims_merge(claims=[claims[0], elsewhere], by=editor)


def test_merge_needs_two_claims(claims, editor):
    with pytest.raises(ValidationError):
        corrections.claims_merge(claims=[claims[0], claims[0]], by=editor)


# --- Promote ----------------------------------------------------------------------------------------


def test_promoting_a_sentence_scores_it_as_the_pipeline_does(article, editor):
    start = BODY.index(SECOND)
    claim = corrections.claim_promote(
        article=article, start=start, end=start + len(SECOND), by=editor
    )

    draft = next(d for d in extract(BODY, published=None, threshold=0.5) if d.start == start)
    assert claim.text == SECOND and claim.origin == "promoted" and claim.status == "new"
    assert (claim.type, claim.checkworthiness, claim.claimant) == (
        draft.type,
        draft.checkworthiness,
        draft.claimant,
    )
    assert claim.signals == draft.signals
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "promote"
    assert correction.before == [
        {
            "claim": None,
            "text": SECOND,
            "start": start,
            "end": start + len(SECOND),
            "type": "other",
            "claimant": None,
            "checkworthiness": 0.1,
            "origin": "sentence",
            "status": None,
            "label": "not_claim",
        }
    ]
    assert correction.after[0]["claim"] == claim.pk and correction.after[0]["label"] == "claim"
    assert AuditEntry.objects.get(action="claim.promoted").claim == claim


def test_promoting_a_selected_span_trims_whitespace(article, editor):
    start = BODY.index("storm") - 4  # " the storm … airport.\n"
    end = BODY.index(THIRD)
    claim = corrections.claim_promote(article=article, start=start, end=end, by=editor)
    assert claim.text == "the storm for the damage to the airport."
    assert_text_matches_body(claim)
    assert any(e["start"] >= claim.start for e in claim.entities) or claim.entities == []


@pytest.mark.parametrize(
    "span", [(-1, 10), (10, len(BODY) + 1), (20, 20), (30, 10), (86, 87), ("0", 5)]
)
def test_promote_refuses_spans_that_are_not_in_the_body(article, editor, span):
    assert BODY[86:87].isspace()
    with pytest.raises(ValidationError):
        corrections.claim_promote(article=article, start=span[0], end=span[1], by=editor)
    assert not Claim.objects.exists()


def test_promote_refuses_a_span_a_live_claim_already_covers(claims, editor):
    with pytest.raises(ValidationError, match=f"#{claims[1].pk}"):
        corrections.claim_promote(
            article=claims[1].article, start=claims[1].start, end=claims[1].end + 1, by=editor
        )


def test_a_dismissed_claim_span_can_be_promoted_again(claims, editor):
    corrections.claim_dismiss_correction(claim=claims[2], reason="Opinion.", by=editor)
    again = corrections.claim_promote(
        article=claims[2].article, start=claims[2].start, end=claims[2].end, by=editor
    )
    assert again.pk != claims[2].pk and again.text == THIRD


# --- Dismiss ----------------------------------------------------------------------------------------


def test_dismiss_uses_the_review_workflow_and_keeps_a_correction(claims, editor):
    corrections.claim_dismiss_correction(claim=claims[2], reason="An opinion.", by=editor)
    claims[2].refresh_from_db()
    assert (claims[2].status, claims[2].dismissed_reason) == ("dismissed", "An opinion.")
    correction = ExtractionCorrection.objects.get()
    assert correction.action == "dismiss"
    assert (correction.before[0]["label"], correction.after[0]["label"]) == ("claim", "not_claim")
    assert AuditEntry.objects.filter(action="claim.dismissed", claim=claims[2]).exists()


def test_dismiss_needs_a_reason(claims, editor):
    with pytest.raises(ValidationError):
        corrections.claim_dismiss_correction(claim=claims[2], reason=" ", by=editor)
    assert not ExtractionCorrection.objects.exists()


# --- Who and when -----------------------------------------------------------------------------------

ACTIONS = {
    "edit": lambda c, by: corrections.claim_edit(claim=c[0], type="event", by=by),
    "split": lambda c, by: corrections.claim_split(claim=c[0], at=[BODY.index(" and 200")], by=by),
    "merge": lambda c, by: corrections.claims_merge(claims=c[:2], by=by),
    "promote": lambda c, by: corrections.claim_promote(article=c[0].article, start=0, end=7, by=by),
    "dismiss": lambda c, by: corrections.claim_dismiss_correction(claim=c[0], reason="No.", by=by),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", ["fact_checker", "outsider"])
def test_only_editors_can_correct_the_extraction(claims, request, persona, action):
    with pytest.raises(PermissionDenied):
        ACTIONS[action](claims, request.getfixturevalue(persona))
    assert not ExtractionCorrection.objects.exists()
    assert len(live(claims[0].article)) == 3


@pytest.mark.parametrize("action", ["edit", "split", "merge"])
@pytest.mark.parametrize("status", ["in_review", "published"])
def test_claims_in_review_or_published_cannot_be_reshaped(claims, editor, action, status):
    claims[0].status = status
    claims[0].save()
    with pytest.raises(WorkflowError, match="verdict"):
        ACTIONS[action](claims, editor)
    assert not ExtractionCorrection.objects.exists()


# --- Export -----------------------------------------------------------------------------------------


def test_export_writes_one_json_line_per_correction(claims, editor, tmp_path, capsys):
    corrections.claim_split(claim=claims[0], at=[BODY.index(" and 200")], by=editor)
    corrections.claim_dismiss_correction(claim=claims[2], reason="Opinion.", by=editor)
    start = BODY.index(CAPTION)
    corrections.claim_promote(
        article=claims[0].article, start=start, end=start + len(CAPTION), by=editor
    )

    output = tmp_path / "corrections.jsonl"
    call_command("export_corrections", output=str(output))
    lines = [json.loads(line) for line in output.read_text().splitlines()]

    assert [line["action"] for line in lines] == ["split", "dismiss", "promote"]
    split, dismiss, promote = lines
    assert split["sentence"] == FIRST
    assert split["original"] == [
        {
            "text": FIRST,
            "start": claims[0].start,
            "end": claims[0].end,
            "type": "quantity",
            "label": "claim",
            "claimant": None,
            "checkworthiness": 0.8,
        }
    ]
    assert [s["text"] for s in split["corrected"]] == [
        "Massoud said 6,000 people were evacuated on Sunday,",
        "and 200 were injured in the crush.",
    ]
    assert (dismiss["original"][0]["label"], dismiss["corrected"][0]["label"]) == (
        "claim",
        "not_claim",
    )
    assert (
        promote["original"][0]["label"] == "not_claim"
        and promote["corrected"][0]["label"] == "claim"
    )
    assert promote["sentence"] == CAPTION
    assert all(line["when"] and line["article"] == claims[0].article_id for line in lines)
    assert "edith" not in output.read_text()  # editors' names stay out of training data

    call_command("export_corrections", action=["dismiss"])
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["action"] for line in printed] == ["dismiss"]


# --- Races (PostgreSQL: row locks) ------------------------------------------------------------------


def _at_once(*calls):
    """Run the calls in threads released together; each result is a value or the exception raised."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each caller got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_promoting_the_same_span_make_one_claim(
    require_postgres, article, editor, other_editor
):
    start = BODY.index(SECOND)
    results = _at_once(
        *[
            lambda by=by: corrections.claim_promote(
                article=article, start=start, end=start + len(SECOND), by=by
            )
            for by in (editor, other_editor)
        ]
    )
    assert sum(isinstance(r, Claim) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert Claim.objects.filter(start=start, end=start + len(SECOND)).count() == 1
    assert ExtractionCorrection.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_claim_split_and_merged_at_once_ends_up_in_only_one(
    require_postgres, claims, editor, other_editor
):
    results = _at_once(
        lambda: corrections.claim_split(claim=claims[0], at=[BODY.index(" and 200")], by=editor),
        lambda: corrections.claims_merge(claims=claims[:2], by=other_editor),
    )
    assert sum(isinstance(r, WorkflowError) for r in results) == 1, results
    assert ExtractionCorrection.objects.count() == 1
    assert Claim.objects.filter(origin__in=["split", "merged"]).count() in (1, 2)


# --- On a seed article ------------------------------------------------------------------------------


def test_corrections_on_a_seed_article_keep_offsets_exact(seeds_dir, editor, tmp_path):
    from claims.ingest.services import article_ingest

    seed = sorted(seeds_dir.glob("*.txt"))[0]
    article = article_ingest(text=seed.read_text(encoding="utf-8"), user=editor)
    live_spans = {(c.start, c.end) for c in live(article)}
    not_claims = [s for s in article.sentences if (s["start"], s["end"]) not in live_spans]
    assert live(article) and not_claims, "the seed should have both claims and other sentences"

    promoted = corrections.claim_promote(
        article=article, start=not_claims[0]["start"], end=not_claims[0]["end"], by=editor
    )
    longest = max(live(article), key=lambda c: c.end - c.start)
    cut = longest.start + longest.text.index(" ", len(longest.text) // 2)
    pieces = corrections.claim_split(claim=longest, at=[cut], by=editor)
    merged = corrections.claims_merge(claims=pieces, by=editor)
    dismissed = corrections.claim_dismiss_correction(claim=promoted, reason="Caption.", by=editor)

    for claim in [promoted, *pieces, merged, dismissed]:
        assert_text_matches_body(claim)
    assert (merged.start, merged.end) == (longest.start, longest.end)
    output = tmp_path / "seed.jsonl"
    call_command("export_corrections", output=str(output))
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert [line["action"] for line in lines] == ["promote", "split", "merge", "dismiss"]
    for line in lines:
        for span in line["original"] + line["corrected"]:
            assert span["text"] == article.body[span["start"] : span["end"]]
