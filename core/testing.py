"""Helpers for the test suites of every app."""

import inspect
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

if TYPE_CHECKING:  # the test client's response: an HttpResponse with the request it answered
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse
else:
    TestResponse = HttpResponse


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


# Worlds: the records a module's tests share, written once -----------------------------


def world_fixture[T](build: Callable[[], T]) -> Any:
    """A module-scoped fixture whose value is ``build()``, written once per
    module and per test database in a transaction rolled back at the module's
    end; each test runs in a savepoint inside it, so no test sees another's
    writes. Each app's tests say what their world holds (``build``); this is
    only the machinery::

        projects_world = world_fixture(lambda: build_projects(seed()))
    """

    @pytest.fixture(scope="module")
    def once(django_db_setup: None, django_db_blocker: Any) -> Iterator[T]:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    return once


# The permission matrix ----------------------------------------------------------------
# Each app's ``tests/matrix.py`` holds its rows as plain literals, one row a URL
# and what each persona gets there:
#     (URL name, method, URL arguments, data, {persona: expected status})
#     ("projects:project-update", "GET", ("<project:secret>",), None, {"director": 200, ..., "anonymous": 302})
# The data is the query of a GET, the body of anything else. 404 says the persona
# cannot see the object, 403 that they see it but may not do this. A string
# written ``<...>`` is filled in when the check runs (``filled``): a date such as
# ``<today>``, ``<in 30 days>`` or ``<10 days ago>``, or else a record of the
# test's world (``<project:secret>``), which the test's ``lookup`` finds.

ANONYMOUS = "anonymous"

type MatrixRow = tuple[str, str, tuple[Any, ...], Any, dict[str, int]]
type Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class Check:
    """One permission check: ``persona`` sends ``method`` to the URL ``name``
    with ``args`` and ``data``, and gets ``expected``."""

    name: str
    method: str
    args: tuple[Any, ...]
    data: Any
    persona: str
    expected: int

    @property
    def id(self) -> str:
        words = [self.method, self.name, *map(str, self.args)]
        if self.method == "GET" and self.data:
            words.append("?" + urlencode(self.data, doseq=True))
        return " ".join([*words, self.persona, str(self.expected)])


def matrix(rows: Iterable[MatrixRow]) -> list[Any]:
    """One ``pytest.param`` per persona of each row, named after its check:
    ``@pytest.mark.parametrize("case", matrix(ROWS))``."""
    cases = (
        Check(name, method.upper(), tuple(args), data, persona, expected)
        for name, method, args, data, statuses in rows
        for persona, expected in statuses.items()
    )
    return [pytest.param(case, id=case.id) for case in cases]


def routes_of(rows: Iterable[MatrixRow]) -> frozenset[tuple[str, str]]:
    """The (URL name, METHOD) pairs the rows cover."""
    return frozenset((name, method.upper()) for name, method, *_rest in rows)


PLACEHOLDER = re.compile(r"<([^<>]+)>")
DATE = re.compile(r"today|in (\d+) days?|(\d+) days? ago")


def filled(value: Any, lookup: Lookup) -> Any:
    """``value`` with every ``<...>`` string in it (in lists, tuples and dicts
    too) replaced: dates by the ISO date they name, today's when the check
    runs; anything else by ``lookup(what is between the brackets)``."""
    if isinstance(value, dict):
        return {key: filled(item, lookup) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(filled(item, lookup) for item in value)
    match = PLACEHOLDER.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return value
    date = DATE.fullmatch(match.group(1))
    if date is None:
        return lookup(match.group(1))
    later, earlier = date.groups()
    return (timezone.localdate() + timedelta(days=int(later or 0) - int(earlier or 0))).isoformat()


def request(
    client: Client, method: str, url: str, body: Any = None, *, as_json: bool = False, **extra: Any
) -> TestResponse:
    """``client`` sends ``method`` to ``url``: forms by default, JSON for the API."""
    method = method.upper()
    if as_json and method != "GET":
        return client.generic(method, url, json.dumps(body or {}), content_type="application/json", **extra)
    if method == "GET":
        return client.get(url, body or {}, **extra)
    if method == "POST":
        return client.post(url, body or {}, **extra)
    return client.generic(method, url, **extra)


def check(
    client: Client,
    user: AbstractBaseUser | None,
    method: str,
    url: str,
    expected: int,
    body: Any = None,
    *,
    as_json: bool = False,
    **extra: Any,
) -> TestResponse:
    """One permission check: ``user`` (None for an anonymous visitor) sends
    ``method`` to ``url`` (``extra``: WSGI environ, as the test client takes it)
    and gets ``expected``."""
    if user is not None:
        # The stubs narrow force_login to AUTH_USER_MODEL, a class core may not import.
        client.force_login(user)  # type: ignore[arg-type]
    response = request(client, method, url, body, as_json=as_json, **extra)
    assert response.status_code == expected, (method, url, response.content[:500])
    return response


def no_records(name: str) -> Any:
    raise LookupError(f"<{name}>: this matrix names no records")


def check_case(
    client: Client, case: Check, user: AbstractBaseUser | None, lookup: Lookup = no_records, **extra: Any
) -> TestResponse:
    """Run ``case`` as ``user`` (None for an anonymous visitor), its ``<...>``
    filled in by ``lookup``: forms to the pages, JSON to the API (``api:``)."""
    url = reverse(case.name, args=filled(case.args, lookup))
    body = filled(case.data, lookup)
    as_json = case.name.startswith("api:")
    return check(client, user, case.method, url, case.expected, body, as_json=as_json, **extra)


# The site's URLs ------------------------------------------------------------------------


def url_patterns(
    patterns: list | None = None, namespace: str = "", regex: str = ""
) -> Iterator[tuple[str | None, str, str]]:
    """(full name or None, namespace, pattern regex) for every pattern of the site."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, inner, regex + entry.pattern.regex.pattern.lstrip("^"))
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name, namespace, regex + entry.pattern.regex.pattern.lstrip("^")


HTML_METHODS = ("GET", "POST")


def accepted_methods(callback: Any) -> frozenset[str]:
    """The HTTP methods a URL's view answers other than with 405.

    An API viewset says so in its action map. A class-based page: its handlers.
    A function page: the methods of its ``require_http_methods`` (``require_POST``)
    when it has one; otherwise GET, and POST when it reads a form. HTML pages
    are counted for GET and POST only: a browser sends nothing else (Django's
    form views take PUT as POST)."""
    if getattr(callback, "actions", None):
        # DRF adds HEAD to a viewset's action map at its first GET: HEAD is GET.
        allowed = {method.upper() for method in callback.cls.http_method_names} - {"OPTIONS", "HEAD"}
        return frozenset(method.upper() for method in callback.actions) & allowed
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        methods = {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
        if hasattr(view_class, "get_serializer_class") or "APIView" in {c.__name__ for c in view_class.__mro__}:
            return frozenset(methods - {"OPTIONS", "HEAD"})
        return frozenset(methods & set(HTML_METHODS))
    function = callback
    while function is not None:
        for cell_name, cell in zip(function.__code__.co_freevars, function.__closure__ or (), strict=True):
            if cell_name == "request_method_list":
                return frozenset(cell.cell_contents) & set(HTML_METHODS) or frozenset(cell.cell_contents)
        innermost, function = function, getattr(function, "__wrapped__", None)
    source = inspect.getsource(innermost)
    return frozenset({"GET", "POST"} if "POST" in source else {"GET"})


def url_routes() -> Iterator[tuple[str, str]]:
    """(URL name, METHOD) for every named URL of the site and every method it accepts."""
    for name, namespace, _regex, callback in _patterns_with_views():
        if name and namespace != "admin":
            for method in sorted(accepted_methods(callback)):
                yield name, method


def _patterns_with_views(
    patterns: list | None = None, namespace: str = "", regex: str = ""
) -> Iterator[tuple[str | None, str, str, Any]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns_with_views(entry.url_patterns, inner, regex + entry.pattern.regex.pattern.lstrip("^"))
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name, namespace, regex + entry.pattern.regex.pattern.lstrip("^"), entry.callback
