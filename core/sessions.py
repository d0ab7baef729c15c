"""Sessions in the database, renewed with one statement.

Every request renews the session's idle expiry (``SESSION_SAVE_EVERY_REQUEST``):
Django's database engine writes that through a model save in a savepoint
(three statements inside a transaction); this engine writes the same row with
one ``UPDATE``, and answers a session deleted meanwhile (signed out elsewhere)
exactly as Django's does. New sessions are created as Django creates them, in
the same table, so switching engines signs nobody out.

Sessions name the authentication backend that signed their user in. When a
backend is renamed, ``AUTHENTICATION_BACKENDS_RENAMED`` (old dotted path → new)
maps the name a session holds, so that sessions open before the change stay
signed in.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        data = super().load()
        renamed = getattr(settings, "AUTHENTICATION_BACKENDS_RENAMED", {})
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in renamed:
            data[BACKEND_SESSION_KEY] = renamed[backend]
        return data

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            super().save(must_create=must_create)
            return
        # ``update()`` is one statement, outside any savepoint.
        updated = (
            self.model.objects.using(router.db_for_write(self.model))
            .filter(session_key=self.session_key)
            .update(session_data=self.encode(self._session_data()), expire_date=self.get_expiry_date())
        )
        if updated != 1:
            raise UpdateError

    def _session_data(self) -> dict[str, Any]:
        # Django's own save() encodes the same private accessor; its stubs omit it.
        data: dict[str, Any] = self._get_session()  # type: ignore[attr-defined]
        return data
