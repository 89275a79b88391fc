"""A card photographed on a busy surface (wood grain, a patterned cloth), told from it by colour.

`card_find` looks for the card where the strong edges are, which holds on a smooth surface. A grained table's
edges fill the picture as much as the card's print does, so no card is found there, and the card reader measures
the picture instead of the card. The surface's colours are those along the picture's border; the card is the one
large, solid region of other colours.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

_WORKING_SIDE = 200  # pixels: the copy the colours are compared on (a card spans a hundred of them or more)
_FRAME = 0.04  # of the picture's shorter side: the border the surface's colours are taken from
_SURFACE_COLOURS = 4  # clusters of the border's colours (a grain's light and dark, its shading)
_OTHER_COLOUR = 20.0  # Lab distance from every surface colour beyond which a pixel is not the surface ...
_SPREAD_OVER_FRAME = 1.5  # ... or this many times the border's own far spread (its 99th percentile), if larger
_SOLID = 0.85  # of the region's turned bounding rectangle it must fill: a card is a solid rectangle
_OUTLINE_SLACK = 0.02  # of the outline's length: how far a corner may be cut (a card's corners are rounded)
_MOST_SIDES = 8  # an outline of more sides is no card's


def card_quad(image: Image.Image, *, smallest: float, largest: float) -> np.ndarray | None:
    """The four corners (as `approxPolyDP` gives them, in `image` pixels) of the one large solid region whose colours
    are not the surface's, covering `smallest` to `largest` of the picture; None when there is no such region."""
    shrink = max(1, max(image.size) // _WORKING_SIDE)
    small = np.asarray((image.reduce(shrink) if shrink > 1 else image).convert("RGB"))
    scale = small.shape[1] / image.width
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (0, 0), 2), cv2.COLOR_RGB2LAB).astype(np.float32)
    rows, cols = lab.shape[:2]
    band = max(2, round(_FRAME * min(rows, cols)))
    frame = np.concatenate([lab[:band].reshape(-1, 3), lab[-band:].reshape(-1, 3),
                            lab[:, :band].reshape(-1, 3), lab[:, -band:].reshape(-1, 3)])
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    cv2.setRNGSeed(0)  # k-means starts from random centres: the same picture gives the same card
    _compactness, _labels, centres = cv2.kmeans(frame, _SURFACE_COLOURS, None, criteria, 3, cv2.KMEANS_PP_CENTERS)
    spread = np.linalg.norm(frame[:, None, :] - centres[None], axis=2).min(axis=1)
    limit = max(_OTHER_COLOUR, _SPREAD_OVER_FRAME * float(np.percentile(spread, 99)))
    other = np.ones(lab.shape[:2], np.uint8)
    for centre in centres:  # a pixel near any of the surface's colours is the surface
        apart = lab - centre
        other &= (np.einsum("ijk,ijk->ij", apart, apart) > limit * limit).astype(np.uint8)
    other = cv2.morphologyEx(other, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    other = cv2.morphologyEx(other, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _hierarchy = cv2.findContours(other, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    region = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(region)
    (_centre, (side_a, side_b), _angle) = cv2.minAreaRect(hull)
    if not smallest <= cv2.contourArea(hull) / (rows * cols) <= largest:
        return None
    if cv2.contourArea(region) < _SOLID * side_a * side_b:
        return None
    outline = cv2.approxPolyDP(hull, _OUTLINE_SLACK * cv2.arcLength(hull, True), True).reshape(-1, 2)
    quad = outline if len(outline) == 4 else _longest_sides_met(outline)
    return None if quad is None else quad / scale


def _longest_sides_met(outline: np.ndarray) -> np.ndarray | None:
    """The corners where the outline's four longest sides, extended, meet: a card whose corner is cut off (its art
    the surface's colour there) or rounded shows five to eight sides, four of them its own."""
    if not 5 <= len(outline) <= _MOST_SIDES:
        return None
    points = outline.astype(np.float64)
    ends = [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]
    longest = sorted(sorted(range(len(ends)), key=lambda i: -np.hypot(*(ends[i][1] - ends[i][0])))[:4])
    corners = []
    for a, b in zip(longest, longest[1:] + longest[:1], strict=True):
        (p, q), (r, t) = ends[a], ends[b]
        d1, d2 = q - p, t - r
        cross = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(cross) < 1e-6 * np.hypot(*d1) * np.hypot(*d2):
            return None  # two of them parallel: no corner between them
        along = ((r - p)[0] * d2[1] - (r - p)[1] * d2[0]) / cross
        corners.append(p + along * d1)
    return np.array(corners)
