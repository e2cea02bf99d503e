"""A stand-in for claims.extraction.checkworthiness in extraction tests.

It scores every sentence the same, so a test sees only what the pipeline adds
(anchors, type weights, claimants); the real model is tested by its own tests.
"""

import sys
import types

import pytest


def install(monkeypatch: pytest.MonkeyPatch, score: float = 0.6) -> list[list[str]]:
    """Replace the scorer; returns the list of batches it was called with."""
    import claims.extraction

    calls: list[list[str]] = []
    double = types.ModuleType("claims.extraction.checkworthiness")

    def score_sentences(texts):
        calls.append(list(texts))
        return [score] * len(texts)

    double.score_sentences = score_sentences
    double.explain = lambda text: [{"signal": "double", "label": "test scorer", "effect": score}]
    monkeypatch.setitem(sys.modules, "claims.extraction.checkworthiness", double)
    monkeypatch.setattr(claims.extraction, "checkworthiness", double, raising=False)
    return calls
