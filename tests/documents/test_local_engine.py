"""The embedded Tesseract engine reads generated certificates and cards as the NHN engine would report them."""

import datetime as dt
import io
import random

import pytest
from PIL import Image

from documents.ocr import PermanentOcrError, get_engine
from documents.ocr.local import resolution_of
from documents.ocr.local_confidence import confidence
from documents.samples import degrade
from documents.samples.card import random_card, render_card
from documents.samples.certificate import random_certificate, render_certificate

CERTIFICATE = "business_certificate"
CARD = "credit_card"


def _certificate(*, corporate: bool, bad_check_digit: bool = False, start: int = 0):
    for seed in range(start, start + 200):
        cert = random_certificate(rng=random.Random(seed), bad_check_digit=bad_check_digit)
        if cert.corporate == corporate:
            return cert, render_certificate(cert, rng=random.Random(seed), width=1400)
    raise AssertionError("no certificate of that layout in 200 seeds")


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _read(image_bytes: bytes, *, kind: str = CERTIFICATE, filename: str = "upload.png"):
    return get_engine("local").read(kind=kind, content=image_bytes, filename=filename)


def _inside(box, width: float, height: float) -> bool:
    return all(0 <= x <= width and 0 <= y <= height for x, y in box)


@pytest.mark.slow
def test_individual_certificate_fields_come_back_canonical_and_normalised():
    cert, page = _certificate(corporate=False)

    reading = _read(_png(page))

    expected = cert.fields
    for name in ("tax_type", "registration_number", "company_name", "representative", "birth_date",
                 "opening_date", "issue_date", "tax_office"):
        assert reading.get(name) is not None, name
        assert reading.get(name).value == expected[name], name
    assert reading.resolution == "normal"
    assert (reading.unit, reading.file_type) == ("pixel", "png")
    number = reading.get("registration_number")
    assert number.confidence >= 0.9
    assert _inside(number.box, *page.size)
    (left, top), (right, _), (_, bottom), _ = number.box
    assert right - left > 100 and 10 < bottom - top < 120  # around the printed number, not the whole page
    assert top < reading.get("issue_date").box[0][1]  # the number is printed above the issue date


@pytest.mark.slow
def test_corporate_certificate_reads_corporate_number_and_head_office():
    cert, page = _certificate(corporate=True)

    reading = _read(_png(page))

    assert reading.get("tax_type").value == "법인사업자"
    assert reading.get("registration_number").value == cert.registration_number
    assert reading.get("corporate_number").value == cert.corporate_number
    assert reading.get("representative").value == cert.representative
    assert reading.get("opening_date").value == cert.opening_date.isoformat()
    assert reading.get("head_office_address") is not None
    assert reading.get("birth_date") is None


@pytest.mark.slow
def test_pdf_is_rendered_and_boxes_come_back_in_points():
    cert, page = _certificate(corporate=False, start=40)
    dpi = page.width / (210 / 25.4)
    pdf = degrade.encode_pdf(page, dpi=dpi, created=dt.datetime(2024, 1, 2, 9).timetuple())

    reading = _read(pdf, filename="certificate.pdf")

    assert (reading.file_type, reading.unit, reading.resolution) == ("pdf", "point", "normal")
    assert reading.get("registration_number").value == cert.registration_number
    width_pt, height_pt = page.width / dpi * 72, page.height / dpi * 72
    for field in reading.fields:
        assert _inside(field.box, width_pt + 1, height_pt + 1), field.name


@pytest.mark.slow
def test_slightly_rotated_scan_is_still_read():
    cert, page = _certificate(corporate=False, start=80)
    rotated = degrade.rotate(page, degrees=1.5)

    reading = _read(_png(rotated))

    assert reading.get("registration_number").value == cert.registration_number
    assert reading.get("issue_date").value == cert.issue_date.isoformat()


@pytest.mark.slow
def test_broken_check_digit_is_read_as_printed_but_not_trusted():
    cert, page = _certificate(corporate=False, bad_check_digit=True)

    field = _read(_png(page)).get("registration_number")

    assert field.value == cert.registration_number
    assert field.confidence < 0.9


@pytest.mark.slow
def test_small_scan_is_reported_low_resolution():
    _, page = _certificate(corporate=False)
    small = page.resize((700, round(700 * page.height / page.width)))

    assert _read(_png(small)).resolution == "low"


@pytest.mark.slow
def test_card_number_and_expiry_are_read():
    card = random_card(rng=random.Random(5))
    face = render_card(card, rng=random.Random(5), width=1000)

    reading = _read(_png(face), kind=CARD, filename="card.png")

    assert reading.get("card_number").value == card.number
    assert reading.get("card_number").confidence >= 0.9
    assert reading.get("valid_thru").value == card.valid_thru
    assert _inside(reading.get("card_number").box, *face.size)
    assert reading.resolution == "normal"
    assert card.number not in str(reading.raw)


def test_resolution_rule_at_its_boundary():
    assert resolution_of(kind=CERTIFICATE, size=(1280, 720)) == "normal"
    assert resolution_of(kind=CERTIFICATE, size=(720, 1280)) == "normal"
    assert resolution_of(kind=CERTIFICATE, size=(1279, 720)) == "low"
    assert resolution_of(kind=CERTIFICATE, size=(1280, 719)) == "low"
    assert resolution_of(kind=CARD, size=(760, 480)) == "normal"
    assert resolution_of(kind=CARD, size=(759, 480)) == "low"


@pytest.mark.parametrize(
    ("name", "value", "others"),
    [
        ("registration_number", "1168200277", {}),  # check digit off by one
        ("registration_number", "11682002", {}),  # too short
        ("card_number", "4111111111111112", {}),  # fails Luhn
        ("opening_date", "2021-02-30", {}),  # not a date
        ("opening_date", "2023-05-02", {"issue_date": "2022-01-10"}),  # opened after the certificate was issued
        ("valid_thru", "13/27", {}),  # no 13th month
        ("birth_date", "2015 년 03", {}),  # not a date at all
    ],
)
def test_a_value_that_breaks_a_rule_is_never_confident(name, value, others):
    assert confidence(name, value, [99.0], others=others) < 0.9


def test_a_value_that_obeys_every_rule_keeps_tesseracts_confidence():
    assert confidence("opening_date", "2015-03-02", [96.0], others={"issue_date": "2020-01-02"}) == 0.96
    assert confidence("card_number", "4111111111111111", [95.0], others={}) == 0.95


@pytest.mark.parametrize("content", [b"this is not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b""])
def test_unreadable_upload_is_a_permanent_error(content):
    with pytest.raises(PermanentOcrError):
        _read(content, filename="broken.png")
