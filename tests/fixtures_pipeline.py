"""A real Celery worker, in a thread of the test process, consuming from the configured broker.

The worker is started once per session (starting and stopping one costs seconds) but consumes only while a
test that asked for it runs: between such tests its queue is cancelled, so a task queued by a test without a
worker is never run behind that test's back, and it is purged before the next worker test begins."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app


def _queue() -> str:
    return celery_app.conf.task_default_queue


def _purge_queue() -> None:
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(_queue())


@pytest.fixture(scope="session")
def _celery_worker_for_session(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=60
        ) as worker:
            celery_app.control.cancel_consumer(_queue(), destination=[worker.hostname], reply=True, timeout=5)
            yield worker


@pytest.fixture
def celery_worker_thread(transactional_db, _celery_worker_for_session):
    """A worker that processes what the test enqueues. It sees only what the test has committed, as in
    production (hence `transactional_db`)."""
    worker = _celery_worker_for_session
    _purge_queue()
    replies = celery_app.control.add_consumer(_queue(), destination=[worker.hostname], reply=True, timeout=5)
    assert replies, "the test worker did not answer the control message"
    yield worker
    celery_app.control.cancel_consumer(_queue(), destination=[worker.hostname], reply=True, timeout=5)
