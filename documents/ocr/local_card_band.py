"""Where a card's number is printed, found from the pixels alone, and the versions of that strip Tesseract reads best.

Tesseract's page pass misses the number on many real cards: embossed digits are the card's own colour with only a
highlight and a shadow to see them by, OCR-A shapes and photographic artwork confuse its line finding. The number
itself is easy to find without reading it: a row of three to five equally tall, stroke-dense groups across most of
the card. Each such strip is then cut out and offered to Tesseract in several binarisations, digits only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from .local_text import Box

DIGIT_HEIGHT = 44  # pixels: a strip is scaled so its digits are about this tall, where Tesseract reads best


def number_bands(image: Image.Image, *, limit: int = 2) -> list[Box]:
    """The likeliest strips holding the card number, best first (boxes in `image` pixels, full width)."""
    grey = np.asarray(image.convert("L"))
    height, width = grey.shape
    unit = max(width, height) / 1000
    # Strokes, not artwork: a black-hat and a top-hat keep marks thinner than a digit (dark print, light print,
    # an embossing's highlight and shadow) and drop the broad shapes and gradients of the picture behind them.
    stroke = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(15 * unit)), max(3, round(15 * unit))))
    marks = np.maximum(cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, stroke), cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT,
                                                                                          stroke))
    edges = np.abs(cv2.Sobel(marks, cv2.CV_32F, 1, 0, ksize=3))
    edges = cv2.normalize(edges, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    # Letters of a group close up into one blob; the wider gaps between groups stay open.
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(21 * unit)), max(1, round(5 * unit))))
    joined = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, closing)
    _, binary = cv2.threshold(joined, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    short = min(width, height)
    blobs = [cv2.boundingRect(c) for c in contours]
    blobs = [(x, y, w, h) for x, y, w, h in blobs if 0.035 * short <= h <= 0.16 * short and w >= 1.3 * h]
    rows = _rows(blobs)
    scored = sorted(((_score(row, width), row) for row in rows), key=lambda pair: pair[0], reverse=True)
    bands: list[Box] = []
    for score, row in scored:
        if score <= 0 or len(bands) >= limit:
            break
        top = min(y for _, y, _, _ in row)
        bottom = max(y + h for _, y, _, h in row)
        pad = 0.35 * (bottom - top)
        band = (0.0, max(0.0, top - pad), float(width), min(float(height), bottom + pad))
        if not any(_overlap(band, other) > 0.5 for other in bands):
            bands.append(band)
    return bands


def _rows(blobs: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Blobs of about the same height whose centres sit on one horizontal line."""
    rows: list[list[tuple[int, int, int, int]]] = []
    for blob in sorted(blobs, key=lambda b: b[1] + b[3] / 2):
        centre, tall = blob[1] + blob[3] / 2, blob[3]
        for row in rows:
            row_centre = sum(b[1] + b[3] / 2 for b in row) / len(row)
            row_tall = sorted(b[3] for b in row)[len(row) // 2]
            if abs(centre - row_centre) < 0.4 * row_tall and 0.6 < tall / row_tall < 1.6:
                row.append(blob)
                break
        else:
            rows.append([blob])
    return rows


def _score(row: list[tuple[int, int, int, int]], width: int) -> float:
    """A number row: three to five groups (one long run when the groups touch) spanning most of the card."""
    span = max(x + w for x, _, w, _ in row) - min(x for x, _, _, _ in row)
    if span < 0.4 * width:
        return 0.0
    groups = len(row)
    shape = 1.0 if 3 <= groups <= 5 else 0.6 if groups in (1, 2, 6) else 0.3
    return shape * span / width


def _overlap(a: Box, b: Box) -> float:
    inter = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return inter / max(1.0, min(a[3] - a[1], b[3] - b[1]))


def scale_for_reading(strip: Image.Image) -> tuple[Image.Image, float]:
    """The strip scaled so its digits are about DIGIT_HEIGHT tall (a strip is about 1.7 digit heights)."""
    factor = DIGIT_HEIGHT * 1.7 / max(1, strip.height)
    factor = min(4.0, max(0.5, factor))
    size = (max(1, round(strip.width * factor)), max(1, round(strip.height * factor)))
    return strip.resize(size, Image.Resampling.LANCZOS), factor


def binarisations(strip: Image.Image) -> list[Image.Image]:
    """Versions of the strip with dark digits on white, the likeliest to read first.

    Otsu on the strip alone (the art elsewhere no longer pulls the threshold), both polarities; then a top-hat and a
    black-hat, which keep an embossing's thin highlight and shadow where no threshold separates the digit's body from
    the card; then an adaptive threshold for artwork whose brightness changes along the strip.
    """
    grey = np.asarray(strip.convert("L"))
    grey = cv2.GaussianBlur(grey, (3, 3), 0)
    _, otsu = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    dark_on_light = otsu if np.count_nonzero(otsu) > otsu.size / 2 else 255 - otsu
    light_on_dark = 255 - dark_on_light
    stroke = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, DIGIT_HEIGHT // 3),) * 2)
    tophat = cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, stroke)
    blackhat = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, stroke)
    relief = 255 - cv2.normalize(np.maximum(tophat, blackhat), None, 0, 255, cv2.NORM_MINMAX)
    _, relief_binary = cv2.threshold(relief, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    adaptive = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                     (DIGIT_HEIGHT * 4) | 1, 10)
    if np.count_nonzero(adaptive) < adaptive.size / 2:
        adaptive = 255 - adaptive
    return [Image.fromarray(a) for a in (dark_on_light, light_on_dark, relief_binary, relief, adaptive)]


# Digit shapes cards print: OCR-A (Debian fonts-ocr-a), the Farrington-like square embossing digits (DejaVu Sans Mono
# Bold is the nearest free face), and the plain bold sans faces of printed backs. A font that is not installed is
# skipped: the others still match, and Tesseract reads the strip either way.
TEMPLATE_FONTS = (
    "/usr/share/fonts/truetype/ocr-a/OCRA.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
)
GLYPH = 40  # templates and glyphs are compared on a GLYPH x GLYPH canvas, aspect kept
MATCH_FLOOR = 0.45  # a blob that matches no digit better than this is artwork, not a digit


@dataclass(frozen=True)
class Glyph:
    digit: str
    score: float  # 0..1, normalised correlation with the best template
    box: Box


@functools.cache
def _templates() -> tuple[tuple[str, np.ndarray], ...]:
    from PIL import ImageDraw, ImageFont

    shapes = []
    for path in TEMPLATE_FONTS:
        try:
            font = ImageFont.truetype(path, 96)
        except OSError:
            continue
        for digit in "0123456789":
            canvas = Image.new("L", (160, 160), 0)
            ImageDraw.Draw(canvas).text((20, 10), digit, font=font, fill=255)
            ink = np.asarray(canvas) > 127
            shapes.append((digit, _normalised(ink)))
    return tuple(shapes)


def _normalised(ink: np.ndarray) -> np.ndarray:
    """The ink's bounding box scaled to GLYPH tall (aspect kept), centred on a square canvas, zero-mean unit-norm."""
    rows, cols = np.nonzero(ink)
    if rows.size == 0:
        return np.zeros((GLYPH, GLYPH), dtype=np.float32)
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].astype(np.float32)
    scale = GLYPH / crop.shape[0]
    width = max(1, min(GLYPH, round(crop.shape[1] * scale)))
    resized = cv2.resize(crop, (width, GLYPH), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((GLYPH, GLYPH), dtype=np.float32)
    left = (GLYPH - width) // 2
    canvas[:, left : left + width] = resized
    canvas -= canvas.mean()
    norm = float(np.linalg.norm(canvas))
    return canvas / norm if norm else canvas


def match_digits(binary: Image.Image) -> list[Glyph]:
    """The digits of a dark-on-white strip, left to right, each matched against rendered digit templates.

    Independent of Tesseract, so a number both read the same way is unlikely to be a shared mistake.
    """
    ink = np.asarray(binary.convert("L")) < 128
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]
    strip_height = ink.shape[0]
    tall = [b for b in boxes if 0.35 * strip_height <= b[3] <= 0.95 * strip_height]
    if not tall:
        return []
    typical = float(np.median([b[3] for b in tall]))
    digits = sorted((b for b in tall if 0.75 * typical <= b[3] <= 1.25 * typical and b[2] <= 1.2 * typical),
                    key=lambda b: b[0])
    glyphs = []
    for x, y, w, h in digits:
        shape = _normalised(ink[y : y + h, x : x + w])
        digit, score = max(((d, float((shape * t).sum())) for d, t in _templates()), key=lambda pair: pair[1])
        if score >= MATCH_FLOOR:
            glyphs.append(Glyph(digit=digit, score=score, box=(float(x), float(y), float(x + w), float(y + h))))
    return glyphs


def grouped(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs split into printed groups where the gap is clearly wider than between digits of one group."""
    if not glyphs:
        return []
    gaps = [b.box[0] - a.box[2] for a, b in zip(glyphs, glyphs[1:], strict=False)]
    typical = float(np.median([g.box[3] - g.box[1] for g in glyphs]))
    groups = [[glyphs[0]]]
    for gap, glyph in zip(gaps, glyphs[1:], strict=True):
        if gap > 0.55 * typical:
            groups.append([glyph])
        else:
            groups[-1].append(glyph)
    return groups
