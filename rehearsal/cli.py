"""The command line: arguments, the preflight, building the shape, running the checks, the table."""

import argparse
import http.client
import subprocess  # nosec B404  # only for its exceptions
import tempfile
import time
from pathlib import Path

import psycopg

import rehearsal
from rehearsal.checks import CHECKS, Check
from rehearsal.preflight import preflight
from rehearsal.processes import CheckFailed, Processes, say
from rehearsal.report import Result, print_table
from rehearsal.shape import Shape, stopped_on_exit

# What makes a check fail rather than the script crash.
FAILURES = (CheckFailed, subprocess.SubprocessError, OSError, http.client.HTTPException, psycopg.Error)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(rehearsal.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=2000, help="daily subscribers seeded for (c) and (d)")
    parser.add_argument("--requests", type=int, default=2000, help="GETs of the load in (b)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the logs even when every check passes")
    return parser.parse_args()


def main() -> int:
    args = parse_arguments()
    preflight()
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="labsite-rehearse-"))
    workdir.chmod(0o755)
    shape = Shape(args.users, args.requests, workdir, Processes(workdir))
    with stopped_on_exit(shape, keep=args.keep_logs) as passed:
        try:
            shape.build()
        except FAILURES as error:
            say(f"could not build the production shape: {error}")
            return 1
        say(f"production shape up in {time.monotonic() - began:.0f} s; logs in {workdir}")
        results = [run_check(label, check, shape) for label, check in CHECKS]
        passed[0] = all(result.ok for result in results)
        print_table(results, time.monotonic() - began)
    return 0 if passed[0] else 1


def run_check(label: str, check: Check, shape: Shape) -> Result:
    """One check, a failure of which (rather than a crash) becomes a failed result."""
    say(f"{label} …")
    try:
        result = check(shape)
    except FAILURES as error:
        result = Result(label, False, f"{type(error).__name__}: {error}")
    say(f"    {'PASS' if result.ok else 'FAIL'}: {result.figures}")
    return result
