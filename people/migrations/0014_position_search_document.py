"""Each request's search document (host positions and secondments alike),
stored and indexed: its applicant's first and last names and username, and its
topic (weight A); its project-team's acronym and name and its department's
name (B), in the French, English and plain configurations of ``core.search``.
Never the justification: it may say what only the request's readers may know.
PostgreSQL keeps it current: a trigger on the request computes it on every
insert and on every change of what it reads, and triggers ask it again when
the applicant's names or a unit's name change (only then).

Not atomic: the existing requests are filled in batches, each committed on its
own, and the GIN index is built concurrently (docs/operations.md). SQLite (the
development default) gets the column only.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION people_position_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(
        concat_ws(' ',
                  (SELECT concat_ws(' ', applicant.first_name, applicant.last_name, applicant.username,
                                    nullif(regexp_replace(applicant.username, '[^[:alnum:]]+', ' ', 'g'),
                                           applicant.username))
                     FROM people_user applicant WHERE applicant.id = NEW.applicant_id),
                  NEW.topic),
        concat_ws(' ',
                  (SELECT concat_ws(' ', team.acronym, team.name) FROM people_team team WHERE team.id = NEW.team_id),
                  (SELECT department.name FROM people_department department WHERE department.id = NEW.department_id)),
        NULL
    );
    RETURN NEW;
END
$$;

-- Setting the document asks the request's trigger to compute it again.
CREATE FUNCTION people_user_positions_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_position SET search_document = NULL WHERE applicant_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_team_positions_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_position SET search_document = NULL WHERE team_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_department_positions_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_position SET search_document = NULL WHERE department_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_position_search_document
    BEFORE INSERT OR UPDATE OF applicant_id, team_id, department_id, topic, search_document ON people_position
    FOR EACH ROW EXECUTE FUNCTION people_position_search_document();

CREATE TRIGGER people_user_positions_search_document
    AFTER UPDATE OF first_name, last_name, username ON people_user
    FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
                       OR OLD.username IS DISTINCT FROM NEW.username)
    EXECUTE FUNCTION people_user_positions_search_document();

CREATE TRIGGER people_team_positions_search_document
    AFTER UPDATE OF acronym, name ON people_team
    FOR EACH ROW WHEN (OLD.acronym IS DISTINCT FROM NEW.acronym OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION people_team_positions_search_document();

CREATE TRIGGER people_department_positions_search_document
    AFTER UPDATE OF name ON people_department
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION people_department_positions_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS people_department_positions_search_document ON people_department;
DROP TRIGGER IF EXISTS people_team_positions_search_document ON people_team;
DROP TRIGGER IF EXISTS people_user_positions_search_document ON people_user;
DROP TRIGGER IF EXISTS people_position_search_document ON people_position;
DROP FUNCTION IF EXISTS people_department_positions_search_document();
DROP FUNCTION IF EXISTS people_team_positions_search_document();
DROP FUNCTION IF EXISTS people_user_positions_search_document();
DROP FUNCTION IF EXISTS people_position_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("people", "0013_user_search_document")]

    operations = search_document_operations(
        model_name="position",
        table="people_position",
        index="position_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
