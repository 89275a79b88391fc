"""A reviewer fixes a certificate's business categories (업태/종목 rows) in headless Chromium, from the keyboard:
`+` adds a row, Remove strikes a read row out (the main mark moves to the next row) or drops a row just added,
a repeated row is refused before anything is sent, and `a` approves."""

import random
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from documents.kinds import Status
from documents.selectors import document_business_categories
from reviews import services
from tests.factories import certificate_values, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


@pytest.fixture
def certificate(settings):
    document = read_document(
        values=certificate_values(seed=5), confidence={"company_name": 0.41},
        categories=[("정보통신업", "응용 소프트웨어 개발"), ("도매 및 소매업", "전자상거래")],
    )
    services.document_route(document=document, rng=random.Random(0))
    return document


def test_a_reviewer_adds_and_removes_category_rows_and_approves(browser_page, django_user_model, certificate):
    page = browser_page
    reviewer = django_user_model.objects.create_user("rita", password=PASSWORD)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    page.goto("/reviews/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#next").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{certificate.review_task.pk}/$"))
    page.wait_for_load_state("domcontentloaded")  # the screen's keys are bound by a deferred script

    rows = page.locator("#category-rows [data-category]")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("[data-main-mark]")).to_be_visible()
    expect(rows.nth(1).locator("[data-main-mark]")).to_be_hidden()

    # `+` adds a row and puts the cursor in it; a row that repeats another is refused before sending.
    page.keyboard.press("Escape")  # out of the flagged field the cursor starts in
    page.keyboard.press("+")
    expect(rows).to_have_count(3)
    added_type = rows.nth(2).locator("input").nth(0)
    expect(added_type).to_be_focused()
    page.keyboard.type("정보 통신업")
    page.keyboard.press("Tab")
    page.keyboard.type("응용 소프트웨어 개발")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(rows.nth(2).locator("[data-error-for]")).to_contain_text("repeats an earlier one")
    expect(page).to_have_url(re.compile(rf"/reviews/{certificate.review_task.pk}/$"))

    added_type.fill("부동산업")
    rows.nth(2).locator("input").nth(1).fill("비주거용 건물 임대업")
    expect(rows.nth(2).locator("[data-error-for]")).to_have_text("")

    # A row added by mistake goes away entirely; focus returns to "Add a row".
    page.keyboard.press("Escape")
    page.keyboard.press("+")
    expect(rows).to_have_count(4)
    rows.nth(3).get_by_role("button", name="Remove").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(3)
    expect(page.locator("#add-category")).to_be_focused()

    # Removing the main row strikes it out (it can be restored) and makes the next row the main one.
    rows.nth(0).get_by_role("button", name="Remove").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(0).locator("[data-removed-mark]")).to_be_visible()
    expect(rows.nth(0).get_by_role("button", name="Restore")).to_be_focused()
    expect(rows.nth(0).locator("[data-main-mark]")).to_be_hidden()
    expect(rows.nth(1).locator("[data-main-mark]")).to_be_visible()

    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(r"/reviews/$"))
    certificate.refresh_from_db()
    assert certificate.status == Status.APPROVED
    assert [(c.type, c.item, c.main) for c in document_business_categories(document=certificate)] == [
        ("도매 및 소매업", "전자상거래", True), ("부동산업", "비주거용 건물 임대업", False),
    ]
    struck = certificate.extraction.fields.get(name="business_type", index=0)
    assert (struck.value, struck.corrected_value) == ("정보통신업", "")  # the machine's reading is kept
