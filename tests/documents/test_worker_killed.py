"""A worker killed (SIGKILL, with its pool) in the middle of paid NHN calls, and started again as systemd does.

What it costs is the operator's choice, `OCR_REREAD_AFTER_CRASH`: by default the documents it was reading are read
once more when their lease runs out (at most one repeat per crash); switched off, they fail as "interrupted" and
nobody pays twice without deciding to. The stand-in counts the calls. The lease is shortened to seconds here;
production's is `PROCESSING_LEASE_SECONDS` (300 s) plus up to a minute for the sweep."""

import shutil
import time

import pytest

from documents import services
from documents.kinds import Status
from documents.models import Document
from tests.documents.test_pipeline import READ, _image, _upload
from tests.fault_processes import RedisServer, publishing_to, wait_for, worker_process

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server on PATH for a private broker"),
]

LEASE_SECONDS = 4


def _statuses(documents: list[Document]) -> list[str]:
    return [Document.objects.values_list("status", flat=True).get(pk=d.pk) for d in documents]


@pytest.mark.parametrize("reread", [True, False], ids=["reread", "fail"])
def test_a_worker_killed_during_paid_calls(reread, nhn_standin, settings, tmp_path):
    settings.PROCESSING_LEASE_SECONDS = LEASE_SECONDS
    settings.OCR_REREAD_AFTER_CRASH = reread
    nhn_standin.latency = 2.0
    redis = RedisServer(tmp_path)
    redis.start()
    log = tmp_path / "worker.log"
    try:
        with publishing_to(redis.url):
            with worker_process(broker_url=redis.url, log=log) as doomed:
                documents = [_upload(_image(201 + n)) for n in range(4)]
                wait_for(lambda: nhn_standin.calls["business"] == 2, timeout=30, what="two calls in flight")
                doomed.kill()
            killed_at = time.monotonic()
            interrupted = [d for d, s in zip(documents, _statuses(documents), strict=True) if s == Status.PROCESSING]
            assert len(interrupted) == 2  # the pool's two processes were each in the middle of a call

            with worker_process(broker_url=redis.url, log=log) as restarted:  # systemd: Restart=always

                def all_finished() -> bool:
                    services.documents_requeue_stuck()  # beat's sweep (every minute in production)
                    return all(s in (*READ, Status.FAILED) for s in _statuses(documents))

                wait_for(all_finished, timeout=60, what="every document finished", interval=0.5)
                seconds = time.monotonic() - killed_at
                assert restarted.alive
    finally:
        redis.stop()

    calls = nhn_standin.calls["business"]
    finished = {d.pk: Document.objects.get(pk=d.pk) for d in documents}
    if reread:
        assert all(d.status in READ for d in finished.values())
        assert calls == len(documents) + len(interrupted)  # one repeat for each reading the kill interrupted
    else:
        assert [finished[d.pk].error_code for d in interrupted] == ["interrupted"] * len(interrupted)
        assert all(finished[d.pk].status in READ for d in documents if d not in interrupted)
        assert calls == len(documents)  # nothing paid twice
    print(
        f"\nworker killed (OCR_REREAD_AFTER_CRASH={int(reread)}): {len(documents)} uploaded, {len(finished)} ended "
        f"({sum(d.status == Status.FAILED for d in finished.values())} failed), "
        f"{calls / len(documents):.2f} calls per image, all finished {seconds:.1f} s after the kill "
        f"(lease {LEASE_SECONDS} s)"
    )
