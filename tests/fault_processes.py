"""Real processes for the fault tests: a private redis-server, a TCP proxy that can cut a broker connection, and
`celery -A config worker` as production runs it, against the test's database and media folder.

Everything listens on free loopback ports and is stopped by the test that started it."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], *, timeout: float, what: str, interval: float = 0.1) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")


class RedisServer:
    """A private redis-server with its data on disk, so a restart keeps the queue as a production Redis with
    persistence does."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--save", "3600 1", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, timeout=10, what="redis-server starting")

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


class TcpProxy:
    """Forwards a free loopback port to a server. `stop()` refuses new connections and cuts the open ones, which
    is what the workers see when the network to a broker fails; `start()` lets them through again."""

    def __init__(self, *, target_port: int) -> None:
        self.port = free_port()
        self.target = ("127.0.0.1", target_port)
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            open_sockets, self._sockets = self._sockets, set()
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in open_sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _database_url() -> str:
    """The database this test writes to, as a URL the worker process understands."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
    user = f"{user}@" if user else ""
    return f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`celery -A config worker` with a prefork pool of two: the consumer then waits on the broker for the next
    task while one is unacknowledged, as a production worker does. In its own process group, so that `kill()`
    takes the pool's children with it, as an OOM kill or a power cut does."""

    def __init__(self, *, broker_url: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.broker_url, self.log, self.extra_env = broker_url, log, env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": celery_app.conf.task_default_queue,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SECRET_KEY": settings.SECRET_KEY,
            "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
            "OCR_ENGINE": settings.OCR_ENGINE,
            "NHN_OCR_BASE_URL": settings.NHN_OCR_BASE_URL,
            "NHN_OCR_APP_KEY": settings.NHN_OCR_APP_KEY,
            "NHN_OCR_SECRET_KEY": settings.NHN_OCR_SECRET_KEY,
            "NHN_OCR_BACKOFF_BASE": "0.01",
            "NHN_OCR_BACKOFF_MAX": "0.1",
            "PROCESSING_LEASE_SECONDS": str(settings.PROCESSING_LEASE_SECONDS),
            "OCR_REREAD_AFTER_CRASH": "1" if settings.OCR_REREAD_AFTER_CRASH else "0",
            **self.extra_env,
        }
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "2",
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
                cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_for(lambda: b"ready." in self.log.read_bytes()[offset:], timeout=60, what="worker starting")
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the worker and its pool: nothing is cleaned up, nothing acknowledged."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Celery's warm shutdown (SIGTERM), as systemd stops it."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@contextmanager
def worker_process(**kwargs) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(**kwargs).start()
    try:
        yield worker
    finally:
        worker.stop()


@contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Uploads in this test process enqueue to `broker_url` (the session's other tests use their own broker)."""
    conf = celery_app.conf
    keys = ("broker_url", "broker_read_url", "broker_write_url", "broker_transport", "broker_transport_options")
    saved = {key: conf[key] for key in keys}

    def reset_pools() -> None:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    # the read and write URLs too: Celery fixed them from the settings' broker (on CI, the session's Redis), and a
    # producer connects to the write URL, so changing broker_url alone kept publishing to the session's broker
    conf.update(broker_url=broker_url, broker_read_url=broker_url, broker_write_url=broker_url, broker_transport=None,
                broker_transport_options={})
    reset_pools()
    try:
        yield
    finally:
        conf.update(saved)
        reset_pools()
