from claims.matching.normalisation import text_normalise, tokens_for_matching


def test_links_and_twitter_images_are_removed():
    text = "Look at this https://t.co/abc123 pic.twitter.com/0eJtwJyS1J www.example.com/page"
    assert text_normalise(text) == "Look at this"


def test_hashtags_and_handles_are_spelled_out_as_words():
    text = "Butterflies in the #AustralianFires — Center for Bio Div (@CenterForBioDiv)"
    normalised = text_normalise(text)
    assert "Australian Fires" in normalised
    assert "Center For Bio Div" in normalised
    assert "#" not in normalised and "@" not in normalised


def test_html_entities_and_curly_quotes_are_unified():
    assert text_normalise("Tom &amp; Jerry’s “show”") == 'Tom & Jerry\'s "show"'


def test_tokens_are_lowercased_stemmed_and_without_stop_words():
    tokens = tokens_for_matching("The butterflies were surviving the fires")
    assert tokens == ["butterfli", "surviv", "fire"]


def test_negation_is_kept_because_it_changes_a_claim():
    assert "not" in tokens_for_matching("Vaccines do not cause autism")
