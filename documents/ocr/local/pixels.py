"""The ink of a small part of the page, for the marks a reading loses or misreads (a hyphen, a comma, a bracket, the
`㈜` mark): the part thresholded, its blobs, and a blob's shape."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from .tesseract import Box

_BRACKET_CURVE = 0.25  # of its width: how much further right an opening bracket's ends are than its middle
_BRACKET_WIDTH = 0.4  # of its height: a bracket is narrower
# of a word's height: how far above and below its box a bracket may reach (Tesseract's box can cut its ends off)
BRACKET_REACH = 0.35


def binarised(image: Image.Image, box: Box) -> np.ndarray | None:
    """The part of `image` inside `box` (kept within the image: PIL pads outside it with black), grey and thresholded
    (Otsu), ink non-zero; None for a box too small."""
    left, top = max(0, round(box[0])), max(0, round(box[1]))
    right, bottom = min(image.width, round(box[2])), min(image.height, round(box[3]))
    if right - left < 3 or bottom <= top:
        return None
    grey = np.asarray(image.crop((left, top, right, bottom)).convert("L"))
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def blobs(binary: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (left, top, width, height) of the ink's connected blobs, specks of under three pixels left out."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    return [tuple(int(v) for v in stats[i][:4]) for i in range(1, count) if stats[i][cv2.CC_STAT_AREA] >= 3]


def opening_bracket(binary: np.ndarray, blob: tuple[int, int, int, int]) -> bool:
    """The blob is shaped like an opening bracket: narrow for its height, and curved, its ink's left edge further
    right at its ends than at its middle. A digit 1 (its flag and foot reach left), a vowel's stroke (straight) or a
    closing bracket (curved the other way), as tall and narrow, is none."""
    x, y, width, height = blob
    if width > _BRACKET_WIDTH * height:
        return False
    ink = binary[y : y + height, x : x + width] > 0
    edges = np.array([np.flatnonzero(row)[0] if row.any() else np.nan for row in ink], dtype=float)
    fifth = max(1, height // 5)
    ends = np.nanmean(np.concatenate([edges[:fifth], edges[-fifth:]]))
    middle = np.nanmean(edges[2 * fifth : height - 2 * fifth]) if height > 4 * fifth else np.nan
    return bool(ends - middle >= _BRACKET_CURVE * width)
