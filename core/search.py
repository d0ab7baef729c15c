"""Full-text search, as every list page's ``q`` means it.

On PostgreSQL a searchable model stores its document in ``search_document``
(a ``tsvector`` its app's triggers keep current, GIN-indexed: the migrations
``core/0008_search_configurations`` and the apps' ``*_search_document``). ``q``
is read as web-search syntax (``"a phrase"``, ``or``, ``-word``) three times,
with French stemming, English stemming and as plain words, each ignoring
accents; a query of plain words also finds its last word as a prefix (``sep``
finds *sepsis*). The rows come best first (``ts_rank_cd``: title words weigh
more than summary words, which weigh more than method names)."""

import re
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import cast

from django.db import connection
from django.db.models import F, Model, Q, QuerySet

from core.pagination import SEARCH_LIMIT

# PostgreSQL's own ``french`` stems words with their accents, which French stemming
# needs; the labsite_ ones ignore accents (core/migrations/0008_search_configurations).
CONFIGURATIONS = ("french", "labsite_fr", "labsite_en", "labsite_simple")
# Shorter prefixes match too much to help.
PREFIX_MIN_LENGTH = 3
WORD = re.compile(r"\w+")


def _prefix_query(q: str) -> str:
    """``q``'s words for ``to_tsquery``, the last one as a prefix; empty unless
    ``q`` is plain words (a phrase, ``or`` or ``-word`` keep their meaning)."""
    if '"' in q or any(token.startswith("-") or token.lower() == "or" for token in q.split()):
        return ""
    words = WORD.findall(q)
    if not words or len(words[-1]) < PREFIX_MIN_LENGTH:
        return ""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def search[M: Model](
    queryset: QuerySet[M], q: str, *, fields: Sequence[str], limit: int | None = SEARCH_LIMIT + 1
) -> QuerySet[M]:
    """The rows of ``queryset`` matching ``q``, best first (``search_rank``).

    With a ``limit`` the rows are those among the first ``limit`` matches found
    (in no particular order) that rank best, so that neither a page nor its
    count (``core.pagination.CappedPaginator``) reads every match of a common
    word; without one, every match is ranked (an export). Elsewhere than on
    PostgreSQL (the SQLite demo) every word of ``q`` must be contained in one of
    ``fields`` of the row itself, unranked."""
    if connection.vendor != "postgresql":
        for word in q.split():
            queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
        return queryset
    from django.contrib.postgres.search import SearchQuery, SearchRank

    if not WORD.search(q):
        return queryset.none()
    query = reduce(or_, (SearchQuery(q, config=config, search_type="websearch") for config in CONFIGURATIONS))
    if prefix := _prefix_query(q):
        query = query | SearchQuery(prefix, config="labsite_simple", search_type="raw")
    matching = queryset.filter(search_document=query)
    if limit is not None:
        matching = queryset.model._default_manager.filter(pk__in=matching.order_by().values("pk")[:limit])
    ranked = matching.annotate(search_rank=SearchRank(F("search_document"), query, cover_density=True))
    # ``annotate`` loses the model's type in the stubs; the rows are still M.
    return cast("QuerySet[M]", ranked.order_by("-search_rank", "pk"))
