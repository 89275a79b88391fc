"""Where the card lies in a photo or a scan: the card alone is what the card reader measures everything against.

The number strip is found by sizes relative to the image (digit height, a row spanning most of the width), which
holds for a picture of the card itself but not for a phone photo where the card fills half the frame: its digits
are then too small and its number row too short to count. The surface a card is photographed on is smooth (shading,
vignetting, grain), the card is not (print, edges of its artwork, its own outline), so the card is where the
strong edges are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image

from . import card_sides, card_surface
from .tesseract import Box

_WORKING_SIDE = 400  # pixels: the copy the edges are looked for on; a card's outline and print survive it
_EDGE_FLOOR = 20.0  # gradient (grey levels per pixel, smoothed) below this is shading or grain, not print
_EDGE_OVER_MEDIAN = 4.0  # ... and on a busy picture, below this many times the typical gradient
_OUTLIERS = 0.2  # percent of edge pixels left out on each side: a speck or a corner of the surface's texture
_MARGIN = 0.04  # of the box's size, added around it: the outermost print sits a little inside the card's edge
_WORTH_CROPPING = 0.85  # a box covering more of the image than this on both sides is the card as it is


class Edges(NamedTuple):
    """Where the strong edges are (`edge_points`), in image pixels."""

    xs: np.ndarray
    ys: np.ndarray
    part: np.ndarray  # each one's connected edge (a number)
    part_size: np.ndarray  # ... and how many pixels that edge holds (on the working copy)
    at_border: np.ndarray  # each one's: part of an edge that runs into the picture's border (a scanner bed's band)

    def where(self, keep: np.ndarray) -> Edges:
        return Edges(self.xs[keep], self.ys[keep], self.part[keep], self.part_size[keep], self.at_border[keep])

    def around_largest(self) -> Edges:
        """The edges within the bounding box of the longest connected one (a card's outline, and its print inside
        it; not a hair or a blot of dust beside the card)."""
        largest = np.bincount(self.part).argmax()
        xs, ys = self.xs[self.part == largest], self.ys[self.part == largest]
        return self.where((self.xs >= xs.min()) & (self.xs <= xs.max()) & (self.ys >= ys.min())
                          & (self.ys <= ys.max()))


class Located(NamedTuple):
    """Where the card lies: its corners when seen at a slant (`card_corners`, or by colour on a grained table), or
    when found by its four sides (card_sides.py), else its box and turn (`card_outline`, or by colour)."""

    corners: np.ndarray | None
    box: Box | None
    tilt: float


def locate(image: Image.Image) -> Located:
    """The card in `image`, its edges looked for once: its corners where a phone saw it at a slant, else its box
    (None when it fills the picture) and how far it is turned. Where the edges fill the picture, the card is told
    from the surface by colour (card_surface.py), when one stands out; where they spread over more than the card,
    by its four straight sides (card_sides.py)."""
    found = edge_points(image)
    corners = _corners(found, size=image.size)
    if corners is not None:
        # an outline running into the picture's border: the lines between planks, or veins, taken in with a card
        # lying small on them (development seed 77's far photos: the table unwarped as the card)
        if _at_border(corners, size=image.size) and not _card_shaped_picture(image) and (
                inner := _sides_within(image, corners)) is not None:
            return Located(inner, None, 0.0)
        return Located(corners, None, 0.0)
    box, tilt = _outline(found, size=image.size)
    if box is None and found is not None and (on_surface := _on_surface(image)) is not None:
        # the edges fill the picture: a card alone, or a card on a grained table (a sixth independent set's
        # photos, whose number rows were measured against the table); a region of the card's colour running off
        # the picture took in the table's too (development seed 2231's photo 13, on wood)
        if on_surface.corners is not None and _off_picture(on_surface.corners, size=image.size) and (
                inner := _sides_within(image, on_surface.corners)) is not None:
            return Located(inner, None, 0.0)
        return on_surface
    if found is not None and not _card_shaped_picture(image):
        # a card small in a photo on marble or planks, whose veins or lines the edges' box takes in, or turned so
        # far that its upright box holds as much table as card (a seventh independent set's photos, read as
        # nothing): its four sides, where they lie elsewhere than that box says or the card is turned that far;
        # unwarped by them whatever the slant, which also turns it upright
        corners = _four_sides(image, steep=box is None)
        if corners is not None and (box is None or abs(tilt) >= _TURNED_FAR
                                    or not _same_place(_corners_box(corners), box)):
            return Located(corners, None, 0.0)
    return Located(None, box, tilt)


def elsewhere(image: Image.Image, located: Located) -> Iterator[Located]:
    """Other places the card may lie, likeliest first, for when where `locate` found it reads as no card number: the
    picture as it is, when `located` was a part of it (a scan's card taken for its lighter half, a photo's upright
    card for its signature panel); the card's four sides (card_sides.py), unless they are the corners it was unwarped
    by already (a photo's upright card on marble, boxed with the veins round it and read turned). Each is looked for
    only when the one before it read no number."""
    if located.corners is not None or located.box is not None:
        yield Located(None, None, 0.0)
    corners = _four_sides(image)
    if corners is not None and (located.corners is None
                                or not _same_place(_corners_box(corners), _corners_box(located.corners))):
        yield Located(corners, None, 0.0)


def _four_sides(image: Image.Image, *, steep: bool = False) -> np.ndarray | None:
    """The card's corners found by its four straight sides (card_sides.py), in `_ordered`'s order; None when none are
    found."""
    quad = card_sides.card_quad(image, ratio=CARD_RATIO, slack=_RATIO_SLACK, steep=steep)
    return None if quad is None else _ordered(quad)


def _sides_within(image: Image.Image, outline: np.ndarray) -> np.ndarray | None:
    """The card's four sides (card_sides.py) where they lie mostly within `outline`, an outline that took in the
    surface with the card: elsewhere than it, or anywhere in it when it has a corner off the picture (which no card
    seen whole has); None otherwise."""
    inner = _four_sides(image)
    if inner is not None and _inside(inner, outline) and (
            _off_picture(outline, size=image.size) or not _same_place(_corners_box(inner), _corners_box(outline))):
        return inner
    return None


def _at_border(corners: np.ndarray, *, size: tuple[int, int]) -> bool:
    """A corner within `_BORDER_NEAR` of the picture's edge, or past it."""
    return _near_edge(corners, size=size, within=_BORDER_NEAR)


def _off_picture(corners: np.ndarray, *, size: tuple[int, int]) -> bool:
    """A corner past the picture's edge by more than `_BORDER_NEAR`."""
    return _near_edge(corners, size=size, within=-_BORDER_NEAR)


def _near_edge(corners: np.ndarray, *, size: tuple[int, int], within: float) -> bool:
    """A corner within `within` of the picture's width or height from its edge (past it, when negative)."""
    width, height = size
    xs, ys = corners[:, 0], corners[:, 1]
    near_x, near_y = within * width, within * height
    return bool(((xs <= near_x) | (xs >= width - near_x) | (ys <= near_y) | (ys >= height - near_y)).any())


_BORDER_NEAR = 0.02


def _inside(inner: np.ndarray, outer: np.ndarray) -> bool:
    """Most of the quadrilateral `inner` lies within `outer` (an outline that took in the surface may also have cut
    a corner of the card off: development seed 2231's photo 13, on wood)."""
    shared, _ = cv2.intersectConvexConvex(inner.astype(np.float32), outer.astype(np.float32))
    return shared >= _MOSTLY_INSIDE * cv2.contourArea(inner.astype(np.float32))


_MOSTLY_INSIDE = 0.8


def _corners_box(corners: np.ndarray) -> Box:
    (left, top), (right, bottom) = corners.min(axis=0).tolist(), corners.max(axis=0).tolist()
    return (left, top, right, bottom)


def _same_place(a: Box, b: Box) -> bool:
    """Two boxes overlapping by most of their union: the same card found two ways."""
    across = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    down = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    shared = across * down
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - shared
    return shared >= _SAME_PLACE * union


_SAME_PLACE = 0.6
_TURNED_FAR = 10.0  # degrees


def _card_shaped_picture(image: Image.Image) -> bool:
    """The picture has a card's proportions: the card alone, cut out (a print, a thumbnail), whose outline is the
    picture's border; a rectangle inside it is its art's."""
    return abs(max(image.size) / min(image.size) - CARD_RATIO) <= _PICTURE_RATIO_SLACK


# a camera's 3:2 frame (1.50) is no card's picture: at 0.12, photos of a card lying small in one were never looked
# into for its sides (development seed 4242's far photos, read as nothing)
_PICTURE_RATIO_SLACK = 0.05


def card_outline(image: Image.Image) -> tuple[Box | None, float]:
    """Where the card lies in `image`: its bounding box in `image` pixels (None when the card already fills the
    picture), and how far it is turned (degrees, within 45 of upright or of a quarter turn; positive when its long
    side runs down to the right), from the smallest rectangle around its edges; 0 when no card is found.

    A card photographed 5 to 8 degrees off drops its number row by more than a digit's height across the card, so
    the row is no longer found as one; the card's outline still gives the angle."""
    return _outline(edge_points(image), size=image.size)


def _outline(found: Edges | None, *, size: tuple[int, int]) -> tuple[Box | None, float]:
    if found is None:
        return None, 0.0
    rect = _rectangle(found)
    box = _box(found, size=size, sides=rect[1])
    if (box is None or not _outlined(found, _upright(box))) and (inner := _within_border(found, size=size)) is not None:
        # the edges fill the picture, or a box no card outlines, but along its border only (a scanner lid's shadow, a
        # dark band under the card's bed) or with dust spread over a whole page (seed 4321's scan 14); inside them,
        # the card's own outline: the card lies there (a fifth independent set's scan, read as nothing for want of
        # the crop); a hair or a blot of dust beside it is no part of it (a sixth's)
        inner = inner.around_largest()
        inner_rect = _rectangle(inner)
        inner_box = _box(inner, size=size, sides=inner_rect[1])
        if inner_box is not None and _outlined(inner, _upright(inner_box)):
            return inner_box, _tilt(inner_rect)
        # on a plain bed nothing but the card is outlined: it may lie small on a whole page's scan, turned a few
        # degrees, its outline looked for along its own sides (a ninth independent set's cards on A4 beds, a
        # twentieth of the page, read as nothing)
        if inner_box is None and _rect_card_shaped(inner_rect):
            small_box = _box(inner, size=size, sides=inner_rect[1], smallest=_SMALLEST_ON_A_BED)
            if small_box is not None and _outlined(inner, inner_rect):
                return small_box, _tilt(inner_rect)
    return box, _tilt(rect)


def _within_border(found: Edges, *, size: tuple[int, int]) -> Edges | None:
    """The edges away from the picture's border (`_BORDER` of its width and height along each edge) and not running
    into it (a band along a skewed scan's edge is wider at one end), specks of dust on the bed left out; None when
    too few are left. An edge lying mostly away from the border keeps its part within it: a card laid against the
    page's edge on a whole page's scan, its outline otherwise cut short of a card's shape (development seeds 77,
    6871 and 9001: read as nothing)."""
    xs, ys = found.xs, found.ys
    width, height = size
    in_strip = ~((xs >= _BORDER * width) & (xs < (1 - _BORDER) * width)
                 & (ys >= _BORDER * height) & (ys < (1 - _BORDER) * height))
    share_in_strip = np.bincount(found.part, weights=in_strip) / np.maximum(np.bincount(found.part), 1)
    inside = ((~in_strip | (share_in_strip[found.part] < _MOSTLY_IN_STRIP)) & ~found.at_border
              & (found.part_size >= _SPECK_AREA))
    return found.where(inside) if inside.sum() >= _MIN_EDGE_PIXELS else None


def _outlined(found: Edges, rect: tuple) -> bool:
    """Edges run along each of the four sides of `rect` (a turned rectangle as cv2.minAreaRect gives it: centre,
    sides, angle), within its margin, most of each side's length: a card's outline. The print on a card that fills
    the picture leaves no such frame round itself."""
    (centre_x, centre_y), (width, height), angle = rect
    turn = np.radians(angle)
    dx, dy = found.xs - centre_x, found.ys - centre_y
    across = dx * np.cos(turn) + dy * np.sin(turn)  # along the rectangle's `width` side
    down = -dx * np.sin(turn) + dy * np.cos(turn)
    reach_x, reach_y = 2 * _MARGIN * width, 2 * _MARGIN * height
    for near, along, length in ((np.abs(across + width / 2) < reach_x, down, height),
                                (np.abs(across - width / 2) < reach_x, down, height),
                                (np.abs(down + height / 2) < reach_y, across, width),
                                (np.abs(down - height / 2) < reach_y, across, width)):
        covered = np.unique(np.floor((along[near] / length + 0.5) * _SIDE_STEPS).astype(int))
        if np.count_nonzero((covered >= 0) & (covered < _SIDE_STEPS)) < _OUTLINE_COVER * _SIDE_STEPS:
            return False
    return True


def _upright(box: Box) -> tuple:
    """`box` as a rectangle turned by nothing (for `_outlined`)."""
    left, top, right, bottom = box
    return ((left + right) / 2, (top + bottom) / 2), (right - left, bottom - top), 0.0


def card_corners(image: Image.Image) -> np.ndarray | None:
    """The card's four corners in `image` (top-left, top-right, bottom-right, bottom-left), when a phone saw it at a
    slant: its outline a four-sided shape, clearly no rectangle (one corner off a right angle by `_KEYSTONE` or
    more), that unwarped has a card's shape. None otherwise: a card seen straight on, or turned in its plane, is
    read as it is (`card_outline` gives its turn), and an outline less certain is left alone, a wrong warp costing
    every field. A fourth independent set's photos were seen at up to 25 degrees, their number rows a digit's height
    lower at one end and a fifth shorter at the other."""
    return _corners(edge_points(image), size=image.size)


def _corners(found: Edges | None, *, size: tuple[int, int]) -> np.ndarray | None:
    if found is None:
        return None
    hull = cv2.convexHull(np.column_stack((found.xs, found.ys)).astype(np.float32))
    quad = cv2.approxPolyDP(hull, _OUTLINE_SLACK * cv2.arcLength(hull, True), True).reshape(-1, 2)
    if len(quad) != 4:
        return None
    area = cv2.contourArea(quad) / (size[0] * size[1])
    if not _SMALLEST_QUAD <= area <= _LARGEST_QUAD:
        return None
    corners = _ordered(quad)
    return corners if corners is not None and _keystoned(corners) and _card_shaped(corners) else None


def _on_surface(image: Image.Image) -> Located | None:
    """The card told from a busy surface by colour (card_surface.py): its corners when seen at a slant, else its box
    and turn; None when no card-shaped region stands out."""
    quad = card_surface.card_quad(image, smallest=_SMALLEST_QUAD, largest=_LARGEST_QUAD)
    corners = None if quad is None else _ordered(quad)
    if corners is None or not _card_shaped(corners):
        return None
    if _keystoned(corners):
        return Located(corners, None, 0.0)
    left, top, right, bottom = _corners_box(corners)
    pad_x, pad_y = _MARGIN * (right - left), _MARGIN * (bottom - top)
    box = (max(0.0, left - pad_x), max(0.0, top - pad_y), min(float(image.width), right + pad_x),
           min(float(image.height), bottom + pad_y))
    return Located(None, box, _tilt(cv2.minAreaRect(corners.astype(np.float32))))


def _ordered(quad: np.ndarray) -> np.ndarray | None:
    """A convex four-sided outline's corners as top-left, top-right, bottom-right, bottom-left; None for another
    shape."""
    if len(quad) != 4 or not cv2.isContourConvex(quad.reshape(-1, 1, 2).astype(np.float32)):
        return None
    by_sum, by_diff = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    corners = np.array([quad[by_sum.argmin()], quad[by_diff.argmin()], quad[by_sum.argmax()], quad[by_diff.argmax()]],
                       dtype=np.float64)
    return corners if len({tuple(c) for c in corners.tolist()}) == 4 else None


def _keystoned(corners: np.ndarray) -> bool:
    """Seen at a slant: some corner off a right angle by `_KEYSTONE` or more."""
    return max(abs(_corner_angle(corners, i) - 90.0) for i in range(4)) >= _KEYSTONE


def _card_shaped(corners: np.ndarray) -> bool:
    across, down = unwarped_size(corners)
    return abs(max(across, down) / min(across, down) - CARD_RATIO) <= _RATIO_SLACK


CARD_RATIO = 85.60 / 53.98  # ISO/IEC 7810 ID-1
_OUTLINE_SLACK = 0.02  # of the outline's length: how far a corner may be cut (a card's corners are rounded)
_SMALLEST_QUAD = 0.2  # of the picture: a smaller four-sided shape is a logo or the chip
_LARGEST_QUAD = 0.75  # ... and a larger one a picture of the card itself, whose outline its own print blurs
_KEYSTONE = 4.0  # degrees off a right angle at some corner
_RATIO_SLACK = 0.35  # a slanted card's sides seen shortened: its measured shape is a card's within this


def unwarped_size(corners: np.ndarray) -> tuple[float, float]:
    """The card's width and height once unwarped: its longer pair of sides' mean length, the other side in a card's
    proportion (the sides a slant shortens cannot be measured)."""
    top, bottom = np.hypot(*(corners[1] - corners[0])), np.hypot(*(corners[2] - corners[3]))
    left, right = np.hypot(*(corners[3] - corners[0])), np.hypot(*(corners[2] - corners[1]))
    across, down = (top + bottom) / 2, (left + right) / 2
    if across >= down:
        return float(across), float(across / CARD_RATIO)
    return float(down / CARD_RATIO), float(down)


def _corner_angle(corners: np.ndarray, i: int) -> float:
    a, b, c = corners[i - 1], corners[i], corners[(i + 1) % 4]
    u, v = a - b, c - b
    cosine = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
    return float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))))


def _rectangle(found: Edges) -> tuple:
    """The smallest turned rectangle around the edges (cv2.minAreaRect: centre, sides, angle), outliers left out."""
    xs, ys = found.xs, found.ys
    inside = ((xs >= np.percentile(xs, _OUTLIERS)) & (xs <= np.percentile(xs, 100 - _OUTLIERS))
              & (ys >= np.percentile(ys, _OUTLIERS)) & (ys <= np.percentile(ys, 100 - _OUTLIERS)))
    return cv2.minAreaRect(np.column_stack((xs[inside], ys[inside])).astype(np.float32))


def _rect_card_shaped(rect: tuple) -> bool:
    """The turned rectangle (cv2.minAreaRect) has a card's proportions."""
    long, short = max(rect[1]), min(rect[1])
    return short > 0 and abs(long / short - CARD_RATIO) <= _BED_CARD_SLACK


def _box(found: Edges, *, size: tuple[int, int], sides: tuple[float, float],
         smallest: float | None = None) -> Box | None:
    """The edges' upright bounding box, with a margin; None when the card fills the picture. A card turned a few
    degrees fills more of its upright box than of itself: whether it fills the picture is judged by its own sides
    (`sides`, of the turned rectangle around it), matched long to long with the picture's."""
    xs, ys = found.xs, found.ys
    left, right = (float(v) for v in np.percentile(xs, [_OUTLIERS, 100 - _OUTLIERS]))
    top, bottom = (float(v) for v in np.percentile(ys, [_OUTLIERS, 100 - _OUTLIERS]))
    pad_x, pad_y = _MARGIN * (right - left), _MARGIN * (bottom - top)
    width, height = size
    box = (max(0.0, left - pad_x), max(0.0, top - pad_y), min(float(width), right + pad_x),
           min(float(height), bottom + pad_y))
    across, down = sorted(sides, reverse=width >= height)
    if (1 + 2 * _MARGIN) * across > _WORTH_CROPPING * width and (1 + 2 * _MARGIN) * down > _WORTH_CROPPING * height:
        return None
    smallest = _SMALLEST if smallest is None else smallest
    if box[2] - box[0] < smallest * width or box[3] - box[1] < smallest * height:
        return None  # a logo or a glint on a plain card, not the card: cropping to it would lose the number
    return box


def _tilt(rect: tuple) -> float:
    corners = cv2.boxPoints(rect)
    sides = [corners[1] - corners[0], corners[2] - corners[1]]
    dx, dy = max(sides, key=lambda v: float(np.hypot(*v)))
    angle = float(np.degrees(np.arctan2(dy, dx)))
    return (angle + 45.0) % 90.0 - 45.0


def edge_points(image: Image.Image) -> Edges | None:
    """Where the strong edges are, in `image` pixels, or None when there are too few to say."""
    grey = np.asarray(image.convert("L"))
    height, width = grey.shape
    shrink = max(1, max(height, width) // _WORKING_SIDE)
    small = cv2.resize(grey, (max(1, width // shrink), max(1, height // shrink)), interpolation=cv2.INTER_AREA)
    smooth = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.5)
    strength = cv2.magnitude(cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1))
    floor = max(_EDGE_FLOOR, _EDGE_OVER_MEDIAN * float(np.median(strength)))
    strong = (strength > floor).astype(np.uint8)
    _count, labels, stats, _centres = cv2.connectedComponentsWithStats(strong, connectivity=8)
    ys, xs = np.nonzero(strong)
    if xs.size < _MIN_EDGE_PIXELS:
        return None
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right, bottom = left + stats[:, cv2.CC_STAT_WIDTH], top + stats[:, cv2.CC_STAT_HEIGHT]
    # a band runs along the border (a scanner lid's shadow, a bed's dark edge); a card laid in the glass's corner
    # only touches it (development seed 6871's whole-page scans: its outline left out with the band, read as nothing)
    along_x = (right - left) >= _ALONG_BORDER * strong.shape[1]
    along_y = (bottom - top) >= _ALONG_BORDER * strong.shape[0]
    bordering = np.flatnonzero(((top == 0) | (bottom == strong.shape[0])) & along_x
                               | ((left == 0) | (right == strong.shape[1])) & along_y)
    part = labels[ys, xs]
    return Edges(xs.astype(np.float64) * shrink, ys.astype(np.float64) * shrink, part,
                 stats[part, cv2.CC_STAT_AREA], np.isin(part, bordering[bordering > 0]))


_MIN_EDGE_PIXELS = 50
_ALONG_BORDER = 0.5  # of the picture's side: an edge touching the border and running this far along it is a band
_SPECK_AREA = 40  # edge pixels, on the working copy: a blot of dust on a scanner's glass or bed rings this few
_BORDER = 0.04  # of the picture's width and height along its edges: where a scanner lid's shadow lies ...
_MOSTLY_IN_STRIP = 0.5  # ... and an edge with this share of its pixels there or more is the shadow's
_SIDE_STEPS = 20  # a side of the box in so many steps ...
_OUTLINE_COVER = 0.6  # ... this share of them with edges along it: an outline (a card's corners are round)
_SMALLEST = 0.3  # of the image's width and height: a photographed card fills at least about half the frame
_SMALLEST_ON_A_BED = 0.08  # ... and one on a scanner's plain bed, outlined in a card's shape, at least this
_BED_CARD_SLACK = 0.15  # the outline's proportions a card's within this (its corners are round)
