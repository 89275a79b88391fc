"""Where a card's number is printed, found from the pixels alone, and the versions of that strip Tesseract reads best.

Tesseract's page pass misses the number on many real cards: embossed digits are the card's own colour with only a
highlight and a shadow to see them by, OCR-A shapes and photographic artwork confuse its line finding. The number
itself is easy to find without reading it: a row of three to five equally tall, stroke-dense groups across a
good part of the card. Each such strip is then cut out and offered to Tesseract in several binarisations, digits only.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np
from PIL import Image

from .prepare import resized
from .recent import Recent, image_key
from .tesseract import Box

DIGIT_HEIGHT = 44  # pixels: a strip is scaled so its digits are about this tall, where Tesseract reads best
DARK_CARD = 100  # median grey: a card darker than this prints its text light (on 1,200 cards, 90 to 110 read alike)


def median_grey(image: Image.Image) -> int:
    """The median grey (as `int(np.median(...))`), from the image's histogram: a tenth of sorting its pixels."""
    counts = np.cumsum(np.bincount(np.asarray(image.convert("L")).ravel(), minlength=256))
    total = int(counts[-1])
    lower, upper = (int(np.searchsorted(counts, k, side="right")) for k in ((total - 1) // 2, total // 2))
    return int((lower + upper) / 2)


def number_bands(image: Image.Image, *, limit: int = 2) -> list[Box]:
    """The likeliest strips holding the card number, best first (boxes in `image` pixels, full width)."""
    height, width = image.height, image.width
    bands: list[Box] = []
    for row in _number_rows(image):
        if len(bands) >= limit:
            break
        top = min(y for _, y, _, _ in row)
        bottom = max(y + h for _, y, _, h in row)
        pad = 0.35 * (bottom - top)
        band = (0.0, max(0.0, top - pad), float(width), min(float(height), bottom + pad))
        if not any(_overlap(band, other) > 0.5 for other in bands):
            bands.append(band)
    return bands


def skew_degrees(image: Image.Image) -> float | None:
    """How far the number row slopes (degrees, positive when it runs down to the right); None when none is found.

    Photos and scans are a degree or two off; across a card that moves the last group by half a digit's height,
    enough to break a strip read as one line.
    """
    rows = _number_rows(image)
    if not rows or len(rows[0]) < 3:
        return None
    centres = np.array([(x + w / 2, y + h / 2) for x, y, w, h in rows[0]], dtype=np.float64)
    slope = float(np.polyfit(centres[:, 0], centres[:, 1], 1)[0])
    return float(np.degrees(np.arctan(slope)))


def _two_rows_of_eight(strokes: tuple[np.ndarray, float], *, width: int) -> list[Box]:
    """A number printed in two stacked rows of two groups each (`5105 9448` over `2959 6594`): the rows' boxes, top
    to bottom, or [] when there is none. The rows are runs of group-sized blobs left-aligned under one another,
    about as tall as each other and close; the first two such rows are the number's (the expiry's row may follow)."""
    rows = sorted((_box_of(row) for row in _rows(_group_blobs(strokes)) if 1 <= len(row) <= 2),
                  key=lambda box: box[1])
    for start, first in enumerate(rows):
        stack = [first]
        for box in rows[start + 1 :]:
            last = stack[-1]
            tall = last[3] - last[1]
            # under one another: the left edges aligned, or the right ones where a row's first digits were lost
            # (OCR-A's thin `8` of `8533` on a scan)
            aligned = abs(box[0] - first[0]) < tall or abs(box[2] - first[2]) < tall
            if (aligned and 0.8 < (box[3] - box[1]) / tall < 1.25
                    and 0.2 * tall < box[1] - last[3] < 1.6 * tall):
                stack.append(box)
        if len(stack) >= 2 and all(_groups_in(box) == 2 for box in stack[:2]):
            # both rows over their common span and a digit beyond: a group may be found short (an embossing's
            # broken strokes lose a digit or two at its end), and the rows start at one left edge
            tall = stack[0][3] - stack[0][1]
            left = max(0.0, min(b[0] for b in stack[:2]) - tall)
            right = min(float(width), max(b[2] for b in stack[:2]) + tall)
            return [(left, top, right, bottom) for _, top, _, bottom in stack[:2]]
    return []


def _box_of(row: list[tuple[int, int, int, int]]) -> Box:
    return (float(min(x for x, _, _, _ in row)), float(min(y for _, y, _, _ in row)),
            float(max(x + w for x, _, w, _ in row)), float(max(y + h for _, y, _, h in row)))


def _groups_in(box: Box) -> int:
    """How many groups of digits a stacked row holds: one when it is about as wide as four digits, else two."""
    tall = box[3] - box[1]
    return 1 if (box[2] - box[0]) < 4.5 * tall else 2


def stacked_groups(image: Image.Image) -> list[Box]:
    """An upright card's number printed in four rows of four digits, one above the other (some newer designs): the
    four groups' boxes top to bottom, or none. The groups are alike in height and width, start at one left edge,
    and follow each other at one even step of about one and a half rows; a row of the card's other text differs in
    one of those (the date's label is smaller, the holder's name wider, the issuer far above). One row merged with a
    stroke of the artwork may be missing: three rows at the even step place the fourth. Else an American Express
    number in three rows of four, six and five digits (`_amex_rows`), or a number printed in two rows of eight
    (`_two_rows_of_eight`): those rows' boxes."""
    strokes = _strokes(image)  # the two-rows finder below looks at the same strokes
    blobs = sorted((b for b in _line_blobs(strokes) if 1.6 * b[3] <= b[2] <= 7.0 * b[3]), key=lambda b: b[1])
    fours = [b for b in blobs if b[2] <= 5.0 * b[3]]
    for wanted in (4, 3):
        for start in fours:
            x, y, w, h = start
            alike = [b for b in fours if abs(b[0] - x) <= 0.5 * h and 0.75 < b[3] / h < 1.33 and 0.7 < b[2] / w < 1.43]
            for other in alike:
                for rows_apart in (1, 2):
                    step = (other[1] - y) / rows_apart
                    if not 1.1 * h <= step <= 2.4 * h:
                        continue
                    found = [next((b for b in alike if abs(b[1] - (y + k * step)) < 0.25 * h), None) for k in range(4)]
                    if sum(b is not None for b in found) >= wanted:
                        return [_box_of([b]) if b is not None else (float(x), y + k * step, float(x + w),
                                                                    y + k * step + h)
                                for k, b in enumerate(found)]
    return _amex_rows(blobs) or _two_rows_of_eight(strokes, width=image.width)


def _amex_rows(blobs: list[tuple[int, int, int, int]]) -> list[Box]:
    """Three rows starting at one left edge, alike in height, at one even step, as wide as four, six and five digits
    of one face (`3740` over `516892` over `65156`): their boxes, top to bottom, or []."""
    for x, y, w, h in blobs:
        under = [b for b in blobs if abs(b[0] - x) <= 0.5 * h and 0.8 < b[3] / h < 1.25 and b[1] > y]
        for second in under:
            step = second[1] - y
            if not (1.1 * h <= step <= 2.4 * h and _SIX_OF_FOUR[0] < second[2] / w < _SIX_OF_FOUR[1]):
                continue
            third = next((b for b in under if abs(b[1] - (y + 2 * step)) < 0.25 * h
                          and _FIVE_OF_FOUR[0] < b[2] / w < _FIVE_OF_FOUR[1]), None)
            if third is not None:
                return [_box_of([b]) for b in ((x, y, w, h), second, third)]
    return []


# how much wider than the row of four a row of six and one of five digits are: 1.5 and 1.25 in a face of even
# digit widths, a little off where a narrow 1 falls
_SIX_OF_FOUR = (1.3, 1.75)
_FIVE_OF_FOUR = (1.08, 1.45)


def _line_blobs(strokes: tuple[np.ndarray, float]) -> list[tuple[int, int, int, int]]:
    """Runs of print joined along their line (x, y, width, height), as tall as a number's digits: strokes kept by a
    top-hat and a black-hat (light print and dark), thresholded, and closed across the gaps between letters (a row
    of a stacked number holds one group, so nothing beside it is joined to it). `strokes`: `_strokes` of the image."""
    marks, unit = strokes
    height, width = marks.shape
    _, binary = cv2.threshold(marks, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2)))
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(30 * unit)), 1))
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, closing)
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    short = min(width, height)
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]
    return [(x, y, w, h) for x, y, w, h in boxes if _LEAST_TALL * short <= h <= 0.16 * short]


def _number_rows(image: Image.Image) -> list[list[tuple[int, int, int, int]]]:
    """Rows of group-sized blobs of digit-like marks that span most of the card, best first (kept: never changed)."""
    key = image_key(image)
    found = _kept_rows.get(key)
    if found is None:
        found = _rows_found(image)
        _kept_rows.keep(key, found)
    return found


# A card's rows are looked for twice in the same image, for its slope and for its number strips (when it is level
# enough not to be turned in between): each image's rows are kept rather than found again (6 ms a card in two).
_kept_rows: Recent[list[list[tuple[int, int, int, int]]]] = Recent(8)


def _rows_found(image: Image.Image) -> list[list[tuple[int, int, int, int]]]:
    strokes = _strokes(image)
    scored = _scored_rows(strokes, width=image.width)
    best = scored[0] if scored else (0.0, [])
    faint: list[tuple[float, list[tuple[int, int, int, int]]]] = []
    if not (best[0] > 0 and _GROUPS[0] <= len(best[1]) <= _GROUPS[1]):
        # the threshold is the whole card's: digits crossing from a dark part of the artwork onto a light one keep
        # their strong edges only on the dark, and the best row is a group or two, or none. Strokes half as strong
        # are kept then, when they give the number's three to five groups across more of the card.
        faint = _scored_rows(strokes, width=image.width, share=_FAINT_EDGES)
        if faint and _GROUPS[0] <= len(faint[0][1]) <= _GROUPS[1] and faint[0][0] > best[0]:
            scored = faint
    if not any(score > 0 for score, _ in scored):
        # a stroke of the artwork can join a group to the print above or below it (a low-resolution photo of a
        # card's back, seed 3147's card 4: a triangle's edges joined `4599 28` to the `02/19` under it): the blob,
        # as tall as both lines and wider than the group, made no row, and the card read "nothing found". Then each
        # blob is cut to its rows as full as a group's (`_densest_rows`). Only then: cutting every card's blobs
        # changed 15 of 480 development cards' readings, 8 for the better and 7 for the worse.
        scored = _scored_rows(strokes, width=image.width, cut=True)
    if not any(score > 0 for score, _ in scored):
        # a number whose groups are set close, run into one long blob at the fainter edges and into pieces that
        # overlap at the card's own (light digits on a mid-grey gradient, seed 4391's held-out card 35: read as
        # nothing): that run is the row
        scored = faint
    return [row for score, row in scored if score > 0]


def _scored_rows(strokes: tuple[np.ndarray, float], *, width: int, share: float = 1.0, cut: bool = False
                 ) -> list[tuple[float, list[tuple[int, int, int, int]]]]:
    """The rows of group blobs (`_group_blobs` at `share` of the edge threshold, `cut` to their fullest rows) with
    their `_score`, best first."""
    return sorted(((_score(row, width), row) for row in _rows(_group_blobs(strokes, share=share, cut=cut))),
                  key=lambda pair: pair[0], reverse=True)


_FAINT_EDGES = 0.5  # share of the card's own edge threshold


def _group_blobs(strokes: tuple[np.ndarray, float], *, share: float = 1.0, cut: bool = False
                 ) -> list[tuple[int, int, int, int]]:
    """Blobs of digit-like marks as large as a group of the number's digits (x, y, width, height), in the image whose
    `_strokes` these are. `share`: of the edge strength Otsu's threshold chooses over the whole image; `cut`: each
    blob cut to its run of rows as full as a group's (`_densest_rows`)."""
    marks, unit = strokes
    height, width = marks.shape
    edges = np.abs(cv2.Sobel(marks, cv2.CV_32F, 1, 0, ksize=3))
    edges = cv2.normalize(edges, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    # Letters of a group close up into one blob; the wider gaps between groups stay open.
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(21 * unit)), max(1, round(5 * unit))))
    joined = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, closing)
    threshold, binary = cv2.threshold(joined, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if share != 1.0:
        _, binary = cv2.threshold(joined, share * threshold, 255, cv2.THRESH_BINARY)
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    short = min(width, height)
    if cut:  # labelling the blobs costs ten times as much as their outlines: only when they are to be cut
        count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
        blobs = [_densest_rows(labels, index, stats[index, :4]) for index in range(1, count)
                 if stats[index, 3] >= _LEAST_TALL * short]
    else:
        blobs = [cv2.boundingRect(c) for c in cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]]
    return [(x, y, w, h) for x, y, w, h in blobs if _LEAST_TALL * short <= h <= 0.16 * short and w >= 1.3 * h]


_LEAST_TALL = 0.035  # of the image's shorter side: a blob lower than this is fine print, not the number's digits


def _densest_rows(labels: np.ndarray, index: int, box: np.ndarray) -> tuple[int, int, int, int]:
    """The blob `index` of `labels` (its box `x, y, w, h`) cut to its run of rows as full as a group's: at least
    _FULL_ROWS of its fullest row. A group alone is about as full in every row; a line of print joined to it by a
    stroke of the artwork is narrower, and the stroke narrower still."""
    x, y, w, h = (int(v) for v in box)
    mask = labels[y : y + h, x : x + w] == index
    fill = mask.sum(axis=1)
    full = np.nonzero(fill >= _FULL_ROWS * fill.max())[0]
    runs = np.split(full, np.nonzero(np.diff(full) > 1)[0] + 1)
    run = max(runs, key=lambda rows: int(fill[rows[0] : rows[-1] + 1].sum()))
    columns = np.nonzero(mask[run[0] : run[-1] + 1].any(axis=0))[0]
    return x + int(columns[0]), y + int(run[0]), int(columns[-1] - columns[0] + 1), int(run[-1] - run[0] + 1)


_FULL_ROWS = 0.5  # of a blob's fullest row


def _strokes(image: Image.Image) -> tuple[np.ndarray, float]:
    """Strokes, not artwork: a black-hat and a top-hat keep marks thinner than a digit (dark print, light print, an
    embossing's highlight and shadow) and drop the broad shapes and gradients of the picture behind them. Also the
    image's unit, a thousandth of its long side in pixels, that the kernels are measured in."""
    grey = np.asarray(image.convert("L"))
    unit = max(grey.shape) / 1000
    stroke = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(15 * unit)), max(3, round(15 * unit))))
    return np.maximum(cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, stroke),
                      cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, stroke)), unit


def _rows(blobs: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Blobs of about the same height whose centres sit on one horizontal line.

    A blob joins every row it fits and starts one of its own: a group of the number merged with a stroke of the
    artwork (taller, its centre higher) would otherwise start a row that the number's other groups then join, and
    neither half would span the card."""
    rows: list[list[tuple[int, int, int, int]]] = []
    for blob in sorted(blobs, key=lambda b: b[1] + b[3] / 2):
        centre, tall = blob[1] + blob[3] / 2, blob[3]
        for row in rows:
            row_centre = sum(b[1] + b[3] / 2 for b in row) / len(row)
            row_tall = sorted(b[3] for b in row)[len(row) // 2]
            if abs(centre - row_centre) < 0.6 * row_tall and 0.55 < tall / row_tall < 1.8:
                row.append(blob)
        rows.append([blob])
    return rows


_GROUPS = (3, 5)  # a number row's groups: 4-4-4-4, 4-6-5, or two of them run together
# of the image's width: a number row spans at least this much. A number in a condensed face, or on a back, spans
# less than the two fifths this once was: seed 6619's held-out cards 16 (an American Express scan with its margin,
# 0.34) and 22 (a back, 0.39) and 2291's card 35 found no row and read "nothing found" (bench/README.md, round 31)
_ROW_SPAN = 0.3


def _score(row: list[tuple[int, int, int, int]], width: int) -> float:
    """A number row: three to five groups (one long run when the groups touch) one after another, spanning a good
    part of the picture (`_ROW_SPAN`); the wider, the likelier."""
    span = max(x + w for x, _, w, _ in row) - min(x for x, _, _, _ in row)
    if span < _ROW_SPAN * width or not _one_after_another(row):
        return 0.0
    groups = len(row)
    shape = 1.0 if _GROUPS[0] <= groups <= _GROUPS[1] else 0.6 if groups in (1, 2, 6) else 0.3
    return shape * span / width


def _one_after_another(row: list[tuple[int, int, int, int]]) -> bool:
    """The row's blobs follow one another across, as a number's groups do. Lines of fine print under one another
    (`This card is the property of the issuer` over `Lost or stolen: +82-2-...`) made a row too, on a card whose
    number row the pixels missed: taken for the number's, its blobs' centres sloped by 3.4 degrees on a level card,
    and the card turned by that much was read as nothing."""
    return all(after[0] >= before[0] + before[2] for before, after in itertools.pairwise(sorted(row)))


def _overlap(a: Box, b: Box) -> float:
    inter = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return inter / max(1.0, min(a[3] - a[1], b[3] - b[1]))


LEAST_OF_STRIP = 0.25  # of a strip's height, the least a band of strokes taken for its digits spans


def scale_for_reading(strip: Image.Image, *, faint: bool = False) -> tuple[Image.Image, float]:
    """The strip scaled so its digits are about DIGIT_HEIGHT tall (`digit_scale`); returns it and the factor."""
    factor = digit_scale(strip, faint=faint)
    return scaled(strip, factor), factor


def scaled(image: Image.Image, factor: float) -> Image.Image:
    """`image` resized `factor` times (prepare.resized), a pixel a side at the least."""
    return resized(image, (max(1, round(image.width * factor)), max(1, round(image.height * factor))))


def digit_scale(strip: Image.Image, *, faint: bool = False, least: float = LEAST_OF_STRIP) -> float:
    """The factor that scales the strip's digits to about DIGIT_HEIGHT tall.

    The digits' height is measured, not assumed from the strip's: the rows where strokes are dense (the vertical
    profile of the gradient) span the digits, while the strip's own height also holds relief, shadow and artwork; of
    two runs of such rows (a line of small print under the number), the denser (`_densest_run`).
    Templates are compared at one size, and a digit a fifth too small already reads as another digit.
    `faint`: rows of weaker strokes count too. An embossed digit's light body on a light card has far weaker edges
    than its shadow, whose rows alone the usual measure takes in: the digits come out a seventh too small.
    `least`: the share of the strip's height a band of strokes must span to be taken for the digits (a number's
    strip is cut to its digits; a place a date may be printed in is cut wide, and its digits may be a sixth of it).
    """
    grey = np.asarray(strip.convert("L"), dtype=np.float32)
    smooth = cv2.GaussianBlur(grey, (0, 0), 1.0)
    profile = np.abs(cv2.Sobel(smooth, cv2.CV_32F, 1, 0)).sum(axis=1)
    share = _FAINT if faint else _DENSE
    dense = np.nonzero(profile >= share * profile.max())[0] if profile.max() > 0 else np.array([])
    dense = _densest_run(dense, profile, gap=max(2.0, _ROW_GAP * strip.height))
    measured = float(dense[-1] - dense[0] + 1) if dense.size else strip.height / 1.7
    if not least * strip.height <= measured <= 0.9 * strip.height:
        measured = strip.height / 1.7  # no clear band of strokes: a strip is about 1.7 digit heights
    return min(4.0, max(0.3, DIGIT_HEIGHT / measured))


def _densest_run(dense: np.ndarray, profile: np.ndarray, *, gap: float) -> np.ndarray:
    """Of the dense rows (ascending), the run holding the most strokes: rows further apart than `gap` are two lines of
    print, the number and the small digits or the name under it, and measured as one they made the number's digits
    half as tall again as they are (58 pixels for 39), which the templates then read as nothing."""
    if dense.size == 0:
        return dense
    runs = np.split(dense, np.nonzero(np.diff(dense) > gap)[0] + 1)
    return max(runs, key=lambda run: float(profile[run[0] : run[-1] + 1].sum()))


_ROW_GAP = 0.05  # of a strip's height: a gap of less dense rows this tall parts two lines of print


SAME_SIZE = 0.02  # two scalings of a strip this close (a fiftieth) read the same
_DENSE = 0.5  # share of the busiest row's strokes a row of the digits holds
_FAINT = 0.4  # ... with faint strokes counted


def binarisations(strip: Image.Image) -> list[Image.Image]:
    """Versions of the strip with dark digits on white, the likeliest to read first.

    Otsu on the strip alone (the art elsewhere no longer pulls the threshold); then a top-hat and a black-hat, which
    keep an embossing's thin highlight and shadow where no threshold separates the digit's body from the card; then
    an adaptive threshold for artwork whose brightness changes along the strip.
    """
    grey = np.asarray(strip.convert("L"))
    grey = cv2.GaussianBlur(grey, (3, 3), 0)
    _, otsu = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    stroke = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(3, DIGIT_HEIGHT // 3),) * 2)
    relief = np.maximum(cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, stroke), cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT,
                                                                                           stroke))
    _, relief = cv2.threshold(relief, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    adaptive = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY,
                                     (DIGIT_HEIGHT * 4) | 1, 10)
    return [Image.fromarray(_paper_white(a)) for a in (otsu, relief, adaptive)]


INK_SHARE = 0.12  # of a number strip's pixels: about what its digits' strokes cover


def ink_share(strip: Image.Image) -> Image.Image:
    """The strip's darkest `INK_SHARE` of pixels as dark digits on white, or its lightest when those stand further
    from its middle grey (light digits). Dark embossed digits on dark, shaded art (held-out seed 8806's card 27): Otsu
    took the art's shadows for ink, the relief gave the digits' edges only, and the card was read as nothing. Read
    only then (card._read_at_angle): as a pass of every unsure card, it and another binarisation of the same strip
    agreed on a specimen number's 0 read as a 9 that Luhn accepts (fresh seed 4127's scan 15)."""
    grey = cv2.GaussianBlur(np.asarray(strip.convert("L")), (3, 3), 0)
    dark, middle, light = np.percentile(grey, (100 * INK_SHARE, 50, 100 * (1 - INK_SHARE)))
    if middle - dark >= light - middle:
        return Image.fromarray(np.where(grey <= dark, 0, 255).astype(np.uint8))
    return Image.fromarray(np.where(grey >= light, 0, 255).astype(np.uint8))


def _paper_white(binary: np.ndarray) -> np.ndarray:
    """Most of a number strip is card, not digits: make that majority white."""
    return binary if np.count_nonzero(binary) > binary.size / 2 else 255 - binary
