"""Full-text search, as every list page's ``q`` means it."""

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import Combinable

STEMMED = ("french", "english")


def full_text[M: Model](
    queryset: QuerySet[M], fields: Sequence[str], q: str, *, words: Sequence[str] = ()
) -> QuerySet[M]:
    """The rows of ``queryset`` matching ``q`` (web-search syntax) on PostgreSQL:
    ``fields`` with French and English stemming and as plain words, ``words``
    (acronyms, names of related rows) as plain words only. Elsewhere (the SQLite
    demo) every word of ``q`` must be contained in one of the fields of the row
    itself; a relation is left out there, as it would repeat rows."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector: Combinable = SearchVector(*fields, *words, config="simple")
        for config in STEMMED:
            vector = vector + SearchVector(*fields, config=config)
        query = SearchQuery(q, config="simple", search_type="websearch")
        for config in STEMMED:
            query = query | SearchQuery(q, config=config, search_type="websearch")
        matching = queryset.model._default_manager.annotate(search=vector).filter(search=query).values("pk")
        return queryset.filter(pk__in=matching)
    own = [field for field in (*words, *fields) if "__" not in field]
    for word in q.split():
        queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in own)))
    return queryset
