from claims.matching.similarity import claim_similarities, lexical_similarity, threshold

ORIGINAL = (
    "The son of Afghanistan's most famous anti-Taliban fighter claims to have the forces "
    "to wage an effective resistance."
)
REWORDED = (
    "The son of Afghanistan's most famed anti-Taliban fighter claimed to have the forces "
    "to mount an effective resistance."
)
OVERLAPPING = "The son of the anti-Taliban fighter asked the United States for rifles."
UNRELATED = "McDonald's restaurants are offering $1 any size fries until the end of May."


def test_a_reworded_claim_is_the_same():
    assert lexical_similarity(ORIGINAL, REWORDED) >= threshold("same")


def test_an_overlapping_claim_is_less_alike_than_a_rewording():
    assert lexical_similarity(ORIGINAL, OVERLAPPING) < lexical_similarity(ORIGINAL, REWORDED)
    assert lexical_similarity(ORIGINAL, OVERLAPPING) < threshold("same")


def test_an_unrelated_claim_is_not_even_similar():
    assert lexical_similarity(ORIGINAL, UNRELATED) < threshold("similar")


def test_similarity_is_between_zero_and_one_and_symmetric():
    forward = lexical_similarity(ORIGINAL, OVERLAPPING)
    assert 0.0 <= forward <= 1.0
    assert forward == lexical_similarity(OVERLAPPING, ORIGINAL)


def test_empty_text_is_similar_to_nothing():
    assert lexical_similarity("", ORIGINAL) == 0.0


def test_claim_similarities_scores_each_text_in_order():
    scores = claim_similarities(ORIGINAL, [UNRELATED, REWORDED], embeddings=False)
    assert scores[1] > scores[0]


def test_thresholds_come_from_settings(settings):
    settings.CLAIMDESK_MATCH_SAME = 0.95
    assert threshold("same") == 0.95
