"""The pages of a long list: counted up to a cap.

Counting every row a common word matches among a million costs as much as
reading them all; a search's count stops at ``SEARCH_LIMIT`` + 1 rows (a
LIMITed subquery), and its pages are the first ``SEARCH_LIMIT`` rows: "more
than 1,000 match: refine the search" says enough. The lists that grow with
the lab's work (projects, innovations) count the same way up to
``LIST_LIMIT``: counting a million projects exactly (150–230 ms at a million,
whatever the index) is most of the page's time, and nobody pages past the
first ten thousand rows of a list they can search and filter. Other lists
(requests, people, agreements) count exactly, with Django's paginator; the
API counts exactly (SPEC §6). A card (the dashboard's) shows its first rows and
the same capped count, folded into their one query (``first_rows``,
``CappedCount``)."""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, QuerySet, Subquery, Window

SEARCH_LIMIT = 1000
LIST_LIMIT = 10_000


class CappedPaginator(Paginator):
    """``count`` is at most ``limit``; ``capped`` tells whether more rows match;
    ``searched`` whether the rows are a search's (the page says "refine the
    search" rather than "filter the list")."""

    limit = SEARCH_LIMIT
    searched = True

    def __init__(self, object_list: Any, per_page: int, *, limit: int | None = None, searched: bool = True) -> None:
        super().__init__(object_list, per_page)
        if limit is not None:
            self.limit = limit
        self.searched = searched

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

    def get_page(self, number: Any) -> Page:
        """A search's page, and its count with it: the rows a search chooses are
        its first ``limit`` + 1 matches (``core.search``), which both the count
        and the page would read; counted by a window over them in the page's
        own query, they are read once. A page past the end falls back to
        Django's way (count, then the last page)."""
        if not (self.searched and isinstance(self.object_list, QuerySet)) or "found" in self.__dict__:
            return super().get_page(number)
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        if bottom >= self.limit:
            # Past the pages a capped count can have (and an OFFSET PostgreSQL may refuse).
            return super().get_page(number)
        rows = list(self.object_list.annotate(found_with_page=Window(Count("pk")))[bottom : bottom + self.per_page])
        if not rows:
            return super().get_page(number)
        self.__dict__["found"] = min(rows[0].found_with_page, self.limit + 1)
        return Page(rows, number, self)


def paginator_for(rows: QuerySet, per_page: int, *, q: str, exact: bool = False) -> Paginator:
    """A searched list counts up to ``SEARCH_LIMIT``, a list up to ``LIST_LIMIT``;
    with ``exact``, a list that is not searched counts every row (Django's
    paginator: requests, people, agreements)."""
    if q:
        return CappedPaginator(rows, per_page, limit=SEARCH_LIMIT)
    if exact:
        return Paginator(rows, per_page)
    return CappedPaginator(rows, per_page, limit=LIST_LIMIT, searched=False)


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
