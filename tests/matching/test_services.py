import pytest

from claims.matching.selectors import (
    outlet_count_for_claim,
    related_data_for_claim,
    related_for_claim,
    suggestions_for_claim,
)
from claims.matching.services import relations_find_for_claims
from claims.models import AuditEntry, ClaimRelation, FactCheck, MatchSuggestion, Verdict

ORIGINAL = (
    "The son of Afghanistan's most famous anti-Taliban fighter claims to have the forces "
    "to wage an effective resistance."
)
REWORDED = (
    "The son of Afghanistan's most famed anti-Taliban fighter claimed to have the forces "
    "to mount an effective resistance."
)
OVERLAPPING = (
    "The son of the anti-Taliban fighter asked the United States for rifles and the forces."
)
UNRELATED = "McDonald's restaurants are offering $1 any size fries until the end of May."


@pytest.fixture
def claim_in(make_article, make_claim):
    def make(text, outlet, **fields):
        article = make_article(
            body=f"{text} Another sentence from {outlet}.", outlet=outlet, domain=f"{outlet}.test"
        )
        return make_claim(text=text, article=article, **fields)

    return make


def test_a_reworded_claim_in_another_outlet_is_stored_as_the_same(claim_in):
    earlier = claim_in(ORIGINAL, "wire")
    unrelated = claim_in(UNRELATED, "burgers")
    new = claim_in(REWORDED, "daily")

    outcome = relations_find_for_claims(claims=[new])

    relation = ClaimRelation.objects.get()
    assert (relation.claim_a, relation.claim_b, relation.relation) == (earlier, new, "same")
    assert relation.similarity >= 0.8
    assert outcome.relations == [relation]
    assert related_data_for_claim(new) == [
        {"claim": earlier.pk, "relation": "same", "similarity": relation.similarity}
    ]
    assert related_for_claim(unrelated) == []


def test_same_claims_form_a_cluster_that_counts_outlets(claim_in):
    first = claim_in(ORIGINAL, "wire")
    second = claim_in(REWORDED, "daily")
    relations_find_for_claims(claims=[second])
    third = claim_in(ORIGINAL.replace("wage", "fight"), "weekly")
    relations_find_for_claims(claims=[third])

    for claim in (first, second, third):
        claim.refresh_from_db()
        assert claim.cluster_id == first.pk
        assert claim.outlet_count == 3
        assert outlet_count_for_claim(claim) == 3


def test_a_lone_claim_is_carried_by_one_outlet(claim_in):
    assert outlet_count_for_claim(claim_in(UNRELATED, "burgers")) == 1


def test_an_overlapping_claim_is_similar(claim_in):
    earlier = claim_in(ORIGINAL, "wire")
    new = claim_in(OVERLAPPING, "daily")
    relations_find_for_claims(claims=[new])
    assert [(r.claim.pk, r.relation) for r in related_for_claim(new)] == [(earlier.pk, "similar")]


def test_matching_twice_stores_nothing_twice(claim_in):
    claim_in(ORIGINAL, "wire")
    new = claim_in(REWORDED, "daily")
    relations_find_for_claims(claims=[new])
    again = relations_find_for_claims(claims=[new])
    assert again.relations == []
    assert ClaimRelation.objects.count() == 1
    assert AuditEntry.objects.filter(action="claim.matched").count() == 1


def test_claims_of_the_same_article_are_not_related(make_article, make_claim):
    article = make_article(body=f"{ORIGINAL} {REWORDED}")
    make_claim(text=ORIGINAL, article=article)
    new = make_claim(text=REWORDED, article=article)
    relations_find_for_claims(claims=[new])
    assert not ClaimRelation.objects.exists()


def test_a_changed_quote_of_the_same_speaker_is_a_quote_discrepancy(claim_in):
    earlier = claim_in(
        "Ahmad Massoud wrote that by helping his soldiers, "
        "\u201cAmerica can still be a tremendous arsenal of democracy.\u201d",
        "wire",
    )
    new = claim_in(
        'Ahmad Massoud said that "America can still be a great arsenal of democracy" '
        "by supporting his fighters.",
        "daily",
    )
    relations_find_for_claims(claims=[new])
    relation = ClaimRelation.objects.get(relation="quote_discrepancy")
    assert (relation.claim_a, relation.claim_b) == (earlier, new)
    assert relation.detail["speaker"] == "Ahmad Massoud"
    assert {"op": "replace", "a": "tremendous", "b": "great"} in relation.detail["diff"]
    assert relation.detail["quote_a"].startswith("America can still be a tremendous")


def test_an_imported_fact_check_over_the_threshold_is_suggested_not_applied(claim_in):
    fact_check = FactCheck.objects.create(
        claim_reviewed="McDonald's restaurants are offering $1 any size fries until the end of May.",
        rating="False",
        source_key="k1",
    )
    FactCheck.objects.create(
        claim_reviewed="An anaconda ten meters long swam in a river.", source_key="k2"
    )
    new = claim_in(UNRELATED.replace("until the end of", "through"), "burgers")

    outcome = relations_find_for_claims(claims=[new])

    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.claim, suggestion.fact_check, suggestion.status) == (
        new,
        fact_check,
        "suggested",
    )
    assert outcome.suggestions == [suggestion]
    assert list(suggestions_for_claim(new)) == [suggestion]
    relations_find_for_claims(claims=[new])
    assert MatchSuggestion.objects.count() == 1


def test_a_published_verdict_on_the_same_claim_is_suggested(claim_in, editor):
    earlier = claim_in(ORIGINAL, "wire")
    verdict = Verdict.objects.create(
        claim=earlier,
        rating="false",
        summary="No.",
        status=Verdict.Status.PUBLISHED,
        proposed_by=editor,
    )
    new = claim_in(REWORDED, "daily")
    relations_find_for_claims(claims=[new])
    assert MatchSuggestion.objects.get().verdict == verdict


def test_an_unpublished_verdict_is_not_suggested(claim_in, editor):
    earlier = claim_in(ORIGINAL, "wire")
    Verdict.objects.create(claim=earlier, rating="false", summary="No.", proposed_by=editor)
    relations_find_for_claims(claims=[claim_in(REWORDED, "daily")])
    assert not MatchSuggestion.objects.exists()


@pytest.mark.postgres
def test_postgres_full_text_search_finds_the_candidates(require_postgres, claim_in):
    from claims.matching.candidates import claim_candidates

    earlier = claim_in(ORIGINAL, "wire")
    claim_in(UNRELATED, "burgers")
    new = claim_in(REWORDED, "daily")
    found = claim_candidates(text=new.text, exclude_article_ids=[new.article_id])
    assert found == [earlier]


@pytest.fixture
def open_suggestion(claim_in):
    fact_check = FactCheck.objects.create(claim_reviewed=UNRELATED, source_key="k1")
    claim = claim_in(UNRELATED.replace("until the end of", "through"), "burgers")
    relations_find_for_claims(claims=[claim])
    return MatchSuggestion.objects.get(fact_check=fact_check)


def test_a_fact_checker_confirms_a_suggestion_once(open_suggestion, fact_checker):
    from claims.matching.services import match_suggestion_decide

    decided = match_suggestion_decide(suggestion=open_suggestion, confirm=True, by=fact_checker)
    assert (decided.status, decided.decided_by) == ("confirmed", fact_checker)
    assert AuditEntry.objects.filter(action="match_suggestion.confirmed").exists()
    assert list(suggestions_for_claim(decided.claim)) == []
    with pytest.raises(ValueError, match="already decided"):
        match_suggestion_decide(suggestion=open_suggestion, confirm=False, by=fact_checker)


def test_an_outsider_cannot_decide_a_suggestion(open_suggestion, outsider):
    from django.core.exceptions import PermissionDenied

    from claims.matching.services import match_suggestion_decide

    with pytest.raises(PermissionDenied):
        match_suggestion_decide(suggestion=open_suggestion, confirm=True, by=outsider)
    open_suggestion.refresh_from_db()
    assert open_suggestion.status == "suggested"
