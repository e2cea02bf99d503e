from claims.matching.quotes import (
    quotations_find,
    quote_discrepancies_find,
    quotes_nearly_match,
    speaker_key,
    word_diff,
)

OUTLET_A = (
    "Ahmad Massoud wrote in an op-ed on Wednesday that by helping his soldiers, "
    "\u201cAmerica can still be a tremendous arsenal of democracy.\u201d\n"
    "\u201cWe need more guns, ammunition and supplies for the fight,\u201d Massoud stated."
)
OUTLET_B = (
    '"I write from the valley today," Ahmad Massoud said, adding that '
    '"America can still be a great arsenal of democracy" by supporting his fighters.\n'
    '"The Taliban does not control the whole territory," Lavrov told reporters.'
)


def test_quotes_are_found_with_the_speaker_named_next_to_the_speech_verb():
    found = {q.text: q.speaker for q in quotations_find(OUTLET_A)}
    assert found["America can still be a tremendous arsenal of democracy."] == "Ahmad Massoud"
    assert found["We need more guns, ammunition and supplies for the fight,"] == "Massoud"


def test_the_listener_of_told_is_not_taken_for_the_speaker():
    found = quotations_find('"It will be an organized resistance," he told D\'Agata in May.')
    assert found[0].speaker is None


def test_a_default_speaker_fills_in_when_no_name_is_near():
    found = quotations_find(
        '"We are ready for the fight ahead," he said.', default_speaker="Ahmad Massoud"
    )
    assert found[0].speaker == "Ahmad Massoud"


def test_short_scare_quotes_are_not_quotations():
    assert quotations_find('He promised an "organized resistance" to the rule.') == []


def test_speakers_are_compared_by_surname():
    assert speaker_key("Ahmad Massoud") == speaker_key("Massoud") == "massoud"


def test_a_one_word_change_nearly_matches():
    near, ratio = quotes_nearly_match(
        "America can still be a tremendous arsenal of democracy.",
        "America can still be a great arsenal of democracy",
    )
    assert near and 75 <= ratio < 100


def test_identical_quotes_up_to_case_and_punctuation_do_not_count():
    near, _ = quotes_nearly_match("We are ready.", "we are READY")
    assert not near


def test_unrelated_quotes_do_not_count():
    near, _ = quotes_nearly_match(
        "We require more guns and ammunition", "I will fight for it with my life"
    )
    assert not near


def test_word_diff_shows_both_sides_of_each_change():
    diff = word_diff(
        "America can still be a tremendous arsenal of democracy.",
        "America can still be a great arsenal of democracy",
    )
    assert diff == [
        {"op": "equal", "a": "America can still be a", "b": "America can still be a"},
        {"op": "replace", "a": "tremendous", "b": "great"},
        {"op": "equal", "a": "arsenal of democracy.", "b": "arsenal of democracy"},
    ]


def test_word_diff_reports_insertions_and_deletions():
    ops = [
        (part["op"], part["a"], part["b"]) for part in word_diff("we fight now", "we will fight")
    ]
    assert ("insert", "", "will") in ops
    assert ("delete", "now", "") in ops


def test_discrepancy_needs_the_same_speaker_and_a_near_match():
    found = quote_discrepancies_find(quotations_find(OUTLET_A), quotations_find(OUTLET_B))
    assert len(found) == 1
    discrepancy = found[0]
    assert discrepancy.speaker == "Ahmad Massoud"
    changed = [part for part in discrepancy.diff if part["op"] != "equal"]
    assert changed == [{"op": "replace", "a": "tremendous", "b": "great"}]
    assert discrepancy.as_detail()["quote_b"] == "America can still be a great arsenal of democracy"


def test_the_same_words_from_different_speakers_are_no_discrepancy():
    a = quotations_find('"The valley will never fall to them again," Massoud said.')
    b = quotations_find('"The valley will never fall to them now," Lavrov said.')
    assert quote_discrepancies_find(a, b) == []
