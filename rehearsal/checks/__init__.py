"""The rehearsal's checks (a)–(e), in the order they run: each takes the built shape and returns a ``Result``."""

from collections.abc import Callable

from rehearsal.checks import dead_worker, failover, restore, second_beat, sessions
from rehearsal.report import Result
from rehearsal.shape import Shape

type Check = Callable[[Shape], Result]

CHECKS: list[tuple[str, Check]] = [
    (sessions.LABEL, sessions.check_sessions),
    (failover.LABEL, failover.check_failover),
    (dead_worker.LABEL, dead_worker.check_dead_worker),
    (second_beat.LABEL, second_beat.check_second_beat),
    (restore.LABEL, restore.check_restore),
]
