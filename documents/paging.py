"""Numbered pages over lists that grow to hundreds of thousands of rows (the documents and the businesses).

Two costs grow with a table and are paid on every page: the total (`COUNT(*)` reads every matching row: 70-85 ms
at 100,000 documents) and the rows skipped before a deep page (`OFFSET 50000` reads and throws away 50,000 joined
rows). Large Django sites estimate the first and skip the second on an index; so does this paginator:

* On PostgreSQL, a list the planner expects to hold more than `ESTIMATE_ABOVE` rows counts as the planner's estimate
  (one `EXPLAIN`, under a millisecond; after ANALYZE it is within a few percent) and the page says "about";
  smaller lists, and every list on SQLite, are counted exactly. The rows have the last word over an estimate:
  each page reads one id more than it shows, so a next page is offered exactly when one exists (also past the
  estimated end), and a page past the real end is empty with a way back.
* A page finds its rows' ids first, with only the ordering columns (an index-only scan of an index that matches the
  ORDER BY), then reads the full rows, joins included, for those 25 ids only.
"""

import json
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections, router
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

ESTIMATE_ABOVE = 10_000


def planner_rows(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects `queryset` to return (an EXPLAIN without ANALYZE: nothing runs)."""
    # only the ids: the rows' annotations (subqueries for what a row shows) cost the planner ten times more
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def estimated_rows(model) -> int:
    """The rows of `model`'s table as PostgreSQL's statistics have them (pg_class.reltuples, kept by autovacuum and
    ANALYZE): one catalog read instead of a COUNT(*). 0 on other databases, and before the table was ever analysed."""
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0


class EstimatedCountPaginator(Paginator):
    """A Paginator whose `count` is estimated for large lists on PostgreSQL (`estimated` is then True) and whose
    pages read their rows by id. Same interface as Django's: `get_page`, `page`, `num_pages`, `count`."""

    estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and connections[queryset.db].vendor == "postgresql":
            estimate = planner_rows(queryset)
            if estimate > ESTIMATE_ABOVE:
                self.estimated = True
                return estimate
        return super().count

    def validate_number(self, number):
        """An estimated list accepts any page from 1 on: the estimate may be short, and the rows decide."""
        if not self.count or not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(_("That page number is not an integer")) from error
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated and top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return self._get_page(queryset[bottom:top], number, self)
        ids = list(queryset.values_list("pk", flat=True)[bottom:top + (1 if self.estimated else 0)])
        if self.estimated:  # what the rows say beats the estimate: one more id tells whether a next page exists
            more = len(ids) > self.per_page
            ids = ids[:self.per_page]
            self._learn_count(max(self.count, top + 1) if more else bottom + len(ids))
        rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _learn_count(self, count: int) -> None:
        self.__dict__["count"] = count
        self.__dict__.pop("num_pages", None)
