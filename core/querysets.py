"""Querysets that count their rows as disjoint parts.

A visibility rule of the form "A or B" (a data-access request in a project
that is not confidential, or in one of mine) is one filter for the rows, but a
poor one for counting them: PostgreSQL evaluates the ``OR`` on every row of
the table (100,000 rows, 10 ms), where each half alone is an index-only scan
of its own index, or a few rows read by another. ``CountedByParts`` keeps the
queryset as it is for its rows and, for ``count()``, counts each part of the
same queryset apart and adds them, in one query. The parts
must be disjoint and together hold every row the queryset's rule lets
through; each still carries the queryset's whole filter, so a part never
counts a row the queryset would not list.
"""

from typing import Any, Self

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, Q, QuerySet


class CountedByParts[M: Model](QuerySet[M]):
    _count_parts: tuple[Q, ...] = ()

    def counted_by_parts(self, *parts: Q) -> Self:
        """This queryset, counted as the sum of ``parts`` (disjoint, covering its rows)."""
        clone = self.all()
        clone._count_parts = parts
        return clone

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # QuerySet._clone is private, untyped in the stubs
        clone._count_parts = self._count_parts
        return clone

    def count(self) -> int:
        query: Any = self.query
        if (
            len(self._count_parts) < 2
            or self._result_cache is not None
            or query.is_sliced
            or query.combinator
            or query.distinct
            or query.annotations
        ):
            return super().count()
        if query.is_empty():
            return 0
        ids = self.order_by().values("pk")
        counts, params = [], []
        for part in self._count_parts:
            try:
                sql, part_params = ids.filter(part).query.get_compiler(self.db).as_sql()
            except EmptyResultSet:  # a part that can hold no row (``pk__in=[]``) counts none
                continue
            # Each part's count is planned on its own (an index-only scan, say); as a
            # subquery in FROM it is flattened into it, with no append of the parts' rows.
            counts.append(f"(SELECT COUNT(*) FROM ({sql}) part)")  # noqa: S608  # nosec B608  # SQL compiled by Django
            params.extend(part_params)
        if not counts:
            return 0
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT {' + '.join(counts)}", params)  # nosec B608  # the parts, compiled above
            return int(cursor.fetchone()[0])
