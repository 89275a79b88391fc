"""Tesseract calls and the words/lines they give, for the local engine."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass

from PIL import Image

from . import libtesseract

# Tesseract's OpenMP threads fight each other on small machines; parallelism belongs to the worker processes.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0..100 as Tesseract gives it
    box: Box
    line_key: tuple[int, int, int]
    space_before: bool = True
    # the space before it was surely printed (a text layer's, between exact glyph boxes), not judged by Tesseract
    printed_space: bool = False


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return join(self.words)

    @property
    def box(self) -> Box:
        return union([w.box for w in self.words])

    @property
    def height(self) -> float:
        return sorted(w.box[3] - w.box[1] for w in self.words)[len(self.words) // 2]

    def compact(self) -> tuple[str, list[tuple[int, int]]]:
        """The line's text without spaces, and for each character (word index, character index in the word)."""
        chars: list[str] = []
        where: list[tuple[int, int]] = []
        for wi, word in enumerate(self.words):
            for ci, ch in enumerate(word.text):
                if not ch.isspace():
                    chars.append(ch)
                    where.append((wi, ci))
        return "".join(chars), where


def join(parts: list[Word], texts: list[str] | None = None) -> str:
    """Words as printed: a space only where Tesseract's text output has one."""
    texts = texts if texts is not None else [w.text for w in parts]
    out = ""
    for i, (word, piece) in enumerate(zip(parts, texts, strict=True)):
        out += (" " if i and word.space_before else "") + piece
    return out


# Korean print keeps the syllables of a word almost touching; Tesseract's text output often spaces them out anyway in
# wide-tracked fonts (`유 한 회사`). A gap below this share of the line height beside such a lone syllable is no
# space, whatever the text said. Between two words of several syllables the text's space stands: Tesseract's boxes
# of Korean words are too loose to overrule it (`화물자동차 운송업` printed with a space measured 0.2 heights).
# (The reverse is not safe: narrow glyphs such as `1` or `로` leave wide gaps inside a word, so no space is added.)
# Only between two syllables: a space before a number is printed where Tesseract reads one (`중앙대로 43길`; the
# road's 로, boxed loosely, nearly touched the digits).
NO_SPACE_BELOW = 0.25


def join_by_gaps(parts: list[Word], texts: list[str] | None = None, *, height: float) -> str:
    """Words as printed: a space where Tesseract's text has one, unless a lone syllable nearly touches the syllable
    beside it; a space surely printed (a text layer's) always. (A negative gap is a word of another printed line
    that Tesseract merged in: its own decision stands.)"""
    texts = texts if texts is not None else [w.text for w in parts]
    out = ""
    for i, (word, piece) in enumerate(zip(parts, texts, strict=True)):
        if i and word.space_before:
            gap = word.box[0] - parts[i - 1].box[2]
            before, after = texts[i - 1].strip(), piece.strip()
            lone = (len(after) == 1 or len(before) == 1) and one_syllable(before[-1:]) and one_syllable(after[:1])
            out += "" if lone and 0 <= gap < NO_SPACE_BELOW * height and not word.printed_space else " "
        out += piece
    return out


def one_syllable(text: str) -> bool:
    """`text` is one Hangul syllable."""
    return re.fullmatch(r"[가-힣]", text) is not None


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def words(image: Image.Image, *, lang: str, config: str, timeout: float = 60) -> list[Word]:
    """Tesseract's words with their confidences, boxes in `image` pixels, and whether a space precedes each.

    One reading gives both the TSV (boxes, confidences) and the plain text: Tesseract splits Korean into many TSV
    "words" (often one per syllable) but its text output knows where the printed spaces are.
    """
    tsv, text = libtesseract.read(image, lang=lang, config=config, timeout=timeout)
    return words_of(tsv, text)


@dataclass(frozen=True)
class Char:
    """One character as Tesseract placed it: its text and its box in the image's pixels."""

    text: str
    box: Box


def characters(image: Image.Image, *, lang: str, config: str, timeout: float = 60) -> list[Char]:
    """Tesseract's characters in reading order, each with its own box (not its word's): where in a word a letter
    was read, to hold one model's reading of a stretch of print against another's."""
    out = []
    for row in libtesseract.read_characters(image, lang=lang, config=config, timeout=timeout).splitlines():
        parts = row.rsplit(" ", 5)  # the character, left, bottom, right, top (from the image's foot), page
        if len(parts) != 6 or not parts[0].strip():
            continue
        left, bottom, right, top = (int(n) for n in parts[1:5])
        out.append(Char(text=unicodedata.normalize("NFC", parts[0]),
                        box=(left, image.height - top, right, image.height - bottom)))
    return out


def words_of(tsv: str, text: str) -> list[Word]:
    """The words of one Tesseract reading: its TSV (boxes, confidences) and its plain text (the spaces)."""
    found = []
    line_heights: dict[tuple[int, int, int], tuple[int, int]] = {}  # each line's top and bottom
    for row in tsv.splitlines():  # level, page, block, paragraph, line, word, left, top, width, height, conf, text
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        if cells[0] == "4":
            line_heights[key] = (top, top + height)
        word_text = unicodedata.normalize("NFC", cells[11]).strip()
        conf = float(cells[10])
        if not word_text or conf < 0:
            continue
        bottom = top + height
        line_top, line_bottom = line_heights.get(key, (top, bottom))
        if height < _COLLAPSED * (line_bottom - line_top):
            # a row that starts on a form's printed rule: Tesseract gives its words the rule's height, one pixel
            # (a 2000s form's address read `제` alone, every later word "far" from the first); the line's is right
            top, bottom = line_top, line_bottom
        found.append(Word(text=word_text, conf=conf, box=(left, top, left + width, bottom), line_key=key))
    return _with_spaces(found, unicodedata.normalize("NFC", text))


_COLLAPSED = 0.2  # of its line's height: a word box this low is not a glyph's


_ALIGN_AHEAD = 40  # printed characters between two aligned words at most; further is another word of the same text


def _with_spaces(found: list[Word], text: str) -> list[Word]:
    """Mark each word that the text output separates from the previous one by a space (or a line break)."""
    position = 0
    marked = []
    for word in found:
        gap = False
        index = text.find(word.text, position)
        # only printed characters count towards how far ahead a match may be: the text output pads a line's columns
        # with runs of spaces (100 and more), and a match past them is still the next word
        if index < 0 or len("".join(text[position:index].split())) > _ALIGN_AHEAD:
            gap = True  # could not align: assume a space, as the TSV does
        else:
            gap = any(ch.isspace() for ch in text[position:index]) or position == 0
            position = index + len(word.text)
        marked.append(
            Word(text=word.text, conf=word.conf, box=word.box, line_key=word.line_key, space_before=gap)
        )
    return marked


def lines_of(found: list[Word]) -> list[Line]:
    """Words grouped into lines (Tesseract's own lines, then merged when they sit side by side), top to bottom.

    Within one of Tesseract's lines the words keep the order they come in, its reading order: a word's box can be
    loose enough to start left of the syllable before it (`새 봄 출판사` with 출판사's box from 4 pixels left of 봄's),
    and sorting by boxes read `새출판사봄`."""
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for word in found:
        by_key.setdefault(word.line_key, []).append(word)
    lines = [Line(words=ws) for ws in by_key.values()]
    lines.sort(key=lambda ln: (ln.box[1] + ln.box[3]) / 2)
    merged: list[Line] = []
    for line in lines:
        if merged and _same_row(merged[-1], line):  # side by side, not overlapping: one before the other
            left, right = sorted((merged[-1], line), key=lambda ln: ln.box[0])
            merged[-1] = Line(words=left.words + right.words)
        else:
            merged.append(line)
    return merged


def _same_row(a: Line, b: Line) -> bool:
    ab, bb = a.box, b.box
    overlap = min(ab[3], bb[3]) - max(ab[1], bb[1])
    horizontal_overlap = min(ab[2], bb[2]) - max(ab[0], bb[0])
    height = min(ab[3] - ab[1], bb[3] - bb[1])
    return overlap > 0.6 * height and horizontal_overlap <= _SIDE_BY_SIDE_OVERLAP * height


# of the shorter line's height: two of Tesseract's lines on one row may overlap this much and still be one row.
# It can read a glyph twice, at the end of a letter-spaced label and again at the start of its value (`생 년 월 일 :`
# and `임 : 1966 년 11 월 26 일`, seed 9138's certificate 35): the lines overlapped by 1.1 heights, stayed apart,
# and the birth date was read as the opening date. 120 development certificates and 180 cards read the same with
# 1.5 as with 0.
_SIDE_BY_SIDE_OVERLAP = 1.5

_KNOWN_DISTANCES = 16384


@functools.lru_cache(maxsize=_KNOWN_DISTANCES)
def levenshtein(a: str, b: str) -> int:
    """The edit distance. Remembered: the same words are compared with the same labels many times a document."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]

