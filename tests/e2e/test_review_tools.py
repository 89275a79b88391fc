"""The review screen's image tools, key list and Release, in headless Chromium: zooming, panning and rotating the
image keeps every box on the words it was read from; `?` lists the keys; the cursor starts in the flagged field;
Release hands the document back to the queue."""

import random
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from documents.models import AuditEvent
from reviews import services
from tests.factories import certificate_values, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"

# Where the flagged box's centre sits inside the picture, as fractions of the picture's on-screen width and height.
WHERE = """() => {
  const box = document.querySelector("polygon.review-box--flagged").getBoundingClientRect();
  const image = document.querySelector("#review-view image").getBoundingClientRect();
  return {fx: (box.x + box.width / 2 - image.x) / image.width, fy: (box.y + box.height / 2 - image.y) / image.height,
          width: image.width, height: image.height,
          boxLandscape: box.width > box.height};
}"""


@pytest.fixture
def claimed(django_user_model, settings, browser_page):
    documents = []
    for seed in range(2):
        document = read_document(values=certificate_values(seed=seed), confidence={"company_name": 0.41})
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    reviewer = django_user_model.objects.create_user("vera", password=PASSWORD)
    reviewer.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    page = browser_page
    page.goto("/reviews/")
    page.get_by_label("Username").fill("vera")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#next").click()
    expect(page).to_have_url(re.compile(rf"/reviews/{documents[0].review_task.pk}/$"))
    page.wait_for_load_state("load")
    return page, reviewer, documents


def test_zoom_pan_and_rotate_keep_the_boxes_on_the_image(claimed):
    page, _reviewer, documents = claimed
    company = documents[0].extraction.fields.get(name="company_name")
    expect(page.locator(f"#id_field_{company.pk}")).to_be_focused()  # the flagged field, not the first one
    expect(page.locator("#queue-left")).to_have_text("1 left in this queue")
    page.keyboard.press("Escape")

    start = page.evaluate(WHERE)
    # read_document puts the company name (third field) at x 20-220, y 80-104 on a 400 × 300 picture
    assert start["fx"] == pytest.approx(120 / 400, abs=0.01) and start["fy"] == pytest.approx(92 / 300, abs=0.01)

    page.locator('[data-view="zoom-in"]').click()
    page.keyboard.press("z")
    zoomed = page.evaluate(WHERE)
    assert zoomed["width"] == pytest.approx(start["width"] * 2.25, rel=0.02)
    assert (zoomed["fx"], zoomed["fy"]) == (pytest.approx(start["fx"], abs=0.01), pytest.approx(start["fy"], abs=0.01))
    expect(page.locator("#viewer-state")).to_contain_text("225%")

    before = page.locator("#review-view image").bounding_box()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    after = page.locator("#review-view image").bounding_box()
    assert after["x"] < before["x"] and after["y"] < before["y"]  # the view moved over the picture
    svg = page.locator("#review-svg").bounding_box()
    page.mouse.move(svg["x"] + 200, svg["y"] + 150)
    page.mouse.down()
    page.mouse.move(svg["x"] + 260, svg["y"] + 190, steps=4)
    page.mouse.up()
    dragged = page.locator("#review-view image").bounding_box()
    assert dragged["x"] == pytest.approx(after["x"] + 60, abs=2)
    assert dragged["y"] == pytest.approx(after["y"] + 40, abs=2)
    panned = page.evaluate(WHERE)
    assert (panned["fx"], panned["fy"]) == (pytest.approx(start["fx"], abs=0.01), pytest.approx(start["fy"], abs=0.01))

    page.keyboard.press("0")
    page.keyboard.press("e")  # a quarter turn clockwise: the picture's left edge is now at the top
    turned = page.evaluate(WHERE)
    assert turned["height"] > turned["width"]
    # Measured on the turned picture: across is 1 - how far down it was, down is how far across it was.
    assert turned["fx"] == pytest.approx(1 - start["fy"], abs=0.01)
    assert turned["fy"] == pytest.approx(start["fx"], abs=0.01)
    assert not turned["boxLandscape"]
    expect(page.locator("#viewer-state")).to_contain_text("90°")
    page.locator('[data-view="rotate-left"]').click()
    back = page.evaluate(WHERE)
    assert (back["fx"], back["fy"]) == (pytest.approx(start["fx"], abs=0.01), pytest.approx(start["fy"], abs=0.01))

    # Zoomed in, the view follows the field being worked on: its box comes to the middle.
    page.keyboard.press("z")
    page.keyboard.press("z")
    issue_date = documents[0].extraction.fields.get(name="issue_date")
    page.locator(f"#id_field_{issue_date.pk}").focus()
    box = page.locator(f'polygon[data-box="{issue_date.pk}"]').bounding_box()
    svg = page.locator("#review-svg").bounding_box()
    assert box["x"] + box["width"] / 2 == pytest.approx(svg["x"] + svg["width"] / 2, abs=3)
    assert box["y"] + box["height"] / 2 == pytest.approx(svg["y"] + svg["height"] / 2, abs=3)


def test_question_mark_lists_the_keys_and_release_gives_the_document_back(claimed):
    page, reviewer, documents = claimed
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    dialog = page.locator("#keys-help")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("approve")
    expect(dialog).to_contain_text("rotate left, rotate right")
    page.keyboard.press("a")  # the letter keys wait while the list is open
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"/reviews/{documents[0].review_task.pk}/$"))

    page.locator("#release").click()
    expect(page).to_have_url(re.compile(r"/reviews/$"))
    expect(page.locator(".messages")).to_contain_text(f"Released #{documents[0].pk}")
    task = documents[0].review_task
    task.refresh_from_db()
    assert task.claimed_by is None and task.is_open
    assert AuditEvent.objects.filter(document=documents[0], action="released", actor=reviewer).count() == 1
