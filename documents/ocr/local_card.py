"""Credit cards: the number (4-4-4-4, or 4-6-5 for American Express) and the MM/YY expiry near VALID THRU."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PIL import Image

from documents import validation

from . import local_card_band, local_card_digits, local_confidence
from .fields import digits_only
from .local_text import Box, Line, Word, levenshtein, lines_of, union, words

# Re-reads: number strips and expiry places stacked into one block, digits and the expiry's slash only.
REREAD_CONFIG = "--psm 6 -c tessedit_char_whitelist=0123456789/"
_GROUP = re.compile(r"^\d{4,6}$")
_NUMBER_SHAPES = ((4, 4, 4, 4), (4, 6, 5))


@dataclass(frozen=True)
class CardPart:
    name: str
    raw_key: str
    raw_text: str
    value: str
    confs: tuple[float, ...]
    box: Box


@dataclass(frozen=True)
class _Candidate:
    """One pass's reading of the number: its digits, whether they were printed in a card's groups, where."""

    value: str
    shaped: bool
    part: CardPart

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
        return sum(c.value == value for c in self.candidates)

    def plausible(self) -> bool:
        return any(c.luhn and c.shaped for c in self.candidates)

    def settled(self) -> bool:
        return any(c.luhn and c.shaped and self.count(c.value) >= 2 for c in self.candidates)

    def best(self) -> CardPart | None:
        """A Luhn-valid number two passes agree on; else the reading most passes agree on (a specimen number that
        fails Luhn keeps its printed digits); else Luhn, then the printed grouping. The confidence says which held."""
        if not self.candidates:
            return None
        chosen = max(self.candidates, key=lambda c: (c.luhn and self.count(c.value) >= 2, self.count(c.value), c.luhn,
                                                     c.shaped, min(c.part.confs)))
        confirmed = chosen.luhn and self.count(chosen.value) >= 2
        confs = (local_confidence.CARD_CONFIRMED,) if confirmed else (*chosen.part.confs,
                                                                        local_confidence.CARD_UNCONFIRMED)
        return replace(chosen.part, confs=confs)


def read_card(image: Image.Image) -> tuple[list[CardPart], dict]:
    """`image` is grey-scale; boxes come back in its pixels.

    A portrait image may be a card held upright (newer Korean cards print the number on the back, along the long
    side): when nothing number-like is read as it is, it is read again turned a quarter each way, the way up in
    which the number strip fits the digit templates best first. When the number row shows only once the image is
    turned, the turned readings come first and the upright one is seldom needed.
    """
    turns: list[Image.Transpose | None] = [None]
    if image.height > image.width:
        quarter = [Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_90]
        quarter.sort(key=lambda turn: _digit_fit(image.transpose(turn)), reverse=True)
        turns = [*quarter, None] if not local_card_band.number_bands(image) else [None, *quarter]
    best: _Reading | None = None
    passes = 0
    for index, turn in enumerate(turns):
        reading = _read_upright(image if turn is None else image.transpose(turn))
        passes += reading.passes
        if turn is not None:
            reading = reading.turned_back(turn, size=image.size)
        if best is None or reading.better_than(best):
            best = reading
        # Luhn alone passes one upside-down misreading in ten: only two agreeing passes, or a Luhn-valid number in
        # the way up the digits fit best, end the search early
        if best.settled or (index == 0 and best.number_like):
            break
    parts = [p for p in (best.number, best.expiry) if p is not None]
    raw = {"passes": passes, "words": best.words, "texts": best.texts}
    return parts, raw


def _digit_fit(image: Image.Image) -> float:
    """How well the likeliest number strip fits the digit templates this way up (upside down, digits fit poorly)."""
    bands = local_card_band.number_bands(image, limit=1)
    if not bands:
        return 0.0
    strip, _ = local_card_band.scale_for_reading(image.crop(bands[0]))
    glyphs = local_card_digits.read_digits(strip, digit_height=local_card_band.DIGIT_HEIGHT)
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

    @property
    def number_like(self) -> bool:
        return self.number is not None and validation.card_number_is_valid(self.number.value)

    def better_than(self, other: _Reading) -> bool:
        def rank(reading: _Reading) -> tuple:
            # a card read upside down still yields "digits", but they fit their templates (or Tesseract) poorly
            number = reading.number
            return (reading.number_like, reading.settled, number is not None and min(number.confs),
                    reading.expiry is not None)

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
    return (top, height - right, bottom, height - left)  # clockwise: (x, y) became (height - y, x)


def _read_upright(image: Image.Image) -> _Reading:
    """Tesseract's page pass; the number strips matched against digit templates; then, only for what is still
    unsure (no Luhn-valid number in a card's grouping yet, an expiry that is missing or doubtful), one more Tesseract
    run over the number strips and the places the expiry may be printed, stacked into one image.

    A card photographed a degree or two off is straightened first, by the slope of its number row.
    """
    angle = local_card_band.skew_degrees(image)
    straight = image
    if abs(angle) >= _SKEW_WORTH_FIXING:
        straight = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=_median(image))
    first = words(straight, lang="eng", config="--psm 11")
    lines = lines_of(_rows(first))
    votes = _Votes(passes=1)
    votes.add(_candidate(_number_from_lines(lines)))
    strips = [band for band in _bands(straight, lines, votes.best()) if band[3] - band[1] >= _MIN_STRIP * min(
        straight.size)]  # thinner: fine print (a phone number, the small digits under the number)
    scaled = [(band, *local_card_band.scale_for_reading(straight.crop(band))) for band in strips]
    for band, strip, factor in scaled:
        _match_band(strip, band, factor, votes)
        if votes.settled():
            break
    pool = list(lines)
    # Tesseract reads the strips again only when nothing yet is a Luhn-valid number in a card's grouping: a number
    # the templates alone read stays unconfirmed (sent to a person) rather than costing every card another run.
    number_pieces = [] if votes.plausible() else _number_pieces(scaled)
    # the digit templates check the page pass's date first: when they agree, no Tesseract run is needed for it
    first_expiry = _checked_expiry(straight, _expiry_from_lines(pool))
    expiry_pieces = [] if _settled(first_expiry) else _expiry_pieces(straight, lines, votes.best())
    found = _read_pieces(number_pieces + expiry_pieces, config=REREAD_CONFIG)
    for piece_words in found[: len(number_pieces)]:
        votes.passes += 1
        votes.add(_candidate(_number_from_lines(lines_of(_rows(piece_words)), whitelist=True)))
    for piece_words in found[len(number_pieces) :]:
        pool += lines_of(_rows(piece_words))
    number = votes.best()
    expiry = _checked_expiry(straight, _expiry_from_lines(pool)) if expiry_pieces else first_expiry
    if straight is not image:
        number, expiry = (None if p is None else replace(p, box=_unrotated(p.box, angle, size=image.size))
                          for p in (number, expiry))
    return _Reading(number=number, expiry=expiry, settled=votes.settled(), passes=votes.passes + bool(expiry_pieces),
                    words=len(first), texts=[_mask_digits(ln.text) for ln in lines])


_SKEW_WORTH_FIXING = 0.4  # degrees


def _median(image: Image.Image) -> int:
    return int(np.median(np.asarray(image.convert("L"))))


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
    return _Candidate(value=part.value, shaped=shaped, part=part)


_MAX_BANDS = 2


def _bands(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Box]:
    """Strips that may hold the number, likeliest first: where the page pass read it, rows of digits it read,
    then rows of digit-like marks found from the pixels alone."""
    bands: list[Box] = []
    if number is not None:
        bands.append(_strip(image, number.box))
    digitish = [ln for ln in lines if sum(ch.isdigit() for ch in ln.text) >= 8]
    bands += [_strip(image, ln.box) for ln in digitish]
    bands += local_card_band.number_bands(image)
    unique: list[Box] = []
    for band in bands:
        if not any(abs(band[1] - u[1]) + abs(band[3] - u[3]) < 0.5 * (band[3] - band[1]) for u in unique):
            unique.append(band)
    return unique[:_MAX_BANDS]


def _strip(image: Image.Image, box: Box) -> Box:
    pad = 0.35 * (box[3] - box[1])
    return (0.0, max(0.0, box[1] - pad), float(image.width), min(float(image.height), box[3] + pad))


def _match_band(strip: Image.Image, band: Box, factor: float, votes: _Votes) -> None:
    """The strip matched against digit templates, by edges and then blob by blob: no Tesseract run, so cheap."""
    glyphs = local_card_digits.read_digits(strip, digit_height=local_card_band.DIGIT_HEIGHT)
    for candidate in _from_glyphs(glyphs, band, factor):
        votes.add(candidate)
    if not votes.settled():
        binary = local_card_band.binarisations(strip)[0]
        for candidate in _from_glyphs(local_card_digits.match_components(binary), band, factor):
            votes.add(candidate)


def _number_pieces(scaled: list[tuple[Box, Image.Image, float]]) -> list[_Piece]:
    """The likeliest strip in two binarisations and the others in one, for Tesseract to read (digits only); each is
    a pass of its own. (Tesseract's time grows with what it is given: the third binarisation and the further strips
    in all of them rarely changed the outcome.)"""
    return [_Piece(image=version, origin=band, scale=factor) for rank, (band, strip, factor) in enumerate(scaled)
            for version in local_card_band.binarisations(strip)[: 2 if rank == 0 else 1]]


@dataclass(frozen=True)
class _Piece:
    image: Image.Image  # dark print on white, as Tesseract is to see it
    origin: Box  # where it was cut from, in the page's pixels
    scale: float  # piece pixels per page pixel


_GAP = 24  # white pixels between stacked pieces: Tesseract keeps them on separate lines


def _read_pieces(pieces: list[_Piece], *, config: str) -> list[list[Word]]:
    """One Tesseract run over several crops stacked one above the other, each piece's words back in page pixels.

    Starting Tesseract costs about as much as reading a strip, so the re-reads share one run.
    """
    if not pieces:
        return []
    width = max(p.image.width for p in pieces) + 2 * _GAP
    canvas = Image.new("L", (width, sum(p.image.height + _GAP for p in pieces) + _GAP), 255)
    tops = []
    top = _GAP
    for piece in pieces:
        canvas.paste(piece.image.convert("L"), (_GAP, top))
        tops.append(top)
        top += piece.image.height + _GAP
    per_piece: list[list[Word]] = [[] for _ in pieces]
    for word in words(canvas, lang="eng", config=config):
        centre = (word.box[1] + word.box[3]) / 2
        for index, (piece, top) in enumerate(zip(pieces, tops, strict=True)):
            if top <= centre < top + piece.image.height:
                left, upper, right, lower = word.box
                box = ((left - _GAP) / piece.scale + piece.origin[0], (upper - top) / piece.scale + piece.origin[1],
                       (right - _GAP) / piece.scale + piece.origin[0], (lower - top) / piece.scale + piece.origin[1])
                per_piece[index].append(replace(word, box=box))
                break
    return per_piece


_MIN_STRIP = 0.06  # of the card's short side: a number strip is at least this tall


def _from_glyphs(glyphs: list[local_card_digits.Glyph], band: Box, factor: float) -> list[_Candidate]:
    """The number among the matched glyphs (groups printed in a card's shape, or else 15 or 16 digits in all) and,
    when it fails Luhn, the one reading with a single doubtful glyph swapped for its runner-up that passes it."""
    groups = local_card_digits.grouped(glyphs, digit_height=local_card_band.DIGIT_HEIGHT)
    lengths = [len(g) for g in groups]
    chosen: list[list[local_card_digits.Glyph]] = []
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
    candidates = [_Candidate(value=part.value, shaped=shaped, part=part)]
    corrected = _luhn_corrected(text, every)
    if corrected is not None:
        fixed = replace(part, raw_text=corrected, value=digits_only(corrected))
        candidates.append(_Candidate(value=fixed.value, shaped=shaped, part=fixed))
    return candidates


_AMBIGUOUS = 0.05  # a glyph whose runner-up scores within this of it could be either digit


def _luhn_corrected(text: str, glyphs: list[local_card_digits.Glyph]) -> str | None:
    """Luhn catches every single wrong digit, so among the glyphs that could be either of two digits, the one whose
    other reading makes the number pass is the likeliest misreading. Only a doubtful glyph is ever changed: a
    specimen number that fails Luhn but is printed clearly keeps its digits."""
    if validation.card_number_is_valid(digits_only(text)):
        return None
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    fixes = []
    for glyph, position in zip(glyphs, positions, strict=True):
        if glyph.runner_up and glyph.margin < _AMBIGUOUS:
            swapped = text[:position] + glyph.runner_up + text[position + 1 :]
            if validation.card_number_is_valid(digits_only(swapped)):
                fixes.append((glyph.margin, swapped))
    return min(fixes)[1] if fixes else None


def _shift_box(box: Box, band: Box) -> Box:
    return (box[0] + band[0], box[1] + band[1], box[2] + band[0], box[3] + band[1])


def _rows(found: list[Word]) -> list[Word]:
    """psm 11 gives every word its own block; regroup words into rows by their vertical centre."""
    ordered = sorted(found, key=lambda w: (w.box[1] + w.box[3]) / 2)
    rows: list[list[Word]] = []
    for word in ordered:
        centre = (word.box[1] + word.box[3]) / 2
        height = word.box[3] - word.box[1]
        if rows:
            last = rows[-1]
            last_centre = sum((w.box[1] + w.box[3]) / 2 for w in last) / len(last)
            if abs(centre - last_centre) < 0.5 * max(height, max(w.box[3] - w.box[1] for w in last)):
                last.append(word)
                continue
        rows.append([word])
    regrouped = []
    for index, row in enumerate(rows):
        for word in row:
            regrouped.append(replace(word, line_key=(index, 0, 0)))
    return regrouped


def _number_from_lines(lines: list[Line], *, whitelist: bool = False) -> CardPart | None:
    best: tuple[int, CardPart] | None = None
    for line in lines:
        groups = [w for w in line.words if _GROUP.match(w.text.replace(" ", ""))]
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


_CONFUSABLE = str.maketrans(
    {"@": "0", "O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)
_LOOSE_EXPIRY = re.compile(r"(?<![\dA-Za-z])([0-9@OoQDIl|SB]?\d)\s*/\s*(\d{2})(?!\d)")
_DOUBTFUL = 60.0  # a letter read for a digit, or a lost leading digit: read, but never trusted
_OTHER_DATE = 85.0  # a date with no THRU label on a card that prints a VALID FROM / MEMBER SINCE date too


def _expiry_from_lines(lines: list[Line]) -> CardPart | None:
    """The VALID THRU date in these lines; a word may be cut in two (`09/2` `8`) and a digit read as a look-alike
    letter (`Q8/25`, `8/25` with its 0 lost): those are taken, with a confidence that keeps them from being trusted.

    Cards often print a second date (VALID FROM, MEMBER SINCE), smaller, beside it. The date chosen is the one whose
    nearest label says THRU (or GOOD THRU, EXPIRES...), never one labelled FROM or SINCE; where the labels cannot be
    read, the later date, since the other one is always in the past of the expiry.
    """
    every = [w for line in lines for w in line.words]
    candidates = []
    for line in lines:
        near_label = bool(re.search(r"VALID|THRU|GOOD|EXP", line.text.upper()))
        pieces = [[w] for w in line.words] + [list(pair) for pair in zip(line.words, line.words[1:], strict=False)]
        for piece in pieces:
            text = "".join(w.text for w in piece)
            if "/" not in text:
                continue
            match = _LOOSE_EXPIRY.search(text)
            if not match:
                continue
            month_text = match.group(1).translate(_CONFUSABLE)
            if not month_text.isdigit():
                continue
            doubtful = month_text != match.group(1) or len(month_text) == 1
            month, year = int(month_text), int(match.group(2))
            role = _label_role(union([w.box for w in piece]), every)
            rank = (not 1 <= month <= 12, role == "since", not (role == "thru" or near_label), -year, -month,
                    doubtful, len(piece) > 1)
            confs = tuple(w.conf for w in piece) + ((_DOUBTFUL,) if doubtful else ())
            candidates.append((rank, piece, f"{month:02d}/{match.group(2)}", confs, role))
    if not candidates:
        return None
    _, piece, value, confs, role = min(candidates, key=lambda c: c[0])
    if role != "thru" and any(_word_role(w) == "since" for w in every):
        confs += (_OTHER_DATE,)  # the card prints a second date and nothing says this one is not it
    return CardPart(
        name="valid_thru",
        raw_key="validThru",
        raw_text=" ".join(w.text for w in piece),
        value=value,
        confs=confs,
        box=union([w.box for w in piece]),
    )


def _expiry_pieces(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[_Piece]:
    """The places the expiry may be printed, for Tesseract to read again (digits and slash only), small print twice
    as large: right of the VALID THRU label; a slash or a group of digits under the number; the band under it.

    What a re-read finds joins what the page pass found and the choice is made over all of it, so a clean re-read of
    the VALID FROM date never displaces a doubtful reading of the later VALID THRU date.
    """
    pieces = []
    for spot in _expiry_spots(image, lines, number)[:_EXPIRY_SPOTS]:
        crop = image.crop(spot)
        scale = 2.0 if crop.height < _SMALL_PRINT else 1.0
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.LANCZOS)
        pieces += [_Piece(image=version, origin=spot, scale=scale) for version in _both_polarities(crop, scale=scale)]
    return pieces


def _checked_expiry(image: Image.Image, expiry: CardPart | None) -> CardPart | None:
    """An unsure expiry read again by the digit templates, which Tesseract does not share mistakes with.

    Tesseract often loses a narrow leading 1 (`11/29` read `1/29`, `12/25` read `2/25`). The templates read the
    date's digits where Tesseract found it, with room on the left for a lost digit: the same date from both is
    trusted; a different well-formed date with the same year replaces a doubtful one but stays doubtful.
    """
    if expiry is None or (_settled(expiry) and min(expiry.confs) >= _SURE_EXPIRY):
        return expiry
    left, top, right, bottom = expiry.box
    height = bottom - top
    box = (max(0.0, left - 1.5 * height), max(0.0, top - 0.4 * height), min(float(image.width), right + 0.5 * height),
           min(float(image.height), bottom + 0.4 * height))
    strip, _ = local_card_band.scale_for_reading(image.crop(box))
    digits = "".join(g.digit for g in local_card_digits.read_digits(strip, digit_height=local_card_band.DIGIT_HEIGHT))
    if len(digits) == 5:  # the slash matched as a 1 or a 7
        digits = digits[:2] + digits[3:]
    if len(digits) != 4:
        return expiry
    read = f"{digits[:2]}/{digits[2:]}"
    if not validation.valid_thru_is_wellformed(read):
        return expiry
    if read == expiry.value:
        # the digits are confirmed; whether this is the VALID THRU date (_OTHER_DATE) is not
        return replace(expiry, confs=tuple(c if c == _OTHER_DATE else max(c, _SURE_EXPIRY) for c in expiry.confs
                                           if c != _DOUBTFUL))
    if read[3:] == expiry.value[3:] and not _settled(expiry):
        return replace(expiry, value=read, confs=(*expiry.confs, _DOUBTFUL))
    return expiry


_SURE_EXPIRY = 90.0  # a date Tesseract is this sure of is not checked again
_EXPIRY_SPOTS = 2
_SMALL_PRINT = 48  # pixels: a crop lower than this (its date under about 24) is enlarged before reading


_THRU_WORDS = ("THRU", "GOOD", "EXPIRES", "EXPIRY", "END", "EXP")
_SINCE_WORDS = ("FROM", "SINCE", "MEMBER")


def _label_role(box: Box, every: list[Word]) -> str:
    """`thru`, `since` or `` : what the label nearest to the left of (or just above) a date says.

    Labels are printed in two small lines (`VALID` over `THRU`) beside the date, so any word whose middle is within
    about a date's height of the date's middle and that ends left of the date counts; the nearest one decides.
    """
    height = box[3] - box[1]
    middle = (box[1] + box[3]) / 2
    near = []
    for word in every:
        role = _word_role(word)
        if not role or word.box[2] > box[0] + 0.3 * height or word.box[0] < box[0] - 8 * height:
            continue
        if abs((word.box[1] + word.box[3]) / 2 - middle) <= 1.3 * height:
            near.append((box[0] - word.box[2], role))
    return min(near)[1] if near else ""


def _word_role(word: Word) -> str:
    letters = re.sub(r"[^A-Z]", "", word.text.upper())
    if any(_close_to(letters, label) for label in _THRU_WORDS):
        return "thru"
    return "since" if any(_close_to(letters, label) for label in _SINCE_WORDS) else ""


def _close_to(letters: str, label: str) -> bool:
    return len(letters) >= 3 and levenshtein(letters, label) <= (0 if len(label) <= 4 else 1)


def _wellformed(part: CardPart | None) -> bool:
    return part is not None and validation.valid_thru_is_wellformed(part.value)


def _settled(part: CardPart | None) -> bool:
    return _wellformed(part) and _DOUBTFUL not in part.confs and _OTHER_DATE not in part.confs


_LABEL_WORDS = ("VALID", "THRU", "GOOD", "EXPIRES", "EXP")


def _is_label(word: Word) -> bool:
    text = re.sub(r"[^A-Z]", "", word.text.upper())
    return len(text) >= 3 and any(levenshtein(text, label) <= (0 if len(label) <= 3 else 1) for label in _LABEL_WORDS)


def _expiry_spots(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Box]:
    spots: list[Box] = []
    below = number.box[3] if number is not None else image.height * 0.45
    every = [w for line in lines for w in line.words]
    labels = [w for w in every if _is_label(w) and (w.box[1] + w.box[3]) / 2 > below]
    if labels:
        block = union([w.box for w in labels])
        height = max(w.box[3] - w.box[1] for w in labels)
        top, bottom = block[1] - height, block[3] + height
        beside = [w for w in every if w.box[0] >= block[2] - height and top <= (w.box[1] + w.box[3]) / 2 <= bottom
                  and w.box[0] - block[2] < 6 * height and not _is_label(w)]
        if beside:
            spots.append(_padded(image, union([w.box for w in beside])))
        spots.append(_padded(image, (block[2], top, block[2] + 10 * height, bottom)))
    digitish = [w for w in every if (w.box[1] + w.box[3]) / 2 > below
                and ("/" in w.text or sum(ch.isdigit() for ch in w.text) >= 2)]
    for word in digitish:
        height = word.box[3] - word.box[1]
        centre = (word.box[1] + word.box[3]) / 2
        row = [w for w in every if abs((w.box[1] + w.box[3]) / 2 - centre) < height
               and abs(w.box[0] - word.box[0]) < 4 * height and not _is_label(w)]
        spots.append(_padded(image, union([w.box for w in row])))
    if number is not None:
        spots.append(_expiry_band(image, number.box))
    unique: list[Box] = []
    for spot in spots:
        if spot not in unique:
            unique.append(spot)
    return unique[:3]


def _padded(image: Image.Image, box: Box) -> Box:
    left, top, right, bottom = box
    height = bottom - top
    return (max(0, left - 1.5 * height), max(0, top - 0.5 * height), min(image.width, right + 1.5 * height),
            min(image.height, bottom + 0.5 * height))


def _expiry_band(image: Image.Image, number_box: Box) -> Box:
    height = number_box[3] - number_box[1]
    return (0, number_box[3], image.width, min(image.height, number_box[3] + 3.5 * height))


def _both_polarities(image: Image.Image, *, scale: float) -> list[Image.Image]:
    """The crop thresholded against its own neighbourhood, once for dark print and once for light print, each black
    on white: a date may sit on light art on one side and dark art on the other, so no single threshold or
    inversion suits the whole crop, and a local one keeps only print darker (or lighter) than what surrounds it.
    Every stacked piece is binary: one grey piece would change how Tesseract thresholds all the others."""
    grey = cv2.GaussianBlur(np.asarray(image.convert("L")), (3, 3), 0)
    block = round(_NEIGHBOURHOOD * scale) | 1
    return [Image.fromarray(cv2.medianBlur(cv2.adaptiveThreshold(source, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                                                 cv2.THRESH_BINARY, block, _LOCAL_CONTRAST), 3))
            for source in (grey, 255 - grey)]


_NEIGHBOURHOOD = 31  # pixels on the 1000-pixel card: about twice a date's digit height
_LOCAL_CONTRAST = 18  # grey levels print must stand out from its neighbourhood by (grain stays below it)


def _mask_digits(text: str) -> str:
    return re.sub(r"\d", "#", text)
