import datetime as dt
import json

import pytest

from claims.extraction.pipeline import SentenceDraft, extract
from tests.extraction import scorer_double

BODY = (
    "The Harbour Union said on Sunday that about 6,000 dock workers had walked out.\n\n"
    '"We will win this," its leader Ana Reyes told reporters.\n\n'
    "Will the port reopen?\n\n"
    "The strike will undoubtedly become the longest in the city's history."
)
PUBLISHED = dt.date(2021, 8, 19)


@pytest.fixture
def scorer(monkeypatch):
    return scorer_double.install(monkeypatch, score=0.6)


def test_every_sentence_is_drafted_with_exact_offsets(scorer):
    drafts = extract(BODY, published=PUBLISHED, threshold=0.5)
    assert [d.text for d in drafts][0].startswith("The Harbour Union")
    assert len(drafts) == 4
    for draft in drafts:
        assert isinstance(draft, SentenceDraft)
        assert BODY[draft.start : draft.end] == draft.text


def test_the_scorer_is_called_once_for_the_whole_article(scorer):
    extract(BODY, published=PUBLISHED, threshold=0.5)
    assert len(scorer) == 1 and len(scorer[0]) == 4


def test_quantities_dates_and_claimant_are_attached_with_body_offsets(scorer):
    first = extract(BODY, published=PUBLISHED, threshold=0.5)[0]
    # an attributed statement is first a quote; the amount is still found and typed
    assert first.type == "quote"
    assert any(s["signal"] == "type:quantity" for s in first.signals)
    assert first.claimant == "Harbour Union"
    assert first.quantities[0]["value"] == 6000 and first.quantities[0]["approximate"]
    assert first.dates[0]["date"] == "2021-08-15"
    for item in first.quantities + first.dates + first.entities:
        assert BODY[item["start"] : item["end"]] == item["text"]


def test_questions_are_never_checkworthy_and_predictions_rank_below_facts(scorer):
    fact, quote, question, prediction = extract(BODY, published=PUBLISHED, threshold=0.5)
    assert question.checkworthy is False
    assert prediction.type == "prediction"
    assert prediction.checkworthiness < fact.checkworthiness
    assert fact.checkworthy is True


def test_threshold_decides_checkworthy(scorer):
    assert not any(d.checkworthy for d in extract(BODY, published=PUBLISHED, threshold=0.99))


def test_signals_explain_the_score_and_are_json(scorer):
    first = extract(BODY, published=PUBLISHED, threshold=0.5)[0]
    names = {s["signal"] for s in first.signals}
    assert {"model_score", "number", "named_source", "date", "type:quote", "claimant"} <= names
    assert any(s.get("source") == "model" for s in first.signals)
    json.dumps(first.as_dict())


def test_anchors_raise_the_score_and_stay_in_range(scorer):
    fact = extract(BODY, published=PUBLISHED, threshold=0.5)[0]
    assert 0.6 < fact.checkworthiness <= 1.0


def test_without_a_publication_date_weekdays_stay_unresolved(scorer):
    first = extract(BODY, published=None, threshold=0.5)[0]
    assert first.dates[0]["date"] is None


def test_an_empty_body_gives_no_drafts(scorer):
    assert extract("  ", published=None, threshold=0.5) == []
    assert scorer == []
