"""404 for what one cannot see, 403 for what one sees but may not do, and a
security-log row for every refusal, on the pages and in the API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from core.access import get_for_action_or_404, get_visible_or_404, require_permission
from core.models import SecurityEvent
from people.models import Team, User
from people.selectors import person_list, team_list


def test_get_visible_or_404_answers_404_for_an_invisible_person(personas):
    with pytest.raises(Http404):
        get_visible_or_404(person_list(user=personas["partner"]), pk=personas["clinician2"].pk)


def test_get_visible_or_404_answers_404_for_a_malformed_id(personas):
    with pytest.raises(Http404):
        get_visible_or_404(person_list(user=personas["clinician"]), pk="not-a-number")


def test_get_visible_or_404_returns_a_visible_person(personas):
    found = get_visible_or_404(person_list(user=personas["clinician"]), pk=personas["clinician2"].pk)
    assert found == personas["clinician2"]


def test_require_permission_refuses_a_researcher_changing_a_team(personas):
    with pytest.raises(PermissionDenied):
        require_permission(personas["researcher"], "people.change_team", Team.objects.get(acronym="CARDIOSIM"))


def test_get_for_action_or_404_lets_operations_change_a_team(personas):
    ops = personas["ops"]
    team = get_for_action_or_404(team_list(user=ops), ops, "people.change_team", acronym="CARDIOSIM")
    assert team.acronym == "CARDIOSIM"


def test_get_for_action_or_404_answers_404_before_403_to_a_partner(personas):
    partner = personas["partner"]
    with pytest.raises(Http404):
        get_for_action_or_404(team_list(user=partner), partner, "people.change_team", acronym="CARDIOSIM")


def test_inactive_user_holds_no_permission(personas):
    ops = personas["ops"]
    User.objects.filter(pk=ops.pk).update(is_active=False)
    ops.refresh_from_db()
    assert not ops.has_perm("people.change_team")
    assert not ops.has_perm("people.view_user", personas["clinician"])


def _refusals(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind))


def test_page_404_for_an_invisible_person_is_logged(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("people:person-detail", args=[personas["clinician2"].pk])
    assert client.get(url).status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert (event.username, event.user, event.method, event.path) == ("partner", personas["partner"], "GET", url)
    assert event.ip_address == "127.0.0.1"


def test_api_404_for_an_invisible_person_is_logged(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("api:person-detail", args=[personas["clinician2"].pk])
    assert client.get(url).status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert (event.username, event.path) == ("partner", url)


def test_api_403_on_a_visible_team_is_logged(client: Client, personas):
    client.force_login(personas["researcher"])
    url = reverse("api:team-detail", args=[Team.objects.get(acronym="CARDIOSIM").pk])
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.method, event.path) == ("researcher", "PATCH", url)


def test_admin_403_is_logged(client: Client, personas):
    # Operations read the security log in the admin but may not add to it.
    client.force_login(personas["ops"])
    url = reverse("admin:core_securityevent_add")
    assert client.get(url).status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.path) == ("ops", url)


def test_page_403_from_the_csrf_check_is_logged(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["clinician"])
    assert client.post(reverse("people:me"), {"first_name": "X"}).status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.path) == ("clinician", reverse("people:me"))


def test_api_refusal_to_an_anonymous_client_is_logged_once(client: Client, db):
    assert client.get(reverse("api:me")).status_code == 401
    assert [event.kind for event in SecurityEvent.objects.all()] == [SecurityEvent.Kind.UNAUTHENTICATED]


def test_partner_patching_an_invisible_team_gets_404_not_403(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("api:team-detail", args=[Team.objects.get(acronym="CARDIOSIM").pk])
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 404


def test_a_team_that_does_not_exist_answers_404_to_a_patch_by_anyone(client: Client, personas):
    client.force_login(personas["researcher"])
    response = client.patch(reverse("api:team-detail", args=[999_999]), {"name": "X"}, content_type="application/json")
    assert response.status_code == 404


def test_api_403_from_the_csrf_check_is_logged_once(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["clinician"])
    url = reverse("api:me-preferences")
    assert client.patch(url, {"digest": "off"}, content_type="application/json").status_code == 403
    # DRF refuses before it authenticates the session: the row names no user.
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.method, event.path, event.ip_address) == ("PATCH", url, "127.0.0.1")


def test_unknown_address_for_a_signed_in_user_is_logged(client: Client, personas):
    client.force_login(personas["clinician"])
    assert client.get("/no-such-page/").status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert event.path == "/no-such-page/"
