"""Each person's search document, stored and indexed: their first and last
names and username (weight A), their email and the names of their unit (B: the
project-team's acronym and name, the department's name and its hospital's short
name, the partner company's name), in the French, English and plain
configurations of ``core.search``. A username or an email is also written in
its parts (``marie.curie@aphp.fr``: *marie*, *curie*, *aphp*, *fr*), so that a
part finds it as the directory's search always did. PostgreSQL keeps it
current: a trigger on the person computes it on every insert and on every
change of what it reads, and triggers on the units ask it again when a unit's
name changes (only then: a new head or leader asks nothing).

Not atomic: the existing people are filled in batches, each committed on its
own, and the GIN index is built concurrently (docs/operations.md). SQLite (the
development default) gets the column only; ``core.search`` searches there
without it.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION people_user_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(
        concat_ws(' ', NEW.first_name, NEW.last_name, NEW.username,
                  nullif(regexp_replace(NEW.username, '[^[:alnum:]]+', ' ', 'g'), NEW.username)),
        concat_ws(' ', NEW.email, nullif(regexp_replace(NEW.email, '[^[:alnum:]]+', ' ', 'g'), NEW.email),
                  (SELECT concat_ws(' ', team.acronym, team.name) FROM people_team team WHERE team.id = NEW.team_id),
                  (SELECT concat_ws(' ', department.name, hospital.short_name)
                     FROM people_department department JOIN people_hospital hospital ON hospital.id = department.hospital_id
                    WHERE department.id = NEW.department_id),
                  (SELECT company.name FROM people_company company WHERE company.id = NEW.company_id)),
        NULL
    );
    RETURN NEW;
END
$$;

-- Setting the document asks the person's trigger to compute it again.
CREATE FUNCTION people_team_users_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_user SET search_document = NULL WHERE team_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_department_users_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_user SET search_document = NULL WHERE department_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_hospital_users_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_user SET search_document = NULL
     WHERE department_id IN (SELECT id FROM people_department WHERE hospital_id = NEW.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION people_company_users_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_user SET search_document = NULL WHERE company_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_user_search_document
    BEFORE INSERT OR UPDATE OF first_name, last_name, username, email, team_id, department_id, company_id, search_document
    ON people_user
    FOR EACH ROW EXECUTE FUNCTION people_user_search_document();

CREATE TRIGGER people_team_users_search_document
    AFTER UPDATE OF acronym, name ON people_team
    FOR EACH ROW WHEN (OLD.acronym IS DISTINCT FROM NEW.acronym OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION people_team_users_search_document();

CREATE TRIGGER people_department_users_search_document
    AFTER UPDATE OF name, hospital_id ON people_department
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.hospital_id IS DISTINCT FROM NEW.hospital_id)
    EXECUTE FUNCTION people_department_users_search_document();

CREATE TRIGGER people_hospital_users_search_document
    AFTER UPDATE OF short_name ON people_hospital
    FOR EACH ROW WHEN (OLD.short_name IS DISTINCT FROM NEW.short_name)
    EXECUTE FUNCTION people_hospital_users_search_document();

CREATE TRIGGER people_company_users_search_document
    AFTER UPDATE OF name ON people_company
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION people_company_users_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS people_company_users_search_document ON people_company;
DROP TRIGGER IF EXISTS people_hospital_users_search_document ON people_hospital;
DROP TRIGGER IF EXISTS people_department_users_search_document ON people_department;
DROP TRIGGER IF EXISTS people_team_users_search_document ON people_team;
DROP TRIGGER IF EXISTS people_user_search_document ON people_user;
DROP FUNCTION IF EXISTS people_company_users_search_document();
DROP FUNCTION IF EXISTS people_hospital_users_search_document();
DROP FUNCTION IF EXISTS people_department_users_search_document();
DROP FUNCTION IF EXISTS people_team_users_search_document();
DROP FUNCTION IF EXISTS people_user_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("people", "0012_user_last_login_idx")]

    operations = search_document_operations(
        model_name="user",
        table="people_user",
        index="user_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
