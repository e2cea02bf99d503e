"""Per-provider rate limits and concurrency caps, shared through the real Redis."""

from __future__ import annotations

import pytest
import redis

from claims.lookups.throttle import parse_rate, provider_slot_release, provider_slot_wait

pytestmark = pytest.mark.redis


@pytest.fixture
def shared_redis(redis_url, settings):
    settings.REDIS_URL = redis_url
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("claimdesk:lookups:*"):
        client.delete(key)
    yield client
    for key in client.scan_iter("claimdesk:lookups:*"):
        client.delete(key)


def test_rates_read_per_second_minute_and_hour():
    assert parse_rate("10/s") == 10 and parse_rate("600/m") == 10 and parse_rate("3600/h") == 1
    assert parse_rate("") is None
    with pytest.raises(ValueError):
        parse_rate("5/fortnight")


def test_rate_limit_makes_the_next_lookup_wait(shared_redis, settings):
    settings.CLAIMDESK_LOOKUP_RATE_LIMITS = {"mediawiki": "2/s"}
    settings.CLAIMDESK_LOOKUP_CONCURRENCY = {}
    assert provider_slot_wait(provider="mediawiki", lookup_id=1) == 0
    assert provider_slot_wait(provider="mediawiki", lookup_id=2) == 0
    wait = provider_slot_wait(provider="mediawiki", lookup_id=3)
    assert 0 < wait <= 0.5
    assert (
        provider_slot_wait(provider="factcheck_tools", lookup_id=4) == 0
    )  # another provider's bucket


def test_concurrency_cap_holds_until_a_slot_is_released(shared_redis, settings):
    settings.CLAIMDESK_LOOKUP_RATE_LIMITS = {}
    settings.CLAIMDESK_LOOKUP_CONCURRENCY = {"json": 2}
    assert provider_slot_wait(provider="json", lookup_id=1) == 0
    assert provider_slot_wait(provider="json", lookup_id=2) == 0
    assert provider_slot_wait(provider="json", lookup_id=3) > 0
    provider_slot_release(provider="json", lookup_id=1)
    assert provider_slot_wait(provider="json", lookup_id=3) == 0


def test_a_dead_workers_slot_expires_after_the_hard_time_limit(shared_redis, settings):
    settings.CLAIMDESK_LOOKUP_RATE_LIMITS = {}
    settings.CLAIMDESK_LOOKUP_CONCURRENCY = {"json": 1}
    settings.CLAIMDESK_LOOKUP_TIME_LIMIT = -4.5  # leases live limit + 5 s: here half a second
    assert provider_slot_wait(provider="json", lookup_id=1) == 0
    import time

    time.sleep(0.7)
    assert provider_slot_wait(provider="json", lookup_id=2) == 0


def test_without_redis_nothing_is_throttled(settings):
    settings.REDIS_URL = ""
    settings.CLAIMDESK_LOOKUP_CONCURRENCY = {"json": 1}
    assert provider_slot_wait(provider="json", lookup_id=1) == 0
    assert provider_slot_wait(provider="json", lookup_id=2) == 0
