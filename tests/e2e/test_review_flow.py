"""A reviewer clears queued documents in headless Chromium with the keyboard: open the queue, take the next
document, correct a field (a wrong check digit is flagged before anything is sent), approve with `a`, and land
on the next document."""

import random
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from documents.kinds import Kind, Status
from documents.models import AuditEvent
from reviews import services
from tests.factories import card_values, certificate_values, read_document, with_wrong_check_digit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


@pytest.fixture
def queue(settings):
    documents = []
    for i in range(2):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.41})
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    return documents


def test_a_reviewer_corrects_a_field_approves_with_the_keyboard_and_lands_on_the_next_item(
    browser_page, django_user_model, queue
):
    page = browser_page
    first, second = queue
    reviewer = django_user_model.objects.create_user("rita", password=PASSWORD)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])

    page.goto("/reviews/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#nav-review-queue").click()
    expect(page.locator("#queue tbody tr")).to_have_count(2)

    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/reviews/{first.review_task.pk}/$"))
    expect(page.locator("polygon.review-box--flagged")).to_have_count(1)
    expect(page.locator(".review-field--flagged")).to_contain_text("Low confidence")

    fields = {f.name: f for f in first.extraction.fields.all()}
    number = page.locator(f"#id_field_{fields['registration_number'].pk}")
    company = page.locator(f"#id_field_{fields['company_name'].pk}")

    # Tab walks the fields; a number that fails its check digit is flagged, and `a` does not send it.
    number.focus()
    number.fill(with_wrong_check_digit(fields["registration_number"].value))
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.locator(f'[data-error-for="{fields["registration_number"].pk}"]')).to_contain_text("check digit")
    expect(page).to_have_url(re.compile(rf"/reviews/{first.review_task.pk}/$"))
    first.refresh_from_db()
    assert first.status == Status.NEEDS_REVIEW

    number.fill(fields["registration_number"].value)
    page.keyboard.press("Tab")
    expect(company).to_be_focused()
    page.keyboard.press("Tab")  # moves on: Tab goes from field to field
    company.fill("주식회사 누리")
    page.keyboard.press("Escape")
    page.keyboard.press("a")

    expect(page).to_have_url(re.compile(rf"/reviews/{second.review_task.pk}/$"))
    expect(page.locator(".message--success")).to_contain_text(f"#{first.pk}")
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    company_field = first.extraction.fields.get(name="company_name")
    assert (company_field.value, company_field.corrected_value) == ("주식회사 한빛0", "주식회사 누리")
    assert AuditEvent.objects.filter(document=first, action="field_corrected", actor=reviewer).count() == 1


def _log_in_as_reviewer(page, django_user_model, username):
    reviewer = django_user_model.objects.create_user(username, password=PASSWORD)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    page.goto("/reviews/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return reviewer


def test_the_queue_page_updates_its_counts_by_itself_when_a_document_arrives(browser_page, django_user_model, queue):
    page = browser_page
    _log_in_as_reviewer(page, django_user_model, "quinn")
    page.locator("#nav-review-queue").click()
    summary = page.locator("#queue-summary")
    expect(summary).to_contain_text("2 documents waiting")
    expect(page.locator("#tally-kind")).to_contain_text("2")

    card = read_document(kind=Kind.CREDIT_CARD, values=card_values(seed=7), confidence={"valid_thru": 0.3})
    services.document_route(document=card, rng=random.Random(0))

    expect(summary).to_contain_text("3 documents waiting", timeout=12_000)  # polled every 5 s, no reload
    expect(page.locator("#tally-kind li")).to_have_count(2)
    expect(page.locator("#tally-kind")).to_contain_text("Credit card")


def test_with_a_kind_filter_the_keyboard_flow_stays_on_that_kind(browser_page, django_user_model, queue):
    page = browser_page
    cards = []
    for seed in (8, 9):
        card = read_document(kind=Kind.CREDIT_CARD, values=card_values(seed=seed), confidence={"valid_thru": 0.3})
        services.document_route(document=card, rng=random.Random(0))
        cards.append(card)
    _log_in_as_reviewer(page, django_user_model, "cleo")
    page.goto("/reviews/?kind=credit_card")
    expect(page.locator("#queue tbody tr")).to_have_count(2)

    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/reviews/{cards[0].review_task.pk}/\?kind=credit_card$"))
    expect(page.locator(".review-field--flagged input")).to_be_focused()  # the cursor starts where it is needed
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"/reviews/{cards[1].review_task.pk}/\?kind=credit_card$"))
    for document in queue:  # the older certificates still wait, untouched
        document.refresh_from_db()
        assert document.status == Status.NEEDS_REVIEW
