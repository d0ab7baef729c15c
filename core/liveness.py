"""Signs of life of the Celery processes, written to Redis (keys in
``core.broker``) and read by ``/readyz`` (``core.health``).

- ``WorkerHeartbeat``: a step of every worker's consumer (added to the app in
  ``labsite/celery.py``). It writes ``labsite:workers[<node name>]`` when the
  worker starts consuming and every 15 seconds after, from the worker's own
  timer: it needs neither task events (``-E``) nor Celery's heartbeat, which
  ``--without-heartbeat`` turns off. A worker that stops removes its field; one
  that dies leaves a time that grows old.
- ``BeatScheduler``: beat's scheduler (``CELERY_BEAT_SCHEDULER``), Celery's
  persistent one, that writes ``labsite:beat`` after its ticks (at most every
  10 seconds; ``CELERY_BEAT_MAX_LOOP_INTERVAL`` makes beat tick every minute
  at least).

A Redis that does not answer is logged and otherwise ignored: neither a task
nor the schedule waits on these writes for longer than ``core.broker.TIMEOUT_SECONDS``.
"""

import logging
import time
from typing import Any

import redis
from celery import bootsteps
from celery.beat import PersistentScheduler

from core import broker

logger = logging.getLogger("labsite.liveness")

HEARTBEAT_SECONDS = 15.0
BEAT_STAMP_EVERY_SECONDS = 10.0
# A worker silent for a day (a machine renamed or gone) is forgotten when another starts.
FORGET_AFTER_SECONDS = 24 * 60 * 60


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes this worker's heartbeat while its consumer runs."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.node = ""
        self.timer_entry: Any = None

    def start(self, parent: Any) -> None:
        self.node = parent.hostname
        self.beat()
        _forget_silent_workers()
        self.timer_entry = parent.timer.call_repeatedly(HEARTBEAT_SECONDS, self.beat)

    def stop(self, parent: Any) -> None:
        if self.timer_entry is not None:
            parent.timer.cancel(self.timer_entry)
            self.timer_entry = None
            try:
                broker.client().hdel(broker.WORKERS_KEY, self.node)
            except redis.RedisError as error:
                logger.warning("Could not remove the heartbeat of %s: %s", self.node, error)

    terminate = stop
    shutdown = stop

    def beat(self) -> None:
        try:
            broker.stamp(broker.WORKERS_KEY, self.node)
        except redis.RedisError as error:
            logger.warning("Could not write the heartbeat of %s: %s", self.node, error)


def _forget_silent_workers() -> None:
    try:
        connection = broker.client()
        now = int(connection.time()[0])
        silent = [
            node for node, at in connection.hgetall(broker.WORKERS_KEY).items() if now - int(at) > FORGET_AFTER_SECONDS
        ]
        if silent:
            connection.hdel(broker.WORKERS_KEY, *silent)
    except (redis.RedisError, ValueError) as error:
        logger.warning("Could not forget silent workers: %s", error)


class BeatScheduler(PersistentScheduler):
    """Celery's persistent scheduler, recording when it last ticked."""

    stamped_at: float | None = None

    def tick(self, *args: Any, **kwargs: Any) -> float:
        interval = super().tick(*args, **kwargs)
        now = time.monotonic()
        if self.stamped_at is None or now - self.stamped_at >= BEAT_STAMP_EVERY_SECONDS:
            try:
                broker.stamp(broker.BEAT_KEY)
                self.stamped_at = now
            except redis.RedisError as error:
                logger.warning("Could not record beat's tick: %s", error)
        return interval
