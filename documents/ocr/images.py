"""Make an upload what a service should see: upright and small enough for its request limit; map coordinates back.

A remote engine answers in the coordinates of what it was sent. A phone photo is stored as the camera wrote it,
with an EXIF Orientation tag that viewers (browsers included) apply; a service that ignores the tag would answer in
the sideways frame. So a photo whose tag turns it is sent turned upright, and when we send a smaller picture than
the stored file, `Prepared.scale_x/scale_y` turn its coordinates back into the frame a reviewer sees (pixels of
the upright image, points for a PDF), so boxes line up on the document as it is shown.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from documents import pdf
from documents.uploads import EXTENSIONS, exif_orientation, sniff_content_type

_JPEG_QUALITIES = (90, 82, 72)
_DOWNSCALE_STEP = 0.8
TURNING = range(2, 9)  # EXIF Orientation values that flip or turn the stored pixels (1 is upright)


class ShrinkError(ValueError):
    """The content could not be decoded, so it cannot be made smaller."""


@dataclass(frozen=True)
class Prepared:
    content: bytes
    content_type: str  # what is sent
    extension: str  # of what is sent: png | jpg | pdf
    original_type: str  # of the stored file: png | jpg | pdf
    scale_x: float = 1.0  # multiply a returned x by this to get the coordinate in the upright stored file
    scale_y: float = 1.0
    turned: bool = False  # sent turned upright, as its EXIF Orientation says it is shown

    @property
    def shrunk(self) -> bool:
        return self.extension != self.original_type or (self.scale_x, self.scale_y) != (1.0, 1.0)


def prepare(content: bytes, *, max_bytes: int) -> Prepared:
    """`content` as it is when it is upright and fits in `max_bytes`; otherwise a JPEG that is and does (page 1 of
    a PDF, rendered; a photo turned as its EXIF Orientation says).

    Raises ShrinkError when the content is too large and cannot be decoded."""
    content_type = sniff_content_type(content[:16]) or "application/octet-stream"
    original_type = EXTENSIONS.get(content_type, "")
    as_is = Prepared(content, content_type, original_type or "bin", original_type)
    if content_type == "application/pdf":
        if len(content) <= max_bytes:
            return as_is
        image, (width, height) = _render_first_page(content)
        jpeg = shrink_image(image, max_bytes=max_bytes)
        # The service would have answered the PDF in points; it answers our rendering in pixels.
        sent_width, sent_height = _size_of(jpeg)
        return Prepared(jpeg, "image/jpeg", "jpg", "pdf", width / sent_width, height / sent_height)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))  # reads the header only: the orientation costs no decoding
            turned = exif_orientation(image) in TURNING
            if len(content) <= max_bytes and not turned:
                return as_is
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        if len(content) <= max_bytes:
            return as_is  # the service judges a file we cannot decode; it fits, so it is its call
        raise ShrinkError(f"cannot decode the image to shrink it: {error}") from None
    upright = ImageOps.exif_transpose(image) if turned else image
    width, height = upright.size
    jpeg = shrink_image(upright, max_bytes=max_bytes)
    sent_width, sent_height = _size_of(jpeg)
    return Prepared(
        jpeg, "image/jpeg", "jpg", original_type or "jpg", width / sent_width, height / sent_height, turned=turned
    )


def shrink_image(image: Image.Image, *, max_bytes: int) -> bytes:
    """JPEG bytes of `image` within `max_bytes`.

    Re-encoding comes first (a photo saved as PNG usually fits as a JPEG at full size, so the reading
    keeps every pixel); only then is the picture made smaller, by a factor estimated from the size JPEG gave,
    then 20% per side at a time."""
    rgb = flatten_on_white(image)
    encoded = b""
    for quality in _JPEG_QUALITIES:
        encoded = _jpeg(rgb, quality)
        if len(encoded) <= max_bytes:
            return encoded
    # JPEG size grows about with the pixel count: aim a little under the limit with the lowest quality.
    factor = min(_DOWNSCALE_STEP, (max_bytes / len(encoded)) ** 0.5 * 0.95)
    while True:
        size = (max(1, round(rgb.width * factor)), max(1, round(rgb.height * factor)))
        if size[0] < 16 or size[1] < 16:
            raise ShrinkError("the image cannot be made small enough")
        encoded = _jpeg(rgb.resize(size, Image.Resampling.LANCZOS), _JPEG_QUALITIES[-1])
        if len(encoded) <= max_bytes:
            return encoded
        factor *= _DOWNSCALE_STEP


def flatten_on_white(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and a transparent certificate scan is black without this."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _size_of(content: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(content)) as image:
        return image.size


def _render_first_page(content: bytes) -> tuple[Image.Image, tuple[float, float]]:
    """Page 1 as an image, and the page's size in PDF points."""
    import pypdfium2 as pdfium

    try:
        return pdf.render_page(content, dpi=pdf.READING_DPI)
    except pdf.EmptyPdf:
        raise ShrinkError("the PDF has no pages") from None
    except pdfium.PdfiumError as error:
        raise ShrinkError(f"cannot open the PDF to shrink it: {error}") from None
