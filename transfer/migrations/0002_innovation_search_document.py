"""Each innovation's search document, stored and indexed: its title (weight A)
and description (B), in the French, English and plain configurations of
``core.search``. A PostgreSQL trigger computes it on every insert and on every
change of what it reads.

Not atomic: the existing innovations are filled in batches, each committed on
its own, and the GIN index is built concurrently (docs/operations.md). SQLite
(the development default) gets the column only.
"""

from typing import Any

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

BATCH = 20_000

FUNCTIONS = """
CREATE FUNCTION transfer_innovation_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(NEW.title, NEW.description, NULL);
    RETURN NEW;
END
$$;

CREATE TRIGGER transfer_innovation_search_document
    BEFORE INSERT OR UPDATE OF title, description, search_document ON transfer_innovation
    FOR EACH ROW EXECUTE FUNCTION transfer_innovation_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS transfer_innovation_search_document ON transfer_innovation;
DROP FUNCTION IF EXISTS transfer_innovation_search_document();
"""


def _create_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)


def _drop_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


def _fill(apps: Any, schema_editor: Any) -> None:
    """Every existing innovation's document, a batch of ids per transaction."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM transfer_innovation")
        first, last = cursor.fetchone()
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                "UPDATE transfer_innovation SET search_document = NULL WHERE id >= %s AND id < %s",
                [start, start + BATCH],
            )


def _create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS innovation_search_document "
            "ON transfer_innovation USING gin (search_document)"
        )


def _drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS innovation_search_document")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("transfer", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="innovation",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_create_trigger, _drop_trigger, elidable=False),
        migrations.RunPython(_fill, migrations.RunPython.noop, elidable=False),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="innovation",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_document"], name="innovation_search_document"
                    ),
                )
            ],
            database_operations=[migrations.RunPython(_create_index, _drop_index, elidable=False)],
        ),
    ]
