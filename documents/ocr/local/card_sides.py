"""A card lying small in a photo on a patterned surface (marble veins, wood planks), found by its four straight sides.

`card_find` takes the card to be where the strong edges are. A surface's own strong edges (a marble's veins, the
lines between planks) then widen what is taken for the card to most of the picture, and a card covering a sixth of
the frame is read as if it filled it. `card_surface` tells the card by colour, which fails where the card's art
shares the surface's colours. Its outline tells it still: four straight sides, in a card's proportions, along which
the picture's colour changes for most of their length. Veins and grain are not straight; a plank's line is, but it
runs across the picture, and no card-shaped quadrilateral has every side on such lines.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np
from PIL import Image

_WORKING_SIDE = 480  # pixels: the copy the sides are looked for on
_SHORTEST_SEGMENT = 0.04  # of the copy's shorter side: a straight piece shorter than this is texture
_COLLINEAR_ANGLE = np.radians(3.0)  # two pieces this near in direction ...
_COLLINEAR_OFFSET = 4.0  # ... and this near across (copy pixels) are one line
_LINES = 24  # the lines with the most straight length along them: a card's four sides are among them
_OPPOSITE_ANGLE = np.radians(20.0)  # opposite sides of a card seen at a slant: at most this far from parallel ...
# ... or this far, where nothing else says where the card is: a card seen steeply from the side (development seed
# 9001's far photo 64: its left and right sides 22 degrees apart). Where the edges' box holds the card, shapes of its
# own art would pass for it as well (seed 9001's upright card 56, cut by the frame: a triangle and a stripe of it)
_STEEP_OPPOSITE_ANGLE = np.radians(28.0)
_ADJACENT_ANGLE = np.radians(55.0)  # two adjacent sides: at least this far apart in direction
_SMALLEST = 0.08  # of the picture: a smaller quadrilateral is the chip, a logo or a signature panel
_LARGEST = 0.85
_ALONG = np.linspace(0.12, 0.88, 40)  # where along each side its edge is looked for (not the rounded corners)
_ACROSS = (-2, -1, 0, 1, 2)  # copy pixels either side of it
_EDGE_FLOOR = 12.0  # colour gradient (Lab units per pixel) below this is no edge ...
_EDGE_OVER_MEDIAN = 3.0  # ... nor below this many times the picture's typical gradient
_SIDE_COVER = 0.5  # of each side's length at least, an edge runs along it
_CHROMA_GAIN = 1.5  # a change of colour counts this much more than one of lightness: a card's art on a table of
# about its lightness differs from it in hue
_AREA_WEIGHT = 0.3  # how much a larger candidate is preferred to a better-edged one (the card, not its art's frame)
_TRIED = 20  # the best-edged candidates looked at for a surface round them
_OUTSIDE = 8.0  # copy pixels out from a side: the surface beside the card
# Lab distance at most between the surface's median colours beside two sides (cards on wood, stone, desks and beds:
# up to 36 under uneven light; a card's lower part under its signature panel: 55 and 78, the card's colour beside it)
_SURFACE_SPREAD = 45.0


def card_quad(image: Image.Image, *, ratio: float, slack: float, steep: bool = False) -> np.ndarray | None:
    """The card's four corners in `image` pixels (in order round it), or None when no four straight sides in a card's
    proportions (its opposite sides' mean lengths `ratio` to one, give or take `slack`), each with an edge along most
    of it, are found. `steep`: nothing else places the card, and a pair of its sides may be seen further from
    parallel."""
    shrink = max(1, max(image.size) // (2 * _WORKING_SIDE))  # reduced by PIL first: a phone's 12 megapixels took
    reduced = np.asarray((image.reduce(shrink) if shrink > 1 else image).convert("RGB"))  # 0.2 s to convert whole
    height, width = reduced.shape[:2]
    scale = _WORKING_SIDE / max(height, width)
    small = cv2.resize(reduced, (max(1, round(width * scale)), max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA)
    lab = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2LAB).astype(np.float32), (0, 0), 1.0)
    lines = _lines(lab)
    if len(lines) < 4:
        return None
    quads = _candidates(lines, size=lab.shape[1::-1], ratio=ratio, slack=slack,
                        opposite=_STEEP_OPPOSITE_ANGLE if steep else _OPPOSITE_ANGLE)
    if not len(quads):
        return None
    strength = _gradient(lab)
    floor = max(_EDGE_FLOOR, _EDGE_OVER_MEDIAN * float(np.median(strength)))
    cover = _cover(strength, quads, floor=floor)
    areas = np.array([cv2.contourArea(quad.astype(np.float32)) for quad in quads]) / strength.size
    score = np.where(cover.min(axis=1) >= _SIDE_COVER, cover.mean(axis=1) + _AREA_WEIGHT * areas, -1.0)
    for best in np.argsort(-score)[:_TRIED]:
        if score[best] < 0:
            break
        if _one_surface_round(lab, quads[best]):
            return quads[best] * (shrink / scale)
    return None


def _one_surface_round(lab: np.ndarray, quad: np.ndarray) -> bool:
    """The colours just outside the quadrilateral's four sides are alike: one surface round a card. A part of a card
    (its lower half under the signature panel on an upright back, the rest of it cut off by the picture's edge) has
    the card's own colour outside one side and the table's outside the others."""
    height, width = lab.shape[:2]
    at = np.round(_along_sides(quad[None], out=_OUTSIDE)[0]).astype(int)
    colours = lab[np.clip(at[..., 1], 0, height - 1), np.clip(at[..., 0], 0, width - 1)]  # sides x points x 3
    medians = np.median(colours, axis=1)
    return float(np.linalg.norm(medians[:, None] - medians[None], axis=2).max()) <= _SURFACE_SPREAD


def _gradient(lab: np.ndarray) -> np.ndarray:
    """Each pixel's colour gradient: lightness's or the stronger hue's (`_CHROMA_GAIN` times), the larger."""
    def magnitude(channel: np.ndarray) -> np.ndarray:
        return cv2.magnitude(cv2.Sobel(channel, cv2.CV_32F, 1, 0), cv2.Sobel(channel, cv2.CV_32F, 0, 1))

    return np.maximum(magnitude(lab[:, :, 0]), _CHROMA_GAIN * np.maximum(magnitude(lab[:, :, 1]),
                                                                         magnitude(lab[:, :, 2])))


def _lines(lab: np.ndarray) -> np.ndarray:
    """The straight lines of the picture (rows of direction, offset and straight length along them), the longest
    first: straight pieces found in its lightness and in each hue (stretched), those in line joined."""
    detector = cv2.createLineSegmentDetector()
    pieces = []
    for index in range(3):
        channel = lab[:, :, index] if index == 0 else 128 + 2 * (lab[:, :, index] - 128)
        found = detector.detect(np.clip(channel, 0, 255).astype(np.uint8))[0]
        if found is not None:
            pieces.append(found.reshape(-1, 4))
    if not pieces:
        return np.zeros((0, 3))
    pieces = np.concatenate(pieces)
    x1, y1, x2, y2 = pieces.T
    length = np.hypot(x2 - x1, y2 - y1)
    keep = length >= _SHORTEST_SEGMENT * min(lab.shape[:2])
    x1, y1, x2, y2, length = x1[keep], y1[keep], x2[keep], y2[keep], length[keep]
    theta = np.arctan2(y2 - y1, x2 - x1) % np.pi
    lines: list[list[float]] = []  # direction, offset, length
    for index in np.argsort(-length):
        middle_x, middle_y = (x1[index] + x2[index]) / 2, (y1[index] + y2[index]) / 2
        for line in lines:
            apart = abs(theta[index] - line[0])
            if min(apart, np.pi - apart) < _COLLINEAR_ANGLE and abs(
                    -np.sin(line[0]) * middle_x + np.cos(line[0]) * middle_y - line[1]) < _COLLINEAR_OFFSET:
                line[2] += length[index]
                break
        else:
            lines.append([theta[index], -np.sin(theta[index]) * middle_x + np.cos(theta[index]) * middle_y,
                          length[index]])
    lines.sort(key=lambda line: -line[2])
    return np.array(lines[:_LINES])


def _candidates(lines: np.ndarray, *, size: tuple[int, int], ratio: float, slack: float,
                opposite: float) -> np.ndarray:
    """The card-shaped convex quadrilaterals within the picture that two pairs of nearly parallel lines make
    (quadrilaterals x corners x 2)."""
    width, height = size
    theta, offset = lines[:, 0], lines[:, 1]
    apart = np.abs(theta[:, None] - theta[None, :]) % np.pi
    apart = np.minimum(apart, np.pi - apart)
    # where each two lines meet: n_a . p = offset_a and n_b . p = offset_b, solved by Cramer's rule
    sin, cos = np.sin(theta), np.cos(theta)
    det = -sin[:, None] * cos[None, :] + cos[:, None] * sin[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        meet_x = (offset[:, None] * cos[None, :] - cos[:, None] * offset[None, :]) / det
        meet_y = (-sin[:, None] * offset[None, :] + offset[:, None] * sin[None, :]) / det
    meets = np.stack([meet_x, meet_y], axis=-1)
    pairs = np.array([(a, b) for a, b in itertools.combinations(range(len(lines)), 2)
                      if apart[a, b] < opposite]).reshape(-1, 2)
    if len(pairs) < 2:
        return np.zeros((0, 4, 2))
    first, second = np.triu_indices(len(pairs), k=1)
    a, b = pairs[first].T
    c, d = pairs[second].T
    square = ((apart[a, c] >= _ADJACENT_ANGLE) & (apart[a, d] >= _ADJACENT_ANGLE) & (apart[b, c] >= _ADJACENT_ANGLE)
              & (apart[b, d] >= _ADJACENT_ANGLE))
    a, b, c, d = a[square], b[square], c[square], d[square]
    quads = np.stack([meets[a, c], meets[c, b], meets[b, d], meets[d, a]], axis=1)
    inside = ((quads[..., 0] >= -3) & (quads[..., 0] <= width + 3) & (quads[..., 1] >= -3)
              & (quads[..., 1] <= height + 3)).all(axis=1)
    quads = quads[inside]
    sides = np.linalg.norm(np.roll(quads, -1, axis=1) - quads, axis=2)
    across, down = (sides[:, 0] + sides[:, 2]) / 2, (sides[:, 1] + sides[:, 3]) / 2
    shape = np.maximum(across, down) / np.maximum(np.minimum(across, down), 1e-9)
    kept = []
    for quad in quads[np.abs(shape - ratio) <= slack]:
        contour = quad.astype(np.float32).reshape(-1, 1, 2)
        if _SMALLEST <= cv2.contourArea(contour) / (width * height) <= _LARGEST and cv2.isContourConvex(contour):
            kept.append(quad)
    return np.array(kept).reshape(-1, 4, 2)


def _cover(strength: np.ndarray, quads: np.ndarray, *, floor: float) -> np.ndarray:
    """For each side of each quadrilateral, the share of the points along it with an edge (`floor` or stronger)
    within two pixels across it (quadrilaterals x sides)."""
    height, width = strength.shape
    best = np.zeros((len(quads), 4, len(_ALONG)))
    for step in _ACROSS:
        at = np.round(_along_sides(quads, out=step)).astype(int)
        best = np.maximum(best, strength[np.clip(at[..., 1], 0, height - 1), np.clip(at[..., 0], 0, width - 1)])
    return (best > floor).mean(axis=2)


def _along_sides(quads: np.ndarray, *, out: float) -> np.ndarray:
    """Points along each side of each quadrilateral (`_ALONG`), moved `out` pixels away from its middle (inwards
    when negative): quadrilaterals x sides x points x 2."""
    direction = np.roll(quads, -1, axis=1) - quads
    normal = np.stack([-direction[..., 1], direction[..., 0]], axis=-1) / np.maximum(
        np.linalg.norm(direction, axis=-1, keepdims=True), 1e-9)
    outwards = np.einsum("qsk,qsk->qs", quads + direction / 2 - quads.mean(axis=1, keepdims=True), normal)
    normal *= np.where(outwards < 0, -1.0, 1.0)[..., None]
    return (quads[:, :, None, :] + direction[:, :, None, :] * _ALONG[None, None, :, None]
            + out * normal[:, :, None, :])
