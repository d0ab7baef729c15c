"""(d) A second beat started by mistake sends nothing twice: both fire, one run of each job does the work."""

import re
import time
from collections import Counter
from datetime import datetime, timedelta

from rehearsal.checks.outbox import delivered_once, linger, settled
from rehearsal.config import DATABASE, PARIS
from rehearsal.database import query
from rehearsal.processes import Service, poll, say
from rehearsal.report import Result
from rehearsal.seed import seeded
from rehearsal.shape import Shape

LABEL = "(d) a second beat"


def check_second_beat(shape: Shape) -> Result:
    fire, at = _start_two_beats(shape)
    began = time.monotonic()
    expected, day = seeded(shape.users), fire.date()
    digests, reminders = f"digest:daily:{day.isoformat()}:", "reminder:"
    wait = (fire - datetime.now(PARIS)).total_seconds()

    def done() -> bool:
        got = {d.recipient for d in shape.sink.since(began)}
        return expected <= got and settled(digests, "daily", day) and settled(reminders, "reminders", day)

    poll(done, timeout=wait + 180, what="the scheduled digests and reminders", interval=0.5)
    linger()
    fired = _fired(shape.beats)
    runs = query(
        DATABASE, "SELECT job, count(*) FROM notifications_run WHERE period = %s GROUP BY job", (day.isoformat(),)
    )
    digest_verdict = delivered_once(shape.sink, digests, began, expected=expected)
    reminder_verdict = delivered_once(shape.sink, reminders, began)
    ok = (
        digest_verdict.ok
        and reminder_verdict.ok
        and fired["send-digests"] == fired["send-reminders"] == 2
        and dict(runs) == {"daily": 1, "reminders": 1}
    )
    figures = (
        f"both beats fired at {at}: send-digests ×{fired['send-digests']}, send-reminders "
        f"×{fired['send-reminders']}; runs {dict(sorted(runs))}; digests of {day}: {digest_verdict.figures()}; "
        f"reminders: {reminder_verdict.delivered} delivered for {reminder_verdict.outbox} in the outbox, "
        f"Message-IDs twice: {reminder_verdict.twice}"
    )
    return Result(LABEL, ok, figures)


def _start_two_beats(shape: Shape) -> tuple[datetime, str]:
    """The beat stopped, and two started with both jobs due at the first whole minute
    more than 15 s away: the moment they fire, and it as ``HH:MM``."""
    for beat in shape.beats:
        shape.processes.stop(beat)
    fire = (datetime.now(PARIS) + timedelta(seconds=75)).replace(second=0, microsecond=0)
    at = fire.strftime("%H:%M")
    shape.beats = [shape.start_beat(name, DIGESTS_AT=at, REMINDERS_AT=at) for name in ("beat1", "beat2")]
    for beat in shape.beats:
        poll(lambda beat=beat: "beat: Starting" in beat.output(), timeout=30, what=f"{beat.name} to start")
    say(f"    both beats started, DIGESTS_AT=REMINDERS_AT={at} (Europe/Paris)")
    return fire, at


def _fired(beats: list[Service]) -> Counter[str]:
    """How many times the beats, together, sent each task."""
    return Counter(task for beat in beats for task in re.findall(r"Sending due task (send-\w+)", beat.output()))
