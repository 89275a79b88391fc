"""Two dispatchers at once never hand out (or check) the same business twice. Needs PostgreSQL's row locks:
run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_registry."""

import threading
from collections import Counter

import pytest
from django.db import connection

from registry import services as registry
from registry.models import BusinessCheck
from tests.factories import make_businesses

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL=postgres://...)"
        print(reason)
        pytest.skip(reason)


def test_two_concurrent_dispatchers_never_check_the_same_business_twice(settings):
    settings.STATUS_DISPATCH_BATCH = 50  # many small claims, so the two dispatchers interleave
    businesses = make_businesses(3000)
    handed_out: list[list[tuple[str, list[int]]]] = [[], []]
    barrier = threading.Barrier(2)
    errors = []

    def dispatcher(slot: int) -> None:
        try:
            barrier.wait()
            registry.businesses_dispatch(enqueue=lambda token, ids: handed_out[slot].append((token, ids)))
            for token, ids in handed_out[slot]:
                registry.businesses_check(business_ids=ids, token=token)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(slot,)) for slot in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ids = Counter(i for batches in handed_out for _token, batch in batches for i in batch)
    assert len(ids) == len(businesses) and max(ids.values()) == 1
    assert all(handed_out)  # both dispatchers did part of the work
    checks = Counter(BusinessCheck.objects.values_list("business_id", flat=True))
    assert len(checks) == len(businesses) and max(checks.values()) == 1
    # and once checked, nothing is due again
    assert registry.businesses_dispatch(enqueue=lambda token, ids: None).claimed == 0
