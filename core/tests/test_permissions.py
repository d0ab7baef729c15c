"""The permission matrix of core/'s pages: the operators' probes answer
everyone alike, signed in or not (``labsite/tests/test_urls.py`` lists them among
the public URLs); /metrics answers by where the request comes from or its
token, never by who is signed in."""

import pytest
from django.urls import reverse

from core.health import Migrations
from people.demo import PERSONAS as DEMO_PERSONAS

ANONYMOUS = "anonymous"
VISITORS = [ANONYMOUS, *(persona.username for persona in DEMO_PERSONAS)]
OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}
# (url name, request headers, status), the same for every visitor.
ROWS = [
    ("healthz", {}, 200),
    ("healthz", OUTSIDE, 200),
    ("readyz", {}, 200),
    ("readyz", OUTSIDE, 200),
    ("metrics", {}, 200),
    ("metrics", OUTSIDE, 404),
]


@pytest.mark.parametrize("username", VISITORS)
def test_every_visitor_is_answered_alike(client, personas, alive, monkeypatch, username):
    monkeypatch.setattr(Migrations, "applied", False)
    if username != ANONYMOUS:
        client.force_login(personas[username])
    answers = [(name, extra, client.get(reverse(name), **extra).status_code) for name, extra, _status in ROWS]
    assert answers == ROWS
