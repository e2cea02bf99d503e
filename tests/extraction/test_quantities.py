from claims.extraction.quantities import find_quantities


def _one(text, **kwargs):
    found = find_quantities(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_approximate_count_with_unit():
    q = _one("The army has evacuated about 6,000 individuals so far.")
    assert q["value"] == 6000 and q["approximate"] is True
    assert q["unit"] == "individuals" and q["kind"] == "count"
    assert q["text"] == "about 6,000 individuals"


def test_offsets_are_into_the_sentence():
    sentence = "Officials counted 1,250 votes."
    q = _one(sentence)
    assert sentence[q["start"] : q["end"]] == q["text"] == "1,250 votes"


def test_tens_of_thousands_is_a_documented_range():
    q = _one("Since Sunday tens of thousands of people have tried to leave.")
    assert q["value"] is None
    assert (q["low"], q["high"]) == (20_000, 90_000)
    assert q["approximate"] is True


def test_percent_money_and_scale_words():
    kinds = {
        q["kind"]: q for q in find_quantities("Prices rose 27% and the plan costs $4.5 billion.")
    }
    assert kinds["percent"]["value"] == 27 and kinds["percent"]["unit"] == "percent"
    assert kinds["money"]["value"] == 4_500_000_000 and kinds["money"]["unit"] == "USD"


def test_durations_in_words():
    q = _one("The talks lasted two days.")
    assert q == {**q, "value": 2, "kind": "duration", "unit": "days"}


def test_bounds_keep_the_number_as_a_limit():
    assert _one("More than 225,000 people died.")["low"] == 225_000
    assert _one("It will house up to 500 troops.")["high"] == 500


def test_model_names_years_and_ages_are_not_amounts():
    assert find_quantities("Gunmen carried M4 and M18 rifles during COVID-19 lockdowns.") == []
    assert find_quantities("The war ended in 2001.") == []
    assert [q["kind"] for q in find_quantities("An 18-year-old man was arrested.")] == ["age"]


def test_spans_taken_by_dates_are_skipped():
    sentence = "He was killed on September 11, 2001."
    start = sentence.index("September")
    assert find_quantities(sentence, taken=[(start, len(sentence) - 1)]) == []
