"""In headless Chromium: a clerk uploads the same file twice and is told so, sees the mark in the list, and later
sees the unread count in the header when a reviewer decides one of their documents (on a phone, on the folded
menu's button)."""

import random
import re

import pytest
from playwright.sync_api import expect

from documents.models import Document
from reviews import services as review_services
from reviews.models import ReviewTask
from tests.documents.test_views import png_bytes
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def test_a_clerk_sees_the_duplicate_marker_and_then_the_unread_count(
    browser_page, live_server, django_user_model, tmp_path, settings
):
    page = browser_page
    clerk = django_user_model.objects.create_user("clerk", password=PASSWORD, email="clerk@example.com")
    scan = tmp_path / "certificate.png"
    scan.write_bytes(png_bytes())

    page.goto("/upload/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for _time in range(2):
        page.goto("/upload/")
        page.get_by_label("Business registration certificate").check()
        page.locator("#id_files").set_input_files(str(scan))
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    first, second = Document.objects.order_by("id")

    told = f"#{second.pk} (certificate.png) is the same file as #{first.pk}."
    expect(page.locator(".messages")).to_contain_text(told)
    expect(page.locator(".duplicate-marker")).to_have_text(f"same file as #{first.pk}")
    page.get_by_role("link", name="Documents", exact=True).click()
    expect(page.locator(f'tr[data-document-id="{second.pk}"] .duplicate-marker')).to_be_visible()
    expect(page.locator(f'tr[data-document-id="{first.pk}"] .duplicate-marker')).to_have_count(0)
    expect(page.locator("#unread-count")).to_have_count(0)

    decided = read_document(values=certificate_values(seed=4), confidence={"company_name": 0.5}, uploader=clerk)
    review_services.document_route(document=decided, rng=random.Random(0))
    review_services.task_approve(task=ReviewTask.objects.get(document=decided), user=UserFactory(roles=["reviewer"]))

    page.reload()
    expect(page.locator("#unread-count")).to_have_text("1")
    expect(page.locator("#menu-unread-count")).to_be_hidden()  # a laptop's header is not folded
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#unread-count")).to_be_hidden()
    expect(page.locator("#menu-unread-count")).to_be_visible()
    expect(page.locator("#menu-unread-count")).to_have_text("1")
    page.locator("#menu-toggle").click()
    page.locator("#nav-notifications").click()
    expect(page.locator(f'[data-notification] a[href="/documents/{decided.pk}/"]')).to_be_visible()
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#unread-count")).to_have_count(0)
    expect(page.locator("#menu-unread-count")).to_have_count(0)
