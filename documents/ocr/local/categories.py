"""The certificate's business-category table (사업의 종류): 1 to 7 rows of 업태 (type) and 종목 (item).

Only the first row is labelled; later rows sit under it, sometimes in a smaller font, with the NTS emblem watermark
behind them and ruled cell borders between the columns. Tesseract often gives one printed row as two "lines" (the
type and the item drift apart on a skewed scan) or one line as two rows' halves, so the table is rebuilt from
word positions: each word goes to the type or the item column by its x, and a type and an item form one row when
they sit at the same height.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw

from .tesseract import Box, Line, Word, one_syllable

MAX_ROWS = 7  # the form has room for seven pairs
_SAME_ROW = 1.0  # in line heights: a type and an item this close in height are one row
_SMALL = 0.5  # a "word" lower than this share of the table's text height is watermark texture
_MIN_CONF = 30.0  # ... and so is one Tesseract is this unsure of
BORDER = "|[]{}「」『』ㅣㅡ_~!"  # cell borders and the emblem's edges, read as marks
_MARKS = BORDER + ".,:;ㆍ·'\"`"
_JAMO = re.compile(r"[ㄱ-ㆎ]")


Known = Callable[..., bool]  # (column, text, start=False): whether the text is (or starts) a name the column prints


@dataclass(frozen=True)
class Columns:
    type_left: float  # where the type values start (right of the 업태 label or of `사업의 종류`)
    item_left: float | None  # where the item column starts (the 종목 label's left edge); None: one column only
    height: float  # the table's text height


@dataclass(frozen=True)
class Row:
    type_words: tuple[Word, ...]
    item_words: tuple[Word, ...]


def rows(lines: list[Line], *, columns: Columns, known: Known = lambda column, text, start=False: False
         ) -> list[Row]:
    """The table's rows, top to bottom, from its lines with the labels already cut out. `known(column, text)`: the
    text is a name that column prints (a type's section, an item's trade); `known(column, text, True)`: the start of
    one. They tell a cell wrapped onto more lines from rows of their own (`_wrapped`)."""
    halves: list[_Half] = []
    for number, line in enumerate(lines):
        kept: list[Word] = []
        # a row printed smaller than the rest (a long section's name in its cell) is measured by its own text
        low = _SMALL * min(columns.height, text_height([line]) or columns.height)
        for before, word in zip([None, *line.words], line.words, strict=False):
            if (_is_text(word, columns, low_below=low)
                    or kept and kept[-1] is before and _continues(word, before, columns)
                    or _opens_item(word, kept, columns)):
                kept.append(word)
        chosen = {id(w) for w in kept}
        kept = [w for w, after in zip(line.words, [*line.words[1:], None], strict=False)
                if id(w) in chosen or after is not None and id(after) in chosen and _leads_into(w, after, columns)]
        if not kept:
            continue
        if columns.item_left is None:
            split = len(kept)
        else:
            boundary = columns.item_left - 0.3 * columns.height
            split = next((i for i, w in enumerate(kept) if w.box[0] >= boundary), len(kept))
        for column, part in (("type", kept[:split]), ("item", kept[split:])):
            if part and has_text(part):
                halves.append(_Half(_centre(part), column, part, number))
    return _paired(halves, height=columns.height, known=known)[:MAX_ROWS]


def column_gap_left(lines: list[Line], *, after: float, height: float, gap: float) -> float | None:
    """Where the item column starts when its label was not read: the median left edge of the first word after a
    wide gap, right of `after`."""
    starts = []
    for line in lines:
        for previous, word in zip(line.words, line.words[1:], strict=False):
            if word.box[0] > after and word.box[0] - previous.box[2] > gap * height:
                starts.append(word.box[0])
                break
    return statistics.median(starts) if starts else None


def text_height(lines: list[Line]) -> float:
    """The median height of the lines' words of text; 0 when they hold none. A syllable Tesseract is sure of counts
    too: letter-spaced print is read a syllable a word (`보 건 업`), and a word touching a cell's rule is boxed as
    tall as the rule (`의원`, twice the text's height), which alone would make every syllable look like texture.
    Boxes under half the others' height are left out: syllables whose box Tesseract collapsed (`_collapsed`)."""
    heights = [w.box[3] - w.box[1] for line in lines for w in line.words
               if has_text([w]) or w.conf >= _MIN_CONF and one_syllable(w.text.strip(_MARKS))]
    if not heights:
        return 0.0
    typical = statistics.median(heights)
    return statistics.median([h for h in heights if h >= _SMALL * typical])


_COLLAPSED = 0.15  # of the text height: a box this small on both sides is one Tesseract failed to measure


# Types printed as one word: Tesseract sometimes scores one of them 0 though it read it right (`제조업` at 0 on a
# soft photo), and no watermark texture reads as one, so they are text whatever the score.
KNOWN_WORDS = frozenset(("제조업", "건설업", "광업", "정보통신업", "부동산업", "도매업", "소매업", "서비스업",
                         "음식점업", "보건업", "숙박업", "운수업", "도소매", "도소매업", "도매", "소매"))


def _is_text(word: Word, columns: Columns, *, low_below: float) -> bool:
    low = word.box[3] - word.box[1] < low_below
    unsure = word.conf < _MIN_CONF and word.text.strip(_MARKS) not in KNOWN_WORDS
    if unsure or (low and not _collapsed(word, columns)):
        return False
    if word.box[2] <= columns.type_left - 0.5 * columns.height:
        return False  # in the label column
    core = word.text.strip(_MARKS)
    return bool(core) and not _JAMO.search(core) and not re.fullmatch(r"[A-Za-zＡ-Ｚａ-ｚ]", core)


def _continues(word: Word, before: Word, columns: Columns) -> bool:
    """A word Tesseract was unsure of that goes on from the word just kept before it: whole syllables of the text's
    height, a word's space after it (`일반 교과 학원`, read `교과` and `학원` at a confidence of 21). Watermark
    texture is fragments: jamo, marks, small or lone syllables, apart from the print."""
    tall = word.box[3] - word.box[1] >= _SMALL * columns.height
    close = -_OVERLAP * columns.height <= word.box[0] - before.box[2] <= _NEXT_WORD * columns.height
    return tall and close and re.fullmatch(r"[가-힣]{2,}", word.text.strip(_MARKS)) is not None


_NEXT_WORD = 1.2  # in text heights: a space between words of one cell, not the gap to the next column
# ... or no space at all: the boxes of two syllables set tight overlap by a few pixels (`커피` and `전문점`, read
# as two words, the second at a confidence of 8)
_OVERLAP = 0.25


def _leads_into(word: Word, after: Word, columns: Columns) -> bool:
    """A syllable Tesseract is sure of, set right before a word kept as text: a cell's first syllable whose box
    Tesseract cut short (`부` of `부 동 산 업`, a third of the text's height), not a speck of the watermark."""
    close = 0 <= after.box[0] - word.box[2] <= _LETTER_GAP * columns.height
    sure = word.conf >= _SURE and one_syllable(word.text.strip(_MARKS))
    return close and sure and word.box[0] > columns.type_left - 0.5 * columns.height


_LETTER_GAP = 0.5  # in text heights: the space between two syllables of one word
_SURE = 80.0  # 90 left out seed 4411's `부` read at 85 (`동산업`); 110 development certificates: +1, none lost


def _opens_item(word: Word, kept: list[Word], columns: Columns) -> bool:
    """A word Tesseract was unsure of where the item's cell starts, right after the 종목 label's place: whole
    syllables of the text's height, the first in the item column (`예술 학원` read at 29 beside `종목`, on a photo).
    The label (cut out of the line) anchors it as a kept word before it anchors the next (`_continues`)."""
    if columns.item_left is None or any(w.box[0] >= columns.item_left for w in kept):
        return False
    tall = word.box[3] - word.box[1] >= _SMALL * columns.height
    beside = 0 <= word.box[0] - columns.item_left <= _LABEL_AND_GAP * columns.height
    return tall and beside and re.fullmatch(r"[가-힣]{2,}", word.text.strip(_MARKS)) is not None


_LABEL_AND_GAP = 3.5  # in text heights: the 종목 label's two syllables and the gap after them


def _collapsed(word: Word, columns: Columns) -> bool:
    """A syllable whose box Tesseract collapsed to a few pixels (it does so to a cell's last syllable, `음식점업`'s
    업): its size says nothing, so it is not taken for watermark texture."""
    small = _COLLAPSED * columns.height
    box = word.box
    return box[2] - box[0] < small and box[3] - box[1] < small and one_syllable(word.text)


def has_text(words: list[Word]) -> bool:
    """A type or an item is words of at least two syllables (numbers alone are the emblem's texture)."""
    return len(re.findall(r"[가-힣]", "".join(w.text for w in words))) >= 2


def _centre(words: list[Word]) -> float:
    return statistics.median((w.box[1] + w.box[3]) / 2 for w in words)


@dataclass
class _Half:
    centre: float
    column: str  # "type" | "item"
    words: list[Word]
    line: int  # the Tesseract line it came from


def _paired(halves: list[_Half], *, height: float, known: Known) -> list[Row]:
    """Types and items at the same height become one row; a half alone is a row with the other half blank. Halves
    of one Tesseract line are one row whatever their heights (a skewed scan tilts a long row)."""
    merged: list[_Half] = []
    for half in sorted(halves, key=lambda h: h.centre):
        same = next((m for m in merged if m.column == half.column and abs(m.centre - half.centre) < 0.3 * height),
                    None)
        if same is None:
            merged.append(half)
        else:  # one printed half that Tesseract gave as two lines
            same.words = _read_once(sorted(same.words + half.words, key=lambda w: w.box[0]))
    merged = _wrapped(merged, height=height, known=known)
    types = [m for m in merged if m.column == "type"]
    items = [m for m in merged if m.column == "item"]
    out: list[tuple[float, Row]] = []
    taken: set[int] = set()
    for half in types:
        near = [(0.0 if item.line == half.line else abs(item.centre - half.centre), i)
                for i, item in enumerate(items) if i not in taken]
        distance, best = min(near, default=(None, None))
        if best is not None and distance is not None and distance <= _SAME_ROW * height:
            taken.add(best)
            out.append((half.centre, Row(tuple(half.words), tuple(items[best].words))))
        else:
            out.append((half.centre, Row(tuple(half.words), ())))
    out.extend((item.centre, Row((), tuple(item.words))) for i, item in enumerate(items) if i not in taken)
    return [row for _, row in sorted(out, key=lambda r: r[0])]


def _wrapped(halves: list[_Half], *, height: float, known: Known) -> list[_Half]:
    """`halves` (top to bottom) with a cell wrapped onto a second line joined into one: a half that cannot end a
    name (`응용 소프트웨어 개발 및`, `화장품,`), over one that cannot start one (`및 임대 서비스업`), or that only with
    the half under it makes a name its column prints (`전문, 과학 및 기술` over `서비스업`); the half under it a line
    below and alone on its row, or beside the other cell's second line (both cells of a row wrapped: `예술, 스포츠 및`
    / `여가관련 서비스업` beside `체력단련시설` / `운영업`); and lines alone set as tight as a cell's, while the
    text so far is not a whole name and what they make starts one (`포털 및 기타` / `인터넷 정보` / `매개` /
    `서비스업`) or the line is an activity's one word ending an item that has none (`가전제품, 컴퓨터 및 주변장치` /
    `도매업`). A narrow cell wraps a long name so (two independent Hometax-like sets); a half alone under a row is
    otherwise a row of its own (a blank type under a row of the same type)."""
    def above(half: _Half) -> _Half | None:
        before = [h for h in halves if h.column == half.column and h.centre < half.centre]
        last = before[-1] if before else None
        return last if last is not None and half.centre - last.centre <= _WRAP_BELOW * height else None

    def unfinished(first: _Half, then: _Half) -> bool:
        return cannot_end(_text(first.words)) or _text(then.words).startswith("및 ")

    def goes_on(first: _Half, then: _Half) -> bool:
        text, joined = _text(first.words), _text(first.words + then.words)
        return unfinished(first, then) or known(then.column, joined) and not known(then.column, text)

    onto: dict[int, _Half] = {}  # id of a second line -> the half it goes on from
    tight: dict[int, _Half] = {}  # ... and of a line alone set as close as a cell's lines, if the text says so
    for half in halves:
        first = above(half)
        if first is None:
            continue
        beside = next((h for h in halves if h.column != half.column and abs(h.centre - half.centre) < 0.5 * height),
                      None)
        if beside is None and half.centre - first.centre <= _TIGHT_LINES * height:
            tight[id(half)] = first
        if beside is None:
            wrapped = goes_on(first, half)
        else:  # both cells wrapped: both go on, or one surely does (the other perhaps misread)
            other = above(beside)
            level = other is not None and abs(other.centre - first.centre) < 0.5 * height
            wrapped = level and (goes_on(first, half) and goes_on(other, beside) or unfinished(first, half)
                                 or unfinished(other, beside))
        if wrapped:
            onto[id(half)] = first
    out: list[_Half] = []
    for half in halves:
        first = onto.get(id(half)) or tight.get(id(half))
        while first is not None and id(first) in onto:  # a cell wrapped onto three lines or more
            first = onto[id(first)]
        if first is not None and id(half) not in onto:
            # a narrow cell's tight lines, the name so far not yet whole: they go on only into the start of a name
            text, joined = _text(first.words), _text(first.words + half.words)
            activity = (half.column == "item" and not text.endswith("업")
                        and re.fullmatch(r"[가-힣]{1,3}업", _text(half.words)) is not None)
            if known(half.column, text) or not (activity or known(half.column, joined, True)):
                first = None
            else:
                onto[id(half)] = first
        if first is None:
            out.append(half)
            continue
        first.words = first.words + _run_on(first.words, half.words, column=half.column, known=known)
    return out


def _run_on(before: list[Word], after: list[Word], *, column: str, known: Known) -> list[Word]:
    """`after`, the next line of a wrapped cell, its first word run on without a space where the line broke inside
    a word: after a lone syllable (`도장, 습식 방수 및 조적 공` / `사업`, a third independent set; an item's words
    are two syllables or more, 및 aside), unless the name is listed so (`한식 면` / `요리 전문점`)."""
    last, first = _text(before[-1:]), _text(after[:1])
    if (re.fullmatch("[가-힣]", last) and last != "및" and re.match("[가-힣]", first) and not first.startswith("및")
            and not known(column, _text(before + after))):
        return [replace(after[0], space_before=False, printed_space=False), *after[1:]]
    return after


_WRAP_BELOW = 2.4  # in text heights: a cell's second line this close under its first (generated: 2.0; rows 2.5)
# ... and a line alone this close under the one before may be the same cell's whatever it says: a narrow cell wraps a
# long name onto three or four lines set tight (`포털 및 기타` / `인터넷 정보` / `매개` / `서비스업`, 1.2 heights
# apart, a second independent set's scans); rows are 2.5 heights apart or more, but a table whose other column was
# lost has its rows' halves alone, so the joined text must start a name
_TIGHT_LINES = 1.5


def cannot_end(text: str) -> bool:
    """No type or item ends so: in 및 or a comma (`응용 소프트웨어 개발 및`, `화장품,`); the name goes on."""
    return re.search("[및,]$", text) is not None


def _text(words: list[Word]) -> str:
    return " ".join(w.text.strip(BORDER) for w in words).strip()  # a comma kept: it says the name goes on


def _read_once(words: list[Word]) -> list[Word]:
    """Words left to right, each printed word once: where the two lines gave the same print twice (their boxes over
    each other, one reading inside the other: `정육점` and its top half's `정육`), the longer reading. Syllables
    whose loose boxes overlap (`커`, `피`) are not one print."""
    out: list[Word] = []
    for word in words:
        if out and _over(out[-1].box, word.box) and (word.text in out[-1].text or out[-1].text in word.text):
            if (len(word.text), word.conf) > (len(out[-1].text), out[-1].conf):
                out[-1] = word
            continue
        out.append(word)
    return out


def _over(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > _SAME_PRINT * min(a[2] - a[0], b[2] - b[0])


_SAME_PRINT = 0.5  # of the narrower word's width: two words over each other this much are one printed word


def box_of(words: tuple[Word, ...]) -> Box:
    return (min(w.box[0] for w in words), min(w.box[1] for w in words), max(w.box[2] for w in words),
            max(w.box[3] for w in words))


# A table whose rows Tesseract garbled is read again on its own: the cell borders erased (Tesseract's page layout
# analysis takes ruled boxes for pictures and drops or mangles the text inside them) and slightly enlarged.
REREAD_SCALE = 1.4
_RULE_SHARE = 0.5  # a pixel row or column this dark across the crop is a ruled line


def damaged(lines: list[Line], *, columns: Columns) -> bool:
    """Whether the table's lines hold text Tesseract was lost on: marks, stray letters, unsure words."""
    for line in lines:
        inside = [w for w in line.words if w.box[2] > columns.type_left - 0.5 * columns.height
                  and w.box[3] - w.box[1] >= _SMALL * columns.height]
        if any(_JAMO.search(w.text) or w.conf < 60 for w in inside):
            return True
        if inside and not has_text(inside):
            return True
    return False


def without_rules(crop: Image.Image) -> Image.Image:
    """The crop (grey) with its ruled lines painted over in white, enlarged for a second reading. Only rows and
    columns dark across the crop go: the page's rule finder (`prepare.without_rules`, long runs of ink), tried
    here, read the tables worse (seed 58: fields 94.0% -> 92.9%)."""
    grey = crop.convert("L")
    ink = grey.point(lambda p: 255 if p < 128 else 0)
    rows = ink.resize((1, grey.height), Image.Resampling.BOX)
    columns = ink.resize((grey.width, 1), Image.Resampling.BOX)
    cleaned = grey.copy()
    draw = ImageDraw.Draw(cleaned)
    for y in range(grey.height):
        if rows.getpixel((0, y)) > 255 * _RULE_SHARE:
            draw.line((0, y, grey.width, y), fill=255)
    for x in range(grey.width):
        if columns.getpixel((x, 0)) > 255 * _RULE_SHARE:
            draw.line((x, 0, x, grey.height), fill=255)
    size = (round(grey.width * REREAD_SCALE), round(grey.height * REREAD_SCALE))
    return cleaned.resize(size, Image.Resampling.LANCZOS)


# Goods that items list one after another (`화장품, 생활용품,잡화`), as retailers register them. Tesseract loses the
# narrow commas between them (`생활용품 화장품`, `휴대폰액세서리잡화`); no list of goods is printed without them, and
# where every word of an item is one of these, the lost commas are put back.
GOODS = frozenset((
    "화장품", "생활용품", "잡화", "의류", "신발", "가방", "문구", "완구", "식품", "건강기능식품", "주방용품", "가구",
    "전자제품", "컴퓨터부품", "휴대폰액세서리", "애완용품", "인테리어소품", "침구", "도서", "음반", "식자재", "농산물",
    "수산물", "축산물", "공산품", "의약품", "주류", "화훼", "건축자재", "전자부품", "자동차부품", "사무용품",
    "스포츠용품", "아동용품", "유아용품", "귀금속", "안경", "시계", "액세서리", "모자", "속옷", "양말", "생필품",
    "식료품", "음료",
))
_LONGEST_GOODS = max(len(word) for word in GOODS)
_GOODS_SEPARATOR = re.compile(r"(,\s*|\s+)")


def with_goods_commas(item: str) -> str:
    """`주방용품 의류, 휴대폰액세서리잡화` -> `주방용품, 의류, 휴대폰액세서리,잡화`: an item whose every word is a
    good of GOODS is a list, so a space between two goods was `, ` and two goods run together were `,` (the
    commas read stay as they were). Any other item is returned as it is."""
    pieces = _GOODS_SEPARATOR.split(item.strip())
    words, separators = pieces[0::2], pieces[1::2]
    split = [_goods_in(word) for word in words]
    if any(not goods for goods in split) or sum(len(goods) for goods in split) < 2:
        return item
    out = ",".join(split[0])
    for separator, goods in zip(separators, split[1:], strict=True):
        out += (separator if "," in separator else ", ") + ",".join(goods)
    return out


def _goods_in(word: str) -> list[str]:
    """`휴대폰액세서리잡화` -> [휴대폰액세서리, 잡화]: the word as goods of GOODS run together ([] when it is not;
    the split with the fewest, so the longest, goods)."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_GOODS), end):
            before = best[start]
            if before is not None and word[start:end] in GOODS:
                if best[end] is None or len(before) + 1 < len(best[end]):
                    best[end] = [*before, word[start:end]]
    return best[len(word)] or []
