"""The marks between an address's digits that no reading shows, found in the page's pixels.

Some faces print the hyphen of `6-20` or `459-27` short, thin and set tight against its digits. Tesseract reads the
number as one (`620`, `45927`), on the page and in every crop read again (address_numbers); of three digits, no
rule of the text can even tell it was there. The mark is plain in the pixels, though: a flat stroke at the digits'
middle height, in a gap between two of them. Each number of an address is looked at in the word the page's reading
had it in, and a hyphen found so is put back between the digits it stands between.

The narrow space between a building's number and its floor goes the same way (`644층` for `64 4층`). There the
text tells that something was lost, no building having so many floors, but not where: the pixels do, the space
being the widest gap between the digits.

So does the space after the comma between them: printed or not (`2, 10층`, `2,10층`; both are written), the
reading often loses it (a quarter of the addresses read wrong on 350 development certificates were wrong only in
their spacing, most of them here). The comma is plain in the pixels, a small mark at the foot of the digits, and
so is the gap after it, measured against the gaps between the digits around it. And the space before the
reference's bracket (`603호 (관촉동)`, `349-28(지곡동)`): the bracket is the narrow mark taller than the print
beside it and curved like a bracket (a digit 1 and a closing bracket are as narrow and tall).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from PIL import Image

from . import address_numbers, pixels
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

# `136,8층`, `2, 10층`: the comma between a building's number and its floor, the space after it as read
_COMMA_BEFORE_FLOOR = re.compile(r"(?<=\d),( ?)(?=\d{1,2}층)")
# In the digits' height. After a comma the gap to the next digit is, beyond the digits' own gap, at least this much
# where a space was printed, and at most the other where none was (350 development certificates: spaced 0.18-0.9,
# most over 0.35; unspaced up to 0.22 in a tight serif face, where the comma's own room is wide); in between, the
# reading's own spacing stands.
_SPACE_AFTER_COMMA = 0.3
_NO_SPACE_AFTER_COMMA = 0.1
_NARROWEST_SPACE = 0.4
_SMALLEST_MARKED_PRINT = 10  # pixels high: a photo's print this small still shows its comma or bracket

# `603호(관촉동)`, `349-28 (지곡동)`: the reference's opening bracket after the building's number, floor or room, the
# space before it as read
_BRACKET_AFTER_NUMBER = re.compile(r"(?<=[\d층호])( ?)\(")
# In the bracket's height: the gap before it where a space was printed, and where none was (350 development
# certificates: spaced 0.33-0.94, all but two from 0.40; unspaced 0.06-0.36); in between the reading stands
_SPACE_BEFORE_BRACKET = 0.4
_NO_SPACE_BEFORE_BRACKET = 0.3
_SAME_WORD = 3  # pixels: two words' starts this close are one printed word read twice


def restored(image: Image.Image, found: list[Found], *, lines: list[Line]) -> list[Found]:
    """`found` with the hyphens and spaces put back that each address's numbers show in the page's pixels, and a
    building's block letter read as the digit it looks like (`8동` for B동)."""
    words = [w for line in lines for w in line.words]
    out = []
    for f in found:
        marked = _marked_numbers(image, f, words) if f.name in ADDRESSES else {}
        if marked:
            f = replace(f, value=_with_marks(f.value, marked), raw_text=_with_marks(f.raw_text, marked))
        if f.name in ADDRESSES:
            f = _block_lettered(image, _bracket_spaced(image, _comma_spaced(image, f, words), words), words)
        out.append(f)
    return out


# `105, 8동 11층`: a building's block, the digit 8 before 동 and a floor after it, that may be the letter B the
# Korean model reads as the digit it looks like (a fourth independent set's `B동`, read `8동` twice). (D read as 0
# cannot be told so: a 0 is a tall oval whose sides run straight down their middle in most faces.)
_BLOCK = re.compile(r"(?<=[\s,])8(?=동 ?\d{1,2}층)")
# In the glyph's width: how far its left edge moves down its height (its top and foot left out). B's stem is
# straight (at most 0.1 in the generator's 16 faces, print 20-40 pixels high, sharp or blurred); 8's side is round,
# with a waist (0.2 or more where it can be told: never under 0.1)
_STRAIGHT_STEM = 0.1
_ROUND_SIDE = 0.2
_ENDS = 0.1  # of the glyph's height, left out at its top and its foot
_SMALLEST_STEM = 16  # pixels high: a smaller glyph, blurred, fills 8's waist and looks straight


def _block_lettered(image: Image.Image, f: Found, words: list[Word]) -> Found:
    """`f` with a block's digit that the pixels show is a letter (its left edge a straight stem) written as it."""
    if _BLOCK.search(f.value) is None or _BLOCK.search(f.raw_text) is None:
        return f
    within = [w for w in words if _within(w.box, f.box)]
    # the digit in a word with its 동 (`8동`), or a word of its own before it
    inside = [(w, w.text.index("8동")) for w in within if re.search(r"(?<!\d)8동", w.text)]
    inside += [(w, 0) for w, after in zip(within, within[1:], strict=False) if w.text == "8"
               and after.text.startswith("동")]
    if len(inside) != 1:
        return f
    word, at = inside[0]
    if not _straight_stem(image, word, before=at):
        return f
    return replace(f, value=_BLOCK.sub("B", f.value, count=1), raw_text=_BLOCK.sub("B", f.raw_text, count=1))


def _straight_stem(image: Image.Image, word: Word, *, before: int) -> bool | None:
    """Whether the glyph after `before` characters of the word, the one read as the digit, stands on a straight
    stem (a letter) rather than a round side (a digit); None where it cannot be told. The glyph is the first blob as
    tall as the print that starts at or right of where the characters before it end (a share of the word's width)."""
    left, top, right, bottom = word.box
    height = bottom - top
    binary = pixels.binarised(image, (left, top - 0.1 * height, right, bottom + 0.1 * height))
    if binary is None or height < _SMALLEST_MARKED_PRINT:
        return None
    tall = sorted(b for b in pixels.blobs(binary) if b[3] >= 0.6 * height)
    start = (right - left) * before / max(1, len(word.text)) - 0.3 * height
    glyph = next((b for b in tall if b[0] >= start), None)
    if glyph is None:
        return None
    x, y, width, glyph_height = glyph
    if glyph_height < _SMALLEST_STEM:
        return None
    ink = binary[y + round(_ENDS * glyph_height): y + round((1 - _ENDS) * glyph_height), x: x + width] > 0
    edges = [int(np.argmax(row)) for row in ink if row.any()]
    if len(edges) < 5 or width < 3:
        return None
    travel = (max(edges) - min(edges)) / width
    if travel <= _STRAIGHT_STEM:
        return True
    if travel >= _ROUND_SIDE:
        return False
    return None


def _bracket_spaced(image: Image.Image, f: Found, words: list[Word]) -> Found:
    """`f` with the space before its reference's bracket as the pixels show it."""
    bracket = _BRACKET_AFTER_NUMBER.search(f.value)
    if bracket is None or _BRACKET_AFTER_NUMBER.search(f.raw_text) is None:
        return f
    # the leftmost word holding it; where two readings of the row both hold it, the first whose pixels decide
    inside = sorted((w for w in words if _within(w.box, f.box) and "(" in w.text), key=lambda w: w.box[0])
    measured = (_space_before_bracket(image, w) for w in inside if w.box[0] <= inside[0].box[0] + _SAME_WORD)
    spaced = next((s for s in measured if s is not None), None)
    if spaced is None or spaced == bool(bracket.group(1)):
        return f
    return _respaced(f, _BRACKET_AFTER_NUMBER, " (" if spaced else "(")


def _respaced(f: Found, mark: re.Pattern, spaced: str) -> Found:
    """`f` with the first `mark` in its value and raw text written `spaced`."""
    return replace(f, value=mark.sub(spaced, f.value, count=1), raw_text=mark.sub(spaced, f.raw_text, count=1))


def _space_before_bracket(image: Image.Image, word: Word) -> bool | None:
    """Whether a space stands before the opening bracket in the word (`(관촉동)`, `603호(관촉동)`): the gap between
    the bracket, the first mark at or after the word's start that is narrow for its height, as tall as the print
    beside it, reaching to its foot and curved like an opening bracket, and the ink before it, in the bracket's own
    height (a syllable's parts, `층`'s ㅊ and ㅇ, make the print's line look shorter than it is). Looked at two
    heights left of the word, where the word before may hold the ink, and a height right of it and a third above
    and below, as Tesseract's box of `58(` can end before its bracket and cut the bracket's ends off. None where no
    bracket shows, or the gap is neither clearly wide nor narrow."""
    left, top, right, bottom = word.box
    size = bottom - top
    start = max(0.0, left - 2 * size)
    reach = pixels.BRACKET_REACH * size
    binary = pixels.binarised(image, (start, top - reach, right + size, bottom + reach))
    blobs = pixels.blobs(binary) if binary is not None else []
    line = _print_line([b for b in blobs if b[0] < right - start], tallest=75, within=(0.5, 1.3))  # the word's own
    if line is None:
        return None
    line_top, height = line
    line_bottom = line_top + height
    brackets = [b for b in blobs if b[0] >= left - start - 0.5 * height and b[3] >= height
                and b[1] <= line_top + 0.15 * height and b[1] + b[3] >= line_bottom
                and pixels.opening_bracket(binary, b)]
    if not brackets:
        return None
    bracket = min(brackets)
    before = [b[0] + b[2] for b in blobs if b[0] + b[2] <= bracket[0] + 1 and b[3] >= 0.3 * height]
    if not before:
        return None
    gap = (bracket[0] - max(before)) / bracket[3]
    if gap >= _SPACE_BEFORE_BRACKET:
        return True
    if gap <= _NO_SPACE_BEFORE_BRACKET:
        return False
    return None


def _comma_spaced(image: Image.Image, f: Found, words: list[Word]) -> Found:
    """`f` with the space after the comma between its building's number and floor as the pixels show it."""
    comma = _COMMA_BEFORE_FLOOR.search(f.value)
    if comma is None or _COMMA_BEFORE_FLOOR.search(f.raw_text) is None:
        return f
    digits = re.search(r"\d+$", f.value[:comma.start()]).group()
    inside = [w for w in words if _within(w.box, f.box) and re.search(rf"(?<!\d){digits}[,.]", w.text)]
    spaced = _space_after_comma(image, inside[0]) if len(inside) == 1 else None
    if spaced is None or spaced == bool(comma.group(1)):
        return f
    return _respaced(f, _COMMA_BEFORE_FLOOR, ", " if spaced else ",")


def _space_after_comma(image: Image.Image, word: Word) -> bool | None:
    """Whether a space follows the one comma in the word (`2,10`, `139,`): the gap after it against the gaps between
    the digits around it. None where the word shows no single comma, or the gap is neither clearly wide nor narrow.

    Looked at column by column, as a soft photo prints the comma touching the digit before it: the comma's columns
    hold ink only from the digits' middle down, a run narrower than a digit. What follows may be the next word's, so
    the word is looked at a digit's height further right."""
    left, top, right, bottom = word.box
    binary = pixels.binarised(image, (left, top, right + bottom - top, bottom))
    # the digits' line: its tallest blobs' (a merged pair of digits is as tall as one)
    line = _print_line(pixels.blobs(binary), tallest=90, within=(0.6, 1.5)) if binary is not None else None
    if line is None:
        return None
    line_top, height = line
    shift = max(0, round(line_top - 0.2 * height))  # the rows looked at: the digits' and a comma's tail under them
    ink = binary[shift : round(line_top + 1.4 * height)] > 0
    kinds = []  # per column: "" blank, "low" ink only from the middle down, "full"
    for column in ink.T:
        rows = np.flatnonzero(column) + shift
        kinds.append("" if not rows.size else "low" if rows.min() >= line_top + 0.45 * height else "full")
    runs = _kind_runs(kinds)
    commas = [i for i, (kind, start, stop) in enumerate(runs)
              if kind == "low" and stop <= right - left + 2 and stop - start <= 0.35 * height
              and 0 < i < len(runs) - 1 and runs[i + 1][0] == "" and _descends(ink, start, stop, shift, line)]
    if len(commas) != 1 or commas[0] + 2 >= len(runs):
        return None
    at = commas[0]
    gap = (runs[at + 1][2] - runs[at + 1][1]) / height
    # the digits' own gaps, before the comma and after the gap that follows it
    own = [(stop - start) / height for i, (kind, start, stop) in enumerate(runs)
           if kind == "" and 0 < i < len(runs) - 1 and i not in (at - 1, at + 1)]
    usual = float(np.median(own)) if own else 0.0
    if gap >= _NARROWEST_SPACE and gap - usual >= _SPACE_AFTER_COMMA:
        return True
    if gap - usual <= _NO_SPACE_AFTER_COMMA:
        return False
    return None


def _print_line(blobs: list[tuple[int, int, int, int]], *, tallest: float,
                within: tuple[float, float]) -> tuple[float, float] | None:
    """The top and height of the line of print the blobs make: the median of those as tall as the `tallest`
    percentile's, `within` those shares of it (a comma, a jamo's part or a speck left out); None for fewer than two
    blobs or print too small to tell a comma or a bracket in."""
    if len(blobs) < 2:
        return None
    tall = float(np.percentile([b[3] for b in blobs], tallest))
    line = [b for b in blobs if within[0] * tall <= b[3] <= within[1] * tall]
    top = float(np.median([b[1] for b in line]))
    height = float(np.median([b[1] + b[3] for b in line])) - top
    return (top, height) if height >= _SMALLEST_MARKED_PRINT else None


def _descends(ink: np.ndarray, start: int, stop: int, shift: int, line: tuple[float, float]) -> bool:
    """The run's ink reaches the digits' foot and is taller than a serif's foot: a comma (or a period read for one)."""
    rows = np.flatnonzero(ink[:, start:stop].any(axis=1)) + shift
    line_top, height = line
    return rows.max() >= line_top + 0.9 * height and rows.max() - rows.min() >= 0.12 * height


def _kind_runs(kinds: list[str]) -> list[tuple[str, int, int]]:
    """(kind, start, stop) for each run of equal kinds."""
    runs: list[tuple[str, int, int]] = []
    for i, kind in enumerate(kinds):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1], i + 1)
        else:
            runs.append((kind, i, i + 1))
    return runs


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
    binary = pixels.binarised(image, word.box)
    return None if binary is None else [np.flatnonzero(column) for column in (binary > 0).T]


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
