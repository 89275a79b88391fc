"""The dispatcher's one-statement write of a checked batch (registry.services._bulk_save): on PostgreSQL an UPDATE
joined to unnest() of array parameters, on SQLite a VALUES list. Whatever the path, the rows end exactly as
Django's own bulk_update leaves them. Run on both: plain `pytest` (SQLite) and with DATABASE_URL=postgres://..."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from registry import services as registry
from registry.models import Business
from tests.factories import make_businesses

WRITTEN = registry._UPDATED_FIELDS


def _changed(businesses: list[Business], now: dt.datetime) -> list[Business]:
    """Every kind of value the check writes: texts (Korean, quotes, long, empty), NULLs, dates, instants."""
    for i, business in enumerate(businesses):
        business.state = ("active", "suspended", "closed", "unknown")[i % 4]
        business.tax_type = ("general", "", "simplified")[i % 3]
        business.closed_on = dt.date(2026, 1, 1 + i % 28) if i % 2 else None
        business.provider = "nts" if i % 2 else "simulated"
        business.checked_at = now - dt.timedelta(seconds=i) if i % 5 else None
        business.next_check_at = now + dt.timedelta(days=7, microseconds=i)
        business.failures = i % 7
        business.last_error = "" if i % 3 else f"timeout: 국세청 응답 없음 '{i}' " + "x" * (i * 10)
        business.lease_token = "" if i % 2 else f"token-{i}"
        business.lease_until = None if i % 2 else now + dt.timedelta(minutes=15)
        business.updated_at = now
    return businesses


def _rows(ids: list[int]) -> list[tuple]:
    return list(Business.objects.filter(pk__in=ids).order_by("id").values_list(*WRITTEN))


def test_the_one_statement_write_leaves_rows_as_bulk_update_does(db):
    now = timezone.now()
    ours = make_businesses(40, start=100_000)
    theirs = make_businesses(40, start=200_000)[40:]
    registry._bulk_save(_changed(ours, now), WRITTEN)
    Business.objects.bulk_update(_changed(theirs, now), WRITTEN)
    assert _rows([b.pk for b in ours]) == _rows([b.pk for b in theirs])
    untouched = Business.objects.get(pk=ours[0].pk)
    assert untouched.name == ours[0].name  # columns not listed keep their values


def test_the_write_is_one_statement_and_on_postgresql_its_parameters_do_not_grow_with_the_batch(db):
    businesses = _changed(make_businesses(100), timezone.now())
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        registry._bulk_save(businesses, WRITTEN)
    assert len(statements) == 1
    if connection.vendor == "postgresql":
        sql, params = statements[0]
        assert "unnest(" in sql
        assert len(params) == len(WRITTEN) + 1  # one array per column (and the ids), not one value per cell
        assert all(len(values) == 100 for values in params)


def test_a_check_after_a_failure_keeps_what_the_last_answer_said(db, nts_standin):
    """Only the columns a check needs are loaded; a failed check writes back the unchanged ones as they were."""
    [business] = make_businesses(1)
    Business.objects.filter(pk=business.pk).update(
        state="closed", tax_type="general", closed_on=dt.date(2026, 3, 1), provider="nts",
        checked_at=timezone.now() - dt.timedelta(days=30), name="누리출판사",
    )  # fmt: skip
    before = Business.objects.get(pk=business.pk)
    nts_standin.script(["http:500"])  # the tax office fails this time
    token, ids = registry.businesses_claim(limit=10)
    report = registry.businesses_check(business_ids=ids, token=token)
    assert report.failed == 1
    after = Business.objects.get(pk=business.pk)
    kept = ("state", "tax_type", "closed_on", "provider", "checked_at", "name", "number")
    assert [getattr(after, f) for f in kept] == [getattr(before, f) for f in kept]
    assert after.failures == 1 and after.last_error and after.lease_token == ""
