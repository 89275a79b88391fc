"""A phone photo stored sideways with an EXIF Orientation tag is handled in the frame a person sees it in:
what is sent to NHN, the stored size, the pages that draw boxes, and the embedded engine's boxes."""

import io
import random
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageOps

from documents import uploads
from documents.kinds import Kind
from documents.models import Document
from documents.ocr import Field, Reading, get_engine, images
from documents.samples.certificate import random_certificate, render_certificate
from documents.services import _store_reading

UPRIGHT = (300, 200)  # what a viewer shows
MARK = (200, 40, 280, 90)  # a black block in the upright picture's top-right corner


def upright_picture() -> Image.Image:
    image = Image.new("RGB", UPRIGHT, "white")
    ImageDraw.Draw(image).rectangle(MARK, fill="black")
    return image


def sideways_jpeg(image: Image.Image, *, orientation: int, quality: int = 92) -> bytes:
    """`image` stored as a camera held sideways stores it: the pixels turned, the tag saying how to show them."""
    stored = image.transpose({6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, format="JPEG", quality=quality, exif=exif.tobytes())
    content = buffer.getvalue()
    assert ImageOps.exif_transpose(Image.open(io.BytesIO(content))).size == image.size
    return content


def _dark(image: Image.Image, box: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    centre = ((left + right) / 2, (top + bottom) / 2)
    return sum(image.convert("RGB").getpixel(centre)) < 150


# --- what is sent to NHN ---------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", [6, 8])
def test_a_sideways_photo_is_sent_upright_so_the_services_boxes_are_in_the_frame_the_user_sees(orientation):
    prepared = images.prepare(sideways_jpeg(upright_picture(), orientation=orientation), max_bytes=5_000_000)

    sent = Image.open(io.BytesIO(prepared.content))
    assert prepared.turned and prepared.content_type == "image/jpeg"
    assert sent.size == UPRIGHT
    assert sent.getexif().get(0x0112, 1) == 1  # nothing left for the service to turn a second time
    assert _dark(sent, MARK)
    assert (prepared.scale_x, prepared.scale_y) == (1.0, 1.0)


def test_a_sideways_photo_over_the_limit_is_turned_then_shrunk_and_scaled_back_to_the_upright_frame():
    big = upright_picture().resize((3000, 2000))
    noise = Image.frombytes("RGB", (600, 400), random.Random(1).randbytes(600 * 400 * 3))
    big.paste(noise.resize((3000, 600)), (0, 1400))
    content = sideways_jpeg(big, orientation=6, quality=95)

    prepared = images.prepare(content, max_bytes=len(content) // 3)

    sent = Image.open(io.BytesIO(prepared.content))
    assert len(prepared.content) <= len(content) // 3
    assert sent.width > sent.height  # upright: wider than tall, as shown
    assert prepared.scale_x * sent.width == pytest.approx(3000)
    assert prepared.scale_y * sent.height == pytest.approx(2000)


def test_an_upright_photo_within_the_limit_is_sent_byte_for_byte():
    buffer = io.BytesIO()
    upright_picture().save(buffer, format="JPEG")

    prepared = images.prepare(buffer.getvalue(), max_bytes=5_000_000)

    assert prepared.content == buffer.getvalue() and not prepared.turned


def test_the_nhn_engine_sends_the_upright_picture(nhn_standin):
    engine = get_engine("nhn")

    engine.read(kind=Kind.BUSINESS_CERTIFICATE, content=sideways_jpeg(upright_picture(), orientation=6),
                filename="photo.jpg")

    assert nhn_standin.requests[-1].picture_size == UPRIGHT


# --- the stored size and the pages that draw boxes -------------------------------------------------


@pytest.mark.parametrize("orientation", [6, 8])
def test_the_stored_size_of_a_sideways_photo_is_its_upright_size(orientation):
    content = sideways_jpeg(upright_picture(), orientation=orientation)

    checked = uploads.validate(SimpleUploadedFile("photo.jpg", content, "image/jpeg"), kind=Kind.CREDIT_CARD)

    assert (checked.width, checked.height) == UPRIGHT


@pytest.fixture
def sideways_document(client, django_user_model):
    """A sideways photo uploaded through the form and read, with one box around the black block (upright frame)."""
    user = django_user_model.objects.create_user("photographer", password="pw-photo-1")
    user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    client.force_login(user)
    content = sideways_jpeg(upright_picture(), orientation=6)
    client.post(reverse("documents:upload"), {
        "kind": Kind.BUSINESS_CERTIFICATE, "files": [SimpleUploadedFile("photo.jpg", content, "image/jpeg")],
    })
    document = Document.objects.get()
    left, top, right, bottom = MARK
    reading = Reading(
        fields=[Field(name="company_name", raw_key="상호", raw_text="한빛", value="한빛", confidence=0.5,
                      box=((left, top), (right, top), (right, bottom), (left, bottom)))],
        resolution="low", unit="pixel", file_type="jpg",
    )
    _store_reading(document, reading, engine="test", seconds=0.1)
    return document


@pytest.mark.django_db
def test_the_detail_page_draws_boxes_over_the_upright_picture(client, sideways_document):
    page = client.get(reverse("documents:detail", kwargs={"pk": sideways_document.pk})).content.decode()

    assert re.search(r'id="overlay" viewBox="0 0 300 200"', page)
    assert re.search(r'id="document-image"[^>]*width="300" height="200"', page)  # the stage's upright shape


@pytest.mark.django_db
def test_the_review_screen_draws_boxes_over_the_upright_picture(client, sideways_document):
    from reviews import services
    from reviews.models import ReviewTask

    services.document_route(document=sideways_document, rng=random.Random(0))
    task = ReviewTask.objects.get(document=sideways_document)

    page = client.get(reverse("reviews:review", kwargs={"pk": task.pk})).content.decode()

    assert 'class="review__svg" viewBox="0 0 300 200"' in page
    assert re.search(r'<image [^>]*width="300"\s+height="200"', page)


# --- the embedded engine ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_embedded_engine_reads_a_sideways_photo_with_boxes_on_the_upright_picture():
    rng = random.Random(3)
    cert = random_certificate(rng=rng)
    page = render_certificate(cert, rng=rng, width=1400)

    reading = get_engine("local").read(kind=Kind.BUSINESS_CERTIFICATE,
                                       content=sideways_jpeg(page, orientation=8), filename="photo.jpg")

    number = reading.get("registration_number")
    assert number.value == cert.registration_number
    xs, ys = [x for x, _ in number.box], [y for _, y in number.box]
    assert 0 <= min(xs) < max(xs) <= page.width and 0 <= min(ys) < max(ys) <= page.height
    band = page.crop((min(xs), min(ys), max(xs), max(ys))).convert("L")
    assert band.getextrema()[0] < 100  # the box covers printed ink of the upright page
    assert reading.raw["size"] == list(page.size)


@pytest.mark.slow
@pytest.mark.parametrize("turn", [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180])
def test_a_scan_on_its_side_or_upside_down_without_a_tag_is_read_with_boxes_on_the_picture_as_uploaded(turn):
    """A scanner fed the page landscape, or the sheet laid upside down: no EXIF tag says how to turn it."""
    rng = random.Random(5)
    cert = random_certificate(rng=rng)
    uploaded = render_certificate(cert, rng=rng, width=1400).transpose(turn)
    content = io.BytesIO()
    uploaded.save(content, format="PNG")

    reading = get_engine("local").read(kind=Kind.BUSINESS_CERTIFICATE, content=content.getvalue(),
                                       filename="scan.png")

    number = reading.get("registration_number")
    assert number.value == cert.registration_number
    assert reading.get("opening_date").value == cert.opening_date.isoformat()
    xs, ys = [x for x, _ in number.box], [y for _, y in number.box]
    assert 0 <= min(xs) < max(xs) <= uploaded.width and 0 <= min(ys) < max(ys) <= uploaded.height
    assert number.box[0] == (min(xs), min(ys))  # clockwise from the top left, in the picture as uploaded
    band = uploaded.crop((min(xs), min(ys), max(xs), max(ys))).convert("L")
    assert band.getextrema()[0] < 100  # the box covers the printed number, where it is in the uploaded picture
    assert reading.raw["turned"] == {Image.Transpose.ROTATE_90: 270, Image.Transpose.ROTATE_180: 180}[turn]
