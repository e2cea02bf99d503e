# ruff: noqa: F811 - the `receiver` fixture is imported from tests/publishing/conftest.py
"""Webhook endpoints (editors): subscriptions, the delivery log and redelivery, schema-checked."""

import pytest

from claims.models import WebhookDelivery
from claims.publishing import webhooks
from claims.review import services
from tests.publishing.conftest import receiver  # noqa: F401 - the local webhook receiver fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(receiver, editor):  # noqa: F811
    return webhooks.webhook_subscribe(
        target_url=receiver.url, events=["verdict.published"], secret="s3cret", by=editor
    )


def publish(verdict, by, capture):
    with capture(execute=True):
        return services.verdict_publish(verdict=verdict, by=by)


def test_redeliver_from_the_api_sends_it_again(
    api,
    receiver,
    subscription,
    proposed_verdict,
    editor,
    fact_checker,
    django_capture_on_commit_callbacks,
):
    receiver.answers = [500] * 5
    publish(proposed_verdict, editor, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    url = f"/api/v1/webhooks/{subscription.pk}/deliveries/{delivery.pk}/redeliver/"
    for persona in ("fact_checker", "consumer", "anonymous"):
        assert api(persona).post(url).status_code == 403
    client = api("editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 202
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    log = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries/").json()
    assert [(d["status"], d["response_code"]) for d in log["results"]] == [("delivered", 200)]


def test_subscriptions_are_managed_by_editors(api, receiver, editor, fact_checker):
    assert (
        api("fact_checker")
        .post(
            "/api/v1/webhooks/",
            {"target_url": receiver.url, "events": ["verdict.published"]},
            format="json",
        )
        .status_code
        == 403
    )
    client = api("editor")
    created = client.post(
        "/api/v1/webhooks/",
        {"target_url": receiver.url, "events": ["verdict.published"]},
        format="json",
    )
    assert created.status_code == 201
    assert len(created.json()["secret"]) >= 32  # shown once
    listed = client.get("/api/v1/webhooks/").json()
    assert "secret" not in listed[0]
    bad = client.post(
        "/api/v1/webhooks/",
        {"target_url": receiver.url, "events": ["verdict.eaten"]},
        format="json",
    )
    assert bad.status_code == 400
    assert "events" in bad.json()["fields"]
    pk = created.json()["id"]
    assert (
        client.patch(f"/api/v1/webhooks/{pk}/", {"active": False}, format="json").json()["active"]
        is False
    )
    assert client.delete(f"/api/v1/webhooks/{pk}/").status_code == 204
