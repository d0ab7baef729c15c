"""The unsubscribe link of the digest (SPEC §5): it works without signing in,
asks before it acts, and only while its signed token is genuine and young."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from notifications.jobs import UNSUBSCRIBE_MAX_AGE, UNSUBSCRIBE_SALT, unsubscribe_token
from notifications.tests.helpers import digest_of, job_emails, next_monday, send_digests, today, unsubscribe_path
from people.models import DigestFrequency, User
from people.tests.positions import host, submit


@pytest.fixture
def link(personas: dict[str, User]) -> str:
    """The unsubscribe link (path) of teamlead2's weekly digest."""
    submit(host(personas["clinician"], "NEUROLEARN"))
    send_digests(next_monday(today()))
    return unsubscribe_path(digest_of(personas["teamlead2"]))


def digest_frequency(username: str) -> str:
    return User.objects.get(username=username).digest


def test_the_link_of_a_digest_asks_without_signing_in(client: Client, link: str):
    response = client.get(link)
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert b"teamlead2" in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]
    assert digest_frequency("teamlead2") == DigestFrequency.WEEKLY  # a link preview changes nothing


def test_posting_stops_the_digest_and_is_audited(client: Client, link: str, personas):
    response = client.post(link)
    assert response.status_code == 200
    assert "unsubscribe-form" not in response.content.decode()
    assert digest_frequency("teamlead2") == DigestFrequency.OFF
    [event] = AuditEvent.objects.filter(action="profile_updated")
    assert (event.actor_id, event.object_id, event.changes) == (
        personas["teamlead2"].pk,
        str(personas["teamlead2"].pk),
        {"digest": ["weekly", "off"]},
    )


def test_the_form_passes_the_csrf_check_of_an_anonymous_visitor(link: str):
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    token = page.context["csrf_token"]
    assert client.post(link).status_code == 403
    assert client.post(link, {"csrfmiddlewaretoken": str(token)}).status_code == 200
    assert digest_frequency("teamlead2") == DigestFrequency.OFF


def test_who_has_unsubscribed_gets_no_more_digests(client: Client, link: str):
    client.post(link)
    before = len(job_emails("digest:"))
    send_digests(next_monday(today()) + timedelta(days=7))
    assert "teamlead2" not in {email.recipient.username for email in job_emails("digest:")[before:]}
    assert len(job_emails("digest:")) > before  # depthead, still subscribed, gets hers


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_answers_404(client: Client, link: str, method: str):
    token = link.split("/")[2]
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, token.split(":")[0]):
        response = getattr(client, method)(reverse("notifications:unsubscribe", args=[forged]))
        assert response.status_code == 404
        assert "Ce lien ne fonctionne plus" in response.content.decode()  # French, the site's default
    assert digest_frequency("teamlead2") == DigestFrequency.WEEKLY


def test_a_token_signed_for_something_else_answers_404(client: Client, personas):
    pk = personas["teamlead2"].pk
    for token in (signing.dumps({"u": pk}), signing.dumps({"u": str(pk)}, salt=UNSUBSCRIBE_SALT)):
        assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert digest_frequency("teamlead2") == DigestFrequency.WEEKLY


def signed_days_ago(user: User, days: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """An unsubscribe token signed ``days`` days ago."""
    then = int(time.time()) - days * 24 * 60 * 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return unsubscribe_token(user)


def test_a_token_older_than_60_days_answers_404(client: Client, personas, monkeypatch):
    assert UNSUBSCRIBE_MAX_AGE.days == 60
    old = signed_days_ago(personas["teamlead2"], 61, monkeypatch)
    assert client.get(reverse("notifications:unsubscribe", args=[old])).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", args=[old])).status_code == 404
    assert digest_frequency("teamlead2") == DigestFrequency.WEEKLY
    young = signed_days_ago(personas["teamlead2"], 59, monkeypatch)
    assert client.post(reverse("notifications:unsubscribe", args=[young])).status_code == 200
    assert digest_frequency("teamlead2") == DigestFrequency.OFF


def test_the_token_of_a_deactivated_account_answers_404(client: Client, link: str):
    User.objects.filter(username="teamlead2").update(is_active=False)
    assert client.get(link).status_code == 404


def test_the_profile_page_sets_the_digest_frequency(client: Client, personas):
    client.force_login(personas["clinician"])
    for frequency in (DigestFrequency.DAILY, DigestFrequency.OFF, DigestFrequency.WEEKLY):
        data = {"first_name": "Camille", "last_name": "Clinicienne", "language": "fr", "digest": frequency}
        assert client.post(reverse("people:me"), data).status_code == 302
        assert digest_frequency("clinician") == frequency
    page = client.get(reverse("people:me")).content.decode()
    assert all(f'value="{value}"' in page for value in DigestFrequency.values)


@pytest.mark.parametrize("token", ["x", "\x00", "a" * 5000, "eyJ1IjoiYSJ9:1:2", "%00"])
def test_an_odd_unsubscribe_token_answers_404(client, personas: dict[str, User], token: str) -> None:
    url = reverse("notifications:unsubscribe", args=["placeholder"]).replace("placeholder", token)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
