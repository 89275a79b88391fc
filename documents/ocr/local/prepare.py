"""Image preparation for the local engine: decoding (PDF page 1 and its text layer included), orientation,
grey-scale, and for certificates the repairs a phone photo or an office scan needs before Tesseract reads it:
the page found and its perspective undone, the illumination flattened, the skew removed.

Each repair is kept because it measurably helped, and each is cheap: the geometry is estimated on a small copy and
applied in one warp, so the whole preparation stays a small share of Tesseract's own time. Certificate fields right,
with and without each step (12 generated certificates per condition, distorted by hand; issue 9):

    photo (perspective, vignette, table)   page detection   91.0% -> 97.7%
    tilted 4 degrees / skewed yellow scan  deskew           90.2% -> 97.7% / 85.0% -> 95.5%
    dark vignette and a side shadow        flattening       80.5% -> 96.2%
    skewed yellow scan with a grey emblem  whitening        79.7% -> 95.5%

(each pair measured in one run with the step switched off, before whitening learnt to keep print greys; with the
final curve all steps give 96.2% on the scans, 95.5% under the vignette and 96.2% on clean prints)
and on the sample generator's phone photos and office scans (seed 4, 16 certificates): 78.6% -> 89.0% with all.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

from documents import pdf, uploads

from .. import images
from ..base import PermanentOcrError
from .pdf_text import TextLayer, read_layer


@dataclass(frozen=True)
class Page:
    image: Image.Image  # RGB, upright, as decoded (PDF: rendered)
    file_type: str  # pdf | jpg | png
    original_size: tuple[int, int]  # what the resolution rule judges (PDF: the rendered size)
    to_unit: float  # multiply a pixel coordinate of `image` by this to get the reading's unit (PDF: points)
    text: TextLayer | None = None  # a PDF page's own visible text, in points (pdf_text.py)


def sniff_file_type(content: bytes, filename: str) -> str:
    """pdf | png | jpg from the content (the upload check's own signatures), else from the name."""
    sniffed = uploads.EXTENSIONS.get(uploads.sniff_content_type(content[:16]) or "")
    if sniffed:
        return sniffed
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
        ImageOps.exif_transpose(image, in_place=True)  # in place: otherwise an upright page is copied (10 ms)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise PermanentOcrError(unreadable_message, code="unreadable_image") from error
    if image.width < 16 or image.height < 16:
        raise PermanentOcrError(unreadable_message, code="unreadable_image")
    image = images.flatten_on_white(image)
    if file_type not in ("jpg", "png"):
        file_type = {"JPEG": "jpg", "PNG": "png"}.get(image.format or "", "png")
    return Page(image=image, file_type=file_type, original_size=image.size, to_unit=1.0)


def _render_pdf(content: bytes, *, unreadable_message: str) -> Page:
    import pypdfium2 as pdfium

    try:
        with pdf.opened_page(content) as page:
            image, scale = pdf.render(page, dpi=pdf.READING_DPI)
            text = read_layer(page)
    except pdf.EmptyPdf as error:
        raise PermanentOcrError(unreadable_message, code="empty_pdf") from error
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
    red, green, blue = (image if image.mode == "RGB" else image.convert("RGB")).split()  # converting copies
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def darkest_ink(image: Image.Image) -> Image.Image:
    """The image's darkest ink alone, black on white: print, without a seal's grey strokes over it or specks."""
    grey = np.asarray(image.convert("L"))
    if grey.size == 0:
        return image
    darkest, paper = np.percentile(grey, 1), np.percentile(grey, 50)
    return Image.fromarray(np.where(grey < darkest + _DARK_SHARE * (paper - darkest), 0, 255).astype(np.uint8))


_DARK_SHARE = 0.3  # of the way from the darkest ink to the paper: darker than this is print, not a seal's grey


def scale_to(image: Image.Image, *, long_side: int, shrink: bool = False) -> tuple[Image.Image, float]:
    """Upscale a small image so its long side is `long_side` (`shrink`: a larger one down to it too); returns the
    image and the factor applied."""
    current = max(image.size)
    if current == long_side or current > long_side and not shrink:
        return image, 1.0
    factor = long_side / current
    return resized(image, (round(image.width * factor), round(image.height * factor))), factor


def resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A grey or RGB `image` at `size` (width, height), by OpenCV as a page is (`for_certificate`): Lanczos when
    enlarging, pixel areas when shrinking. Two to three times quicker than PIL's Lanczos on a card and its strips,
    which are resized a dozen times a card: 3-4% of a card's time (A/B on 210 development cards, the same fields)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    return Image.fromarray(_resized(np.asarray(image), size))


def _resized(pixels: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    shrinking = size[0] * size[1] < pixels.shape[1] * pixels.shape[0]
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LANCZOS4)


# --- Photos and scans (certificates) -------------------------------------------------------------------------------

# an A4 page at 200 dpi, as most scans are made: read at 300 dpi, 300 development certificates gave 11 fields fewer
# right in 3,355 (but confirmed 15 more) and took a tenth longer (bench/README.md, "The thirteenth round")
MAX_SIDE = 2339
SMALL_SIDE = 1000  # the copy the geometry is estimated on: enough for a tenth of a degree over a page's width
PAGE_MIN_SHARE = 0.2  # a page smaller than this share of the photo is not what was photographed
PAGE_MAX_SHARE = 0.96  # a page filling this much is a scan or a crop: nothing to undo
PAGE_SOLIDITY = 0.92  # of the quadrilateral the bright region fills: a sheet of paper, not a lit corner
PAGE_CONTRAST = 35  # grey levels between the page and its surroundings
SKEW_RANGE = 8.0  # degrees searched either way; a certificate turned further is a photo of something else
SKEW_MIN = 0.5  # below this Tesseract copies with the tilt, and a rotation only blurs the print
BACKGROUND_CELL = 16  # pixels a side: the background is estimated on blocks this size, where print is a faint tint
# After flattening: greys darker than PRINT_UNTIL are print and kept as they are (thin strokes of a soft photo are
# there); lighter than WHITE_FROM is paper (noise, a faint watermark, a shadow's edge) and goes white; in between the
# greys are stretched. Scaling every grey (white from 215, print lighter too) cost a soft low-resolution photo 7 of its
# 11 fields; white from 230 instead of 215 left more of a grey emblem and cost the skewed scans 5 points.
PRINT_UNTIL = 160
WHITE_FROM = 215


@dataclass(frozen=True)
class Prepared:
    """What Tesseract reads, and how a point on it maps back onto the upload as the user sees it."""

    image: Image.Image  # grey
    to_page: np.ndarray  # 3x3 homography: a pixel of `image` -> a pixel of the upright upload
    steps: tuple[str, ...] = field(default=())  # the repairs applied, for the reading's raw data

    @property
    def photographed(self) -> bool:
        """A page found inside the picture and flattened: a photo (or, rarely, a scan showing the page's edge)."""
        return "page" in self.steps

    @property
    def dusty(self) -> bool:
        """A scan from a dusty glass: its specks cleared, but those beside the print kept as marks or ticks."""
        return "dust" in self.steps


def for_certificate(image: Image.Image, *, long_side: int, sharpened: bool = False) -> Prepared:
    """`image` (RGB, upright) ready for Tesseract: coloured ink dropped, page found and flattened, skew removed.

    `sharpened`: a photographed page's second reading (engine.py): the page at an A4 page's size at 200 dpi, its soft
    print sharpened, so Tesseract sees other pixels than in the first reading (`sharpen`)."""
    grey = np.asarray(black_ink(image))
    small, shrink = _small(grey)
    steps: list[str] = []
    warp = np.eye(3)
    size = (grey.shape[1], grey.shape[0])
    corners = find_page(small)
    if corners is not None:
        warp, size = _page_warp(corners / shrink)
        small = cv2.warpPerspective(small, _scaled(warp, shrink), _scaled_size(size, shrink), borderValue=255)
        steps.append("page")
        if sharpened:
            long_side = MAX_SIDE
    angle = text_angle(flatten(small))
    if abs(angle) > SKEW_MIN:
        rotation, size = _rotation(angle, size)
        warp = rotation @ warp
        steps.append("deskew")
    # A small picture is enlarged in the same warp, before flattening: a low-resolution photo's page is only a part
    # of its pixels, and evening out the light on the enlarged print keeps its strokes whole. A larger page (a 300-dpi
    # print, a phone's photo) is brought down to an A4 page at 200 dpi: finer print only makes Tesseract slower.
    factor = min(max(1.0, long_side / max(size)), MAX_SIDE / max(size))
    to_prepared = np.diag((factor, factor, 1.0)) @ warp
    size = (round(size[0] * factor), round(size[1] * factor))
    if steps:
        interpolation = cv2.INTER_LANCZOS4 if factor > 1 else cv2.INTER_LINEAR
        grey = cv2.warpPerspective(grey, to_prepared, size, flags=interpolation, borderValue=255)
    elif factor != 1:
        grey = _resized(grey, size)
    if sharpened and corners is not None:
        grey = sharpen(grey)
        steps.append("sharpened")
    grey, dusty = _despeckled(whiten(darken_pale_print(flatten(grey))))
    if dusty:
        steps.append("dust")
    grey = without_boxes(grey)
    return Prepared(image=Image.fromarray(grey), to_page=np.linalg.inv(to_prepared), steps=tuple(steps))


SHARPEN_RADIUS = 1.2  # pixels of the prepared page: about a stroke's width
SHARPEN_AMOUNT = 0.8  # how much of the blur's difference is added back


def sharpen(grey: np.ndarray) -> np.ndarray:
    """`grey` with its edges steepened (an unsharp mask): a soft photo's strokes that run into each other part."""
    blurred = cv2.GaussianBlur(grey, (0, 0), SHARPEN_RADIUS)
    return cv2.addWeighted(grey, 1 + SHARPEN_AMOUNT, blurred, -SHARPEN_AMOUNT, 0)


RULE_LENGTH = 0.06  # of the page's width (a rule) or height (a column's border): far longer than any stroke of print
RULE_INK = 140  # darker than this is ink


def without_rules(image: Image.Image) -> Image.Image | None:
    """The page (grey) with its ruled lines painted white, or None when it has none.

    Older certificates are boxed tables, and a label in a cell between two rules is a line Tesseract's layout
    analysis loses (a whole 2000s form read as its title, its address and its date). A rule is a straight run of ink
    far longer than any stroke of a character."""
    grey = np.asarray(image.convert("L"))
    ink = (grey < RULE_INK).astype(np.uint8)
    height, width = grey.shape
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(2, round(RULE_LENGTH * width))), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(2, round(RULE_LENGTH * height)), 1), np.uint8))
    rules = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    if not rules.any():
        return None
    cleaned = grey.copy()
    cleaned[rules > 0] = 255
    return Image.fromarray(cleaned)


def _small(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """A copy about SMALL_SIDE pixels long and the factor it was shrunk by (1/k for a whole k)."""
    k = -(-max(grey.shape) // SMALL_SIDE)
    return _shrunk(grey, k), 1 / k


def _shrunk(grey: np.ndarray, k: int) -> np.ndarray:
    """`grey` averaged over k x k blocks; a whole factor keeps OpenCV on its fast path (and x/k exact)."""
    k = min(k, *grey.shape)  # a sliver of an image still keeps one row
    if k <= 1:
        return grey
    height, width = grey.shape[0] // k, grey.shape[1] // k
    return cv2.resize(grey[: height * k, : width * k], (width, height), interpolation=cv2.INTER_AREA)


def _scaled(matrix: np.ndarray, shrink: float) -> np.ndarray:
    """`matrix` (full-size pixels -> full-size pixels) acting on copies shrunk by `shrink`."""
    scale = np.diag((shrink, shrink, 1.0))
    return scale @ matrix @ np.linalg.inv(scale)


def _scaled_size(size: tuple[int, int], shrink: float) -> tuple[int, int]:
    return (max(1, round(size[0] * shrink)), max(1, round(size[1] * shrink)))


def find_page(grey: np.ndarray) -> np.ndarray | None:
    """The corners (top-left, top-right, bottom-right, bottom-left) of the sheet in a photo, or None.

    The sheet is the largest bright region, when it is a solid quadrilateral clearly lighter than what surrounds
    it and does not already fill the picture. Anything less certain is left as it is: a wrong warp would cost
    every field, a missed one only the few a perspective bends."""
    blurred = cv2.GaussianBlur(grey, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))  # print is part of the sheet
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    region = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(region)
    quad = _corners_restored(cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True),
                             size=(grey.shape[1], grey.shape[0]))
    picture = grey.shape[0] * grey.shape[1]
    if quad is None or not cv2.isContourConvex(quad):
        return None
    quad_area = cv2.contourArea(quad)
    if not PAGE_MIN_SHARE * picture <= quad_area <= PAGE_MAX_SHARE * picture:
        return None
    if cv2.contourArea(region) < PAGE_SOLIDITY * quad_area:
        return None
    inside = np.zeros_like(grey)
    cv2.fillConvexPoly(inside, quad, 255)
    if cv2.mean(blurred, inside)[0] - cv2.mean(blurred, cv2.bitwise_not(inside))[0] < PAGE_CONTRAST:
        return None
    points = quad.reshape(4, 2).astype(np.float64)
    by_sum, by_diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[by_sum.argmin()], points[by_diff.argmin()], points[by_sum.argmax()],
                     points[by_diff.argmax()]])


_MOST_CUT_CORNERS = 2
_CUT_TURN = 70.0  # degrees: the outline turns less than this at each end of a cut corner, about 90 at a true one


def _corners_restored(polygon: np.ndarray, *, size: tuple[int, int]) -> np.ndarray | None:
    """A sheet's outline with its corners back where a corner lost in shadow (vignetting, a hand) was cut off.

    The outline turns by about 90 degrees at a true corner, and by two smaller turns at both ends of a cut; the
    two sides beside the cut meet where the corner was. The corner found must lie in the picture."""
    points = polygon.reshape(-1, 2).astype(np.float64)
    if not 4 <= len(points) <= 4 + _MOST_CUT_CORNERS:
        return None
    while len(points) > 4:
        n = len(points)
        turns = [_turn(points[i - 1], points[i], points[(i + 1) % n]) for i in range(n)]
        cut = min(range(n), key=lambda i: max(turns[i], turns[(i + 1) % n]))
        if max(turns[cut], turns[(cut + 1) % n]) >= _CUT_TURN:
            return None
        corner = _meeting_point(points[cut - 1], points[cut], points[(cut + 1) % n], points[(cut + 2) % n])
        margin = 0.02 * max(size)
        inside = corner is not None and all(-margin <= corner[k] <= size[k] + margin for k in (0, 1))
        if not inside:
            return None
        points = np.array([corner if i == cut else p for i, p in enumerate(points) if i != (cut + 1) % n])
    return np.round(points).astype(np.int32).reshape(-1, 1, 2)


def _turn(before: np.ndarray, at: np.ndarray, after: np.ndarray) -> float:
    """How many degrees an outline turns at `at`."""
    incoming, outgoing = at - before, after - at
    cosine = incoming @ outgoing / max(np.linalg.norm(incoming) * np.linalg.norm(outgoing), 1e-9)
    return float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))


def _meeting_point(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray | None:
    """Where the line through a and b meets the line through c and d (None when they are nearly parallel)."""
    ab, cd = b - a, d - c
    denominator = ab[0] * cd[1] - ab[1] * cd[0]
    if abs(denominator) < 1e-6 * np.linalg.norm(ab) * np.linalg.norm(cd):
        return None
    t = ((c[0] - a[0]) * cd[1] - (c[1] - a[1]) * cd[0]) / denominator
    return a + t * ab


def _page_warp(corners: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """The homography that lays the sheet flat, as large as it was photographed."""
    top_left, top_right, bottom_right, bottom_left = corners
    width = max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left))
    height = max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right))
    size = (round(width), round(height))
    target = np.array([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]], dtype=np.float32)
    return cv2.getPerspectiveTransform(corners.astype(np.float32), target).astype(np.float64), size


def text_angle(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) the print's lines are tilted by, 0.0 when it cannot be told.

    Rows of print make the sharpest horizontal projection when they are level: the ink's row histogram is scored
    over candidate angles (coarse, then fine), on a subsample of the ink pixels of the small copy."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(xs) < 500:
        return 0.0
    if len(xs) > 60_000:
        pick = np.random.default_rng(0).choice(len(xs), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs.astype(np.float64) - grey.shape[1] / 2
    ys = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        theta = np.deg2rad(angle)
        rows = np.round(ys * np.cos(theta) + xs * np.sin(theta)).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float((counts * counts).sum())

    coarse = max(np.arange(-SKEW_RANGE, SKEW_RANGE + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.05), key=sharpness)
    return round(float(fine), 2)


def _rotation(angle: float, size: tuple[int, int]) -> tuple[np.ndarray, tuple[int, int]]:
    """The rotation that levels print tilted by `angle`, about the centre, on a canvas that holds all of it."""
    width, height = size
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_size = (round(width * cos + height * sin), round(width * sin + height * cos))
    matrix[0, 2] += new_size[0] / 2 - width / 2
    matrix[1, 2] += new_size[1] / 2 - height / 2
    return np.vstack([matrix, (0.0, 0.0, 1.0)]), new_size


def flatten(grey: np.ndarray) -> np.ndarray:
    """Divide by the page's own lighting: vignetting, a hand's shadow and yellowed paper all become white.

    The background is the brightest value around each spot of a tiny copy (print vanishes at that scale), smoothed
    and brought back to full size; each pixel is scaled by how much darker than white its background is."""
    tiny = _shrunk(grey, BACKGROUND_CELL)
    tiny = cv2.dilate(tiny, np.ones((3, 3), np.uint8))
    tiny = cv2.GaussianBlur(tiny, (0, 0), 1.5)
    background = cv2.resize(tiny, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(background, 1), scale=255)


_LEVELS = np.arange(256, dtype=np.float64)
_STRETCHED = PRINT_UNTIL + (_LEVELS - PRINT_UNTIL) * (255 - PRINT_UNTIL) / (WHITE_FROM - PRINT_UNTIL)
_WHITEN = np.where(_LEVELS < PRINT_UNTIL, _LEVELS, _STRETCHED).clip(0, 255).astype(np.uint8)


# A soft or faded capture leaves print pale grey (its strokes mostly 150-200 after flattening): whitening alone would
# erase them. The print's level is the darker fifth of the ink; a pale one is deepened, white staying white.
INK_SHARE = 0.2
PALE_TARGET = 60  # the grey a pale print's level is brought to
MAX_DEEPEN = 2.5


def darken_pale_print(grey: np.ndarray) -> np.ndarray:
    """Pale print brought back to dark, by scaling every grey's distance from white; dark print is left alone."""
    ink = grey[grey < WHITE_FROM]
    if ink.size < 0.002 * grey.size:
        return grey
    level = float(np.percentile(ink, 100 * INK_SHARE))
    gain = min(MAX_DEEPEN, (255 - PALE_TARGET) / max(1.0, 255 - level))
    if gain <= 1.0:
        return grey
    table = (255 - (255 - _LEVELS) * gain).clip(0, 255).astype(np.uint8)
    return cv2.LUT(grey, table)


SPECK_INK = 150  # darker than this is ink, or a speck of dust
SPECK_REACH = 21  # pixels of the prepared page (about 200 dpi): the square round each ink pixel looked in ...
SPECK_AREA = 24  # ... holding no more ink pixels than this: a speck alone, not print


def without_specks(grey: np.ndarray) -> np.ndarray:
    """Specks of dust and toner on an office scan turned white: ink with almost no other ink round it. A speck
    is a few pixels; the smallest mark of print (a comma, a syllable's short stroke) lies a stroke's width from the
    rest of its word, whose ink the square round it holds. A third independent set's scans carried thousands of
    specks each, and Tesseract read them as marks among the words and lost whole rows."""
    return _despeckled(grey)[0]


def _despeckled(grey: np.ndarray) -> tuple[np.ndarray, bool]:
    """`without_specks`, and whether the page was dusty (`DUSTY_PAGE`)."""
    ink = grey < SPECK_INK
    marked = (grey < WHITE_FROM).astype(np.float32)  # a pale stroke's grey counts as print round the ink
    near = cv2.boxFilter(marked, -1, (SPECK_REACH, SPECK_REACH), normalize=False, borderType=cv2.BORDER_CONSTANT)
    specks = ink & (near <= SPECK_AREA)
    if not specks.any():
        return grey, False
    # with the paler rim round each speck's core, never a pixel of the print kept
    rims = cv2.dilate(specks.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~(ink & ~specks)
    out = grey.copy()
    out[rims] = 255
    # (counted only where there are pixels enough for so many: most pages have a handful of specks)
    dusty = bool(np.count_nonzero(specks) >= DUSTY_PAGE
                 and cv2.connectedComponents(specks.astype(np.uint8), connectivity=8)[0] - 1 >= DUSTY_PAGE)
    return (_dust_cleared(out) if dusty else out), dusty


DUSTY_PAGE = 500  # specks alone on a page: a dusty glass, whose specks also lie in twos and threes
DUST_AREA = 40  # pixels: a blot this small ...
DUST_SIDE = 9  # ... and this narrow and low, on a dusty page, is dust ...
DUST_CLOSE = 5  # ... unless it lies within half this beside a larger blot (a syllable's stroke, a hyphen, a dot) ...
DUST_ABOVE = 7  # ... or half this above or below one (the tick over a syllable's ㅊ or ㅎ) ...
DUST_REACH = 8  # ... or this close after one, low in its line (a comma or a full stop) or wide (a hyphen)
LINE_LOOK = 24  # pixels above and below a blot looked in for its line's print (a line of print is 20-30 tall)
MARK_LOW = 0.75  # where a comma or a full stop sits: its middle this far down its line, or further
HYPHEN_WIDE = 1.5  # a hyphen is at least this much wider than tall, near the middle of its line


def _dust_cleared(grey: np.ndarray) -> np.ndarray:
    """A dusty page (`DUSTY_PAGE`) with its specks that lie close together turned white too: every small blot
    that is not part of the print (everything not white counts as a blot's, so a pale stroke is one blot). A small
    blot is print when it lies within a pixel or two of a larger blot, or just after one in its row, where a comma, a
    full stop or a hyphen is printed (`_a_mark_after_print`).

    Only on a dusty page: on others a dashed rule or an emblem's fine texture is small blots too (on a development
    set without dust, clearing them cost 9 fields and 13 category pairs of 40 certificates). A dust speck beside a
    syllable's upright stroke reads as its tick (`진` read `잔`): keeping every small blot within 8 pixels of print
    left such specks, and 103 dusty development scans read 910 of 1,262 fields; kept as here, 1,001 (bench/README.md,
    "The forty-ninth round"). The tick over a word's first `ㅊ` may go with the dust: keeping small blots further
    above and below print kept the ticks, and more dust, and read 984."""
    marked = (grey < WHITE_FROM).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(marked, connectivity=8)
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (stats[:, cv2.CC_STAT_AREA] <= DUST_AREA) & (np.maximum(widths, heights) <= DUST_SIDE)
    small[0] = False  # the background
    print_blots = ((marked > 0) & ~small[labels]).astype(np.uint8)
    close = cv2.dilate(print_blots, np.ones((DUST_ABOVE, DUST_CLOSE), np.uint8)) > 0
    kept = np.zeros(count, dtype=bool)
    kept[np.unique(labels[close & small[labels]])] = True
    # print at most DUST_REACH pixels to the left, in about the same rows (a glyph's curve leaves its foot further)
    after = cv2.dilate(print_blots, np.ones((DUST_ABOVE, DUST_REACH + 1), np.uint8),
                       anchor=(DUST_REACH, DUST_ABOVE // 2)) > 0
    candidates = np.zeros(count, dtype=bool)
    candidates[np.unique(labels[after & small[labels]])] = True
    for label in np.nonzero(candidates & ~kept)[0]:
        kept[label] = _a_mark_after_print(print_blots, stats[label, :4])
    out = grey.copy()
    out[(small & ~kept)[labels]] = 255
    return out


def _a_mark_after_print(print_blots: np.ndarray, box: np.ndarray) -> bool:
    """The small blot at `box` (x, y, width, height), just after print in its row, sits where a comma or a full stop
    is printed (low in the line of print round it) or is shaped and placed like a hyphen."""
    x, y, width, height = (int(v) for v in box)
    top = max(0, y - LINE_LOOK)
    window = print_blots[top : y + height + LINE_LOOK, max(0, x - DUST_REACH) : x + width + DUST_REACH]
    rows = np.nonzero(window.any(axis=1))[0] + top
    if not len(rows):
        return False
    middle = y + height / 2
    # the run of rows holding print (a line) that the blot's middle lies in
    breaks = np.nonzero(np.diff(rows) > 2)[0]
    for first, last in zip(rows[np.r_[0, breaks + 1]], rows[np.r_[breaks, len(rows) - 1]], strict=True):
        if first - 1 <= middle <= last + height:  # a comma hangs below its line
            where = (middle - first) / max(1, last - first)
            return bool(where >= MARK_LOW or (width >= HYPHEN_WIDE * height and 0.25 <= where <= 0.75))
    return False


def without_boxes(grey: np.ndarray) -> np.ndarray:
    """Solid boxes of one grey (an uploader's redaction over a field, a black marker's bar) turned white, the print
    darker than the box kept. Tesseract's one threshold for the page makes a grey box black, and a black block on a
    row garbles the whole row: seed 9138's certificate 0, a grey box over the birth date beside the representative's
    name, read the row `88 01699 1 02`, the name lost. A box is a blob of the grey at least as tall as a line of
    print (on the prepared page, whose size is fixed), twice as wide, and nine tenths filled: print, barcodes, seals'
    remains and the form's rules are not."""
    # found on a copy a quarter the size (a box is large; labelling every blob of the page cost 20-30 ms)
    small = _shrunk(grey, _BOX_SHRINK)
    _, _, stats, _ = cv2.connectedComponentsWithStats((small < _BOX_GREY).astype(np.uint8), connectivity=4)
    widths, heights, areas = (stats[1:, i] for i in (cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA))
    tall = heights / small.shape[0]
    boxes = stats[1:][(tall >= _BOX_LEAST_HEIGHT) & (tall <= _BOX_MOST_HEIGHT) & (widths >= 2 * heights)
                      & (areas >= _BOX_FILLED * widths * heights)]
    cleaned = grey.copy() if len(boxes) else grey
    for left, top, across, down, _ in boxes * _BOX_SHRINK:
        margin = _BOX_SHRINK  # the box's edge, blurred on the small copy
        part = cleaned[max(0, top - margin) : top + down + margin, max(0, left - margin) : left + across + margin]
        dark = part < _BOX_GREY
        if dark.sum() < _BOX_FILLED * across * down:
            continue  # solid only on the small copy: fine stripes (a barcode), not a box
        level = float(np.median(part[dark]))
        part[dark & (part >= level - _BOX_SPREAD)] = 255  # the box's own grey; print darker than it stays
    return cleaned


_BOX_GREY = 200  # darker than this: a box's grey (redactions are mid-grey to black; the generator's, 128)
_BOX_LEAST_HEIGHT = 0.012  # of the prepared page's height: a line of print is about 0.015 to 0.02
_BOX_MOST_HEIGHT = 0.08
_BOX_FILLED = 0.9
_BOX_SPREAD = 25  # grey levels below the box's median still the box (its shading, noise)
_BOX_SHRINK = 4  # the small copy: a box is found on blocks of 4 x 4 pixels averaged


def whiten(grey: np.ndarray) -> np.ndarray:
    """Levels that turn the palest greys (a watermark's tint, noise on paper) white and leave print as it is."""
    return cv2.LUT(grey, _WHITEN)
