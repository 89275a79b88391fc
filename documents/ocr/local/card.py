"""Credit cards: the number (4-4-4-4, or 4-6-5 for American Express) and the MM/YY expiry near VALID THRU."""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image, ImageOps

from documents import validation

from ..fields import digits_only
from . import card_band, card_digits, confidence, digit_shapes
from .card_expiry import (
    checked_expiry,
    expiry_from_lines,
    expiry_or_templates,
    expiry_pieces,
    labelled_again,
    later_date_beside,
    plausible_date,
    settled,
    surer,
)
from .card_text import REREAD_CONFIG, CardPart, Piece, read_pieces, rows
from .tesseract import Box, Line, Word, lines_of, union, words

_GROUP = re.compile(r"^\d{4,6}$")
_NUMBER_SHAPES = ((4, 4, 4, 4), (4, 6, 5))


@dataclass(frozen=True)
class _Candidate:
    """One pass's reading of the number: its digits, whether they were printed in a card's groups, where."""

    value: str
    shaped: bool
    part: CardPart
    clear: bool = False  # the digit templates read every digit clearly (see _from_glyphs)
    # two of its doubtful digits read as their runner-ups also pass Luhn, so Luhn cannot tell the two readings apart
    luhn_blind: bool = False
    # not a pass's own reading but a guess at it: one doubtful digit swapped to pass Luhn, or the reading of a face
    # that fits the strip almost as well (`_close_faces`)
    guessed: bool = False
    # Tesseract read it, every group at _SURE_DISSENT or more
    sure: bool = False
    # Tesseract read it (a page pass or a strip read again), not the digit templates
    tesseract: bool = False
    # the digit templates' glyphs each read again by its shape (digit_shapes), a reader that knows other faces
    by_shape: bool = False

    @property
    def luhn(self) -> bool:
        return validation.card_number_is_valid(self.value)


@dataclass
class _Votes:
    """Every pass's reading of the number; a value read alike by two passes is confirmed."""

    candidates: list[_Candidate] = field(default_factory=list)
    passes: int = 0

    def add(self, candidate: _Candidate | None) -> None:
        if candidate is not None:
            self.candidates.append(candidate)

    def count(self, value: str) -> int:
        """How many passes read `value`. Guesses count once however many there are: the templates' doubtful `3`
        swapped to `5` for Luhn and another face reading `5` are one pass's doubt, not two readings."""
        alike = [c for c in self.candidates if c.value == value]
        return sum(not c.guessed for c in alike) + any(c.guessed for c in alike)

    def plausible(self) -> bool:
        """A Luhn-valid number in a card's grouping was read, and the digits' shapes (digit_shapes) read no other
        number. A specimen number fails Luhn, and the templates, a digit or two misread (`0856` as `8858`), may then
        read one that passes: where the shapes read the printed digits otherwise, Tesseract is asked too (seed 77's
        print 57, a specimen number; bench/README.md, "The forty-ninth round")."""
        shapes = {c.value for c in self.candidates if c.by_shape}
        return any(c.luhn and c.shaped and shapes <= {c.value} for c in self.candidates)

    def settled(self) -> bool:
        return any(c.luhn and c.shaped and self.count(c.value) >= 2 for c in self.candidates)

    def agreed(self) -> bool:
        return any(c.shaped and self.count(c.value) >= 2 for c in self.candidates)

    def best(self) -> CardPart | None:
        """A Luhn-valid number two passes agree on; else one Tesseract read surely in a card's grouping; else the
        reading most passes agree on (a specimen number that fails Luhn keeps its printed digits); else Luhn, then
        the printed grouping. The confidence says which held.

        Tesseract's sure Luhn-valid reading outranks the templates' agreeing on another that fails Luhn: their
        passes are one set of templates at a few sizes, and a face they do not hold misleads them all alike (seed
        2083: a `1` with a flag and a foot read as `4` at every size, where Tesseract read the number at 92-97), and
        so does it their agreeing on a number no brand prints that long: the templates and the shapes read the same
        glyphs, and a narrow `1` the glyph finder missed is missing from both (seed 5737's held-out photo 19: a Visa
        number of 15 digits that Luhn happened to pass)."""
        if not self.candidates:
            return None
        chosen = max(self.candidates, key=lambda c: (c.luhn and length_fits(c.value) and self.count(c.value) >= 2,
                                                     c.luhn and c.shaped and c.sure, self._support(c), c.luhn,
                                                     c.shaped, self._read_by_shape(c.value), min(c.part.confs)))
        # a pass that read another number surely, in a card's grouping, and as many passes as read this one contest
        # it: a specimen number (it fails Luhn) that Tesseract read whole at 96, and twice again, while the templates
        # twice read one digit as its look-alike, which Luhn then happens to accept (`6950` as `5950`), is for a
        # person to confirm
        # (and so does another number more passes read, however unsure: a specimen number whose 0 two binarisations
        # of one strip read as a 9 that Luhn then accepts, where the templates, the shapes and a third binarisation
        # read the printed 0; fresh seed 4127's scan 15, confirmed at 0.95 while every unsure strip was read in three)
        contested = any(self._contests(c, chosen) for c in self.candidates)
        confirmed = chosen.luhn and length_fits(chosen.value) and not contested and (
            self.count(chosen.value) >= 2 or self._read_clearly(chosen.value)) and self._not_loose(chosen.value)
        confs = (confidence.CARD_CONFIRMED,) if confirmed else (*chosen.part.confs,
                                                                        confidence.CARD_UNCONFIRMED)
        return replace(chosen.part, confs=confs)

    def _contests(self, other: _Candidate, chosen: _Candidate) -> bool:
        """`other` reads another number than `chosen`, and more passes read it, or as many and it was read surely in
        a card's grouping."""
        if other.value == chosen.value:
            return False
        theirs, ours = self.count(other.value), self.count(chosen.value)
        return theirs > ours or theirs == ours and other.shaped and min(other.part.confs) >= _SURE_DISSENT

    def _support(self, candidate: _Candidate) -> int:
        """How many passes read `candidate`'s digits: alike, or, for a Luhn-valid one, with one digit lost (the last
        `7` of `1747` on the edge of a dark circle: `174`). A digit lost at the number's end or in the art is the
        commonest misreading, and a Luhn-valid reading that holds another's digits and one more is likelier than
        that reading; it is chosen, but still for a person to confirm (`count` alone confirms)."""
        shortened = {c.value for c in self.candidates if not c.luhn and len(c.value) == len(candidate.value) - 1
                     and _one_digit_lost(candidate.value, c.value)} if candidate.luhn else set()
        return self.count(candidate.value) + sum(self.count(value) for value in shortened)

    def _read_by_shape(self, value: str) -> bool:
        """The digits' shapes read `value`: where the templates read the glyphs otherwise, the shapes' reading is
        the likelier (on the development cards they misread a glyph a sixth to a half as often). Asked of the
        value, not of a pass, so of the passes that read it the surest still gives the box: the shapes' carries the
        templates' windows, a margin round each digit, and the expiry is looked for under the number's box."""
        return any(c.by_shape and c.value == value for c in self.candidates)

    def _not_loose(self, value: str) -> bool:
        """Tesseract or the shapes read `value` too, or the templates that read it fit its every digit at _LOOSE_FIT
        or better. A face the templates do not hold fits them loosely, and there their agreeing is no proof: on 300
        cards in held-out faces, 3 of the 12 numbers the templates alone confirmed at a worst fit under 0.6 were
        wrong (an embossed `8` read `3`, `0` read `9`), none of the 119 above it (bench/README.md, "The twentieth
        round")."""
        alike = [c for c in self.candidates if c.value == value]
        read_otherwise = any(c.tesseract or c.by_shape for c in alike)
        return read_otherwise or max(min(c.part.confs) for c in alike) >= 100 * _LOOSE_FIT

    def _read_clearly(self, value: str) -> bool:
        """The templates read every digit of this Luhn-valid number clearly, and its issuer prefix fits its length:
        on the tuning sets (bench/README.md, "Card numbers read clearly") no wrong number ever did."""
        return issuer_fits(value) and any(c.clear and c.value == value for c in self.candidates)


def _one_digit_lost(whole: str, short: str) -> bool:
    """`short` is `whole` with one of its digits left out."""
    return any(whole[:i] + whole[i + 1 :] == short for i in range(len(whole)))


_SURE_DISSENT = 90.0  # Tesseract's confidence in every group of a number read otherwise
_LOOSE_FIT = 0.6  # a number's worst digit fits its template less well than this: the templates alone do not confirm it


def issuer_fits(value: str) -> bool:
    """The number's prefix (IIN) belongs to a brand that prints this many digits: Visa 4 (16), Mastercard 51-55 or
    2221-2720 (16), American Express 34 or 37 (15). Another prefix (a domestic-only card) is for a person to confirm."""
    if len(value) == 15:
        return value[:2] in ("34", "37")
    if len(value) != 16 or not value.isdigit():
        return False
    return value[0] == "4" or 51 <= int(value[:2]) <= 55 or 2221 <= int(value[:4]) <= 2720


def length_fits(value: str) -> bool:
    """The number has as many digits as a brand with its prefix prints: Mastercard 16, American Express 15, Visa 16
    (13 and 19 rarely).
    A digit lost or doubled at a group's end can leave a number that Luhn happens to pass (one in ten), and two
    passes may lose the same digit (a Visa number read as 15 digits, its last group as three): never confirmed."""
    if value[:2] in ("34", "37"):
        return len(value) == 15
    if value[:1] == "4":
        return len(value) in (13, 16, 19)  # Visa's 13 and 19 are rare, 15 or 17 never
    if value[:1] == "5" and 51 <= int(value[:2]) <= 55 or value[:1] == "2" and 2221 <= int(value[:4]) <= 2720:
        return len(value) == 16
    # no brand but American Express prints 15 (JCB 16 to 19, Diners Club 14, UnionPay and the domestic cards 16 to
    # 19): a JCB number read upside down, its last digit lost, passed Luhn and two passes (an eleventh independent set)
    return 14 <= len(value) <= 19 and len(value) != 15


def read_card(image: Image.Image, *, tilt: float = 0.0) -> tuple[list[CardPart], dict]:
    """`image` is grey-scale; boxes come back in its pixels. `tilt`: how far the card's outline is turned
    (card_find.card_outline), where the number row's own slope starts from.

    A portrait image may be a card held upright (newer Korean cards print the number on the back, along the long
    side): when nothing number-like is read as it is, it is read again turned a quarter each way, the way up in
    which the number strip fits the digit templates best first. When the number row shows only once the image is
    turned, the turned readings come first and the upright one is seldom needed. Last, a card that may lie upside
    down is read turned so (`_worth_reading_upside_down`).
    """
    # a card may lie upside down on the table it was photographed on (an eleventh independent set's photos, three of
    # ten, read as Luhn-valid garbage): read so last, when what was read is worth it (`_worth_reading_upside_down`)
    turns: list[Image.Transpose | None] = [None, Image.Transpose.ROTATE_180]
    landscape = image.width >= image.height
    decisive = not landscape  # the first way up tried is clearly the likeliest
    # an upright card printing its number in stacked rows is read as it is first, the rows side by side
    groups = [] if landscape else card_band.stacked_groups(image)
    if not landscape:
        fits = {turn: _digit_fit(image.transpose(turn)) for turn in (Image.Transpose.ROTATE_270,
                                                                     Image.Transpose.ROTATE_90)}
        quarter = sorted(fits, key=fits.get, reverse=True)
        decisive = fits[quarter[0]] - fits[quarter[1]] >= _DECISIVE_FIT
        turns = [*quarter, None] if not (groups or card_band.number_bands(image)) else [None, *quarter]
        turns.append(Image.Transpose.ROTATE_180)
    best: _Reading | None = None
    passes = 0
    for index, turn in enumerate(turns):
        if turn == Image.Transpose.ROTATE_180 and best is not None and not _worth_reading_upside_down(
                best, image, landscape=landscape):
            break
        reading = _read_upright(image if turn is None else image.transpose(turn), tilt=tilt,
                                groups=groups if turn is None else [])
        passes += reading.passes
        if turn is not None:
            reading = reading.turned_back(turn, size=image.size)
        # read upside down, a page that is no card (a receipt) gives digits too: that reading counts only with a
        # Luhn-valid number of a brand's length, a number two passes agree on, or an expiry a card may print
        upside_down = turn == Image.Transpose.ROTATE_180
        if best is None or reading.better_than(best) and not (upside_down and not reading.sound):
            best = reading
        # Luhn alone passes one upside-down misreading in ten (more with a doubtful digit swapped): only two
        # agreeing passes, or a Luhn-valid number in the way up the digits clearly fit best or beside an expiry
        # read the same way up, end the search early
        if best.settled or (index == 0 and best.number_like and (decisive or best.dated)):
            break
    parts = [p for p in (best.number, best.expiry) if p is not None]
    raw = {"passes": passes, "words": best.words, "texts": best.texts}
    return parts, raw


_DECISIVE_FIT = 0.05  # mean template score: upside down, the digits fit a tenth worse or more


def _worth_reading_upside_down(best: _Reading, image: Image.Image, *, landscape: bool) -> bool:
    """The card may lie upside down: the likeliest reading so far holds no number two passes agree on and no expiry a
    card may print (upside down, `09/28` reads `87/60`), or only a Luhn-valid number of a brand's length that, on a
    landscape card, fits the digit templates better turned. Read upside down, a specimen number (it fails
    Luhn) gave two passes' Luhn-valid garbage (development seed 9001's photo 24), and an upright card's number with
    its expiry, read a digit short, gave Luhn-valid garbage and a date (a tenth independent set's scan 26)."""
    if not best.sound:
        return True
    if best.agreed or best.dated:
        return False
    # a portrait card's number may be stacked rows too short for the templates' fit to tell the way up
    return not landscape or _digit_fit(image.transpose(Image.Transpose.ROTATE_180)) > _digit_fit(image)


def _digit_fit(image: Image.Image) -> float:
    """How well the likeliest number strip fits the digit templates this way up (upside down, digits fit poorly)."""
    bands = card_band.number_bands(image, limit=1)
    if not bands:
        return 0.0
    strip, _ = card_band.scale_for_reading(image.crop(bands[0]))
    glyphs = card_digits.read_digits(strip, digit_height=card_band.DIGIT_HEIGHT)
    return float(np.mean([g.score for g in glyphs])) if len(glyphs) >= _MIN_DIGITS else 0.0


_MIN_DIGITS = 12


@dataclass
class _Reading:
    number: CardPart | None
    expiry: CardPart | None
    settled: bool
    passes: int
    words: int
    texts: list[str]
    agreed: bool = False  # two passes read the number's digits alike, in a card's grouping

    @property
    def sound(self) -> bool:
        """Something a card prints was read: a Luhn-valid number of a brand's length, a number two passes agree on,
        or an expiry a card may print."""
        return self.number_like or self.agreed or self.dated

    @property
    def dated(self) -> bool:
        """An expiry was read that a card may print today."""
        return self.expiry is not None and plausible_date(self.expiry.value)

    @property
    def number_like(self) -> bool:
        return self.number is not None and validation.card_number_is_valid(self.number.value) and length_fits(
            self.number.value)

    def better_than(self, other: _Reading) -> bool:
        def rank(reading: _Reading) -> tuple:
            # a card read upside down still yields "digits", but they fit their templates (or Tesseract) poorly
            # and a number two passes read alike, in a card's grouping, is as good as Luhn-valid: a specimen number
            # (it fails Luhn) read the right way up must beat an upside-down misreading that Luhn happens to pass
            number = reading.number
            return (reading.settled, reading.number_like or reading.agreed, reading.dated,
                    number is not None and min(number.confs))

        return rank(self) > rank(other)

    def turned_back(self, turn: Image.Transpose, *, size: tuple[int, int]) -> _Reading:
        def back(part: CardPart | None) -> CardPart | None:
            return None if part is None else replace(part, box=_unturned(part.box, turn, size=size))

        return replace(self, number=back(self.number), expiry=back(self.expiry))


def _unturned(box: Box, turn: Image.Transpose, *, size: tuple[int, int]) -> Box:
    """A box found on the turned image, in the frame of the image as uploaded (`size`)."""
    width, height = size
    left, top, right, bottom = box
    if turn == Image.Transpose.ROTATE_90:  # counter-clockwise: (x, y) became (y, width - x)
        return (width - bottom, left, width - top, right)
    if turn == Image.Transpose.ROTATE_180:  # (x, y) became (width - x, height - y)
        return (width - right, height - bottom, width - left, height - top)
    return (top, height - right, bottom, height - left)  # clockwise: (x, y) became (height - y, x)


def _read_upright(image: Image.Image, *, tilt: float = 0.0, groups: Sequence[Box] = ()) -> _Reading:
    """Tesseract's page pass; the number strips matched against digit templates (an unsure embossed number again at
    two other digit sizes); then, only for what is still unsure (no Luhn-valid number in a card's grouping yet, an
    expiry that is missing or doubtful), one more Tesseract run over the number strips and the places the expiry may
    be printed, stacked into one image; and for an expiry whose digits two readings agree on but whose label went
    unread, up to three small runs over the label alone (card_expiry.labelled_again).

    A card photographed a few degrees off is straightened first, by the slope of its number row, and read again
    by its outline's angle when that differs and the first reads no number (`_slopes`).
    `groups`: the number's stacked rows in `image` (card_band.stacked_groups: four of four digits, American Express's
    4-6-5, or two of eight), found again once the image is straightened; the rows, cut out and set side by side,
    are the likeliest strip, and the expiry is looked for under the last row.
    """
    angles = _slopes(image, tilt=tilt)
    reading = _read_at_angle(image, angles[0], groups=groups)
    for angle in angles[1:]:
        if reading.number is not None:
            break
        again = _read_at_angle(image, angle, groups=groups)
        passes = reading.passes + again.passes
        reading = replace(again if again.better_than(reading) else reading, passes=passes)
    return reading


def _read_at_angle(image: Image.Image, angle: float, *, groups: Sequence[Box]) -> _Reading:
    """`_read_upright` with the card turned by `angle` degrees first (when that is worth it)."""
    straight = image
    if abs(angle) >= _SKEW_WORTH_FIXING:
        straight = _turned(image, angle)
    first = _page_pass(straight)
    lines = lines_of(rows(first))
    votes = _Votes(passes=1)
    votes.add(_candidate(_number_from_lines(lines)))
    strips = [band for band in _bands(straight, lines, votes.best()) if band[3] - band[1] >= _MIN_STRIP * min(
        straight.size)]  # thinner: fine print (a phone number, the small digits under the number)
    scaled = [(band, *card_band.scale_for_reading(straight.crop(band))) for band in strips]
    if straight is not image and (groups or straight.height > straight.width):
        # found again on the straightened card, or found there only: an upright card turned 6 degrees in a photo
        # shows its rows of eight too slanted to be rows (seed 2958's card 14)
        groups = card_band.stacked_groups(straight)
    if groups:
        scaled.insert(0, (union(groups), *card_band.scale_for_reading(_side_by_side(straight, groups))))
    for band, strip, factor in scaled:
        _match_band(strip, band, factor, votes, line_heights=_digit_line_heights(lines, band))
        if votes.plausible():
            break  # the likeliest strip gave a Luhn-valid grouped number (confirmed or not): the others are not read
    pool = list(lines)
    # Tesseract reads the strips again only when nothing yet is a Luhn-valid number in a card's grouping: a number
    # the templates alone read stays unconfirmed (sent to a person) rather than costing every card another run.
    number_pieces = [] if votes.plausible() else _number_pieces(scaled)
    # the digit templates check the page pass's date first: when they agree, no Tesseract run is needed for it
    first_expiry = checked_expiry(straight, expiry_from_lines(pool), passes=[lines])
    places = votes.best()
    if groups and places is not None:
        places = replace(places, box=groups[-1])  # the expiry is printed under the last row, in its size
    date_pieces = [] if settled(first_expiry) else expiry_pieces(straight, lines, places)
    found = read_pieces(number_pieces + date_pieces, config=REREAD_CONFIG)
    for piece_words in found[: len(number_pieces)]:
        votes.passes += 1
        votes.add(_strip_candidate(piece_words))
    if number_pieces and not votes.candidates:
        # nothing read a number yet: the likeliest strip by its darkest (or lightest) share of pixels
        # (card_band.ink_share), once more, taken only in a card's grouping (a number read so at a wrong angle
        # ends the search for the right one: seed 2690's photo 48)
        band, strip, factor = scaled[0]
        piece = Piece(image=card_band.ink_share(strip), origin=band, scale=factor)
        votes.passes += 1
        shared = _strip_candidate(read_pieces([piece], config=REREAD_CONFIG)[0])
        votes.add(shared if shared is not None and shared.shaped else None)
    reread = [line for piece_words in found[len(number_pieces) :] for line in lines_of(rows(piece_words))]
    pool += reread
    number = votes.best()
    if groups and number is not None:
        number = replace(number, box=union(groups))
    expiry = first_expiry
    if date_pieces:
        expiry = surer(first_expiry, checked_expiry(straight, expiry_from_lines(pool), passes=[lines, reread]))
    expiry = labelled_again(straight, expiry)
    # the templates' own date may be the VALID FROM one too, its later THRU date beside it unread (two on 600 cards)
    expiry = later_date_beside(straight, expiry_or_templates(straight, expiry, number, pool), pool)
    if straight is not image:
        number, expiry = (None if p is None else replace(p, box=_unrotated(p.box, angle, size=image.size))
                          for p in (number, expiry))
    return _Reading(number=number, expiry=expiry, settled=votes.settled(), passes=votes.passes + bool(date_pieces),
                    words=len(first), texts=[_mask_digits(ln.text) for ln in lines], agreed=votes.agreed())


def _strip_candidate(piece_words: list[Word]) -> _Candidate | None:
    """The number Tesseract read on a strip cut out for it (digits only), if any."""
    return _candidate(_number_from_lines(lines_of(rows(piece_words)), whitelist=True))


def _page_pass(image: Image.Image) -> list[Word]:
    """Tesseract's pass over the whole card, its print made dark on light (`_dark_on_light`). Tesseract reads
    light print on dark poorly (it no longer reads its unsure lines inverted: libtesseract.py), and the card's grey
    alone does not always tell which its print is: a mid-grey card, or a dark one on a light surface round it (a
    scan whose card was not cut out, seed 9138's card 6: the page read as marks, no number found). When the grey is
    that close to the line (`_UNSURE_GREY`) and the pass reads no number, the other polarity is read too, and taken
    when it reads more of one (`_digits_read`). On 180 development cards, 30 were read twice: the same fields right,
    three expiries confirmed before no longer (the templates' reading checked against Tesseract's), one more
    confirmed, the median card 0.8% slower (A/B); seed 9138's card 6 read in both sets of faces."""
    grey = card_band.median_grey(image)
    likelier = _dark_on_light(image, grey=grey)
    found = words(likelier, lang="eng", config="--psm 11")
    if abs(grey - card_band.DARK_CARD) > _UNSURE_GREY:
        return found
    read = _digits_read(found)
    if read[0]:
        return found
    other = words(image if likelier is not image else ImageOps.invert(image.convert("L")), lang="eng",
                  config="--psm 11")
    return other if _digits_read(other) > read else found


def _digits_read(found: list[Word]) -> tuple[bool, int]:
    """What a page pass read of a number: whether it read one (`_number_from_lines`), and how many lines of eight
    digits or more it read (the strips the templates read first, `_bands`)."""
    lines = lines_of(rows(found))
    return _number_from_lines(lines) is not None, sum(sum(ch.isdigit() for ch in ln.text) >= 8 for ln in lines)


_UNSURE_GREY = 20  # median grey this near card_band.DARK_CARD: the card's print may be either way round


def _dark_on_light(image: Image.Image, *, grey: int | None = None) -> Image.Image:
    """A dark card as its negative, for the page pass: its print, light on the card, then reads dark on light.
    `grey`: the image's median grey, when already measured."""
    grey = card_band.median_grey(image) if grey is None else grey
    return ImageOps.invert(image.convert("L")) if grey < card_band.DARK_CARD else image


def _side_by_side(image: Image.Image, groups: Sequence[Box]) -> Image.Image:
    """The stacked rows of a number cut out and set in one row, a wide gap between them as between a card's groups.
    Each cut is widened by repeating its own edge columns, so no seam reads as a stroke."""
    tall = float(np.median([g[3] - g[1] for g in groups]))
    grey = np.asarray(image.convert("L"))
    cuts = []
    for left, top, right, bottom in groups:
        middle = (top + bottom) / 2
        y0, y1 = max(0, round(middle - 0.85 * tall)), min(grey.shape[0], round(middle + 0.85 * tall))
        x0, x1 = max(0, round(left - 0.15 * tall)), min(grey.shape[1], round(right + 0.15 * tall))
        cut = grey[y0:y1, x0:x1]
        if cuts and cut.shape[0] != cuts[0].shape[0]:
            cut = cv2.resize(cut, (cut.shape[1], cuts[0].shape[0]))
        cuts.append(cv2.copyMakeBorder(cut, 0, 0, round(0.5 * tall), round(0.5 * tall), cv2.BORDER_REPLICATE))
    return Image.fromarray(np.hstack(cuts))


_SKEW_WORTH_FIXING = 0.4  # degrees


def _slopes(image: Image.Image, *, tilt: float) -> list[float]:
    """The number row's slope (degrees; 0 when no row is found), and the card outline's when it differs: the angles
    to straighten the card by, the likelier first. The row is found as one only when it is nearly level: on a card
    turned by more than a few degrees it is looked for once the card's outline has been turned level (`tilt`). A
    photo's perspective can slope the outline one way and the number row the other (seed 7485: the outline 2.1
    degrees, the row -3.6): when the levelled card shows no number row, the row found as it is, if any, gives the
    slope, else the outline does.

    The row's slope is measured from the centres of its groups' blobs, and a blob that takes in the small digits
    under a group, or a stroke of the art over it, moves its centre: on seed 7731's card 13 (held-out faces) the
    levelled row measured -2.4 degrees more where it was level, and turned by both the number was lost. The
    outline's own angle is then the one to read at again (`_read_upright`). So is a level card's own, 0, when the art
    gave its row a slope: a number read level and lost turned by -0.8 degrees (seed 3361's held-out card 28)."""
    if not _TILT_WORTH_USING <= abs(tilt) <= _TILT_BELIEVED:
        skew = card_band.skew_degrees(image) or 0.0
        return [skew] + [0.0] * (abs(skew) >= _SKEW_WORTH_FIXING)
    levelled = card_band.skew_degrees(_turned(image, tilt))
    if levelled is not None:
        return [tilt + levelled] + [tilt] * (abs(levelled) >= _SKEW_WORTH_FIXING)
    own = card_band.skew_degrees(image)
    return [tilt] if own is None else [own, tilt]


_TILT_WORTH_USING = 1.5  # degrees: below it the number row is found as it is
_TILT_BELIEVED = 15.0  # a photo is turned up to about 8 degrees; more is artwork's lines, not the card's outline


def _turned(image: Image.Image, angle: float) -> Image.Image:
    """The grey-scale image turned `angle` degrees counter-clockwise about its centre, as `Image.rotate` turns it (the
    same size, the corners filled with its median grey), by OpenCV: eight times faster at a card's size."""
    grey = np.asarray(image.convert("L"))
    centre = (image.width / 2 - 0.5, image.height / 2 - 0.5)  # PIL's centre, in OpenCV's pixel-centred coordinates
    turn = cv2.getRotationMatrix2D(centre, angle, 1.0)
    return Image.fromarray(cv2.warpAffine(grey, turn, image.size, flags=cv2.INTER_CUBIC,
                                          borderMode=cv2.BORDER_CONSTANT, borderValue=card_band.median_grey(image)))


def _unrotated(box: Box, angle: float, *, size: tuple[int, int]) -> Box:
    """A box found on the image turned by `angle` degrees about its centre, in the frame before the turn."""
    cx, cy = size[0] / 2, size[1] / 2
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    points = [(cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in corners]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
            max(p[1] for p in points))


def _candidate(part: CardPart | None) -> _Candidate | None:
    if part is None:
        return None
    shaped = tuple(len(g) for g in part.raw_text.split()) in _NUMBER_SHAPES
    return _Candidate(value=part.value, shaped=shaped, part=part, sure=min(part.confs) >= _SURE_DISSENT,
                      tesseract=True)


_MAX_BANDS = 2


def _bands(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Box]:
    """Strips that may hold the number, likeliest first: where the page pass read it, rows of digits it read,
    then rows of digit-like marks found from the pixels alone."""
    bands: list[Box] = []
    if number is not None:
        bands.append(_strip(image, number.box))
    # the likeliest row of digit-like marks comes before lines the page pass read eight digits in: on busy artwork
    # those are often the fine print or the art itself, read as digits, and would push the number out
    pixels = card_band.number_bands(image)
    bands += pixels[:1]
    digitish = [ln for ln in lines if sum(ch.isdigit() for ch in ln.text) >= 8]
    bands += [_strip(image, _digits_of(ln)) for ln in digitish]
    bands += pixels[1:]
    unique: list[Box] = []
    for band in bands:
        if not any(abs(band[1] - u[1]) + abs(band[3] - u[3]) < 0.5 * (band[3] - band[1]) for u in unique):
            unique.append(band)
    return unique[:_MAX_BANDS]


def _digits_of(line: Line) -> Box:
    """Where a line's groups of digits are printed: its words of two digits or more, as tall as most of them are.
    The line's own box also holds what Tesseract joined to it (a stroke of the art read as a dash, the small digits
    printed under the number, taken into one word's box), and a strip cut round that measures its digits too tall."""
    groups = [w.box for w in line.words if sum(ch.isdigit() for ch in w.text) >= 2] or [line.box]
    typical = float(np.median([b[3] - b[1] for b in groups]))
    groups = [b for b in groups if b[3] - b[1] >= _FINE_PRINT * typical]
    middle = float(np.median([(b[1] + b[3]) / 2 for b in groups]))
    half = float(np.median([b[3] - b[1] for b in groups])) / 2
    return (min(b[0] for b in groups), middle - half, max(b[2] for b in groups), middle + half)


_FINE_PRINT = 0.5  # of a line's typical word of digits: a word lower than this is the small digits under the number


def _strip(image: Image.Image, box: Box) -> Box:
    pad = 0.35 * (box[3] - box[1])
    return (0.0, max(0.0, box[1] - pad), float(image.width), min(float(image.height), box[3] + pad))


def _digit_line_heights(lines: list[Line], band: Box) -> list[float]:
    """How tall the page pass found the lines of digits inside `band`: a second measure of the number's height, where
    the strip's own (its rows of dense strokes) takes in the small digits printed just under the number, or artwork."""
    return [ln.box[3] - ln.box[1] for ln in lines
            if sum(ch.isdigit() for ch in ln.text) >= 8 and band[1] <= ln.box[1] and ln.box[3] <= band[3]]


def _match_band(strip: Image.Image, band: Box, factor: float, votes: _Votes, *,
                line_heights: Sequence[float] = ()) -> None:
    """The strip matched against digit templates, by edges and then blob by blob: no Tesseract run, so cheap.

    The strip is read again where its first reading is doubtful, at other sizes and with its contrast evened out
    (`_read_again`), and its glyphs by their shapes (`_by_shape`), unless the passes so far already settle the number
    (the page pass read it too: on 460 development cards the same readings, a card's median time 2-3% shorter, A/B;
    bench/README.md, "The thirty-fourth round"). A strip is matched only when those before it gave no Luhn-valid
    number in a card's grouping, and the one the pixels find likeliest is at times the holder's name (seed 1029: the
    number, the second strip, read at its first size lost a digit).

    An embossed number on busy artwork often has no blobs of ink to compare and a digit or two that are not clear; a
    Luhn-valid reading whose issuer prefix fits its length is then read by the edges again, the strip and the
    templates at two other sizes far apart, and counts as a second pass when both give exactly its digits: on the
    tuning sets no wrong number ever did, while sizes closer together (38 and 44) once agreed on a wrong one
    (bench/README.md, "Cards in photos, and expiries read twice"). Not when Luhn cannot tell the reading from
    another (`luhn_blind`): on a fresh set all three sizes read two embossed 8s on a light card as 3s by a
    hundredth, and Luhn passes both readings ("The fifteenth round")."""
    reading = _first_reading(strip, band, factor, votes)
    if not _settled_with(votes, reading.candidates):
        reading = _read_again(reading, band, line_heights)
    first = reading.candidates
    for candidate in first:
        votes.add(candidate)
    shape = None if votes.settled() else _by_shape(reading, band)
    votes.add(shape)
    if not votes.settled():
        binary = card_band.binarisations(reading.strip)[0]
        for candidate in _from_glyphs(card_digits.match_components(binary), band, reading.factor):
            votes.add(candidate)
    # the templates agreeing at other sizes is no second pass where the shapes read the glyphs otherwise
    unsure = first and first[0].shaped and first[0].luhn and not (votes.settled() or first[0].clear) and (
        shape is None or shape.value == first[0].value)
    if unsure and issuer_fits(first[0].value) and not first[0].luhn_blind:
        if all(_read_at(reading.strip, band, reading.factor, height=height, face=reading.face) == first[0].value
               for height in _OTHER_SIZES):
            votes.passes += 1
            votes.add(first[0])


def _by_shape(reading: _StripReading, band: Box) -> _Candidate | None:
    """The glyphs the templates found, each read again by its shape (digit_shapes): a second reader, which has seen
    the digits in many faces where the templates hold a few, and a pass of its own. Its reading agreeing with the
    templates' confirms a Luhn-valid number; differing, Luhn and the other passes choose."""
    if not reading.glyphs:
        return None
    digits = digit_shapes.read(reading.strip, [g.box for g in reading.glyphs])
    if len(digits) != len(reading.glyphs):
        return None
    glyphs = [replace(glyph, digit=digit, runner_up="", margin=1.0)
              for glyph, digit in zip(reading.glyphs, digits, strict=True)]
    found = _from_glyphs(glyphs, band, reading.factor)
    return replace(found[0], by_shape=True) if found else None


@dataclass(frozen=True)
class _StripReading:
    """A number strip as the templates read it: the strip as matched (perhaps resized or evened out), its scale to
    the card's pixels, the candidates it gave (the best first), their glyphs and the face they were read in."""
    strip: Image.Image
    factor: float
    candidates: list[_Candidate]
    glyphs: list[card_digits.Glyph]
    faces: tuple[int, ...] | None = None  # the faces worth matching at another size (None: every face)

    @property
    def face(self) -> int | None:
        return self.glyphs[0].face if self.glyphs else None

    @property
    def grouped(self) -> bool:
        """The best candidate is printed in a card's grouping."""
        return bool(self.candidates) and self.candidates[0].shaped


def _settled_with(votes: _Votes, candidates: list[_Candidate]) -> bool:
    """The passes so far and these candidates settle the number (two passes read it, Luhn-valid and grouped)."""
    return _Votes(candidates=[*votes.candidates, *candidates]).settled()


def _first_reading(strip: Image.Image, band: Box, factor: float, votes: _Votes) -> _StripReading:
    """The face the strip likely fits best is matched first; its reading stands when it is a Luhn-valid number in a
    card's grouping, or settles the number with the passes before it (`votes`: the page pass read it, and the one
    doubtful digit swapped to pass Luhn gives the same), and otherwise every face is matched (matching is most of
    the reader's own time). A reading that fails Luhn is joined by those of faces that fit nearly as well and pass it
    (`_close_faces`)."""
    likeliest = card_digits.likeliest_faces(strip, digit_height=card_band.DIGIT_HEIGHT)[:1]
    by_face = card_digits.readings_by_face(strip, digit_height=card_band.DIGIT_HEIGHT, faces=likeliest)
    first = _from_glyphs(by_face[0] if by_face else [], band, factor, margins=True)
    if not (first and first[0].shaped and first[0].luhn) and not _settled_with(votes, first):
        by_face = card_digits.readings_by_face(strip, digit_height=card_band.DIGIT_HEIGHT)
        first = _from_glyphs(by_face[0] if by_face else [], band, factor, margins=True)
    glyphs = by_face[0] if by_face else []
    if first and not first[0].luhn:
        first += _close_faces(glyphs, by_face[1:], band, factor)
    floor = card_digits.mean_score(glyphs) - _RESCALED_FACES
    faces = tuple(g[0].face for g in by_face if card_digits.mean_score(g) >= floor) if len(by_face) > 1 else None
    return _StripReading(strip=strip, factor=factor, candidates=first, glyphs=glyphs, faces=faces)


def _read_again(reading: _StripReading, band: Box, line_heights: Sequence[float]) -> _StripReading:
    """A number strip read again while its reading is doubtful, each way in turn (each has its own doubt, and
    its own test of whether the new reading is better): a grouped number that fails Luhn at the height of its faint
    strokes (`_at_faint_height`); no grouped number at a sixth smaller or larger (`_at_other_scales`), at the
    heights the page pass measured for its lines of digits (`_at_line_heights`), and with its contrast evened out
    along it (`_evened_out`)."""
    for again in (_at_faint_height, _at_other_scales, _at_line_heights, _evened_out):
        reading = again(reading, band, line_heights) or reading
    return reading


def _at_faint_height(reading: _StripReading, band: Box, _line_heights: Sequence[float]) -> _StripReading | None:
    """A number in a card's grouping that fails Luhn (even when one doubtful digit swapped passes it), as an
    embossed number measured by its shadow alone reads (its digits a seventh too small): read again at the height
    measured with faint strokes counted, then a sixth smaller, taken when that reading fits its templates clearly
    better and (or it with one doubtful digit swapped) passes Luhn in a card's grouping."""
    if not reading.grouped or reading.candidates[0].luhn:
        return None
    faint = card_band.digit_scale(reading.strip, faint=True)
    for rescaled in [faint] * (abs(faint - 1) >= card_band.SAME_SIZE) + [_RESCALES[0]]:
        again = _rescaled(reading, band, rescaled)
        fits_better = card_digits.mean_score(again.glyphs) >= card_digits.mean_score(reading.glyphs) + _BETTER_FIT
        if again.grouped and fits_better and any(c.luhn for c in again.candidates):
            return again
    return None


def _at_other_scales(reading: _StripReading, band: Box, _line_heights: Sequence[float]) -> _StripReading | None:
    """No number in a card's grouping: the digits' height was mismeasured (an embossing's relief, a strip cut from a
    line that held art), and templates a sixth off in size already misread or miss digits. A reading is taken only
    when it fits the templates better: digits printed a single space apart read as one group."""
    if reading.grouped:
        return None
    first = reading.candidates
    for rescaled in _RESCALES:
        again = _rescaled(reading, band, rescaled)
        if again.grouped and (not first or min(again.candidates[0].part.confs) > min(first[0].part.confs)):
            return again
    return None


def _at_line_heights(reading: _StripReading, band: Box, line_heights: Sequence[float]) -> _StripReading | None:
    """Still no number in a card's grouping, and the page pass found a line of digits in the strip far off the
    strip's own measure (the small digits under the number, taken for part of it, doubled its height). The number is
    read again at the line's height, a tenth either side (a line's box also holds an embossing's shadow), and the
    reading that fits best is kept: a Luhn-valid one, then the surest."""
    if reading.grouped:
        return None
    tries = []
    far_off = [h for h in line_heights if not _TRIED[0] < card_band.DIGIT_HEIGHT / (h * reading.factor) < _TRIED[1]]
    for height in far_off:
        for share in _LINE_SHARES:
            again = _rescaled(reading, band, card_band.DIGIT_HEIGHT / (share * height * reading.factor))
            if again.grouped:
                tries.append(((again.candidates[0].luhn, min(again.candidates[0].part.confs)), again))
    return max(tries, key=lambda t: t[0])[1] if tries else None


def _evened_out(reading: _StripReading, band: Box, _line_heights: Sequence[float]) -> _StripReading | None:
    """Still no number in a card's grouping: the art behind one group may be darker than behind the others, so its
    edges are too weak beside theirs to count as digits; the strip's contrast evened out along it, read once more
    (never `clear` by itself: another pass must agree for the number to be confirmed)."""
    if reading.grouped:
        return None
    evened = _evened(reading.strip)
    glyphs = card_digits.read_digits(evened, digit_height=card_band.DIGIT_HEIGHT)
    again = _StripReading(strip=evened, factor=reading.factor, candidates=_from_glyphs(glyphs, band, reading.factor),
                          glyphs=glyphs)
    return again if again.grouped else None


def _evened(strip: Image.Image) -> Image.Image:
    """The strip with its contrast equalised in tiles along it (CLAHE), so print on dark art stands out as much as
    print on light art beside it."""
    grey = np.asarray(strip.convert("L"))
    return Image.fromarray(cv2.createCLAHE(clipLimit=_EVEN_CLIP, tileGridSize=(_EVEN_TILES, 1)).apply(grey))


_EVEN_CLIP = 3.0
_EVEN_TILES = 8  # across the strip: about two per group of the number


def _close_faces(best: list[card_digits.Glyph], others: list[list[card_digits.Glyph]], band: Box,
                 factor: float) -> list[_Candidate]:
    """The number as read in faces that fit the strip about as well as the best one, when the best one's reading
    fails Luhn and theirs passes it in a card's grouping. Between the bold sans faces the best fit is often decided
    by a hundredth (an embossing's shadow, a relief's highlight), and the face that fits second best may read the
    digit (a 6 for a 0) the best face got wrong. Each is one more candidate, never clear: it is confirmed only when
    another pass (Tesseract's, the ink blobs') reads the same digits."""
    found = []
    for glyphs in others:
        if len(glyphs) != len(best) or card_digits.mean_score(glyphs) < card_digits.mean_score(best) - _CLOSE_FIT:
            continue
        candidates = _from_glyphs(glyphs, band, factor)
        found += [replace(c, guessed=True) for c in candidates[:1] if c.luhn and c.shaped and length_fits(c.value)]
    return found


_CLOSE_FIT = 0.03  # mean template score: faces this close fit the strip alike


_OTHER_SIZES = (34, 50)  # pixels a digit is tall, besides card_band.DIGIT_HEIGHT
_BETTER_FIT = 0.05  # mean template score: a reading at another size that fits this much better is at the true size
# mean template score: a face that fits the strip this much worse than the best one at its first size is not matched at
# other sizes (on 130 held-out development cards, no face that won at another size fitted more than 0.07 worse at
# the first; matching only the faces within 0.1 took a card's median time 1.4% down and read the same fields, A/B)
_RESCALED_FACES = 0.1
_RESCALES = (0.85, 1.2)  # the likeliest strip's size again, when its first reading held no number in a card's grouping


def _rescaled(reading: _StripReading, band: Box, rescaled: float) -> _StripReading:
    """The strip read again `rescaled` times its size, in the faces that fit it about as well as the best at its first
    size (`_RESCALED_FACES`)."""
    strip = reading.strip
    resized = card_band.scaled(strip, rescaled)
    by_face = card_digits.readings_by_face(resized, digit_height=card_band.DIGIT_HEIGHT, faces=reading.faces)
    glyphs = by_face[0] if by_face else []
    factor = reading.factor * rescaled
    return _StripReading(strip=resized, factor=factor, candidates=_from_glyphs(glyphs, band, factor, margins=True),
                         glyphs=glyphs, faces=reading.faces)


_LINE_SHARES = (1.0, 0.9, 1.1)  # of a digit line's height (Tesseract's box), the digits' height tried
_TRIED = (0.75, 1.3)  # a line whose height asks for a size in this range was as good as read by _RESCALES


def _read_at(strip: Image.Image, band: Box, factor: float, *, height: int, face: int | None) -> str:
    """The number's digits as the edge templates read them with digits `height` pixels tall (`` when no number),
    in the template face the first reading chose (`face`)."""
    scale = height / card_band.DIGIT_HEIGHT
    resized = card_band.scaled(strip, scale)
    glyphs = card_digits.read_digits(resized, digit_height=height, face=face)
    found = _from_glyphs(glyphs, band, factor * scale, digit_height=height)
    return found[0].value if found and found[0].shaped else ""


def _number_pieces(scaled: list[tuple[Box, Image.Image, float]]) -> list[Piece]:
    """The likeliest strip in two binarisations and the others in one, for Tesseract to read (digits only); each is
    a pass of its own. (Tesseract's time grows with what it is given: the third binarisation and the further strips
    in all of them rarely changed the outcome.)"""
    return [Piece(image=version, origin=band, scale=factor) for rank, (band, strip, factor) in enumerate(scaled)
            for version in card_band.binarisations(strip)[: 2 if rank == 0 else 1]]


_MIN_STRIP = 0.06  # of the card's short side: a number strip is at least this tall


def _from_glyphs(
    glyphs: list[card_digits.Glyph], band: Box, factor: float, *, margins: bool = False,
    digit_height: int = card_band.DIGIT_HEIGHT,
) -> list[_Candidate]:
    """The number among the matched glyphs (groups printed in a card's shape, or else 15 or 16 digits in all) and,
    when it fails Luhn, the one reading with a single doubtful glyph swapped for its runner-up that passes it.
    `margins`: the glyphs carry their runner-up's margin (edge matching), so a reading in a card's grouping whose every
    glyph is well ahead of any other digit and fits its template fairly well is `clear`."""
    groups = card_digits.grouped(glyphs, digit_height=digit_height)
    lengths = [len(g) for g in groups]
    chosen: list[list[card_digits.Glyph]] = []
    for shape in _NUMBER_SHAPES:
        for start in range(0, len(groups) - len(shape) + 1):
            if tuple(lengths[start : start + len(shape)]) == shape and not chosen:
                chosen = groups[start : start + len(shape)]
    shaped = bool(chosen)
    if not shaped and len(glyphs) in (15, 16):
        chosen = groups
    if not chosen:
        return []
    every = [g for group in chosen for g in group]
    text = " ".join("".join(g.digit for g in group) for group in chosen)
    part = CardPart(
        name="card_number",
        raw_key="cardNums",
        raw_text=text,
        value=digits_only(text),
        confs=(100 * min(g.score for g in every),),
        box=_shift_box(union([tuple(c / factor for c in g.box) for g in every]), band),
    )
    clear = margins and shaped and all(not g.doubtful and g.score >= _CLEAR_SCORE for g in every)
    luhn_blind = validation.card_number_is_valid(part.value) and bool(_luhn_passing_swaps(text, every, count=2))
    candidates = [_Candidate(value=part.value, shaped=shaped, part=part, clear=clear, luhn_blind=luhn_blind)]
    corrected = _luhn_corrected(text, every)
    if corrected is not None:
        fixed = replace(part, raw_text=corrected, value=digits_only(corrected))
        candidates.append(_Candidate(value=fixed.value, shaped=shaped, part=fixed, guessed=True))
    return candidates


_CLEAR_SCORE = 0.55  # and one that fits its template this well or better is read clearly (with a clear margin)


def _luhn_corrected(text: str, glyphs: list[card_digits.Glyph]) -> str | None:
    """Luhn catches every single wrong digit, so among the glyphs that could be either of two digits, the one whose
    other reading makes the number pass is the likeliest misreading. Only a doubtful glyph is ever changed: a
    specimen number that fails Luhn but is printed clearly keeps its digits."""
    if validation.card_number_is_valid(digits_only(text)):
        return None
    fixes = _luhn_passing_swaps(text, glyphs, count=1)
    return min(fixes)[1] if fixes else None


def _luhn_passing_swaps(text: str, glyphs: list[card_digits.Glyph], *, count: int) -> list[tuple[float, str]]:
    """`text` (the glyphs' digits, grouped) with `count` of its doubtful glyphs read as their runner-ups, each way
    that passes Luhn, with those glyphs' summed margins. One swap never passes when the reading does; two may (two 8s
    read as 3s where neither is doubled): a Luhn-valid reading with such a pair is `luhn_blind`."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    doubtful = [(position, glyph) for position, glyph in zip(positions, glyphs, strict=True) if glyph.doubtful]
    found = []
    for chosen in itertools.combinations(doubtful, count):
        swapped = list(text)
        for position, glyph in chosen:
            swapped[position] = glyph.runner_up
        if validation.card_number_is_valid(digits_only("".join(swapped))):
            found.append((sum(glyph.margin for _, glyph in chosen), "".join(swapped)))
    return found


def _shift_box(box: Box, band: Box) -> Box:
    return (box[0] + band[0], box[1] + band[1], box[2] + band[0], box[3] + band[1])


def _number_from_lines(lines: list[Line], *, whitelist: bool = False) -> CardPart | None:
    """The number in a card grouping that one line holds, or stacked rows of lines (`4133 4595` over `2625 7092`);
    a Luhn-valid one first."""
    best: tuple[int, CardPart] | None = None
    for line in [*lines, *_stacked_rows(lines)]:
        groups = _full_size(w for w in line.words if _GROUP.match(w.text.replace(" ", "")))
        for shape in _NUMBER_SHAPES:
            for start in range(0, len(groups) - len(shape) + 1):
                chosen = groups[start : start + len(shape)]
                if tuple(len(w.text) for w in chosen) != shape:
                    continue
                part = _number_part(chosen)
                score = 2 if validation.card_number_is_valid(part.value) else 1
                if best is None or score > best[0]:
                    best = (score, part)
        if best is None and whitelist:
            digits = "".join(w.text for w in line.words)
            if len(digits) in (15, 16) and line.words:
                best = (0, _number_part(line.words))
    return best[1] if best else None


def _stacked_rows(lines: list[Line]) -> list[Line]:
    """Lines that print a number in stacked rows, each run of them as one line: consecutive lines of one or two
    groups of digits and nothing else, each under the one before (less than one and a half rows' height down),
    as tall, and starting where it starts. An upright card or a card's back prints its number so; Tesseract reads
    each row as a line of its own."""
    runs: list[list[Line]] = []
    run: list[Line] = []  # the run the last line belongs to; [] after a line of anything else
    for line in lines:
        if run and _stacks_under(run[-1], line):
            run.append(line)
        else:
            run = [line] if _digit_groups_alone(line) else []
            runs.append(run)
    return [Line(words=[w for row in run for w in row.words]) for run in runs if len(run) >= 2]


def _digit_groups_alone(line: Line) -> bool:
    return 1 <= len(line.words) <= 2 and all(_GROUP.match(w.text.replace(" ", "")) for w in line.words)


def _stacks_under(above: Line, line: Line) -> bool:
    if not _digit_groups_alone(line):
        return False
    (left, top, _, bottom), (next_left, next_top, _, next_bottom) = (union([w.box for w in x.words])
                                                                     for x in (above, line))
    height = bottom - top
    return (0 <= next_top - bottom < _STACKED_GAP * height and abs(next_left - left) < _STACKED_INDENT * height
            and abs((next_bottom - next_top) - height) < _STACKED_HEIGHT * height)


_STACKED_GAP = 1.5  # of a row's height: the next row's top is at most this far under its bottom
_STACKED_INDENT = 0.5  # of a row's height: the rows start this close to each other
_STACKED_HEIGHT = 0.25  # of a row's height: and are this close to it in height


# Of the number's groups' typical height: a group of digits smaller than this is no group of the number. Many cards
# print a small 4-digit number just under the number's first group (`5440` under `5440 3543 0754 4997`), which
# Tesseract's line takes in: the window of four groups it starts is Luhn-valid one time in ten.
_SMALL_GROUP = 0.7


def _full_size(groups: Iterable[Word]) -> list[Word]:
    """The groups as tall as the number's digits, in order."""
    groups = list(groups)
    if not groups:
        return groups
    typical = statistics.median(w.box[3] - w.box[1] for w in groups)
    return [w for w in groups if w.box[3] - w.box[1] >= _SMALL_GROUP * typical]


def _number_part(chosen: list[Word]) -> CardPart:
    text = " ".join(w.text for w in chosen)
    return CardPart(
        name="card_number",
        raw_key="cardNums",
        raw_text=text,
        value=digits_only(text),
        confs=tuple(w.conf for w in chosen),
        box=union([w.box for w in chosen]),
    )


def _mask_digits(text: str) -> str:
    return re.sub(r"\d", "#", text)


def read_card_text(lines: list[Line]) -> list[CardPart]:
    """The number and expiry from text that needs no OCR (a PDF's text layer): the same rules, no second passes."""
    return [part for part in (_number_from_lines(lines), expiry_from_lines(lines)) if part is not None]
