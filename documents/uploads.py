"""Upload checks: the content decides the type, not the name. A rejected upload stores nothing."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

from . import pdf
from .errors import InvalidInput
from .kinds import Kind

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
)


class UploadRejected(InvalidInput):
    """The message is for the person who uploaded the file."""

    code = "upload_rejected"
    field = "file"


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    original_name: str
    content_type: str
    sha256: str
    size: int
    width: int
    height: int
    page_count: int


# What a stored or sent file is called by its sniffed content type (storage paths, what the engines are told).
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}


def sniff_content_type(head: bytes) -> str | None:
    return next((ctype for signature, ctype in _SIGNATURES if head.startswith(signature)), None)


def validate(upload: UploadedFile, *, kind: str) -> CheckedUpload:
    name = (upload.name or "upload").rsplit("/", 1)[-1][:255]
    if kind not in Kind.values:
        raise UploadRejected(_("Choose what kind of document this is."))
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRejected(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    content = upload.read()
    if not content:
        raise UploadRejected(_("%(name)s is empty.") % {"name": name})
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise UploadRejected(
            _("%(name)s is larger than the limit of %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    content_type = sniff_content_type(content[:16])
    if content_type is None:
        raise UploadRejected(
            _("%(name)s is not a PNG, JPEG or PDF file (its content was checked, not its name).") % {"name": name}
        )
    if content_type == "application/pdf":
        width, height, pages = _inspect_pdf(content, name)
    else:
        width, height, pages = _inspect_image(content, name)
    return CheckedUpload(
        content=content,
        original_name=name,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        width=width,
        height=height,
        page_count=pages,
    )


def _inspect_image(content: bytes, name: str) -> tuple[int, int, int]:
    unreadable = _("%(name)s could not be read as an image; it may be damaged or incomplete.") % {"name": name}
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise UploadRejected(
                    _("%(name)s is %(mp)d megapixels; the limit is %(limit)d. Please send a smaller photo.")
                    % {
                        "name": name,
                        "mp": width * height // 1_000_000,
                        "limit": settings.UPLOAD_MAX_PIXELS // 1_000_000,
                    }
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image.load()  # decodes every byte: catches truncated and corrupt files
            if exif_orientation(image) in _SIDEWAYS:
                width, height = height, width  # the size as it is shown (and read), not as the camera stored it
    except UploadRejected:
        raise
    except Image.DecompressionBombError:  # Pillow refuses to open it at all: far over any pixel limit
        raise UploadRejected(
            _("%(name)s has more pixels than can be read (the limit is %(limit)d megapixels). Please send a smaller "
              "photo.") % {"name": name, "limit": settings.UPLOAD_MAX_PIXELS // 1_000_000}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadRejected(unreadable) from None
    if width < 16 or height < 16:
        raise UploadRejected(_("%(name)s is only %(w)d×%(h)d pixels.") % {"name": name, "w": width, "h": height})
    return width, height, 1


# EXIF Orientation values that show the stored pixels turned by a quarter (5-8 transpose the axes).
_SIDEWAYS = frozenset({5, 6, 7, 8})


def exif_orientation(image: Image.Image) -> int:
    """The EXIF Orientation a viewer applies to the stored pixels (1: as stored)."""
    try:
        return int(image.getexif().get(ExifTags.Base.Orientation, 1))
    except (TypeError, ValueError, SyntaxError, OSError):
        return 1  # a damaged EXIF block: viewers ignore it too


def _inspect_pdf(content: bytes, name: str) -> tuple[int, int, int]:
    import pypdfium2 as pdfium

    try:
        with pdf.opened_page(content) as first:
            pages = len(first.pdf)
            width, height = first.get_size()
            area = pdf.page_area_points(first)
    except pdf.EmptyPdf:
        raise UploadRejected(_("%(name)s has no pages.") % {"name": name}) from None
    except pdfium.PdfiumError:
        raise UploadRejected(
            _("%(name)s could not be opened as a PDF; it may be damaged or password-protected.") % {"name": name}
        ) from None
    if pages > settings.UPLOAD_MAX_PDF_PAGES:
        raise UploadRejected(
            _("%(name)s has %(pages)d pages; upload only the document's page (at most %(limit)d pages).")
            % {"name": name, "pages": pages, "limit": settings.UPLOAD_MAX_PDF_PAGES}
        )
    if area > pdf.MAX_PAGE_POINTS:
        raise UploadRejected(
            _("%(name)s has a page of %(w)d × %(h)d cm, too large to be read; save the document on A4 and send it "
              "again.") % {"name": name, "w": round(width / 72 * 2.54), "h": round(height / 72 * 2.54)}
        )
    return round(width), round(height), pages
