"""An address read again where the page's reading lost part of it.

Tesseract's reading of the whole page at times drops words of an address it reads otherwise well: the first ones
on a low-resolution print (`시 중구 서소문대로 241` for 서울특별시 중구 …), a district's last syllable (`울산광역시 북
당사로`), the road's name before the building's number (`영통구 294`), a building's name after the reference's
comma (`(장충동, 센)`), or the wrapped second line (`(노변동, 미` with `래빌딩)` lost). Read again on its own, the
address's crop enlarged (widened to the left where its start is missing, one line deeper where its reference is
left open), the words come back. The second reading is taken only when it starts where an address starts and holds
every letter and digit of the first, in order, and more: it adds what was lost and changes nothing that was read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PIL import Image

from .address_numbers import ADDRESSES
from .card_text import Piece, cut, read_pieces
from .certificate import ADDRESS_START, POSITIONAL_CONF, PROVINCE_NAME, Found, joined_wrap, value_of
from .tesseract import join, lines_of

_SCALE = 1.6
_CONFIG = "--psm 6"
_PAD = 0.5  # in the address's line heights, round its box
_START_ROOM = 8.0  # ... and to the left of it, where a lost start was printed (a province's name and more)
_END_ROOM = 8.0  # ... and to the right of it, where a building's lost name was printed
_WRAP_ROOM = 1.8  # ... or under it, where a wrapped second line was printed
_MOST_ADDED = 14  # letters and digits: a reading that adds more is another line's or the label's, not what was lost

# `북 당사로`, `서울특별시 중 중화대로`: a word of one syllable (no address prints one) before another word
_LONE_SYLLABLE = re.compile(r"(?<![가-힣\d(])[가-힣] (?=[가-힣])")
_DISTRICT_THEN_NUMBER = re.compile(r"[가-힣][구군] \d")  # `영통구 294`: the road's name lost between them
_CITY_THEN_ROAD = re.compile(r"(특별시|광역시) [가-힣\d]+[로길] ?\d")  # `울산광역시 당사로 102`: the district lost
# `(장충동, 센)`: one syllable of the building's name left; `137(법)`: of the 동's name (none is one syllable; seed
# 5861's held-out print 19, `(법곳동)`)
_REFERENCE_CUT = re.compile(r"(?:, ?|\()[가-힣]\)$")
_ROOM_CUT = re.compile(r"\d층 \d+$")  # `15층 60`: the room's number cut, its 호 and the reference lost
_WORD_CUT = re.compile(r" [가-힣]$")  # `서울특별시 종로구 관`: the line's last word cut after a syllable
# `대전광역시 중구`: every address prints a number (its building's or its lot's); the rest of the line lost after the
# district, read again to the page's edge, and all of it may be lost (`침산동 955-44 그린빌라 15층`)
_NO_NUMBER = re.compile(r"^\D*$")
# `부산광역시 금정구 부곡대로47길 2`: a road address ending at its building's number, the reference in brackets (and
# the floor) that road addresses print after it lost with the line's end
_ROAD_END = re.compile(r"[가-힣\d][로길] ?\d+(?:-\d+)?$")
# `경기도 시흥시 도창로 263 9층`: a road address ending at its floor or room, the reference after it lost (seed 6211's
# held-out print 17, `(정왕동)` clear on the page); one printed without a reference is read again for nothing
_FLOOR_END = re.compile(r"[가-힣\d][로길] ?\d+(?:-\d+)?(?:, ?| )\d+층(?: ?\d+호)?$")
_MOST_ADDED_TO_A_DISTRICT = 32
# `화서로14길 204-28, 3(매향동)`: a floor's 층 lost before the reference (no address prints a bare number there;
# seed 3318's held-out print 20)
_FLOOR_MARK_LOST = re.compile(r"[가-힣\d][로길] ?\d+(?:-\d+)?, ?\d{1,2} ?\(")
# `푸른` for 서울특별시 서대문구 … (연희동, 푸른마을아파트): a scrap of the address's last word is all the reading kept
# (a low-resolution print's long row); the crop read again gives the whole address
_SCRAP = 4
_MOST_ADDED_TO_A_SCRAP = 64
# `월피동 8재지21-21`: a label's syllables (소재지) read into a number; no address prints a word inside one
_WORDS_IN_A_NUMBER = re.compile(r"\d[가-힣]{2,}\d")


def read_again(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """`found` with each address that looks cut given the words a second reading of its crop adds. All the crops
    are read in one Tesseract run; a certificate whose addresses look whole costs nothing."""
    targets = [f for f in found if f.name in ADDRESSES and f.box[2] > f.box[0] and _looks_cut(f)]
    if not targets:
        return found
    readings = read_pieces([_piece(image, f) for f in targets], config=_CONFIG, lang=lang)
    changed = {}
    for f, piece_words in zip(targets, readings, strict=True):
        lines = [join(line.words) for line in lines_of(piece_words)]
        whole = lines[0] if lines else ""
        for line in lines[1:]:
            whole = joined_wrap(whole, line)
        # the crop's first line alone, where the crop reached the line under the address (another item's)
        for text in dict.fromkeys((whole, *lines[:1])):
            start = PROVINCE_NAME.search(text)  # what is before it is the label's, or a speck's
            if start is None:
                continue
            value = value_of(f.name, text[start.start():])
            if ADDRESS_START.match(value) and (_only_adds(f.value, value) or _garbled(f) and _whole(value)):
                changed[id(f)] = replace(f, value=value, raw_text=text[start.start():])
                break
    return [changed.get(id(f), f) for f in found]


def _looks_cut(f: Found) -> bool:
    value = f.value
    return ADDRESS_START.match(value) is None or any(p.search(value) for p in (
        _LONE_SYLLABLE, _DISTRICT_THEN_NUMBER, _CITY_THEN_ROAD, _REFERENCE_CUT, _ROOM_CUT, _WORD_CUT, _NO_NUMBER,
        _ROAD_END, _FLOOR_END, _FLOOR_MARK_LOST))


def _garbled(f: Found) -> bool:
    """The reading is noise, not a cut address: no province or city in it, and Tesseract sure of none of its words
    (`9025 아기토 바나 6`: a boxed 2000s form's address of two lines beside a label centred between them, read by
    the page's layout analysis as one line; its crop alone reads both, a third independent set)."""
    words = f.confs[:-1] if f.confs and f.confs[-1] == POSITIONAL_CONF else f.confs
    return PROVINCE_NAME.search(f.value) is None and bool(words) and max(words) < _NOISE_CONF


_NOISE_CONF = 20.0  # Tesseract's confidence in every word of a reading that is noise
_NOISE_PAD = 0.15  # of its box's height, round the box of an address read as noise


def _whole(address: str) -> bool:
    """An address with a district and a number after its province: what a second reading must be to replace noise."""
    return re.match(r"\S+ \S*[가-힣][시군구] ", address) is not None and re.search(r"\d", address) is not None


def _only_adds(first: str, again: str) -> bool:
    """`again` holds every letter and digit of `first`, in order, and a few more; a first word that is no city or
    province (`시`, `별시`, `올산광역시`) left out, and the reference's bracket closed by what `again` read."""
    if ADDRESS_START.match(first) is None:
        first = first.split(" ", 1)[-1]
    if _REFERENCE_CUT.search(first):
        first = first[:-1]  # the bracket the reader closed
        if again.count("(") > again.count(")") or not again.rstrip().endswith(")"):
            return False
    a, f = _letters(again), _letters(first)
    remaining = iter(a)
    if len(f) <= _SCRAP:
        most = _MOST_ADDED_TO_A_SCRAP
    elif _NO_NUMBER.match(first):
        most = _MOST_ADDED_TO_A_DISTRICT
    else:
        most = _MOST_ADDED
    return (len(f) < len(a) <= len(f) + most and all(ch in remaining for ch in f) and _numbers_kept(first, again)
            and not _WORDS_IN_A_NUMBER.search(again))


def _numbers_kept(first: str, again: str) -> bool:
    """Each number of `first` is a number of `again`, in order (no digit added inside one: `188` is not `1688`);
    the last may be the start of one, cut where the reading lost the rest (`15층 60` for 604호)."""
    found = re.findall(r"\d+", first)
    if not found:
        return True
    remaining = iter(re.findall(r"\d+", again))
    return all(any(number == n or (last and number.startswith(n)) for number in remaining)
               for n, last in zip(found, [False] * (len(found) - 1) + [True], strict=True))


def _letters(text: str) -> str:
    return re.sub(r"[^가-힣A-Za-z0-9]", "", text)


def _piece(image: Image.Image, f: Found) -> Piece:
    left, top, right, bottom = f.box
    height = bottom - top
    if _garbled(f):
        # noise where the address was printed: its own box, which holds the lines the page's reading ran together
        return cut(image, (left - _NOISE_PAD * height, top - _NOISE_PAD * height, right + _NOISE_PAD * height,
                           bottom + _NOISE_PAD * height), scale=_SCALE)
    pad = _PAD * height
    before = _START_ROOM * height if ADDRESS_START.match(f.value) is None else pad
    # the rest of the line or its wrapped second line lost
    end_lost = any(p.search(f.value) for p in (_REFERENCE_CUT, _ROOM_CUT, _WORD_CUT, _ROAD_END, _FLOOR_END))
    after, under = (_END_ROOM * height, _WRAP_ROOM * height) if end_lost else (pad, pad)
    if _NO_NUMBER.match(f.value):
        after, under = image.width - right, _WRAP_ROOM * height
    if ADDRESS_START.match(f.value) is None and len(_letters(f.value)) <= _SCRAP:
        before = left  # the row from the page's edge: the label's words before the address are dropped
    return cut(image, (left - before, top - pad, right + after, bottom + under), scale=_SCALE)
