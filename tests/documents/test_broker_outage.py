"""A broker outage, for real: a private broker on loopback, a real worker process, the NHN stand-in.

The worker must live through the outage and finish every document afterwards by itself: nobody restarts it.
It reads what the test committed, so it runs against the test database (a file on SQLite, the test database on
PostgreSQL) and the test's media folder."""

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from documents import services
from documents.kinds import Status
from documents.models import Document
from tests.documents.test_pipeline import READ, _image, _upload

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(django_settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(condition, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")


class RedisServer:
    """A private redis-server on a free loopback port, with its data on disk so a restart keeps the queue,
    as a production Redis with persistence does."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--save", "3600 1", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for(self._answers, timeout=10, what="redis-server starting")

    def stop(self) -> None:
        """A clean shutdown (SIGTERM: Redis saves its data, then exits), as a restart for maintenance does."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as client:
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _database_url() -> str:
    """The database this test writes to, as a URL the worker process understands."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@" if db["USER"] else ""
    return f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def _worker_process(*, broker_url: str, log: Path, extra_env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """`celery -A config worker`, as production runs it (prefork pool), against the test's database and media.
    Two processes: the consumer then waits on Redis for the next task while one is unacknowledged, the state in
    which losing Redis used to stop the worker for good (config/broker.py)."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": celery_app.conf.task_default_queue,
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": django_settings.FIELD_ENCRYPTION_KEY,
        "OCR_ENGINE": django_settings.OCR_ENGINE,
        "NHN_OCR_BASE_URL": django_settings.NHN_OCR_BASE_URL,
        "NHN_OCR_APP_KEY": django_settings.NHN_OCR_APP_KEY,
        "NHN_OCR_SECRET_KEY": django_settings.NHN_OCR_SECRET_KEY,
        "NHN_OCR_BACKOFF_BASE": "0.01",
        "NHN_OCR_BACKOFF_MAX": "0.1",
        **extra_env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "2",
             "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for(lambda: b"ready." in log.read_bytes(), timeout=60, what="worker starting")
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # warm shutdown
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@contextmanager
def _publishing_to(broker_url: str) -> Iterator[None]:
    """Uploads in this test process enqueue to `broker_url` (the session's other tests use their own broker)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options

    def reset_pools() -> None:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_url, conf.broker_transport_options = broker_url, {}
    reset_pools()
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved
        reset_pools()


def _status(document: Document) -> str:
    return Document.objects.values_list("status", flat=True).get(pk=document.pk)


def _sweep_as_beat_would_later() -> None:
    """Beat runs the sweep every minute; it queues what waited in `received` for two minutes."""
    services.documents_requeue_stuck(now=timezone.now() + services.RECEIVED_SWEEP_AFTER + dt.timedelta(seconds=1))


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server on PATH to run a private broker")
def test_worker_survives_a_redis_restart_and_finishes_every_document(nhn_standin, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    log = tmp_path / "worker.log"
    nhn_standin.latency = 1.5  # the first document is in the worker's hands when Redis goes away
    try:
        with _publishing_to(redis.url), _worker_process(broker_url=redis.url, log=log, extra_env={}) as worker:
            in_flight = _upload(_image(101))
            _wait_for(lambda: _status(in_flight) == Status.PROCESSING, timeout=30, what="the worker taking it")

            redis.stop()
            outage_started = time.monotonic()
            during = [_upload(_image(102 + n)) for n in range(3)]  # kept in the database; the broker is down
            time.sleep(3)  # long enough for the worker to notice and try to reconnect
            redis.start()

            documents = [in_flight, *during]

            def all_finished() -> bool:
                _sweep_as_beat_would_later()
                return all(_status(d) in (*READ, Status.FAILED) for d in documents)

            _wait_for(all_finished, timeout=90, what="every document finished", interval=1.0)
            recovered_after = time.monotonic() - outage_started

            assert worker.poll() is None, f"the worker died:\n{log.read_text()[-3000:]}"
            assert all(_status(d) in READ for d in documents)
            calls = nhn_standin.calls["business"]
            assert calls == len(documents)  # one paid call per image, none repeated
            print(f"broker outage: {len(documents)} uploaded, {len(documents)} ended, calls {calls}, "
                  f"recovered {recovered_after:.1f} s after Redis stopped")  # fmt: skip
    finally:
        redis.stop()
