"""The test suite on another day.

``LABSITE_TEST_NOW`` (an ISO 8601 instant with its offset, e.g.
``2027-03-28T01:59:00+01:00``) moves the clock of the whole test session to
that instant when it starts (it then ticks on), module and session fixtures
included; a Celery worker that a test starts runs on the test's clock too.
`.ci/run` runs the date-sensitive modules again on a few such days
(``bin/clock-check``) and fails if any result changes. Without the variable,
tests run at the real time.
"""

import datetime as dt
import os
import sys
import time

import time_machine

VARIABLE = "LABSITE_TEST_NOW"


def moved_to() -> dt.datetime | None:
    """The instant the tests pretend it is at their start, if any."""
    raw = os.environ.get(VARIABLE, "").strip()
    if not raw:
        return None
    instant = dt.datetime.fromisoformat(raw)
    if instant.tzinfo is None:
        raise ValueError(f"{VARIABLE} needs an offset or Z, as in 2027-01-04T09:00:00+01:00, not {raw!r}")
    return instant


# Run a command under time-machine, its clock ahead of the real one by argv[1]
# seconds (behind if negative), ticking on: every process of a test then reads
# the same time, whenever it started.
_BOOTSTRAP = """
import runpy, sys, time
import time_machine
time_machine.travel(time.time() + float(sys.argv[1]), tick=True).start()
time.time()  # time-machine's clock ticks from its first reading: start it now
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def on_test_clock(command: list[str]) -> list[str]:
    """``command`` (a Python script and its arguments) on the test's clock: as
    is at the real time, under time-machine with the test's offset from the
    real time when the test travels (``LABSITE_TEST_NOW``, or a test's own
    ``time_machine.travel``)."""
    if not time_machine.escape_hatch.is_travelling():
        return command
    offset = time.time() - time_machine.escape_hatch.time.time()
    return [sys.executable, "-c", _BOOTSTRAP, repr(offset), *command]
