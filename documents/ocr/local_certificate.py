"""Business registration certificates: printed items found by their labels, line by line, in Tesseract's words."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from PIL import Image

from .fields import DATE_FIELDS, normalise
from .local_confidence import FREE_TEXT
from .local_text import Box, Line, Word, join, levenshtein, union, words

# Label as printed (spaces removed) -> canonical field; None marks a printed item we read past but do not report.
LABELS: tuple[tuple[str, str | None], ...] = (
    ("법인등록번호", "corporate_number"),
    ("사업자등록번호", "registration_number"),
    ("등록번호", "registration_number"),
    ("법인명(단체명)", "company_name"),
    ("법인명", "company_name"),
    ("상호", "company_name"),
    ("대표자", "representative"),
    ("성명", "representative"),
    ("생년월일", "birth_date"),
    ("개업연월일", "opening_date"),
    ("사업장소재지", "business_address"),
    ("본점소재지", "head_office_address"),
    ("업태", "business_type"),
    ("종목", "business_item"),
    ("사업의종류", None),
    ("발급사유", None),
    ("공동사업자", None),
    ("사업자단위과세적용사업자여부", None),
    ("전자세금계산서전용전자우편주소", None),
    ("주류판매신고번호", None),
)

TAX_TYPES = ("일반과세자", "간이과세자", "면세사업자", "법인사업자", "면세법인사업자", "비영리법인")
# Raw keys for the items printed without a label, as the NHN service names them.
UNLABELLED_KEYS = {"tax_type": "구분", "issue_date": "발급일", "tax_office": "세무서"}
_SEPARATORS = ":;：|.,·'\"`"
_DATE_LIKE = re.compile(r"(19|20)\d\d\s*(년|[.\-/])")


@dataclass(frozen=True)
class Found:
    name: str
    raw_key: str
    raw_text: str
    value: str
    confs: tuple[float, ...]  # Tesseract word confidences (0..100) of the words the value came from
    box: Box
    index: int = 0  # the business category row (documents.ocr.base.Field.index)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    label: str
    name: str | None
    distance: float


def _tolerance(label: str) -> int:
    return 0 if len(label) <= 2 else 1 if len(label) <= 7 else 2


_COLONS = ":;："


def _boundaries(line: Line, compact: str, where: list[tuple[int, int]]) -> set[int]:
    """Compact positions where a printed word starts or ends (a label never starts or ends inside a word)."""
    marks = {0, len(compact)}
    for p in range(1, len(compact)):
        wi, ci = where[p]
        if compact[p] in _COLONS or compact[p - 1] in _COLONS or (ci == 0 and line.words[wi].space_before):
            marks.add(p)
    return marks


def label_matches(line: Line) -> list[_Match]:
    """Labels in a line, tolerant of small OCR errors; the best non-overlapping set, left to right."""
    compact, where = line.compact()
    marks = _boundaries(line, compact, where)
    candidates: list[tuple[float, _Match]] = []
    for label, name in LABELS:
        tolerance = _tolerance(label)
        n = len(label)
        for size in range(max(1, n - max(tolerance, 1)), n + tolerance + 1):
            for start in range(0, len(compact) - size + 1):
                end = start + size
                window = compact[start:end]
                # a label runs into its value when Tesseract drops the space (`업태제조업`): exact ones may end there
                if start not in marks or (end not in marks and not (window == label and n >= 2)):
                    continue
                if window[0] != label[0] and window[-1] != label[-1]:
                    continue
                distance: float = levenshtein(window, label)
                before_colon = end < len(compact) and compact[end] in _COLONS
                if n == 2 and distance == 1 and size == 2 and start == 0 and before_colon:
                    distance = 0.5  # `상온 :` at the start of a line is 상호 misread
                justified_prefix = start == 0 and size == n - 1 and label.startswith(window)
                if distance > max(tolerance, 0.5) and not justified_prefix:
                    continue  # a justified label often loses its last, isolated character: 상 ... 호 -> 상
                followed_by_colon = end < len(compact) and compact[end] in _COLONS
                if distance and not (start == 0 or followed_by_colon or (n >= 5 and distance <= 1)):
                    continue  # a doubtful label only at the start of a line, before a colon, or when long
                score = n - 1.5 * distance
                candidates.append((score, _Match(start, end, label, name, distance)))
    candidates.sort(key=lambda c: (-c[0], c[1].start))
    chosen: list[_Match] = []
    for _, match in candidates:
        if all(match.end <= other.start or match.start >= other.end for other in chosen):
            chosen.append(match)
    spread = _spread_label(compact)
    if spread is not None:
        # it outranks a doubtful match inside the same head (`업 연 월 :` is not 업태 with a lost 태)
        overlapping = [m for m in chosen if m.start < spread.end]
        if all(m.distance > 0 or m.end - m.start < len(m.label) for m in overlapping):
            chosen = [m for m in chosen if m.start >= spread.end] + [spread]
    return sorted(chosen, key=lambda m: m.start)


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(ch in remaining for ch in short)


def _spread_label(compact: str) -> _Match | None:
    """A label spread over its column loses characters (`개 업 연 월 일` read as `업 일 :`): what is left before the
    line's first colon still names one item when it is an ordered part of exactly one label's characters."""
    colon = next((p for p, ch in enumerate(compact[:10]) if ch in _COLONS), None)
    if colon is None:
        return None
    head = "".join(ch for ch in compact[:colon] if "가" <= ch <= "힣")
    if len(head) < 2:
        return None
    names = {name for label, name in LABELS if _is_subsequence(head, label)}
    if len(names) != 1:
        return None
    name = names.pop()
    label = next(label for label, n in LABELS if n == name)
    return _Match(0, colon, label, name, distance=len(label) - len(head))


def span_text(line: Line, where: list[tuple[int, int]], start: int, end: int) -> tuple[str, list[Word], Box]:
    """The printed text (with its spaces) of compact characters start..end, the words it touches and its box."""
    if start >= end:
        return "", [], (0, 0, 0, 0)
    first_word, first_char = where[start]
    last_word, last_char = where[end - 1]
    parts, touched, boxes = [], [], []
    for wi in range(first_word, last_word + 1):
        word = line.words[wi]
        lo = first_char if wi == first_word else 0
        hi = last_char + 1 if wi == last_word else len(word.text)
        piece = word.text[lo:hi]
        if not piece.strip():
            continue
        parts.append(piece)
        touched.append(word)
        left, top, right, bottom = word.box
        width = (right - left) / max(1, len(word.text))
        boxes.append((left + lo * width, top, left + hi * width, bottom))
    return join(touched, parts), touched, union(boxes) if boxes else (0, 0, 0, 0)


_LEADING_JUNK = re.compile(r"^(?:[^\w(（]+|[ㄱ-ㆎ]+[^\w\s]*\s*|[A-Za-z]{1,3}[^\w\s]*\s+)+")
_ADDRESS_SPACING = (
    (re.compile(r"(특별시|광역시|특별자치시|특별자치도)(?=[가-힣])"), r"\1 "),
    (re.compile(r"(?<=[^\s(])\((?=[가-힣]+동\)$)"), " ("),
)


def _strip_junk(name: str, text: str) -> str:
    """Stray marks before a value (`ㆍ: 부산광역시`, `Al 광주광역시`): Tesseract reading a label's lost tail."""
    if name in FREE_TEXT:
        stripped = _LEADING_JUNK.sub("", text)
        if stripped and ("가" <= stripped[0] <= "힣" or stripped[0] in "(（"):
            text = stripped
        if name == "company_name":
            # `호 미래학원`, `호. 한빛유통`, `쌍 호 참좋은플라워`: the spread label's lost tail before the name
            text = re.sub(r"^(?:[가-힣][.:;,]?\s+){1,2}(?=[가-힣(（]{2})", "", text)
        text = _join_spaced_syllables(text)
        if name == "company_name":
            text = re.sub(r"(?<=[가-힣)])(주식회사|유한회사)$", r" \1", text)
            text = re.sub(r"^(주식회사|유한회사)(?=[가-힣(])", r"\1 ", text)
        if name == "representative":  # `명. 송성경`: the label's tail before the name
            if re.fullmatch(r"[가-힣](?: [가-힣]){1,4}", text):  # `한 호 예`: a name printed letter-spaced
                text = text.replace(" ", "")
            names = re.findall(r"[가-힣]{2,5}", text)
            text = names[-1] if names else text
        if name.endswith("address"):
            start = _ADDRESS_START.search(text)
            if start and 0 < start.start() <= 6:
                text = text[start.start() :]
            if text.count("(") > text.count(")"):
                text += ")"
            for pattern, replacement in _ADDRESS_SPACING:
                text = pattern.sub(replacement, text)
            text = re.sub(r"(\d)\s*[증충총]", r"\1층", text)  # 층 is read as 증 more often than not
            text = re.sub(r",(?=\d)", ", ", text)
            text = re.sub(r"^(서울|부산|대구|인천|광주|대전|울산) (특별시|광역시)", r"\1\2", text)
            text = re.sub(r"(\([가-힣0-9]+\))[^가-힣0-9]*$", r"\1", text)
            text = _split_districts(text)
        if name in ("business_type", "business_item"):
            text = re.sub(r",(?=[가-힣])", ", ", text).rstrip("\"'”“’ ")
            text = re.sub(r"(?<=[가-힣,])\s*및\s*(?=[가-힣])", " 및 ", text)
            text = re.sub(r"(?<=[가-힣])(?=서비스업$)", " ", text)
            text = re.sub(r"(?<![가-힣])기타(?=[가-힣])", "기타 ", text)  # `기타` (other) is a word of its own
    return text.strip()


def _join_spaced_syllables(text: str) -> str:
    """`광 주 광 역 시 서 구`: Tesseract spaces out letter-spaced print; a run of lone syllables is one word."""
    tokens = text.split(" ")
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if re.fullmatch(r"[가-힣]", token) or (run and re.fullmatch(r"[가-힣]\)", token)):
            run.append(token)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    joined = " ".join(out)
    return re.sub(r"\(\s+(?=[가-힣])", "(", joined)


_DISTRICT = re.compile(r"^([가-힣]{1,4}?(?:시|군|구))([가-힣]{2,})$")


def _split_districts(address: str) -> str:
    """`경기도수원시영통구청명로 203` -> `경기도 수원시 영통구 청명로 203`: spaces Tesseract lost before the number."""
    digit = re.search(r"\d", address)
    before, after = (address[: digit.start()], address[digit.start() :]) if digit else (address, "")
    start = _ADDRESS_START.match(before)
    out: list[str] = [start.group(0)] if start else []
    rest = before[start.end() :] if start else before
    settled = False  # after a 구 or 군 comes the road name, which may itself contain 시 or 구 (컨벤시아대로)
    for token in rest.split(" "):
        while not settled and (match := _DISTRICT.match(token)) is not None:
            out.append(match.group(1))
            token = match.group(2)
            settled = match.group(1)[-1] in "구군"
        out.append(token)
        settled = settled or token[-1:] in ("구", "군")
    return re.sub(r"\s+", " ", " ".join(t for t in out if t) + " " + after).strip()


def _plausible(name: str, text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if name == "registration_number":
        return digits >= 8
    if name == "corporate_number":
        return digits >= 10
    if name in ("birth_date", "opening_date"):
        return digits >= 4
    return bool(text.strip())


def _strip_separators(compact: str, start: int, end: int) -> tuple[int, int]:
    while start < end and compact[start] in _SEPARATORS:
        start += 1
    while end > start and compact[end - 1] in _SEPARATORS + "(（":
        end -= 1
    return start, end


_ADDRESS_START = re.compile(
    r"(서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청|충북|충남|전라|전북|전남|경상|경북|경남|제주)"
    r"[가-힣]{0,4}(특별시|광역시|특별자치시|특별자치도|도)"
)
_ADDRESS_LOOSE = re.compile(r"[가-힣]{1,4}(특별시|광역시|특별자치시|특별자치도)")  # the city's name misread
_DATE_START = re.compile(r"(19|20)\d\d\s*년")
_POSITIONAL_CONF = 85.0  # a value placed by its shape and row, its label unread: never auto-approved alone
_BIG_GAP = 2.5  # in line heights: a value never spans a gap this wide (the next column starts there)


@dataclass(frozen=True)
class _Segment:
    line: Line
    start: int
    end: int
    after: str | None  # the field read just before it on the same line, if any
    row: int = -1  # the line's index


# The rows right under the registration number, in the form's order, when their labels could not be read.
_FIRST_ROWS = ("company_name", "representative")


def read_certificate(lines: list[Line]) -> list[Found]:
    found: dict[str, Found] = {}
    labelled_rows: list[int] = []
    leftovers: list[_Segment] = []
    rows: dict[str, int] = {}
    for index, line in enumerate(lines):
        compact, where = line.compact()
        # a stopper label always counts; a field label only with something after it that could be its value
        matches = [m for m in label_matches(line) if m.name is None or m.end < len(compact)]
        if not matches:
            leftovers.append(_Segment(line, 0, len(compact), None, index))
            continue
        labelled_rows.append(index)
        if matches[0].start > 0:
            leftovers.append(_Segment(line, 0, matches[0].start, None, index))
        for i, match in enumerate(matches):
            stop = matches[i + 1].start if i + 1 < len(matches) else len(compact)
            start, end = _strip_separators(compact, match.end, stop)
            end = _cut_at_gap(line, where, start, end)
            if end < stop:
                leftovers.append(_Segment(line, end, stop, match.name, index))
            if match.name is None or match.name in found:
                continue
            if _belongs_elsewhere(match.name, compact[start:end]):
                leftovers.append(_Segment(line, start, end, None, index))
                continue
            rows[match.name] = index
            if match.name == "representative":
                end = _cut_at_digit(compact, start, end, leftovers, line, index)
            raw_text, touched, box = span_text(line, where, start, end)
            raw_text = _strip_junk(match.name, raw_text)
            if not touched or not _plausible(match.name, raw_text):
                continue
            printed_key, _, _ = span_text(line, where, match.start, match.end)
            found[match.name] = Found(
                name=match.name,
                raw_key=printed_key,
                raw_text=raw_text,
                value=_value(match.name, raw_text),
                confs=_confs(match.name, touched),
                box=box,
            )
    first_label = labelled_rows[0] if labelled_rows else len(lines)
    last_label = labelled_rows[-1] if labelled_rows else -1
    tax_type = _tax_type(lines[: first_label + 1])
    if tax_type:
        found["tax_type"] = tax_type
    body_lines = lines[first_label : last_label + 2]
    below_last = body_lines and len(body_lines) > last_label + 1 - first_label  # none when no label was read
    if below_last and _DATE_LINE.fullmatch(body_lines[-1].compact()[0]):
        body_lines = body_lines[:-1]  # the issue date printed right under the last item
    body = {id(line) for line in body_lines}
    for segment in leftovers:
        if id(segment.line) in body:
            _place(segment, found, rows)
    for name, result in _bottom_items(lines[last_label + 1 :]).items():
        found.setdefault(name, result)
    return list(found.values())


_DATE_SHAPE = re.compile(r"(19|20)\d\d\s*[^\d\s]{1,2}\s*\d{1,2}\s*[^\d\s]{1,2}\s*\d{1,2}")
_DATE_LINE = re.compile(_DATE_SHAPE.pattern + r"[^\d\s]{0,2}")


def _belongs_elsewhere(name: str, compact_value: str) -> bool:
    """A value whose shape says it is another item (a misread label took it): a date or an address."""
    head = compact_value[:12]
    if name not in DATE_FIELDS and _DATE_SHAPE.match(head.lstrip(_SEPARATORS)):
        return True
    return not name.endswith("address") and _ADDRESS_START.match(compact_value.lstrip(_SEPARATORS)) is not None


def _repair_date(text: str) -> str:
    """`1966변10월14일`, `2017 년 03[월23 일`: a year, month and day with misread marks between them."""
    match = re.search(r"((?:19|20)\d\d)\s*[^\d\s]{1,2}\s*(\d{1,2})\s*[^\d\s]{1,3}\s*(\d{1,2})(?!\d)", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1 <= int(match.group(3)) <= 31:
        return text
    if re.search(r"(19|20)\d\d\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일?", text):
        return text
    return f"{match.group(1)} 년 {match.group(2)} 월 {match.group(3)} 일"


def _confs(name: str, touched: list[Word]) -> tuple[float, ...]:
    """The word confidences a value's reading rests on: for a date, only the words with its digits (a misread 년 or
    월 between them does not change the date, and the date's own rules check the digits)."""
    if name in DATE_FIELDS:
        digits = [w.conf for w in touched if any(ch.isdigit() for ch in w.text)]
        if digits:
            return tuple(digits)
    return tuple(w.conf for w in touched)


def _value(name: str, raw_text: str) -> str:
    return normalise(name, _repair_date(raw_text) if name in DATE_FIELDS else raw_text)


def _cut_at_gap(line: Line, where: list[tuple[int, int]], start: int, end: int) -> int:
    if start >= end:
        return end
    height = line.height
    for p in range(start + 1, end):
        wi, ci = where[p]
        if ci == 0 and wi > 0 and where[p - 1][0] == wi - 1:
            if line.words[wi].box[0] - line.words[wi - 1].box[2] > _BIG_GAP * height:
                return p
    return end


def _cut_at_digit(compact: str, start: int, end: int, leftovers: list[_Segment], line: Line, row: int) -> int:
    """`성 명 : 권수예 1988 년 ...` with the 생년월일 label unread: the name stops before the date."""
    for p in range(start, end):
        if compact[p].isdigit():
            leftovers.append(_Segment(line, p, end, "representative", row))
            return p
    return end


def _place(segment: _Segment, found: dict[str, Found], rows: dict[str, int]) -> None:
    """A piece of the body no label claimed: an address or a date by its shape, a business item by its row."""
    compact, where = segment.line.compact()
    text = compact[segment.start : segment.end]
    name, offset = None, 0
    address = _ADDRESS_START.search(text) or _ADDRESS_LOOSE.match(text.lstrip(_SEPARATORS))
    date = _DATE_START.search(text) or _DATE_SHAPE.search(text)
    if address:
        name = next((n for n in ("business_address", "head_office_address") if n not in found), None)
        offset = address.start()
        corporate = "corporate_number" in found or "법인" in str(found.get("tax_type"))
        if name == "head_office_address" and not corporate:
            name = None
    elif date:
        order = ("birth_date", "opening_date") if segment.after == "representative" else ("opening_date",)
        name = next((n for n in order if n not in found), None)
        offset = date.start()
    elif segment.after is None and "registration_number" in rows and segment.start == 0:
        position = segment.row - rows["registration_number"] - 1
        if 0 <= position < len(_FIRST_ROWS) and _FIRST_ROWS[position] not in found:
            name = _FIRST_ROWS[position]
            rows[name] = segment.row
            head = range(segment.start, min(segment.end, segment.start + 4))
            colon = next((p for p in head if compact[p] in _COLONS), None)
            if colon is not None:
                segment = _Segment(segment.line, colon + 1, segment.end, None, segment.row)
            if name == "representative":
                name_end = next((p for p in range(segment.start, segment.end) if not "가" <= compact[p] <= "힣"), None)
                if name_end is not None:
                    segment = _Segment(segment.line, segment.start, name_end, None, segment.row)
    elif segment.after == "business_type" and "business_item" not in found:
        name = "business_item"
        first_word = where[segment.start][0]
        words_after = segment.line.words[first_word:]
        if len(words_after) > 1 and len(words_after[0].text) <= 2:
            offset = len(words_after[0].text)  # the 종목 label, misread
    if name is None:
        return
    start = segment.start + offset
    start, end = _strip_separators(compact, start, segment.end)
    raw_text, touched, box = span_text(segment.line, where, start, end)
    raw_text = _strip_junk(name, raw_text)
    if not touched or not _plausible(name, raw_text):
        return
    found[name] = Found(
        name=name,
        raw_key="",
        raw_text=raw_text,
        value=_value(name, raw_text),
        confs=_confs(name, touched) + (_POSITIONAL_CONF,),
        box=box,
    )


def _tax_type(lines: list[Line]) -> Found | None:
    best: tuple[int, Found] | None = None
    for line in lines:
        compact, where = line.compact()
        for category in TAX_TYPES:
            n = len(category)
            for size in (n - 1, n, n + 1):
                for start in range(0, len(compact) - size + 1):
                    distance = levenshtein(compact[start : start + size], category)
                    if distance > 1 or (best and best[0] <= distance):
                        continue
                    raw_text, touched, box = span_text(line, where, start, start + size)
                    best = (
                        distance,
                        Found(
                            name="tax_type",
                            raw_key=UNLABELLED_KEYS["tax_type"],
                            raw_text=raw_text,
                            value=category,
                            confs=tuple(w.conf for w in touched) + ((80.0,) if distance else ()),  # one syllable off
                            box=box,
                        ),
                    )
    return best[1] if best else None


def _bottom_items(lines: list[Line]) -> dict[str, Found]:
    """Below the last labelled item: the issue date and the issuing tax office (the bottom-most of each)."""
    items: dict[str, Found] = {}
    for line in lines:
        compact, where = line.compact()
        date = _DATE_LIKE.search(compact)
        if date:
            raw_text, touched, box = span_text(line, where, date.start(), len(compact))
            items["issue_date"] = Found(
                name="issue_date",
                raw_key=UNLABELLED_KEYS["issue_date"],
                raw_text=raw_text,
                value=_value("issue_date", raw_text),
                confs=_confs("issue_date", touched),
                box=box,
            )
        office = compact.find("세무서")
        if office > 0:
            raw_text, touched, box = span_text(line, where, 0, office + 3)
            items["tax_office"] = Found(
                name="tax_office",
                raw_key=UNLABELLED_KEYS["tax_office"],
                raw_text=raw_text,
                value=normalise("tax_office", raw_text).replace(" ", ""),
                confs=tuple(w.conf for w in touched),
                box=box,
            )
    return items


# Free text has no rule to check it; the values Tesseract was unsure of are read again, cut out of the page and
# stacked on a page of their own (one more run for all of them), where a syllable is often told apart from its
# look-alike (빚/빛, 종/송). Only a same-length swap of Hangul syllables the second reading is sure of is taken; the
# spacing stays the first reading's. Measured: +0.3 to +0.6 points of certificate fields on three seeds.
SECOND_LOOK = ("company_name", "representative", "business_address", "head_office_address")
SECOND_LOOK_BELOW = 93.0  # the first reading's weakest word: Tesseract's Korean words rarely score above this
SECOND_LOOK_SURE = 92.0


def second_look(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """One more Tesseract run over the weak free-text values, their crops stacked on one page (one start-up)."""
    weak = [i for i, item in enumerate(found)
            if item.name in SECOND_LOOK and item.confs and min(item.confs) < SECOND_LOOK_BELOW]
    crops: dict[int, Image.Image] = {}
    for i in weak:
        left, top, right, bottom = found[i].box
        height = bottom - top
        band = (max(0, left - height), max(0, top - 0.4 * height), min(image.width, right + height),
                min(image.height, bottom + 0.4 * height))
        if band[2] - band[0] >= 8 and band[3] - band[1] >= 8:
            crops[i] = image.crop(tuple(round(c) for c in band))
    if not crops:
        return found
    gap = 24
    page = Image.new("L", (max(c.width for c in crops.values()) + 2 * gap,
                           sum(c.height + gap for c in crops.values()) + gap), 255)
    spans: list[tuple[int, int, int]] = []  # (item index, top, bottom) on the stacked page
    y = gap
    for i, crop in crops.items():
        page.paste(crop.convert("L"), (gap, y))
        spans.append((i, y, y + crop.height))
        y += crop.height + gap
    again = words(page, lang=lang, config="--psm 4")
    out = list(found)
    for i, top, bottom in spans:
        mine = sorted((w for w in again if top <= (w.box[1] + w.box[3]) / 2 < bottom), key=lambda w: w.box[0])
        out[i] = _corrected(found[i], mine)
    return out


def _corrected(item: Found, again: list[Word]) -> Found:
    first = [ch for ch in item.value if not ch.isspace()]
    second = [(ch, w.conf) for w in again for ch in w.text if not ch.isspace()]
    matcher = difflib.SequenceMatcher(None, "".join(first), "".join(ch for ch, _ in second), autojunk=False)
    changed = False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for k in range(i2 - i1):
            old, (new, conf) = first[i1 + k], second[j1 + k]
            if "가" <= old <= "힣" and "가" <= new <= "힣" and conf >= SECOND_LOOK_SURE and conf > min(item.confs):
                first[i1 + k] = new
                changed = True
    if not changed:
        return item
    letters = iter(first)
    value = "".join(ch if ch.isspace() else next(letters) for ch in item.value)
    return replace(item, value=value)
