"""Routing read certificates with and without asking the tax office first, in the same run.

    .venv/bin/python bench/verify_before_routing.py              # 300 certificates, SQLite (var/bench-verify.sqlite3)
    .venv/bin/python bench/verify_before_routing.py -n 1000 --json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_bench .venv/bin/python bench/verify_before_routing.py

Creates N read certificates (no OCR: the fields as an engine stores them; a third with an unsure representative,
a tenth whose representative the office's records contradict), then routes them twice, each time on fresh copies:
* baseline: the simulated provider, which never verifies: `document_read` routes at once, as before issue 11;
* verified: the NTS stand-in over loopback HTTP: `document_read` queues them, one pass of
  `registry.verification.readings_verify_pending` asks the office (what the worker's task does) and routes them.
Prints wall time per certificate, database queries, calls to the office, and how many went straight through.
Sampling is off (REVIEW_SAMPLE_RATE=0) and the provider's rate limit too: it measures our side, not the quota.
"""

import argparse
import json
import math
import time

from support import QueryCounter, registration_number
from support import setup_django as _setup_django


def setup_django() -> None:
    _setup_django(sqlite_name="bench-verify.sqlite3")


def create(n: int, *, tag: str) -> list[int]:
    """N certificates as the pipeline leaves them (status processing, extraction and fields stored)."""
    from documents.kinds import Kind, Status
    from documents.models import Document, ExtractedField, Extraction

    documents = Document.objects.bulk_create(
        Document(kind=Kind.BUSINESS_CERTIFICATE, status=Status.PROCESSING, sha256=f"{tag}{i:060d}",
                 original_name=f"{tag}{i}.png", content_type="image/png", size=1000, width=1000, height=1400)
        for i in range(n)
    )
    documents = list(Document.objects.filter(original_name__startswith=tag).order_by("id"))
    extractions = Extraction.objects.bulk_create(
        Extraction(document=d, engine="bench", raw={}, resolution="normal", unit_type="pixel", file_type="png")
        for d in documents
    )
    fields = []
    for i, extraction in enumerate(extractions):
        values = {
            "tax_type": "일반과세자", "registration_number": registration_number(200_000_000 + i * 7),
            "company_name": f"주식회사 벤치{i}", "representative": "홍길동", "opening_date": "2015-03-02",
            "business_address": "서울특별시 중구 세종대로 110", "issue_date": "2020-01-05",
        }
        for position, (name, value) in enumerate(values.items()):
            confidence = 0.62 if name == "representative" and i % 3 == 0 else 0.97
            fields.append(ExtractedField(extraction=extraction, position=position, name=name, raw_key=name,
                                         raw_text=value, value=value, confidence=confidence, box=[]))
    ExtractedField.objects.bulk_create(fields)
    return [d.pk for d in documents]


def route(ids: list[int], *, verify: bool) -> None:
    from django.db import transaction

    from documents import events
    from documents.models import Document
    from registry import verification

    for document in Document.objects.filter(pk__in=ids).order_by("id"):
        with transaction.atomic():  # the pipeline's transaction; its on_commit task is what the pass below does
            events.document_read.send(sender=Document, document=document)
    if verify:
        verification.readings_verify_pending()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="read certificates per run")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    options = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction

    from documents.kinds import Status
    from documents.models import Document
    from registry import verification
    from registry.models import AuthenticityAnswer, PendingVerification
    from standins.nts_status import NtsStatusStandin

    call_command("migrate", verbosity=0)
    # This process plays the worker: nothing is queued for a real one (the pass below is what the queued task
    # runs), and what follows after commit (the check after approval, webhooks) is left out of both runs alike.
    transaction.on_commit = lambda func, using=None, robust=False: None
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}
    settings.REVIEW_SAMPLE_RATE = 0.0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Document.objects.all().delete()
    AuthenticityAnswer.objects.all().delete()
    PendingVerification.objects.all().delete()
    cache.delete(verification.HOLD_KEY)

    standin = NtsStatusStandin(service_key="bench").start()
    results = {}
    try:
        for run in ("baseline", "verified"):
            ids = create(options.n, tag=run[:4])
            if run == "verified":
                settings.STATUS_PROVIDER, settings.NTS_BASE_URL = "nts", standin.base_url
                settings.NTS_SERVICE_KEY = "bench"
                for i in range(len(ids)):  # the office's records; a tenth name another representative
                    number = registration_number(200_000_000 + i * 7)
                    standin.records[number] = ("20150302", "김다름" if i % 10 == 5 else "홍길동")
                    standin.statuses[number] = "01"
            else:
                settings.STATUS_PROVIDER = "simulated"
            counter = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                route(ids, verify=run == "verified")
            wall = time.perf_counter() - started
            approved = Document.objects.filter(pk__in=ids, status=Status.APPROVED).count()
            results[run] = {
                "n": options.n, "seconds": round(wall, 3), "ms_per_certificate": round(1000 * wall / options.n, 2),
                "queries_per_certificate": round(counter.count / options.n, 1),
                "straight_through": round(approved / options.n, 3),
                "validate_calls": standin.calls["validate"] if run == "verified" else 0,
                "status_calls": standin.calls["status"] if run == "verified" else 0,
            }
    finally:
        standin.stop()

    print(f"database: {connection.vendor}; {options.n} read certificates per run; a third with an unsure "
          "representative (0.62), a tenth contradicted by the office")
    for run, r in results.items():
        print(f"{run:9} {r['seconds']:7.2f} s  {r['ms_per_certificate']:6.2f} ms/certificate  "
              f"{r['queries_per_certificate']:5.1f} queries/certificate  straight through {r['straight_through']:.1%}"
              f"  office calls: validate {r['validate_calls']}, status {r['status_calls']}")
    contradicted = len(range(5, options.n, 10))
    print(f"validate calls: ceil(n/100) = {math.ceil(options.n / 100)} plus ceil({contradicted} contradicted / 100) "
          f"= {math.ceil(contradicted / 100)} (asked again without the company name, per pass of up to 500)")
    print(f"time with the office / without: {results['verified']['seconds'] / results['baseline']['seconds']:.2f}x")
    if options.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
