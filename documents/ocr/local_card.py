"""Credit cards: the number (4-4-4-4, or 4-6-5 for American Express) and the MM/YY expiry near VALID THRU."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PIL import Image, ImageOps

from documents import validation

from .fields import digits_only
from .local_text import Box, Line, Word, levenshtein, lines_of, union, words

DIGITS_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789"
EXPIRY_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789/"
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
    index: int = 0  # always 0: a card prints each item once (documents.ocr.base.Field.index)


def read_card(image: Image.Image) -> tuple[list[CardPart], dict]:
    """`image` is grey-scale; boxes come back in its pixels."""
    first = words(image, lang="eng", config="--psm 11")
    lines = lines_of(_rows(first))
    passes = 1
    number = _number_from_lines(lines)
    if number is None or not validation.card_number_is_valid(number.value):
        band = _number_band(image, lines)
        for candidate_image in _polarities(image.crop(band)):
            passes += 1
            found = words(candidate_image, lang="eng", config=DIGITS_CONFIG)
            shifted = [_shift(w, band) for w in found]
            retry = _number_from_lines(lines_of(_rows(shifted)), whitelist=True)
            if retry and (number is None or validation.card_number_is_valid(retry.value)):
                number = retry
                if validation.card_number_is_valid(retry.value):
                    break
    expiry, expiry_passes = _read_expiry(image, lines, number)
    passes += expiry_passes
    parts = [p for p in (number, expiry) if p is not None]
    raw = {"passes": passes, "words": len(first), "texts": [_mask_digits(ln.text) for ln in lines]}
    return parts, raw


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


_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
_LOOSE_EXPIRY = re.compile(r"(?<![\dA-Za-z])([0-9OoQDIl|SB]?\d)\s*/\s*(\d{2})(?!\d)")
_DOUBTFUL = 60.0  # a letter read for a digit, or a lost leading digit: read, but never trusted


def _expiry_from_lines(lines: list[Line]) -> CardPart | None:
    """The MM/YY in these lines; a word may be cut in two (`09/2` `8`) and a digit read as a look-alike letter
    (`Q8/25`, `8/25` with its 0 lost): those are taken, with a confidence that keeps them from being trusted."""
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
            month = int(month_text)
            rank = (not 1 <= month <= 12, not near_label, doubtful, len(piece) > 1)
            confs = tuple(w.conf for w in piece) + ((_DOUBTFUL,) if doubtful else ())
            candidates.append((rank, piece, f"{month:02d}/{match.group(2)}", confs))
    if not candidates:
        return None
    _, piece, value, confs = min(candidates, key=lambda c: c[0])
    return CardPart(
        name="valid_thru",
        raw_key="validThru",
        raw_text=" ".join(w.text for w in piece),
        value=value,
        confs=confs,
        box=union([w.box for w in piece]),
    )


def _read_expiry(image: Image.Image, lines: list[Line], number: CardPart | None) -> tuple[CardPart | None, int]:
    """The expiry from the first pass if it reads as MM/YY; otherwise the places it may be printed, read again.

    The places, best first: right of the VALID THRU label; a slash or a group of digits under the number; the band
    under the number. Each is read as one line, plainly and then digits and slash only, in both polarities.
    """
    expiry = _expiry_from_lines(lines)
    if _settled(expiry):
        return expiry, 0
    passes = 0
    for spot in _expiry_spots(image, lines, number):
        crop = image.crop(spot)
        attempts = [(config, 1, polarity) for config in (_LINE_CONFIG, EXPIRY_CONFIG) for polarity in (0, 1)]
        attempts.append((EXPIRY_CONFIG, 2, 0))  # small print: larger, digits and slash only
        for config, scale, polarity in attempts:
            source = crop.resize((crop.width * scale, crop.height * scale), Image.LANCZOS) if scale > 1 else crop
            passes += 1
            found = words(_polarities(source)[polarity], lang="eng", config=config)
            found = [_unscale(w, scale, spot) for w in found]
            retry = _expiry_from_lines(lines_of(_rows(found)))
            if _settled(retry):
                return retry, passes
            if retry is not None and validation.valid_thru_is_wellformed(retry.value) and not _wellformed(expiry):
                expiry = retry  # doubtful, but better than nothing
            if passes >= _MAX_EXPIRY_PASSES:
                return expiry, passes
    return expiry, passes


def _wellformed(part: CardPart | None) -> bool:
    return part is not None and validation.valid_thru_is_wellformed(part.value)


def _settled(part: CardPart | None) -> bool:
    return _wellformed(part) and _DOUBTFUL not in part.confs


_LINE_CONFIG = "--psm 7"
_MAX_EXPIRY_PASSES = 10
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


def _unscale(word: Word, scale: int, band: Box) -> Word:
    left, top, right, bottom = (c / scale for c in word.box)
    return _shift(replace(word, box=(left, top, right, bottom)), band)


def _number_band(image: Image.Image, lines: list[Line]) -> Box:
    digitish = [ln for ln in lines if sum(ch.isdigit() for ch in ln.text) >= 8]
    if digitish:
        top = min(ln.box[1] for ln in digitish)
        bottom = max(ln.box[3] for ln in digitish)
        pad = (bottom - top) * 0.6
        return (0, max(0, top - pad), image.width, min(image.height, bottom + pad))
    return (0, image.height * 0.35, image.width, image.height * 0.75)


def _expiry_band(image: Image.Image, number_box: Box) -> Box:
    height = number_box[3] - number_box[1]
    return (0, number_box[3], image.width, min(image.height, number_box[3] + 3.5 * height))


def _polarities(image: Image.Image) -> list[Image.Image]:
    grey = ImageOps.autocontrast(image.convert("L"), cutoff=2)
    return [grey, ImageOps.invert(grey)]


def _shift(word: Word, band: Box) -> Word:
    dx, dy = band[0], band[1]
    left, top, right, bottom = word.box
    return replace(word, box=(left + dx, top + dy, right + dx, bottom + dy))


def _mask_digits(text: str) -> str:
    return re.sub(r"\d", "#", text)


def read_card_text(lines: list[Line]) -> list[CardPart]:
    """The number and expiry from text that needs no OCR (a PDF's text layer): the same rules, no second passes."""
    return [part for part in (_number_from_lines(lines), _expiry_from_lines(lines)) if part is not None]
