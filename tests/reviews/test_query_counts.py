"""The reviewer pages cost the same number of queries however long the queue is (and however many business
category rows the document under review has)."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import services
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def grow_queue(n: int, *, start: int, reviewer, category_rows: int) -> list:
    documents = []
    for i in range(start, start + n):
        uploader = UserFactory()
        document = read_document(
            values=certificate_values(seed=i), confidence={"company_name": 0.5}, uploader=uploader,
            categories=[(f"업태 {row}", f"종목 {row}") for row in range(category_rows)],
        )
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    services.task_claim(task=documents[0].review_task, user=reviewer)  # one row shows its holder
    services.task_approve(task=documents[1].review_task, user=reviewer)  # metrics have a decision to count
    return documents


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_do_not_query_per_task(client):
    admin = UserFactory(roles=["admin"])
    client.force_login(admin)
    reviewer = UserFactory(roles=["reviewer"])
    documents = grow_queue(5, start=0, reviewer=reviewer, category_rows=1)
    last = documents[-1]
    pages = {
        "queue": lambda: reverse("reviews:queue"),
        "status": lambda: reverse("reviews:queue_status"),
        "review": lambda: reverse("reviews:review", kwargs={"pk": last.review_task.pk}),
        "metrics": lambda: reverse("reviews:metrics"),
    }
    small = {name: queries(client, url()) for name, url in pages.items()}
    documents = grow_queue(25, start=100, reviewer=reviewer, category_rows=7)
    last = documents[-1]
    large = {name: queries(client, url()) for name, url in pages.items()}
    assert large == small
