from types import SimpleNamespace

from claims.ingest.highlight import body_segments


def claim(start, end):
    return SimpleNamespace(start=start, end=end)


def test_segments_cover_the_body_once_and_mark_claims():
    body = "One two. Three four. Five."
    segments = body_segments(body, [claim(9, 20), claim(0, 8)])
    assert "".join(segment.text for segment in segments) == body
    assert [segment.text for segment in segments if segment.claim] == ["One two.", "Three four."]


def test_overlapping_and_out_of_range_claims_are_clipped():
    body = "abcdefghij"
    segments = body_segments(body, [claim(0, 5), claim(3, 8), claim(9, 50), claim(20, 30)])
    assert "".join(segment.text for segment in segments) == body
    assert [segment.text for segment in segments if segment.claim] == ["abcde", "fgh", "j"]


def test_sentences_between_claims_are_their_own_segments():
    body = "One two. Three four. Five six."
    sentences = [
        {"start": 0, "end": 8, "checkworthiness": 0.1},
        {"start": 9, "end": 20, "checkworthiness": 0.9},
        {"start": 21, "end": 30, "checkworthiness": 0.2},
    ]
    segments = body_segments(body, [claim(9, 20)], sentences)
    assert "".join(segment.text for segment in segments) == body
    kinds = [
        ("claim" if s.claim else "sentence" if s.sentence else "plain", s.text) for s in segments
    ]
    assert kinds == [
        ("sentence", "One two."),
        ("plain", " "),
        ("claim", "Three four."),
        ("plain", " "),
        ("sentence", "Five six."),
    ]
