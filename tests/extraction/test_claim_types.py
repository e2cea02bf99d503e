import pytest

from claims.extraction.claim_types import TYPE_WEIGHTS, classify, non_claim_reason


@pytest.mark.parametrize(
    ("text", "expected", "kwargs"),
    [
        ("The army has evacuated about 6,000 people since Sunday.", "quantity", {}),
        ("Unemployment fell to 4 percent last year.", "quantity", {}),
        (
            '"The rebels do not control the whole country," the minister told reporters.',
            "quote",
            {"claimant": "the minister", "reported": True},
        ),
        ("The dam burst because of the heavy rain.", "causal", {}),
        ("The new law bans smoking in all parks.", "rule", {}),
        ("The region will undoubtedly become a hotbed of smuggling.", "prediction", {}),
        ("We should never have signed that treaty, I believe.", "opinion", {}),
        ("Rebels met the former president in the capital.", "event", {}),
    ],
)
def test_types(text, expected, kwargs):
    assert classify(text, **kwargs).type == expected


def test_several_types_can_be_present_and_precedence_picks_one():
    decision = classify("Because of the strike, 300,000 jobs were lost.")
    assert decision.type == "quantity"
    assert {"quantity", "causal", "event"} <= set(decision.labels)


def test_evaluative_words_inside_a_quote_leave_it_a_quote():
    decision = classify(
        'She wrote that "America can still be a tremendous arsenal of democracy."',
        claimant="Lena Ortiz",
        reported=True,
    )
    assert decision.type == "quote"


def test_predictions_and_opinions_are_weighted_below_facts():
    assert TYPE_WEIGHTS["prediction"] < 1 and TYPE_WEIGHTS["opinion"] < 1
    assert all(TYPE_WEIGHTS[t] == 1.0 for t in ("quantity", "quote", "event", "causal", "rule"))
    signals = classify("Prices will double next year, analysts predict.").signals
    assert any(s["signal"] == "type_weight" for s in signals)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Will the dam hold this winter?", "question"),
        ("The battle for the valley", "heading"),
        ("Click here for updates.", "boilerplate"),
        ("Thank you.", "fragment"),
    ],
)
def test_non_claims(text, reason):
    assert non_claim_reason(text) == reason
    assert classify(text).type == "other"


def test_headline_style_claims_can_still_be_typed_when_asked():
    assert classify("Senator quietly raises taxes by 2%", skip_non_claims=False).type == "quantity"
