"""The marks between an address's digits that no reading shows, found in the page's pixels.

Some faces print the hyphen of `6-20` or `459-27` short, thin and set tight against its digits. Tesseract reads the
number as one (`620`, `45927`), on the page and in every crop read again (address_numbers); of three digits, no
rule of the text can even tell it was there. The mark is plain in the pixels, though: a flat stroke at the digits'
middle height, in a gap between two of them. Each number of an address is looked at in the word the page's reading
had it in, and a hyphen found so is put back between the digits it stands between.

The narrow space between a building's number and its floor goes the same way (`644층` for `64 4층`). There the
text tells that something was lost, no building having so many floors, but not where: the pixels do, the space
being the widest gap between the digits.
"""

from __future__ import annotations

import re
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from . import address_numbers
from .address_numbers import ADDRESSES
from .certificate import Found
from .tesseract import Box, Line, Word

# a building's number after its road (`신천대로 620`) or a lot's after its 동, 리 or 가, ending the address or
# followed by its floor, its reference or a comma; the hyphenated ones have theirs
_HYPHEN_MAY_BE_LOST = re.compile(r"(?<=[가-힣] )\d{2,6}(?=$|[\s(,])")
_DASH_MOST_HEIGHT = 0.25  # of the digits' height: the ink of a column of the hyphen
_DASH_MIDDLE = (0.35, 0.65)  # where that ink's centre lies down the digits' height
_SMALLEST_DIGITS = 12  # pixels high: smaller digits, a photo's, are too coarse to tell a hyphen by
_DASH_WIDTH = (0.18, 0.8)  # of the digits' height: narrower is a digit's serif or a 4's bar, wider no hyphen
_DIGIT_WIDTH = 0.55  # of the digits' height: two digits printed touching count as two
_TWO_DIGITS = 0.8  # of the digits' height: an inked run this wide is more than one digit
_FLOOR_DIGITS = 2  # no building has a hundredth floor (address_numbers.run_together)
_SPACE_OVER_GAP = 1.5  # the space between two numbers: this much wider than any gap between the digits of either


def restored(image: Image.Image, found: list[Found], *, lines: list[Line]) -> list[Found]:
    """`found` with the hyphens and spaces put back that each address's numbers show in the page's pixels."""
    words = [w for line in lines for w in line.words]
    out = []
    for f in found:
        marked = _marked_numbers(image, f, words) if f.name in ADDRESSES else {}
        if marked:
            f = replace(f, value=_with_marks(f.value, marked), raw_text=_with_marks(f.raw_text, marked))
        out.append(f)
    return out


def _marked_numbers(image: Image.Image, f: Found, words: list[Word]) -> dict[str, str]:
    """Each number of the address that its pixels show a mark in, as read -> with the mark: a hyphen a plain
    number's digits stand apart by, or the space before a floor run into its building's number (`9411층`: no
    address prints it, address_numbers.run_together; `3-123층`)."""
    marked = {}
    for number in address_numbers.NUMBER.finditer(f.value):
        text = number.group()
        floor = f.value.startswith("층", number.end()) and address_numbers.run_together(f.value, number)
        plain = (alone := _HYPHEN_MAY_BE_LOST.match(f.value, number.start())) and alone.end() == number.end()
        word = _word_of(text, f.box, words) if floor or plain else None
        if word is None:
            continue
        if floor:
            building, hyphen, digits = text.rpartition("-")
            before = _digits_before_space(image, word, len(digits), after=len(building + hyphen))
            if before is not None and _a_floor(digits[before:]):
                marked[text] = f"{building}{hyphen}{digits[:before]} {digits[before:]}"
        elif (before := _digits_before_dash(image, word, len(text))) is not None:
            marked[text] = f"{text[:before]}-{text[before:]}"
    return marked


def _with_marks(text: str, marked: dict[str, str]) -> str:
    return address_numbers.NUMBER.sub(lambda number: marked.get(number.group(), number.group()), text)


def _a_floor(digits: str) -> bool:
    return not digits.startswith("0") and len(digits) <= _FLOOR_DIGITS


def _word_of(number: str, box: Box, words: list[Word]) -> Word | None:
    """The one word inside `box` that starts with `number`'s digits, no more of them."""
    inside = [w for w in words if _within(w.box, box) and re.match(rf"{re.escape(number)}(?![\d-])", w.text)]
    return inside[0] if len(inside) == 1 else None


def _within(inner: Box, outer: Box) -> bool:
    return inner[0] >= outer[0] - 2 and inner[2] <= outer[2] + 2 and inner[1] >= outer[1] - 2 and (
        inner[3] <= outer[3] + 2)


def _digits_before_dash(image: Image.Image, word: Word, digits: int) -> int | None:
    """How many of the word's first `digits` characters stand before a hyphen-shaped mark among them; None when
    there is no such mark, or more than one.

    The word's ink is looked at column by column: a hyphen's columns hold a short run of ink at the digits' middle
    height, a digit's columns ink over much of it. The characters before the mark are counted by the blank columns
    between them, two printed touching counted by their width; those before and after the mark must make up the
    number's digits (and what else the word holds)."""
    columns = _ink_columns(image, word)
    if columns is None:
        return None
    first = next((i for i, rows in enumerate(columns) if rows.size), None)
    if first is None:
        return None
    end = next((i for i in range(first, len(columns)) if not columns[i].size), len(columns))
    rows = np.concatenate(columns[first:end])  # the first digit's ink: the digits' height
    digit_top, height = rows.min(), rows.max() - rows.min() + 1
    if height < _SMALLEST_DIGITS:
        return None
    flat = [rows.size > 0 and rows.max() - rows.min() + 1 <= _DASH_MOST_HEIGHT * height
            and _DASH_MIDDLE[0] <= ((rows.min() + rows.max()) / 2 - digit_top) / height <= _DASH_MIDDLE[1]
            for rows in columns]
    # a hyphen is a mark of its own, apart from at least one of the digits beside it; a stroke joined to both is a
    # digit's (4's bar past its stem)
    runs = [(start, stop) for start, stop in _runs(flat)
            if start > first and stop < len(columns) and not (columns[start - 1].size and columns[stop].size)
            and _DASH_WIDTH[0] * height <= stop - start <= _DASH_WIDTH[1] * height]
    if len(runs) != 1:
        return None
    start, stop = runs[0]
    before, after = (_characters(columns[span], height) for span in (slice(None, start), slice(stop, None)))
    # a word that holds more than the number (`620,`) has more after the mark than its digits
    enough = after == digits - before if word.text.isdigit() else after >= digits - before
    return before if 0 < before < digits and enough else None


def _digits_before_space(image: Image.Image, word: Word, digits: int, *, after: int = 0) -> int | None:
    """How many of `digits` characters, after the word's first `after` (a building's number and its hyphen), stand
    before the widest gap between them; None when the digits are not each apart, or no gap is clearly the widest,
    the gaps between the building number's digits counted among the others."""
    columns = _ink_columns(image, word)
    if columns is None:
        return None
    glyphs = _runs([rows.size > 0 for rows in columns])
    if len(glyphs) < after + digits:
        return None
    rows = np.concatenate(columns[glyphs[0][0]:glyphs[0][1]])
    height = rows.max() - rows.min() + 1
    if any(b - a > _TWO_DIGITS * height for a, b in glyphs[:after + digits]):  # two touching: the count is lost
        return None
    gap = [glyphs[i + 1][0] - glyphs[i][1] for i in range(after + digits - 1)]
    widest = max(range(after, after + digits - 1), key=gap.__getitem__)
    others = [gap[i] for i in [*range(after - 2), *range(after, after + digits - 1)] if i != widest]
    if others and gap[widest] < _SPACE_OVER_GAP * max(others):
        return None
    return widest + 1 - after


def _ink_columns(image: Image.Image, word: Word) -> list[np.ndarray] | None:
    """The rows holding ink, column by column, of the word's box binarised; None for a box too small."""
    left, top, right, bottom = (round(v) for v in word.box)
    grey = np.asarray(image.crop((left, top, right, bottom)).convert("L"))
    if grey.size == 0 or grey.shape[1] < 3:
        return None
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return [np.flatnonzero(column) for column in (binary > 0).T]


def _characters(columns: list[np.ndarray], height: int) -> int:
    """How many characters the columns hold: their inked runs, a run as wide as two digits counted as two."""
    inked = [rows.size > 0 for rows in columns]
    return sum(max(1, round((b - a) / (_DIGIT_WIDTH * height))) for a, b in _runs(inked))


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The [start, stop) spans where `flags` hold."""
    spans, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            spans.append((start, i))
            start = None
    return spans
