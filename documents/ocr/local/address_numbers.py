"""An address's numbers read again where the page's reading ran them together.

Some faces print the hyphen of a building or lot number short and thin (`457-17`), or set a narrow space between the
building number and the floor (`43 11층`). Tesseract's reading of the whole page then runs the digits together:
`45717`, `4311층`. No address prints such a number. Read again, the address's own crop enlarged shows the hyphen
or the space. Only the separators are taken from that second reading, and only where its digits are exactly the
first reading's: the syllables and the digits stay as the page's reading has them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PIL import Image

from .card_text import Piece, cut, read_pieces
from .certificate import Found, value_of
from .tesseract import join, lines_of

ADDRESSES = ("business_address", "head_office_address")
_PAD = (10, 5)  # page pixels (about 200 dpi) around the value's box, across and down
_CONFIG = "--psm 6"

# A number as read, with the hyphens it was read with (`110-1411`)
NUMBER = re.compile(r"(?<![\d-])\d+(?:-\d+)*(?![\d-])")
# The same in the second reading, where a hyphen may have a space either side (`457 - 17`)
_HYPHENATED = re.compile(r"(?<![\d-])\d+(?:\s?-\s?\d+)*(?![\d-])")


def run_together(text: str, number: re.Match) -> bool:
    """A number no address prints: a part of four digits or more that is not a room's (`1209호`), of three or more
    before 층 (no building has a hundredth floor), or a building's hyphenated number run into its floor (`40-62층`:
    a space or a comma always stands between them)."""
    after = text[number.end():number.end() + 1]
    parts = number.group().split("-")
    return (after != "호" and any(len(part) >= 4 for part in parts)) or (
        after == "층" and (len(parts[-1]) >= 3 or len(parts) > 1))


def restored_separators(first: str, again: str) -> str:
    """`first` with the hyphens and spaces `again` reads inside its run-together numbers. A number of `again`
    stands for one of `first` when its digits are the same and no other number of `again` has them. A hyphen is
    taken wherever it was read; a space only before the floor (`43 11층`): the digits of a plain number may be
    spaced out by a reading, a hyphen is a mark of its own."""
    candidates: dict[str, set[str]] = {}
    for shown in _numbers_and_pairs(_marks_as_hyphens(again)):
        candidates.setdefault(re.sub(r"\D", "", shown), set()).add(shown)
    out, at = [], 0
    for number in NUMBER.finditer(first):
        if not run_together(first, number):
            continue
        found = candidates.get(number.group().replace("-", ""), set())
        if len(found) != 1 or not _keeps_hyphens(number.group(), shown := found.pop()):
            continue
        floor_apart = first[number.end():number.end() + 1] == "층" and re.fullmatch(r"[\d-]+ \d{1,2}", shown)
        if not floor_apart:
            shown = shown.replace(" ", "")
        out += [first[at:number.start()], shown]
        at = number.end()
    return "".join([*out, first[at:]])


# A mark between two digits in the second reading, the hyphen's look-alikes (`338*16`, `845.49`, `291~11`); and in
# English, a digit read as the letter it looks like next to digits (`33B-16`)
_HYPHEN_MARK = re.compile(r"(?<=\d)[*.·~_ㅡ—–](?=\d)")
_LETTER_DIGITS = {"B": "8", "O": "0", "D": "0", "S": "5", "I": "1", "l": "1"}
_LETTER_AMONG_DIGITS = re.compile(rf"(?<=[\d-])[{''.join(_LETTER_DIGITS)}](?=[\d-])")


def _marks_as_hyphens(text: str) -> str:
    text = _LETTER_AMONG_DIGITS.sub(lambda m: _LETTER_DIGITS[m.group()], text)
    return _HYPHEN_MARK.sub("-", text)


def _numbers_and_pairs(text: str) -> list[str]:
    """Each number of `text` with its hyphens, and each two set one space apart (`43 11`)."""
    numbers = list(_HYPHENATED.finditer(text))
    shown = [re.sub(r"\s?-\s?", "-", number.group()) for number in numbers]
    pairs = [f"{shown[i]} {shown[i + 1]}" for i in range(len(numbers) - 1)
             if text[numbers[i].end():numbers[i + 1].start()] == " "]
    return shown + pairs


def _keeps_hyphens(number: str, shown: str) -> bool:
    """`shown` has a hyphen after every digit `number` has one after."""
    def after_digit(text: str) -> set[int]:
        digits, marks = 0, set()
        for ch in text:
            if ch.isdigit():
                digits += 1
            elif ch == "-":
                marks.add(digits)
        return marks

    return after_digit(number) <= after_digit(shown)


def read_again(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """`found` with each address whose numbers were run together given back the separators a second reading of
    its crop shows: in the page's language first, then, for what is still run together, in English (its model sees
    a short hyphen between digits that the Korean one misses at any size). Each pass reads all its crops in one
    Tesseract run; a certificate whose addresses read well costs nothing."""
    for pass_lang, scale in ((lang, 1.6), ("eng", 2.0)):
        targets = [f for f in found if f.name in ADDRESSES and f.box[2] > f.box[0] and _runs_together(f.value)]
        if not targets:
            break
        readings = read_pieces([_piece(image, f, scale=scale) for f in targets], config=_CONFIG, lang=pass_lang)
        changed = {}
        for f, piece_words in zip(targets, readings, strict=True):
            again = " ".join(join(line.words) for line in lines_of(piece_words))
            # the value made again from its restored text: a number's hyphen back, the spacing around it follows
            # (`309-5스카이뷰오피스텔` -> `309-5 스카이뷰오피스텔`)
            value = value_of(f.name, restored_separators(f.value, again))
            if value != f.value:
                changed[id(f)] = replace(f, value=value, raw_text=restored_separators(f.raw_text, again))
        found = [changed.get(id(f), f) for f in found]
    return found


def _runs_together(address: str) -> bool:
    return any(run_together(address, number) for number in NUMBER.finditer(address))


def _piece(image: Image.Image, f: Found, *, scale: float) -> Piece:
    left, top, right, bottom = f.box
    return cut(image, (round(left) - _PAD[0], round(top) - _PAD[1], round(right) + _PAD[0], round(bottom) + _PAD[1]),
               scale=scale)
