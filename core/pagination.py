"""The pages of a search: counted up to a cap.

Counting every row a common word matches among a million costs as much as
reading them all; a search's count stops at ``SEARCH_LIMIT`` + 1 rows (a
LIMITed subquery), and its pages are the first ``SEARCH_LIMIT`` rows: "more
than 1,000 match: refine the search" says enough. A list without a search
counts exactly, with Django's paginator. A card (the dashboard's) shows its
first rows and the same capped count, folded into their one query
(``first_rows``, ``CappedCount``)."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import IntegerField, QuerySet, Subquery

SEARCH_LIMIT = 1000


class CappedPaginator(Paginator):
    """``count`` is at most ``limit``; ``capped`` tells whether more rows match."""

    limit = SEARCH_LIMIT

    @cached_property
    def found(self) -> int:
        """The rows counted, at most ``limit`` + 1."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by().values("pk")[: self.limit + 1].count()
        return min(len(rows), self.limit + 1)

    @property
    def capped(self) -> bool:
        return self.found > self.limit

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)


def paginator_for(rows: QuerySet, per_page: int, *, q: str) -> Paginator:
    """A searched list's paginator is capped; another counts exactly."""
    return CappedPaginator(rows, per_page) if q else Paginator(rows, per_page)


class CappedCount(Subquery):
    """The rows of ``queryset`` counted as ``CappedPaginator.found`` counts them
    (at most ``limit`` + 1: a LIMITed subquery), as an expression: a card's count
    folded into the query of its first rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"

    def __init__(self, queryset: QuerySet, limit: int = SEARCH_LIMIT) -> None:
        super().__init__(queryset.order_by().values("pk")[: limit + 1], output_field=IntegerField())


@dataclass(frozen=True)
class FirstRows:
    """A list's first ``rows`` and how many there are, counted up to ``limit``:
    "more than 100" says enough on a card that links to the whole list."""

    rows: list[Any]
    found: int
    limit: int

    @property
    def capped(self) -> bool:
        return self.found > self.limit

    @property
    def count(self) -> int:
        return min(self.found, self.limit)


def first_rows(queryset: QuerySet, rows: int, *, limit: int) -> FirstRows:
    """The first ``rows`` of ``queryset`` and its capped count, in one query."""
    listed = list(queryset.annotate(capped_found=CappedCount(queryset, limit))[:rows])
    return FirstRows(listed, listed[0].capped_found if listed else 0, limit)
