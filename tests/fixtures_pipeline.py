"""A real Celery worker, in a thread of the test process, consuming from the configured broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app


@pytest.fixture(scope="session")
def _celery_worker_for_session(django_db_setup, django_db_blocker):
    # Started once: starting and stopping a worker costs seconds. It only touches the database while a
    # test that asked for it (and so for a transactional database) runs.
    with django_db_blocker.unblock():
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=60,
        ) as worker:
            yield worker


@pytest.fixture
def celery_worker_thread(transactional_db, _celery_worker_for_session):
    """A worker that processes what the test enqueues. It sees only what the test has committed, as in
    production (hence `transactional_db`)."""
    return _celery_worker_for_session
