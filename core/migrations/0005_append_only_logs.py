"""The audit trail, the security log and the read log are append-only, enforced
by PostgreSQL: a trigger refuses every UPDATE, DELETE and TRUNCATE of their rows,
whoever runs it, the ORM and the admin included.

One DELETE goes through: the purge's (core/retention.py), of a security event or
a read older than the cutoff it sets for its own transaction
(``set_config('labsite.purge_before', …, true)``) and, whatever that cutoff,
older than 30 days by the database's clock. The audit trail is never purged.

A trigger stops the site's code, not the tables' owner, who may drop it: in
production the site connects as a role that does not own the tables
(docs/operations.md). SQLite (the development default) has none of this.
"""

from typing import Any

from django.db import migrations

FUNCTION = """
CREATE FUNCTION labsite_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    purge_before text;
BEGIN
    IF TG_OP = 'DELETE' AND TG_ARGV[0] = 'purgeable' THEN
        purge_before := current_setting('labsite.purge_before', true);
        IF coalesce(purge_before, '') <> '' THEN
            IF OLD.at < purge_before::timestamptz AND OLD.at < now() - interval '30 days' THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'labsite: % is append-only, % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

# Table, and whether the purge may delete its old rows.
TABLES = [("core_auditevent", False), ("core_securityevent", True), ("core_readlog", True)]


def _create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, purgeable in TABLES:
        argument = "'purgeable'" if purgeable else "'kept'"
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION labsite_append_only({argument})"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION labsite_append_only('kept')"
        )


def _drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _purgeable in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS labsite_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_read_log")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
