"""The session engine (``core.sessions``) and the backend that reads the signed-in
user (``people.backends``): one query each where Django's make three, the same
outcomes, and sessions opened before the backend's rename still signed in."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.middleware import SESSION_START_KEY
from core.sessions import SessionStore
from people.backends import UserBackend, user_with_access
from people.roles import GROUPS, Role, user_roles

pytestmark = pytest.mark.django_db


def test_the_site_uses_the_engine_and_the_backend():
    assert settings.SESSION_ENGINE == "core.sessions"
    assert "people.backends.UserBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS


def test_a_new_session_is_created_and_read_back():
    store = SessionStore()
    store["colour"] = "blue"
    store.save(must_create=True)
    assert SessionStore(store.session_key).load() == {"colour": "blue"}


def test_saving_a_session_again_is_one_update():
    store = SessionStore()
    store["colour"] = "blue"
    store.create()
    store["colour"] = "green"
    with CaptureQueriesContext(connection) as queries:
        store.save()
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("UPDATE")
    assert SessionStore(store.session_key).load() == {"colour": "green"}


def test_saving_renews_the_expiry():
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date="2000-01-01T00:00:00Z")
    store.save()
    renewed = Session.objects.get(session_key=store.session_key).expire_date
    assert abs((renewed - store.get_expiry_date()).total_seconds()) < 60


def test_saving_a_session_deleted_meanwhile_fails_as_djangos_does():
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).delete()
    with pytest.raises(UpdateError):
        store.save()


def test_a_session_naming_the_old_backend_names_the_new_one():
    store = SessionStore()
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store.create()
    assert SessionStore(store.session_key).load()[BACKEND_SESSION_KEY] == "people.backends.UserBackend"


def test_a_session_opened_before_the_rename_stays_signed_in(client, personas):
    user = personas["researcher"]
    client.force_login(user)
    # What a session opened with Django's backend holds.
    store = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store.save()
    assert store[SESSION_KEY] == str(user.pk) and store[HASH_SESSION_KEY] and store[SESSION_START_KEY]
    response = client.get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json()["username"] == "researcher"


def test_a_signed_out_session_is_not_revived(client, personas):
    client.force_login(personas["researcher"])
    client.post(reverse("logout"))
    assert client.get(reverse("api:me")).status_code in (401, 403)


def test_the_user_comes_with_roles_and_permissions_in_one_query(personas):
    with CaptureQueriesContext(connection) as queries:
        ops = UserBackend().get_user(personas["ops"].pk)
        roles = user_roles(ops)
        may_view = ops.has_perm("people.view_user")
    assert len(queries) == 1
    assert GROUPS[Role.OPERATIONS] in ops._labsite_groups
    assert "operations" in roles
    assert may_view


def test_the_unit_heads_roles_are_read_with_the_user(personas):
    with CaptureQueriesContext(connection) as queries:
        assert "team_leader" in user_roles(user_with_access(personas["teamlead"].pk))
        assert "department_head" in user_roles(user_with_access(personas["depthead"].pk))
        assert {"team_leader", "department_head"}.isdisjoint(user_roles(user_with_access(personas["clinician"].pk)))
    assert len(queries) == 3


def test_an_inactive_or_missing_user_is_nobody(personas):
    clinician = personas["clinician"]
    clinician.is_active = False
    clinician.save()
    assert UserBackend().get_user(clinician.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_superuser_has_every_permission(personas):
    ops = personas["ops"]
    ops.is_superuser = True
    ops.save()
    assert UserBackend().get_user(ops.pk).has_perm("projects.delete_project")
