"""The embedded engine: Tesseract, offline. Returns what the NHN engine returns, through the same interface."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from documents.kinds import Kind

from . import local_confidence, local_prepare
from .base import Field, PermanentOcrError, Point, Reading
from .local_card import CardPart, read_card
from .local_certificate import Found, read_certificate, second_look
from .local_text import Box, lines_of, words

# The service's thresholds: a certificate is normal at 1280x720 or more, a card at 760x480 (either orientation).
RESOLUTION_THRESHOLDS = {Kind.BUSINESS_CERTIFICATE: (1280, 720), Kind.CREDIT_CARD: (760, 480)}
CERTIFICATE_LANG = "kor"
CERTIFICATE_CONFIG = "--psm 4"
CERTIFICATE_LONG_SIDE = 1400  # smaller scans are upscaled to about this before recognition
CARD_LONG_SIDE = 1000


def resolution_of(*, kind: str, size: tuple[int, int]) -> str:
    long_min, short_min = RESOLUTION_THRESHOLDS[Kind(kind)]
    return "normal" if max(size) >= long_min and min(size) >= short_min else "low"


class LocalEngine:
    name = "local"

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        if kind not in RESOLUTION_THRESHOLDS:
            raise PermanentOcrError(_("This kind of document cannot be read."), code="unknown_kind")
        page = local_prepare.load_page(
            content=content, filename=filename, unreadable_message=_("The file is not an image or PDF we can read.")
        )
        resolution = "normal" if page.file_type == "pdf" else resolution_of(kind=kind, size=page.original_size)
        if kind == Kind.CREDIT_CARD:
            fields, raw = self._card(page)
        else:
            fields, raw = self._certificate(page)
        return Reading(
            fields=fields,
            resolution=resolution,
            unit="point" if page.file_type == "pdf" else "pixel",
            file_type=page.file_type,
            raw={"engine": self.name, "size": list(page.original_size), **raw},
        )

    def _certificate(self, page: local_prepare.Page) -> tuple[list[Field], dict]:
        grey = local_prepare.black_ink(page.image)
        prepared, factor = local_prepare.scale_to(grey, long_side=CERTIFICATE_LONG_SIDE)
        found_words = words(prepared, lang=CERTIFICATE_LANG, config=CERTIFICATE_CONFIG)
        if not found_words:
            raise PermanentOcrError(_("No text could be read on this image."), code="nothing_found")
        lines = lines_of(found_words)
        found = second_look(prepared, read_certificate(lines), lang=CERTIFICATE_LANG, lines=lines)
        fields = _fields(found, mapper=_Mapper(size=grey.size, factor=factor, to_unit=page.to_unit))
        raw = {
            "lines": [
                {"text": line.text, "conf": round(min(w.conf for w in line.words) / 100, 3)} for line in lines[:80]
            ],
        }
        return fields, raw

    def _card(self, page: local_prepare.Page) -> tuple[list[Field], dict]:
        grey = local_prepare.grey(page.image)
        prepared, factor = local_prepare.scale_to(grey, long_side=CARD_LONG_SIDE)
        parts, raw = read_card(prepared)
        return _fields(parts, mapper=_Mapper(size=grey.size, factor=factor, to_unit=page.to_unit)), raw


def _fields(found: Sequence[Found | CardPart], *, mapper: _Mapper) -> list[Field]:
    """The reading's fields: boxes in the upload's frame, each confidence judged against the other values."""
    values = {f.name: f.value for f in found if f.index == 0}  # the main business category, not a later row
    return [
        Field(
            name=f.name,
            raw_key=f.raw_key,
            raw_text=f.raw_text,
            value=f.value,
            confidence=local_confidence.confidence(f.name, f.value, f.confs, others=values, raw_text=f.raw_text),
            box=mapper.box(f.box),
            index=f.index,
        )
        for f in found
    ]


class _Mapper:
    """From the prepared image's pixels back to the upload's frame (undo upscaling), in the reading's unit.

    (Deskewing was measured and dropped: Tesseract copes with the few degrees a scan is off, and rotating the page
    made the generated set's accuracy slightly worse and every page slower.)
    """

    def __init__(self, *, size: tuple[int, int], factor: float, to_unit: float) -> None:
        self.factor = factor
        self.to_unit = to_unit
        self.width, self.height = size

    def point(self, x: float, y: float) -> Point:
        x, y = x / self.factor, y / self.factor
        x = min(max(x, 0.0), self.width)
        y = min(max(y, 0.0), self.height)
        return (round(x * self.to_unit, 2), round(y * self.to_unit, 2))

    def box(self, box: Box) -> tuple[Point, ...]:
        left, top, right, bottom = box
        return (self.point(left, top), self.point(right, top), self.point(right, bottom), self.point(left, bottom))
