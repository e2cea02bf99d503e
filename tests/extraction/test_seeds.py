"""The reference articles: the key claims a fact-checker expects, with type and claimant.

The seed files are read at run time (skipped when ../shared/seeds is absent). The body
comes from the ingest parser, as in the app. The first test uses a constant scorer so it
checks only what extraction adds; the second uses the shipped check-worthiness model.
"""

import importlib.util

import pytest

from claims.extraction.pipeline import extract
from tests.extraction import scorer_double

THRESHOLD = 0.5


def _drafts(seeds_dir, name):
    from claims.ingest.text import parse_text

    path = next(seeds_dir.glob(f"{name}*.txt"))
    parsed = parse_text(path.read_text(encoding="utf-8"))
    published = (
        parsed.published_at.date() if hasattr(parsed.published_at, "date") else parsed.published_at
    )
    return extract(parsed.body, published=published, threshold=THRESHOLD)


def _find(drafts, words):
    matches = [d for d in drafts if words in d.text]
    assert matches, f"no sentence contains {words!r}"
    return matches[0]


EXPECTED = {
    # seed, words in the sentence, acceptable types, claimant
    ("000", "evacuated about 6,000", ("quantity",), None),
    ("000", "the vast majority of which was supplied by the US", ("event", "quantity"), None),
    ("000", "wielding M4 and M18 assault rifles", ("event",), None),
    ("000", "arsenal of democracy", ("quote",), "Ahmad Massoud"),
    ("000", "I write today from the Panjshir Valley", ("quote",), "Ahmad Massoud"),
    ("000", "we require more guns, ammo, and supplies", ("quote",), "Ahmad Massoud"),
    ("000", "according to Massoud, is a menace", ("quote",), "Ahmad Massoud"),
    ("003", "I write from the Panjshir Valley today", ("quote",), "Ahmad Massoud"),
    ("003", "In an op-ed published in The Washington Post", ("quote",), "Ahmad Massoud"),
    ("003", "a Taliban resistance was forming", ("quote",), "Sergei Lavrov"),
    ("003", "doesn't control the whole territory of Afghanistan", ("quote",), "Sergei Lavrov"),
    ("003", "Anas Haqqani met with Hamid Karzai", ("quote", "event"), "Taliban"),
    ("003", "assassinated just two days before September 11, 2001", ("event",), None),
}


@pytest.fixture
def constant_scorer(monkeypatch):
    scorer_double.install(monkeypatch, score=0.6)


@pytest.mark.parametrize(("seed", "words", "types", "claimant"), sorted(EXPECTED, key=str))
def test_key_seed_claims_have_type_claimant_and_are_checkworthy(
    seeds_dir, constant_scorer, seed, words, types, claimant
):
    draft = _find(_drafts(seeds_dir, seed), words)
    assert draft.type in types
    assert draft.claimant == claimant
    assert draft.checkworthy


def test_seed_dates_are_resolved(seeds_dir, constant_scorer):
    drafts = _drafts(seeds_dir, "000")
    assert _find(drafts, "rushed into Kabul on Sunday").dates[0]["date"] == "2021-08-15"
    assassination = _find(_drafts(seeds_dir, "003"), "assassinated just two days before")
    assert assassination.dates[0]["anchor"] == "2001-09-11"
    assert assassination.dates[0]["date"] == "2001-09-09"


def test_hotbed_is_a_prediction_ranked_below_the_evacuation_figure(seeds_dir, constant_scorer):
    drafts = _drafts(seeds_dir, "000")
    hotbed = _find(drafts, "will undoubtedly become a hotbed")
    evacuation = _find(drafts, "evacuated about 6,000")
    assert hotbed.type == "prediction"
    assert hotbed.claimant == "Ahmad Massoud"
    assert hotbed.checkworthiness < evacuation.checkworthiness
    assert evacuation.quantities[0]["value"] == 6000 and evacuation.quantities[0]["approximate"]


def test_captions_credits_and_footer_never_become_sentences(seeds_dir, constant_scorer):
    texts = " ".join(d.text for d in _drafts(seeds_dir, "003"))
    for fragment in ("REZA/GETTY", "SYGMA", "www.cbsnews.com", "file photo"):
        assert fragment not in texts


def _shipped_model_problem() -> str | None:
    """Why the shipped check-worthiness model cannot score here, or None."""
    if importlib.util.find_spec("claims.extraction.checkworthiness") is None:
        return "claims.extraction.checkworthiness is not installed"
    try:
        from claims.extraction import checkworthiness

        checkworthiness.score_sentences(["The army evacuated 6,000 people."])
    except Exception as error:  # noqa: BLE001 - any failure means there is no usable model
        return f"the shipped check-worthiness model does not load: {error!r}"
    return None


@pytest.mark.parametrize(("seed", "words", "types", "claimant"), sorted(EXPECTED, key=str))
def test_key_seed_claims_are_checkworthy_with_the_shipped_model(
    seeds_dir, seed, words, types, claimant
):
    if problem := _shipped_model_problem():
        pytest.skip(problem)
    drafts = _drafts(seeds_dir, seed)
    draft = _find(drafts, words)
    assert draft.checkworthy, f"{draft.checkworthiness:.3f}: {draft.text}"
    if seed == "000":
        hotbed = _find(drafts, "will undoubtedly become a hotbed")
        assert hotbed.checkworthiness < _find(drafts, "evacuated about 6,000").checkworthiness
