"""Image preparation for the local engine: decoding (PDF page 1 included), orientation, grey-scale, scale.

Everything here is Pillow only; each step is kept because it measurably helped on generated sets (bench/).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

from .base import PermanentOcrError
from .pdf_text import TextLayer, read_layer

PDF_RENDER_DPI = 200
Image.MAX_IMAGE_PIXELS = 60_000_000  # a 5 MB upload never legitimately needs more


@dataclass(frozen=True)
class Page:
    image: Image.Image  # RGB, upright, as decoded (PDF: rendered)
    file_type: str  # pdf | jpg | png
    original_size: tuple[int, int]  # what the resolution rule judges (PDF: the rendered size)
    to_unit: float  # multiply a pixel coordinate of `image` by this to get the reading's unit (PDF: points)
    text: TextLayer | None = None  # a PDF page's own visible text, in points (pdf_text.py)


def sniff_file_type(content: bytes, filename: str) -> str:
    if content[:5] == b"%PDF-":
        return "pdf"
    if content[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if content[:3] == b"\xff\xd8\xff":
        return "jpg"
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"jpeg": "jpg", "jpg": "jpg", "png": "png", "pdf": "pdf"}.get(suffix, suffix or "unknown")


def load_page(*, content: bytes, filename: str, unreadable_message: str) -> Page:
    """Decode the upload into one upright RGB image; anything that is not a readable image or PDF is permanent."""
    if not content:
        raise PermanentOcrError(unreadable_message, code="empty_file")
    file_type = sniff_file_type(content, filename)
    if file_type == "pdf":
        return _render_pdf(content, unreadable_message=unreadable_message)
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
        image = ImageOps.exif_transpose(image) or image
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise PermanentOcrError(unreadable_message, code="unreadable_image") from error
    if image.width < 16 or image.height < 16:
        raise PermanentOcrError(unreadable_message, code="unreadable_image")
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    if file_type not in ("jpg", "png"):
        file_type = {"JPEG": "jpg", "PNG": "png"}.get(image.format or "", "png")
    return Page(image=image, file_type=file_type, original_size=image.size, to_unit=1.0)


def _render_pdf(content: bytes, *, unreadable_message: str) -> Page:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(content)
        try:
            if len(pdf) < 1:
                raise PermanentOcrError(unreadable_message, code="empty_pdf")
            page = pdf[0]
            scale = PDF_RENDER_DPI / 72
            image = page.render(scale=scale, rotation=0).to_pil().convert("RGB")
            text = read_layer(page)
        finally:
            pdf.close()
    except pdfium.PdfiumError as error:
        raise PermanentOcrError(unreadable_message, code="unreadable_pdf") from error
    return Page(image=image, file_type="pdf", original_size=image.size, to_unit=1 / scale, text=text)


def grey(image: Image.Image) -> Image.Image:
    """Grey-scale with the contrast stretched: it helps on coloured cards (certificates use `black_ink` instead)."""
    return ImageOps.autocontrast(image.convert("L"), cutoff=1)


def black_ink(image: Image.Image) -> Image.Image:
    """Grey-scale that keeps black print and drops coloured ink: each pixel's lightest channel.

    The red seal printed over the tax office's name (and any coloured stamp or emblem) turns almost white, so
    Tesseract no longer reads it into the text beside it; black and grey print are unchanged.
    """
    red, green, blue = image.convert("RGB").split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def scale_to(image: Image.Image, *, long_side: int) -> tuple[Image.Image, float]:
    """Upscale a small image so its long side is `long_side`; returns the image and the factor applied."""
    current = max(image.size)
    if current >= long_side:
        return image, 1.0
    factor = long_side / current
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.LANCZOS), factor
