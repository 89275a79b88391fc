"""The business list and a business's page cost the same number of queries for 5 businesses as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import services as registry
from registry.models import BusinessAlert, BusinessState, SimulatedStatus
from tests.factories import make_businesses, read_document

pytestmark = pytest.mark.django_db


def _pages_queries(client, user, count: int, start: int) -> tuple[int, int]:
    """Queries of GET /businesses/ and GET /businesses/<number>/ with `count` closed businesses on `user`'s
    documents, each with a check and an open alert."""
    businesses = make_businesses(count, start=start, state=BusinessState.ACTIVE)[-count:]  # it returns them all
    for business in businesses:
        business.documents.add(read_document(uploader=user))
        SimulatedStatus.objects.create(number=business.number, state=BusinessState.CLOSED)

    def check(token: str, ids: list[int]) -> None:
        registry.businesses_check(business_ids=ids, token=token)

    registry.businesses_dispatch(enqueue=check)
    assert BusinessAlert.objects.filter(business__in=businesses, acknowledged_at__isnull=True).count() == count
    with CaptureQueriesContext(connection) as listed:
        assert client.get("/businesses/").status_code == 200
    with CaptureQueriesContext(connection) as shown:
        assert client.get(f"/businesses/{businesses[0].number}/").status_code == 200
    return len(listed), len(shown)


@pytest.mark.parametrize("is_staff", [True, False], ids=["staff", "uploader"])
def test_business_pages_do_not_query_per_business(client, django_user_model, is_staff):
    user = django_user_model.objects.create_user("kim", password="x", is_staff=is_staff)
    client.force_login(user)
    few = _pages_queries(client, user, 5, start=600_000)
    many = _pages_queries(client, user, 45, start=700_000)  # 50 in all: a full page
    assert many == few
