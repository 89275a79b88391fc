"""Reviewers pressing Next at the same moment never get the same document (FOR UPDATE SKIP LOCKED)."""

import random
import threading

import pytest
from django.db import connection, connections

from reviews import services
from reviews.models import ReviewTask
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres(settings):
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (DATABASE_URL=postgres://...); this run uses {connection.vendor}")
    settings.REVIEW_FOUR_EYES = False


def test_two_threads_claiming_at_once_never_get_the_same_task():
    for i in range(30):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5})
        services.document_route(document=document, rng=random.Random(0))
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    claimed: dict[int, list[int]] = {r.pk: [] for r in reviewers}
    errors: list[BaseException] = []
    start = threading.Barrier(len(reviewers))

    def work(reviewer):
        try:
            start.wait()
            while True:
                task = services.task_claim_next(user=reviewer)
                if task is None:
                    return
                claimed[reviewer.pk].append(task.pk)
                services.task_approve(task=task, user=reviewer)  # decide, so that Next moves on
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    everything = [pk for pks in claimed.values() for pk in pks]
    assert len(everything) == len(set(everything)) == 30
    assert all(claimed.values()), "both reviewers should have got work"
    assert not ReviewTask.objects.filter(resolved_at=None).exists()


def test_many_threads_pressing_next_once_each_get_distinct_tasks():
    for i in range(8):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5})
        services.document_route(document=document, rng=random.Random(0))
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(8)]
    got: list[int | None] = []
    lock = threading.Lock()
    start = threading.Barrier(len(reviewers))

    def work(reviewer):
        try:
            start.wait()
            task = services.task_claim_next(user=reviewer)
            with lock:
                got.append(task.pk if task else None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert None not in got and len(set(got)) == 8
