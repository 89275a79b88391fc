"""Nothing but OcrError leaves an engine, and each ending says why: wrong kind, nothing found, or an engine error."""

import io
import logging
import random

import pytest
import requests
from PIL import Image, ImageDraw

from documents.ocr import OcrError, PermanentOcrError, get_engine
from documents.ocr.local import engine as local_engine
from documents.ocr.local.certificate import read_certificate
from documents.ocr.local.tesseract import Line, Word
from documents.ocr.nhn import NhnEngine
from documents.samples import fonts
from documents.samples.card import random_card, render_card
from documents.samples.certificate import random_certificate, render_certificate

CERTIFICATE = "business_certificate"
CARD = "credit_card"
CARD_NUMBER = "4111111111111111"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _read(content: bytes, *, kind: str):
    return get_engine("local").read(kind=kind, content=content, filename="upload.png")


def _failure(content: bytes, *, kind: str) -> OcrError:
    with pytest.raises(OcrError) as caught:
        _read(content, kind=kind)
    assert caught.value.message
    return caught.value


def _one_line(text: str, *, size=(900, 120)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((20, 30), text, font=fonts.load(fonts.font_path("NanumGothic.ttf"), 48), fill="black")
    return _png(image)


# --- Wrong kind and nothing found (Tesseract) --------------------------------------------------


@pytest.mark.slow
def test_a_card_uploaded_as_a_certificate_says_it_looks_like_a_card():
    card = random_card(rng=random.Random(1))  # this one crashed the engine with an IndexError before

    error = _failure(_png(render_card(card, rng=random.Random(1), width=1000)), kind=CERTIFICATE)

    assert isinstance(error, PermanentOcrError)
    assert error.code == "wrong_kind"
    assert error.message == "This looks like a credit card, not a business registration certificate."


@pytest.mark.slow
def test_a_certificate_uploaded_as_a_card_says_it_looks_like_a_certificate():
    page = render_certificate(random_certificate(rng=random.Random(2)), rng=random.Random(2), width=1400)

    error = _failure(_png(page), kind=CARD)

    assert error.code == "wrong_kind"
    assert error.message == "This looks like a business registration certificate, not a credit card."


@pytest.mark.slow
@pytest.mark.parametrize("kind", [CERTIFICATE, CARD])
def test_a_one_line_image_ends_as_nothing_found_with_what_to_do(kind):
    error = _failure(_one_line("오늘의 메뉴: 김치찌개 8,000원"), kind=kind)

    assert error.code == "nothing_found"
    assert "Upload" in error.message


@pytest.mark.slow
@pytest.mark.parametrize("kind", [CERTIFICATE, CARD])
def test_a_blank_page_ends_as_nothing_found(kind):
    error = _failure(_png(Image.new("RGB", (1240, 1754), "white")), kind=kind)

    assert error.code == "nothing_found"


@pytest.mark.slow
def test_a_receipt_that_names_its_shop_is_not_taken_for_a_certificate():
    lines = ["영수증", "상호: 행복마트   대표자: 김민수", "사업자번호: 123-45-67890", "우유 1  2,500", "합계  12,000"]
    image = Image.new("RGB", (800, 700), "white")
    draw = ImageDraw.Draw(image)
    font = fonts.load(fonts.font_path("NanumGothic.ttf"), 34)
    for i, text in enumerate(lines):
        draw.text((40, 40 + 110 * i), text, font=font, fill="black")

    error = _failure(_png(image), kind=CERTIFICATE)

    assert error.code == "nothing_found"


# --- Containment ---------------------------------------------------------------------------------


def test_a_certificate_reader_without_any_label_reads_nothing_instead_of_crashing():
    lines = [Line(words=[Word(text="HELLO", conf=90.0, box=(0, 0, 50, 10), line_key=(0, 0, 0))])]

    assert read_certificate(lines) == []


def test_an_unexpected_exception_becomes_an_engine_error_logged_without_its_message(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError(f"cannot parse {CARD_NUMBER}")

    monkeypatch.setattr(local_engine, "read_card", broken)
    card = render_card(random_card(rng=random.Random(3)), rng=random.Random(3), width=400)

    with caplog.at_level(logging.ERROR):
        error = _failure(_png(card), kind=CARD)

    assert isinstance(error, PermanentOcrError) and not error.retryable
    assert error.code == "engine_error"
    assert "error in the OCR engine" in error.message
    assert "builtins.ValueError" in caplog.text and "in _card" in caplog.text  # where it happened, for developers
    assert CARD_NUMBER not in caplog.text and "cannot parse" not in caplog.text
    assert error.__cause__ is None and error.__suppress_context__  # nothing downstream logs the original either


class _Answer:
    status_code = 200
    headers: dict = {}

    def __init__(self, body: dict) -> None:
        self.body = body

    def json(self) -> dict:
        return self.body


class _Service(requests.Session):
    def __init__(self, result) -> None:
        super().__init__()
        self.result = result
        self.calls = 0

    def post(self, *args, **kwargs):
        self.calls += 1
        return _Answer({"header": {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"},
                        "result": self.result})


@pytest.mark.parametrize(
    ("kind", "result"),
    [
        (CERTIFICATE, {"keyValues": 7}),
        (CERTIFICATE, {"keyValues": [{"key": "상호", "value": "한빛"}], "boxes": {"0": "?"}}),
        (CARD, {"cardNums": 5, "totalCardNum": CARD_NUMBER}),
        (CARD, {"cardNums": [{"value": "4111", "conf": 0.99}], "cardNumBoxes": 3}),
    ],
)
def test_a_malformed_answer_from_the_service_fails_the_document_once(kind, result, caplog):
    service = _Service(result)
    engine = NhnEngine(base_url="http://127.0.0.1:9", app_key="app", secret_key="secret", session=service,
                       sleep=lambda seconds: None)

    with pytest.raises(PermanentOcrError) as caught:
        engine.read(kind=kind, content=_png(Image.new("RGB", (1000, 630), "white")), filename="x.png")

    assert caught.value.code == "engine_error"
    assert service.calls == 1  # paid for once; asking again would pay for the same answer
    assert CARD_NUMBER not in caplog.text
