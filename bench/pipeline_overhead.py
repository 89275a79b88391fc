"""Our own time per document: upload -> result, minus the engine's own time, through a real Celery worker.

    .venv/bin/python bench/pipeline_overhead.py                  # embedded defaults: SQLite + filesystem broker
    .venv/bin/python bench/pipeline_overhead.py --postgres       # PostgreSQL + Redis (--database-url, --broker-url)
    CELERY_BROKER_POLLING_INTERVAL=1 .venv/bin/python bench/pipeline_overhead.py   # kombu's own default, for comparison

Makes N distinct text-layer PDF certificates once (`make_samples --conditions pdf_text --seed 14`, kept in
var/bench-pipeline/samples-N; documents of earlier runs with the same files are deleted first, so no upload is
answered from an earlier identical file), starts `celery -A config worker --concurrency 1` as production
runs it, and uploads them one at a time through `documents.services.document_create`, waiting for each result
(status no longer received/processing, looked up every 2 ms). Overhead = upload -> result minus the engine's time
as the worker recorded it (`Extraction.seconds`: the local engine reading the text layer, ~0.05 s). The baseline,
in the same run and on the same broker and worker: a no-op Celery task round trip (enqueue -> the task has run),
observed the same way (a file the task touches, looked up every 2 ms). Submissions arrive at random moments (a
pause of 0-1 s before each), so a polling broker is met at every phase of its cycle, as real uploads meet it.

Outside the timed section, one more document is uploaded and processed in this process to count SQL statements and
transactions (commits, and statements run outside any transaction) per document.

Each run uses a fresh folder under var/bench-pipeline/ (media, broker and, embedded, the SQLite database), never
the product's, and removes it at the end.
With `--json` the last line is {"median_overhead_ms", "noop_roundtrip_ms", "documents", ...}.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from celery import shared_task  # noqa: E402
from support import database_ensure  # noqa: E402

POLL = 0.002  # seconds between looks at the result; the figures carry up to this much of it
PAUSE = 1.0  # at most this many seconds between two submissions: they arrive at random moments, as uploads do


@shared_task(name="bench.noop", ignore_result=True)
def noop(path: str) -> None:
    """The baseline task: does nothing but leave a mark the bench can see."""
    Path(path).touch()


def configure(options: argparse.Namespace) -> dict[str, str]:
    """The environment of the bench and of its worker."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["OCR_ENGINE"] = "local"
    env["OMP_THREAD_LIMIT"] = "1"
    if options.postgres:
        database_ensure(options.database_url)
        env["DATABASE_URL"] = options.database_url
        env["CELERY_BROKER_URL"] = options.broker_url
        env["CELERY_TASK_DEFAULT_QUEUE"] = "bench-pipeline"
        env["VAR_DIR"] = tempfile.mkdtemp(prefix="run-", dir=ROOT / "var" / "bench-pipeline")
    else:
        folder = Path(tempfile.mkdtemp(prefix="run-", dir=ROOT / "var" / "bench-pipeline"))
        env["VAR_DIR"] = str(folder)
        env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
        env.pop("CELERY_BROKER_URL", None)
    env.pop("MEDIA_ROOT", None)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "bench"), str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def wait(condition, *, timeout: float, what: str) -> float:
    deadline = time.perf_counter() + timeout
    while True:
        if condition():
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise SystemExit(f"{what}: nothing within {timeout:.0f} s (see the worker's log)")
        time.sleep(POLL)


class Counter:
    """SQL statements and transactions on the default connection while it is installed."""

    def __init__(self, connection) -> None:
        self.connection, self.statements, self.transactions = connection, 0, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith("BEGIN"):  # SQLite's opening of a transaction, counted by its commit
            return execute(sql, params, many, context)
        self.statements += 1
        if not self.connection.in_atomic_block:
            self.transactions += 1  # autocommit: the statement is its own transaction
        return execute(sql, params, many, context)

    def __enter__(self):
        connection = self.connection
        connection.ensure_connection()
        self._commit, self._wrapper = connection.commit, connection.execute_wrapper(self)
        self._wrapper.__enter__()

        def commit():
            self.transactions += 1
            return self._commit()

        connection.commit = commit
        return self

    def __exit__(self, *exc):
        del self.connection.commit
        self._wrapper.__exit__(*exc)


def throughput(options: argparse.Namespace, *, files: list[Path], hashes: list[str]) -> dict:
    """Rounds of N documents uploaded at once (N = 2C: two full waves); docs/s from the first upload to the last
    result. Our own time per document and worker slot = C / (docs/s) - the service's latency."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services
    from documents.kinds import Kind, Status
    from documents.models import Document

    rates = []
    for _round in range(options.rounds):
        Document.objects.filter(sha256__in=hashes).delete()
        started = time.perf_counter()
        ids = []
        for path in files:
            upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/pdf")
            ids.append(services.document_create(uploader=None, kind=Kind.BUSINESS_CERTIFICATE, upload=upload).pk)
        pending = Document.objects.filter(pk__in=ids, status__in=(Status.RECEIVED, Status.PROCESSING))
        done = wait(lambda pending=pending: not pending.exists(), timeout=300, what="a round of documents")
        rates.append(len(files) / (done - started))
    rate = statistics.median(rates)
    waves = -(-len(files) // options.throughput)
    return {
        "docs_per_second": round(rate, 2),
        "ideal_docs_per_second": round(len(files) / (waves * options.latency), 2),
        "own_ms_per_document": round((options.throughput / rate - options.latency) * 1000),
        "concurrency": options.throughput,
        "latency_s": options.latency,
        "documents": len(files),
        "rounds": options.rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis instead of the embedded defaults")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/intake_bench")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--throughput", type=int, metavar="C", default=0,
                        help="instead: documents per second through C worker processes against the NHN stand-in")
    parser.add_argument("--latency", type=float, default=0.5, help="with --throughput: the stand-in's answer time")
    parser.add_argument("--rounds", type=int, default=5, help="with --throughput")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    (ROOT / "var" / "bench-pipeline").mkdir(parents=True, exist_ok=True)
    env = configure(options)
    standin = None
    if options.throughput:
        from standins.nhn_ocr import NhnOcrStandin

        standin = NhnOcrStandin(app_key="bench", secret_key="bench", latency=options.latency).start()
        env.update(OCR_ENGINE="nhn", NHN_OCR_API_VERSION="v1.0", NHN_OCR_BASE_URL=standin.url,
                   NHN_OCR_APP_KEY="bench", NHN_OCR_SECRET_KEY="bench")
        options.documents = max(options.documents, 2 * options.throughput)
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from config.celery import app as celery_app
    from documents import services
    from documents.kinds import Kind, Status
    from documents.models import Document, Extraction

    call_command("migrate", verbosity=0)
    seed = 14
    count = max(options.documents + 1, 21)
    samples = ROOT / "var" / "bench-pipeline" / f"samples-{count}"
    started = time.perf_counter()
    if not (samples / "truth.json").exists():
        call_command("make_samples", str(samples), f"--certificates={count}", "--cards=0",
                     "--conditions=pdf_text", f"--seed={seed}", verbosity=0)
    files = sorted(samples.glob("cert-*.pdf"))
    hashes = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    Document.objects.filter(sha256__in=hashes).delete()  # earlier runs' (on PostgreSQL, whose database stays)
    print(f"database: {connection.vendor}; broker: {settings.CELERY_BROKER_URL}; polling interval: "
          f"{settings.CELERY_BROKER_TRANSPORT_OPTIONS.get('polling_interval', 'kombu default')}; "
          f"{len(files)} samples (seed {seed}) in {time.perf_counter() - started:.1f} s")
    with celery_app.connection_for_write() as conn:  # nothing left over from an earlier run
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)

    log = open(Path(env["VAR_DIR"]) / "worker.log", "w")  # noqa: SIM115 (closed in finally)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", str(options.throughput or 1),
         "--loglevel", "WARNING",
         "-I", "pipeline_overhead", "--without-gossip", "--without-mingle", "--hostname", f"bench{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    marks = Path(tempfile.mkdtemp(prefix="marks-", dir=env["VAR_DIR"]))
    try:
        mark = marks / "ready"
        noop.delay(str(mark))
        wait(mark.exists, timeout=120, what="the worker starting")
        if options.throughput:
            result = throughput(options, files=files[: options.documents], hashes=hashes)
            print(f"c = {options.throughput} against a {options.latency} s service: median "
                  f"{result['docs_per_second']} documents/s of an ideal {result['ideal_docs_per_second']} "
                  f"({result['own_ms_per_document']} ms of our own per document and slot)")
            if options.json:
                print(json.dumps(result))
            shutil.rmtree(env["VAR_DIR"], ignore_errors=True)
            return
        noop_ms = []
        rng = random.Random(seed)
        for i in range(options.documents):
            time.sleep(rng.uniform(0, PAUSE))
            mark = marks / f"{i}"
            started = time.perf_counter()
            noop.delay(str(mark))
            noop_ms.append((wait(mark.exists, timeout=60, what="a no-op task") - started) * 1000)

        unfinished = (Status.RECEIVED, Status.PROCESSING)
        overhead_ms, total_ms, engine_ms = [], [], []
        for path in files[: options.documents]:
            time.sleep(rng.uniform(0, PAUSE))
            upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/pdf")
            started = time.perf_counter()
            document = services.document_create(uploader=None, kind=Kind.BUSINESS_CERTIFICATE, upload=upload)
            done = wait(lambda pk=document.pk: Document.objects.filter(pk=pk).exclude(status__in=unfinished)
                        .exists(), timeout=120, what="a document")
            engine = Extraction.objects.get(document_id=document.pk).seconds * 1000
            total = (done - started) * 1000
            total_ms.append(total)
            engine_ms.append(engine)
            overhead_ms.append(total - engine)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        if standin is not None:
            standin.stop()

    # Statements and transactions of one more document, outside the timed section: uploaded and processed here.
    path = files[options.documents]
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/pdf")
    with Counter(connection) as upload_count:
        document = services.document_create(uploader=None, kind=Kind.BUSINESS_CERTIFICATE, upload=upload)
    with Counter(connection) as process_count:
        services.document_process(document_id=document.pk)
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    statements = upload_count.statements + process_count.statements
    transactions = upload_count.transactions + process_count.transactions

    result = {
        "median_overhead_ms": round(statistics.median(overhead_ms), 1),
        "noop_roundtrip_ms": round(statistics.median(noop_ms), 1),
        "documents": len(overhead_ms),
        "p90_overhead_ms": round(statistics.quantiles(overhead_ms, n=10)[-1], 1) if len(overhead_ms) > 1 else None,
        "median_total_ms": round(statistics.median(total_ms), 1),
        "median_engine_ms": round(statistics.median(engine_ms), 1),
        "statements_per_document": statements,
        "transactions_per_document": transactions,
        "database": connection.vendor,
        "broker": settings.CELERY_BROKER_URL.split("://")[0],
        "polling_interval": settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("polling_interval"),
    }
    print(f"no-op round trip: median {result['noop_roundtrip_ms']} ms over {len(noop_ms)}")
    print(f"upload -> result: median {result['median_total_ms']} ms, engine {result['median_engine_ms']} ms, "
          f"our overhead median {result['median_overhead_ms']} ms (p90 {result['p90_overhead_ms']} ms) "
          f"over {len(overhead_ms)} documents")
    print(f"per document: {statements} SQL statements ({upload_count.statements} upload + "
          f"{process_count.statements} processing) in {transactions} transactions")
    shutil.rmtree(env["VAR_DIR"], ignore_errors=True)  # the run's media and broker folders (and SQLite database)
    if options.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
