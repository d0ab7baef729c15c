"""The text search configurations every stored search document is written and
searched with (``core.search``): French and English stemming, and plain words,
each ignoring accents (the ``unaccent`` extension, in PostgreSQL's contrib
package: docs/operations.md). ``labsite_search_document`` weighs three texts A,
B and C in the three configurations, and in PostgreSQL's own ``french`` too:
French stemming must see the accents (it stems *décompensée* and
*décompensation* alike only before they are removed); the apps' triggers call it.

SQLite (the development default) has none of this: ``core.search`` searches
there without a stored document.
"""

from typing import Any

from django.db import migrations

# (configuration, the built-in one it copies, its stemming dictionary)
CONFIGURATIONS = [
    ("labsite_fr", "french", "french_stem"),
    ("labsite_en", "english", "english_stem"),
    ("labsite_simple", "simple", "simple"),
]

DOCUMENT = """
CREATE FUNCTION labsite_search_document(a text, b text, c text) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('labsite_fr', coalesce(a, '')) || to_tsvector('french', coalesce(a, ''))
                     || to_tsvector('labsite_en', coalesce(a, ''))
                     || to_tsvector('labsite_simple', coalesce(a, '')), 'A')
        || setweight(to_tsvector('labsite_fr', coalesce(b, '')) || to_tsvector('french', coalesce(b, ''))
                     || to_tsvector('labsite_en', coalesce(b, ''))
                     || to_tsvector('labsite_simple', coalesce(b, '')), 'B')
        || setweight(to_tsvector('labsite_fr', coalesce(c, '')) || to_tsvector('french', coalesce(c, ''))
                     || to_tsvector('labsite_en', coalesce(c, ''))
                     || to_tsvector('labsite_simple', coalesce(c, '')), 'C')
$$;
"""


def _create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, copied, stemmer in CONFIGURATIONS:
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {copied})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
        )
    schema_editor.execute(DOCUMENT, params=None)


def _drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS labsite_search_document(text, text, text)")
    for name, _copied, _stemmer in CONFIGURATIONS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_shared_cache_table")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
