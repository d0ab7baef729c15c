"""A trigram index for a project field's suggestions (core.suggest,
projects.forms ``project_prefix`` and ``project_contains``): ``UPPER(title)
LIKE`` (Django's ``icontains`` and ``istartswith``) and ``acronym_key LIKE``,
anywhere in the text.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create
it. The index is built without locking the table against writes
(CONCURRENTLY), so outside a transaction. It is raw SQL and not in the model's
state, like ``Project.Meta`` says: a ``GinIndex`` there would need
django.contrib.postgres in INSTALLED_APPS."""

from django.db import migrations

INDEX = "project_suggest_trgm"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("projects", "0007_list_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON projects_project "
            "USING gin (UPPER(title) gin_trgm_ops, acronym_key gin_trgm_ops)",
            f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}",
        ),
    ]
