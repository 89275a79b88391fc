"""At phone width (390 × 844) every page fits the screen, the header folds behind its menu button with Log out in
reach, and the upload page puts the camera first: several shots in a row go in one upload. Headless Chromium.

Set PHONE_SCREENSHOTS=/some/dir to keep a screenshot of each page (for looking at, not committed)."""

import os
import random
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from documents.models import Document
from documents.roles import ROLE_GROUPS
from registry.models import Business
from reviews import services
from tests.factories import certificate_values, make_businesses, png_bytes, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"
PHONE = {"width": 390, "height": 844}


def _log_in(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile("/login/"))


def _shot(page, name):
    folder = os.environ.get("PHONE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def admin_with_data(django_user_model, settings):
    user = django_user_model.objects.create_user(
        "administrator.with.a.long.name", password=PASSWORD, is_staff=True, first_name="김관리자", last_name="Kim")
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS))
    documents = []
    for seed in range(3):
        document = read_document(values=certificate_values(
            seed=seed, company_name="주식회사 아주아주긴회사이름을가진한빛소프트웨어개발연구소",
            business_address="서울특별시 중구 세종대로 110 한국프레스센터빌딩 12층 1201호 (태평로1가)"),
            confidence={"company_name": 0.41})
        document.original_name = "스캔_사업자등록증_2026-11-29_최종본_수정본_진짜최종.png"
        document.save(update_fields=["original_name"])
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    make_businesses(3)
    return user, documents


def test_every_page_fits_a_phone_and_the_header_menu_opens_to_log_out(browser_page, admin_with_data):
    page = browser_page
    user, documents = admin_with_data
    _log_in(page, user.username)
    # A laptop keeps the header unfolded, and the upload page its drop zone without a camera button.
    expect(page.locator("#menu-toggle")).to_be_hidden()
    expect(page.locator("#log-out")).to_be_visible()
    page.goto("/upload/")
    expect(page.locator("#take-photo")).to_be_hidden()
    expect(page.locator("#dropzone")).to_be_visible()

    page.set_viewport_size(PHONE)
    task = documents[0].review_task
    services.task_claim(task=task, user=user)  # the review screen as its reviewer sees it, with its buttons
    business = Business.objects.order_by("pk").first()
    pages = {
        "list": "/",
        "upload": "/upload/",
        "document": f"/documents/{documents[0].pk}/",
        "review-queue": "/reviews/",
        "review-screen": f"/reviews/{task.pk}/",
        "registry": "/businesses/",
        "business": f"/businesses/{business.number}/",
        "metrics": "/reviews/metrics/",
        "not-found": "/no/such/page/",
    }
    for language in ("en", "ko"):  # Korean wraps between words only (word-break: keep-all): check it too
        if language == "ko":
            page.locator('#language-switch button[value="ko"]').click()
            expect(page.locator("html")).to_have_attribute("lang", "ko")
        for name, address in pages.items():
            page.goto(address)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name} ({address}, {language}) is {width} px wide at {PHONE['width']} px"
            cut = page.evaluate("""() => [...document.querySelectorAll('main td, main dd')]
                .filter(cell => cell.scrollWidth > cell.clientWidth + 1).map(cell => cell.textContent.trim())""")
            assert not cut, f"{name} ({language}) cuts {cut}"  # a long value wraps inside its cell
            _shot(page, f"{name}-{language}")
    page.locator('#language-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The header is folded: one row, the menu button in it, the links and Log out behind it.
    page.goto("/")
    toggle = page.locator("#menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#log-out")).to_be_hidden()
    assert page.locator("#topbar").bounding_box()["height"] <= 72
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#log-out")).to_be_visible()
    expect(page.locator("#nav-metrics")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "menu-open")
    toggle.click()
    expect(page.locator("#log-out")).to_be_hidden()

    toggle.click()
    page.locator("#log-out").click()
    expect(page).to_have_url(re.compile("/login/|/logout/"))


def test_on_a_phone_several_photos_in_a_row_go_in_one_upload(browser_page, admin_with_data, tmp_path):
    page = browser_page
    page.set_viewport_size(PHONE)
    user, _documents = admin_with_data
    _log_in(page, user.username)
    before = Document.objects.count()

    page.goto("/upload/")
    camera = page.locator("#camera-input")
    expect(page.locator("#take-photo")).to_be_visible()
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    assert page.locator("#dropzone input[type=file]").get_attribute("accept") == "image/*,application/pdf"

    shots = []
    for i in range(3):  # a phone names every shot image.jpg; here three PNG shots with one name
        folder = tmp_path / f"shot{i}"
        folder.mkdir()
        path = folder / "image.png"
        path.write_bytes(png_bytes(420 + i, 300))
        shots.append(path)
    for path in shots:
        camera.set_input_files(str(path))
    files = page.locator("#dropzone-files li")
    expect(files).to_have_count(3)
    expect(files.nth(0)).to_contain_text("photo-1.png")
    expect(files.nth(2)).to_contain_text("photo-3.png")
    _shot(page, "upload-three-photos")

    files.nth(1).get_by_role("button").click()  # a blurred shot is taken out again
    expect(files).to_have_count(2)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/upload/$"))
    new = Document.objects.order_by("pk")[before:]
    assert sorted(d.original_name for d in new) == ["photo-1.png", "photo-3.png"]
