"""Each project's search document, stored and indexed: its acronym and title
(weight A), its summary (B) and the names of its methods (C), in the French,
English and plain configurations of ``core.search``. PostgreSQL keeps it
current: a trigger on the project computes it on every insert and on every
change of what it reads, and triggers on the project's methods and on a method's
name ask it again.

Not atomic: the existing projects are filled in batches, each committed on its
own, and the GIN index is built concurrently, so that neither holds a lock on
the table for the whole run. On a large table it takes long: run it in a
maintenance window (docs/operations.md). SQLite (the development default) gets
the column only; ``core.search`` searches there without it.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION projects_project_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(
        concat_ws(' ', NEW.acronym, NEW.title),
        NEW.summary,
        (SELECT string_agg(method.name, ' ' ORDER BY method.name)
           FROM projects_project_methods used JOIN projects_method method ON method.id = used.method_id
          WHERE used.project_id = NEW.id)
    );
    RETURN NEW;
END
$$;

CREATE FUNCTION projects_project_methods_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Setting the document asks the project's trigger to compute it again.
    IF TG_OP <> 'DELETE' THEN
        UPDATE projects_project SET search_document = NULL WHERE id = NEW.project_id;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE projects_project SET search_document = NULL WHERE id = OLD.project_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_method_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project SET search_document = NULL
     WHERE id IN (SELECT project_id FROM projects_project_methods WHERE method_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_project_search_document
    BEFORE INSERT OR UPDATE OF acronym, title, summary, search_document ON projects_project
    FOR EACH ROW EXECUTE FUNCTION projects_project_search_document();

CREATE TRIGGER projects_project_methods_search_document
    AFTER INSERT OR UPDATE OR DELETE ON projects_project_methods
    FOR EACH ROW EXECUTE FUNCTION projects_project_methods_search_document();

CREATE TRIGGER projects_method_search_document
    AFTER UPDATE OF name ON projects_method
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION projects_method_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS projects_method_search_document ON projects_method;
DROP TRIGGER IF EXISTS projects_project_methods_search_document ON projects_project_methods;
DROP TRIGGER IF EXISTS projects_project_search_document ON projects_project;
DROP FUNCTION IF EXISTS projects_method_search_document();
DROP FUNCTION IF EXISTS projects_project_methods_search_document();
DROP FUNCTION IF EXISTS projects_project_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("projects", "0004_acronym_unique_without_case_or_accents")]

    operations = search_document_operations(
        model_name="project",
        table="projects_project",
        index="project_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
