"""The test suite on another day.

``LABSITE_TEST_NOW`` (an ISO 8601 instant with its offset, e.g.
``2027-03-28T01:30:00+01:00``) moves the clock of every test to that instant
when it starts (it then ticks on); a Celery worker that a test starts runs on
the test's clock too. `.ci/run` runs the date-sensitive modules again on a few
such days (``bin/clock-check``) and fails if any result changes. Without the
variable, tests run at the real time.
"""

import datetime as dt
import os
import sys

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


# Run a command under time-machine, starting at argv[1] and ticking on.
_BOOTSTRAP = """
import datetime, runpy, sys
import time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv[1]), tick=True).start()
sys.argv = sys.argv[2:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def on_test_clock(command: list[str]) -> list[str]:
    """``command`` (a Python script and its arguments) on the test's clock: as
    is at the real time, under time-machine from "now" when the clock is moved."""
    if moved_to() is None:
        return command
    now = dt.datetime.now(dt.UTC).isoformat()
    return [sys.executable, "-c", _BOOTSTRAP, now, *command]
