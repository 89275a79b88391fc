"""The staff list at volume: one page of N documents plain, searched and sorted, and the whole list exported.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_bench .venv/bin/python bench/list_search.py -n 100000
    .venv/bin/python bench/list_search.py -n 20000 --json          # SQLite (var/bench-list.sqlite3)

Creates N documents (half certificates with a company name and a registration number, half cards with a masked
number), each with its reading, in bulk, unless that many are already there. Then times what the list view asks
the database for one page (the page's rows with their annotated columns, and the count), median of 3 runs, for
the plain newest-first page (the baseline) and for each search and sort; and the CSV export of all N documents,
with how much the process's peak memory grew (getrusage: no tracing to slow it). Without DATABASE_URL it uses its
own SQLite file, never the product's.
"""

import argparse
import json
import resource
import statistics
import time

from support import setup_django as _setup_django

PAGE = 25


def setup_django() -> None:
    _setup_django(sqlite_name="bench-list.sqlite3")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n: int) -> None:
    from django.db import transaction

    from documents.kinds import Kind, Status
    from documents.models import Document, ExtractedField, Extraction

    have = Document.objects.count()
    if have >= n:
        return
    print(f"creating {n - have} documents...", flush=True)
    batch = 2000
    for start in range(have, n, batch):
        with transaction.atomic():
            documents = Document.objects.bulk_create([
                Document(kind=Kind.BUSINESS_CERTIFICATE if i % 2 else Kind.CREDIT_CARD, status=Status.APPROVED,
                         sha256=f"{i:064x}", original_name=f"scan-{i:06d}.png", content_type="image/png", size=1000)
                for i in range(start, min(n, start + batch))
            ])
            extractions = Extraction.objects.bulk_create([
                Extraction(document=d, engine="bench", raw={}, resolution="normal", unit_type="pixel", file_type="png")
                for d in documents
            ])
            fields = []
            for d, e in zip(documents, extractions, strict=True):
                i = int(d.sha256, 16)
                if d.kind == Kind.BUSINESS_CERTIFICATE:
                    fields += [
                        ExtractedField(extraction=e, position=0, name="registration_number", raw_key="", raw_text="",
                                       value=f"{1000000000 + i * 7919 % 9000000000:010d}", confidence=0.99),
                        ExtractedField(extraction=e, position=1, name="company_name", raw_key="", raw_text="",
                                       value=f"주식회사 상사{i:06d}", confidence=0.99),
                    ]
                else:
                    fields.append(ExtractedField(extraction=e, position=0, name="card_number", raw_key="", raw_text="",
                                                 value=f"541234******{i % 10000:04d}", confidence=0.99))
            ExtractedField.objects.bulk_create(fields)


def median_seconds(run, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="documents")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    options = parser.parse_args()
    setup_django()
    populate(options.n)

    from django.contrib.auth import get_user_model
    from django.db import connection

    from documents import export, selectors
    from documents.search import DocumentQuery

    staff, _created = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    total = selectors.document_list(user=staff).count()

    def page(**query):
        def run():
            documents = selectors.document_list(user=staff, query=DocumentQuery(**query))
            list(documents[:PAGE])
            documents.count()
        return run

    cases = {
        "plain page (baseline)": {},
        "search company name part": {"q": "상사0123"},
        "search registration number": {"q": "100-00-07919"},
        "search 4 digits of a number": {"q": "7919"},
        "search file name part": {"q": "scan-0042"},
        "search #id": {"q": "#4242"},
        "sort by company name": {"sort": "company"},
        "sort by registration number desc": {"sort": "-number"},
        "sort by file name": {"sort": "name"},
    }
    results = {}
    print(f"{connection.vendor}, {total} documents; one page of {PAGE} with its count, median of 3")
    for label, query in cases.items():
        seconds = median_seconds(page(**query))
        results[label] = round(seconds * 1000, 1)
        print(f"  {label:36s} {seconds * 1000:8.1f} ms")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB (Linux reports kB)
    started = time.perf_counter()
    documents = selectors.document_list(user=staff).iterator(chunk_size=export.CHUNK)
    size = sum(len(line.encode()) for line in export.csv_lines(documents))
    export_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_before
    print(f"  CSV export of all {total}: {export_seconds:.1f} s, {size / 1e6:.1f} MB written, "
          f"peak memory grew by {peak:.1f} MB")
    if options.json:
        print(json.dumps({"database": connection.vendor, "documents": total, "page_ms": results,
                          "csv_export_s": round(export_seconds, 2), "csv_bytes": size,
                          "csv_peak_memory_growth_mb": round(peak, 1)}))


if __name__ == "__main__":
    main()
