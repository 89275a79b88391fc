"""Card digits told by their shape in many faces: a second reader of the glyphs the digit templates found.

The templates (card_digits) are cut from a few faces and fit a digit best in the very shape it was cut in; a card in
another face fits them loosely, and their look-alikes alike (held-out embossing: `3` read `2`, `0` read `6`, `8`
read `3`, 3.7% of the glyphs). This reader has seen each digit in many faces instead: rendered from the installed
fonts listed in FONTS, printed, raised (a highlight up-left, a shadow down-right, a foil or untipped body), at a few
sizes, widths, shifts and blurs, and described by the directions of their edges (a histogram of oriented gradients,
blind to which side is lighter). A glyph is the digit most of its nearest rendered shapes are.

On 216 embossed development cards, glyph by glyph at the places the templates found: in faces no template or
rendered font holds, 0.6% wrong where the templates are 3.7% wrong; in the templates' own faces 0.3% against 0.5%
(bench/README.md, "The twentieth round"). Its faces leave out every face `make_samples --faces held-out` prints, so
that set stays a measure of faces the reader has never seen (tests/documents/test_digit_shapes.py).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import random
import tempfile
import threading
import zipfile
from pathlib import Path

import cv2
import numpy as np
import PIL
from PIL import Image

from . import card_digits
from .card_band import DIGIT_HEIGHT  # the shapes are rendered as tall as the strips' digits are scaled to
from .tesseract import Box

_FONT_DIR = Path("/usr/share/fonts/truetype")
# Sans, serif, monospace and OCR digits from the Debian font packages the product installs; a font that is not
# installed is skipped.
FONTS = tuple(_FONT_DIR / name for name in (
    "dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSansMono.ttf",
    "dejavu/DejaVuSansMono-Bold.ttf", "dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf",
    "dejavu/DejaVuSerifCondensed.ttf", "dejavu/DejaVuSerifCondensed-Bold.ttf",
    "liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf",
    "liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf",
    "nanum/NanumGothic.ttf", "nanum/NanumGothicBold.ttf", "nanum/NanumGothicCoding.ttf",
    "nanum/NanumGothicCodingBold.ttf", "nanum/NanumMyeongjo.ttf", "nanum/NanumMyeongjoBold.ttf",
    "nanum/NanumSquareR.ttf", "nanum/NanumSquareB.ttf",
    "ocr-a/OCRA.ttf", "ocr-a/OCRABold.ttf", "ocr-a/OCRACondensed.ttf",
    "unfonts-core/UnDinaru.ttf", "unfonts-core/UnDinaruBold.ttf", "unfonts-core/UnDinaruLight.ttf",
    "unfonts-core/UnGraphic.ttf", "unfonts-core/UnGraphicBold.ttf",
))
_TALL = DIGIT_HEIGHT + 2 * card_digits.MARGIN  # a template's window: the digit and a margin round it
_WINDOW = (_TALL, round(0.8 * _TALL))  # rows, columns
_SHAPES_EACH = 40  # renderings of each digit in each font (20: held-out glyphs 1.2% wrong instead of 0.6%)
_NEAREST = 7
_SIZE = (32, 40)  # columns, rows: a window is described at this size
_CELL = 8  # pixels of _SIZE a histogram cell spans
_BINS = 9  # edge directions, 0-180 degrees


def read(strip: Image.Image, boxes: list[Box]) -> str:
    """The digit in each box of the strip (grey), as the templates placed them: a box is a template's window, the
    digit and a margin round it. `` when none of FONTS is installed."""
    shapes, digits = _shapes()
    if not boxes or len(shapes) <= _NEAREST:  # none of FONTS installed: no second reading
        return ""
    grey = np.asarray(strip.convert("L"), dtype=np.float32)
    found = np.stack([_described(_window(grey, box)) for box in boxes])
    nearest = np.argpartition(-(found @ shapes.T), _NEAREST, axis=1)[:, :_NEAREST]
    return "".join(str(np.bincount(digits[row], minlength=10).argmax()) for row in nearest)


def scores(strip: Image.Image, boxes: list[Box]) -> np.ndarray:
    """How like each digit each box's glyph is: one row a box, ten columns, the mean likeness of the _NEAREST
    rendered shapes of that digit nearest to it (cosine, 0..1). Empty when none of FONTS is installed."""
    shapes, digits = _shapes()
    if not boxes or len(shapes) <= _NEAREST:
        return np.zeros((0, 10), dtype=np.float32)
    grey = np.asarray(strip.convert("L"), dtype=np.float32)
    likeness = np.stack([_described(_window(grey, box)) for box in boxes]) @ shapes.T
    return np.stack([np.sort(likeness[:, digits == digit], axis=1)[:, -_NEAREST:].mean(axis=1)
                     for digit in range(10)], axis=1)


def _window(grey: np.ndarray, box: Box) -> np.ndarray:
    """The box's window of the strip as tall as the box and 0.8 of that wide, round its centre; edges repeated past
    the strip."""
    height = box[3] - box[1]
    width = 0.8 * height
    left, top = round((box[0] + box[2] - width) / 2), round(box[1])
    pad = round(height)
    padded = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    return padded[top + pad : top + pad + round(height), left + pad : left + pad + round(width)]


def _described(window: np.ndarray) -> np.ndarray:
    """A histogram of the window's edge directions (unsigned: a light digit on dark and a dark one on light alike)
    in cells of _CELL pixels, normalised over blocks of two by two cells, then as a whole."""
    grey = cv2.resize(window.astype(np.float32), _SIZE, interpolation=cv2.INTER_AREA)
    grey = cv2.normalize(grey, None, 0, 255, cv2.NORM_MINMAX)
    dx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=1)
    dy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=1)
    magnitude = np.sqrt(dx * dx + dy * dy)
    direction = (np.arctan2(dy, dx) % np.pi) / np.pi * _BINS
    low = np.floor(direction).astype(np.int64) % _BINS
    share = direction - np.floor(direction)
    rows, columns = _SIZE[1] // _CELL, _SIZE[0] // _CELL
    cell = (np.arange(_SIZE[1])[:, None] // _CELL) * columns + np.arange(_SIZE[0])[None, :] // _CELL
    size = rows * columns * _BINS
    cells = (np.bincount((cell * _BINS + low).ravel(), (magnitude * (1 - share)).ravel(), minlength=size)
             + np.bincount((cell * _BINS + (low + 1) % _BINS).ravel(), (magnitude * share).ravel(), minlength=size))
    cells = cells.reshape(rows, columns, _BINS)
    blocks = np.concatenate((cells[:-1, :-1], cells[:-1, 1:], cells[1:, :-1], cells[1:, 1:]), axis=2)
    blocks /= np.linalg.norm(blocks, axis=2, keepdims=True) + 1e-6
    described = blocks.ravel().astype(np.float32)
    return described / (np.linalg.norm(described) + 1e-6)


def _shapes() -> tuple[np.ndarray, np.ndarray]:
    """Every rendered shape described, and its digit. Made once per process, by one thread (the others wait for it:
    a font face is no thread's to share while it draws), the same every time (seeded)."""
    with _BUILDING:
        return _stored_shapes()


_BUILDING = threading.Lock()
# where the described shapes are kept for the next process: rendering them takes a worker's first card 2-3 s (more
# on a busy machine), loading them a few milliseconds
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "document-intake"
logger = logging.getLogger(__name__)


@functools.cache
def _stored_shapes() -> tuple[np.ndarray, np.ndarray]:
    """The shapes as a process before this one stored them (`_cache_file`), else rendered and stored. A file that
    cannot be read is rendered again; one that cannot be written is no error (the next process renders them too)."""
    path = _cache_file()
    try:
        with np.load(path) as stored:
            return stored["described"], stored["digits"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass
    described, digits = _rendered_shapes()
    if len(digits):
        try:
            _store(path, described=described, digits=digits)
        except OSError as exc:
            logger.info("digit shapes not cached in %s: %s", path.parent, exc)
    return described, digits


def _cache_file() -> Path:
    """The file of shapes rendered by this code from these fonts with these libraries: any of them changed, the
    shapes would differ, and the file's name does."""
    key = hashlib.sha256()
    for module in (__file__, card_digits.__file__):
        key.update(Path(module).read_bytes())
    for path in FONTS:
        if path.exists():
            key.update(f"{path} {path.stat().st_size} {path.stat().st_mtime_ns}".encode())
    key.update(f"{DIGIT_HEIGHT} {cv2.__version__} {np.__version__} {PIL.__version__}".encode())
    return CACHE_DIR / f"digit-shapes-{key.hexdigest()[:16]}.npz"


def _store(path: Path, *, described: np.ndarray, digits: np.ndarray) -> None:
    """The shapes written whole or not at all (a worker beside this one may be reading or writing the same file),
    and the files of earlier versions removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as out:
        np.savez(out, described=described, digits=digits)
    os.replace(out.name, path)
    for old in path.parent.glob("digit-shapes-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


def _rendered_shapes() -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(20261202)
    described, digits = [], []
    for path in FONTS:
        if _font(str(path), DIGIT_HEIGHT) is None:
            continue
        for digit in "0123456789":
            for _ in range(_SHAPES_EACH):
                described.append(_described(_rendered(path, digit, rng)))
                digits.append(int(digit))
    if not described:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.stack(described), np.array(digits, dtype=np.int64)


def _rendered(path: Path, digit: str, rng: random.Random) -> np.ndarray:
    """One digit of the font in a window like a template's, as a card may show it: a little larger or smaller, wider
    or narrower, off centre; printed in ink, or raised with its highlight and shadow; blurred, with noise."""
    mask = _mask(str(path), digit, round(DIGIT_HEIGHT * rng.uniform(0.92, 1.08)))
    stretch = rng.uniform(0.85, 1.15)
    mask = cv2.resize(mask, (max(1, round(mask.shape[1] * stretch)), mask.shape[0]))
    rows, columns = _WINDOW
    top = mask.shape[0] // 2 + rng.randint(-3, 3) - rows // 2
    left = mask.shape[1] // 2 + rng.randint(-3, 3) - columns // 2
    mask = mask[top : top + rows, left : left + columns]
    card = rng.uniform(40, 220)
    if rng.random() < 0.35:
        ink = 255 - card if rng.random() < 0.8 else card + rng.choice((-90, 90))
        image = card + (ink - card) * mask
    else:
        image = _raised(mask, card=card, rng=rng)
    image = cv2.GaussianBlur(image.astype(np.float32), (0, 0), rng.uniform(0.3, 1.4))
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 12), image.shape)
    return np.clip(image + noise, 0, 255)


def _raised(mask: np.ndarray, *, card: float, rng: random.Random) -> np.ndarray:
    """An embossed digit lit from above-left: a highlight along its upper-left edges, a shadow along its lower-right
    ones, its body the card's colour a little lighter (untipped) or a foil's."""
    depth = rng.randint(1, 4)
    highlight, shadow = card_digits.lit_edges(mask, depth, spread=cv2.GaussianBlur(mask, (0, 0), rng.uniform(0.5, 1.2)))
    image = np.full_like(mask, card)
    image += (255 - image) * highlight * rng.uniform(0.3, 0.85)
    image -= image * shadow * rng.uniform(0.4, 0.8)
    body = min(255.0, card * 1.12 + 18) if rng.random() < 0.5 else rng.choice((205.0, 212.0, 235.0, 30.0))
    return image * (1 - mask) + body * mask


def _mask(path: str, digit: str, height: int) -> np.ndarray:
    """The digit's ink (0..1), `height` pixels tall, centred on a canvas three windows wide and tall."""
    ink = _ink(path, digit, height)
    canvas = np.zeros((3 * _WINDOW[0], 3 * _WINDOW[1]), dtype=np.float32)
    top, left = (canvas.shape[0] - ink.shape[0]) // 2, (canvas.shape[1] - ink.shape[1]) // 2
    canvas[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    return canvas


@functools.lru_cache(maxsize=16)
def _ink(path: str, digit: str, height: int) -> np.ndarray:
    """card_digits.ink, kept for the renderings of one digit of one font that follow each other (a few sizes)."""
    return card_digits.ink(_font(path, height), digit)


# the font at each of the few sizes drawn, for the one thread drawing the shapes (under _BUILDING)
_font = functools.lru_cache(maxsize=32)(card_digits.sized_font)
