import numpy as np
import pytest

from claims.matching.scorers import (
    CombinedScorer,
    EmbeddingScorer,
    LexicalScorer,
    MatchDocument,
    embeddings_available,
    scorer_for,
)

FACT_CHECKS = [
    MatchDocument(
        text="McDonald's restaurants are offering $1 any size fries.",
        title="$1 McDonald's Any Size Fries",
    ),
    MatchDocument(
        text="A viral video shows a 10-meter-long anaconda swimming across a river in Brazil.",
        title="Does Video Show a 10-Meter-Long Anaconda?",
    ),
    MatchDocument(
        text="Common brown butterflies survived the Australian bushfires by sheltering in wombat holes.",
        title="Are Wombats Herding Animals Into Their Burrows?",
        subtitle="Wombats were said to be heroes of the fires.",
    ),
]

TWEET = (
    "How are butterflies surviving the #AustralianFires? They flutter in a moist wombat hole. "
    "pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020"
)


def test_lexical_scorer_ranks_the_matching_fact_check_first():
    scorer = LexicalScorer()
    scorer.index(FACT_CHECKS)
    top, scores = scorer.rank([TWEET, "giant anaconda video from brazil"], k=3)
    assert top[0][0] == 2
    assert top[1][0] == 1
    assert scores[0][0] > scores[0][1]


def test_lexical_scorer_gives_zero_to_a_query_with_unknown_words_only():
    scorer = LexicalScorer()
    scorer.index(FACT_CHECKS)
    assert np.all(scorer.score(["zzyzx qwerty"]) == 0)


def test_rank_never_returns_more_documents_than_indexed():
    scorer = LexicalScorer()
    scorer.index(FACT_CHECKS[:2])
    top, _ = scorer.rank(["fries"], k=5)
    assert top.shape == (1, 2)


def test_an_empty_index_scores_nothing():
    scorer = LexicalScorer()
    scorer.index([])
    assert scorer.score(["anything"]).shape == (1, 0)


def test_unknown_scorer_name_is_refused():
    with pytest.raises(ValueError, match="Unknown scorer"):
        scorer_for("telepathy")


def test_scorer_falls_back_to_lexical_without_the_embeddings_extra(monkeypatch):
    monkeypatch.setattr("claims.matching.scorers.embeddings_available", lambda: False)
    assert isinstance(scorer_for("combined", time_proximity=False), LexicalScorer)
    assert isinstance(scorer_for("combined").base, LexicalScorer)


class FakeEncoder:
    """Bag-of-letters vectors: enough to test the scorers' arithmetic without the model."""

    def encode(self, texts, *, cached=True):
        vectors = np.zeros((len(texts), 26), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text.lower():
                if "a" <= char <= "z":
                    vectors[row, ord(char) - 97] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def test_embedding_scorer_ignores_missing_fields_when_averaging():
    scorer = EmbeddingScorer(encoder=FakeEncoder())
    scorer.index([MatchDocument(text="abc"), MatchDocument(text="abc", title="xyz")])
    scores = scorer.score(["abc"])
    assert scores[0][0] == pytest.approx(1.0, abs=1e-5)
    assert scores[0][1] < scores[0][0]


def test_combined_scorer_adds_both_scaled_scores():
    scorer = CombinedScorer(embeddings=EmbeddingScorer(encoder=FakeEncoder()), lexical_weight=0.5)
    scorer.index(FACT_CHECKS)
    scores = scorer.score([TWEET])
    assert scores.shape == (1, 3)
    assert scores.max() <= 1.0 + 1e-6 and scores.min() >= 0.0
    assert int(np.argmax(scores[0])) == 2


@pytest.mark.embeddings
@pytest.mark.skipif(not embeddings_available(), reason="the embeddings extra is not installed")
def test_embedding_scorer_matches_a_paraphrase_with_few_shared_words(tmp_path):
    from claims.matching.scorers import SentenceEncoder

    scorer = EmbeddingScorer(encoder=SentenceEncoder(cache_dir=None))
    scorer.index(
        [
            MatchDocument(
                text="The president signed more than 30 executive orders in his first week."
            ),
            MatchDocument(text="A snake swallowed a crocodile whole in Australia."),
        ]
    )
    top, _ = scorer.rank(
        ["In seven days in office he put his name to over thirty unilateral actions"], k=2
    )
    assert top[0][0] == 0


def test_time_proximity_prefers_the_fact_check_dated_near_the_claim():
    from datetime import date

    from claims.matching.scorers import MatchQuery, TimeProximity

    twins = [
        MatchDocument(text="The senator voted against the bill.", date=date(2015, 3, 1)),
        MatchDocument(text="The senator voted against the bill.", date=date(2021, 1, 30)),
        MatchDocument(text="The senator voted against the bill."),
    ]
    scorer = TimeProximity(LexicalScorer(), weight=0.3, scale_days=7)
    scorer.index(twins)
    scores = scorer.score([MatchQuery("senator voted against bill", date=date(2021, 1, 28))])[0]
    assert scores[1] > scores[0] == scores[2]
    undated = scorer.score(["senator voted against bill"])[0]
    assert undated[0] == undated[1] == undated[2]
