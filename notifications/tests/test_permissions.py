"""The permission matrix of notifications/: its one page, the unsubscribe link,
answers whoever holds a genuine token (signed in or not, as anyone), and 404
to a bad one. ``labsite/tests/test_urls.py`` lists it among the public URLs."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.jobs import unsubscribe_token
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import DigestFrequency, User

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
ANONYMOUS = "anonymous"
# (visitor, whose token): one's own link, and a link forwarded to someone else.
VISITS = [(ANONYMOUS, "clinician")] + [(username, username) for username in PERSONAS] + [("partner", "director")]


def visitor(client: Client, personas: dict[str, User], username: str) -> Client:
    if username != ANONYMOUS:
        client.force_login(personas[username])
    return client


@pytest.mark.parametrize(("username", "owner"), VISITS)
def test_a_genuine_token_opens_the_page(client, personas, username, owner):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(personas[owner])])
    response = visitor(client, personas, username).get(url)
    assert response.status_code == 200
    assert personas[owner].username in response.content.decode()


@pytest.mark.parametrize(("username", "owner"), VISITS)
def test_posting_a_genuine_token_unsubscribes_its_owner_only(client, personas, username, owner):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(personas[owner])])
    assert visitor(client, personas, username).post(url).status_code == 200
    off = set(User.objects.filter(digest=DigestFrequency.OFF).values_list("username", flat=True))
    assert off == {owner}


@pytest.mark.parametrize("username", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_bad_token_answers_404(client, personas, username, method):
    token = unsubscribe_token(personas["clinician"])
    url = reverse("notifications:unsubscribe", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])
    assert visitor(client, personas, username).generic(method, url).status_code == 404
    assert not User.objects.filter(digest=DigestFrequency.OFF).exists()
