"""Rendering a PDF page to an image: the one place that calls pypdfium2 to draw a page.

The document page's viewer uses it (selectors.document_page_png); the engine's preparation and the upload shrinker
(documents/ocr/local_prepare.py, documents/ocr/images.py) still render on their own until the engine branches have
landed, then call this too."""

from PIL import Image


def render_page(content: bytes, *, page: int = 1, dpi: float = 144) -> tuple[Image.Image, tuple[float, float]]:
    """Page `page` (1-based, clamped to the document) as an RGB image at `dpi`, and the page's size in points.
    Raises pypdfium2's PdfiumError for bytes it cannot open (uploads.validate has refused those already)."""
    import pypdfium2 as pdfium  # loads a native library: only where a PDF is drawn

    pdf = pdfium.PdfDocument(content)
    try:
        drawn = pdf[min(max(page, 1), len(pdf)) - 1]
        return drawn.render(scale=dpi / 72).to_pil().convert("RGB"), drawn.get_size()
    finally:
        pdf.close()
