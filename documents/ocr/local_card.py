"""Credit cards: the number (4-4-4-4, or 4-6-5 for American Express) and the MM/YY expiry near VALID THRU."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PIL import Image, ImageOps

from documents import validation

from .local_text import Box, Line, Word, lines_of, union, words

DIGITS_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789"
EXPIRY_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789/"
_GROUP = re.compile(r"^\d{4,6}$")
_EXPIRY = re.compile(r"(\d{2})\s*/\s*(\d{2})(?!\d)")
_NUMBER_SHAPES = ((4, 4, 4, 4), (4, 6, 5))


@dataclass(frozen=True)
class CardPart:
    name: str
    raw_key: str
    raw_text: str
    value: str
    confs: tuple[float, ...]
    box: Box


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
    expiry = _expiry_from_lines(lines)
    wellformed = expiry is not None and validation.valid_thru_is_wellformed(expiry.value)
    slash = _slash_word(lines) if not wellformed else None
    if slash is not None:  # `Q9/30`, `2/30`: read that spot again, digits and slash only
        left, top, right, bottom = slash.box
        pad = bottom - top
        band = (max(0, left - pad), max(0, top - pad * 0.4), min(image.width, right + pad),
                min(image.height, bottom + pad * 0.4))
        for candidate_image in _polarities(image.crop(band)):
            passes += 1
            found = [_shift(w, band) for w in words(candidate_image, lang="eng", config=EXPIRY_CONFIG)]
            retry = _expiry_from_lines(lines_of(_rows(found)))
            if retry and validation.valid_thru_is_wellformed(retry.value):
                expiry = retry
                break
    if expiry is None and number is not None:
        band = _expiry_band(image, number.box)
        for candidate_image in _polarities(image.crop(band)):
            passes += 1
            found = [_shift(w, band) for w in words(candidate_image, lang="eng", config=EXPIRY_CONFIG)]
            expiry = _expiry_from_lines(lines_of(_rows(found)))
            if expiry:
                break
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
        value=re.sub(r"\D", "", text),
        confs=tuple(w.conf for w in chosen),
        box=union([w.box for w in chosen]),
    )


def _expiry_from_lines(lines: list[Line]) -> CardPart | None:
    candidates = []
    for line in lines:
        near_label = bool(re.search(r"VALID|THRU|GOOD|EXP", line.text.upper()))
        for word in line.words:
            match = _EXPIRY.search(word.text)
            if match and 1 <= int(match.group(1)) <= 12:
                candidates.append((not near_label, word, match))
            elif match:
                candidates.append((True, word, match))
    if not candidates:
        return None
    _, word, match = min(candidates, key=lambda c: c[0])
    return CardPart(
        name="valid_thru",
        raw_key="validThru",
        raw_text=word.text,
        value=f"{match.group(1)}/{match.group(2)}",
        confs=(word.conf,),
        box=word.box,
    )


def _slash_word(lines: list[Line]) -> Word | None:
    for line in lines:
        for word in line.words:
            if "/" in word.text and sum(ch.isdigit() for ch in word.text) >= 2:
                return word
    return None


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
