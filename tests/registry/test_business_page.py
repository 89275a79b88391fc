"""Staff open a business in Chromium, simulate the tax office closing it, and see the change on the timeline."""

import re

import pytest
from playwright.sync_api import expect

from registry import services as registry
from registry.models import BusinessAlert, BusinessState
from tests.factories import approved_certificate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def test_simulated_closure_shows_on_the_timeline_with_an_alert(browser_page, django_user_model):
    document = approved_certificate(7)
    business = registry.business_register_from_document(document=document)  # its task goes to the test broker
    registry.business_check_now(business=business, inline=True)  # the check right after approval: active
    django_user_model.objects.create_user("sam", password=PASSWORD, is_staff=True)
    page = browser_page

    page.goto(f"/businesses/{business.number}/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/businesses/{business.number}/$"))
    expect(page.locator("#simulated-provider")).to_be_visible()
    expect(page.locator("#business-state [data-business-state]")).to_have_attribute("data-business-state", "active")
    expect(page.locator("#timeline li")).to_have_count(1)

    page.locator("#simulate-state").select_option(BusinessState.CLOSED.value)
    page.locator("#simulate-submit").click()

    expect(page.locator("#business-state [data-business-state]")).to_have_attribute("data-business-state", "closed")
    expect(page.locator("#timeline li")).to_have_count(2)
    newest = page.locator("#timeline li").first
    expect(newest).to_have_class(re.compile("is-change"))
    expect(newest).to_contain_text("Active → Closed")
    expect(page.locator("[role=alert][data-alert-id]")).to_contain_text("Closed")
    assert BusinessAlert.objects.filter(business=business, state=BusinessState.CLOSED).count() == 1

    page.goto("/businesses/")
    expect(page.locator("#business-alerts")).to_contain_text(business.formatted_number)
    page.locator("#business-alerts button").click()
    expect(page.locator("#business-alerts")).to_have_count(0)
