"""Each agreement's search document, stored and indexed: its reference and its
innovation's title (weight A) and its partner company's name (B), in the
French, English and plain configurations of ``core.search``. PostgreSQL keeps
it current: a trigger on the agreement computes it on every insert and on
every change of what it reads, and triggers ask it again when the innovation's
title or the company's name changes (only then). The reference is also
written in its parts (``NDA-0142``: *nda*, *0142*), so that its number alone
finds it.

Not atomic: the existing agreements are filled in batches, each committed on
its own, and the GIN index is built concurrently (docs/operations.md). SQLite
(the development default) gets the column only.
"""

from django.db import migrations

from core.search_migrations import search_document_operations

FUNCTIONS = """
CREATE FUNCTION transfer_agreement_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := labsite_search_document(
        concat_ws(' ', NEW.reference, nullif(regexp_replace(NEW.reference, '[^[:alnum:]]+', ' ', 'g'), NEW.reference),
                  (SELECT innovation.title FROM transfer_innovation innovation WHERE innovation.id = NEW.innovation_id)),
        (SELECT company.name FROM people_company company WHERE company.id = NEW.partner_id),
        NULL
    );
    RETURN NEW;
END
$$;

-- Setting the document asks the agreement's trigger to compute it again.
CREATE FUNCTION transfer_innovation_agreements_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE transfer_agreement SET search_document = NULL WHERE innovation_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION people_company_agreements_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE transfer_agreement SET search_document = NULL WHERE partner_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER transfer_agreement_search_document
    BEFORE INSERT OR UPDATE OF reference, innovation_id, partner_id, search_document ON transfer_agreement
    FOR EACH ROW EXECUTE FUNCTION transfer_agreement_search_document();

CREATE TRIGGER transfer_innovation_agreements_search_document
    AFTER UPDATE OF title ON transfer_innovation
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION transfer_innovation_agreements_search_document();

CREATE TRIGGER people_company_agreements_search_document
    AFTER UPDATE OF name ON people_company
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION people_company_agreements_search_document();
"""

DROP = """
DROP TRIGGER IF EXISTS people_company_agreements_search_document ON people_company;
DROP TRIGGER IF EXISTS transfer_innovation_agreements_search_document ON transfer_innovation;
DROP TRIGGER IF EXISTS transfer_agreement_search_document ON transfer_agreement;
DROP FUNCTION IF EXISTS people_company_agreements_search_document();
DROP FUNCTION IF EXISTS transfer_innovation_agreements_search_document();
DROP FUNCTION IF EXISTS transfer_agreement_search_document();
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0008_search_configurations"), ("transfer", "0004_innovation_board_index")]

    operations = search_document_operations(
        model_name="agreement",
        table="transfer_agreement",
        index="agreement_search_document",
        triggers=FUNCTIONS,
        drop_triggers=DROP,
    )
