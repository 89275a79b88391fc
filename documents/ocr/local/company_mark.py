"""The `㈜` mark before a corporation's name, found in the page's pixels where the reading lost it or read it as a
syllable.

`㈜` is 주 in brackets, printed as one character the size of a syllable, and faces that print it compact have
Tesseract drop it (`해든홀딩스`) or read it as a syllable no list can foresee (`두별빛전자`, `댄늘봄화학`). A
corporation's registered name carries its legal form; read without any, and printed from an opening bracket where
the reading shows none, it starts with the mark: the syllable read over the bracket is the mark, and where the
bracket stands before the reading's first syllable, the mark was lost whole. The raw text keeps what was read, so the
name is left for a person (confidence.cap_for). The reading itself already gives the mark back for the syllables
it is read as most (`certificate._MARK_MISREAD_AS`, faces that print it in one piece, where no bracket shows);
this finds it where the print shows the bracket, whatever was read over it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image

from . import names, pixels
from .certificate import Found
from .confidence import is_corporate

_BEFORE = 1.5  # of the name's height: looked at this far left of its reading, where a mark lost whole stands
_TALLEST = 0.8  # of the name's syllables' height: a bracket shorter than this is a speck or a syllable's part
_OVER_FIRST = 0.3  # of the syllables' height: a bracket this near the reading's start was read as its first syllable


def restored(image: Image.Image, found: list[Found]) -> list[Found]:
    """`found` with the `㈜` mark the pixels show before a corporation's name that was read without a legal form."""
    values = {f.name: f.value for f in found if f.index == 0}
    if not is_corporate(values):
        return found
    return [_marked(image, f) if f.name == "company_name" and _lacks_form(f.value) else f for f in found]


def _lacks_form(name: str) -> bool:
    return len(name) >= 2 and not names.has_legal_form(name) and name[0] not in "(（"


def _marked(image: Image.Image, f: Found) -> Found:
    left, top, right, bottom = f.box
    size = bottom - top  # the box's: a line read again may be taller than its print
    start = max(0.0, left - _BEFORE * size)
    reach = pixels.BRACKET_REACH * size
    binary = pixels.binarised(image, (start, top - reach, right, bottom + reach))
    if binary is None:
        return f
    blobs = pixels.blobs(binary)
    heights = [b[3] for b in blobs if b[0] >= left - start]
    if not heights:
        return f
    height = float(np.percentile(heights, 75))  # the name's syllables'
    brackets = [b for b in blobs if b[3] >= _TALLEST * height and b[0] < left - start + height
                and pixels.opening_bracket(binary, b)]
    if not brackets:
        return f
    at = start + min(brackets)[0]
    if abs(at - left) <= _OVER_FIRST * height:
        # the first syllable is the mark read: a name of two syllables at least stays after it
        return replace(f, value="㈜" + f.value[1:].lstrip()) if len(f.value) >= 3 else f
    if at < left:
        return replace(f, value="㈜" + f.value)
    return f
