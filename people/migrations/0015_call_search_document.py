"""Each call for applications's search document, stored and indexed: its title (weight A)
and description (B), in the French, English and plain configurations of
``core.search``. A PostgreSQL trigger computes it on every insert and on every
change of what it reads.

Not atomic: the existing calls are filled in batches, each batch committed on its
own, and the GIN index is built concurrently (docs/operations.md). SQLite (the
development default) gets the column only.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION people_call_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(NEW.title, NEW.description, NULL);
    RETURN NEW;
END
$$;

CREATE TRIGGER people_call_search_document
    BEFORE INSERT OR UPDATE OF title, description, search_document ON people_call
    FOR EACH ROW EXECUTE FUNCTION people_call_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS people_call_search_document ON people_call;
DROP FUNCTION IF EXISTS people_call_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("people", "0014_position_search_document")]

    operations = search_document_operations(
        model_name="call",
        table="people_call",
        index="call_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
