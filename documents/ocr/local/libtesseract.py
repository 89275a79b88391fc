"""Tesseract in the worker's own process, through libtesseract's C API (ctypes; nothing to compile).

Why not the `tesseract` program: every run of it loads the language model again (80 ms for `eng`, 30 ms for `kor`),
and a card is read in two to five passes over small crops, so loading cost more than reading. A worker keeps one
loaded model per language (and per set of `-c` variables) for each of its threads, and hands it the pixels
directly. The reading is Tesseract's own either way: the same library, page segmentation and variables as the
command line with `txt tsv` output, but for one default (`_DEFAULTS`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import shlex
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image

from ..base import OcrConfigurationError, PermanentOcrError

_LIBRARY_NAMES = ("tesseract", "libtesseract.so.5")
# Every image the engine hands Tesseract holds print dark on light: a dark card's page and its label crops are given
# as their negatives (card._dark_on_light, card_expiry._label_readings), and certificates are printed dark on light.
# Tesseract's own inversion reads every line it is unsure of a second time inverted: on a card's busy art and a
# certificate's seals, emblem and barcodes, that second reading found nothing and cost 6% of a card's time and 3-5%
# of a certificate's (each document read both ways in turn; bench/README.md, "The twenty-eighth round"). A config's
# own `-c` variables come after these.
_DEFAULTS = (("tessedit_do_invert", "0"),)
_LEPTONICA_SEVERITY_NONE = 6
_SMALLEST = 3  # pixels on a side; Tesseract cannot scale anything smaller


@dataclass(frozen=True)
class Options:
    """What a command-line config string such as `--psm 6 -c tessedit_char_whitelist=0123456789/` asks for."""

    page_segmentation: int
    variables: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, config: str) -> Options:
        psm, variables = 3, []  # Tesseract's default page segmentation: fully automatic, no OSD
        tokens = shlex.split(config)
        while tokens:
            token = tokens.pop(0)
            if token == "--psm":
                psm = int(tokens.pop(0))
            elif token == "-c":
                name, _, value = tokens.pop(0).partition("=")
                variables.append((name, value))
            else:
                raise ValueError(f"unsupported Tesseract option {token!r}")
        return cls(page_segmentation=psm, variables=tuple(variables))


@functools.cache
def _library() -> ctypes.CDLL:
    for name in _LIBRARY_NAMES:
        path = ctypes.util.find_library(name) if "." not in name else name
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        _quiet_leptonica()
        return _declared(lib)
    raise OcrConfigurationError(
        _("The tesseract program is not installed. Install the Debian package tesseract-ocr."), code="tesseract_missing"
    )


def _quiet_leptonica() -> None:
    """Leptonica, which Tesseract reads images with, writes its complaints about odd crops ("Error in
    pixScanForForeground: invalid box") to stderr; they were the command's stderr before, and are no one's concern."""
    path = ctypes.util.find_library("lept") or ctypes.util.find_library("leptonica")
    if path:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(path).setMsgSeverity(_LEPTONICA_SEVERITY_NONE)


def _declared(lib: ctypes.CDLL) -> ctypes.CDLL:
    handle, text = ctypes.c_void_p, ctypes.c_void_p  # text stays a pointer: it must be freed with TessDeleteText
    signatures = {
        "TessBaseAPICreate": ([], handle),
        "TessBaseAPIDelete": ([handle], None),
        "TessBaseAPIInit3": ([handle, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetVariable": ([handle, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([handle, ctypes.c_int], None),
        "TessBaseAPISetImage": ([handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int],
                                None),
        "TessBaseAPIRecognize": ([handle, ctypes.c_void_p], ctypes.c_int),
        "TessBaseAPIGetUTF8Text": ([handle], text),
        "TessBaseAPIGetTsvText": ([handle, ctypes.c_int], text),
        "TessBaseAPIGetBoxText": ([handle, ctypes.c_int], text),
        "TessBaseAPIClear": ([handle], None),
        "TessDeleteText": ([text], None),
        "TessMonitorCreate": ([], ctypes.c_void_p),
        "TessMonitorDelete": ([ctypes.c_void_p], None),
        "TessMonitorSetDeadlineMSecs": ([ctypes.c_void_p, ctypes.c_int], None),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = arguments, result
    return lib


class _Model:
    """One TessBaseAPI, initialised for one language and set of variables; used by one thread at a time."""

    def __init__(self, lang: str, variables: tuple[tuple[str, str], ...]) -> None:
        self._lib = _library()
        self._api = self._lib.TessBaseAPICreate()
        # Tesseract's notes ("Estimating resolution as 283") go to stderr; a worker's log is no place for them
        self._lib.TessBaseAPISetVariable(self._api, b"debug_file", b"/dev/null")
        if self._lib.TessBaseAPIInit3(self._api, None, lang.encode()) != 0:
            self._lib.TessBaseAPIDelete(self._api)
            package = " ".join(f"tesseract-ocr-{code}" for code in lang.split("+"))
            raise OcrConfigurationError(
                _("Tesseract has no data for %(langs)s. Install the Debian package %(package)s.")
                % {"langs": ", ".join(lang.split("+")), "package": package},
                code="tesseract_language_missing",
            )
        for name, value in (*_DEFAULTS, *variables):
            if not self._lib.TessBaseAPISetVariable(self._api, name.encode(), value.encode()):
                raise ValueError(f"unknown Tesseract variable {name!r}")

    def read(self, image: Image.Image, *, page_segmentation: int, timeout: float) -> tuple[str, str]:
        """The page's TSV and plain text, as `tesseract IMAGE OUT txt tsv` writes them."""
        lib = self._lib
        return self._recognised(image, page_segmentation=page_segmentation, timeout=timeout,
                                outputs=(lambda api: lib.TessBaseAPIGetTsvText(api, 0), lib.TessBaseAPIGetUTF8Text))

    def characters(self, image: Image.Image, *, page_segmentation: int, timeout: float) -> str:
        """The page's characters with their boxes, as `tesseract IMAGE OUT makebox` writes them."""
        lib = self._lib
        return self._recognised(image, page_segmentation=page_segmentation, timeout=timeout,
                                outputs=(lambda api: lib.TessBaseAPIGetBoxText(api, 0),))[0]

    def _recognised(self, image: Image.Image, *, page_segmentation: int, timeout: float,
                    outputs: tuple[Callable[[int], int | None], ...]) -> tuple[str, ...]:
        """`outputs`, each a getter of one of Tesseract's texts of the page just recognised."""
        if min(image.size) < _SMALLEST:
            return ("",) * len(outputs)  # as the command answers for such an image: nothing read, no error
        pixels, bytes_per_pixel = _pixels(image)
        lib, api = self._lib, self._api
        lib.TessBaseAPISetPageSegMode(api, page_segmentation)
        lib.TessBaseAPISetImage(api, pixels, image.width, image.height, bytes_per_pixel,
                                image.width * bytes_per_pixel)
        monitor = lib.TessMonitorCreate()
        started = time.monotonic()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
            if lib.TessBaseAPIRecognize(api, monitor) != 0:
                if time.monotonic() - started >= timeout:
                    raise PermanentOcrError(_("Reading this image took too long."), code="timeout")
                raise PermanentOcrError(_("The image could not be read by the OCR engine."), code="unreadable_image")
            return tuple(_taken(lib, output(api)) for output in outputs)
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(api)  # the page's results; the model stays loaded


def _pixels(image: Image.Image) -> tuple[bytes, int]:
    """Grey or RGB bytes and the bytes per pixel. A bilevel image goes in as grey (Leptonica's 1-bit pixels run the
    other way round from PIL's); transparency and palettes become plain colours, as when saved without them."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "I", "F", "I;16") else "RGB")
    return image.tobytes(), 3 if image.mode == "RGB" else 1


def _taken(lib: ctypes.CDLL, pointer: int | None) -> str:
    if not pointer:
        return ""
    try:
        return ctypes.string_at(pointer).decode("utf-8", errors="replace")
    finally:
        lib.TessDeleteText(pointer)


_loaded = threading.local()


def read(image: Image.Image, *, lang: str, config: str, timeout: float) -> tuple[str, str]:
    """Tesseract's TSV and text for `image`, read with this thread's model for `lang` and the config's variables."""
    options = Options.parse(config)
    return _model(lang, options).read(image, page_segmentation=options.page_segmentation, timeout=timeout)


def read_characters(image: Image.Image, *, lang: str, config: str, timeout: float) -> str:
    """Tesseract's box output for `image` (a character, its left, bottom, right and top counted from the image's
    foot, and the page, on each line), read with this thread's model for `lang` and the config's variables."""
    options = Options.parse(config)
    return _model(lang, options).characters(image, page_segmentation=options.page_segmentation, timeout=timeout)


def _model(lang: str, options: Options) -> _Model:
    models: dict = _loaded.__dict__.setdefault("models", {})
    key = (lang, options.variables)
    if key not in models:
        models[key] = _Model(lang, options.variables)
    return models[key]
