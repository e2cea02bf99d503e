"""Per-provider rate limits and concurrency caps, shared by every worker through Redis.

Celery's own ``rate_limit`` counts per worker and per task type; a provider's quota is per API
key, whichever worker asks. So each provider gets a token bucket (``CLAIMDESK_LOOKUP_RATE_LIMITS``,
"10/s" or "600/m") and a lease set capping how many of its lookups run at once
(``CLAIMDESK_LOOKUP_CONCURRENCY``). Leases expire after the hard time limit, so a killed worker
cannot hold a slot for ever. Without Redis (tasks run in-process) nothing is throttled.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger(__name__)

# Returns "0" when a token was taken, else the seconds until the next token (as a string:
# Lua numbers come back as integers otherwise).
TOKEN_BUCKET = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 5)
return tostring(wait)
"""

# 1 when the lease was taken (or renewed), 0 when the provider is at its cap.
LEASE = """
local cap = tonumber(ARGV[1])
local ttl = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < cap then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('EXPIRE', KEYS[1], math.ceil(ttl) + 5)
  return 1
end
return 0
"""


def parse_rate(rate: str) -> float | None:
    """ "10/s", "600/m", "3600/h" or a bare number per second → requests per second."""
    rate = (rate or "").strip()
    if not rate:
        return None
    amount, _, unit = rate.partition("/")
    per = {"": 1, "s": 1, "m": 60, "h": 3600}.get(unit.strip().lower()[:1])
    if per is None:
        raise ValueError(f"Unknown rate {rate!r}; write e.g. 10/s or 600/m.")
    return float(amount) / per


@lru_cache(maxsize=4)
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def _client():
    return _redis(settings.REDIS_URL) if settings.REDIS_URL else None


def provider_slot_wait(*, provider: str, lookup_id: int) -> float:
    """Take a concurrency lease and a rate token for ``provider``; 0 when the lookup may run now,
    otherwise how many seconds to wait before asking again."""
    client = _client()
    if client is None:
        return 0.0
    try:
        cap = settings.CLAIMDESK_LOOKUP_CONCURRENCY.get(provider)
        if cap:
            ttl = float(settings.CLAIMDESK_LOOKUP_TIME_LIMIT) + 5
            if not client.eval(
                LEASE, 1, f"claimdesk:lookups:running:{provider}", cap, lookup_id, ttl
            ):
                return 1.0
        rate = parse_rate(settings.CLAIMDESK_LOOKUP_RATE_LIMITS.get(provider, ""))
        if rate:
            wait = float(
                client.eval(
                    TOKEN_BUCKET, 1, f"claimdesk:lookups:rate:{provider}", rate, max(1.0, rate)
                )
            )
            if wait > 0:
                provider_slot_release(provider=provider, lookup_id=lookup_id)
                return wait
    except Exception:  # noqa: BLE001 - throttling is a courtesy; Redis trouble must not stop lookups
        logger.warning(
            "Could not check the %s rate limit in Redis; running unthrottled.",
            provider,
            exc_info=True,
        )
    return 0.0


def provider_slot_release(*, provider: str, lookup_id: int) -> None:
    client = _client()
    if client is None or not settings.CLAIMDESK_LOOKUP_CONCURRENCY.get(provider):
        return
    try:
        client.zrem(f"claimdesk:lookups:running:{provider}", lookup_id)
    except Exception:  # noqa: BLE001 - the lease expires on its own
        logger.warning("Could not release the %s lease of lookup %s.", provider, lookup_id)
