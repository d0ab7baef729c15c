"""Each research chair's search document, stored and indexed: its title (weight A)
and description (B), in the French, English and plain configurations of
``core.search``. A PostgreSQL trigger computes it on every insert and on every
change of what it reads.

Not atomic: the existing chairs are filled in batches, each batch committed on its
own, and the GIN index is built concurrently (docs/operations.md). SQLite (the
development default) gets the column only.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION people_chair_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(NEW.title, NEW.description, NULL);
    RETURN NEW;
END
$$;

CREATE TRIGGER people_chair_search_document
    BEFORE INSERT OR UPDATE OF title, description, search_document ON people_chair
    FOR EACH ROW EXECUTE FUNCTION people_chair_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS people_chair_search_document ON people_chair;
DROP FUNCTION IF EXISTS people_chair_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("people", "0015_call_search_document")]

    operations = search_document_operations(
        model_name="chair",
        table="people_chair",
        index="chair_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
