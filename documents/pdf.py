"""PDF pages: the one place that opens a PDF page and draws it, for the viewer, both engines and the upload check.

Drawing is bounded in pixels, not points: a 541-byte PDF can declare a 14400 × 14400 pt page (more still with
`UserUnit`, for renderers that honour it), which at 200 dpi is 1.6 gigapixels: 57 s and 5.8 GB in one web worker
before this bound. Every rendering is scaled down to at most `PDF_MAX_RENDER_PIXELS`, and an upload whose first
page could not be drawn legibly within it (larger than `MAX_PAGE_POINTS`, A0 twice over) is refused with a message.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from PIL import Image

from .errors import InvalidInput

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# A0 is 2384 × 3370 pt; a certificate or a card is A4 at most. Larger pages would be drawn so small that print on
# them could not be read, so they are refused at upload rather than read as nothing.
MAX_PAGE_POINTS = 2 * 2384 * 3370
READING_DPI = 200  # what an engine reads a PDF page at (the local engine, and a PDF shrunk for NHN)


class EmptyPdf(InvalidInput):
    """The PDF opened but has no page."""

    code = "empty_pdf"


def page_area_points(page: pdfium.PdfPage) -> float:
    """The page's area as PDFium draws it (PDFium ignores `UserUnit`, so a page enlarged that way is drawn, and
    bounded, at its declared size)."""
    width, height = page.get_size()
    return width * height


@contextmanager
def opened_page(content: bytes, *, page: int = 1) -> Iterator[pdfium.PdfPage]:
    """Page `page` (1-based, clamped to the document), open while the block runs.

    Raises pypdfium2's PdfiumError for bytes it cannot open and EmptyPdf for a PDF without pages."""
    import pypdfium2 as pdfium  # loads a native library: only where a PDF is opened

    document = pdfium.PdfDocument(content)
    try:
        if len(document) == 0:
            raise EmptyPdf("the PDF has no pages")
        yield document[min(max(page, 1), len(document)) - 1]
    finally:
        document.close()


def render(page: pdfium.PdfPage, *, dpi: float) -> tuple[Image.Image, float]:
    """`page` drawn at `dpi`, or smaller when that would exceed PDF_MAX_RENDER_PIXELS; returns the RGB image and the
    scale used (pixels per point)."""
    width, height = page.get_size()
    scale = dpi / 72
    limit = float(getattr(settings, "PDF_MAX_RENDER_PIXELS", 40_000_000))
    pixels = width * height * scale * scale
    if pixels > limit:
        scale *= math.sqrt(limit / pixels) * 0.999  # PDFium rounds the bitmap's sides up
    return page.render(scale=scale).to_pil().convert("RGB"), scale


def render_page(content: bytes, *, page: int = 1, dpi: float = 144) -> tuple[Image.Image, tuple[float, float]]:
    """Page `page` as an RGB image at `dpi` (within the pixel bound), and the page's size in points."""
    with opened_page(content, page=page) as drawn:
        image, _scale = render(drawn, dpi=dpi)
        return image, drawn.get_size()

