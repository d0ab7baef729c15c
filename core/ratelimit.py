"""Fixed-window counters in Redis (the broker's, ``core.broker``), shared by
every web process: ``ratelimit_hit("password-reset:address", value, limit=3,
window=3600)`` counts one request and says whether it is within the limit.

Keys are ``<RATELIMIT_KEY_PREFIX><scope>:<sha256 of the value>`` (the prefix
is ``labsite:ratelimit:``, and one per process of a parallel test run), so that
Redis holds no address in clear. When Redis cannot be reached the request is let
through (the site keeps working without Redis, SPEC §7) and a warning logged.
"""

import hashlib
import logging

import redis
from django.conf import settings

from core import broker

logger = logging.getLogger("labsite.ratelimit")


def _prefix() -> str:
    return getattr(settings, "RATELIMIT_KEY_PREFIX", "labsite:ratelimit:")


def _key(scope: str, value: str) -> str:
    return f"{_prefix()}{scope}:{hashlib.sha256(value.encode()).hexdigest()}"


def ratelimit_hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one request for ``value`` in ``scope``; True while at most
    ``limit`` were counted in the current ``window`` (seconds)."""
    key = _key(scope, value)
    try:
        pipeline = broker.client().pipeline()
        pipeline.incr(key)
        pipeline.expire(key, window, nx=True)
        count, _expiry_set = pipeline.execute()
    except redis.RedisError as error:
        logger.warning("Rate limit %s not checked (Redis): %s", scope, error)
        return True
    return int(count) <= limit


def ratelimit_clear() -> None:
    """Forget every counter (tests start from none)."""
    client = broker.client()
    keys = list(client.scan_iter(match=f"{_prefix()}*", count=1000))
    if keys:
        client.delete(*keys)
