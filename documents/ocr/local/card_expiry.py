"""A card's expiry: the MM/YY beside VALID THRU (never the VALID FROM or MEMBER SINCE date printed next to it)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image, ImageOps

from documents import validation

from . import card_band, card_digits, confidence, digit_shapes
from .card_text import CardPart, Piece, read_pieces
from .tesseract import Box, Line, Word, levenshtein, union

_CONFUSABLE = str.maketrans(
    {"@": "0", "O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)
# a stray digit may be glued before the month or after the year: the arrow many cards print before the date
# (`VALID THRU ▸ 10/30` read `110/30`), the label's last letter or the art's edge read as one (`507/27`, `12/327`);
# two before the month when the label's last strokes read as digits (`EXPIRES END 07/29` read `8307/29`)
_LOOSE_EXPIRY = re.compile(r"(?<![\dA-Za-z])(\d{1,2}(?=\d\d\s*/))?([0-9@OoQDIl|SB]?\d)\s*/\s*(\d{2})(\d?)(?!\d)")
_SLASHLESS = re.compile(r"^\d\d[17]\d\d$")
_ZERO_LOOKALIKES = "689"
_DOUBTFUL = 60.0  # a letter read for a digit, or a lost leading digit: read, but never trusted
# a date with no THRU label on a card that prints a VALID FROM / MEMBER SINCE date too; below the boost, and not
# _UNLABELLED, which says two readings agreed on the digits (labelled_again reads it as that)
_OTHER_DATE = 84.0


def expiry_from_lines(lines: list[Line]) -> CardPart | None:
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
        for piece, month, year, doubtful, _, malformed in _dates(line):
            # the date's own words: a label read into the same piece (`FROM (3/93`) is the label, not the date
            digits = [w for w in piece if any(ch.isdigit() for ch in w.text)] or piece
            role = _label_role(union([w.box for w in digits]), every)
            # a date re-read from a crop is a line of its own: the page pass's labels on its row count for it too
            near_label = near_label or _label_on_row(union([w.box for w in digits]), every)
            # a date labelled FROM or SINCE is never the expiry, whatever else was read; a year no card carries
            # (a misread 93/23 for 03/23) never wins as "the later date"; an impossible month (`0/27` for 10/27,
            # its 1 lost) is still the expiry's place, for the templates to read again (checked_expiry)
            # then, of the readings of one place, those other passes outvote come last (`_outvoted`); then the later
            rank = (role == "since", not _plausible_year(year), not 1 <= month <= 12,
                    not (role == "thru" or near_label), malformed)
            later = (-int(year), -month, doubtful, len(piece) > 1)
            confs = tuple(w.conf for w in piece) + ((_DOUBTFUL,) if doubtful else ())
            candidates.append(_Candidate(rank, later, piece, union([w.box for w in piece]), f"{month:02d}/{year}",
                                         confs, role))
    if not candidates:
        return None
    chosen = min(candidates, key=lambda c: (c.rank, _outvoted(c, candidates), c.later))
    confs = chosen.confs
    dates = {c.value for c in candidates if not c.rank[0]}  # the well-formed dates read anywhere on the card
    if chosen.role != "thru" and (len(dates) > 1 or any(_word_role(w) == "since" for w in every)):
        # the card prints a second date and no label read says this one is the expiry: the later-date rule is a
        # guess when a digit of either date was misread (an independent card's 09/29 read as 03/23 made 09/24 win)
        confs += (_OTHER_DATE,)
    return CardPart(
        name="valid_thru",
        raw_key="validThru",
        raw_text=" ".join(w.text for w in chosen.piece),
        value=chosen.value,
        confs=confs,
        box=chosen.box,
        label=chosen.role,
    )


class _Candidate(NamedTuple):
    """A date read in the lines, with how it ranks as the expiry (`rank` first, `later` last)."""
    rank: tuple
    later: tuple
    piece: list[Word]
    box: Box
    value: str
    confs: tuple[float, ...]
    role: str


def _outvoted(candidate: _Candidate, candidates: list[_Candidate]) -> bool:
    """Another date was read more often than this one at its place: the passes that read the same printed date
    differently (`05/24` twice, `5/26` once) are outvoted before the later-date rule, which is for two dates printed
    in two places (VALID FROM, VALID THRU), not for two readings of one."""
    votes = Counter(c.value for c in candidates if _same_place(c.box, candidate.box))
    return votes[candidate.value] < max(votes.values())


def _plausible_year(year: str, *, today: dt.date | None = None) -> bool:
    """A two-digit year a card's expiry can carry: from a few years past (an expired card) to as far ahead as any
    card is issued for (validation.EXPIRY_YEARS_AHEAD)."""
    now = (today or dt.date.today()).year - 2000
    return now - _YEARS_EXPIRED <= int(year) <= now + validation.EXPIRY_YEARS_AHEAD


_YEARS_EXPIRED = 6


class _Date(NamedTuple):
    words: list[Word]
    month: int
    year: str  # as printed, two digits
    doubtful: bool  # a letter read for a digit of the month, or a one-digit month (its leading digit may be lost)
    certain: str  # the MM/YY this reading says for certain, or `` (see _dates)
    # five digits, the slash read as a 1 or a 7 (`02125`), or a digit after the year (`12/327`, perhaps a run of the
    # number's digits with a mark read as a slash): ranked after every well-formed date
    malformed: bool = False


def _dates(line: Line) -> list[_Date]:
    """Every MM/YY in a line, in a word or across two. What it says for certain: nothing when a letter was read for
    a digit, nor when a lost leading digit could have been there (`1/29` may be 01 or 11); `7/29` is 07/29."""
    found = []
    words = [part for word in line.words for part in _unglued(word)]
    pieces = [[w] for w in words] + [list(pair) for pair in zip(words, words[1:], strict=False)]
    for piece in pieces:
        text = "".join(w.text for w in piece)
        match = _LOOSE_EXPIRY.search(text) if "/" in text else None
        if not match:
            continue
        stray, printed, year, trailing = match.groups()
        month_text = printed.translate(_CONFUSABLE)
        if not month_text.isdigit():
            continue
        if len(month_text) == 2 and month_text[0] in _ZERO_LOOKALIKES and month_text[1] != "0":
            # a month starts with 0 or 1: a 9, 8 or 6 there is a misread 0 (the embossing face's 0 reads `93/26`);
            # the date then competes as the later date like any other (on the tuning sets it was the expiry's
            # month twice as often as the FROM date's)
            month_text, printed = "0" + month_text[1], "?" + printed[1]
        if month_text == "0":
            month_text, printed = "10", "?0"  # a month of 0 is a 10 whose thin 1 was lost (`0/27`)
        month = int(month_text)
        doubtful = month_text != printed or len(month_text) == 1 or stray is not None or bool(trailing)
        value = f"{month:02d}/{year}"
        sure = not doubtful or (len(printed) == 1 and printed.isdigit() and month >= 3)
        found.append(_Date(piece, month, year, doubtful,
                           value if sure and validation.valid_thru_is_wellformed(value) else "", bool(trailing)))
    for word in words if not found else ():
        # a thin slash read as a 1 or a 7 (the re-read allows digits and the slash only): a date's place, for the
        # templates to read again, taken only when no date with its slash was read on the line, and never trusted
        if _SLASHLESS.match(word.text) and 1 <= int(word.text[:2]) <= 12 and _plausible_year(word.text[3:]):
            found.append(_Date([word], int(word.text[:2]), word.text[3:], True, "", malformed=True))
    return found


def _unglued(word: Word) -> list[Word]:
    """A word that is two dates read as one (`12/2505/29`: MEMBER SINCE's and VALID THRU's, the gap between them
    lost), as the two words, each boxed by its share of the characters; any other word as it is."""
    match = _GLUED_DATES.match(word.text)
    if not match:
        return [word]
    left, top, right, bottom = word.box
    cut = left + (right - left) * len(match.group(1)) / len(word.text)
    return [replace(word, text=match.group(1), box=(left, top, cut, bottom)),
            replace(word, text=match.group(2), box=(cut, top, right, bottom))]


_GLUED_DATES = re.compile(r"^(\d{1,2}/\d{2})(\d{2}/\d{2})$")


def expiry_pieces(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Piece]:
    """The places the expiry may be printed, for Tesseract to read again (digits and slash only), small print twice
    as large: right of the VALID THRU label; a slash or a group of digits under the number; the band under it.

    What a re-read finds joins what the page pass found and the choice is made over all of it, so a clean re-read of
    the VALID FROM date never displaces a doubtful reading of the later VALID THRU date.
    """
    rows = _date_rows(image, number.box) if number is not None else []
    pieces = []
    for spot in _expiry_spots(image, lines, number)[:_EXPIRY_SPOTS]:
        if spot[2] - spot[0] < 1 or spot[3] - spot[1] < 1:
            continue  # a number printed at the image's very edge leaves no band under it
        if rows and spot == _expiry_band(image, number.box):
            continue  # the dates in it are read cut out alone, and the whole band costs Tesseract the most
        crop = image.crop(spot)
        scale = 2.0 if crop.height < _SMALL_PRINT else 1.0
        crop = card_band.scaled(crop, scale)
        pieces += [Piece(image=version, origin=spot, scale=scale) for version in _both_polarities(crop, scale=scale)]
    return pieces + rows


def expiry_or_templates(image: Image.Image, expiry: CardPart | None, number: CardPart | None,
                        lines: list[Line]) -> CardPart | None:
    """`expiry`, or where there is none, or its year is one no card carries (`09/55`: Tesseract alone read the
    embossed 09/27, and the templates nothing there), the date the templates read (`expiry_by_templates`) if any."""
    if expiry is not None and plausible_date(expiry.value):
        return expiry
    return expiry_by_templates(image, number, lines) or expiry


def expiry_by_templates(image: Image.Image, number: CardPart | None, lines: list[Line]) -> CardPart | None:
    """When no Tesseract pass read a date anywhere, the edge templates alone read: the place right of a VALID THRU
    label the page pass read (a date in OCR-A's thin strokes over busy art that Tesseract loses, its label read),
    else the short rows of marks under the number (`_date_rows`), else the places under it where a pass read part of
    a date, else the band under the number row by row (`_first_date_under`); the latest well-formed date among them (a
    VALID FROM date is always earlier). Tesseract loses whole dates on embossed or soft-focus cards and on thumbnails
    that the templates still read. One reading: never trusted."""
    every = [w for line in lines for w in line.words]
    below = number.box[3] if number is not None else image.height * _NUMBER_LEVEL
    label = _label_block(every, below=below)
    found: list[tuple[str, Box]] = []
    if label is not None:
        found = [_templates_date(image, _right_of_label(image, *label, from_its_end=True))]
    if not any(plausible_date(value) for value, _ in found) and number is not None:
        found = [_templates_date(image, piece.origin) for piece in _date_rows(image, number.box)]
    if not any(plausible_date(value) for value, _ in found):
        # last, where a pass read part of a date, its slash and a digit (`05/2`, the art ran into its last digit)
        found = [_templates_date(image, _padded(image, w.box)) for w in every
                 if (w.box[1] + w.box[3]) / 2 > below and "/" in w.text and any(ch.isdigit() for ch in w.text)]
    if not any(plausible_date(value) for value, _ in found) and number is not None:
        found = [_first_date_under(image, number.box)]
    found = [(value, box) for value, box in found if plausible_date(value)]
    if not found:
        return None
    value, box = max(found, key=lambda pair: (pair[0][3:], pair[0][:2]))
    return CardPart(name="valid_thru", raw_key="validThru", raw_text=value, value=value, confs=(_UNCONFIRMED,),
                    box=box)


def _first_date_under(image: Image.Image, number_box: Box) -> tuple[str, Box]:
    """The first date the templates read in the band under the number (`_expiry_band`) as far as a date is printed,
    read in overlapping rows a little lower than the number from the top down (`` when none).

    An embossed date whose light body and highlight sit on light art breaks up when thresholded, so `_date_rows`
    finds no row of marks at it, and no label was read to place it; read whole, the band's digits are measured by the
    name and the logo under it. (Seeds 7485, 6374 and 4321: four such dates, each found in a row of its own; three
    cards in 200 came this far.) A row whose strokes are finer than a date's digits is not read: the templates read
    it scaled up to their size, up to four times, and such rows cost seconds each (seed 4315: 7.9 s for a card whose
    date no row gave, 2-3 s without them; 0.2 to 1.4 s for the cards whose dates were found)."""
    left, top, right, bottom = _expiry_band(image, number_box)
    height = number_box[3] - number_box[1]
    bottom = min(bottom, top + _DATE_DEPTH * height)
    while top < bottom - 0.5 * height:
        row = (left, top, right, min(bottom, top + _ROW_HEIGHT * height))
        top += _ROW_STEP * height
        factor = card_band.digit_scale(image.crop(row), least=_LEAST_OF_SPOT)
        if card_band.DIGIT_HEIGHT / factor < _DATE_LOW * height:
            continue  # its strokes are finer than a date's digits (art, fine print): read at their size, costly
        value, box = _templates_date(image, row)
        if plausible_date(value):
            return value, box
    return "", number_box


_ROW_HEIGHT, _ROW_STEP = 0.9, 0.4  # of the number's height: a row under it, and how far down the next one starts
_DATE_DEPTH = 2.5  # ... and how far under it a date is printed (the four found began 0.4 to 1.2 under it)


def later_date_beside(image: Image.Image, expiry: CardPart | None, lines: Sequence[Line] = ()) -> CardPart | None:
    """An expiry no label confirmed, and on its row, right of it, a later date the templates read that Tesseract
    did not: that date (a card prints VALID FROM before VALID THRU, and Tesseract may read only the first: `01/21`
    read, `09/26` lost over busy art). Where a pass read a THRU label right of the expiry (`lines`), the later date is
    read from the label's end (`16/26 EXPIRES END GE/24`: the label's strokes read as digits). One reading: never
    trusted."""
    if expiry is None or expiry.label == "thru" or settled(expiry) or not _wellformed(expiry):
        return expiry
    left, top, right, bottom = expiry.box
    height = bottom - top
    every = [w for line in lines for w in line.words]
    label_ends = _thru_label_ends(every, expiry.box, between=(right, right + _ROW_REACH * height), within=1.0)
    start = max([right + _GAP * height, *label_ends])
    spot = (start, max(0.0, top - 0.5 * height), min(float(image.width), right + _ROW_REACH * height),
            min(float(image.height), bottom + 0.5 * height))
    if spot[2] - spot[0] < 3 * height:
        return expiry
    value, box = _templates_date(image, spot)
    beside = replace(expiry, raw_text=value, value=value, confs=(_UNCONFIRMED,), box=box, label="")
    return beside if plausible_date(value) and _later_beside(beside, expiry) else expiry


def _thru_label_ends(every: Sequence[Word], box: Box, *, between: tuple[float, float], within: float) -> list[float]:
    """The right ends of the THRU label's words on the row of a date (`box`), ending `between` two points across;
    `within`: how far, in the date's heights, a word's middle may be from the date's."""
    height = box[3] - box[1]
    middle = (box[1] + box[3]) / 2
    return [w.box[2] for w in every if _word_role(w) == "thru" and between[0] < w.box[2] < between[1]
            and abs((w.box[1] + w.box[3]) / 2 - middle) <= within * height]


_GAP = 0.3  # date heights right of a date where the next may start
# date heights: the next date and its label fit, larger than a small first (`MEMBER SINCE 06/20   EXPIRES END 12/25`
# ends fourteen of the first date's heights right of it)
_ROW_REACH = 16


def _templates_date(image: Image.Image, spot: Box) -> tuple[str, Box]:
    """The date the edge templates read in `spot`, and the box of its digits in `image` pixels."""
    (glyphs, _, factor), _ = _date_glyphs(image.crop(spot))
    value = _as_date(glyphs)
    return (value, _on_image(glyphs, origin=spot, factor=factor)) if value else ("", spot)


def _on_image(glyphs: list[card_digits.Glyph], *, origin: Box, factor: float) -> Box:
    """The glyphs' box, read on a crop at `origin` scaled by `factor`, in the image's pixels (`origin` when none)."""
    if not glyphs:
        return origin
    left, top, right, bottom = union([g.box for g in glyphs])
    return (origin[0] + left / factor, origin[1] + top / factor, origin[0] + right / factor,
            origin[1] + bottom / factor)


_NUMBER_LEVEL = 0.45  # of the card's height: where the number is printed when none was read
_DATE_REACH = 10  # label heights right of the label: the date and the gap before it


def _date_rows(image: Image.Image, number_box: Box) -> list[Piece]:
    """Short rows of digit-sized marks under the number, each cut out tightly from the thresholded band.

    On busy artwork Tesseract's layout analysis of the whole band under the number (strokes of the art, the holder's
    name, the brand's logo) often finds no line at the date however clearly it was thresholded; the same date cut
    out alone, a line of its own, reads. A date is four to seven marks (MM/YY, a slash that may touch a digit or
    break in two) about as tall as each other, close together, a third to the full height of the number's digits."""
    band = _expiry_band(image, number_box)
    if band[2] - band[0] < 1 or band[3] - band[1] < 1:
        return []
    digit = number_box[3] - number_box[1]
    scale = min(2.0, max(1.0, _DATE_HEIGHT / max(1.0, 0.6 * digit)))
    crop = card_band.scaled(image.crop(band), scale)
    found: list[tuple[tuple[int, int], Piece]] = []
    for version in _both_polarities(crop, scale=scale):
        ink = (np.asarray(version) < 128).astype(np.uint8)
        count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        marks = sorted((tuple(int(v) for v in stats[i, :4]) for i in range(1, count)), key=lambda b: b[0])
        marks = [part for b in marks if _DATE_LOW * digit * scale <= b[3] <= _DATE_HIGH * digit * scale
                 and b[2] <= _JOINED * b[3] for part in _apart_marks(b)]
        for row in _chains(marks):
            left = min(b[0] for b in row)
            top = min(b[1] for b in row)
            right = max(b[0] + b[2] for b in row)
            bottom = max(b[1] + b[3] for b in row)
            pad = round(0.5 * (bottom - top))
            box = (max(0, left - 2 * pad), max(0, top - pad), min(version.width, right + 2 * pad),
                   min(version.height, bottom + pad))
            origin = (band[0] + box[0] / scale, band[1] + box[1] / scale, band[0] + box[2] / scale,
                      band[1] + box[3] / scale)
            # MM/YY is five marks; of those, the expiry is the largest date on a card
            found.append(((abs(len(row) - 5), top - bottom), Piece(image=version.crop(box), origin=origin,
                                                                   scale=scale)))
    found.sort(key=lambda pair: pair[0])
    return [piece for _, piece in found[:_DATE_ROWS]]


def _apart_marks(mark: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """A mark, or the marks it joins: wider than a digit, it is a digit run into the slash beside it (soft focus,
    an embossing's shadow: `1/2` one blob), taken as as many marks side by side as a digit's width goes into it."""
    x, y, w, h = mark
    if w <= _ONE_MARK * h:
        return [mark]
    count = max(2, round(w / (_DIGIT_WIDTH * h)))
    return [(x + round(i * w / count), y, round(w / count), h) for i in range(count)]


_ONE_MARK = 1.3  # mark heights: wider, a mark is two or three joined
_JOINED = 2.6  # ... and wider still, not a date's
_DIGIT_WIDTH = 0.65  # mark heights: a date's digit with its share of the gaps


def _chains(marks: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Runs of marks left to right on one line: about as tall as each other, each close after the one before. After
    the first two the gap may be a digit wider: the month's, before a slash lost to the art it touches (joined to a
    circle's outline, or too thin embossed to survive thresholding)."""
    chains: list[list[tuple[int, int, int, int]]] = []
    for mark in marks:
        x, y, w, h = mark
        for chain in chains:
            lx, ly, lw, lh = chain[-1]
            gap = (_SLASH_GAP if len(chain) == 2 else _GAP_IN_DATE) * max(h, lh)
            if (x - (lx + lw) < gap and abs((y + h / 2) - (ly + lh / 2)) < 0.3 * max(h, lh)
                    and 0.6 < h / lh < 1.6 and x >= lx + 0.5 * lw):
                chain.append(mark)
                break
        else:
            chains.append([mark])
    return [piece for chain in chains for piece in _words_of(chain) if 4 <= len(piece) <= 7]


def _words_of(chain: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """A run too long for a date, cut at its widest gaps into runs short enough to be one: a label printed as tall
    as its date, a space before it (`VALID THRU 06/27` on a card's back, an eighth independent set: one run of 14)."""
    if len(chain) <= 7:
        return [chain]
    gaps = [b[0] - (a[0] + a[2]) for a, b in zip(chain, chain[1:], strict=False)]
    widest = max(range(len(gaps)), key=gaps.__getitem__)
    return _words_of(chain[:widest + 1]) + _words_of(chain[widest + 1:])


_GAP_IN_DATE = 0.8  # mark heights: the widest gap between two marks of a date
_SLASH_GAP = 1.6  # ... between its month and year where the slash was lost: the slash and the gaps either side of it
_DATE_HEIGHT = 40  # pixels a date's digits are enlarged towards before thresholding
# a date's digits, as a share of the number's box (which also holds an embossing's shadow and the small digits
# printed under it: a plain date's digits are a third of it)
_DATE_LOW, _DATE_HIGH = 0.3, 1.0
_DATE_ROWS = 3


def checked_expiry(image: Image.Image, expiry: CardPart | None, *,
                   passes: Sequence[list[Line]] = ()) -> CardPart | None:
    """The chosen expiry, confirmed when independent readings of the same place agree on it.

    The readings: each Tesseract pass in `passes` (the page pass; the re-read of the date's places, another
    binarisation, scale and page segmentation) and the digit templates, twice by different means (edges slid along
    the date, and blobs of ink compared one by one), which do not share Tesseract's mistakes (it reads the embossing
    face's 0 as a 9: `92/27`). A reading counts for what it says for certain (`_dates`).

    The date is confirmed (CONFIRMED_EXPIRY) only when two readings give exactly the same well-formed MM/YY, no
    Tesseract pass reads another date there, **and** the label beside it says VALID THRU (or GOOD THRU, EXPIRES): a
    card may print a VALID FROM or MEMBER SINCE date whose small label went unread, and that date's digits read
    alike as well as the expiry's. Anything else stays below the auto-approval threshold, whatever Tesseract's word
    confidence (bench/README.md, "Cards in photos, and expiries read twice").
    """
    if expiry is None or settled(expiry):
        return expiry
    every = [w for lines in passes for line in lines for w in line.words]
    (edges, edges_box), (blobs, blobs_box), shapes = _template_readings(image, expiry, every)
    said = [set(_certain_readings(lines, expiry.box)) for lines in passes]
    sources = [*said, {edges} - {""}, {blobs} - {""}, {shapes} - {""}]
    votes = Counter(value for source in sources for value in source)
    agreed = next((value for value, count in votes.most_common(1) if count >= 2), None)
    if agreed is not None and (any(source - {agreed} for source in said) or agreed[3:] != expiry.value[3:]):
        agreed = None  # a pass read another date there, or the templates alone disagree with Tesseract's year
    # the templates' box holds the digits alone (Tesseract's may run into the label beside them)
    box = edges_box if agreed in (edges, shapes) else blobs_box if agreed == blobs else expiry.box
    if agreed is not None and any(source - {agreed} for source in sources):
        # two readings agree and one of the templates' reads another date (OCR-A's `04/31`: Tesseract and the ink
        # blobs `04/34`, the edges `04/31`): the two are likelier right, but a person decides
        return replace(expiry, value=agreed, confs=(*(c for c in expiry.confs if c != _DOUBTFUL), _UNCONFIRMED),
                       box=box)
    if agreed is not None and expiry.label == "thru":
        return replace(expiry, value=agreed, confs=(CONFIRMED_EXPIRY,), box=box)
    if agreed is not None:  # the digits are sure; that this is the VALID THRU date is not
        return replace(expiry, value=agreed, confs=(*(c for c in expiry.confs if c != _DOUBTFUL), _UNLABELLED),
                       box=box)
    if edges and edges[3:] == expiry.value[3:] and not _wellformed(expiry):
        return replace(expiry, value=edges, confs=(*expiry.confs, _DOUBTFUL))
    if edges and edges != expiry.value and _plausible_year(edges[3:]) and not _read_alike_again(passes, expiry):
        # Tesseract and the edge templates read two different dates there and nothing settles it: the templates'
        # is taken (its English model misreads an embossed date's digits, 0 as 9 or 6, 1 as 2, far more often than
        # the templates do; on the tuning sets 14 to 2, and the 2 were years no card carries), doubtful when
        # Tesseract's year is one no card carries (`04/97`, its 2 read as a 9). Never trusted.
        doubt = _UNCONFIRMED if _plausible_year(expiry.value[3:]) else _DOUBTFUL
        return replace(expiry, value=edges, confs=(*expiry.confs, doubt), box=edges_box)
    return replace(expiry, confs=(*expiry.confs, _UNCONFIRMED))


def _read_alike_again(passes: Sequence[list[Line]], expiry: CardPart) -> bool:
    """The re-read pieces of the expiry's place (`passes` after the first, the page pass: its crops in both
    polarities, its row cut out alone) read its date for certain in at least _ALIKE_PIECES of them, and no other
    date there: a date printed in a face no template is cut from (a plain regular sans, `01/26`) then stands against
    the templates' misreading of it (`11/25`)."""
    read = [date for lines in passes[1:] for date in _certain_readings(lines, expiry.box)]
    return len(read) >= _ALIKE_PIECES and set(read) == {expiry.value}


_ALIKE_PIECES = 3


def _certain_readings(lines: list[Line], box: Box) -> list[str]:
    """Each reading, line by line, of a date the lines say for certain at the place of `box`."""
    return [date.certain for line in lines for date in _dates(line)
            if date.certain and _same_place(union([w.box for w in date.words]), box)]


def _same_place(a: Box, b: Box) -> bool:
    across = min(a[2], b[2]) - max(a[0], b[0])
    height = max(a[3] - a[1], b[3] - b[1])
    return across > 0.5 * min(a[2] - a[0], b[2] - b[0]) and abs((a[1] + a[3]) - (b[1] + b[3])) / 2 < 0.5 * height


def labelled_again(image: Image.Image, expiry: CardPart | None) -> CardPart | None:
    """A date whose digits two readings agree on but whose label the page pass could not read: the label, a small
    two-line `VALID` / `THRU` on busy art, is cut out left of the date, enlarged and read on its own, in turn until
    a reading says what it is (`_label_readings`). When the label nearest to the date says THRU (or 유효기간), the
    date is confirmed; when it says FROM or SINCE, or nothing readable, it stays below the threshold."""
    if expiry is None or _UNLABELLED not in expiry.confs:
        return expiry
    left, top, right, bottom = expiry.box
    height = bottom - top
    spot = (max(0.0, left - _LABEL_REACH * height), max(0.0, top - 0.8 * height), left,
            min(float(image.height), bottom + 0.5 * height))
    if spot[2] - spot[0] < height or spot[3] - spot[1] < 1:
        return expiry
    for lang, versions, scale in _label_readings(image.crop(spot).convert("L"), height=height):
        found = read_pieces([Piece(image=v, origin=spot, scale=scale) for v in versions], config="--psm 6", lang=lang)
        role = _label_said(found, date=expiry.box, lang=lang)
        if role == "since":
            return expiry
        if role == "thru":
            return replace(expiry, confs=(CONFIRMED_EXPIRY,), label="thru")
    return expiry


def _label_readings(crop: Image.Image, *, height: float) -> Iterator[tuple[str, list[Image.Image], float]]:
    """The label crop's versions to read, each run's (language, versions, scale), cheapest and likeliest first:

    1. its contrast stretched on the crop alone, and on a dark card its negative too (light print on a dark crop,
       set on the run's white page, is one black blob to Tesseract's layout: `EXPIRES END` went unread);
    2. the stretched crop in Korean: cards print 유효기간, which the English model cannot read (it gives `REZ`,
       `FAIZ`), and read here a Korean label skips the English pair below, the dearest run;
    3. thresholded against its neighbourhood, both polarities (each read some labels the other did not), larger;
    4. that pair in Korean, at the stretched crop's size (at the English pair's, twice the time and no more read).

    A later version is made only when the ones before it read no label (bench/README.md, "The seventeenth round")."""
    scale = min(4.0, max(1.0, _STRETCHED_HEIGHT / height))
    stretched = card_band.scaled(ImageOps.autocontrast(crop, cutoff=1), scale)
    negative = [ImageOps.invert(stretched)] if card_band.median_grey(stretched) < card_band.DARK_CARD else []
    yield "eng", [stretched, *negative], scale
    yield "kor", [stretched], scale
    big = min(4.0, max(1.5, _THRESHOLDED_HEIGHT / height))
    yield "eng", _both_polarities(card_band.scaled(crop, big), scale=big), big
    yield "kor", _both_polarities(card_band.scaled(crop, scale), scale=scale), scale


def _label_said(found: list[list[Word]], *, date: Box, lang: str) -> str:
    """What the label crop's versions read (`found`) say the date beside them is: `since` when any reads FROM or
    SINCE, else `thru` when any reads THRU (or 유효기간, in Korean), else ``."""
    if lang == "kor":
        return "thru" if any(_holds_korean_thru("".join(w.text for w in piece_words)) for piece_words in found) else ""
    roles = {_label_role(date, piece_words) for piece_words in found}
    return "since" if "since" in roles else "thru" if "thru" in roles else ""


_LABEL_REACH = 4.5  # date heights left of the date: `VALID THRU` and `EXPIRES END` fit, a VALID FROM date rarely
# pixels the date is enlarged to, so that the label's letters (about a third of it) read well: thresholded, and
# stretched (Tesseract thresholds a grey crop itself, and reads it best smaller)
_THRESHOLDED_HEIGHT = 90
_STRETCHED_HEIGHT = 60
CONFIRMED_EXPIRY = confidence.CARD_CONFIRMED  # two readings agree and the label says THRU
_UNLABELLED = 85.0  # digits read alike twice, but no VALID THRU label read beside them
_UNCONFIRMED = confidence.CARD_UNCONFIRMED  # one reading only
_EXPIRY_SPOTS = 2
_SMALL_PRINT = 48  # pixels: a crop lower than this (its date under about 24) is enlarged before reading


def _template_readings(image: Image.Image, expiry: CardPart, every: Sequence[Word] = (),
                       ) -> tuple[tuple[str, Box], tuple[str, Box], str]:
    """The date where Tesseract found it, as the edge templates and the ink-blob templates read it, each with the box
    of the digits it read in `image` pixels (`MM/YY`, or `` when a reading is not four digits with at most a slash
    between them), and as the shapes alone read the edge templates' glyphs (`_read_by_shapes`; its box is theirs).
    The crop reaches further left when Tesseract read a one-digit month: it often loses a narrow leading 1 (`11/29`
    read `1/29`), but never into the THRU label a pass read left of the date (`every`: the passes' words), whose
    strokes the templates take for digits."""
    left, top, right, bottom = expiry.box
    height = bottom - top
    reach = 1.5 if re.match(r"\D{0,2}\d/", expiry.raw_text.replace(" ", "")) else 0.3
    # never back into a THRU label a pass read on the date's row (`VALID THRU » 03/29` re-read as one loose word)
    label_ends = _thru_label_ends(every, expiry.box, between=(left - reach * height, right - 0.5 * height), within=0.5)
    box = (max(0.0, left - reach * height, *label_ends), max(0.0, top - 0.4 * height),
           min(float(image.width), right + 0.4 * height), min(float(image.height), bottom + 0.4 * height))
    (edges, strip, factor), shapes = _date_glyphs(image.crop(box), word_height=height, loose=min(expiry.confs) <= 0)
    blobs = card_digits.match_components(card_band.binarisations(strip)[0])
    edges_box, blobs_box = (_on_image(glyphs, origin=box, factor=factor) if glyphs else expiry.box
                            for glyphs in (edges, blobs))
    by_shapes = f"{shapes.likeliest[:2]}/{shapes.likeliest[2:]}" if shapes is not None else ""
    return (_as_date(edges), edges_box), (_as_date(blobs), blobs_box), by_shapes


# a date's digits as the templates read them, the strip they were read on, and its scale to the crop
_DateReading = tuple[list[card_digits.Glyph], Image.Image, float]


def _date_glyphs(crop: Image.Image, *, word_height: float | None = None,
                 loose: bool = False) -> tuple[_DateReading, _ShapesDate | None]:
    """A date's digits as the edge templates read them, with the strip they were read on and its scale, and the
    shapes' reading of its four digits (`_by_shape`).

    A date's digits are small and often embossed, and their measured height is often off: an embossed date's light
    digits on a light card show by their shadow alone, and a label beside the date (`EXPIRES END`) has stronger
    strokes than an embossing on dark art. So the date is read at the sizes it may be, once each, until one reads as
    a plausible date: its measured height (enough when the digits fit their templates well), that height with faint
    strokes counted (card_band.digit_scale), and, where a Tesseract pass found the date, four fifths of its
    word's height (`word_height`; the box also holds the slash and the shadow). The plausible well-formed reading
    that fits its templates best, in whichever face (`_date_fit`), is kept when it is sure; an unsure one is put to
    the vote of the readings at and around its size (`_voted`). (Matching is most of the reader's own time: three
    sizes for every date cost a tenth more per card.)"""
    # a place no pass read a date in is cut wide round where one may be: its digits may be a small part of it
    least = card_band.LEAST_OF_STRIP if word_height else _LEAST_OF_SPOT
    factors = [card_band.digit_scale(crop, faint=faint, least=least) for faint in (False, True)]
    if word_height:
        factors.append(card_band.DIGIT_HEIGHT / (_DIGITS_OF_WORD * word_height))
    tried: list[list[_DateReading]] = []  # each size's readings, a face each, the best fitting date first
    for factor in factors:
        if any(abs(factor / faces[0][2] - 1) < card_band.SAME_SIZE for faces in tried):
            continue
        fits = [_date_fit(faces[0][0]) for faces in tried]
        if fits and fits[0] >= (True, _SURE_FIT) or len(fits) >= 2 and any(plausible for plausible, _ in fits):
            break
        tried.append(_read_at(crop, factor))
    if loose and word_height and not any(_date_fit(faces[0][0])[0] for faces in tried):
        # `loose`: Tesseract read a date here with no confidence at all, and boxed it as the whole crop it came
        # from, label and all (`EXPIRES END 04/27`), so neither the box nor the strokes measured in it give the
        # digits' height. The date is smaller than the box: the sizes up from the box's are tried in turn, until one
        # reads as a plausible date that fits its templates well (a box that fits its word is not laddered: far up,
        # the templates find a plausible date in parts of the digits, `01/22` in 05/32)
        for step in range(1, _LADDER + 1):
            tried.append(_read_at(crop, factors[-1] * _LADDER_STEP ** step))
            if _date_fit(tried[-1][0][0]) >= (True, _SURE_FIT):
                break
    best = max((faces[0] for faces in tried), key=lambda reading: _date_fit(reading[0]))
    doubtful = any(glyph.doubtful for glyph in best[0])
    best = best if _date_fit(best[0]) >= (True, _SURE_FIT) and not doubtful else _voted(crop, tried, best)
    return _by_shape(best)


def _by_shape(reading: _DateReading) -> tuple[_DateReading, _ShapesDate | None]:
    """The date's four digits read again by their shapes (`_read_by_shapes`): a digit the shapes find likelier than
    the templates' by _SHAPES_SURER takes its place. The shapes' reading comes back too: it is a vote of its own
    (`checked_expiry`), and the glyphs it read are the same whichever digits they now carry.

    There the shapes tell apart what the templates confuse in a face they do not hold: the embossed `3` of a year
    read `2` (`05/32` as `05/22`), `6` read `5`. On the 300 held-out development cards 10 more expiries read right
    (282 -> 292), on the 300 tuning ones 2 (297 -> 299), none lost (bench/README.md, "The twenty-first round")."""
    glyphs, strip, factor = reading
    shapes = _read_by_shapes(reading)
    if shapes is None:
        return reading, None
    read = [d if shapes.likeness[i, int(d)] - shapes.likeness[i, int(g.digit)] >= _SHAPES_SURER else g.digit
            for i, (g, d) in enumerate(zip(shapes.marks, shapes.likeliest, strict=True))]
    if not plausible_date(f"{''.join(read[:2])}/{''.join(read[2:])}"):
        return reading, shapes
    again = {id(g): replace(g, digit=d) for g, d in zip(shapes.marks, read, strict=True) if d != g.digit}
    return ([again.get(id(g), g) for g in glyphs], strip, factor), shapes


class _ShapesDate(NamedTuple):
    marks: list[card_digits.Glyph]  # the date's four glyphs
    likeness: np.ndarray  # how like each digit each glyph is (digit_shapes.scores)
    likeliest: str  # the plausible MMYY likeliest of all


def _read_by_shapes(reading: _DateReading) -> _ShapesDate | None:
    """The date's four glyphs as their shapes read them (digit_shapes, which has seen the digits in many faces where
    the templates hold a few), as the plausible date they are likeliest to be together; None when the reading is no
    date's four glyphs, or there are no shapes (none of their fonts installed).

    A date's places hold a few digits each (a month `0` or `1` first, a year's tens `2` or `3`); glyph by glyph, the
    shapes misread a date's first `0` as a `6` or `9`, so the date is chosen as a whole among the plausible ones."""
    glyphs, strip, _ = reading
    marks = _date_marks(glyphs)
    if marks is None:
        return None
    likeness = digit_shapes.scores(strip, [g.box for g in marks])
    if not len(likeness):
        return None
    dates, digits = _plausible_digits(dt.date.today().year)
    each = likeness[np.arange(_DATE_DIGITS), digits]  # dates x digits
    summed = functools.reduce(np.add, each.T)  # digit by digit, as the likeness of a date was always summed
    return _ShapesDate(marks=marks, likeness=likeness, likeliest=dates[int(np.argmax(summed))])


@functools.lru_cache(maxsize=2)
def _plausible_digits(this_year: int) -> tuple[list[str], np.ndarray]:
    """Every plausible expiry's four digits, MMYY, and the same as an array, one row a date."""
    now = this_year - 2000
    dates = [f"{month:02d}{year:02d}" for month in range(1, 13)
             for year in range(now - _YEARS_EXPIRED, now + validation.EXPIRY_YEARS_AHEAD + 1)]
    return dates, np.array([[int(d) for d in date] for date in dates])


# mean likeness of a digit's nearest shapes: the shapes' digit replaces the templates' when this much likelier (on
# the development cards' dates, 16 glyphs read right this way and 3 wrong; closer, 1 and 5)
_SHAPES_SURER = 0.015


def _date_marks(glyphs: list[card_digits.Glyph]) -> list[card_digits.Glyph] | None:
    """The four glyphs of a date's digits, or None when the glyphs are not a date's. A crop that reaches left for a
    lost leading digit may take in the label's last letters, matched as digits: the date is then the last group of
    glyphs; a slash matched as a `1` or a `7` is left out."""
    groups = card_digits.grouped(glyphs, digit_height=card_band.DIGIT_HEIGHT)
    if len(groups) > 1 and len(glyphs) > _DATE_MARKS:
        glyphs = groups[-1]
    if len(glyphs) == _DATE_MARKS and glyphs[2].digit in "17":
        glyphs = glyphs[:2] + glyphs[3:]
    return glyphs if len(glyphs) == _DATE_DIGITS else None


def _voted(crop: Image.Image, tried: list[list[_DateReading]], best: _DateReading) -> _DateReading:
    """The date most readings give, of the crop at the sizes already read (`tried`), in every face that fits about
    as well as the best, and at a tenth smaller and larger than the best reading's size in those faces; of the
    readings giving it, the one that fits best.

    One reading of a small embossed date is often a digit off, and which digit changes with the size and the face:
    `05/32` reads `05/22` in one face at one size and `05/32` in three others, `06/27` reads `05/27`. Taken when the
    best reading is unsure: it fits its templates loosely, or one of its digits fits another digit's template almost
    as well. On 400 development cards this read four more expiries right and one wrong (`01/25` as `07/25`), for 3%
    more time a card."""
    every = [reading for faces in tried for reading in faces if reading[0]]
    if not every:
        return best
    floor = max(card_digits.mean_score(glyphs) for glyphs, _, _ in every) - _VOTING_FIT
    close = sorted({glyphs[0].face for glyphs, _, _ in every if card_digits.mean_score(glyphs) >= floor})
    for step in _VOTING_SIZES:
        every += [reading for reading in _read_at(crop, best[2] * step, faces=close) if reading[0]]
    votes = Counter(_as_date(glyphs) for glyphs, _, _ in every
                    if card_digits.mean_score(glyphs) >= floor and plausible_date(_as_date(glyphs)))
    if not votes:
        return best
    most = max(votes.values())
    return max((reading for reading in every if votes[_as_date(reading[0])] == most),
               key=lambda reading: _date_fit(reading[0]))


_VOTING_FIT = 0.1  # mean template score: a face fitting this much worse than the best one has no vote
_VOTING_SIZES = (0.9, 1.1)  # of the best reading's size


def _read_at(crop: Image.Image, factor: float, *, faces: Sequence[int] | None = None) -> list[_DateReading]:
    """The crop scaled by `factor` as each face of `faces` (every face when None) reads it, the best fitting date
    first; one reading of no digits when no face finds any (its strip is still read as ink blobs)."""
    strip = card_band.scaled(crop, factor)
    by_face = card_digits.readings_by_face(strip, digit_height=card_band.DIGIT_HEIGHT, faces=faces)
    by_face = [_slash_set_apart(strip, glyphs) for glyphs in by_face]
    return sorted(((glyphs, strip, factor) for glyphs in by_face), key=lambda reading: _date_fit(reading[0]),
                  reverse=True) or [([], strip, factor)]


def _slash_set_apart(strip: Image.Image, glyphs: list[card_digits.Glyph]) -> list[card_digits.Glyph]:
    """A date's reading whose slash was matched as a digit, in place of a narrow month digit beside it, read again
    with the slash smoothed away.

    A card's face gives the slash a digit's width: MM/YY is five places a pitch apart, and a reading of its four
    digits shows the slash as one place left empty between the month and the year. An embossed slash fits the 7's
    template better than a narrow 1 fits its own; the two windows overlap, so the 1 is dropped and the slash kept:
    `01/25` read `07/25`, the empty place now before the `7` (four of the 30 misses on the 600 development cards,
    three of them read right since).
    Only that shape is read again, in the same face; the new reading is taken when it shows the slash's place, and
    otherwise the slash is dropped: three digits, no date, and the templates no longer outvote Tesseract's reading
    (`61/25`, its 0 read as a 6, is 01/25)."""
    if len(glyphs) != _DATE_DIGITS or glyphs[1].digit not in "17" or (pitch := _skipped_at(glyphs, 0)) is None:
        return glyphs
    slash = (glyphs[2].box[0] + glyphs[2].box[2]) / 2 - pitch
    again = card_digits.readings_by_face(_smoothed_columns(strip, slash, half=_SLASH_HALF * pitch),
                                         digit_height=card_band.DIGIT_HEIGHT, faces=(glyphs[0].face,))
    read = again[0] if again else []
    if len(read) == _DATE_DIGITS and _skipped_at(read, 1) is not None:
        return read
    return [glyphs[0], *glyphs[2:]]  # the digit lost is not found: no date, for another reading to give it


def _skipped_at(glyphs: list[card_digits.Glyph], step: int) -> float | None:
    """The pitch of four glyphs whose `step`-th step (0, 1 or 2) passes over one empty place and whose other two
    are a pitch each; None when they are not spaced so. A date read whole skips the slash's place at step 1."""
    centres = [(g.box[0] + g.box[2]) / 2 for g in glyphs]
    steps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    skip = steps.pop(step)
    pitch = sum(steps) / len(steps)
    even = abs(steps[0] - steps[1]) < _PITCH_SLACK * pitch
    return pitch if even and _SKIPPED[0] * pitch < skip < _SKIPPED[1] * pitch else None


def _smoothed_columns(strip: Image.Image, centre: float, *, half: float) -> Image.Image:
    """The strip with the columns `half` either side of `centre` replaced, row by row, by a straight blend of the
    columns beside them: no stroke is left there, and no edge is made at the blend's sides."""
    grey = np.asarray(strip.convert("L"), dtype=np.float32).copy()
    left, right = max(0, round(centre - half)), min(grey.shape[1] - 1, round(centre + half))
    if right - left < 2:
        return strip
    weights = np.linspace(0.0, 1.0, right - left + 1, dtype=np.float32)
    grey[:, left : right + 1] = grey[:, [left]] * (1 - weights) + grey[:, [right]] * weights
    return Image.fromarray(grey.round().astype(np.uint8))


_DATE_DIGITS = 4
_PITCH_SLACK = 0.25  # of the pitch: two steps between places a pitch apart differ by less
_SKIPPED = (1.6, 2.4)  # of the pitch: a step over one empty place
_SLASH_HALF = 0.4  # of the pitch: the slash's place smoothed away, short of the digits beside it


def _date_fit(glyphs: list[card_digits.Glyph]) -> tuple[bool, float]:
    """How well glyphs read as a date: a plausible one first, then by how well they fit their templates. Unlike a
    number's 16 digits (card_digits.read_digits), a face matching more glyphs is not better: OCR-A's thin `04/25`
    fits its own face at 0.93, and a bold face finds a fifth digit in the art beside it."""
    return plausible_date(_as_date(glyphs)), card_digits.mean_score(glyphs)


_DIGITS_OF_WORD = 0.8  # of a Tesseract word's height, its digits' (the box also holds the slash and shadow)
_LEAST_OF_SPOT = 0.15  # of a place's height, a date's digits may be this little (card_band.digit_scale)
_SURE_FIT = 0.65  # mean template score: a date read at its measured size that fits this well is not read again
# sizes tried up from a Tesseract box that holds more than the date: a template reads a digit up to a tenth off its
# size, so steps of a tenth; eight reach a date of half the box's height
_LADDER, _LADDER_STEP = 8, 1.1


def plausible_date(value: str) -> bool:
    """A card's MM/YY whose year may be printed on a card today (`_plausible_year`)."""
    return bool(value) and _plausible_year(value[3:])


def _as_date(glyphs: list[card_digits.Glyph]) -> str:
    """The glyphs as MM/YY, or `` when they are not a well-formed date (`_date_marks`)."""
    marks = _date_marks(glyphs)
    digits = "".join(g.digit for g in marks) if marks is not None else ""
    read = f"{digits[:2]}/{digits[2:]}" if digits else ""
    return read if validation.valid_thru_is_wellformed(read) else ""


_DATE_MARKS = 5  # MM/YY, the slash matched as a digit

_THRU_WORDS = ("THRU", "GOOD", "EXPIRES", "EXPIRY", "END", "EXP")
_SINCE_WORDS = ("FROM", "SINCE", "MEMBER")
_KOREAN_THRU = "유효기간"  # one syllable may be read as a look-alike (유호기간)


def _label_role(box: Box, every: list[Word]) -> str:
    """`thru`, `since` or `` : what the label nearest to the left of (or just above) a date says.

    Labels are printed in two small lines (`VALID` over `THRU`) beside the date, so any word whose middle is within
    about a date's height of the date's middle and that ends left of the date counts; the nearest one decides.
    """
    height = box[3] - box[1]
    middle = (box[1] + box[3]) / 2

    def on_row(word: Word) -> bool:
        return abs((word.box[1] + word.box[3]) / 2 - middle) <= 1.3 * height

    # another date between a label and this one is what that label names (MEMBER SINCE 08/25 VALID THRU 02/30 with
    # VALID THRU unread must not make 02/30 a SINCE date)
    dates_before = [w for w in every if _DATE_WORD.search(w.text) and on_row(w) and w.box[2] <= box[0] + 0.3 * height
                    and w.box[0] < box[0] - 0.5 * height]
    near = []
    for word in every:
        role = _word_role(word)
        if not role or word.box[2] > box[0] + 0.3 * height or word.box[0] < box[0] - 8 * height:
            continue
        if any(d.box[0] >= word.box[2] - 0.3 * height for d in dates_before):
            continue
        if role == "since" and box[0] - word.box[2] > _SINCE_REACH * height:
            continue  # FROM / SINCE is printed right before its own date: one further on has another date between
        if on_row(word):
            near.append((box[0] - word.box[2], role))
    return min(near)[1] if near else ""


_SINCE_REACH = 3.0  # date heights: a FROM / SINCE label's gap to its date (a whole date and a label fit in more)
_DATE_WORD = re.compile(r"\d\s*/\s*\d")


def _label_on_row(box: Box, every: list[Word]) -> bool:
    """A VALID / THRU / GOOD / EXP label on the date's row, left of it or just above it."""
    height = box[3] - box[1]
    middle = (box[1] + box[3]) / 2
    return any(_is_label(w) and abs((w.box[1] + w.box[3]) / 2 - middle) <= 1.3 * height
               and box[0] - 12 * height <= w.box[2] <= box[0] + 0.3 * height for w in every)


def _word_role(word: Word) -> str:
    letters = re.sub(r"[^A-Z]", "", word.text.upper())
    if any(_close_to(letters, label) for label in _THRU_WORDS):
        return "thru"
    return "since" if any(_close_to(letters, label) for label in _SINCE_WORDS) else ""


def _close_to(letters: str, label: str) -> bool:
    # THRU is often read THRY or THAU; no other word on a card is one letter from it (GOOD is from GOLD: not it)
    return len(letters) >= 3 and levenshtein(letters, label) <= (1 if len(label) > 4 or label == "THRU" else 0)


def _holds_korean_thru(text: str) -> bool:
    """유효기간 among the syllables read (art around it reads as stray syllables), one of them as a look-alike."""
    syllables = re.sub(r"[^가-힣]", "", text)
    width = len(_KOREAN_THRU)
    return any(levenshtein(syllables[i : i + width], _KOREAN_THRU) <= 1 for i in range(len(syllables) - width + 1))


def _wellformed(part: CardPart | None) -> bool:
    return part is not None and validation.valid_thru_is_wellformed(part.value)


def surer(first: CardPart | None, second: CardPart | None) -> CardPart | None:
    """Of the expiry chosen before the re-read and after it, the one more readings agree on (after, on a tie): a
    clean re-read elsewhere on the card must not displace a date whose digits were already read alike twice."""
    def agreement(part: CardPart | None) -> int:
        return 2 if settled(part) else 1 if part is not None and _UNLABELLED in part.confs else 0

    if first is not None and first.label == "since" and _wellformed(second) and second.label == "thru":
        # the labels say which is which: a date labelled VALID FROM or MEMBER SINCE is never the expiry, however
        # many readings agreed on its digits, and a re-read found the date its THRU label stands beside
        return second
    if agreement(first) == 1 and _later_beside(second, first):
        # neither is trusted, and no label says which is the expiry: of two dates on one row, the expiry is the
        # later one, printed after the VALID FROM or MEMBER SINCE date (both stay below the threshold)
        return second
    return first if agreement(first) > agreement(second) else second


def _later_beside(second: CardPart | None, first: CardPart) -> bool:
    """`second` is a well-formed date right of `first` on the same row, with no FROM or SINCE label of its own, and
    of a later month or printed larger (no card prints its VALID FROM or MEMBER SINCE date larger than the expiry:
    a small first date misread as a later month, `09/29` for 08/25, leaves the larger 03/29 beside it the expiry)."""
    if not (_wellformed(second) and _wellformed(first)) or second.label == "since" or first.label == "thru":
        return False
    height = first.box[3] - first.box[1]
    on_row = abs((second.box[1] + second.box[3]) / 2 - (first.box[1] + first.box[3]) / 2) < height
    later = (second.value[3:], second.value[:2]) > (first.value[3:], first.value[:2])
    larger = second.box[3] - second.box[1] >= _LARGER * height
    # by its middle: a word Tesseract read from a crop with low confidence may be boxed as the whole crop
    return on_row and (second.box[0] + second.box[2]) / 2 > first.box[2] and (later or larger)


_LARGER = 1.15  # of the first date's height


def settled(part: CardPart | None) -> bool:
    """Confirmed by checked_expiry: nothing more to read."""
    return _wellformed(part) and part.confs == (CONFIRMED_EXPIRY,)


_LABEL_WORDS = ("VALID", "THRU", "GOOD", "EXPIRES", "EXP")


def _is_label(word: Word) -> bool:
    text = re.sub(r"[^A-Z]", "", word.text.upper())
    return len(text) >= 3 and any(levenshtein(text, label) <= (0 if len(label) <= 3 else 1) for label in _LABEL_WORDS)


def _expiry_spots(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Box]:
    spots: list[Box] = []
    below = number.box[3] if number is not None else image.height * _NUMBER_LEVEL
    every = [w for line in lines for w in line.words]
    label = _label_block(every, below=below)
    if label is not None:
        block, height = label
        top, bottom = block[1] - height, block[3] + height
        beside = [w for w in every if w.box[0] >= block[2] - height and top <= (w.box[1] + w.box[3]) / 2 <= bottom
                  and w.box[0] - block[2] < 6 * height and not _is_label(w)]
        if beside:
            spots.append(_padded(image, union([w.box for w in beside])))
        spots.append(_right_of_label(image, block, height))
    digitish = [w for w in every if (w.box[1] + w.box[3]) / 2 > below
                and ("/" in w.text or sum(ch.isdigit() for ch in w.text) >= 2)]
    for word in digitish:
        height = word.box[3] - word.box[1]
        centre = (word.box[1] + word.box[3]) / 2
        row = [w for w in every if abs((w.box[1] + w.box[3]) / 2 - centre) < height
               and abs(w.box[0] - word.box[0]) < 4 * height and not _is_label(w)]
        if row:  # empty when the word itself reads as a label (`THRU/29`) or has no height
            spots.append(_padded(image, union([w.box for w in row])))
    if number is not None:
        spots.append(_expiry_band(image, number.box))
    unique: list[Box] = []
    for spot in spots:
        if spot not in unique:
            unique.append(spot)
    return unique[:3]


def _label_block(every: list[Word], *, below: float) -> tuple[Box, float] | None:
    """The words of an expiry label (VALID THRU, GOOD THRU, EXPIRES) under `below`, as one box, and their height:
    the lowest word's. A label's words are printed in one size, and Tesseract's box of one may take in a mark beside
    it (seed 3147's card 12: `GOOD` boxed 28 pixels tall, `THRU` 10); the place right of the label, measured by the
    taller, also held the name and the brand's logo under the date, whose digits were then measured by them."""
    labels = [w for w in every if _is_label(w) and (w.box[1] + w.box[3]) / 2 > below]
    if not labels:
        return None
    return union([w.box for w in labels]), min(w.box[3] - w.box[1] for w in labels)


def _right_of_label(image: Image.Image, block: Box, height: float, *, from_its_end: bool = False) -> Box:
    """Where the date right of a label (`block`, its words `height` tall) is printed: padded round, reaching back
    into the label (Tesseract's box of it may run into the date); `from_its_end`, from the label's right edge, for
    the templates (the label's strong strokes beside an embossed date make its weaker edges look like empty art)."""
    left, top, right, bottom = _padded(image, (block[2], block[1] - height, block[2] + _DATE_REACH * height,
                                               block[3] + height))
    return (block[2] if from_its_end else left, top, right, bottom)


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
