from claims.extraction.sentences import split_sentences


def _texts(body):
    return [s.text for s in split_sentences(body)]


def test_offsets_point_back_into_the_body():
    body = "The U.S. Army left on Sept. 5 last year.  Dr. Smith was there!\n\nWas it over? It was."
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "The U.S. Army left on Sept. 5 last year.",
        "Dr. Smith was there!",
        "Was it over?",
        "It was.",
    ]
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    assert _texts("Mr. Jones of Washington D.C. paid $4.5 million in 2019. He left.") == [
        "Mr. Jones of Washington D.C. paid $4.5 million in 2019.",
        "He left.",
    ]


def test_quotations_with_attribution_stay_one_sentence():
    body = '"We are ready," he said. "It will be an organized resistance."'
    assert _texts(body) == ['"We are ready," he said.', '"It will be an organized resistance."']


def test_ellipsis_inside_a_sentence():
    texts = _texts("They waited... and then the troops left. Nobody came.")
    assert texts[-1] == "Nobody came."
    assert "troops left." in texts[0] or "troops left." in texts[1]


def test_sentences_never_cross_a_paragraph_break():
    body = "A headline without a full stop\nThe first paragraph starts here."
    assert _texts(body) == ["A headline without a full stop", "The first paragraph starts here."]


def test_empty_and_whitespace_bodies_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n  ") == []


def test_a_very_long_paragraph_is_split_in_batches_with_exact_offsets():
    body = " ".join(f"Sentence number {i} mentions the U.S. and Dr. Lee." for i in range(300))
    sentences = split_sentences(body)
    assert len(sentences) == 300
    assert all(body[s.start : s.end] == s.text for s in sentences)
    assert sentences[150].text == "Sentence number 150 mentions the U.S. and Dr. Lee."
