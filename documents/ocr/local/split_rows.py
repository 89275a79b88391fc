"""Printed rows that Tesseract's page pass read as two lines, one over the other, read again as one line.

On a page with a watermark, a tinted band or letter-spaced labels, Tesseract's layout analysis sometimes cuts one
printed row along its middle: the tops of some syllables become a "line" of their own (`조르 : 으스 … 조모 우송` over
`사업의 종류 : 업태 운수 및 창고업 종목 운송 중개업`, `상 ㅎㅎ ㆍ 느보브ㅅ` over `오 ㆍ 늘봄분식`), and the row's words
are shared out between the two. Neither line holds the row: the label is split between them, the value is half
garbage, and the ghost takes the place of a category row. The two lines lie at the same height and over the same
columns, which two printed rows never do (`lines_of` already joins lines side by side); the row's box read alone as
a single text line (`--psm 7`) gives it back whole.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import replace

from PIL import Image

from .tesseract import Box, Line, union, words

_CONFIG = "--psm 7"  # the crop is one text line, whatever its marks look like
_SAME_HEIGHT = 0.6  # of the lower of the two line boxes: this much vertical overlap is one printed row
_SAME_COLUMNS = 0.5  # of the narrower line: this much horizontal overlap is the same words, not two columns
_PAD = (1.0, 0.4)  # in the row's height: room left/right and above/below the two lines' box
MAX_ROWS = 3  # re-reads per page at most: each is a Tesseract run of its own (a page with more is unreadable)
# Syllables and digits each line must hold: a line of a few marks or jamo beside a row is stray ink (the emblem, a
# stamp, a barcode's edge), not half of it, and reading the row again would change nothing
_CONTENT = 3
# The title (`사업자등록증`, `사업자등록중`): it holds no item, and the QR block and logo beside it give stray lines
_TITLE = re.compile(r"등록[증중]|록증")


def split_pairs(lines: list[Line]) -> list[int]:
    """The indexes `i` whose lines `i` and `i + 1` are one printed row read as two."""
    pairs: list[int] = []
    for i in range(len(lines) - 1):
        if pairs and pairs[-1] == i - 1:
            continue  # a line belongs to one pair
        pair = (lines[i], lines[i + 1])
        if _one_row(pair[0].box, pair[1].box) and all(_worth_reading(line) for line in pair):
            pairs.append(i)
    return pairs[:MAX_ROWS]


def _worth_reading(line: Line) -> bool:
    compact, _ = line.compact()
    content = sum(1 for ch in compact if "가" <= ch <= "힣" or ch.isdigit())
    return content >= _CONTENT and not _TITLE.search(compact)


def _one_row(a: Box, b: Box) -> bool:
    vertical = min(a[3], b[3]) - max(a[1], b[1])
    horizontal = min(a[2], b[2]) - max(a[0], b[0])
    lower = min(a[3] - a[1], b[3] - b[1])
    narrower = min(a[2] - a[0], b[2] - b[0])
    return lower > 0 and narrower > 0 and vertical > _SAME_HEIGHT * lower and horizontal > _SAME_COLUMNS * narrower


def rejoined(image: Image.Image, lines: list[Line], *, lang: str,
             labels: Callable[[Line], set[str]] = lambda line: set()) -> list[Line]:
    """`lines` with each printed row read as two lines made one again (in `image`'s pixels): two lines whose words
    lie side by side (the row's columns cut apart) by merging their words from left to right; two whose words lie
    over each other (the row cut along its middle) by reading the row again. A re-read that does not give exactly
    one line, or loses a label the two lines held (`labels`: a line's labels; psm 7 reads the cell borders around
    `업 태` and `종목` as marks now and then), leaves the two as they were."""
    pairs = split_pairs(lines)
    if not pairs:
        return lines
    replaced: dict[int, Line] = {}
    for i in pairs:
        upper, lower = lines[i], lines[i + 1]
        if not _stacked(upper, lower):
            replaced[i] = _merged(upper, lower)
        else:
            again = _read_row(image, union([upper.box, lower.box]), lang=lang)
            if again is not None and labels(upper) | labels(lower) <= labels(again):
                replaced[i] = again
            elif (whole := _whole_of(upper, lower, labels)) is not None:
                replaced[i] = whole
    out: list[Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if i in replaced:
            out.append(replaced[i])
            skip = True
        else:
            out.append(line)
    return out


def _whole_of(a: Line, b: Line, labels: Callable[[Line], set[str]]) -> Line | None:
    """When the row could not be read again: the one of the two lines that holds the row, the other being only the
    tops (or bottoms) of its taller syllables (`조르 ; 으스 = 조` over the whole `사업의 종류 : 업태 운수 및 창고업
    종목 택배업`): its words far lower than the other's, no label among them while the other has one."""
    for part, whole in ((a, b), (b, a)):
        if (not labels(part) and labels(whole)
                and _word_height(part) < _PART_OF_GLYPHS * _word_height(whole)):
            return whole
    return None


_PART_OF_GLYPHS = 0.6  # of the whole row's word height, on the median


def _word_height(line: Line) -> float:
    return statistics.median(w.box[3] - w.box[1] for w in line.words)


def _stacked(a: Line, b: Line) -> bool:
    """Some word of one line lies over a word of the other: halves of the same syllables."""
    def over(p: Box, q: Box) -> bool:
        return min(p[2], q[2]) - max(p[0], q[0]) > 0.3 * min(p[2] - p[0], q[2] - q[0])

    return any(over(u.box, w.box) for u in a.words for w in b.words)


def _merged(a: Line, b: Line) -> Line:
    """The words of two lines of one row in one line, left to right; each line's own words keep Tesseract's
    reading order (lines_of)."""
    first, second, out = list(a.words), list(b.words), []
    while first and second:
        out.append((first if first[0].box[0] <= second[0].box[0] else second).pop(0))
    return Line(words=out + first + second)


def _read_row(image: Image.Image, box: Box, *, lang: str) -> Line | None:
    height = box[3] - box[1]
    crop_box = (max(0, round(box[0] - _PAD[0] * height)), max(0, round(box[1] - _PAD[1] * height)),
                min(image.width, round(box[2] + _PAD[0] * height)), min(image.height, round(box[3] + _PAD[1] * height)))
    found = words(image.crop(crop_box), lang=lang, config=_CONFIG)
    if not found or len({w.line_key for w in found}) != 1:
        return None
    left, top = crop_box[0], crop_box[1]
    return Line(words=[replace(w, box=(w.box[0] + left, w.box[1] + top, w.box[2] + left, w.box[3] + top))
                       for w in found])
