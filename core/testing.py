"""Helpers for the test suites of every app."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` in as many threads at once, each on its own database
    connection; return each result, or the exception it raised."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the result under test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def scrape(client: Client, **extra: Any) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """The samples of ``/metrics``, by name and labels."""
    response = client.get(reverse("metrics"), **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))
