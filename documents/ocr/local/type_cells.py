"""A business type printed small in its cell, read again on its own.

The long industry sections (`협회 및 단체, 수리 및 기타 개인 서비스업`, `사업시설 관리, 사업 지원 및 임대 서비스업`) are
printed in a smaller font to fit the type's cell, and the page's layout analysis drops such print or reads it as the
emblem's texture: the row keeps its item and loses its type (`업태 메09019091470049079 |종목 미용업`). Cut out on its
own, from the type column's left edge to the item's, the cell reads. A reading is taken only when it is one of the
sections (certificate.is_section, after the reader's snapping): the crop may hold the table's label or a border too,
and no section is made of those.
"""

from __future__ import annotations

from PIL import Image

from . import categories
from .card_text import Piece, cut, read_pieces
from .certificate import UNLABELLED_KEYS, Found, is_section, value_of
from .tesseract import join, lines_of, union

_SCALE = 2.0
_CONFIG = "--psm 6"
_PAD = 0.3  # in the item's line heights, round the cell
# of the page's width left of the item: the type's cell, and the labels before it, when no row's type marks it
_CELL_WIDTH = 0.55
_SURE = 80.0  # a type read at least this surely (its least sure word) is left alone


def read_again(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """`found` with the type of each row whose type is missing or doubtful (no section, no known word, read unsurely)
    read again from its cell, beside the row's item, and taken when it is a section. One Tesseract run for all."""
    types = {f.index: f for f in found if f.name == "business_type"}
    rows = [(item, types.get(item.index)) for item in found if item.name == "business_item"
            and (item.index not in types or _doubtful(types[item.index]))]
    if not rows:
        return found
    left = min((t.box[0] for t in types.values()), default=None)
    pieces = [_piece(image, item, left=left) for item, _first in rows]
    readings = read_pieces(pieces, config=_CONFIG, lang=lang)
    out = list(found)
    for (item, first), piece_words in zip(rows, readings, strict=True):  # first: the page's type, or None
        text = " ".join(join(line.words) for line in lines_of(piece_words))
        value = value_of("business_type", text)
        if not piece_words or not is_section(value):
            continue
        again = Found(name="business_type", raw_key=first.raw_key if first else UNLABELLED_KEYS["business_type"],
                      raw_text=text, value=value, confs=tuple(w.conf for w in piece_words),
                      box=union([w.box for w in piece_words]), index=item.index)
        out = [again if f is first else f for f in out] if first else [*out, again]
    return out


def _doubtful(found: Found) -> bool:
    value = found.value
    return not (is_section(value) or value in categories.KNOWN_WORDS or min(found.confs, default=0.0) >= _SURE)


def _piece(image: Image.Image, item: Found, *, left: float | None) -> Piece:
    height = item.box[3] - item.box[1]
    pad = _PAD * height
    start = left if left is not None and left < item.box[0] - height else item.box[0] - _CELL_WIDTH * image.width
    return cut(image, (start - pad, item.box[1] - pad, max(1, item.box[0] - pad), item.box[3] + pad), scale=_SCALE)
