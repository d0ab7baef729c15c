"""What (c) and (d) ask of a run of emails: settled in the outbox, and delivered exactly once by the sink."""

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rehearsal.config import DATABASE, WORKER_CONCURRENCY
from rehearsal.database import query
from rehearsal.sink import Delivery, Sink

# Seconds after a kill within which the sink may still be handling what the
# killed worker had finished sending.
IN_FLIGHT_MARGIN = 2.0


@dataclass(frozen=True)
class Delivered:
    """What the SMTP sink received of one job's emails, against the outbox."""

    outbox: int  # emails of the job in the outbox
    delivered: int  # messages the sink accepted for them
    twice: int  # Message-IDs accepted more than once (in-flight ones apart)
    in_flight: int  # accepted once before a kill, and once again after it
    undelivered: int
    unsent: int  # not marked sent in the outbox
    missed: int  # expected recipients without a message
    doubled: int  # expected recipients with two different messages

    @property
    def ok(self) -> bool:
        return self.outbox > 0 and not (self.twice or self.undelivered or self.unsent or self.missed or self.doubled)

    def figures(self) -> str:
        resent = f" (+{self.in_flight} in flight at the kill, resent)" if self.in_flight else ""
        return (
            f"{self.delivered:,} delivered for {self.outbox:,} in the outbox; Message-IDs twice: {self.twice}{resent}; "
            f"recipients missed: {self.missed}, with two digests: {self.doubled}"
        )


def settled(prefix: str, job: str, day: date) -> bool:
    """The run exists, every chunk of it is done and none of its emails is still pending."""
    chunks = query(
        DATABASE,
        "SELECT count(*), count(*) FILTER (WHERE c.status = 'pending') FROM notifications_run r "
        "LEFT JOIN notifications_chunk c ON c.run_id = r.id WHERE r.job = %s AND r.period = %s",
        (job, day.isoformat()),
    )[0]
    pending = query(
        DATABASE, "SELECT count(*) FROM core_email WHERE key LIKE %s AND status = 'pending'", (f"{prefix}%",)
    )
    return chunks[0] > 0 and chunks[1] == 0 and pending[0][0] == 0


def linger() -> None:
    """Once every email of a run is marked sent nothing can send it again (a
    send claims only pending rows): a few seconds more cover what was in flight."""
    time.sleep(5)


def delivered_once(
    sink: Sink, prefix: str, since: float, *, expected: set[str] | None = None, killed_at: float | None = None
) -> Delivered:
    """Every email of ``prefix`` in the outbox delivered exactly once; with
    ``expected``, each of those recipients got one (one Message-ID) and no more."""
    emails = query(DATABASE, 'SELECT message_id, "to", status FROM core_email WHERE key LIKE %s', (f"{prefix}%",))
    ours = {message_id for message_id, _to, _status in emails}
    deliveries = [d for d in sink.since(since) if d.message_id in ours]
    per_message = Counter(d.message_id for d in deliveries)
    twice = {message_id for message_id, n in per_message.items() if n > 1}
    in_flight = _in_flight(deliveries, per_message, twice, killed_at)
    per_recipient = Counter(to for message_id, to, _status in emails if message_id in per_message)
    wanted = expected or set()
    return Delivered(
        outbox=len(ours),
        delivered=len(deliveries),
        twice=len(twice - in_flight),
        in_flight=len(in_flight),
        undelivered=len(ours - set(per_message)),
        unsent=sum(1 for _m, _to, status in emails if status != "sent"),
        missed=len(wanted - set(per_recipient)),
        doubled=sum(1 for to, n in per_recipient.items() if n > 1 and to in wanted),
    )


def _in_flight(
    deliveries: list[Delivery], per_message: Counter[str], twice: set[str], killed_at: float | None
) -> set[str]:
    """SMTP cannot commit with the database: a message the SMTP server had
    accepted when the worker died, before it could record it sent, is sent
    again (same Message-ID). At most one per process of the killed worker.

    The sink stamps a message when its own thread has handled it, which may be
    a moment after the worker sent the last byte and was killed: a first copy
    stamped up to ``IN_FLIGHT_MARGIN`` seconds after the kill was in flight at
    it (once killed, a worker starts nothing new)."""
    if killed_at is None:
        return set()
    first: dict[str, float] = {}
    for delivery in deliveries:
        first.setdefault(delivery.message_id, delivery.at)
    candidates = sorted(
        (first[m], m) for m in twice if per_message[m] == 2 and first[m] <= killed_at + IN_FLIGHT_MARGIN
    )
    return {m for _at, m in candidates[:WORKER_CONCURRENCY]}
