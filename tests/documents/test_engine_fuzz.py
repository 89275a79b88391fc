"""Whatever is uploaded, the embedded engine ends with a reading or an OcrError that tells the user why.

A seeded corpus of what people actually send besides good scans: crops, blank and black pages, noise, tiny and
very large images, rotated pages, the other kind of document, broken files, an empty PDF, a receipt, a photo of
something else. Each is read as a certificate and as a card, except where noted (to keep the run under a minute).
"""

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pytest
from PIL import Image, ImageDraw, ImageFilter

from documents.ocr import OcrError, Reading, get_engine
from documents.samples import fonts
from documents.samples.card import random_card, render_card
from documents.samples.certificate import random_certificate, render_certificate

pytestmark = pytest.mark.slow

CERTIFICATE = "business_certificate"
CARD = "credit_card"
BOTH = (CERTIFICATE, CARD)
SEED = 20261129


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[random.Random], bytes]
    kinds: tuple[str, ...] = BOTH
    filename: str = "upload.png"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


@cache
def _certificate_page(seed: int) -> Image.Image:
    rng = random.Random(seed)
    return render_certificate(random_certificate(rng=rng), rng=rng, width=1000)


@cache
def _card_face(seed: int) -> Image.Image:
    rng = random.Random(seed)
    return render_card(random_card(rng=rng), rng=rng, width=860)


def _crop(image: Image.Image, rng: random.Random) -> Image.Image:
    """A random part of the image, from a sliver to most of it."""
    width = rng.randint(max(24, image.width // 8), image.width)
    height = rng.randint(max(24, image.height // 8), image.height)
    left, top = rng.randint(0, image.width - width), rng.randint(0, image.height - height)
    return image.crop((left, top, left + width, top + height))


def _noise(rng: random.Random, size=(640, 420)) -> bytes:
    return _png(Image.frombytes("L", size, rng.randbytes(size[0] * size[1])))


def _text_image(lines: list[str], *, size: tuple[int, int], font_size: int) -> Image.Image:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = fonts.load(fonts.font_path("NanumGothic.ttf"), font_size)
    for i, text in enumerate(lines):
        draw.text((30, 30 + i * font_size * 1.6), text, font=font, fill="black")
    return image


def _receipt(rng: random.Random) -> bytes:
    items = [f"{name}  {rng.randint(1, 4)}  {rng.randint(10, 99) * 100:,}원" for name in ("우유", "식빵", "사과")]
    return _jpeg(_text_image(["행복마트", *items, "합계  12,300원", "카드 승인"], size=(620, 900), font_size=34))


def _desk_photo(rng: random.Random) -> bytes:
    """Something else entirely: soft coloured shapes, no text."""
    image = Image.new("RGB", (1200, 900), (rng.randint(120, 200),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.randint(0, 1100), rng.randint(0, 800)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse((x, y, x + rng.randint(40, 300), y + rng.randint(40, 300)), fill=colour)
    return _jpeg(image.filter(ImageFilter.GaussianBlur(3)))


def _empty_pdf(rng: random.Random) -> bytes:
    import pypdfium2 as pdfium

    out = io.BytesIO()
    pdfium.PdfDocument.new().save(out)
    return out.getvalue()


def _certificate_pdf(rng: random.Random) -> bytes:
    out = io.BytesIO()
    _certificate_page(3).save(out, format="PDF", resolution=150)
    return out.getvalue()


CORPUS = [
    Case("certificate", lambda rng: _png(_certificate_page(1))),
    Case("card", lambda rng: _png(_card_face(1))),
    *(Case(f"certificate-crop-{i}", lambda rng: _png(_crop(_certificate_page(2), rng)), (CERTIFICATE,))
      for i in range(4)),
    *(Case(f"card-crop-{i}", lambda rng: _png(_crop(_card_face(2), rng)), (CARD,)) for i in range(3)),
    Case("certificate-rotated-90", lambda rng: _png(_certificate_page(1).rotate(90, expand=True)), (CERTIFICATE,)),
    Case("certificate-rotated-180", lambda rng: _jpeg(_certificate_page(1).rotate(180)), (CERTIFICATE,)),
    Case("card-rotated-90", lambda rng: _png(_card_face(1).rotate(90, expand=True)), (CARD,)),
    Case("blank-white-a4", lambda rng: _png(Image.new("RGB", (1240, 1754), "white"))),
    Case("blank-black", lambda rng: _jpeg(Image.new("RGB", (1000, 630), "black")), (CARD,)),
    Case("noise", _noise),
    Case("20x20", lambda rng: _png(Image.new("RGB", (20, 20), "white"))),
    Case("1x1", lambda rng: _png(Image.new("RGB", (1, 1), "black"))),
    Case("3000x10-sliver", lambda rng: _png(Image.new("L", (3000, 10), 0))),
    Case("very-large", lambda rng: _jpeg(_certificate_page(1).resize((4599, 5951)), quality=60), (CERTIFICATE,)),
    Case("truncated-png", lambda rng: _png(_certificate_page(1))[:5000]),
    Case("truncated-jpeg", lambda rng: _jpeg(_card_face(1))[:3000], filename="card.jpg"),
    Case("random-bytes", lambda rng: rng.randbytes(4096)),
    Case("png-header-only", lambda rng: b"\x89PNG\r\n\x1a\n"),
    Case("pdf-without-pages", _empty_pdf, filename="empty.pdf"),
    Case("pdf-broken", lambda rng: b"%PDF-1.7\n" + rng.randbytes(500), filename="broken.pdf"),
    Case("certificate-pdf", _certificate_pdf, (CERTIFICATE,), filename="certificate.pdf"),
    Case("transparent-png", lambda rng: _png(Image.new("RGBA", (800, 500), (0, 0, 0, 0))), (CERTIFICATE,)),
    Case("one-bit-certificate", lambda rng: _png(_certificate_page(1).convert("1")), (CERTIFICATE,)),
    Case("cmyk-card", lambda rng: _cmyk_jpeg(_card_face(1)), (CARD,), filename="card.jpg"),
    Case("receipt", _receipt),
    Case("one-line", lambda rng: _png(_text_image(["오늘의 메뉴: 김치찌개"], size=(900, 110), font_size=44)),
         (CERTIFICATE,)),
    Case("desk-photo", _desk_photo),
]


def _cmyk_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("CMYK").save(out, format="JPEG", quality=85)
    return out.getvalue()


@pytest.mark.parametrize(
    ("case", "kind"),
    [pytest.param(case, kind, id=f"{case.name}-as-{kind}") for case in CORPUS for kind in case.kinds],
)
def test_every_upload_ends_in_a_reading_or_a_reason(case, kind):
    content = case.make(random.Random(f"{SEED}:{case.name}"))

    try:
        outcome = get_engine("local").read(kind=kind, content=content, filename=case.filename)
    except OcrError as error:  # anything else fails the test with its traceback
        assert error.message.strip() and error.code, f"{case.name}: an error without a reason for the user"
        return
    assert isinstance(outcome, Reading)
    assert all(0.0 <= field.confidence <= 1.0 for field in outcome.fields)
