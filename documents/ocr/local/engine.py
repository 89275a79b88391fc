"""The embedded engine: Tesseract, offline. Returns what the NHN engine returns, through the same interface."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from django.utils.translation import gettext as _
from PIL import Image

from documents import validation
from documents.kinds import Kind

from ..base import RESOLUTION_THRESHOLDS, Field, PermanentOcrError, Point, Reading, resolution_of
from ..containment import contained
from . import (
    address_gaps,
    address_letters,
    address_marks,
    address_numbers,
    agreement,
    card_find,
    company_mark,
    confidence,
    kind_guess,
    orientation,
    pdf_text,
    photo_readings,
    prepare,
    split_rows,
    type_cells,
)
from .card import CardPart, read_card, read_card_text
from .certificate import (
    Found,
    completed,
    incomplete,
    issue_date_read_again,
    labels_in,
    most_rows_lost,
    office_read_again,
    read_certificate,
    second_look,
)
from .tesseract import Box, Line, lines_of, words

CERTIFICATE_LANG = "kor"
CERTIFICATE_CONFIG = "--psm 4"
BLOCK_CONFIG = "--psm 6"
ADAPTIVE_CONFIG = "--psm 4 -c thresholding_method=1"  # Leptonica's Otsu in tiles, not one threshold for the page
CERTIFICATE_LONG_SIDE = 1400  # smaller scans are upscaled to about this before recognition
CARD_LONG_SIDE = 1000


class LocalEngine:
    name = "local"

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        if kind not in RESOLUTION_THRESHOLDS:
            raise PermanentOcrError(_("This kind of document cannot be read."), code="unknown_kind")
        with contained(engine=self.name, kind=kind):
            return self._read(Kind(kind), content=content, filename=filename)

    def _read(self, kind: Kind, *, content: bytes, filename: str) -> Reading:
        page = prepare.load_page(
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

    def _certificate(self, page: prepare.Page) -> tuple[list[Field], dict]:
        if page.text is not None and page.text.holds_certificate():
            # A born-digital PDF: its own text, exact and already in points; no OCR, no second look.
            found, exact = _as_printed(read_certificate(page.text.lines), pdf_text.PrintedText.of(page.text.lines))
            if found:
                mapper = _Mapper.scaled(size=page.text.size, factor=1.0, to_unit=1.0)
                return _fields(found, mapper=mapper, confirmed=exact), {"source": "text_layer",
                                                                        "lines": _raw_lines(page.text.lines)}
        ocr = _CertificateOcr.likeliest(page.image)
        refusal = kind_guess.certificate_refusal(
            ocr.seen, card_reader_sees_a_card=lambda: _card_reader_sees_a_card(page)
        )
        if refusal is not None:
            raise refusal
        fields, raw = self._certificate_read(page, ocr)
        if ocr.prepared.photographed and photo_readings.worth_reading_again(fields):
            # a phone's photo the first reading left unclear is read a second time, enlarged and sharpened; each item
            # kept as the likelier reading gives it (photo_readings.py)
            again, _raw = self._certificate_read(page, ocr.sharpened())
            fields = photo_readings.likelier(fields, again)
            raw["prepared"].append("second reading")
        return fields, raw

    def _certificate_read(self, page: prepare.Page, ocr: _CertificateOcr) -> tuple[list[Field], dict]:
        prepared = ocr.prepared
        steps = [*prepared.steps, *(["adaptive threshold"] if ocr.tiled else [])]
        page_lines = ocr.lines
        # a printed row Tesseract cut along its middle into two lines is read again as one (split_rows.py)
        lines = split_rows.rejoined(prepared.image, page_lines, lang=CERTIFICATE_LANG, labels=labels_in)
        found = read_certificate(lines)
        if ocr.seen.certificate and not ocr.tiled and most_rows_lost(found):
            # a certificate whose title and number were read but not its body: faint print on a page with black
            # barcodes, under Tesseract's one threshold for the whole page (Otsu); thresholded in tiles, it reads
            tiled = ocr.in_tiles().lines
            rejoined = split_rows.rejoined(prepared.image, tiled, lang=CERTIFICATE_LANG, labels=labels_in)
            again = read_certificate(rejoined)
            if len(again) > len(found):
                page_lines, lines, found = tiled, rejoined, again
                steps.append("adaptive threshold")
        if lines is not page_lines:
            steps.append("rows")
        if incomplete(found):
            # Tesseract's column-finding layout analysis dropped whole rows: the page read again as one uniform
            # block (slower and noisier, but it keeps every row) fills in what is missing. A boxed form (the older
            # certificates are tables) is read without its rules: a label between two rules is a lost line.
            ruleless = prepare.without_rules(prepared.image)
            block_image = prepared.image if ruleless is None else ruleless
            block = lines_of(words(block_image, lang=CERTIFICATE_LANG, config=BLOCK_CONFIG))
            found = completed(found, read_certificate(block))
            steps.append("block" if ruleless is None else "block without rules")
        found = second_look(prepared.image, found, lang=CERTIFICATE_LANG, lines=lines)
        found = type_cells.read_again(prepared.image, found, lang=CERTIFICATE_LANG)
        found = issue_date_read_again(prepared.image, found, lang=CERTIFICATE_LANG, lines=lines)
        found = office_read_again(prepared.image, found, lang=CERTIFICATE_LANG)
        found = address_gaps.read_again(prepared.image, found, lang=CERTIFICATE_LANG)
        found = address_numbers.read_again(prepared.image, found, lang=CERTIFICATE_LANG)
        found = address_marks.restored(prepared.image, found, lines=lines)
        found = address_letters.restored(prepared.image, found, lang=CERTIFICATE_LANG)
        found = company_mark.restored(prepared.image, found)
        second = agreement.second_readings(prepared.image, found, lang=CERTIFICATE_LANG)
        agreed = agreement.confirmed(second, noisy=prepared.photographed or prepared.dusty)
        restored = {id(f): agreement.restored(f, text, read) for f, text, read in second}
        from_second = {(f.name, f.index) for f, _text, _words in second if restored[id(f)] is not f}
        found = [restored.get(id(f), f) for f in found]
        mapper = _Mapper(size=page.image.size, to_page=ocr.to_upload @ prepared.to_page, to_unit=page.to_unit)
        fields = _fields(found, mapper=mapper, confirmed={(name, 0) for name in agreed}, unsure=from_second)
        return fields, {"source": "ocr", "prepared": steps, "turned": ocr.degrees,
                        "lines": _raw_lines(lines), "confirmed": sorted(agreed)}

    def _card(self, page: prepare.Page) -> tuple[list[Field], dict]:
        if page.text is not None and page.text.holds_card():
            parts = read_card_text(page.text.lines)
            if parts:
                mapper = _Mapper.scaled(size=page.text.size, factor=1.0, to_unit=1.0)
                exact = {(p.name, p.index) for p in parts}
                return _fields(parts, mapper=mapper, confirmed=exact), {"source": "text_layer"}
        located = card_find.locate(page.image)
        prepared, tilt, mapper, how = _card_to_read(page, located)
        parts, raw = read_card(prepared, tilt=tilt)
        for other in [] if _has_number(parts) else card_find.elsewhere(page.image, located):
            # where the card was found read as no number: it may lie elsewhere (card_find.elsewhere); three of 300
            # development cards (seeds 4321 and 6871: a scan's card taken for its lighter half, upright cards on
            # marble and on wood) were read as nothing
            prepared, tilt, other_mapper, other_how = _card_to_read(page, other)
            other_parts, other_raw = read_card(prepared, tilt=tilt)
            if _has_number(other_parts):
                parts, raw, mapper, how = other_parts, other_raw, other_mapper, {**other_how, "located again": True}
                break
        if not _has_number(parts):
            refusal = kind_guess.card_refusal(_korean_evidence(page), expiry_read=bool(parts))
            if refusal is not None:
                raise refusal
        return _fields(parts, mapper=mapper), {**raw, **how}


def _has_number(parts: list[CardPart]) -> bool:
    return any(part.name == "card_number" for part in parts)


def _card_to_read(page: prepare.Page, located: card_find.Located) -> tuple[Image.Image, float, _Mapper, dict]:
    """The card of `page` where `located` says it lies, as the card reader reads it (grey, at the size it is made
    for), how far it is turned, how its points map back onto the upload, and what was done (for the reading's raw
    data)."""
    corners, card, tilt = located
    if corners is not None:
        # a card a phone saw at a slant: unwarped to a card's shape
        prepared, to_page = _unwarped_card(page.image, corners)
        return prepared, 0.0, _Mapper(size=page.image.size, to_page=to_page, to_unit=page.to_unit), {"unwarped": True}
    # a photo's card alone: the number strip is found by sizes relative to the picture (card_find.py)
    crop = (0, 0, *page.image.size) if card is None else tuple(round(c) for c in card)
    grey = prepare.grey(page.image.crop(crop) if card is not None else page.image)
    # the card at the size its reader is made for, larger ones too: a scan or a photo's card at 1100-1500 pixels
    # only costs Tesseract time (its digits stay 40 pixels or more tall)
    prepared, factor = prepare.scale_to(grey, long_side=CARD_LONG_SIDE, shrink=True)
    mapper = _Mapper.scaled(size=page.image.size, factor=factor, to_unit=page.to_unit,
                            origin=(float(crop[0]), float(crop[1])))
    return prepared, tilt, mapper, {"cropped": card is not None}


def _unwarped_card(image: Image.Image, corners: np.ndarray) -> tuple[Image.Image, np.ndarray]:
    """The card inside `corners` (card_find.locate) as a grey card of the reader's size, and the homography
    from its pixels back to `image`'s."""
    across, down = card_find.unwarped_size(corners)
    scale = CARD_LONG_SIDE / max(across, down)
    width, height = round(across * scale), round(down * scale)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    to_card = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    card = cv2.warpPerspective(np.asarray(image.convert("L")), to_card, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    return prepare.grey(Image.fromarray(card)), np.linalg.inv(to_card)  # its contrast stretched on the card alone


@dataclass(frozen=True)
class _CertificateOcr:
    """One OCR pass over the whole page, turned by `turn` (None: as uploaded), and what it says of the kind."""

    prepared: prepare.Prepared
    lines: list[Line]
    seen: kind_guess.Evidence
    degrees: int  # counterclockwise, as the page was turned to be read
    to_upload: np.ndarray  # 3x3: a point of the turned page -> the page as uploaded
    size: tuple[int, int]  # the turned page's, before it was prepared
    image: Image.Image  # the page as uploaded
    turn: orientation.Turn | None = None
    tiled: bool = False  # read with Tesseract thresholding the page in tiles (`in_tiles`)

    @classmethod
    def of(cls, image: Image.Image, *, turn: orientation.Turn | None = None, tiled: bool = False,
           sharpened: bool = False) -> _CertificateOcr:
        upright = image if turn is None else image.transpose(turn)
        prepared = prepare.for_certificate(upright, long_side=CERTIFICATE_LONG_SIDE, sharpened=sharpened)
        config = ADAPTIVE_CONFIG if tiled else CERTIFICATE_CONFIG
        lines = lines_of(words(prepared.image, lang=CERTIFICATE_LANG, config=config))
        return cls(
            prepared=prepared, lines=lines, seen=kind_guess.evidence(lines, size=upright.size),
            degrees=orientation.DEGREES.get(turn, 0), to_upload=orientation.to_upload(turn, image.size),
            size=upright.size, image=image, turn=turn, tiled=tiled,
        )

    def sharpened(self) -> _CertificateOcr:
        """The same page, turned the same way, prepared enlarged and sharpened (`prepare.for_certificate`) and read
        again as this reading was (in tiles or not)."""
        return self.of(self.image, turn=self.turn, tiled=self.tiled, sharpened=True)

    @classmethod
    def likeliest(cls, image: Image.Image) -> _CertificateOcr:
        """The page as uploaded; when that reads as no certificate and not clearly a card, the first other way up
        that does (on its side or upside down, untagged), then the page as uploaded thresholded in tiles (`in_tiles`:
        a phone's photo of a faint print, its title and number lost too, seed 8461's held-out certificate 36 was
        refused as nothing found). When none does, the reading as uploaded, for the refusal to judge."""
        first = cls.of(image)
        if first.seen.certificate or first.seen.clearly_card:
            return first

        def others() -> Iterator[_CertificateOcr]:  # each read only when the ones before it were no certificate
            for turn in orientation.turns_to_try(image.size):
                yield cls.of(image, turn=turn)
            yield first.in_tiles()

        return next((reading for reading in others() if reading.seen.certificate), first)

    def in_tiles(self) -> _CertificateOcr:
        """The same prepared page read again, Tesseract thresholding it in tiles rather than at one level for the
        whole page (Otsu): faint print on a page with black barcodes and a QR block falls under the one level."""
        lines = lines_of(words(self.prepared.image, lang=CERTIFICATE_LANG, config=ADAPTIVE_CONFIG))
        return replace(self, lines=lines, seen=kind_guess.evidence(lines, size=self.size), tiled=True)


def _raw_lines(lines: list[Line]) -> list[dict]:
    return [{"text": line.text, "conf": round(min(w.conf for w in line.words) / 100, 3)} for line in lines[:80]]


def _as_printed(found: list[Found], printed: pdf_text.PrintedText) -> tuple[list[Found], set[tuple[str, int]]]:
    """Items read from a PDF's text layer, the free-text ones spaced as the layer prints them; and (name, index) of
    those the layer holds exactly: all but a value run on between two syllables at a wrap, whose space is a guess,
    and one the reader's repairs made into something the layer does not print."""
    spaced: list[Found] = []
    exact: set[tuple[str, int]] = set()
    for f in found:
        if f.name in pdf_text.SPACED_AS_PRINTED:
            value = printed.spaced(f.value)
            f = replace(f, value=value, raw_text=value) if value != f.value else f
            if printed.joined_across_lines(f.value) or not printed.holds(f.value):
                spaced.append(f)
                continue
        spaced.append(f)
        exact.add((f.name, f.index))
    return spaced, exact


def _fields(found: Sequence[Found | CardPart], *, mapper: _Mapper, confirmed: set[tuple[str, int]] = frozenset(),
            unsure: set[tuple[str, int]] = frozenset()) -> list[Field]:
    """The reading's fields: boxes in the upload's frame, each confidence judged against the other values.
    `confirmed`: (name, index) of the values an independent reading (the text layer, a second OCR pass)
    reproduced exactly; `unsure`: those the second reading gave where the first broke a rule (agreement.restored),
    which a person checks however clear their print."""
    values = {f.name: f.value for f in found if f.index == 0}  # the main business category, not a later row

    def judged(f: Found | CardPart) -> float:
        score = confidence.confidence(f.name, f.value, f.confs, others=values, raw_text=f.raw_text,
                                      confirmed=(f.name, f.index) in confirmed)
        return min(score, confidence.UNTRUSTED_MAX) if (f.name, f.index) in unsure else score

    return [
        Field(
            name=f.name,
            raw_key=f.raw_key,
            raw_text=f.raw_text,
            value=f.value,
            confidence=judged(f),
            box=mapper.box(f.box),
            index=f.index,
        )
        for f in found
    ]


class _Mapper:
    """From the prepared image's pixels back to the upload's frame, in the reading's unit.

    `to_page` undoes what preparation did (upscaling; for a photo or a scan also the page warp and the deskew): a
    box's four corners are mapped one by one, so on a photo they follow the page's perspective and are no longer
    an axis-aligned rectangle.
    """

    def __init__(self, *, size: tuple[float, float], to_page: np.ndarray, to_unit: float) -> None:
        self.to_page = to_page
        self.to_unit = to_unit
        self.width, self.height = size

    @classmethod
    def scaled(cls, *, size: tuple[float, float], factor: float, to_unit: float,
               origin: tuple[float, float] = (0.0, 0.0)) -> _Mapper:
        """`factor`: prepared pixels per page pixel; `origin`: where the prepared image was cut from the page."""
        to_page = np.array([[1 / factor, 0.0, origin[0]], [0.0, 1 / factor, origin[1]], [0.0, 0.0, 1.0]])
        return cls(size=size, to_page=to_page, to_unit=to_unit)

    def point(self, x: float, y: float) -> Point:
        px, py, pw = (float(c) for c in self.to_page @ (x, y, 1.0))  # plain floats: the box is stored as JSON
        x = min(max(px / pw, 0.0), self.width)
        y = min(max(py / pw, 0.0), self.height)
        return (round(x * self.to_unit, 2), round(y * self.to_unit, 2))

    def box(self, box: Box) -> tuple[Point, ...]:
        """Clockwise from the corner nearest the upload's top left (on a page read turned, another of the prepared
        image's corners)."""
        left, top, right, bottom = box
        corners = [self.point(left, top), self.point(right, top), self.point(right, bottom), self.point(left, bottom)]
        first = min(range(4), key=lambda i: corners[i][0] + corners[i][1])
        return tuple(corners[first:] + corners[:first])


def _korean_evidence(page: prepare.Page) -> kind_guess.Evidence:
    """The page read as the certificate reader reads it, for what it says about the kind. One more Tesseract run,
    only when the card reader found no number: enough to tell a certificate from an empty or unreadable image."""
    prepared = prepare.for_certificate(page.image, long_side=CERTIFICATE_LONG_SIDE)
    lines = lines_of(words(prepared.image, lang=CERTIFICATE_LANG, config=CERTIFICATE_CONFIG))
    return kind_guess.evidence(lines, size=page.image.size)


def _card_reader_sees_a_card(page: prepare.Page) -> bool:
    """The card reader finds a card number with a valid check digit or with an expiry next to it (a date on a receipt
    alone is no card)."""
    grey = prepare.grey(page.image)
    grey.thumbnail((CARD_LONG_SIDE, CARD_LONG_SIDE))  # a card's digits stay legible; a large page costs far less
    prepared, _factor = prepare.scale_to(grey, long_side=CARD_LONG_SIDE)
    parts = {part.name: part for part in read_card(prepared)[0]}
    number = parts.get("card_number")
    return number is not None and (validation.card_number_is_valid(number.value) or "valid_thru" in parts)
