"""(b) Killing one web instance (SIGKILL) under load loses no request: nginx retries on the other."""

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import quantiles

from rehearsal.client import Client, Response, Site, signed_in_page
from rehearsal.config import LOAD_ACCOUNTS, PAGES
from rehearsal.processes import CheckFailed, poll
from rehearsal.report import Result
from rehearsal.shape import Shape

LABEL = "(b) web1 killed under load"
# How long the load may take before the check gives up waiting on it: what is checked
# is that every request is answered without an error, not how fast (on a busy
# 2-vCPU machine 2,000 requests took 187 s, and a 180 s wait failed a run with 0 errors).
LOAD_TIMEOUT_S = 600

type Outcome = tuple[str, float]  # "200" (a signed-in page), another status or an error's name; seconds


@dataclass(frozen=True)
class Load:
    """What the load saw, from its start to the last thread's end."""

    outcomes: list[Outcome]
    clients: int
    seconds: float
    killed_after: int  # requests answered when web1 was killed
    after: Response  # the site, once the load is over
    retried: int  # requests nginx passed on to web2 (its access log)

    @property
    def statuses(self) -> Counter[str]:
        return Counter(outcome for outcome, _elapsed in self.outcomes)

    @property
    def errors(self) -> int:
        return len(self.outcomes) - self.statuses["200"]

    def figures(self) -> str:
        cuts = quantiles([elapsed for _outcome, elapsed in self.outcomes], n=100)
        others = ", ".join(f"{n} × {outcome}" for outcome, n in self.statuses.items() if outcome != "200")
        return (
            f"{len(self.outcomes):,} GETs by {self.clients} signed-in clients in {self.seconds:.0f} s, web1 SIGKILLed "
            f"after {self.killed_after:,}: {self.errors} errors{f' ({others})' if others else ''}; "
            f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, "
            f"max {max(e for _o, e in self.outcomes) * 1000:.0f} ms; "
            f"{self.retried} retried by nginx on web2; site answers after: {self.after.status}"
        )


def check_failover(shape: Shape) -> Result:
    site = shape.built_site()
    if shape.nginx is None:
        raise CheckFailed("nginx is not started")
    clients = _signed_in_clients(site)
    outcomes: list[Outcome] = []
    log_before = _nginx_log_lines(shape.workdir)
    began = time.monotonic()
    threads = _start_load(clients, shape.requests, outcomes)
    poll(lambda: len(outcomes) >= shape.requests // 3, timeout=120, what="a third of the requests", interval=0.01)
    killed_after = len(outcomes)
    victim = shape.webs.pop(0)
    shape.processes.kill(victim)
    for thread in threads:
        thread.join(timeout=max(1.0, LOAD_TIMEOUT_S - (time.monotonic() - began)))
    seconds = time.monotonic() - began
    after = Client(site, cookies=dict(clients[0].cookies)).request("GET", "/")
    retried = sum(", " in line for line in _nginx_log_lines(shape.workdir)[len(log_before) :])
    load = Load(outcomes, len(clients), seconds, killed_after, after, retried)
    ok = len(outcomes) == shape.requests and load.errors == 0 and signed_in_page(after)
    return Result(LABEL, ok, load.figures())


def _signed_in_clients(site: Site) -> list[Client]:
    """One client through nginx per load account, each signed in."""
    clients = [Client(site) for _account in LOAD_ACCOUNTS]
    for client, account in zip(clients, LOAD_ACCOUNTS, strict=True):
        client.sign_in(account)
    return clients


def _start_load(clients: list[Client], requests: int, outcomes: list[Outcome]) -> list[threading.Thread]:
    """A thread per client, GETting the signed-in pages in turn until ``requests`` are made in all."""
    lock = threading.Lock()
    handed = iter(range(requests))

    def load(client: Client) -> None:
        for n in iter(lambda: next(handed, None), None):  # one shared sequence for all threads
            began = time.perf_counter()
            try:
                response = client.request("GET", PAGES[n % len(PAGES)], timeout=30)
                outcome = "200" if signed_in_page(response) else str(response.status)
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            with lock:
                outcomes.append((outcome, time.perf_counter() - began))

    threads = [threading.Thread(target=load, args=(client,), daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    return threads


def _nginx_log_lines(workdir: Path) -> list[str]:
    log = workdir / "nginx" / "logs" / "access.log"
    return log.read_text(errors="replace").splitlines() if log.exists() else []
