"""(c) Killing one worker (SIGKILL) in the middle of the digests leaves every digest delivered exactly once."""

import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rehearsal.checks.outbox import delivered_once, linger, settled
from rehearsal.config import CHUNK_GRACE_SECONDS, CHUNK_SIZE, DATABASE, WORKER_CONCURRENCY
from rehearsal.database import query
from rehearsal.processes import poll, text_after
from rehearsal.report import Result
from rehearsal.seed import seeded
from rehearsal.shape import Shape
from rehearsal.sink import Sink

LABEL = "(c) worker1 killed mid-digest"


def check_dead_worker(shape: Shape) -> Result:
    day, expected = shape.digest_day, seeded(shape.users)
    logs = {worker.log: worker.log.stat().st_size for worker in shape.workers}
    began = time.monotonic()
    shape.manage("send_digests", "--workers", "--today", day.isoformat())
    arrived = _arrivals(shape.sink, began, expected)
    poll(lambda: arrived() >= len(expected) // 3, timeout=120, what="a third of the digests", interval=0.1)
    victim = shape.workers.pop(0)
    killed_at = time.monotonic()
    shape.processes.kill(victim)
    killed = (arrived(), killed_at - began)
    prefix = f"digest:daily:{day.isoformat()}:"
    poll(
        lambda: arrived() == len(expected) and settled(prefix, "daily", day),
        timeout=240,
        what="every digest to be delivered",
        interval=0.5,
    )
    seconds = time.monotonic() - began
    linger()
    verdict = delivered_once(shape.sink, prefix, began, expected=expected, killed_at=killed_at)
    ok = verdict.ok and verdict.in_flight <= WORKER_CONCURRENCY
    rehanded, swept = _rehanded(day), _swept(logs)
    shape.workers.insert(0, shape.start_worker(1))  # back to two workers for (d)
    shape.wait_worker(shape.workers[0])
    figures = (
        f"{verdict.figures()}; digests of {day} in chunks of {CHUNK_SIZE}; "
        f"worker1 SIGKILLed at {killed[0]:,} delivered ({killed[1]:.0f} s); "
        f"{rehanded} chunks handed out again after the {CHUNK_GRACE_SECONDS} s lease, {swept} emails sent "
        "by the outbox sweeper; "
        f"all delivered in {seconds:.0f} s"
    )
    return Result(LABEL, ok, figures)


def _arrivals(sink: Sink, began: float, expected: set[str]) -> Callable[[], int]:
    """How many of ``expected`` the sink has received a message for since ``began``."""

    def arrived() -> int:
        return len({d.recipient for d in sink.since(began)} & expected)

    return arrived


def _rehanded(day: date) -> int:
    """Chunks of the day's run published again after the run started (a lease expired)."""
    return query(
        DATABASE,
        "SELECT count(*) FROM notifications_chunk c JOIN notifications_run r ON r.id = c.run_id "
        "WHERE r.job = 'daily' AND r.period = %s AND c.published_at > r.started_at + interval '2 seconds'",
        (day.isoformat(),),
    )[0][0]


def _swept(logs: dict[Path, int]) -> int:
    """Emails sent one by one since the logs' offsets: the sweeper hands each email it
    finds pending to a task of its own (the fast path sends batches)."""
    return sum(
        len(re.findall(r"labsite\.send_email\[[^\]]+\] succeeded in [\d.]+s: 'sent'", text_after(log, offset)))
        for log, offset in logs.items()
    )
