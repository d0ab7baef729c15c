"""Free ports, polling, and the processes the rehearsal starts, each in a process group of its own."""

import contextlib
import os
import signal
import socket
import subprocess  # nosec B404  # the rehearsal starts the site's own processes
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearsal.config import BASE_DIR, HOST


class CheckFailed(Exception):
    """A check's assertion did not hold: the message says what was seen."""


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def poll(condition: Callable[[], Any], *, timeout: float, what: str, interval: float = 0.2) -> Any:
    """``condition()`` once it is true, polled every ``interval`` s; ``CheckFailed`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise CheckFailed(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def text_after(log: Path, offset: int) -> str:
    with log.open("rb") as file:
        file.seek(offset)
        return file.read().decode(errors="replace")


def run_tool(argv: list[str]) -> None:
    # pg_dump and pg_restore with arguments the rehearsal builds, no shell:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)  # nosec B603
    if result.returncode != 0:
        raise CheckFailed(f"{argv[0]} failed: {result.stderr.strip()}")


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class Processes:
    """Every process the rehearsal starts, each in a process group of its own
    (so that Ctrl-C reaches only this script, which then stops them in order,
    and a kill reaches a server's master and its workers at once)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: list[Service] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Service:
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            # gunicorn, celery and nginx with arguments the rehearsal builds, no shell:
            process = subprocess.Popen(  # nosec B603
                argv, cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        service = Service(name, process, log)
        self.running.append(service)
        return service

    def kill(self, service: Service) -> None:
        """SIGKILL to the whole group: as a lost machine or the OOM killer would."""
        self._signal(service, signal.SIGKILL)
        service.process.wait(timeout=10)
        self.running.remove(service)

    def stop(self, service: Service, *, timeout: float = 15) -> None:
        self._signal(service, signal.SIGTERM)
        try:
            service.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._signal(service, signal.SIGKILL)
            service.process.wait(timeout=10)
        # Whatever is left of the group (a worker child still finishing).
        self._signal(service, signal.SIGKILL)
        if service in self.running:
            self.running.remove(service)

    def stop_all(self) -> None:
        for service in reversed(list(self.running)):
            self.stop(service)

    @staticmethod
    def _signal(service: Service, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(service.process.pid, signum)
