"""Numbers no row could have are refused with a message (or ignored as a filter), never a 500."""

import pytest

HUGE = "99999999999999999999"


@pytest.mark.parametrize("params", [{"page": HUGE}, {"outlet": HUGE}, {"assignee": HUGE}])
def test_queue_ignores_out_of_range_numbers(editor_client, make_claim, params):
    make_claim()
    response = editor_client.get("/queue/", params)
    assert response.status_code == 200


def test_bulk_action_with_an_out_of_range_id_is_refused_politely(editor_client, make_claim):
    make_claim()
    response = editor_client.post("/queue/bulk/", {"claims": [HUGE], "action": "dismiss", "reason": "x"})
    assert response.status_code in (302, 400)


def test_merge_with_an_out_of_range_id_is_refused_politely(editor_client, make_claim):
    claim = make_claim()
    response = editor_client.post(f"/articles/{claim.article_id}/corrections/merge/", {"claims": [claim.pk, HUGE]})
    assert response.status_code in (302, 400)


def test_deactivated_person_cannot_be_assigned(editor, fact_checker, make_claim):
    from django.core.exceptions import ValidationError

    from claims.review import services

    fact_checker.is_active = False
    fact_checker.save()
    with pytest.raises(ValidationError):
        services.claim_assign(claim=make_claim(), assignee=fact_checker, by=editor)
