"""Card digits read by matching rendered digit shapes, independently of Tesseract.

Tesseract's English model reads OCR-A and embossed Farrington digits poorly: it was trained on book print. The
shapes cards use are few and known, so each is rendered once and slid along the number strip. The comparison is on
edges, not ink: a printed digit and an embossed one (no ink, only a highlight and a shadow along its outline) have
the same outline, so one set of templates serves both, whatever the colours and the artwork behind them. Except on a
light card, where the highlight is lost against the card and the edges are the shadow's, offset from the digit: the
embossing face is kept a second time as such a digit shows.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .recent import Recent, image_key
from .tesseract import Box

# OCR-A (Debian fonts-ocr-a); the square Farrington-like embossing digits (DejaVu Sans Mono Bold is the
# nearest free face); a plain bold sans face of printed numbers. A font that is not installed is skipped.
# DejaVu Sans Bold was a face too: without it 460 development cards read one expiry more right and 150 cards of the
# seeds 1493 and 6047 one less (neither confident), every number the same, and a card's median time is 3.5% shorter
# (bench/README.md, "The thirty-fifth round"). Liberation Sans Bold is kept: without it, five expiries fewer.
TEMPLATE_FONTS = (
    "/usr/share/fonts/truetype/ocr-a/OCRA.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
MATCH_FLOOR = 0.45  # below this a window looks like no digit at all (artwork, a gap)
_EDGE_BLUR = 1.5  # edges are blurred so a digit of a slightly different face, size or slant still lines up
MARGIN = 4  # pixels of blank around each template digit, so its outer edges are part of it
_EMPTY = 0.2  # a window with less edge than this share of the strip's busiest windows is a gap, not a digit
# (0.3 took a group over dark art beside light art for a gap: 460 development cards 901 -> 903 fields at 0.2, none
# lost, time unchanged, paired 1.006)
_FLAT = 1e-9  # a window whose edges spread less than this is flat: it correlates with nothing
AMBIGUOUS = 0.05  # a glyph whose runner-up scores within this of it could be either digit


@dataclass(frozen=True)
class Glyph:
    digit: str
    score: float  # 0..1, normalised correlation of the edges with the best template
    box: Box
    runner_up: str = ""  # the next best digit at the same place, and how far behind it is
    margin: float = 1.0
    face: int = -1  # which of `templates` it was read in (-1: not by edge templates)

    @property
    def doubtful(self) -> bool:
        """Its runner-up fits almost as well: it could be either digit."""
        return self.margin < AMBIGUOUS


def edges(grey: np.ndarray) -> np.ndarray:
    """Signed horizontal and vertical gradients, two channels: which way each edge faces tells a 9 from a 5."""
    smooth = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), 1.0)
    gradients = cv2.merge([cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1)])
    return cv2.GaussianBlur(gradients, (0, 0), _EDGE_BLUR)


def _strength(feature: np.ndarray) -> np.ndarray:
    return cv2.magnitude(feature[:, :, 0], feature[:, :, 1])


@functools.cache
def templates(digit_height: int) -> tuple[tuple[tuple[str, np.ndarray], ...], ...]:
    """For each installed template font, its ten digits `digit_height` tall, as edges with a small margin; then the
    embossing face again as an embossed digit on a light card shows (`_shadowed`), and as a raised digit lit from
    above-left shows on any card (`_relief`)."""
    faces = []
    for path in TEMPLATE_FONTS:
        font = sized_font(path, digit_height)
        if font is not None:
            faces.append(tuple((digit, edges(255 * ink(font, digit))) for digit in "0123456789"))
    font = sized_font(TEMPLATE_FONTS[_EMBOSSING], digit_height)
    if font is not None:
        faces.append(tuple((digit, edges(_shadowed(font, digit, digit_height=digit_height))) for digit in "0123456789"))
        faces.append(tuple((digit, edges(_relief(font, digit, digit_height=digit_height))) for digit in "0123456789"))
    return tuple(faces)


def sized_font(path: str, digit_height: int) -> ImageFont.FreeTypeFont | None:
    """The font at the size its digits are `digit_height` tall; None when it is not installed."""
    try:
        font = ImageFont.truetype(path, 100)
    except OSError:
        return None
    top, bottom = font.getbbox("0")[1], font.getbbox("0")[3]
    return ImageFont.truetype(path, max(6, round(100 * digit_height / (bottom - top))))


def ink(font: ImageFont.FreeTypeFont, digit: str, *, extra: int = 0) -> np.ndarray:
    """The digit's ink (0..1) with a margin of MARGIN round it, and `extra` more pixels right and below."""
    left, top, right, bottom = font.getbbox(digit)
    canvas = Image.new("L", (right - left + 2 * MARGIN + extra, bottom - top + 2 * MARGIN + extra), 0)
    ImageDraw.Draw(canvas).text((MARGIN - left, MARGIN - top), digit, font=font, fill=255)
    return np.asarray(canvas, dtype=np.float32) / 255


def _shadowed(font: ImageFont.FreeTypeFont, digit: str, *, digit_height: int) -> np.ndarray:
    """An embossed digit as it shows on a light card: its raised body barely lighter than the card, its highlight
    (up and left) lost against the card, its shadow (down and right) dark. Its edges are mostly the shadow's, whose
    outline is not the digit's: an embossed 6 on a light card matches the plain templates' 5 about as well as their
    6, and its dates read `05/23` for `06/28`."""
    depth = max(1, round(_SHADOW_DEPTH * digit_height))
    body = ink(font, digit, extra=depth)
    _, shadow = lit_edges(body, depth)
    return _CARD + _BODY * body - _SHADOW * shadow


def _relief(font: ImageFont.FreeTypeFont, digit: str, *, digit_height: int) -> np.ndarray:
    """A raised digit lit from above-left: its body a touch lighter than the card, a highlight along its upper-left
    edges and a shadow along its lower-right ones, so each stroke shows two outlines a little apart. On a dark card
    the plain templates fit such a digit loosely and alike for look-alikes: embossed dates `01/30` read `07/30` and
    `11/29` read `11/26`, embossed numbers lost a digit. (On 600 development cards this face read four more fields
    right and none wrong. It is matched wherever every face is, every date and a number whose likeliest face gave no
    Luhn-valid grouped reading: a card's median time 2% more, A/B.)"""
    depth = max(1, round(_RELIEF_DEPTH * digit_height))
    body = np.pad(ink(font, digit), depth)
    highlight, shadow = lit_edges(body, depth)
    return _CARD + _BODY * body + _HIGHLIGHT * highlight - _SHADOW * shadow


def lit_edges(body: np.ndarray, depth: int, *, spread: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Where a raised body (0..1) lit from above-left shows its highlight and its shadow: the body moved `depth`
    pixels up-left, and down-right, outside the body itself. `spread`: the body as its edges spread (blurred), moved
    in its place."""
    moving = body if spread is None else spread
    raised, dropped = np.zeros_like(moving), np.zeros_like(moving)
    raised[:-depth, :-depth] = moving[depth:, depth:]  # the body moved up-left: where its highlight falls
    dropped[depth:, depth:] = moving[:-depth, :-depth]  # ... and down-right: its shadow
    return np.clip(raised - body, 0.0, 1.0), np.clip(dropped - body, 0.0, 1.0)


_EMBOSSING = 1  # of TEMPLATE_FONTS: the Farrington-like face
_SHADOW_DEPTH = 0.1  # of the digit's height: how far an embossing's shadow falls from the digit
_RELIEF_DEPTH = 0.07  # ... and how wide a relief's highlight and shadow show (0.05: +1 right, 1 lost; 0.1: 2 fewer)
_CARD, _BODY, _SHADOW = 128.0, 15.0, 110.0  # grey levels: the card, the body's lift over it, the shadow's depth
_HIGHLIGHT = 100.0  # ... and how much lighter a relief's highlight is than the card


@dataclass(frozen=True, eq=False)
class _Template:
    """A template digit made ready for correlation: each channel of its edges minus that channel's mean, and the
    norm of the whole. Compared by identity: its face's spectra are kept under the face's templates (`_Spectra`)."""
    digit: str
    channels: tuple[np.ndarray, np.ndarray]
    norm: float

    @property
    def shape(self) -> tuple[int, int]:
        return self.channels[0].shape


class _Spectra:
    """The faces' spectra last used, up to a budget of bytes: features of about the same height share them."""

    def __init__(self, budget: int):
        self.budget = budget
        self._kept: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def of(self, face: tuple[_Template, ...], size: tuple[int, int]) -> np.ndarray:
        """The conjugate spectra of the face's templates, each divided by its norm (so the correlations come out
        normalised by it) and each channel zero-padded to `size` (rows, columns): templates x channels x rows x
        (columns // 2 + 1)."""
        key = (face, size)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        padded = np.zeros((len(face), 2, *size), dtype=np.float32)
        for index, template in enumerate(face):
            rows, columns = template.shape
            padded[index, :, :rows, :columns] = template.channels
            padded[index] /= template.norm
        found = np.conj(_rfft2(padded))
        with self._lock:
            if key not in self._kept:
                self._kept[key] = found
                self._bytes += found.nbytes
            while self._bytes > self.budget:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= dropped.nbytes
        return found


# 50 cards used 79 MB of them (41 faces and sizes, a miss costing 3 ms): at 32 MB, one look-up in five missed, a
# twentieth of a card's time
_spectra = _Spectra(budget=128_000_000)


@functools.cache
def _prepared(digit_height: int) -> tuple[tuple[_Template, ...], ...]:
    faces = []
    for face in templates(digit_height):
        prepared = []
        for digit, template in face:
            centred = template - template.mean(axis=(0, 1))
            prepared.append(_Template(
                digit=digit, channels=(np.ascontiguousarray(centred[:, :, 0]), np.ascontiguousarray(centred[:, :, 1])),
                norm=float(np.sqrt((centred**2).sum()))))
        faces.append(tuple(prepared))
    return tuple(faces)


class _Feature:
    """A strip's edges made ready to be correlated with any face's templates: what depends on the strip alone (its
    DFT tiles, each window size's spread and edge strength) is computed once for every face matched on it.

    The tiles are laid out for the widest template of any face at `digit_height`, so all the faces share them."""

    def __init__(self, edges: np.ndarray, *, digit_height: int):
        self.edges = edges
        self.height, self.width = edges.shape[:2]
        self.widest = _widest(digit_height)
        self.step = _TILE - self.widest + 1  # window starts per tile: every window lies whole in one tile
        # running sums of the edges' squares, of each channel and of the edges' strength, for the windows' spread and
        # strength: one array, so each template height's band sums are taken in one operation (`_bands`)
        self._running = np.stack([_running_sums((edges * edges).sum(axis=2)),
                                  *(_running_sums(edges[:, :, c]) for c in range(edges.shape[2])),
                                  _running_sums(_strength(edges))])
        self._by_height: dict[int, np.ndarray] = {}
        self._spectra: dict[int, np.ndarray] = {}
        self._weights: dict[tuple[int, int], np.ndarray] = {}

    def spectra(self, rows: int) -> np.ndarray:
        """The tiles' spectra, each tile zero-padded to `rows`: tiles x channels x rows x (_TILE // 2 + 1)."""
        if rows not in self._spectra:
            starts = range(0, max(1, self.width - self.widest + 1), self.step)
            tiles = np.zeros((len(starts), self.edges.shape[2], rows, _TILE), dtype=np.float32)
            for index, start in enumerate(starts):
                part = self.edges[:, start : start + _TILE]
                tiles[index, :, : self.height, : part.shape[1]] = part.transpose(2, 0, 1)
            self._spectra[rows] = _rfft2(tiles)
        return self._spectra[rows]

    def _bands(self, rows: int) -> np.ndarray:
        """The running sums' sums over every band of `rows` rows, by its top row: a window's sums are then two of
        them, and a face's templates share a few heights among many widths."""
        if rows not in self._by_height:
            self._by_height[rows] = self._running[:, rows:] - self._running[:, :-rows]
        return self._by_height[rows]

    def spread(self, shape: tuple[int, int]) -> np.ndarray:
        """Each window's root summed squared deviation from its mean, over both channels."""
        squares, *sums = self._window_sums(shape, planes=slice(0, -1))
        variance = squares
        for channel in sums:
            variance -= channel**2 / (shape[0] * shape[1])
        return np.sqrt(np.maximum(variance, 0.0))

    def empty(self, shape: tuple[int, int]) -> np.ndarray:
        """The windows with (almost) no edges, which correlate with anything after normalising: those holding less
        edge than a share of what the strip's busiest windows hold."""
        energy = self._window_sums(shape, planes=-1) / (shape[0] * shape[1])
        return energy < _EMPTY * _percentile(energy, 95)

    def _window_sums(self, shape: tuple[int, int], *, planes: slice | int) -> np.ndarray:
        """The sums of `planes` of the running sums over each window of `shape` lying whole in the strip, by its top
        left corner: two of a band's sums (`_bands`)."""
        bands = self._bands(shape[0])[planes]
        return bands[..., shape[1] :] - bands[..., : -shape[1]]

    def weights(self, shape: tuple[int, int]) -> np.ndarray:
        """What each window's correlation with a template of `shape` is multiplied by to normalise it (the
        template's own norm already divides its spectra, `_Spectra.of`): one over the window's spread, and 0 for an
        empty window or a flat one. Each template size's are worked out once for all the faces matched on the strip."""
        if shape not in self._weights:
            spread = self.spread(shape)
            weights = np.zeros(spread.shape, dtype=np.float32)
            np.divide(1.0, spread, out=weights, where=(spread > _FLAT) & ~self.empty(shape))
            self._weights[shape] = weights
        return self._weights[shape]


def _percentile(values: np.ndarray, q: float) -> float:
    """`np.percentile(values, q)` (linear between the two nearest ranks), by one partial sort: a fifth of its time
    on a strip's windows, where it was called for every template size."""
    flat = values.ravel()
    rank = q / 100 * (flat.size - 1)
    below = int(rank)
    above = min(below + 1, flat.size - 1)
    ranked = np.partition(flat, (below, above))
    return float(ranked[below] + (rank - below) * (ranked[above] - ranked[below]))


@functools.cache
def _widest(digit_height: int) -> int:
    """The widest template of any face at this digit height."""
    return max(t.shape[1] for face in _prepared(digit_height) for t in face)


def _rfft2(planes: np.ndarray) -> np.ndarray:
    """`np.fft.rfft2` of float32 planes (over the last two axes), by OpenCV's DFT: twice as quick here."""
    half = planes.shape[-1] // 2 + 1
    found = np.empty((*planes.shape[:-1], half), dtype=np.complex64)
    for plane, spectrum in zip(planes.reshape(-1, *planes.shape[-2:]), found.reshape(-1, *found.shape[-2:]),
                               strict=True):
        spectrum[:] = cv2.dft(plane, flags=cv2.DFT_COMPLEX_OUTPUT)[:, :half].view(np.complex64)[..., 0]
    return found


@functools.cache
def _partial_inverse(rows: int, starts: int) -> np.ndarray:
    """The first `starts` rows of the inverse DFT over `rows` points, as a matrix to multiply spectra by. Only the
    rows a window can start at are wanted (a third of the padded rows or fewer on a number strip): one and a half to
    four times quicker than transforming every row and dropping the rest."""
    wanted = np.arange(starts)[:, None] * np.arange(rows)[None, :]
    return (np.exp(2j * np.pi * wanted / rows) / rows).astype(np.complex64)


class _Correlator:
    """`cv2.matchTemplate(feature, template, TM_CCOEFF_NORMED)` for a face's ten templates slid over one feature.

    The correlation is computed through the DFT (float32), in tiles `_TILE` columns wide, for the whole face at
    once: the feature's tiles are transformed once for all the faces (`_Feature`), each face's spectra once per tile
    size for many features (`_Spectra`), both channels' products summed before one inverse transform of them all.
    matchTemplate transforms both again for every pair, and that was a third of the card reader's own time; this is
    two to three times quicker, the same scores to float rounding. The windows' spread, which the normalising
    divides by, is summed once per template size rather than once per template."""

    def __init__(self, feature: _Feature, face: tuple[_Template, ...]):
        self.feature = feature
        self.face = face
        self.size = (_rounded_up(max(feature.height, *(t.shape[0] for t in face))), _TILE)
        self.spectra = feature.spectra(self.size[0])

    def scores(self) -> _Scores:
        """Every template's normalised correlation with every window, in the face's order; 0 for an empty window
        (`_Feature.weights`)."""
        height, width, step = self.feature.height, self.feature.width, self.feature.step
        face = _spectra.of(self.face, self.size)
        products = self.spectra[:, None, 0] * face[None, :, 0]  # tiles x templates x rows x (columns // 2 + 1)
        each = np.empty_like(products)  # one array for the other channels' products, not a new one for each
        for channel in range(1, self.spectra.shape[1]):
            products += np.multiply(self.spectra[:, None, channel], face[None, :, channel], out=each)
        # the inverse transform along the rows first, only for the rows a window can start at, then along the columns
        # for those rows (irfft2 does both in this order, each for every row of the padded tile: twice the work)
        shapes = np.array([t.shape for t in self.face])
        starts = max(1, height - int(shapes[:, 0].min()) + 1)
        by_row = np.matmul(_partial_inverse(self.size[0], starts), products)
        sums = np.fft.irfft(by_row, n=self.size[1], axis=-1)  # tiles x templates x rows x columns
        rows = np.maximum(height - shapes[:, 0] + 1, 0)
        columns = np.maximum(width - shapes[:, 1] + 1, 0)
        # each tile's first `step` window starts, then the last tile's every one (a template narrower than the widest
        # has more of them); past a template's own windows, the tile's wrapped-round sums are no window's
        count = len(self.face)
        last = sums[-1, :, :, : max(1, int(columns.max()) - step * (len(sums) - 1))]
        if len(sums) == 1:  # a date's strip: one tile, nothing to join
            normalised = last
        else:
            ahead = sums[:-1, :, :, :step].transpose(1, 2, 0, 3).reshape(count, starts, -1)
            normalised = np.concatenate((ahead, last), axis=-1)
        for index, template in enumerate(self.face):
            own = normalised[index, : rows[index], : columns[index]]
            if own.size:
                own *= self.feature.weights(template.shape)
            normalised[index, rows[index] :] = 0.0
            normalised[index, :, columns[index] :] = 0.0
        return _Scores(stacked=normalised, shapes=shapes, rows=rows, columns=columns)


@dataclass(frozen=True)
class _Scores:
    """A face's templates' normalised correlations, stacked (templates x rows x columns) and zero past each
    template's own windows: one array for the whole face, so what is done to every template's scores is done once
    (ten templates' small arrays cost ten times numpy's overhead, and that was most of a date's matching time)."""

    stacked: np.ndarray
    shapes: np.ndarray  # each template's (rows, columns)
    rows: np.ndarray  # each template's rows and columns of windows (0: the template is larger than the feature)
    columns: np.ndarray

    def of(self, index: int) -> np.ndarray | None:
        """One template's scores (None for a template larger than the feature)."""
        rows, columns = int(self.rows[index]), int(self.columns[index])
        return self.stacked[index, :rows, :columns] if rows and columns else None


_TILE = 256  # columns of a DFT tile


def _rounded_up(rows: int) -> int:
    """A feature's rows padded up to one of a few heights the DFT is quick at, so its faces' spectra are shared
    with features of about the same height."""
    return next((size for size in _DFT_HEIGHTS if size >= rows), cv2.getOptimalDFTSize(rows))


_DFT_HEIGHTS = (32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512)


def _running_sums(values: np.ndarray) -> np.ndarray:
    """The sum of `values` above and left of each point (one row and column of zeros first): any window's sum from
    two of a band's sums (`_Feature._bands`)."""
    return cv2.integral(np.ascontiguousarray(values, dtype=np.float32), sdepth=cv2.CV_64F)


def read_digits(strip: Image.Image, *, digit_height: int, face: int | None = None) -> list[Glyph]:
    """The digits along a strip whose digits are about `digit_height` tall, left to right.

    A card prints its number in one face, so each template face is tried on its own and the face whose digits fit
    best gives the reading (mixing faces lets a 5 of one face pass for the 9 of another). Within a face every digit
    is slid along the strip and the best windows are kept greedily, each covering its own width.
    `face`: only that face is tried, for a strip whose face an earlier reading of the same print already decided
    (the same strip at another size): matching costs most of the card reader's own time, a quarter of it per face.
    """
    readings = readings_by_face(strip, digit_height=digit_height, faces=None if face is None else (face,))
    return readings[0] if readings else []


def readings_by_face(strip: Image.Image, *, digit_height: int,
                     faces: Sequence[int] | None = None) -> list[list[Glyph]]:
    """`read_digits` in each face of `faces` (every face when None) that finds digits, the best fitting first."""
    count = len(templates(digit_height))
    tried = [f for f in (range(count) if faces is None else faces) if 0 <= f < count] or range(count)
    crop = image_key(strip)
    keys = {index: (crop, digit_height, index) for index in tried}
    found = {index: _recent.get(keys[index]) for index in tried}
    missing = [index for index, reading in found.items() if reading is None]
    if missing:
        feature, (left, top) = _stroke_feature(strip, digit_height=digit_height)
        for index in missing:
            found[index] = [
                replace(g, face=index, box=(g.box[0] + left, g.box[1] + top, g.box[2] + left, g.box[3] + top))
                for g in _read_in_face(feature, _prepared(digit_height)[index])]
            _recent.keep(keys[index], found[index])
    readings = [found[index] for index in tried]
    return sorted((r for r in readings if r), key=_fit, reverse=True)


# The same crop is often matched twice within one card (an expiry checked after the page pass and again after the
# re-read, at the same place), and a face matched first alone is matched again among all: each face's reading of a
# crop is kept rather than matched again.
_recent: Recent[list[Glyph]] = Recent(64)


def likeliest_faces(strip: Image.Image, *, digit_height: int) -> list[int]:
    """The font faces, the one the strip's digits likely fit best first, judged on a copy half the size: a sixth of
    the cost of matching every face at full size, and usually the same order. The embossing face as it shows on a
    light card is left out: its order changed no reading on three tuning sets, and judging it costs a fifth more."""
    half = strip.resize((max(1, strip.width // 2), max(1, strip.height // 2)), Image.Resampling.BOX)
    small = max(6, digit_height // 2)
    feature, _ = _stroke_feature(half, digit_height=small)
    fits = [_read_in_face(feature, face) for face in _prepared(small)[: _font_faces(small)]]
    return sorted(range(len(fits)), key=lambda i: _fit(fits[i]), reverse=True)


@functools.cache
def _font_faces(digit_height: int) -> int:
    """How many of `templates` are the installed fonts as printed (the first ones)."""
    return sum(sized_font(path, digit_height) is not None for path in TEMPLATE_FONTS)


def _stroke_feature(strip: Image.Image, *, digit_height: int) -> tuple[_Feature, tuple[int, int]]:
    """The strip's edges where its strokes are, and where that part starts in the strip (left, top)."""
    feature = edges(np.asarray(strip.convert("L")))
    left, top, right, bottom = _where_strokes_are(feature, digit_height=digit_height)
    return _Feature(feature[top:bottom, left:right], digit_height=digit_height), (left, top)


def _fit(glyphs: list[Glyph]) -> tuple[int, float]:
    """How well a face's reading fits the strip: its digits (up to a number's 16), then their mean score."""
    return min(len(glyphs), 16), mean_score(glyphs)


def mean_score(glyphs: list[Glyph]) -> float:
    return float(np.mean([g.score for g in glyphs])) if glyphs else 0.0


def _where_strokes_are(feature: np.ndarray, *, digit_height: int) -> tuple[int, int, int, int]:
    """The part of the strip that holds strokes, with room around it: sliding templates over empty margins above
    and below the digits costs most of the time and finds nothing.

    The rows are those a digit can lie across while it covers every dense row (where the strokes are at least half
    as strong as in the strongest row), or is covered by them, give or take `_RISE` of its height; the columns
    reach a third of a digit's height past the strokes. Before, the rows reached a third of a digit's height past
    the dense rows, whatever their span; on 460 development cards this reads 2 more fields right (899 -> 901 of 920,
    none lost), and a card's median time is 4% shorter (paired 0.956, A/B; on the fresh seed 8146's 100 cards, the
    same fields and no measurable change, 1.01-1.04 in three paired runs)."""
    strength = _strength(feature)
    rows = strength.sum(axis=1)
    dense = np.nonzero(rows >= 0.5 * rows.max())[0] if rows.max() > 0 else np.array([], dtype=int)
    columns = strength.sum(axis=0)
    marked = np.nonzero(columns >= 0.1 * columns.max())[0] if columns.max() > 0 else np.array([], dtype=int)
    height, width = strength.shape
    if dense.size == 0 or marked.size == 0:
        return 0, 0, width, height
    slack, rise = digit_height // 3, int(_RISE * digit_height)
    first, last = int(dense[0]), int(dense[-1]) + 1
    top, bottom = min(first, last - digit_height) - rise - MARGIN, max(last, first + digit_height) + rise + MARGIN
    return (max(0, int(marked[0]) - slack), max(0, top), min(width, int(marked[-1]) + 1 + slack), min(height, bottom))


_RISE = 0.25  # of a digit's height (a fifth: a number over a dark disc lost, seed 4315's card 5)


def _read_in_face(feature: _Feature, face: tuple[_Template, ...]) -> list[Glyph]:
    found = _Correlator(feature, face).scores()
    # dark print on a light card and light print (or an embossing lit from above) on a dark one differ only in the
    # gradients' sign
    scores = np.abs(found.stacked)
    best = scores.max(axis=1)  # for each template and column, the best window's score (its row: at the peaks only)
    # local maxima along x only (each template's first and last columns are each other's neighbours)
    each = np.arange(len(face))
    last = np.maximum(found.columns - 1, 0)
    before, after = np.roll(best, 1, axis=1), np.roll(best, -1, axis=1)
    before[:, 0], after[each, last] = best[each, last], best[:, 0]
    which, peaks = np.nonzero((best >= MATCH_FLOOR) & (best >= before) & (best >= after))
    heights, widths = found.shapes.T
    digits = np.array([int(t.digit) for t in face])
    best_y = scores[which, :, peaks].argmax(axis=1)
    windows = np.stack([best[which, peaks].astype(np.float64), peaks, best_y, widths[which],
                        heights[which], digits[which]], axis=1) if which.size else np.zeros((0, 6))
    windows = _best_first(windows)
    kept = _apart(windows)
    if not kept.size:
        return []
    typical = float(np.median(windows[kept, 0]))
    x, width, digit = windows[:, 1], windows[:, 3], windows[:, 5]
    glyphs = []
    for index in kept:
        s, left, y, w, h, d = windows[index]
        if s < 0.75 * typical:
            continue
        # the best window of another digit covering most of this one: its runner-up
        rivals = np.nonzero((digit != d) & (np.minimum(left + w, x + width) - np.maximum(left, x) > 0.5 * w))[0]
        rival = windows[rivals[0]] if rivals.size else None
        glyphs.append(Glyph(digit=str(int(d)), score=float(s),
                            box=(float(left), float(y), float(left + w), float(y + h)),
                            runner_up=str(int(rival[5])) if rival is not None else "",
                            margin=float(s - rival[0]) if rival is not None else 1.0))
    return sorted(glyphs, key=lambda g: g.box[0])


def _best_first(windows: np.ndarray) -> np.ndarray:
    """The windows (rows of score, x, y, width, height, digit) from the best score down, ties by x, y... downwards."""
    return windows[np.lexsort(tuple(-windows[:, c] for c in reversed(range(windows.shape[1]))))]


def _apart(windows: np.ndarray) -> np.ndarray:
    """The windows kept greedily, best first: each overlapping every one kept before it by less than 0.35 of the
    narrower one's width (indices into `windows`, in their order)."""
    left, width = windows[:, 1], windows[:, 3]
    still_open = np.ones(len(windows), dtype=bool)  # a window kept closes itself and every one it overlaps
    kept = []
    while (rest := np.flatnonzero(still_open)).size:
        index = int(rest[0])
        kept.append(index)
        x, w = left[index], width[index]
        overlap = np.minimum(x + w, left + width) - np.maximum(x, left)
        still_open &= overlap < 0.35 * np.minimum(w, width)
    return np.array(kept, dtype=int)


@functools.cache
def _ink_templates() -> tuple[tuple[str, np.ndarray], ...]:
    shapes = []
    for path in TEMPLATE_FONTS:
        try:
            font = ImageFont.truetype(path, 96)
        except OSError:
            continue
        for digit in "0123456789":
            canvas = Image.new("L", (160, 160), 0)
            ImageDraw.Draw(canvas).text((20, 10), digit, font=font, fill=255)
            shapes.append((digit, _ink_shape(np.asarray(canvas) > 127)))
    return tuple(shapes)


def _ink_shape(ink: np.ndarray) -> np.ndarray:
    """The ink's bounding box scaled to _INK_SIZE tall (aspect kept), centred on a square, zero-mean unit-norm."""
    rows, cols = np.nonzero(ink)
    if rows.size == 0:
        return np.zeros((_INK_SIZE, _INK_SIZE), dtype=np.float32)
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].astype(np.float32)
    width = max(1, min(_INK_SIZE, round(crop.shape[1] * _INK_SIZE / crop.shape[0])))
    canvas = np.zeros((_INK_SIZE, _INK_SIZE), dtype=np.float32)
    left = (_INK_SIZE - width) // 2
    canvas[:, left : left + width] = cv2.resize(crop, (width, _INK_SIZE), interpolation=cv2.INTER_AREA)
    canvas -= canvas.mean()
    norm = float(np.linalg.norm(canvas))
    return canvas / norm if norm else canvas


_INK_SIZE = 40


def match_components(binary: Image.Image) -> list[Glyph]:
    """The digits of a dark-on-white strip: each separate blob of ink of a digit's height, compared with the
    templates' ink. A second reading by other means than `read_digits` (separated shapes rather than sliding
    edges), so the two agreeing is evidence, not an echo."""
    ink = np.asarray(binary.convert("L")) < 128
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]
    tall = [b for b in boxes if 0.35 * ink.shape[0] <= b[3] <= 0.95 * ink.shape[0]]
    if not tall:
        return []
    typical = float(np.median([b[3] for b in tall]))
    glyphs = []
    for x, y, w, h in sorted(tall, key=lambda b: b[0]):
        if not (0.75 * typical <= h <= 1.25 * typical and w <= 1.2 * typical):
            continue
        shape = _ink_shape(ink[y : y + h, x : x + w])
        digit, score = max(((d, float((shape * t).sum())) for d, t in _ink_templates()), key=lambda pair: pair[1])
        if score >= MATCH_FLOOR:
            glyphs.append(Glyph(digit=digit, score=score, box=(float(x), float(y), float(x + w), float(y + h))))
    return glyphs


def grouped(glyphs: list[Glyph], *, digit_height: int) -> list[list[Glyph]]:
    """Glyphs split into printed groups where the gap is clearly wider than between digits of one group: wider than
    _GROUP_GAP digit heights, or, along a strip of _SPACED_RUN glyphs or more, wider than their typical gap by
    _WIDER_GAP. A number printed with a narrow space between its groups (a bold sans at one space: 0.43 heights)
    read as one run of 16 digits, in no card's grouping, and a plain black number on busy art was read as nothing."""
    if not glyphs:
        return []
    gaps = [glyph.box[0] - before.box[2] for before, glyph in zip(glyphs, glyphs[1:], strict=False)]
    apart = _GROUP_GAP * digit_height
    if len(glyphs) >= _SPACED_RUN:
        apart = min(apart, float(np.median(gaps)) + _WIDER_GAP * digit_height)
    groups = [[glyphs[0]]]
    for gap, glyph in zip(gaps, glyphs[1:], strict=True):
        if gap > apart:
            groups.append([glyph])
        else:
            groups[-1].append(glyph)
    return groups


_GROUP_GAP = 0.45  # digit heights: a gap this wide parts two groups whatever the gaps beside it
_SPACED_RUN = 8  # glyphs: a run this long shows its typical gap between digits of one group (a number's, not a date's)
_WIDER_GAP = 0.3  # digit heights: a gap this much wider than the typical one parts two groups (on 600 development
# cards two more numbers read right and ten more confirmed, none lost)
