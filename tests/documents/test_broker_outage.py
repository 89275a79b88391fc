"""A broker outage, for real: a private broker connection on loopback, a real worker process, the NHN stand-in.

The worker must live through the outage and finish every document afterwards by itself: nobody restarts it.
Redis is stopped and started again (a private redis-server); RabbitMQ (the machine's, shared) is not restarted,
its connections are cut by a proxy, which is what a network failure or a broker restart looks like to a worker.
"""

import datetime as dt
import shutil
import socket
import time

import pytest
from django.utils import timezone
from kombu import Connection

from config.celery import app as celery_app
from documents import services
from documents.kinds import Status
from documents.models import Document
from tests.documents.test_pipeline import READ, _image, _upload
from tests.fault_processes import RedisServer, TcpProxy, publishing_to, wait_for, worker_process

pytestmark = pytest.mark.django_db(transaction=True)

RABBITMQ = ("127.0.0.1", 5672)
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:{port}//"


def _rabbitmq_reachable() -> bool:
    try:
        socket.create_connection(RABBITMQ, timeout=1).close()
        return True
    except OSError:
        return False


def _status(document: Document) -> str:
    return Document.objects.values_list("status", flat=True).get(pk=document.pk)


def _sweep_as_beat_would_later() -> None:
    """Beat runs the sweep every minute; it queues what waited in `received` (the broker was down) two minutes."""
    services.documents_requeue_stuck(now=timezone.now() + services.RECEIVED_SWEEP_AFTER + dt.timedelta(seconds=1))


def _outage(*, broker_url: str, cut, restore, nhn_standin, log) -> None:
    nhn_standin.latency = 1.5  # the first document is in the worker's hands when the broker goes away
    with publishing_to(broker_url), worker_process(broker_url=broker_url, log=log) as worker:
        in_flight = _upload(_image(101))
        wait_for(lambda: _status(in_flight) == Status.PROCESSING, timeout=30, what="the worker taking it")

        cut()
        outage_started = time.monotonic()
        during = [_upload(_image(102 + n)) for n in range(3)]  # kept in the database; the broker is down
        time.sleep(3)  # long enough for the worker to notice and try to reconnect
        restore()

        documents = [in_flight, *during]

        def all_finished() -> bool:
            assert worker.alive, f"the worker died:\n{worker.log_tail()}"
            _sweep_as_beat_would_later()
            return all(_status(d) in (*READ, Status.FAILED) for d in documents)

        wait_for(all_finished, timeout=90, what="every document finished", interval=1.0)
        seconds = time.monotonic() - outage_started

        assert worker.alive  # the same process throughout
        assert all(_status(d) in READ for d in documents)
        assert nhn_standin.calls["business"] == len(documents)  # one paid call per image, none repeated
        print(
            f"\nbroker outage ({broker_url.split(':')[0]}): {len(documents)} uploaded, {len(documents)} ended, "
            f"{nhn_standin.calls['business'] / len(documents):.1f} calls per image, "
            f"all finished {seconds:.1f} s after the outage began (3 s of outage)"
        )


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server on PATH to run a private broker")
def test_worker_survives_a_redis_restart_and_finishes_every_document(nhn_standin, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    try:
        _outage(broker_url=redis.url, cut=redis.stop, restore=redis.start, nhn_standin=nhn_standin,
                log=tmp_path / "worker.log")  # fmt: skip
    finally:
        redis.stop()


@pytest.mark.skipif(not _rabbitmq_reachable(), reason="needs RabbitMQ on 127.0.0.1:5672 (guest/guest)")
def test_worker_survives_losing_its_rabbitmq_connection_and_finishes_every_document(nhn_standin, tmp_path):
    proxy = TcpProxy(target_port=RABBITMQ[1])
    proxy.start()
    broker_url = RABBITMQ_URL.format(port=proxy.port)
    try:
        _outage(broker_url=broker_url, cut=proxy.stop, restore=proxy.start, nhn_standin=nhn_standin,
                log=tmp_path / "worker.log")  # fmt: skip
    finally:
        proxy.stop()
        # kombu's own connection: the app's would use the session's broker transport (Redis on CI) for this URL
        with Connection(RABBITMQ_URL.format(port=RABBITMQ[1])) as connection:
            connection.default_channel.queue_delete(celery_app.conf.task_default_queue)  # the broker is shared
