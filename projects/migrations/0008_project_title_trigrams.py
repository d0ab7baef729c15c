"""A trigram index for a project field's suggestions (core.suggest,
projects.forms ``project_prefix`` and ``project_contains``): ``UPPER(title)
LIKE`` (Django's ``icontains`` and ``istartswith``) and ``acronym_key LIKE``,
anywhere in the text.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create
it. The index is built without locking the table against writes
(CONCURRENTLY), so outside a transaction. It is raw SQL and not in the model's
state (an expression index with pg_trgm's operator classes), like
``Project.Meta`` says. SQLite (the zero-setup default of ``make run``) has
neither: there the suggestions read the table."""

from typing import Any

from django.db import migrations

INDEX = "project_suggest_trgm"


def _create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON projects_project "
        "USING gin (UPPER(title) gin_trgm_ops, acronym_key gin_trgm_ops)"
    )


def _drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("projects", "0007_list_indexes")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
