"""A one-line calibration of the machine, printed by every benchmark beside its
figures, so that runs on different days and machines can be compared.

    .venv/bin/python bench/calibrate.py [database URL]

Two fixed workloads that depend neither on the code of labsite nor on the data
of a benchmark: a CPU-bound pure-Python loop (the interpreter, one core) and a
PostgreSQL query over ``generate_series`` (the database server, one backend),
each the best of a few runs in milliseconds; then the CPU model, the number of
vCPUs, the load average, the PostgreSQL version and the settings the figures
depend on. If a benchmark's figures differ between two runs and so do these,
the machine differs; if these are the same, look at the code.
"""

import os
import platform
import sys
import time
from pathlib import Path

ROUNDS = 5
PG_QUERY = "SELECT sum(i) FROM generate_series(1, 2000000) i"
PG_SETTINGS = ("shared_buffers", "work_mem", "max_parallel_workers_per_gather")


def cpu_loop() -> int:
    """A fixed pure-Python workload: integer arithmetic, a dict and a string
    join, about what composing a digest exercises: about 100 ms on a 2026 core."""
    total = 0
    table: dict[int, str] = {}
    for i in range(1_000_000):
        total = (total * 31 + i) % 1_000_003
        if i % 8 == 0:
            table[total] = str(i)
    return total + len("".join(table.values()))


def best_ms(function: object, rounds: int = ROUNDS) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def postgresql(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        settings = {
            name: connection.execute("SELECT current_setting(%s)", [name]).fetchone()[0]  # type: ignore[index]
            for name in PG_SETTINGS
        }
        query_ms = best_ms(lambda: connection.execute(PG_QUERY).fetchone())
    return f"pg {query_ms:.0f} ms (generate_series 2M sum), PostgreSQL {version.split()[0]} " + " ".join(
        f"{name}={value}" for name, value in settings.items()
    )


def calibration(database_url: str) -> str:
    """The machine in one line: CPU loop and PostgreSQL query (ms, best of
    ROUNDS), CPU model, vCPUs, load average, PostgreSQL version and settings."""
    loop_ms = best_ms(cpu_loop)
    try:
        database = postgresql(database_url)
    except Exception as error:  # noqa: BLE001  # a calibration never stops a benchmark
        database = f"pg unavailable ({type(error).__name__})"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Calibration: cpu {loop_ms:.0f} ms (python loop), {database}; "
        f"{cpu_model()}, {os.cpu_count()} vCPUs, load {load}; Python {platform.python_version()}"
    )


if __name__ == "__main__":
    url = (
        sys.argv[1]
        if len(sys.argv) > 1
        else os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    print(calibration(url))
