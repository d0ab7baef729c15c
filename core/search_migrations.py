"""The migration operations that give a model a stored search document
(``core.search``): the ``search_document`` column, the PostgreSQL triggers
that write it (their SQL is the app's own), every existing row's document
filled a batch of ids per transaction, and its GIN index built concurrently.
The migration using them must be non-atomic. SQLite (the demo's default) gets
the column alone, which ``core.search`` does not read there."""

from collections.abc import Callable
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

BATCH = 20_000


def _on_postgresql(sql: str) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def _fill(table: str) -> Callable[[Any, Any], None]:
    def fill(apps: Any, schema_editor: Any) -> None:
        """Every existing row's document: its trigger computes it on this UPDATE."""
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT min(id), max(id) FROM {table}")  # noqa: S608  # nosec B608  # the migration's own table name
            first, last = cursor.fetchone()
            if first is None:
                return
            for start in range(first, last + 1, BATCH):
                cursor.execute(
                    f"UPDATE {table} SET search_document = NULL WHERE id >= %s AND id < %s",  # noqa: S608  # nosec B608  # same
                    [start, start + BATCH],
                )

    return fill


def search_document_operations(
    *, model_name: str, table: str, index: str, triggers: str, drop_triggers: str
) -> list[migrations.operations.base.Operation]:
    return [
        migrations.AddField(
            model_name=model_name, name="search_document", field=SearchVectorField(editable=False, null=True)
        ),
        migrations.RunPython(_on_postgresql(triggers), _on_postgresql(drop_triggers), elidable=False),
        migrations.RunPython(_fill(table), migrations.RunPython.noop, elidable=False),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name=model_name, index=GinIndex(fields=["search_document"], name=index))
            ],
            database_operations=[
                migrations.RunPython(
                    _on_postgresql(
                        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} USING gin (search_document)"
                    ),
                    _on_postgresql(f"DROP INDEX CONCURRENTLY IF EXISTS {index}"),
                    elidable=False,
                )
            ],
        ),
    ]
