"""The pages and the partner API at the size of a real installation: p95 and queries per endpoint.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_scale .venv/bin/python bench/scale.py --documents 100000
    .venv/bin/python bench/scale.py --documents 100000 --json        # the same, ending with one line of JSON
    .venv/bin/python bench/scale.py --documents 100000 --reseed      # throw the data away and seed it again

Seeds PostgreSQL (default `intake_scale` on 127.0.0.1, created when missing; never the product's database) with
N documents as a working installation holds them: 80% certificates with their 8 fields, 20% cards with 2; two
partners and staff uploading; 20% waiting for review, reviewed and automatic approvals, rejections and failures;
one business per certificate's registration number (5% of numbers on two certificates), a check each, and the
audit trail. Seeding uses COPY and takes a few minutes for 100,000; a database that already holds N documents
seeded by this script is reused as it is (after migrating).

Then, in this process, through the WSGI application as gunicorn calls it (`support.WsgiCaller`: no network, no
server), every endpoint is requested a few times to
warm up and then `--repeat` times; it prints the 95th percentile of the wall time of each request and the number
of queries one request makes. The baseline is a trivial page (the login form) measured in the same run.
Names starting with `api` are the partner API (with a partner's key); the others are staff pages (superuser).
`cpu_ms` is the median CPU time of this process per request (PostgreSQL's own time not included): on a machine
shared with other work, wall times stretch with the load, and this figure shows what is ours.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import time

import support
from support import QueryCounter, WsgiCaller, registration_number

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/intake_scale"
MARKER = "bench-scale"  # the partners' and users' name prefix: a database this script seeded
BATCH = 20_000


def setup_django(url: str) -> None:
    """Django on `url` (created when missing), as a production web process runs."""
    os.environ["DATABASE_URL"] = url
    os.environ["PARTNER_API_RATE"] = "100000000/min"  # the limit is not what is measured
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("DEBUG", None)  # DEBUG keeps every query in memory and renders differently
    support.setup_django(sqlite_name="scale.sqlite3")  # PostgreSQL here: the name is not used


# --- Seeding ---------------------------------------------------------------------------------------------------


class Copier:
    """COPY rows into one table, in batches (`flush`)."""

    def __init__(self, cursor, model_or_table, columns: list[str]):
        self.cursor = cursor
        self.table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        self.columns = columns
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, *row) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        with self.cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []


def app_tables() -> list[str]:
    from django.apps import apps
    from django.contrib.auth.models import User

    tables = [User._meta.db_table]
    for label in ("documents", "reviews", "registry", "partners"):
        for model in apps.get_app_config(label).get_models():
            tables.append(model._meta.db_table)
            tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    return sorted(set(tables))


def seed(n: int, *, say) -> None:
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from documents.audit import Action
    from documents.kinds import Kind, Status
    from documents.models import AuditEvent, Document, ExtractedField, Extraction
    from partners.models import Partner
    from registry.models import Business, BusinessCheck
    from reviews.models import ReviewReason, ReviewTask
    from reviews.routing import Code

    rng = random.Random(14)
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=365)
    step = dt.timedelta(days=365) / n
    with connection.cursor() as c:
        c.execute(f"TRUNCATE {', '.join(app_tables())} RESTART IDENTITY CASCADE")
    with transaction.atomic():
        User.objects.create_superuser(f"{MARKER}-admin", f"{MARKER}@example.com", "unused-password")
        staff = [User.objects.create_user(f"{MARKER}-staff{i}", is_staff=False) for i in range(5)]
        reviewers = [User.objects.create_user(f"{MARKER}-reviewer{i}") for i in range(3)]
        partners = [Partner.objects.create(name=f"{MARKER} partner {letter}") for letter in "AB"]

    with connection.cursor() as wrapper:
        c = wrapper.cursor  # psycopg's own cursor: COPY
        documents = Copier(c, Document, [
            "id", "kind", "status", "file", "sha256", "original_name", "content_type", "size", "width", "height",
            "page_count", "uploader_id", "partner_id", "error_code", "error_message", "attempts",
            "processing_started_at", "created_at", "updated_at", "processed_at"])
        extractions = Copier(c, Extraction, [
            "id", "document_id", "engine", "raw", "resolution", "unit_type", "file_type", "seconds", "created_at"])
        fields = Copier(c, ExtractedField, [
            "extraction_id", "position", "name", "index", "raw_key", "raw_text", "value", "value_encrypted",
            "confidence", "box", "corrected_value", "corrected_by_id", "corrected_at", "verified_by", "verified_at",
            "unverified"])
        tasks = Copier(c, ReviewTask, [
            "id", "document_id", "sampled", "created_at", "claimed_by_id", "claimed_at", "outcome", "resolved_by_id",
            "resolved_at", "reject_reason", "reject_note"])
        reasons = Copier(c, ReviewReason, ["task_id", "code", "field_name", "detail"])
        audit = Copier(c, AuditEvent, [
            "document_id", "actor_id", "action", "field_name", "before", "after", "note", "created_at"])
        businesses = Copier(c, Business, [
            "id", "number", "name", "representative", "opening_date", "state", "tax_type", "provider", "checked_at",
            "next_check_at", "lease_token", "failures", "last_error", "created_at", "updated_at"])
        links = Copier(c, Business.documents.through, ["business_id", "document_id"])
        checks = Copier(c, BusinessCheck, [
            "business_id", "checked_at", "provider", "succeeded", "code", "message", "state", "tax_type",
            "previous_state", "raw"])

        numbers: dict[str, int] = {}  # registration number -> business id
        hashes: list[str] = []
        box = json.dumps([[10, 10], [200, 10], [200, 40], [10, 40]])
        task_id = 0
        for i in range(1, n + 1):
            created = start + step * i + dt.timedelta(seconds=rng.random())
            kind = Kind.CREDIT_CARD if i % 5 == 0 else Kind.BUSINESS_CERTIFICATE
            owner = i % 10
            partner_id = partners[0].pk if owner < 4 else partners[1].pk if owner < 8 else None
            uploader_id = None if partner_id else rng.choice(staff).pk
            roll = rng.random()
            if roll < 0.20:
                status, resolved = Status.NEEDS_REVIEW, None
            elif roll < 0.30:
                status, resolved = Status.APPROVED, "approved"
            elif roll < 0.33:
                status, resolved = Status.REJECTED, "rejected"
            elif roll < 0.35:
                status, resolved = Status.FAILED, None
            else:
                status, resolved = Status.APPROVED, None  # straight through
            if hashes and rng.random() < 0.02:
                sha = rng.choice(hashes[-1000:])
            else:
                sha = hashlib.sha256(f"{MARKER}{i}".encode()).hexdigest()
                hashes.append(sha)
            processed = created + dt.timedelta(seconds=3)
            failed = status == Status.FAILED
            documents.add(
                i, kind, status, "", sha, f"scan-{i}.png", "image/png", 200_000 + i % 5000, 1240, 1754, 1,
                uploader_id, partner_id, "unreadable" if failed else "",
                "The file could not be read." if failed else "",
                1, created + dt.timedelta(seconds=1), created, processed, processed)
            audit.add(i, None, Action.STATUS_CHANGED, "", '"received"', '"processing"', "", created)
            if failed:
                audit.add(i, None, Action.STATUS_CHANGED, "", '"processing"', '"failed"', "unreadable", processed)
                continue
            extractions.add(i, i, "local", "{}", "normal", "pixel", "png", 1.3, processed)
            reviewed = status == Status.NEEDS_REVIEW or resolved is not None
            resolved_at = processed + dt.timedelta(hours=rng.randint(1, 48)) if resolved else None
            reviewer = rng.choice(reviewers).pk if resolved else None
            if kind == Kind.CREDIT_CARD:
                values = [("card_number", "카드번호", "123456******1234"), ("valid_thru", "유효기간", "12/29")]
                number = ""
            else:
                if numbers and rng.random() < 0.05:
                    number = rng.choice(list(numbers)[-5000:])  # a second certificate of a business on file
                else:
                    number = registration_number(100_000_000 + i)
                company = f"주식회사 벤치{i % 40_000}"
                values = [
                    ("tax_type", "과세유형", "general"), ("registration_number", "등록번호", number),
                    ("company_name", "상호", company), ("representative", "대표자", f"대표{i % 997}"),
                    ("opening_date", "개업연월일", "2019-03-01"),
                    ("business_address", "사업장소재지", f"서울특별시 중구 세종대로 {i % 300}"),
                    ("business_type", "업태", "도매 및 소매업"), ("business_item", "종목", "전자상거래"),
                ]
            corrected_position = rng.randrange(len(values)) if resolved == "approved" and rng.random() < 0.3 else -1
            for position, (name, raw_key, value) in enumerate(values):
                confidence = round(rng.uniform(0.55, 0.99) if reviewed else rng.uniform(0.9, 0.99), 4)
                corrected = position == corrected_position
                fields.add(
                    i, position, name, 0, raw_key, value, value, "", confidence, box,
                    value if corrected else "", reviewer if corrected else None, resolved_at if corrected else None,
                    "", None, False)
            if reviewed:
                task_id += 1
                sampled = rng.random() < 0.1
                tasks.add(task_id, i, sampled, processed, None, None, resolved or "", reviewer, resolved_at,
                          "unreadable" if resolved == "rejected" else "", "")
                code = Code.SAMPLED if sampled else rng.choice(
                    [Code.LOW_CONFIDENCE, Code.LOW_CONFIDENCE, Code.MISSING_FIELD, Code.BAD_CHECK_DIGIT,
                     Code.REGISTRATION_CONFLICT])
                reasons.add(task_id, code, "company_name" if code == Code.LOW_CONFIDENCE else "", "{}")
                if rng.random() < 0.3:
                    reasons.add(task_id, Code.LOW_RESOLUTION, "", "{}")
                audit.add(i, None, Action.ROUTED_TO_REVIEW, "", '"processing"', '"needs_review"', "", processed)
                if resolved:
                    audit.add(i, reviewer, Action.CLAIMED, "", None, None, "", resolved_at - dt.timedelta(minutes=2))
                    if corrected_position >= 0:
                        audit.add(i, reviewer, Action.FIELD_CORRECTED, values[corrected_position][0], '"x"', '"y"', "",
                                  resolved_at - dt.timedelta(minutes=1))
                    action = Action.APPROVED if resolved == "approved" else Action.REJECTED
                    audit.add(i, reviewer, action, "", '"needs_review"', json.dumps(status), "", resolved_at)
            else:
                audit.add(i, None, Action.AUTO_APPROVED, "", '"processing"', '"approved"', "", processed)
            if number and status != Status.REJECTED:
                business_id = numbers.get(number)
                if business_id is None:
                    business_id = numbers[number] = len(numbers) + 1
                    state = rng.choices(["active", "suspended", "closed"], weights=(96, 2, 2))[0]
                    updated = start + dt.timedelta(seconds=rng.uniform(0, 365 * 86400))
                    businesses.add(
                        business_id, number, company, f"대표{i % 997}", "2019-03-01", state, "general", "simulated",
                        updated, updated + dt.timedelta(days=30), "", 0, "", created, updated)
                    checks.add(business_id, updated, "simulated", True, "01", "", state, "general", "active", "{}")
                links.add(business_id, i)
            if i % BATCH == 0 or i == n:  # in the order of their foreign keys
                for copier in (documents, extractions, fields, tasks, reasons, audit, businesses, links, checks):
                    copier.flush()
                say(f"  {i:,} documents")
        for table in app_tables():
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                f" WHERE pg_get_serial_sequence('{table}', 'id') IS NOT NULL AND EXISTS (SELECT 1 FROM {table})")
        say(f"  seeded: {documents.count:,} documents, {fields.count:,} fields, {tasks.count:,} review tasks, "
            f"{audit.count:,} audit events, {businesses.count:,} businesses")
    User.objects.create_user(SEEDED)  # last: a seed that failed half-way is never reused


SEEDED = f"{MARKER}-seeded"  # the user written when a seed completed


def seeded_documents() -> int:
    from django.contrib.auth.models import User

    from documents.models import Document

    if not User.objects.filter(username=SEEDED).exists():  # not ours, or a seed that stopped half-way
        return -1
    return Document.objects.count()


# --- Measuring -------------------------------------------------------------------------------------------------


def endpoints() -> dict[str, tuple[str, str]]:
    """name -> (who, URL); who is `partner` (API key) or `staff` (a superuser's session) or `anonymous`."""
    from django.db.models import Max

    from documents.kinds import Status
    from documents.models import Document, ExtractedField
    from partners.models import Partner
    from registry.models import Business

    partner = Partner.objects.get(name=f"{MARKER} partner A")
    mine = Document.objects.filter(partner=partner, status=Status.APPROVED, kind="business_certificate")
    document_id = mine.aggregate(last=Max("id"))["last"]
    number = ExtractedField.objects.get(extraction__document_id=document_id, name="registration_number").value
    businesses = Business.objects.count()
    deep_business_page = max(1, min(1500, businesses // 50))
    deep_document_page = max(1, min(2000, Document.objects.count() // 25))
    return {
        "baseline": ("anonymous", "/login/"),
        "api_list": ("partner", "/api/v1/documents/"),
        "api_list_100": ("partner", "/api/v1/documents/?page_size=100"),
        "api_business_number": ("partner", f"/api/v1/documents/?business_number={number}"),
        "api_detail": ("partner", f"/api/v1/documents/{document_id}/"),
        "api_business": ("partner", f"/api/v1/businesses/{number}/"),
        "api_schema": ("partner", "/api/schema/"),
        "staff_list": ("staff", "/"),
        "staff_list_filtered": ("staff", "/?status=needs_review"),
        "staff_list_deep": ("staff", f"/?page={deep_document_page}"),
        "staff_detail": ("staff", f"/documents/{document_id}/"),
        "review_queue": ("staff", "/reviews/"),
        "review_queue_status": ("staff", "/reviews/status.json"),
        "review_metrics": ("staff", "/reviews/metrics/"),
        "businesses": ("staff", "/businesses/"),
        "businesses_deep": ("staff", f"/businesses/?page={deep_business_page}"),
    }


def measure(*, repeat: int, warmup: int, only: set[str], say) -> dict[str, dict]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.urls import reverse

    import config.wsgi  # noqa: F401  the web process's start-up as gunicorn runs it (it freezes what start-up built)
    from partners.models import Partner
    from partners.services import api_key_create

    partner = Partner.objects.get(name=f"{MARKER} partner A")
    _key, raw_key = api_key_create(partner=partner, name="bench")
    clients = {
        "anonymous": WsgiCaller(), "partner": WsgiCaller(HTTP_AUTHORIZATION=f"Api-Key {raw_key}"),
        "staff": WsgiCaller.signed_in(User.objects.get(username=f"{MARKER}-admin")),
    }
    assert reverse("reviews:queue") == "/reviews/"
    results = {}
    for name, (who, url) in endpoints().items():
        if only and name not in only and name != "baseline":
            continue
        client = clients[who]
        for _ in range(warmup):
            status = client.get(url)
            if status != 200:
                raise SystemExit(f"{name}: {url} answered {status}")
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            client.get(url)
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        median_cpu = statistics.median(cpu)
        results[name] = {"p95_ms": round(p95, 1), "median_ms": round(statistics.median(times), 1),
                         "cpu_ms": round(median_cpu, 1), "queries": counter.count, "url": url}
        say(f"{name:22} p95 {p95:8.1f} ms   median {statistics.median(times):8.1f} ms   "
            f"our CPU {median_cpu:7.1f} ms   {counter.count:3d} queries   {url}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true", help="seed again even when the database holds N documents")
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated endpoint names (the baseline always runs)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    options = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/scale.py measures PostgreSQL: set DATABASE_URL=postgres://... (or leave it unset)")

    def say(text: str) -> None:
        print(text, flush=True)

    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    held = seeded_documents()
    if options.reseed or held != options.documents:
        say(f"seeding {options.documents:,} documents into {connection.settings_dict['NAME']} "
            f"(held {'nothing of ours' if held < 0 else f'{held:,}'})")
        started = time.perf_counter()
        seed(options.documents, say=say)
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
        say(f"  seeding took {time.perf_counter() - started:.0f} s")
    else:
        say(f"reusing {held:,} documents in {connection.settings_dict['NAME']} (--reseed to seed again)")
    only = {name.strip() for name in options.only.split(",") if name.strip()}
    results = measure(repeat=options.repeat, warmup=options.warmup, only=only, say=say)
    baseline = results.pop("baseline")
    if options.json:
        print(json.dumps({
            "documents": options.documents,
            "baseline_p95_ms": baseline["p95_ms"],
            "baseline_cpu_ms": baseline["cpu_ms"],
            "endpoints": {name: {"p95_ms": r["p95_ms"], "queries": r["queries"], "cpu_ms": r["cpu_ms"]}
                          for name, r in results.items()},
        }))


if __name__ == "__main__":
    main()
