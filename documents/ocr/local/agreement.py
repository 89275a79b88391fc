"""A second, independent reading of the certificate's important items, for their confidence.

Tesseract scores a Korean syllable swapped for a look-alike (빛/빚, 현/헌) as high as a right one, so its word
confidence cannot tell a right company name or representative from a wrong one. A second reading can: the value's
own crop, enlarged and thresholded against its neighbourhood instead of the page, read as a block of its own. The
two readings see different pixels at a different size, and where both give exactly the same value it was right
(measured on generated sets, bench/README.md); where they differ, a person looks. All the crops share one Tesseract
run, which costs little next to the page's.

The items are the ones whose confidence decides whether a certificate needs a person (issue 11): names have no other
check; a registration number, an opening date and a tax type have rules, and agreement lets them through where the
first reading was clear enough to read but not to trust alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from documents import validation

from . import names
from .card_text import Piece, cut, read_pieces
from .certificate import UNREADABLE, Found, raw_text_of, value_of
from .confidence import CHECK_DIGIT
from .tesseract import Box, Word, join_by_gaps, levenshtein, lines_of, union

REREAD = ("registration_number", "company_name", "representative", "opening_date", "tax_type")
SCALE = 1.6  # the crop is enlarged by this much: Tesseract sees other pixels than in the page pass
# Of the line height: room left/right and above/below the value's box. Wider than a syllable on each side: where the
# first reading lost a syllable at either end (`조수` for `조수도`), the crop still holds it and the readings differ.
_PAD = (1.5, 0.3)
_NAME_REACH = 12.0  # line heights right of a legal form read alone: a name of a dozen syllables and the gap before it
_CONFIG = "--psm 6"
_CONTRAST = 12  # grey levels print must be darker than its neighbourhood by


def confirmed(second: list[tuple[Found, str, list[Word]]], *, noisy: bool = False) -> set[str]:
    """The names whose value its second reading (`second_readings`) reproduces exactly. On a noisy page, a photographed
    one (its outline found and flattened) or a dusty scan, a company's or person's name is never confirmed: the two
    readings of a soft, unevenly lit photo agree on a look-alike syllable too often (measured: 3 of 63 agreed names
    wrong on development photos, `가은세탁소` for 가온세탁소; none of 210 on prints, scans and image PDFs; on two fresh
    held-out sets 4 of the 5 fields wrong at >= 0.90 were such names in photos), and so do those of a dusty scan,
    whose specks left beside a syllable's strokes read as its ticks (`이준민` read `이준먼` by both, 4 names of 103
    dusty development scans)."""
    return {f.name for f, text, _words in second
            if agrees(f, text) and not (noisy and f.name in _NAMES)}


def second_readings(image: Image.Image, found: list[Found], *, lang: str) -> list[tuple[Found, str, list[Word]]]:
    """Each item of REREAD with the text its crop's second reading gives, and that reading's words (boxes in page
    pixels); items whose crop gave no single line of text are left out: there is nothing to compare."""
    targets = [f for f in found if f.name in REREAD and f.index == 0 and f.value and f.box[2] > f.box[0]]
    if not targets:
        return []
    pieces = [_piece(image, f) for f in targets]
    readings = read_pieces(pieces, config=_CONFIG, lang=lang)
    out = []
    for f, piece_words in zip(targets, readings, strict=True):
        lines = lines_of(piece_words)
        if len(lines) == 1:  # not nothing, and no neighbouring line come in
            out.append((f, join_by_gaps(lines[0].words, height=lines[0].height), lines[0].words))
    return out


_NAMES = ("company_name", "representative")  # free text no rule checks: only agreement can make them trusted
# Items the reader places by their row when their label is unread (a date by its shape too): which item such a value
# is rests on the layout alone (the company's row lost, its name is taken for the representative's).
_PLACED_BY_ROW = ("opening_date", *_NAMES)


def restored(f: Found, text: str, words: Sequence[Word] = ()) -> Found:
    """`f` with the second reading's value where it obeys the item's rules and the page's reading breaks them (the
    readings differ, so the value stays unconfirmed and the engine leaves it for a person):

    * a name's syllable the page's reading lost at its end (`청솔문` for 청솔문구, `조수` for 조수도), the second
      giving exactly the same name and one syllable more. The crop reaches past the value's end, where nothing else
      is printed on the name's row, so it holds the lost syllable (its start is next to the label, whose tail a
      reading may take in);
    * a company name's ㈜ mark the page's reading lost, the second reading it before the same name (`_mark_before`);
    * a registration number whose check digit fails, the second's passing; an opening date that is no date;
    * a representative whose first syllable is no common surname (`견지상`, `홈은성`), the second the same name
      after a common one (권지상, 홍은성);
    * a company name holding what no name is written with (`참좋은테3`, `식회사 해든홀딩스`), the second a clean name
      a syllable or two from it;
    * a company name that is its legal form alone (`유한회사`: Tesseract set the name after it apart and lost it), the
      second the same form and a name after it, read on a crop reaching on along the row (`_piece`); its box is
      then the second reading's, from the form on (`words`), so a person sees the whole name.
    """
    if f.name == "company_name" and (marked := _mark_before(f.value, text)):
        return replace(f, value=marked)
    again = value_of(f.name, text)
    if again == f.value or not again:
        return f
    if f.name == "company_name" and (named := _name_after_form(f.value, again)):
        return replace(f, raw_text=named, value=named, box=_from_form_on(f.box, words))
    if f.name in _NAMES and _lost_last_syllable(f.value, again):
        return replace(f, raw_text=again, value=again)
    if _second_obeys_rules(f.name, f.value, again):
        return replace(f, raw_text=raw_text_of(f.name, text), value=again)
    return f


_MARK = re.compile(r"(?:^|(?<=[\s:：]))[@®©]\s?(?=[가-힣])")  # the ㈜ mark as the crop's reading gives it


def _mark_before(first: str, text: str) -> str | None:
    """`㈜대한로지스` where the page's reading gave `대한로지스`, and the crop's gives `|) : @대한로지스`: the legal
    form's ㈜ mark, which the page's reading drops, or merges into the name's first syllable, as no letter at all. The
    page's name holds no legal form, and the crop's is exactly it after the mark."""
    mark = _MARK.search(text)
    if mark is None or names.has_legal_form(first):
        return None
    marked = value_of("company_name", text[mark.start() :])
    return marked if marked == "㈜" + first else None


def _name_after_form(first: str, again: str) -> str | None:
    """Where `first` is a legal form alone (`유한회사`, `주식회사 3`): the name `again` gives from that form on, when
    it is well formed and more than the form (the crop starts in the label, whose tail it may hold: `명) 유한회사`)."""
    if not names.legal_form_alone(first):
        return None
    form = re.sub(r"[^가-힣㈜()]", "", first)
    start = again.find(form)
    if not form or start < 0:
        return None
    named = re.sub(r"\s+[.,·'\-]+$", "", value_of("company_name", again[start:]))  # a speck after the name
    return named if _well_formed_name(named) and not names.legal_form_alone(named) else None


def _from_form_on(box: Box, words: Sequence[Word]) -> Box:
    """The box of the second reading's words from the form's (`box`, the page's reading of it) on: not the label's
    tail left of it, nor a speck; `box` itself when there are none."""
    height = box[3] - box[1]
    name = [w.box for w in words if w.box[2] > box[0] + 0.5 * height and re.search(r"[가-힣A-Za-z0-9]", w.text)]
    return union([box, *name]) if name else box


def _lost_last_syllable(first: str, again: str) -> bool:
    first, second = first.replace(" ", ""), again.replace(" ", "")
    return len(second) == len(first) + 1 and second.startswith(first) and re.fullmatch(r"[가-힣]", second[-1])


def _second_obeys_rules(name: str, first: str, again: str) -> bool:
    if name in CHECK_DIGIT:
        return not CHECK_DIGIT[name](first) and CHECK_DIGIT[name](again)
    if name == "opening_date":
        return validation.parse_iso_date(first) is None and validation.parse_iso_date(again) is not None
    if name == "representative":
        return (len(first) == len(again) and first[1:] == again[1:] and names.looks_like_a_name(again)
                and names.starts_with_common_surname(again) and not names.starts_with_common_surname(first))
    if name == "company_name":
        return (not _well_formed_name(first) and _well_formed_name(again)
                and levenshtein(first.replace(" ", ""), again.replace(" ", "")) <= 2)
    return False


def _well_formed_name(name: str) -> bool:
    """Written only in what names are, with no digit against a syllable (`참좋은테3`) and no legal form cut short
    (`식회사 해든홀딩스`)."""
    return (names.holds_only_name_marks(name) and not re.search(r"[가-힣]\d|\d[가-힣]", name)
            and not re.search(r"(?<!주)식회사|(?<!유)한회사", name))


def agrees(f: Found, text: str) -> bool:
    """The second reading `text` gives exactly `f`'s value. A tax type is read under the title, bracketed or with
    `:본점` after it: only the member of the closed list itself is compared."""
    if f.name == "tax_type":
        return re.sub(r"[\s()（）\[\]]|[:：](본점|지점)$", "", text) == f.value
    if f.name in _PLACED_BY_ROW and not f.raw_key:
        return False  # placed by its row, its label unread: the crop confirms the text, not which item it is
    if f.name == "company_name" and _mark_before(f.value, text):
        return False  # the crop reads a ㈜ mark the page's reading lost before the same name
    if any(ch in UNREADABLE for ch in f.value):
        return False  # a syllable Tesseract cannot read, put back by rule: both readings only agree on the misreading
    if f.name == "representative" and names.given_name_looks_misread(raw_text_of(f.name, text)):
        return False  # `안도회` for 안도희: it agrees only through the syllable put back by rule
    return value_of(f.name, text) == f.value


def _piece(image: Image.Image, f: Found) -> Piece:
    left, top, right, bottom = f.box
    height = bottom - top
    # a company name read as its legal form alone: the name after it is looked for along the row
    reach = _NAME_REACH if f.name == "company_name" and names.legal_form_alone(f.value) else _PAD[0]
    piece = cut(image, (left - _PAD[0] * height, top - _PAD[1] * height, right + reach * height,
                        bottom + _PAD[1] * height), scale=SCALE)
    return replace(piece, image=_thresholded(piece.image, height=height * SCALE))


def _thresholded(crop: Image.Image, *, height: float) -> Image.Image:
    """Black print on white, thresholded against each pixel's neighbourhood (about two characters wide)."""
    grey = np.asarray(crop)
    block = max(3, round(2 * height)) | 1
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, _CONTRAST)
    return Image.fromarray(binary)
