"""The suggested stance: a fact-check's rating first, then the passage's words."""

import pytest

from claims.lookups.stance import stance_from_passage, stance_from_rating


@pytest.mark.parametrize(
    ("rating", "stance"),
    [
        ("False", "refutes"),
        ("Pants on Fire!", "refutes"),
        ("Mostly False", "refutes"),
        ("Misleading", "refutes"),
        ("Four Pinocchios", "refutes"),
        ("Not true", "refutes"),
        ("True", "supports"),
        ("Correct", "supports"),
        ("Mostly true", "supports"),
        ("Half True", "context"),
        ("Unproven", "context"),
        ("Missing context", "context"),
        ("Satire", "context"),
        ("", ""),
    ],
)
def test_fact_check_ratings_suggest_a_stance(rating, stance):
    assert stance_from_rating(rating) == stance


def test_passage_with_a_denial_suggests_refutes_even_when_it_repeats_the_claim():
    assert (
        stance_from_passage("Officials denied that 6,000 people were evacuated.", coverage=0.9)
        == "refutes"
    )


def test_passage_repeating_most_of_the_claim_suggests_supports():
    assert (
        stance_from_passage("The agency evacuated 6,000 people on Sunday.", coverage=0.8)
        == "supports"
    )


def test_passage_sharing_a_few_words_is_only_context():
    assert (
        stance_from_passage("The valley has a long history of floods.", coverage=0.3) == "context"
    )
