"""The editor's corrections page: plain forms, no JavaScript needed, text escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, ExtractionCorrection

BODY = (
    "The ministry said 6,000 people were evacuated, and 200 were injured.\n"
    "Officials blamed the <b>storm</b> for the damage.\n"
    "The mayor called the response a disaster."
)
FIRST = "The ministry said 6,000 people were evacuated, and 200 were injured."
SECOND = "Officials blamed the <b>storm</b> for the damage."
THIRD = "The mayor called the response a disaster."


@pytest.fixture
def claims(make_article, make_claim):
    article = make_article(body=BODY)
    return [make_claim(FIRST, article=article), make_claim(SECOND, article=article)]


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def page_url(claims) -> str:
    return reverse("article_corrections", args=[claims[0].article_id])


def test_page_lists_sentences_and_claims_with_escaped_text(as_editor, claims):
    response = as_editor.get(page_url(claims))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Officials blamed the &lt;b&gt;storm&lt;/b&gt;" in html
    assert "<b>storm</b>" not in html
    assert THIRD in html  # a sentence that is not a claim, offered for promotion
    assert reverse("claim_correct_split", args=[claims[0].pk]) in html
    assert reverse("article_correct_merge", args=[claims[0].article_id]) in html


@pytest.mark.parametrize("persona, status", [("fact_checker", 403), ("outsider", 403)])
def test_page_is_for_editors(client, claims, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page_url(claims)).status_code == status
    url = reverse("claim_correct_dismiss", args=[claims[0].pk])
    assert client.post(url, {"reason": "No."}).status_code == status
    assert not ExtractionCorrection.objects.exists()


def test_promote_a_sentence_from_its_offsets(as_editor, claims):
    start = BODY.index(THIRD)
    url = reverse("article_correct_promote", args=[claims[0].article_id])
    response = as_editor.post(url, {"start": start, "end": start + len(THIRD)})
    claim = Claim.objects.get(origin="promoted")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{claim.pk}")
    assert claim.text == THIRD


def test_promote_words_typed_into_the_form(as_editor, claims):
    url = reverse("article_correct_promote", args=[claims[0].article_id])
    as_editor.post(url, {"text": " the response a disaster. "})
    claim = Claim.objects.get(origin="promoted")
    assert claim.text == BODY[claim.start : claim.end] == "the response a disaster."


def test_promote_words_not_in_the_article_shows_why(as_editor, claims):
    url = reverse("article_correct_promote", args=[claims[0].article_id])
    response = as_editor.post(url, {"text": "Something nobody wrote."})
    assert response.status_code == 400
    assert "not in the article" in response.content.decode()


def test_split_one_part_per_line(as_editor, claims):
    url = reverse("claim_correct_split", args=[claims[0].pk])
    response = as_editor.post(
        url, {"parts": "The ministry said 6,000 people were evacuated\r\n200 were injured."}
    )
    assert response.status_code == 302
    assert sorted(Claim.objects.filter(origin="split").values_list("text", flat=True)) == [
        "200 were injured.",
        "The ministry said 6,000 people were evacuated",
    ]


def test_merge_the_ticked_claims(as_editor, claims):
    url = reverse("article_correct_merge", args=[claims[0].article_id])
    response = as_editor.post(url, {"claims": [claims[0].pk, claims[1].pk]})
    assert response.status_code == 302
    assert Claim.objects.get(origin="merged").text == f"{FIRST}\n{SECOND}"


def test_edit_changes_type_and_claimant(as_editor, claims):
    url = reverse("claim_correct_edit", args=[claims[1].pk])
    as_editor.post(url, {"text": SECOND, "type": "causal", "claimant": "Officials"})
    claims[1].refresh_from_db()
    assert (claims[1].type, claims[1].claimant) == ("causal", "Officials")


def test_dismiss_with_a_reason(as_editor, claims):
    url = reverse("claim_correct_dismiss", args=[claims[1].pk])
    as_editor.post(url, {"reason": "Not checkable."})
    claims[1].refresh_from_db()
    assert claims[1].status == "dismissed"
    assert ExtractionCorrection.objects.get().action == "dismiss"


def test_split_of_a_claim_in_review_is_refused_with_409(as_editor, claims):
    claims[0].status = "in_review"
    claims[0].save()
    url = reverse("claim_correct_split", args=[claims[0].pk])
    response = as_editor.post(url, {"parts": "The ministry said\n200 were injured."})
    assert response.status_code == 409
    assert "send the verdict back" in response.content.decode().lower()


def test_get_is_not_allowed_on_actions(as_editor, claims):
    assert as_editor.get(reverse("claim_correct_split", args=[claims[0].pk])).status_code == 405
