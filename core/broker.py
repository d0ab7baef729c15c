"""What labsite keeps in Redis beside Celery's queue: the broker of
``CELERY_BROKER_URL`` (``REDIS_URL``), shared by every machine of the site.

Keys:

- ``labsite:workers``: a hash, Celery node name (``celery@host``) → unix time
  of that worker's last heartbeat. Every worker writes its own field every
  15 seconds (``core.liveness.WorkerHeartbeat``) and removes it when it stops.
- ``labsite:beat``: the unix time of beat's last tick (``core.liveness.BeatScheduler``).
- ``labsite:tasks:success``, ``labsite:tasks:failure``, ``labsite:tasks:retry``:
  hashes, task name → how many runs ended so since Redis started, counted by
  the workers (``core.taskevents``) and read by ``/metrics``.

Times are Redis's own clock (``TIME``), for writing and reading alike, so that
machines whose clocks disagree still agree on an age.
"""

import redis
import redis.asyncio
from django.conf import settings

WORKERS_KEY = "labsite:workers"
BEAT_KEY = "labsite:beat"
TASK_STATES = ("success", "failure", "retry")
TASK_KEYS = {state: f"labsite:tasks:{state}" for state in TASK_STATES}
# A heartbeat or a scrape waits this long at most for Redis.
TIMEOUT_SECONDS = 2

_clients: dict[str, redis.Redis] = {}


def broker_url() -> str:
    return settings.CELERY_BROKER_URL


def client() -> redis.Redis:
    """This process's client of the broker's Redis (redis-py remakes its
    connections in a forked child)."""
    url = broker_url()
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
    return _clients[url]


def async_client() -> redis.asyncio.Redis:
    """A new asyncio client, for one request; the caller closes it."""
    return redis.asyncio.Redis.from_url(
        broker_url(), socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )


def stamp(key: str, field: str | None = None) -> int:
    """Write Redis's time now at ``key`` (or at ``field`` of the hash ``key``); return it."""
    connection = client()
    now = int(connection.time()[0])
    if field is None:
        connection.set(key, now)
    else:
        connection.hset(key, field, now)
    return now
