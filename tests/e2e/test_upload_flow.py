"""A member of staff logs in, uploads a certificate, and watches it become a result, in headless Chromium.

Everything is real: the live server, a Celery worker (in a thread), and the default `local` Tesseract engine
reading a generated sample certificate. The test never reloads the page: the page updates itself."""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.kinds import Kind, Status
from documents.models import Document
from documents.samples import generate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"
FINISHED = {Status.APPROVED.label, Status.NEEDS_REVIEW.label}  # routing decides which; both are a result


@pytest.fixture
def sample_certificate(tmp_path) -> tuple[Path, dict]:
    """One clean, full-resolution certificate image from the sample generator, with its truth."""
    (entry,) = generate(
        directory=tmp_path / "samples", certificates=1, cards=0, seed=20240607,
        low_res_share=0.0, flaw_share=0.0, redaction_share=0.0, conditions={"print": 1},
    )
    return tmp_path / "samples" / entry["file"], entry


def test_staff_upload_a_certificate_and_see_its_fields_and_boxes_appear_without_reloading(
    browser_page, live_server, celery_worker_thread, django_user_model, sample_certificate, tmp_path
):
    page = browser_page
    django_user_model.objects.create_user("clerk", password=PASSWORD)
    path, truth = sample_certificate

    page.goto("/upload/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/upload/"))
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Upload documents")).to_be_visible()
    # upload.js is deferred: the files chosen before it has run never reach its list (a CI run failed so, once)
    page.wait_for_load_state()

    page.get_by_label("Business registration certificate").check()
    page.locator("#id_files").set_input_files(str(path))
    expect(page.locator("#dropzone-files")).to_contain_text(path.name)
    started = time.monotonic()
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    page.evaluate("window.__sameDocument = true")  # gone if anything reloads the page
    document = Document.objects.get()
    assert page.url.endswith(f"/documents/{document.pk}/")
    assert document.kind == Kind.BUSINESS_CERTIFICATE and document.uploader.username == "clerk"
    badge = page.locator("[data-live-badge] .status")

    expect(badge).to_have_text(re.compile("|".join(str(label) for label in FINISHED)), timeout=60_000)
    print(f"upload click to result shown in the browser: {time.monotonic() - started:.1f} s")

    rows = page.locator("#fields tbody tr")
    expect(rows.first).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"
    document.refresh_from_db()
    stored = list(document.extraction.fields.all())
    assert rows.count() == len(stored) >= 5

    registration = page.locator("#fields tbody tr", has=page.locator("code", has_text="registration_number"))
    expect(registration.locator(".field-row__value")).to_have_text(truth["fields"]["registration_number"])

    boxes = page.locator("#overlay g.box polygon")
    assert boxes.count() == sum(1 for field in stored if field.box) >= 5
    image = page.locator("#document-image")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == truth["width"]
    image_area = image.bounding_box()
    first_box = boxes.first.bounding_box()
    assert first_box["width"] > 10 and first_box["height"] > 5
    assert image_area["x"] <= first_box["x"] and first_box["x"] + first_box["width"] <= image_area["x"] + image_area[
        "width"
    ] + 1

    # Pointing at a row lights up its box.
    position = registration.get_attribute("data-field")
    registration.hover()
    expect(page.locator(f"#overlay g.box[data-field='{position}']")).to_have_class(re.compile(r"\bis-active\b"))

    screenshots = Path(os.environ.get("E2E_SCREENSHOTS", tmp_path))
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "document-detail.png"), full_page=True)
