"""A card's expiry: the MM/YY beside VALID THRU (never the VALID FROM or MEMBER SINCE date printed next to it)."""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from documents import validation

from . import card_band, card_digits
from .card_text import CardPart, Piece
from .tesseract import Box, Line, Word, levenshtein, union

_CONFUSABLE = str.maketrans(
    {"@": "0", "O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)
_LOOSE_EXPIRY = re.compile(r"(?<![\dA-Za-z])([0-9@OoQDIl|SB]?\d)\s*/\s*(\d{2})(?!\d)")
_DOUBTFUL = 60.0  # a letter read for a digit, or a lost leading digit: read, but never trusted
_OTHER_DATE = 85.0  # a date with no THRU label on a card that prints a VALID FROM / MEMBER SINCE date too


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
    dates = {c[2] for c in candidates if not c[0][0]}  # the well-formed dates read anywhere on the card
    if role != "thru" and (len(dates) > 1 or any(_word_role(w) == "since" for w in every)):
        # the card prints a second date and no label read says this one is the expiry: the later-date rule is a
        # guess when a digit of either date was misread (an independent card's 09/29 read as 03/23 made 09/24 win)
        confs += (_OTHER_DATE,)
    return CardPart(
        name="valid_thru",
        raw_key="validThru",
        raw_text=" ".join(w.text for w in piece),
        value=value,
        confs=confs,
        box=union([w.box for w in piece]),
    )


def expiry_pieces(image: Image.Image, lines: list[Line], number: CardPart | None) -> list[Piece]:
    """The places the expiry may be printed, for Tesseract to read again (digits and slash only), small print twice
    as large: right of the VALID THRU label; a slash or a group of digits under the number; the band under it.

    What a re-read finds joins what the page pass found and the choice is made over all of it, so a clean re-read of
    the VALID FROM date never displaces a doubtful reading of the later VALID THRU date.
    """
    pieces = []
    for spot in _expiry_spots(image, lines, number)[:_EXPIRY_SPOTS]:
        if spot[2] - spot[0] < 1 or spot[3] - spot[1] < 1:
            continue  # a number printed at the image's very edge leaves no band under it
        crop = image.crop(spot)
        scale = 2.0 if crop.height < _SMALL_PRINT else 1.0
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.LANCZOS)
        pieces += [Piece(image=version, origin=spot, scale=scale) for version in _both_polarities(crop, scale=scale)]
    return pieces


def checked_expiry(image: Image.Image, expiry: CardPart | None) -> CardPart | None:
    """An unsure expiry read again by the digit templates, which Tesseract does not share mistakes with.

    Tesseract often loses a narrow leading 1 (`11/29` read `1/29`, `12/25` read `2/25`). The templates read the
    date's digits where Tesseract found it, with room on the left for a lost digit: the same date from both is
    trusted; a different well-formed date with the same year replaces a doubtful one but stays doubtful.
    """
    if expiry is None or (settled(expiry) and min(expiry.confs) >= _SURE_EXPIRY):
        return expiry
    left, top, right, bottom = expiry.box
    height = bottom - top
    box = (max(0.0, left - 1.5 * height), max(0.0, top - 0.4 * height), min(float(image.width), right + 0.5 * height),
           min(float(image.height), bottom + 0.4 * height))
    strip, _ = card_band.scale_for_reading(image.crop(box))
    digits = "".join(g.digit for g in card_digits.read_digits(strip, digit_height=card_band.DIGIT_HEIGHT))
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
    if read[3:] == expiry.value[3:] and not settled(expiry):
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


def settled(part: CardPart | None) -> bool:
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
