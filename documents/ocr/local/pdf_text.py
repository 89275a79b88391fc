"""Born-digital PDFs (Hometax "PDF 저장"): the page's own characters and their positions, read exactly instead of OCR.

The characters become the local engine's `Word`s and `Line`s, as Tesseract's would, but in PDF points with the origin
at the page's top-left corner: `read_certificate` runs on them unchanged and every box is already in the reading's
unit. Only text a viewer actually sees counts; a layer that is not what is printed (a scanner's invisible OCR layer,
a font without a Unicode map, a handful of characters over a scanned image) is left alone and the page is rendered
and read by OCR instead.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .tesseract import Box, Line, Word, union

# The text is what the page prints, not a guess; kept below 100 so that a rule (a check digit, a date that must
# agree with another) still decides whether a value is trusted, exactly as for a clear OCR reading.
TEXT_LAYER_CONF = 99.0
# A certificate's layer holds several hundred Hangul syllables and digits; a layer with fewer than this, or where
# they are not most of what is printed (mojibake from a font without a Unicode map), is not the certificate's text.
CERTIFICATE_MIN_SIGNIFICANT = 60
CERTIFICATE_MIN_SHARE = 0.6
CARD_MIN_DIGITS = 12  # the shortest card number we read has 15; a layer with less cannot hold one
# Characters closer than this (in em of their font) belong to one word: glyphs of a word touch (loose boxes are the
# advance widths), a printed space is about a quarter of an em, letter-spaced labels are wider still.
WORD_GAP_EM = 0.12
_INVISIBLE = pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
_MAX_ANGLE = 0.05  # radians: rotated text is a watermark or a stamp, never an item of the form


@dataclass(frozen=True)
class _Char:
    text: str
    box: Box  # left, top, right, bottom in points, origin top-left
    size: float  # the font size, in points
    baseline: float  # y of the glyph's origin, in points from the top
    ink: float = 0.0  # the fill's luminance, 0 (black) to 255


@dataclass(frozen=True)
class TextLayer:
    lines: list[Line]  # top to bottom, words left to right
    size: tuple[float, float]  # the page in points
    significant: int  # Hangul syllables and digits among the visible characters
    visible: int  # visible characters other than spaces
    digits: int

    def holds_certificate(self) -> bool:
        """Enough of the page's print is Korean text and numbers for this to be what the certificate says."""
        enough = self.significant >= CERTIFICATE_MIN_SIGNIFICANT
        return enough and self.significant >= CERTIFICATE_MIN_SHARE * self.visible

    def holds_card(self) -> bool:
        return self.digits >= CARD_MIN_DIGITS


def read_layer(page: pdfium.PdfPage) -> TextLayer | None:
    """The visible, horizontal text of `page` as lines; None when it has none (or the page is turned: rendered)."""
    if page.get_rotation() != 0:
        return None
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        chars = _visible_chars(textpage, origin=(left, top))
    finally:
        textpage.close()
    if not chars:
        return None
    printed = [c for c in chars if not c.text.isspace()]
    significant = sum(1 for c in printed if _is_hangul(c.text) or c.text.isdigit())
    digits = sum(1 for c in printed if c.text.isdigit())
    return TextLayer(
        lines=_lines(chars), size=(right - left, top - bottom), significant=significant, visible=len(printed),
        digits=digits,
    )


def _visible_chars(textpage: pdfium.PdfTextPage, *, origin: tuple[float, float]) -> list[_Char]:
    raw = textpage.raw
    x0, y0 = origin
    rect = pdfium_c.FS_RECTF()
    ox, oy = pdfium_c.c_double(), pdfium_c.c_double()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    chars = []
    for index in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(raw, index) or pdfium_c.FPDFText_HasUnicodeMapError(raw, index):
            continue  # pdfium's own spaces and line breaks (gaps decide words here), and glyphs without a meaning
        text = unicodedata.normalize("NFC", chr(pdfium_c.FPDFText_GetUnicode(raw, index)))
        if not text.isprintable() and not text.isspace():
            continue
        owner = pdfium_c.FPDFText_GetTextObject(raw, index)
        if not owner or pdfium_c.FPDFTextObj_GetTextRenderMode(owner) == _INVISIBLE:
            continue  # a scanner's OCR layer under its image: somebody else's guess, not the printed text
        if abs(pdfium_c.FPDFText_GetCharAngle(raw, index)) > _MAX_ANGLE:
            continue
        coloured = pdfium_c.FPDFText_GetFillColor(raw, index, red, green, blue, alpha)
        if coloured and _seal_red(red.value, green.value, blue.value):
            continue  # a seal's or a stamp's letters (`부산진세무서장인` round the office's name), never the print
        ink = 0.299 * red.value + 0.587 * green.value + 0.114 * blue.value if coloured else 0.0
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        box = (rect.left - x0, y0 - rect.top, rect.right - x0, y0 - rect.bottom)
        if size <= 0 or box[2] < box[0] or box[3] <= box[1]:
            continue
        chars.append(_Char(text=text, box=box, size=size, baseline=y0 - oy.value, ink=ink))
    return chars


def _seal_red(red: int, green: int, blue: int) -> bool:
    """The red of a tax office's seal: its letters lie on the office's name in the layer too, and their characters
    interleave with the name's by position (`부산진세무인서무장산`, a third independent set's Chromium PDFs)."""
    return red >= _SEAL_RED and max(green, blue) <= red * _SEAL_OTHER


_SEAL_RED = 150
_SEAL_OTHER = 0.6


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _lines(chars: list[_Char]) -> list[Line]:
    """Characters grouped into rows by their baseline, then into words at spaces and gaps; rows top to bottom.

    One row runs across the whole page (`개업연월일 : … 법인등록번호 : …` is one line), as the OCR path merges
    Tesseract's side-by-side lines: the certificate reader cuts a row into items by its labels and gaps."""
    rows: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: c.baseline):
        # the nearest rows only: a large glyph (an emblem's `국세청` drawn as text) opens a row of its own among them
        row = next((row for row in reversed(rows[-_OPEN_ROWS:]) if _same_row(row, char)), None)
        if row is not None:
            row.append(char)
        else:
            rows.append([char])
    lines = []
    for number, row in enumerate(rows):
        found = _words(sorted(row, key=lambda c: c.box[0]), line_key=(1, 1, number + 1))
        if found:
            lines.append(Line(words=found))
    lines.sort(key=lambda line: (line.box[1] + line.box[3]) / 2)
    return lines


def _same_row(row: list[_Char], char: _Char) -> bool:
    """On the row's baseline (within a third of the larger font: a label and its value may differ in size), in a font
    of about the same size: print several times larger is a watermark or an emblem over the rows, never their text."""
    last = row[-1]
    similar = max(char.size, last.size) <= _SIZE_RATIO * min(char.size, last.size)
    # ... and in ink as dark: a pale watermark's letters drawn as text (`국세청` over the issue date, twice the date's
    # size: `20국22년세10월청14일`, a fourth independent set) are no row's print
    alike = abs(char.ink - last.ink) <= _INK_APART
    return similar and alike and abs(char.baseline - last.baseline) <= max(char.size, last.size) / 3


_INK_APART = 80  # luminance: black print beside grey labels joins; a watermark's pale blue-grey (146) does not
_OPEN_ROWS = 4  # rows a character may still join: the large glyphs' rows sit among the body's
_SIZE_RATIO = 2.5  # a title is about twice the body; a watermark's glyphs are five times it or more


def _words(row: list[_Char], *, line_key: tuple[int, int, int]) -> list[Word]:
    """A word ends at a printed space or at a gap wider than a space, so every word stands after one (`space_before`):
    the text keeps the print's own spacing, and letter-spaced labels (`개 업 연 월 일`) come out one letter a word, as
    Tesseract gives them."""
    groups: list[list[_Char]] = []
    gap = True  # a line's first word stands after a line break, as in Tesseract's text
    for char in row:
        if char.text.isspace():
            gap = True
            continue
        if groups and not gap:
            last = groups[-1][-1]
            gap = char.box[0] - last.box[2] > WORD_GAP_EM * max(char.size, last.size)
        if gap or not groups:
            groups.append([char])
        else:
            groups[-1].append(char)
        gap = False
    # the glyphs' boxes are exact: a space seen here was printed (`동문시장 내 수산코너`), unlike a gap in
    # Tesseract's loose boxes beside a lone syllable
    return [
        Word(text=unicodedata.normalize("NFC", "".join(c.text for c in group)), conf=TEXT_LAYER_CONF,
             box=union([c.box for c in group]), line_key=line_key, space_before=True, printed_space=True)
        for group in groups
    ]


# Items whose spacing is the print's own, which the certificate reader's repairs of OCR readings may change (a space
# set before `1층` or `대행업`, a section's name spaced as the classification spaces it)
SPACED_AS_PRINTED = ("company_name", "business_address", "head_office_address", "business_type", "business_item")


@dataclass(frozen=True)
class PrintedText:
    """The layer's text without spaces (`chars`), and before each character the gap it stands after: "", " ", or
    "\n" (the start of a line after the first). Made once a page; a value is looked up in it by its characters,
    spaces aside (first occurrence)."""

    chars: str
    gaps: tuple[str, ...]

    @classmethod
    def of(cls, lines: list[Line]) -> PrintedText:
        chars, gaps = _spaced([" ".join(word.text for word in line.words) for line in lines])
        return cls(chars, tuple(gaps))

    def spaced(self, value: str) -> str:
        """`value` spaced as the layer prints it: each space between two of its characters on one line is the
        print's, present or not (`지하1층`, `광고대행업`: an independent Hometax-like set, where the OCR repairs had set
        spaces the print lacks). Across a line break, the value's own choice stays (a wrapped address). Only spaces
        change: a value not found as printed is returned as it is."""
        compact, start = self._find(value)
        if start < 0:
            return value
        own = _spaced([value])[1]  # the value's own space before each of its characters
        out = []
        for offset, ch in enumerate(compact):
            gap = self.gaps[start + offset] if offset else ""
            out.append(own[offset] if gap == "\n" else gap)
            out.append(ch)
        return "".join(out)

    def joined_across_lines(self, value: str) -> bool:
        """`value`, found as printed, runs on from one line to the next between two Hangul syllables: whether a
        space stood at that break is the reader's guess (the layer drops the space a wrap breaks at, and a wrap may
        break inside a word: `… 정보` / `매개 서비스업` was printed `정보 매개`, a second independent set), so it is
        not the layer's exact text."""
        compact, start = self._find(value)
        return start >= 0 and any(self.gaps[start + offset] == "\n" and _is_hangul(compact[offset - 1])
                                  and _is_hangul(compact[offset]) for offset in range(1, len(compact)))

    def holds(self, value: str) -> bool:
        """The layer prints `value`, spaces aside."""
        return self._find(value)[1] >= 0

    def _find(self, value: str) -> tuple[str, int]:
        compact = "".join(ch for ch in value if not ch.isspace())
        return compact, self.chars.find(compact) if compact else -1


def _spaced(texts: list[str]) -> tuple[str, list[str]]:
    """The texts' characters without spaces, and before each the gap it stands after: "", " ", or "\n" (the start
    of a text after the first)."""
    chars: list[str] = []
    gaps: list[str] = []
    for number, text in enumerate(texts):
        gap = "\n" if number else ""
        for ch in text:
            if ch.isspace():
                gap = gap or " "
                continue
            chars.append(ch)
            gaps.append(gap)
            gap = ""
    return "".join(chars), gaps
