"""A real Celery worker, in a thread of the test process, consuming from the configured broker."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connections

from config.celery import app as celery_app


@pytest.fixture
def celery_worker_thread(transactional_db):
    """Start a worker on this session's queue; documents uploaded during the test are processed by it.

    Needs `transactional_db`: the worker sees only what the test has committed, as in production."""
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=60,
    ) as worker:
        yield worker
    connections.close_all()
