"""Clear a generated review queue in Chromium with the keyboard, then print the review metrics.

    .venv/bin/python bench/review_session.py [--seed 4] [--port 8765]

Generates 10 certificates and 10 cards (half of them flawed, 30% low resolution), uploads them through the
same service as the web form, lets the local engine read them (eager Celery), then a reviewer in headless
Chromium corrects what the engine got wrong and approves or rejects every queued item with the keyboard only.
Prints the straight-through rate, the review time and the per-field correction rate (issue 4, "Done when").
Everything lives in a temporary folder: its own SQLite database, media and broker; nothing of yours is touched.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=4)
parser.add_argument("--port", type=int, default=8765)
args = parser.parse_args()
ROOT = Path(tempfile.mkdtemp(prefix="review-session-"))
os.environ.update(
    DATABASE_URL=f"sqlite:///{ROOT / 'db.sqlite3'}",
    VAR_DIR=str(ROOT / "var"),
    MEDIA_ROOT=str(ROOT / "media"),
    CELERY_TASK_ALWAYS_EAGER="1",
    OCR_ENGINE="local",
    DJANGO_ALLOW_ASYNC_UNSAFE="true",
    OMP_THREAD_LIMIT="1",
)
os.environ.pop("CELERY_BROKER_URL", None)
REPO = Path(__file__).resolve().parent.parent
os.chdir(REPO)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(REPO))
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from documents import services as doc_services  # noqa: E402
from documents.kinds import Status  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.samples import generate  # noqa: E402
from documents.selectors import full_value  # noqa: E402
from reviews import selectors  # noqa: E402

call_command("migrate", verbosity=0)
for name in ("uploader", "reviewer", "admin"):
    Group.objects.get_or_create(name=name)
uploader, _ = User.objects.get_or_create(username="clerk")
uploader.groups.add(Group.objects.get(name="uploader"))
reviewer, _ = User.objects.get_or_create(username="rita")
reviewer.set_password("pw-rita-123")
reviewer.save()
reviewer.groups.add(Group.objects.get(name="reviewer"), Group.objects.get(name="admin"))

entries = generate(
    directory=ROOT / "samples",
    certificates=10,
    cards=10,
    seed=args.seed,
    flaw_share=0.5,
    low_res_share=0.3,
)
truth = {}
started = time.monotonic()
for entry in entries:
    content = (ROOT / "samples" / entry["file"]).read_bytes()
    ctype = {"png": "image/png", "jpeg": "image/jpeg", "pdf": "application/pdf"}[entry["format"]]
    document = doc_services.document_create(
        uploader=uploader, kind=entry["kind"], upload=SimpleUploadedFile(entry["file"], content, content_type=ctype)
    )
    truth[document.pk] = entry
print(f"read {len(entries)} documents in {time.monotonic() - started:.1f} s")
flawed = sum(1 for e in entries if e["flaws"])
statuses = {s: Document.objects.filter(status=s).count() for s in Status.values}
print("flawed (truth):", flawed, "statuses:", {k: v for k, v in statuses.items() if v})

server = subprocess.Popen(
    [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload", "--insecure"],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
time.sleep(4)
from playwright.sync_api import sync_playwright  # noqa: E402

decisions = []
try:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page(
            base_url=f"http://127.0.0.1:{args.port}", locale="en-US", viewport={"width": 1440, "height": 1000}
        )
        page.goto("/reviews/")
        page.get_by_label("Username").fill("rita")
        page.get_by_label("Password").fill("pw-rita-123")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/reviews/")
        review_started = time.monotonic()
        with page.expect_navigation():
            page.keyboard.press("n")
        while True:
            page.wait_for_load_state()
            if not page.locator("#review-form").count():
                break
            doc_id = int(page.locator("#review-title").get_attribute("data-document"))
            entry = truth[doc_id]
            document = Document.objects.get(pk=doc_id)
            read = {f.name: f for f in document.extraction.fields.all() if f.index == 0}  # the main category
            changed = []
            for name, true_value in entry["fields"].items():
                field = read.get(name)
                selector = f"#id_field_{field.pk}" if field else f"#id_new_{name}"
                if field and full_value(field) == true_value:
                    continue
                if page.locator(selector).count():
                    page.locator(selector).fill(true_value)
                    changed.append(name)
            url = page.url
            if "bad_check_digit" in entry["flaws"]:
                page.keyboard.press("Escape")
                page.keyboard.press("r")
                page.locator("#id_reject_reason").select_option("invalid")
                page.keyboard.press("Enter")
                action = "reject"
            else:
                page.keyboard.press("Escape")
                page.keyboard.press("a")
                action = "approve"
            try:
                page.wait_for_url(lambda u, url=url: u != url, timeout=5000)
            except Exception:
                errors = page.locator(".review-field__error").all_inner_texts()
                print("  blocked on", doc_id, [e for e in errors if e])
                page.keyboard.press("Escape")
                page.keyboard.press("r")
                page.locator("#id_reject_reason").select_option("illegible")
                page.keyboard.press("Enter")
                page.wait_for_url(lambda u, url=url: u != url, timeout=5000)
                action = "reject (blocked)"
            decisions.append((doc_id, entry["kind"], action, changed))
        review_seconds = time.monotonic() - review_started
        page.goto("/reviews/metrics/")
        page.screenshot(path=str(ROOT / "metrics.png"), full_page=True)
        browser.close()
finally:
    server.terminate()
    server.wait()

for d in decisions:
    print("  ", d)
print(f"reviewed {len(decisions)} in {review_seconds:.1f} s with the keyboard")
m = selectors.metrics()
print(
    "straight-through:",
    m["auto_approved"],
    "/",
    m["auto_approved"] + m["routed_to_review"],
    "=",
    f"{m['straight_through']:.0%}" if m["straight_through"] is not None else "-",
)
print("per-field correction rate (approved after review):")
for row in m["per_field"]:
    print(f"   {row['name']:22s} {row['corrected']:2d}/{row['seen']:2d} = {row['rate']:.0%}")
print("reasons:", [(c, n) for c, _, n in selectors.queue_summary().by_reason])
from collections import Counter  # noqa: E402

from reviews.models import ReviewReason  # noqa: E402

print("all reasons:", Counter(r.code for r in ReviewReason.objects.all()).most_common())
final = {s: Document.objects.filter(status=s).count() for s in Status.values}
print("final:", {s: n for s, n in final.items() if n})
