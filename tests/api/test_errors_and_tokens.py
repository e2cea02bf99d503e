"""Error bodies, throttling per token and per anonymous client, and API tokens."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def _rates(settings, **rates):
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {
        "anon": "1000/min",
        "user": "1000/min",
        "search": "1000/min",
        **rates,
    }
    settings.REST_FRAMEWORK = rest
    from django.core.cache import caches

    caches["throttle"].clear()  # start counting from here (fixtures may have made requests)


def test_anonymous_clients_are_throttled_with_a_429_body(api, settings):
    client = api("anonymous")
    _rates(settings, anon="3/min")
    statuses = [client.get("/api/v1/ratings/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/ratings/")
    assert response.json()["code"] == "throttled"
    assert "Retry-After" in response


def test_throttling_counts_per_token(api, settings, other_editor):
    consumer = api("consumer")
    _rates(settings, user="2/min")
    assert [consumer.get("/api/v1/ratings/").status_code for _ in range(3)] == [200, 200, 429]
    # Another token holder has their own allowance.
    assert api("other_editor").get("/api/v1/ratings/").status_code == 200


def test_search_has_its_own_scoped_rate(api, settings):
    client = api("consumer")
    _rates(settings, search="1/min")
    assert client.get("/api/v1/claims:search").status_code == 200
    assert client.get("/api/v1/claims:search").status_code == 429
    assert client.get("/api/v1/ratings/").status_code == 200


def test_a_bad_token_is_refused_with_a_message(api):
    client = api("anonymous")
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/verdicts/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "authentication_failed"


def test_unknown_record_is_404_with_a_code(api):
    response = api("editor").get("/api/v1/verdicts/424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No verdict with id 424242.", "code": "not_found"}


def test_create_api_token_prints_a_working_key(api, consumer, capsys):
    call_command("create_api_token", consumer.username)
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=consumer).key == key
    call_command("create_api_token", consumer.username)
    assert capsys.readouterr().out.strip() == key  # stable unless rotated
    call_command("create_api_token", consumer.username, "--rotate")
    assert capsys.readouterr().out.strip() != key


def test_create_api_token_for_unknown_user_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user named"):
        call_command("create_api_token", "nobody")
