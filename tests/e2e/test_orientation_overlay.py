"""In Chromium, a box drawn over a phone photo stored sideways (EXIF Orientation 6) lands on what it marks, on the
document page and on the review screen: the picture is shown upright and the overlay uses the upright size."""

import io
import random

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from documents import services as document_services
from documents.kinds import Kind
from documents.ocr import Field, Reading
from documents.services import _store_reading
from reviews import services
from reviews.models import ReviewTask
from tests.documents.test_orientation import MARK, sideways_jpeg, upright_picture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


@pytest.fixture
def sideways_task(django_user_model, settings):
    user = django_user_model.objects.create_user("rita", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    photo = SimpleUploadedFile("photo.jpg", sideways_jpeg(upright_picture(), orientation=6), "image/jpeg")
    document = document_services.document_create(
        uploader=user, partner=None, kind=Kind.BUSINESS_CERTIFICATE, upload=photo
    )
    left, top, right, bottom = MARK
    reading = Reading(
        fields=[Field(name="company_name", raw_key="상호", raw_text="한빛", value="한빛", confidence=0.4,
                      box=((left, top), (right, top), (right, bottom), (left, bottom)))],
        resolution="low", unit="pixel", file_type="jpg",
    )
    _store_reading(document, reading, engine="test", seconds=0.1)
    services.document_route(document=document, rng=random.Random(0))
    return ReviewTask.objects.get(document=document)


def _box_covers_the_mark(page, polygon) -> None:
    area = polygon.bounding_box()
    shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    inside = shot.crop((area["x"] + 0.25 * area["width"], area["y"] + 0.25 * area["height"],
                        area["x"] + 0.75 * area["width"], area["y"] + 0.75 * area["height"]))
    assert inside.getextrema()[1] < 120, "the box is not over the black block"
    beside = shot.crop((area["x"] - 0.6 * area["width"], area["y"], area["x"] - 0.1 * area["width"],
                        area["y"] + area["height"]))
    assert beside.getextrema()[0] > 150, "the picture is not drawn where the box expects it"


def test_boxes_land_on_a_sideways_photo_on_the_document_page_and_the_review_screen(browser_page, sideways_task):
    page = browser_page
    page.goto("/reviews/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/documents/{sideways_task.document.pk}/")
    page.wait_for_function("document.getElementById('document-image').complete")
    _box_covers_the_mark(page, page.locator("#overlay polygon").first)

    page.goto(f"/reviews/{sideways_task.pk}/")
    page.wait_for_timeout(300)  # the SVG's <image> decodes after load
    _box_covers_the_mark(page, page.locator("polygon.review-box").first)
