"""A member of staff searches the list, selects documents and retries them in one go, in headless Chromium; then
the same list on a 390 px phone shows each document as a card, nothing wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document
from tests.factories import card_values, certificate_values, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"
LONG_NAME = "사업자등록증_주식회사다산무역_2026년3월_스캔본_최종_수정본_v12.pdf"


def stored(uploader, *, values, kind=Kind.BUSINESS_CERTIFICATE, status=Status.FAILED, name="scan.png") -> Document:
    document = read_document(kind=kind, values=values, uploader=uploader)
    Document.objects.filter(pk=document.pk).update(status=status, original_name=name)
    return document


def test_search_select_retry_and_the_phone_layout(browser_page, django_user_model):
    page = browser_page
    clerk = django_user_model.objects.create_user("clerk", password=PASSWORD)
    hanbit = [stored(clerk, values=certificate_values(i, company_name=f"주식회사 한빛{i}"), name=f"hanbit-{i}.png")
              for i in range(2)]
    other = stored(clerk, values=certificate_values(7, company_name="다산무역"), name=LONG_NAME)
    card = stored(clerk, kind=Kind.CREDIT_CARD, values=card_values(card_number="5412345678901234"),
                  status=Status.APPROVED, name="card.jpg")

    page.goto("/login/?next=/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#documents tbody tr")).to_have_count(4)
    expect(page.locator(f"tr[data-document-id='{card.pk}']")).to_contain_text("541234******1234")

    # Search: only the two 한빛 certificates stay; the filter is in the URL.
    page.get_by_label("Search").fill("한빛")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]q=%ED%95%9C%EB%B9%9B"))
    expect(page.locator("#documents tbody tr")).to_have_count(2)

    # Select all on the page, retry: back on the same filtered list with one summary.
    page.get_by_label("Select all on this page").check()
    expect(page.locator("#bulk-count")).to_have_text("2 selected")
    page.locator("#bulk-action").select_option("retry")
    page.locator("#bulk-apply").click()
    expect(page.locator(".messages")).to_contain_text("2 retried.")
    expect(page).to_have_url(re.compile(r"[?&]q=%ED%95%9C%EB%B9%9B"))
    assert AuditEvent.objects.filter(actor=clerk, note="retry").count() == 2
    assert {d.status for d in Document.objects.filter(pk__in=[d.pk for d in hanbit])} == {Status.RECEIVED}
    assert Document.objects.get(pk=other.pk).status == Status.FAILED

    # The phone: each row a card, nothing wider than 390 px, the long file name wraps by words not letters.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    rows = page.locator("#documents tbody tr")
    expect(rows).to_have_count(4)
    assert page.locator("#documents thead th").nth(1).is_hidden()  # no column headings: labels sit in each card
    widths = page.evaluate("""() => ({
        list: document.querySelector('#bulk').scrollWidth,
        page: document.documentElement.scrollWidth,
        rows: [...document.querySelectorAll('#documents tbody tr')].map(r => r.getBoundingClientRect().right),
    })""")
    assert widths["list"] <= 390 and widths["page"] <= 390, widths
    assert max(widths["rows"]) <= 390, widths
    assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"  # a card, not a table row
    link = page.locator(f"tr[data-document-id='{other.pk}'] .doc-link")
    box = link.bounding_box()
    line_height = float(link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 20"))
    assert box["height"] <= 3 * line_height + 2, box  # a few lines at most: not one letter per line
    expect(page.locator(f"tr[data-document-id='{card.pk}']")).to_contain_text("541234******1234")

    # The phone's first screen is for documents: the filters but the search fold behind "More filters", the bulk bar
    # is its count until something is selected.
    first_card_top = rows.first.bounding_box()["y"]
    assert first_card_top < 844 * 0.6, first_card_top
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.locator("#id_status")).to_be_hidden()
    expect(page.locator("#bulk-apply")).to_be_hidden()
    page.get_by_role("button", name="More filters").click()
    expect(page.locator("#id_status")).to_be_visible()
    page.locator("#id_status").select_option(Status.FAILED)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(rows).to_have_count(1)  # the two retried are read again: only 다산무역 is still failed
    expect(page.locator("#id_status")).to_be_visible()  # a filter in use stays in sight
    rows.first.locator("input[name=ids]").check()
    expect(page.locator("#bulk-apply")).to_be_visible()
