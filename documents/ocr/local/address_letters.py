"""The Latin letters of an address, which the Korean model reads as digits or marks, read by the English one.

Office buildings are named in Latin letters, or half in them (`GS타워`, `KT빌딩`, `IT캐슬`, `R&D타워`), and the blocks
of an estate by a letter (`A동 9층`). Tesseract's Korean model knows few Latin letters: it reads a capital as the
digit or mark it looks like (`65타워`, `(7빌딩`, `&동`), or drops it and boxes the next syllable over both (`, 동
9층`), on the page and in a crop of it alone. The English model reads the capitals, and every Korean syllable as
Latin garbage. So where an address holds such a stretch, its crop is read by both, each character with its own box:
capitals the English model read where the Korean one has digits or marks before a word, or nothing, or the left of a
syllable boxed far wider than a syllable, are that word's letters. A development set printed 12 of 1,243 fields so;
an eighth independent set, 13 of 42 addresses.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from PIL import Image

from .address_numbers import ADDRESSES
from .card_text import cut
from .certificate import Found
from .tesseract import Char, characters

_SCALE = 1.6
_CONFIG = "--psm 6"
_PAD = 0.3  # of the address box's height, round it
# after a number a word may start with what counts it (`3층`, `1203호`, `101동`, `1가`, `23길`, `1차`): no letters there
_UNITS = "층호동가길로번차단블리"
# a stretch of digits or marks run into the syllable after it (`65타워`, `(7빌딩`, `&동`, `1'벤처타워`), the syllable no
# number's unit; or a building's word standing alone (`, 동 9층`, `(문정동, 빌딩)`: its letters lost)
_BEFORE_A_SYLLABLE = re.compile(r"([^\s가-힣,()]+)([가-힣])")
_BUILDING_WORD = "(?:동|빌딩|타워|스퀘어|센터|캐슬|플라자|시티)(?=[\\s),]|$)"
_LONE_BUILDING_WORD = re.compile(r"(?:^|[\s,(])" + _BUILDING_WORD)
# a block of an estate named by one digit that a block letter looks like (`, 8동 1211호`, `0동`): B or C read as it,
# as estates of a few blocks letter them; the English model tells which. Not 1, which it reads as I or L.
_LETTER_LIKE_DIGITS = "860"
_ONE_DIGIT_BLOCK = re.compile(rf"(?:^|[\s,(])[{_LETTER_LIKE_DIGITS}]동")
_LETTER = re.compile(r"[A-Z&]")
_SMALL = 0.6  # of the Korean characters' typical height: a lower "letter" is a speck or a stroke's end
_WIDE = 1.6  # of a syllable's typical width: a syllable boxed this wide took in what was before it
_LONE_STROKES = set("IJl|")  # read alone where the Korean model read nothing, a stroke of the frame or a speck


def restored(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """`found` with the Latin letters put back that the English model reads in each address where the Korean one
    read digits or marks, or nothing; an address without such a stretch costs nothing."""
    out = []
    for f in found:
        if f.name in ADDRESSES and f.box[2] > f.box[0] and _suspect(f.value):
            f = _lettered(image, f, lang=lang)
        out.append(f)
    return out


def _suspect(value: str) -> bool:
    for match in _BEFORE_A_SYLLABLE.finditer(value):
        run, syllable = match.groups()
        if not (re.fullmatch(r"[\d\-]+", run) and syllable in _UNITS):
            return True
    return _LONE_BUILDING_WORD.search(value) is not None or _ONE_DIGIT_BLOCK.search(value) is not None


def _lettered(image: Image.Image, f: Found, *, lang: str) -> Found:
    left, top, right, bottom = f.box
    pad = _PAD * min(bottom - top, image.height)
    piece = cut(image, (left - pad, top - pad, right + pad, bottom + pad), scale=_SCALE)
    korean = characters(piece.image, lang=lang, config=_CONFIG)
    english = characters(piece.image, lang="eng", config=_CONFIG)
    value, raw_text = f.value, f.raw_text
    for run in _letter_runs(korean, english):
        value, raw_text = _put_in(value, run), _put_in(raw_text, run)
    return f if value == f.value else replace(f, value=value, raw_text=raw_text)


def _is_syllable(text: str) -> bool:
    return len(text) == 1 and "가" <= text <= "힣"


@dataclass(frozen=True)
class _Run:
    letters: str
    before: str  # the digits and syllables the Korean reading has just before the letters (up to two) ...
    after: str  # ... and the syllables just after them (up to two): where they stand in the address's text
    lost: bool  # the Korean reading has nothing in their place (not digits or marks)


def _letter_runs(korean: list[Char], english: list[Char]) -> list[_Run]:
    """Each run of capitals the English reading has where the Korean one has no syllable, placed in the text."""
    syllables = [c for c in korean if _is_syllable(c.text)]
    if not syllables:
        return []
    width = statistics.median(c.box[2] - c.box[0] for c in syllables)
    height = statistics.median(c.box[3] - c.box[1] for c in syllables)
    runs: list[list[tuple[Char, Char | None]]] = []
    previous = -2
    for index, char in enumerate(english):
        host = _host(char, korean)
        if not _LETTER.fullmatch(char.text) or char.box[3] - char.box[1] < _SMALL * height or not _in_place_of(
                char, host, korean, width=width):
            continue
        if index == previous + 1 and runs:
            runs[-1].append((char, host))
        else:
            runs.append([(char, host)])
        previous = index
    out = []
    for run in runs:
        if any(host is not None and not _is_syllable(host.text) for _char, host in run):
            # letters read for marks: those after them in the left of a wide syllable are that syllable's garbage
            while _is_syllable(run[-1][1].text if run[-1][1] else ""):
                run = run[:-1]
        letters = "".join(char.text for char, _host in run)
        if all(host is None for _char, host in run) and set(letters) <= _LONE_STROKES:
            continue
        placed = _placed(run, korean, width=width)
        if placed is not None:
            lost = all(host is None or _is_syllable(host.text) for _char, host in run)
            out.append(_Run(letters, *placed, lost=lost))
    return out


def _host(char: Char, korean: list[Char]) -> Char | None:
    """The Korean character on `char`'s line that shares most of its width, if a third of it at least."""
    best, most = None, 0.0
    for k in korean:
        down = min(char.box[3], k.box[3]) - max(char.box[1], k.box[1])
        across = min(char.box[2], k.box[2]) - max(char.box[0], k.box[0])
        if down >= 0.5 * (char.box[3] - char.box[1]) and across > most:
            best, most = k, across
    return best if most >= _HOSTED * (char.box[2] - char.box[0]) else None


_HOSTED = 0.3


def _in_place_of(char: Char, host: Char | None, korean: list[Char], *, width: float) -> bool:
    """The English letter stands where the Korean reading has no syllable: nothing, a digit or a mark, or the left
    of a syllable boxed so wide that it took in what was printed before it. Its middle, or over half of it, under a
    syllable's box of the usual width, it is that syllable's garbage."""
    middle = (char.box[0] + char.box[2]) / 2
    for k in korean:
        across = min(char.box[2], k.box[2]) - max(char.box[0], k.box[0])
        down = min(char.box[3], k.box[3]) - max(char.box[1], k.box[1])
        if _is_syllable(k.text) and k.box[2] - k.box[0] < _WIDE * width and down > 0 \
                and (across >= 0.5 * (char.box[2] - char.box[0]) or k.box[0] <= middle <= k.box[2]):
            return False
    if host is None or not _is_syllable(host.text):
        return True
    return host.box[2] - host.box[0] >= _WIDE * width and middle < host.box[2] - width


def _placed(run: list[tuple[Char, Char | None]], korean: list[Char], *, width: float) -> tuple[str, str] | None:
    """The digits and syllables the Korean reading has just before the run (up to two) and the syllables just after
    it (up to two), which place it in the address's text; None unless a syllable follows it on its line."""
    left = min(char.box[0] for char, _host in run) - 0.2 * width
    right = max(char.box[2] for char, _host in run) + 0.2 * width
    line_top, line_bottom = run[0][0].box[1], run[0][0].box[3]

    def on_line(k: Char) -> bool:
        return min(line_bottom, k.box[3]) - max(line_top, k.box[1]) > 0.3 * (line_bottom - line_top)

    # the Korean characters the letters replace: those not syllables (digits, marks) where the letters stand
    replaced = {i for i, k in enumerate(korean) if on_line(k) and not _is_syllable(k.text)
                and (left <= (k.box[0] + k.box[2]) / 2 <= right or any(host is k for _char, host in run))}
    hosts = [i for i, k in enumerate(korean) for _char, host in run if host is k and _is_syllable(k.text)]
    if hosts:
        after_index = min(hosts)  # the wide syllable the letters stood in the left of
    else:
        later = [i for i, k in enumerate(korean)
                 if i not in replaced and on_line(k) and (k.box[0] + k.box[2]) / 2 > right]
        # marks between the letters and the syllable after them are what the letters were read as too (`(:동`)
        while later and not _is_syllable(korean[later[0]].text) and not korean[later[0]].text.isdigit():
            replaced.add(later.pop(0))
        if not later:
            return None
        after_index = min(later)
    if replaced and min(replaced) > after_index:
        return None
    first = min([*replaced, after_index])
    after = ""
    for k in korean[after_index:after_index + 2]:
        if not _is_syllable(k.text):
            break
        after += k.text
    # syllables and digits only: the marks between them may be read otherwise on the page (`435,.&동` on the crop,
    # `435.&동` on the page)
    before = "".join([k.text for k in korean[:first] if _is_syllable(k.text) or k.text.isdigit()][-2:])
    if not after or not before:
        return None
    return before, after


# what a road address ends with in brackets: its legal dong (`(백현동)`, `(역삼동, 한빛빌딩)`)
_REFERENCE = re.compile(r"[가-힣\d.]+(?:동|가|리)(?:\s?,[^()]*)?\)\s*$")


def _block_letter(stood: str, run: _Run) -> bool:
    """One letter the English model read where the text has one digit that looks like a letter before 동: the block's
    letter (`8동`: B동)."""
    return stood in _LETTER_LIKE_DIGITS and len(stood) == len(run.letters) == 1 and run.after[0] == "동"


def _put_in(text: str, run: _Run) -> str:
    """`text` with the run's letters in place of the digits or marks it holds between the run's neighbours, or, where
    it holds nothing there, before a building's word standing alone; its spacing kept. Unchanged unless that place
    occurs exactly once. A bracket the letters replace that the text closes at its end goes with them (`178-1 (7빌딩
    5층)`: KT빌딩)."""
    pattern = re.compile(r"[\s,.\-]?".join(map(re.escape, run.before)) + r"([\s,.]{0,2})([^\s가-힣]{0,5}?)(\s?)(?="
                         + r"\s?".join(map(re.escape, run.after)) + ")")
    matches = list(pattern.finditer(text))
    if len(matches) != 1:
        return text
    match = matches[0]
    stood = match.group(2)
    alone = match.end() > 0 and text[match.end() - 1] in " ,.(" and re.match(_BUILDING_WORD, text[match.end():])
    if (run.lost and any(ch.isdigit() for ch in stood) and not _block_letter(stood, run)) or not (stood or alone):
        # letters lost on the crop where the page read digits, or letters for nothing in the text but before a
        # building's word standing alone: the text's own, the English model's garbage
        return text
    if stood.isdigit() and run.after[0] in _UNITS and not _block_letter(stood, run):
        return text  # a number before what it counts (`9층`, `35길`), read by the English model as letters
    if stood.strip() == "(" and _REFERENCE.match(text[match.end():]):
        return text  # the bracket round the address's reference (`5층 (백현동)`), read by the English model as H or C
    # a full stop between a number and the letters is a comma misread (`435.&동`: 435,A동)
    out = text[:match.start(1)] + match.group(1).replace(".", ",") + run.letters + text[match.end(2):]
    if "(" in stood and out.endswith(")") and out.count(")") > out.count("("):
        out = out[:-1]
    return out


