"""Every input is bounded: a tiny PDF that declares a giant page, and an image far over the pixel limit, are refused
at upload with a message that says so; whatever PDF page is drawn stays within PDF_MAX_RENDER_PIXELS."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from documents import pdf, uploads
from documents.errors import InvalidInput
from documents.kinds import Kind
from documents.ocr import get_engine


def _pdf_with_page(width_pt: float, height_pt: float) -> bytes:
    """A minimal, valid one-page PDF (about 500 bytes) whose page is `width_pt` × `height_pt`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (width_pt, height_pt),
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width` × `height` pixels (what a decompression bomb does) with one tiny IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_tiny_pdf_with_a_giant_page_is_refused_at_upload_saying_the_page_is_too_large():
    content = _pdf_with_page(14400, 14400)
    assert len(content) < 600

    with pytest.raises(InvalidInput) as refused:
        uploads.validate(SimpleUploadedFile("giant.pdf", content), kind=Kind.BUSINESS_CERTIFICATE)

    assert "too large to be read" in refused.value.message and "508 × 508 cm" in refused.value.message


def test_an_a4_pdf_is_accepted_with_its_size_in_points():
    checked = uploads.validate(SimpleUploadedFile("a4.pdf", _pdf_with_page(595, 842)), kind=Kind.BUSINESS_CERTIFICATE)

    assert (checked.width, checked.height, checked.page_count) == (595, 842, 1)


def test_drawing_any_page_stays_within_the_pixel_bound(settings):
    settings.PDF_MAX_RENDER_PIXELS = 2_000_000

    image, size = pdf.render_page(_pdf_with_page(14400, 14400), dpi=200)

    assert size == (14400, 14400)
    assert image.width * image.height <= 2_000_000


def test_the_engine_reads_a_giant_page_already_stored_within_the_bound(settings):
    """A file stored before the upload check (or by another path) costs the engine a bounded drawing, not gigabytes."""
    settings.PDF_MAX_RENDER_PIXELS = 2_000_000

    with pytest.raises(Exception) as ended:
        get_engine("local").read(kind=Kind.BUSINESS_CERTIFICATE, content=_pdf_with_page(14400, 14400),
                                 filename="giant.pdf")

    assert getattr(ended.value, "code", "") == "nothing_found"  # a blank page, read quickly, not a crash


def test_an_image_far_over_the_pixel_limit_is_called_too_large_not_damaged():
    with pytest.raises(InvalidInput) as refused:
        uploads.validate(SimpleUploadedFile("bomb.png", _png_header_only(40000, 40000)), kind=Kind.CREDIT_CARD)

    assert "more pixels than can be read" in refused.value.message
    assert "damaged" not in refused.value.message


def test_a_damaged_image_is_still_called_damaged():
    good = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(good, "PNG")
    with pytest.raises(InvalidInput) as refused:
        uploads.validate(SimpleUploadedFile("cut.png", good.getvalue()[:-40]), kind=Kind.CREDIT_CARD)

    assert "damaged" in refused.value.message
