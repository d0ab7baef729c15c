"""The audit trail, the security log and the read log are append-only, by the
database's own triggers (core.0005_append_only_logs): neither the ORM nor raw SQL
updates, deletes or truncates a row of them. PostgreSQL only."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from core.models import AuditEvent, ReadLog, SecurityEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]

# Old enough for any purge: even such a row goes only through the purge.
LONG_AGO = timedelta(days=3 * 365)


def _audit_event(ago: timedelta = LONG_AGO) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now() - ago,
        content_type=ContentType.objects.get_for_model(ContentType),
        object_id="1",
        action="created",
    )


def _security_event(ago: timedelta = LONG_AGO) -> SecurityEvent:
    return SecurityEvent.objects.create(at=timezone.now() - ago, kind=SecurityEvent.Kind.LOGIN_FAILED, username="x")


def _read(ago: timedelta = LONG_AGO) -> ReadLog:
    return ReadLog.objects.create(
        at=timezone.now() - ago, surface=ReadLog.Surface.PAGE, object_type="projects.project", object_id="1"
    )


ROWS: dict[str, Callable[..., Model]] = {
    "core_auditevent": _audit_event,
    "core_securityevent": _security_event,
    "core_readlog": _read,
}
TABLES = list(ROWS)


def _refused(attempt: Callable[[], object]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attempt()


def _raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("table", TABLES)
def test_the_orm_cannot_update_a_log_row(table: str) -> None:
    row = ROWS[table]()
    model = type(row)
    _refused(lambda: model.objects.filter(pk=row.pk).update(at=timezone.now()))
    assert model.objects.get(pk=row.pk).at == row.at


@pytest.mark.parametrize("table", TABLES)
def test_the_orm_cannot_save_a_log_row_again(table: str) -> None:
    row = ROWS[table]()
    row.at = timezone.now()
    with pytest.raises((DatabaseError, ValueError)), transaction.atomic():
        row.save()


@pytest.mark.parametrize("table", TABLES)
def test_the_orm_cannot_delete_a_log_row(table: str) -> None:
    row = ROWS[table]()
    model = type(row)
    _refused(lambda: model.objects.filter(pk=row.pk).delete())
    _refused(row.delete)
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_cannot_update_delete_or_truncate_a_log_table(table: str) -> None:
    row = ROWS[table]()
    _refused(lambda: _raw(f"UPDATE {table} SET at = now() WHERE id = %s", row.pk))  # nosec B608  # table: a name of the fixed TABLES list
    _refused(lambda: _raw(f"DELETE FROM {table} WHERE id = %s", row.pk))  # nosec B608  # table: a name of the fixed TABLES list
    _refused(lambda: _raw(f"DELETE FROM {table}"))  # nosec B608  # table: a name of the fixed TABLES list
    # The test's transaction holds the deferred foreign-key checks of its inserts,
    # which would refuse a TRUNCATE before the trigger does: they run now.
    _raw("SET CONSTRAINTS ALL IMMEDIATE")
    _refused(lambda: _raw(f"TRUNCATE {table}"))
    _refused(lambda: _raw(f"TRUNCATE {table} CASCADE"))
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("table", ["core_securityevent", "core_readlog"])
def test_the_purge_variable_lets_no_recent_row_go(table: str) -> None:
    """Code that sets the purge's variable itself, far in the future, still cannot
    erase the last month."""
    recent = ROWS[table](timedelta(days=29))

    def purge_everything() -> None:
        _raw("SELECT set_config('labsite.purge_before', '2999-01-01T00:00:00+00:00', true)")
        _raw(f"DELETE FROM {table} WHERE id = %s", recent.pk)  # nosec B608  # table: a name of the fixed TABLES list

    _refused(purge_everything)
    assert type(recent).objects.filter(pk=recent.pk).exists()


def test_the_purge_variable_does_not_open_the_audit_trail() -> None:
    row = _audit_event()

    def purge_audit() -> None:
        _raw("SELECT set_config('labsite.purge_before', '2999-01-01T00:00:00+00:00', true)")
        _raw("DELETE FROM core_auditevent WHERE id = %s", row.pk)

    _refused(purge_audit)
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_new_rows_are_still_written() -> None:
    for make in ROWS.values():
        assert make().pk is not None


@pytest.mark.parametrize("table", TABLES)
def test_an_account_with_history_is_deactivated_not_deleted(personas: dict[str, Model], table: str) -> None:
    """Deleting an account would rewrite its rows (their person set to NULL):
    the logs keep their people, and the deletion is refused before any SQL runs."""
    user = personas["clinician"]
    row = ROWS[table]()
    person = "actor" if table == "core_auditevent" else "user"
    type(row).objects.create(**{**_fields(row), f"{person}_id": user.pk})
    with pytest.raises(ProtectedError):
        user.delete()


def _fields(row: Model) -> dict[str, object]:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields if not field.primary_key}
