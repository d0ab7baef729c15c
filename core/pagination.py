"""The pages of a search: counted up to a cap.

Counting every row a common word matches among a million costs as much as
reading them all; a search's count stops at ``SEARCH_LIMIT`` + 1 rows (a
LIMITed subquery), and its pages are the first ``SEARCH_LIMIT`` rows: "more
than 1,000 match: refine the search" says enough. A list without a search
counts exactly, with Django's paginator."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

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
