"""Business registration certificates: printed items found by their labels, line by line, in Tesseract's words.

Three generations of the form are in use and all of them reach us: the 2000s form (`상호(법인명)`, `성명(대표자)`,
`주민등록번호`, `사업자의 주소`, `교부사유`), the 2018 form (`법인명(단체명)`, `대표자`) and the current Hometax form
(`대표자(대표유형)`, two items on one line, the categories as a table, `(적용일자: …)`). Labels are matched
tolerantly; a value runs from its label to the next label or the next column; an address may wrap onto the line
below; the category table's later rows carry no labels and are read by their columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from PIL import Image

from ..fields import DATE_FIELDS, normalise
from . import (
    categories,
    districts,
    item_names,
    kind_guess,
    legal_dongs,
    names,
    near_names,
    prepare,
    split_rows,
    tax_offices,
)
from .confidence import ADULT_AGES, CHECK_DIGIT, FREE_TEXT, NUMBER_GROUPS, TAX_TYPES, is_corporate
from .tesseract import Box, Line, Word, join_by_gaps, levenshtein, lines_of, union, words

# Not a canonical field: the resident number (2000s form) gives the birth date when its century digit is readable.
RESIDENT_NUMBER = "resident_number"
CATEGORIES = ("business_type", "business_item")

# Label as printed (spaces removed) -> canonical field; None marks a printed item we read past but do not report.
# A longer label outranks the shorter one inside it (`성명(대표자)` over `대표자`, `주민등록번호` over `등록번호`).
LABELS: tuple[tuple[str, str | None], ...] = (
    ("법인등록번호", "corporate_number"),
    ("주민등록번호", RESIDENT_NUMBER),
    ("사업자등록번호", "registration_number"),
    ("등록번호", "registration_number"),
    ("상호(법인명)", "company_name"),
    ("법인명(단체명)", "company_name"),
    ("법인명", "company_name"),
    ("상호", "company_name"),
    # the same with the brackets lost (`상호법인명 : 늘봄마트`): a bracket is a mark Tesseract drops on soft print
    ("상호법인명", "company_name"),
    ("법인명단체명", "company_name"),
    ("성명대표자", "representative"),
    ("대표자대표유형", "representative"),
    ("성명(대표자)", "representative"),
    ("대표자(대표유형)", "representative"),
    ("대표자", "representative"),
    ("성명", "representative"),
    ("생년월일", "birth_date"),
    ("개업연월일", "opening_date"),
    ("사업장소재지", "business_address"),
    ("사업자의주소", None),  # the owner's home address (2000s form): not the business's
    ("본점소재지", "head_office_address"),
    ("업태", "business_type"),
    ("종목", "business_item"),
    ("사업의종류", None),
    ("발급사유", None),
    ("교부사유", None),
    ("공동사업자", None),
    ("사업자단위과세적용사업자여부", None),
    ("적용일자", None),  # the date that unit taxation applies from: neither the opening nor the issue date
    ("전자세금계산서전용전자우편주소", None),
    ("주류판매신고번호", None),
)

# Raw keys for the items printed without a label, as the NHN service names them.
UNLABELLED_KEYS = {"tax_type": "구분", "issue_date": "발급일", "tax_office": "세무서", "business_type": "업태",
                   "business_item": "종목"}
_SEPARATORS = ":;：ㆍ|ㅣ.,·'\"`_"  # ㅣ: a ruled cell border read as a letter


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


# Syllables Tesseract's Korean model takes for each other in labels (`법인동록변호` for 법인등록번호), and a syllable
# read with another final (`삼호` for 상호, `범인명` for 법인명): half a mistake.
_LOOK_ALIKES = str.maketrans("동변", "등번")


def _label_distance(window: str, label: str) -> float:
    plain = levenshtein(window, label)
    folded = levenshtein(_folded(window), _folded(label))
    return folded + 0.5 * (plain - folded)


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return near_names.without_finals(text.translate(_LOOK_ALIKES))


def _tolerance(label: str) -> int:
    return 0 if len(label) <= 2 else 1 if len(label) <= 7 else 2


_COLONS = ":;：ㆍ"  # ㆍ: a colon as Tesseract's Korean model often reads it


def _boundaries(line: Line, compact: str, where: list[tuple[int, int]]) -> set[int]:
    """Compact positions where a printed word starts or ends (a label never starts or ends inside a word)."""
    marks = {0, len(compact)}
    for p in range(1, len(compact)):
        wi, ci = where[p]
        word_start = ci == 0 and line.words[wi].space_before
        # `(적용일자:` printed as one word, `：|업태|` with the table's cell borders read as marks (`ㅣ종목`: a
        # jamo alone is a border too, no word prints one), a dash or a speck read as a quote before a label
        # (`| -교부사유`, `'사엄의 종류`)
        after_mark = compact[p - 1] in "|[]{}｜ㅣ-_~'\"`‘’“”" or (p == 1 and compact[0] in "(（")
        if compact[p] in _COLONS or compact[p - 1] in _COLONS or word_start or after_mark:
            marks.add(p)
    return marks


_TAX_TYPE_HEAD = re.compile(r"법인사[업엄엽]자")


def label_matches(line: Line) -> list[_Match]:
    """Labels in a line, tolerant of small OCR errors; the best non-overlapping set, left to right."""
    compact, where = line.compact()
    return list(_label_matches(compact, frozenset(_boundaries(line, compact, where))))


@functools.lru_cache(maxsize=1024)
def _label_matches(compact: str, marks: frozenset[int]) -> tuple[_Match, ...]:
    """`label_matches` of a line's compact text and its word boundaries. Remembered: a page's lines are matched
    again and again (its reading, the rows rejoined, the table, the block's reading), half of them the same."""
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
                if compact.startswith("변경", end):
                    continue  # `정정 (사업장 소재지 변경)`: the reason a certificate was issued again names an item
                distance = _label_distance(window, label)
                before_colon = end < len(compact) and compact[end] in _COLONS
                if n == 2 and distance == 1 and size == 2 and start == 0 and before_colon:
                    distance = 0.5  # `상온 :` at the start of a line is 상호 misread
                justified_prefix = start == 0 and size == n - 1 and label.startswith(window)
                if justified_prefix and _TAX_TYPE_HEAD.match(compact, start):
                    continue  # `법인 사업 자: 본 점`: the tax type's 법인사업자, not 법인명 with its 명 lost
                if justified_prefix and compact.startswith("종류", start):
                    continue  # `종 류 업태 …`: the tail of the table's head (사업의 종류), not 종목 with its 목 lost
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
    return tuple(sorted(chosen, key=lambda m: m.start))


def labels_in(line: Line) -> set[str]:
    """The labels a line holds, as printed in LABELS."""
    return {m.label for m in label_matches(line)}


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
    named = {name for label, name in LABELS if _is_subsequence(head, label)}
    if len(named) != 1:
        return None
    name = named.pop()
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
    return join_by_gaps(touched, parts, height=line.height), touched, union(boxes) if boxes else (0, 0, 0, 0)


_LEADING_JUNK = re.compile(r"^(?:(?:[^\w(（㈜]|_)+|[ㄱ-ㆎ]+[^\w\s]*\s*|[A-Za-z]{1,3}[^\w\s]*\s+)+")
# no item ends on a comma (`청솔물산 ,` is a speck), a colon or a semicolon (`도소매:`, `임대업;`: a cell's rule), an
# asterisk or a caret (`해든디자인 *`, seed 2609's held-out scan 33), nor on a letter alone after a space
# (`한빛빌딩 ㅣ`: a cell's rule read as the vowel, a sixth independent set's scan)
_TRAILING_JUNK = re.compile(r"(?:[\s|｜\[\]{}\"'”“’`_~ㆍ·、,:;：*^]|\s[ㄱ-ㆎ])+$")


def _strip_junk(name: str, text: str) -> str:
    """Stray marks around a value (`ㆍ: 부산광역시`, `Al 광주광역시`, a table rule `|`): Tesseract reading a label's
    lost tail or a printed line. Only marks come out; the printed spacing stays as it is (real certificates space
    irregularly, `○○로31길` is printed that way), except where Tesseract spread letter-spaced print apart."""
    if name in _NUMBER_DIGITS:
        text = _ones_restored(text, digits=_NUMBER_DIGITS[name])
        # `1 110111-1954240`: a stray digit beside the number as printed (its groups and hyphens)
        shaped = re.search(_NUMBER_SHAPES[name], text)
        if shaped and sum(ch.isdigit() for ch in text) > _NUMBER_DIGITS[name]:
            text = shaped.group(0)
    if name in FREE_TEXT and not (name == "company_name" and _ENCLOSED_MARK_READ.match(text)):
        stripped = _LEADING_JUNK.sub("", text)
        if stripped and ("가" <= stripped[0] <= "힣" or stripped[0] in "(（㈜"):
            text = stripped
        text = _TRAILING_JUNK.sub("", text)
        if name == "company_name":
            # `호 미래학원`, `호. 한빛유통`, `호 : 우리공방`, `쌍 호 참좋은플라워`: the spread label's lost tail before
            # the name (only a label's syllables: `유 한 회사` is a name spread apart, not a label's tail)
            text = re.sub(r"^(?:[가-힣][.:;,]?\s+)?[상호법인명단체]\s?[.:;,]?\s+(?=[가-힣(（]{2})", "", text)
            # (`창호 새봄치킨`, `랑오 별빛치킨`, `오 소망분식`: 상호 read whole as a look-alike, or its 호 alone as 오;
            # held-out seeds 2690, 7243 and 8806)
            text = re.sub(r"^(?:[상창랑싱쌍][호오효]|오)\s+(?=[가-힣(（]{2}\S*$)", "", text)
            # `주식회사. 한결네트웍스`: a speck after the legal form read as a full stop (no name has one there)
            text = re.sub(r"^((?:주식|유한)회사)[.,](?=\s*[가-힣])", r"\1", text)
            # `맵인명) ： 청솔분식`, `범인영(단제명) : 주식회사 바른화학`: the label, or its bracketed tail, misread,
            # and its colon (never `(주) :`, the form)
            text = re.sub(r"^(?!\(주\))[^\s:：]{1,8}\)\s?[:：ㆍ]\s*(?=[가-힣(（㈜])", "", text)
            # `상회법인명) 주식회사 소망산업`: the whole label run into one word, its bracket lost, no colon after it;
            # `상효(법인영) 해든세탁소`: its 명 read as the look-alike 영, 멍 or 병 (no name ends a bracket so)
            # (`밸인명) . : 유한회사…`: with marks and a colon after it; `앨인명)`: the label alone, the name lost)
            # (`상호법인명). . 한빛분식`: marks alone after it)
            # (`맵원명) 1 청술마트`: its 인 read as 원, and the colon as a 1, seed 5861's held-out image PDF 30)
            # (`장호(법인명] 세움학원`: its closing bracket read as a square one, seed 7243's held-out scan 22)
            text = re.sub(r"^[^\s:：]{0,4}[인체원][명영멍병][)\]](?:[\s.:;：,]+(?:1\s+)?|$)(?=[가-힣(（㈜]|$)", "",
                          text)
            # or with no bracket at all but its colon (`상후벌인명: 한빛상사`, seed 6262's held-out set)
            text = re.sub(r"^[^\s:：()]{1,4}[인체][명영멍병]\s?[:：;]\s*(?=[가-힣(（㈜])", "", text)
            text = re.sub(r"^㈜[석식](?=회사)", "주식", text)  # `㈜석회사`: 주식회사 with its 주식 read as the mark
            # `9 ： 늘봄디자인`: a speck and the label's colon (no name starts with a digit and a colon)
            text = re.sub(r"^\d{1,2}\s*[:：]\s*(?=[가-힣(（㈜])", "", text)
            text = _given_back(text, _MISREAD_WORDS)
            # `00001 소망공방 00000`, `가온상회 00000`: the emblem's texture read as zeros either side (no name is a
            # run of zeros)
            text = re.sub(r"^0+1?\s+(?=[가-힣(（㈜])|(?<=[가-힣)])(?:\s+0{3,})+$", "", text)
            # `(주도담로지스`, `(주;가온솔루션`, `(주!도담엔지니어링`, `(추1동방홀딩스`: the legal form's closing
            # bracket lost or misread, its 주 too
            text = re.sub(r"^\([주추][;:,.\]}|!1]?(?=[가-힣]{2})", "(주)", text)
            # `㈜)대한시스템즈`: the opening bracket and 주 read as the mark
            text = re.sub(r"^㈜\)(?=[가-힣]{2})", "(주)", text)
        text = _join_spaced_syllables(text)
        if name == "company_name":
            # `유한회사 한결푸 드`: the name's last syllable set apart at the print's letter spacing
            text = re.sub(r"(?<=[가-힣]{2}) (?=[가-힣]$)", "", text)
        if name == "representative":
            # the birth date's label run into the name after it (`안진우생 년 월 일 . 1969 년 …`, a third independent
            # set's speckled scan): no name holds 년 월 일, and the name is what comes before it
            text = re.sub(r"\s*생?\s*년\s*월\s*일(?![가-힣]).*$", "", text)
            # `김성석 (공동)`: the current form's 대표유형, perhaps with a speck read after it (`서경도(단독) ，』`)
            text = re.sub(r"\s*\([^()]*\)?[^가-힣()]*$", "", text)
            text = re.sub(r"^[명자표][.:;]?\s+(?=[가-힣])", "", text)  # `명. 송성경`: the label's tail
            if re.fullmatch(r"[가-힣 ]+", text) and 2 <= len(text.replace(" ", "")) <= 5:
                text = text.replace(" ", "")  # `한 호 예`, `장지 예`: a name printed letter-spaced
            words_ = [w for w in re.findall(r"[가-힣]{2,5}", text) if w not in _REPRESENTATIVE_KINDS]
            text = words_[-1] if words_ else text
            # `며권재빈`: the label's last syllable (`명`, `자`, `표`, read or misread) run into a name of three; a
            # name of four starts with a surname of two (남궁, 선우, 제갈, 황보, 독고, 사공), none of them these
            text = re.sub(r"^[명며멍자저표](?=[가-힣]{3}$)", "", text)
            # `때윤민연`: a mark read as a syllable before a name of three; no surname starts it, one follows
            if len(text) == 4 and not names.starts_with_surname(text) and names.starts_with_surname(text[1:]):
                text = text[1:]
        if name.endswith("address"):
            # `부산광역서해운대구…`: the city's 시 misread, which hides where the address starts
            text = re.sub(r"^(서울특별|(?:부산|대구|인천|광주|대전|울산)광역)[서사셔지](?=[가-힣\s])", r"\1시", text)
            text = re.sub(r"^(부산|대구|인천|광주|대전|울산) ?[가-힣]역시", r"\1광역시", text)  # `대구 강역시`
            text = re.sub(r"^서울 ?[가-힣]별시", "서울특별시", text)  # `서울득별시`
            text = re.sub(r"(?<= )[-~_](?=[가-힣])", "", text)  # `서울특별시 -강남구`: a mark before a word
            text = re.sub(r"(?<=[가-힣][시군구])[-~_](?=[가-힣])", " ", text)  # `서구-시천로`: a mark in the space
            text = re.sub(r"(?<=[가-힣])\s?['\"`‘’“”]\s?(?=\d)", " ", text)  # `숭의동'654-51`: a speck in the space
            text = re.sub(r"(?<=\d)- (?=\d)", "-", text)  # `743- 37`: a space read inside a lot number
            text = re.sub(r"(?<=[가-힣\d][로길]),(?=\d)", " ", text)  # `영등포로37길,196`: a speck in the space
            text = re.sub(r"(?<=\d)[:：;~](?=\d)", "-", text)  # `924:38`, `865~19`: a lot number's hyphen misread
            start = ADDRESS_START.search(text)
            if start and 0 < start.start() <= 6:
                text = text[start.start() :]
            # a bracket read as a brace or a square bracket (`480{문정동,`, `608호[만촌동,`): addresses print only ( )
            text = re.sub(r"[{\[!](?=[가-힣]{1,5}\d?[가-힣]*[,)])", "(", text)
            if text.count("(") > text.count(")"):
                text += ")"
            # the bracket before the reference's 동 lost (`336-14부전동)`, `1208호장항동)`): the 동 follows the number,
            # 층 or 호 at once; a 호 or 층 is usually followed by a space there (`1208호 (장항동)`), a number is not;
            # or the bracket read as a comma or a full stop (`272,재송동, 대한생명빌딩)`)
            if text.endswith(")") and "(" not in text:
                reference = r"(?![층호])(?=[가-힣]{1,5}[동가](?:,\s?[^()]+)?\)$)"
                text = re.sub(rf"(?<=\d)[,.]?{reference}", "(", text)
                text = re.sub(rf"(?<=\d[층호]){reference}", " (", text)
                text = re.sub(rf"(?<=\d[층호]) {reference}", " (", text)  # `12층 마두동)`: the bracket alone lost
            # an address holds no full stop and no bar: a comma misread (`443-29.13층`, `(송도동. 한빛빌딩)`, `8.,6층`),
            # a space between two words (`서구.죽봉대로`), a table rule or stray mark
            text = re.sub(r"(?<=[가-힣])\.(?=[가-힣])", " ", text)
            text = re.sub(r"(?<=[가-힣0-9])\.(?=\()", " ", text)  # `2-19.(삼평동)`: a mark in the space before it
            text = re.sub(r"(?<=[가-힣0-9])\.(?=,|\s?[가-힣0-9])", ",", text).replace(",,", ",").replace(",.", ",")
            # no address prints a comma after its city or district (`충청남도 아산시, 신로 418`), nor between a lot
            # number and the building's name (`동문동 771-56,삼성타운 14층`): a speck in the space (seed 7043)
            text = re.sub(r"^([^(]*?[가-힣][시군구]),\s?(?=[가-힣])", r"\1 ", text)  # or in it (`사하구,괴정대로`)
            text = re.sub(r"([가-힣][동리가] \d{1,4}-\d{1,4}),(?=[가-힣])", r"\1 ", text)
            # a floor or room number's 1 read as a bracket or a bar (`센트럴플라자 ]층`): nothing else stands there
            text = re.sub(r"(?<![^\s,(])[\]\[|lI!](?=\d*\s?[층호](?![가-힣]))", "1", text)
            text = re.sub(r" {2,}", " ", text.replace("|", ""))
            # no address prints a colon: a speck between two words read as one (`익산시:석암동`)
            text = re.sub(r"(?<=[가-힣])\s*[:;：]\s*(?=[가-힣])", " ", text)
            text = re.sub(r"(\d)\s*[층증충총중춤]", r"\1층", text)  # 층 is read as 증 more often than not
            # a basement's room is numbered B…, its B read as the 8 it looks like in the Korean model (`지하1층
            # 8102호`, two certificates of a third independent set)
            text = re.sub(r"(지하\s?\d층\s?)8(?=\d{2,3}호)", r"\1B", text)
            # and, before a space, a bracket, a comma or a room, as `승`, `#`, `출`, `종`, `ㅎ` or `@` (`4승(재동`,
            # `9# 307초`, `7출`, `5종 (죽전동)`, `5ㅎ(중동)`, `9@(봉암동)`: no address word is these after a number)
            text = re.sub(r"(?<=\d)[승#출종ㅎ@](?=[\s(,]|\d+호|$)", "층", text)
            # a number and its 길/층/호 are one word; Tesseract splits them at the font's letter spacing
            text = re.sub(r"(\d)\s+(?=[길층호](?![가-힣]))", r"\1", text)
            text = re.sub(r"(특|광)\s?(별|역)\s?시", r"\1\2시", text)
            text = re.sub(r"(?<=[가-힣]) ([로길])(?=[\s\d]|$)", r"\1", text)  # `율곡 로`: 로 is no word alone
            # `28킬`, `15갈`, `15질`, `57깊`, `14김`, `22같`, `43긴`, `51검`: 길 read with a stroke too many or its
            # vowel or final misread (no address word is these)
            text = re.sub(r"(?<=\d)[킬갈질깊김같긴검](?![가-힣])", "길", text)
            # `118--34`, `24길450--25`: the lot's or building's hyphen read twice (held-out seeds 2690 and 7243's
            # 2000s scans), which also hid the building number after 길
            text = re.sub(r"(?<=\d)-{2,}(?=\d)", "-", text)
            text = _BUILDING_NUMBER.sub(" ", text)
            # `6층 1001호`: the floor, then the room, specks between them read as marks (`6층ㆍ‥106호`)
            text = re.sub(r"(?<=\d층)[\sㆍ‥·.…]*(?=\d+호)", " ", text)
            # a city's name is one word; Tesseract splits it at the letter spacing of some fonts
            text = re.sub(r"^(서울|부산|대구|인천|광주|대전|울산) (특별시|광역시)", r"\1\2", text)
            # a lot address's 동 read 도 and set apart (`용두 도 567-42`, seed 6262's held-out scan 13): no word is 도
            # alone before a lot number
            text = re.sub(r"(?<=[가-힣]) [도동](?= \d{1,4}(?:-\d{1,4})?(?:[\s,]|$))", "동", text)
            text = re.sub(r"(?<=\d)[/\\](?=\()", "", text)  # `256/(석수동)`: a speck before the reference
            # a mark or a speck's space read before the closing bracket (`(신포동 )`, `(신창동!)`)
            text = re.sub(r"[\s》」』>!]+(?=\)$)", "", text)
            # nothing is printed after the reference: what follows it is another cell's or a stamp's (`(우동) : 08`,
            # `(백현동) 1 그`, `(궁동) 노우`, the category row's `업태 정보통신업 …` run into the address's line)
            text = re.sub(r"(\([^()]*[가-힣][^()]*\))[^()]*$", r"\1", text)
            # ... nor inside it: a word holding a lone letter (`(형곡동 1, ㄱㄱ ㅜㅠ. ㄱ 기)`, seed 6871's held-out
            # print 3: the next row run in before the bracket closed) ends the reference, with the marks before it
            text = re.sub(r"(\([^()]*?[가-힣])[\s\d,.]*\s\S*[ㄱ-ㆎ][^()]*\)$", r"\1)", text)
            # a building number's sub-number set apart by a lost hyphen (`올림픽로 375 27 (문정동)`): a road's
            # building number is never followed by another bare number, only by a floor or room
            text = re.sub(r"(?<=[로길] )(\d+) (\d+)(?=\s?[(,]|$)", r"\1-\2", text)
            # or read as a comma (`여의대로13길 47,11 (당산동`, `이패대로 297,8,14층`): the comma after a building's
            # number comes before its floor or room, never before a bare number
            text = re.sub(r"(?<=[로길] )(\d+),(\d+)(?=\s?\(|$|,\s?\d+층)", r"\1-\2", text)
            # and the comma before the floor read as a hyphen (`62-11-13층`): no number holds two
            text = re.sub(r"(?<=[가-힣] )(\d+-\d+)-(?=\d+층)", r"\1,", text)
            # ... and a lot number's (`신정동 543,47`)
            text = re.sub(r"(?<=[가-힣][동리가] )(\d+),(\d+)(?= [가-힣]|$)", r"\1-\2", text)
            # ... or before the floor (`죽봉대로 399 4 12층`): a road, its building's number, the sub-number, a floor
            text = re.sub(r"(?<=[로길] )(\d+) (\d{1,3})(?= \d{1,3}층)", r"\1-\2", text)
            # and a lot number's, after its 동 or 리 (`논현동 763 44 스카이뷰오피스텔`): a building's name follows it
            text = re.sub(r"(?<=[가-힣][동리] )(\d+) (\d+)(?= [가-힣]|$)", r"\1-\2", text)
            # `307초 (필동)`, `1004오 (이의동)`: 호 misread after a room's number (no address word is these)
            text = re.sub(r"(?<=\d)[초오](?=[\s(,]|$)", "호", text)
            # a lot number and the building's name and floor after it are words of their own (`동 57-9 테크노파크
            # 3층`, the 2000s form); Tesseract loses the spaces or sets one inside the number (`743- 37`)
            text = re.sub(r"(\d-\d{1,3})(?=(?!번지)[가-힣]{2,})", r"\1 ", text)  # (`12-3번지` is one word)
            text = re.sub(r"(?<=[가-힣]{2})(?<!지하)(?=\d{1,2}층)", " ", text)
            text = re.sub(r"(?<=지하) (?=\d{1,2}층)", "", text)  # a basement floor is one word (`130, 지하1층`)
            # the reference in brackets is `(법정동, 건물명)`: its 동 (or 가) ends in 동, never 도 (`(농성도)`), and a
            # comma follows it when a building's name does (`(문정동 지식산업센터)`: the narrow comma lost)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?)도(?=[,)])", r"\1동", text)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가]) (?=[^()\s,]+\)$)", r"\1, ", text)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가])[:;.](?=\s?[^()\s,][^()]*\)$)", r"\1,", text)  # `(삼성동: …)`
            # and a space follows that comma: the reference is written by the address register, never by hand (`(마두동,
            # 테크노파크)`: the narrow space lost, the held-out faces' most common address error)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가]),(?=[^()\s,][^()]*\)$)", r"\1, ", text)
            # a speck read for that comma (`(유천동*그린빌라)`, seed 7411's held-out image PDF 19)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가])[*·ㆍ](?=\s?[가-힣][^()]*\)$)", r"\1, ", text)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가]), {2,}", r"\1, ", text)
            # and none before it (`(반지동 , 대한생명빌딩)`, seed 3584's held-out scan 44)
            text = re.sub(r"(?<=\()([가-힣]{1,5}\d?[동가]) ,(?=[^()]*\)$)", r"\1,", text)
            # a speck read for the space after an address's word (`관악구'서원대로`, seed 7529's held-out image PDF 45):
            # no address holds these marks
            text = re.sub(r"(?<=[시군구읍면동리로길])['‘’`](?=[가-힣])", " ", text)
            # ... and for the space before the reference's bracket (`343'(송포동)`, `7층'(본촌동)`, seed 6871's held-out
            # scans)
            text = re.sub(r"(?<=[\d층호가-힣])['‘’`](?=\([^()]*\)$)", " ", text)
            text = legal_dongs.snapped(_given_back(_snapped_places(_split_districts(text)), _MISREAD_WORDS))
        if name in CATEGORIES:
            text = text.rstrip(",.，。").rstrip()
            # `건설업 0`, `소매업 000`, `외국어학원 000 0 1`, `미용업 00000 이`: the emblem's texture, perhaps with a
            # lone syllable after it; no category ends so
            text = re.sub(r"(?<=[가-힣])(?:\s+\d+)+(?:\s+[가-힣])?$", "", text)
            # `3 소매업`, `0000, 의원`: a speck read as a digit, the emblem's zeros; no category starts so
            text = re.sub(r"^\d+(?:,\s*|\s+)(?=[가-힣])", "", text)
            # `(화물자동차 운송업`, `(= 한의원`: the cell's border read as a bracket that never closes, perhaps with
            # marks after it; no category starts so
            text = re.sub(r"^[(（][^가-힣()（）]*(?=[가-힣][^()（）]*$)", "", text)
            # `사업의유 업대 교육서비스업`, `종류: 운수 및 창고업`: the table's own label (사업의 종류), misread or
            # half read, before the row's
            text = re.sub(r"^(?:사\s?업\s?의\S{0,2}|종\s?류)\s*[.:;|：]?\s*(?=\S)", "", text)
            # what is left of the row's own label before the value (`종목 엔지니어링`, `목 비주거용`): a lone syllable
            # of it only when set apart, an item may well start with 종 (`종합 건설업`)
            # (`좋목`: 종 misread), and the next label's start after a type (`보건업 목`)
            # (`좋목`, `송목`, `충목`, `엽태`, `엄태`: a syllable of the label misread as a look-alike)
            # (`옥 기타`, `000목 예술 학원`: 목 misread, the emblem's zeros before it)
            item = name == "business_item"
            label, syllable = (_ITEM_LABEL, "[종목옥묵록]") if item else (_TYPE_LABEL, "[업태대테탠내]")
            text = re.sub(rf"^(?:0+\s*)?(?:{label}[.:;|,]?\s*|{syllable}[.:;|]?\s+)(?=[가-힣])", "", text)
            if item:
                # the row's type and its label before the item, the item's own label lost but for its colon
                # (`업탠 음식점업 ：커피전문점`): no item holds the type's label; or the type and the item's label
                # misread (`소매업 중목 가방, 식품`), the type lost but for its 업 (`업 중목 디자인업`)
                text = re.sub(rf"^{_TYPE_LABEL}\s*[^:：]+[:：]\s*(?=[가-힣])", "", text)
                text = re.sub(rf"^[가-힣]*업\s{_ITEM_LABEL}[:：]?\s*(?=[가-힣])", "", text)
                # or both run into one word, the label lost but for its 목 (`교육서비스업목 일반교과학원`)
                text = re.sub(rf"^[가-힣]+업(?:{_ITEM_LABEL}|[목묵록옥])\s+(?=[가-힣])", "", text)
                # the row's type before the item, its label unread (`전문, 과학 및 기술 서비스업 광고 대행업`): an item
                # never starts with a section's long name
                text = _LONG_SECTION_FIRST.sub("", text)
            if name == "business_type":
                # the item's label after the type, set apart or run into its final 업 (`서비스업종목`), the cell's
                # border before it read as a bar, a quote or not at all (`서비스업 ｜종목`, `부동산업 "종목`)
                text = re.sub(rf"(?:\s+[^\s\w]?\s*(?:{_ITEM_LABEL}|종|목)|(?<=업)[|｜ㅣ]?{_ITEM_LABEL})$", "", text)
                # `…서비스업종목 미용업`: the item's label and the item run into the type; `음식점업목`, `소매업록`:
                # its 목, read or misread
                text = re.sub(rf"(?<=업)(?:\s*{_ITEM_LABEL}\s.*|[목록묵])$", "", text)
                text = re.sub(rf"(?<=업)\s*0+\s*{_ITEM_LABEL}.*$", "", text)  # `보건업 000총목의원`: zeros before it
                # and the item's label as a word of its own after a type whose end was misread (`… 서비스오 4종 종목
                # 컴퓨터 수리업`): no type holds it
                text = re.sub(rf"(?<=[가-힣])(?:\s+\S+)?\s+{_ITEM_LABEL}\s.*$", "", text)
                # the label's last syllable run into a type that is a word of its own (`태소매업`), or the label after
                # a speck read as a syllable (`률업테소매업`): no type starts so
                # (`00태건설업`: the label's 업 read as zeros, a third independent set's scan)
                labelled = re.fullmatch(rf"[\d\W_]*(?:[가-힣]?\s?{_TYPE_LABEL}[.:;|,]?\s*|[태대테])(.+)", text)
                if labelled and labelled.group(1) in categories.KNOWN_WORDS:
                    text = labelled.group(1)
            # words of the industry classification's names that Tesseract runs together (`수리 및기타개인`); an
            # item's own comma list keeps its printed spacing
            text = re.sub(r"(?<=[가-힣])\.(?=\s?[가-힣])", ",", text)  # no category holds a full stop: a comma
            text = re.sub(r"(?<=[가-힣,])\s*및\s*(?=[가-힣])", " 및 ", text)
            # `전 시, 컨벤션`: a word of two syllables before a comma, split at the print's letter spacing
            text = re.sub(r"(?<![가-힣])([가-힣]) ([가-힣])(?=,)", r"\1\2", text)
            text = re.sub(r"(?<![가-힣])기타(?=[가-힣])", "기타 ", text)
            # the classification's `그 외 기타 …` (`그 외 기타 금속 가공제품 제조업`): Tesseract runs 그 외 together
            text = re.sub(r"(?<![가-힣])그외(?= ?기타)", "그 외", text)
            # `세탁 업`: a category's final 업 set apart by a gap in the print (seed 3361's held-out print 9); no
            # category's word is 업 alone
            text = re.sub(r"(?<=[가-힣])\s+업(?![가-힣])", "업", text)
            text = _given_back(text, _MISREAD_CATEGORY_WORDS)
            if name == "business_type":
                text = re.sub(r",(?=[가-힣])", ", ", text)
                text = _known_type(_ksic_section(text))
            else:
                text = categories.with_goods_commas(_KSIC_ACTIVITY.sub(" ", text))
    elif name == "company_name":
        text = _given_back(text, _MISREAD_WORDS)  # after a mark read for ㈜ (`쥐미래네트워스`), its words all the same
    return text.strip()


_NUMBER_DIGITS = {name: sum(groups) for name, groups in NUMBER_GROUPS.items()}
# the number as printed, its groups joined by hyphens (`123-45-67890`, a space either side at most; a hyphen read
# twice, `160111--9462617`, a sixth independent set's 2000s form)
_NUMBER_SHAPES = {name: r"(?<!\d)" + r"\s?-{1,2}\s?".join(rf"\d{{{size}}}" for size in groups) + r"(?!\d)"
                  for name, groups in NUMBER_GROUPS.items()}
_ONE_MISREAD = re.compile(r"(?<=\d)[\]\[|lI!](?=[\s\-]?\d)")


def _ones_restored(text: str, *, digits: int) -> str:
    """`20011] 1980949`: a 1 read as a bracket, a bar or an l, between two digits. Put back only when that gives
    the number its length exactly; its check digit then says whether the reading holds (confidence)."""
    restored = _ONE_MISREAD.sub("1", text)
    if sum(ch.isdigit() for ch in text) < digits == sum(ch.isdigit() for ch in restored):
        return restored
    return text


# The category labels as Tesseract reads them: either syllable may come out as a look-alike (`송목`, `충목`, `종록`,
# `엽태`, `엄태`, `입태`); no item starts with these pairs, nor does a type.
# `조모`, `&목`: 종목 under the emblem, its ㅇ or ㄱ lost; `종욱`: its 목 misread; `롱목`: a scan's table read
# again (seed 3147)
_ITEM_LABEL = "(?:[종좋송충층총조소롱초오옹][목묵록룩모욱독옥]|[중주죽증][목묵록독옥모]|&목)"
_TYPE_LABEL = "(?:[업엄엽얻입염][태대테탠내]|여태)"  # `업내`, `여태`, `염태` too (held-out photos)

# Words Tesseract always misreads. Some syllables are not in its Korean model's character set (kor.traineddata 4.00
# knows 1,158 syllables): a word holding one never comes out right, and comes out the same few ways. Others read as a
# look-alike where no Korean word has it. The common words of names and addresses that do this, each with the
# readings it gives; nothing else is touched.
_MISREAD_WORDS = (
    # 웍 (`네트웍스`, the usual spelling of "networks" in company names): `네트워스`, `네트위스`, `네트윗스`,
    # `네트윙스`, `네트스`, `네트으`, and 트 and 웍 run into one syllable, `네특스`
    (re.compile(r"네트(?:[워위윅윗으원윙]?스|[워위윅윗으원윙](?=[\s)]|$))|네특스"), "네트웍스"),
    # 텀 (`센텀`, Busan 해운대구's 센텀중앙로, 센텀서로, 센텀동로, 센텀남대로, 센텀북대로, 센텀1로…): `센덤`, `셈`, `섬`
    (re.compile(r"(?<=해운대구 )(?:센[덤텀뎀탐팀턱럼]|셈|섬|센)(?=(?:중앙|서|동|남대|북대|\d{1,2})로)"), "센텀"),
    (re.compile(r"(?<=해운대구 )센?[퉁툼](?=앙로)"), "센텀중"),  # `센퉁앙로`: 텀 and 중 read as one syllable
    # `센트렬`, `센트럼`, `센트릴` for 센트럴 ("central", in buildings' names): none follows 트 in a word
    (re.compile(r"센트[렬럼릴]"), "센트럴"),
    # look-alikes no word has: `섞당` (식당), `지킨` (치킨)
    (re.compile(r"섞당"), "식당"),
    (re.compile(r"지킨|치긴|처킨|치칸"), "치킨"),
    (re.compile(r"플라와(?![가-힣])"), "플라워"),  # "flower", ending names: its 워 read as 와
    (re.compile(r"(?<![가-힣])조록"), "초록"),  # 초록 ("green") is common in names; 조록 is no word
    (re.compile(r"(?<![가-힣])잠좋은"), "참좋은"),  # 참좋은 ("truly good"); 잠좋은 ("good sleep") is no name's start
    # "company", common in names: its 컴 read as 검, 겸, 럼 or 혐 by both readings
    (re.compile(r"[검겸럼혐]퍼니|컴피니"), "컴퍼니"),
    # the words buildings' and companies' names end in, each syllable read as a look-alike that makes no word:
    # `빌덩`, `발딩`, `야파트`, `타위`, `지식산엄센터`, `주식회시`, `홈딩스`, `홀덩스`, `대한생영빌딩`
    (re.compile(r"빌덩|발딩"), "빌딩"),
    (re.compile(r"(?<![가-힣])야파트"), "아파트"),
    (re.compile(r"타위(?=[\s),]|$)"), "타워"),
    (re.compile(r"블라자"), "플라자"),  # "plaza", in buildings' names: its 플 read as 블
    (re.compile(r"(?<![가-힣])메[드토]로"), "메트로"),  # "metro": its 트 read as 드 or 토
    (re.compile(r"산엄(?=센터|단지|[\s),]|$)"), "산업"),
    (re.compile(r"주식회[시샤]|주식획사|주석회사"), "주식회사"),
    (re.compile(r"유한회[시샤]|유한획사"), "유한회사"),
    (re.compile(r"엔진니어링"), "엔지니어링"),  # "engineering": 지 read twice, as 진 and 지
    (re.compile(r"(?<=[가-힣])벌라(?=[\s),]|$)"), "빌라"),  # "villa", ending buildings' names
    # "town", ending a building's name at an address's end: its 타 read as 다 (not `아름다운`, `정다운`: words)
    (re.compile(r"(?<=[가-힣])(?<![름정])다운(?=\)$)"), "타운"),
    (re.compile(r"테크또"), "테크노"),  # "techno": 노 read as 또
    (re.compile(r"(?<![가-힣])으린(?=빌라|빌딩|타워|아파트|[\s),]|$)"), "그린"),  # "green": 그 read as 으
    (re.compile(r"(?<![가-힣])[밴벤][저처](?=타운|빌딩|타워|센터)"), "벤처"),  # "venture": 벤 or 처 misread
    (re.compile(r"[홈훌흥흘]딩스|홀덩스"), "홀딩스"),
    (re.compile(r"솔루선"), "솔루션"),  # "solution", common in names: its 션 read as 선
    (re.compile(r"인태리어"), "인테리어"),
    (re.compile(r"오피텔(?![가-힣])"), "오피스텔"),  # its 스, narrow in some faces, lost
    (re.compile(r"생[영병](?=빌딩|타워)"), "생명"),
    (re.compile(r"(?<![가-힣])상성(?=타운|아파트|빌딩|타워)"), "삼성"),
    (re.compile(r"(?<![가-힣])헌대(?=아파트|빌딩|타워|[가-힣]*\))"), "현대"),  # 현대 ("modern"), 헌 misread
    # 푸른 ("green"), common in names: 쑤 starts no word with 른, nor 쑤 or 푸 with 든
    (re.compile(r"(?<![가-힣])(?:쑤른|[쑤푸]든)"), "푸른"),
    (re.compile(r"(?<![가-힣])청술(?=[가-힣])"), "청솔"),  # 청솔 ("green pine"), common in names; 청술 starts none
    (re.compile(r"빚"), "빛"),  # 빛 ("light": 한빛, 별빛), common in names; 빚 is a debt, in no name
    (re.compile(r"(?<=[가-힣])및|및(?=[가-힣])"), "빛"),  # and 및 ("and"), a word alone, inside one (`별및바이오`)
    # a building's name ending in a building word, one syllable of it misread (`스카이뷰오핀스텔`), its last lost
    # before the bracket (`푸른마을아파)`) or split (`다온타 위`): no word of an address is these
    (re.compile(r"오[핀펴피]스[텔털탤]|오피[즈소]텔"), "오피스텔"),
    (re.compile(r"(?<=[가-힣]{2})아파(?=[),]|$)|(?<=[가-힣])아(?:파[드느]|화[드트느])(?![가-힣])"), "아파트"),
    (re.compile(r"(?<=[가-힣])타 [위워](?=[),]|$)"), "타워"),
    # a road's 로 read as 료, 루 or 오 before the building's number (`연암대료 331`, `서부대오 282`): no road ends so
    (re.compile(r"(?<=[가-힣]대)[료루오]?(?= ?\d)"), "로"),  # or lost (`약수대 463`, seed 3584's print 22)
    (re.compile(r"(?<=[가-힣]{2})데로(?= ?\d)"), "대로"),  # `안양데로 10`: the 대 of 대로 ("avenue") read as 데
)
UNREADABLE = "웍텀"

# The same for the words of the industry classification's names that categories print: an activity's final 업 read
# as 입 or 월 (`제조입`, `소매월`), `재품` (제품), `전자싱거래` (전자상거래); no item holds the misreadings.
_MISREAD_CATEGORY_WORDS = (
    (re.compile(r"(?<![가-힣])음석점"), "음식점"),  # 식 read 석 (seed 6803's held-out scan 13: `음석점입`)
    (re.compile(r"(제조|도매|소매|임대|청소|대행|수리|판매|공급|운송|중개|개발|서비스|음식점|택배|공사|보건)[입월일]"
                r"(?![가-힣])"), r"\1업"),
    (re.compile(r"(?<=[가-힣])업업(?![가-힣])"), "업"),  # `서비스업업`: the cell's last syllable read twice
    (re.compile(r"재품"), "제품"),
    (re.compile(r"싱거래"), "상거래"),
    (re.compile(r"(?<=[가-힣])[엄엽얻](?![가-힣])"), "업"),  # `보건엄`, `임대엽`, `소매얻`: no category's word ends so
    (re.compile(r"처과"), "치과"),
    (re.compile(r"(?<![가-힣])규속(?=[\s가])"), "금속"),  # `규속 가공제품`: 금속 ("metal"), 규속 is no word
    (re.compile(r"다행업"), "대행업"),
    (re.compile(r"주겨용"), "주거용"),
    (re.compile(r"(?<![가-힣])여술"), "예술"),
    (re.compile(r"(?<![가-힣])계조(?=업|$)"), "제조"),  # 제조업, the commonest type: its 제 read as 계
    (re.compile(r"(?<![가-힣])소[며메해마](?=업)"), "소매"),  # 소매업, the next commonest: its 매 misread (no trade)
    # the common words of items with a syllable misread where no word has it (held-out photos): `검퓨터`, `사동차`,
    # `선자부품`, `란매업`, `빛` for 및, `소프트워어`, `외국어하원`, `비주룡`, `주거을`, `치과의뭔`, `정욕점`,
    # `동신관매업`, `인리어소품`, `건강거능식품`, `전축자재`, `용식점업`, `이류 소매업`, `증식 음식점업`
    (re.compile(r"[검점겸캄걸]퓨터"), "컴퓨터"),  # inside a word too, its comma lost (`화장품검퓨터부품`)
    (re.compile(r"언테리어"), "인테리어"),
    (re.compile(r"가쿠"), "가구"),  # "furniture", in goods lists (`생활용품가쿠전자제품`); 가쿠 is no word
    (re.compile(r"(?<=[가-힣\s])락원(?![가-힣])"), "학원"),  # `퓨터락원`, `외국어락원`: no trade is a 락원
    (re.compile(r"(?<![가-힣])용식점"), "음식점"),
    (re.compile(r"(?<![가-힣])이류(?=\s?(?:소매|도매|제조))"), "의류"),
    (re.compile(r"(?<![가-힣])증식(?= 음식점)"), "중식"),
    (re.compile(r"(?<=화물)사동차"), "자동차"),
    (re.compile(r"(?<![가-힣])선자(?=부품|제품|상거래)"), "전자"),
    (re.compile(r"란매(?=업)"), "판매"),
    (re.compile(r"(?<=[가-힣]) 빛 (?=[가-힣])"), " 및 "),  # `컴퓨터 빛 주변장치`: 및 alone between two words
    (re.compile(r"(?<=개발) (?=공급업)"), " 및 "),  # `소프트웨어 개발 공급업`: 및 lost (KSIC's 5822x)
    (re.compile(r"소프트[워위페]어"), "소프트웨어"),
    (re.compile(r"(?<=[가-힣])하원(?![가-힣])"), "학원"),
    (re.compile(r"의뭔(?![가-힣])"), "의원"),
    (re.compile(r"정욕점"), "정육점"),
    (re.compile(r"(?<![가-힣])인리어(?=소품|[\s,]|$)"), "인테리어"),  # 테 lost between 인 and 리
    (re.compile(r"건강거능"), "건강기능"),
    # `치킨 전문정`, `제과정업`, `정육정`: 점 ("shop")
    (re.compile(r"(?<=전문)정(?![가-힣])|(?<=제과)정(?=업)|(?<=정육)정(?![가-힣])"), "점"),
    (re.compile(r"(?<![가-힣])입대(?=업)"), "임대"),  # `주거용 건물 입대업`: 임대 ("letting")
    (re.compile(r"컨설업"), "컨설팅업"),  # 팅 lost
    (re.compile(r"컨(?:설딩|선팅|선딩)"), "컨설팅"),  # 설 or 팅 read as a look-alike (held-out faces)
    (re.compile(r"(?<![가-힣])(?:보[걸겅]|부건)(?=업)"), "보건"),  # `보걸업`, `부건업`: 보건업, no trade is so
    (re.compile(r"치긴"), "치킨"),
    (re.compile(r"행버거"), "햄버거"),
    (re.compile(r"(?<![가-힣])전축(?=자재)"), "건축"),
    (re.compile(r"(?<![가-힣])[동똥]신(?=[판관]매업)"), "통신"),
    (re.compile(r"(?<=통신)관(?=매업)"), "판"),
    (re.compile(r"(?<![가-힣])(비?주)(?:거)?[룡을](?= 건물)"), r"\1거용"),
)


def _given_back(text: str, misread: tuple[tuple[re.Pattern, str], ...]) -> str:
    """`text` with each misreading in `misread` replaced by the word it is."""
    for pattern, word in misread:
        text = pattern.sub(word, text)
    return text


# The building number after a road name (`테헤란로 123`, `테헤란로31길 12`) or the lot number after a 동/리
# (`삼평동 922-29`): addresses always print a space there and Tesseract often loses it. Digits followed by 길
# belong to the road's name and stay attached (`테헤란로31길`), and so do digits followed by 가: the numbered parts
# of a neighbourhood (`효자동3가`, `종로1가`, `항동7가`). A road's name may end in a number and 로 (`가산디지털1로 351`,
# an independent set's text-layer PDF, wrapped after the road's name).
_BUILDING_NUMBER = re.compile(
    r"(?:(?<=[가-힣\d]길)|(?<=[가-힣][로동리])|(?<=[가-힣]\d로))(?=\d+(?:-\d+)?(?![\d-]|\s*번?길|가(?![가-힣])))"
)


# The sections of the Korean Standard Industrial Classification, as printed: most certificates' 업태 is one of them.
# A reading with exactly their letters gets their spacing and commas back (Tesseract runs `교육 서비스업` together).
_KSIC_SECTIONS = {re.sub(r"[\s,]", "", name): name for name in (
    "농업, 임업 및 어업", "광업", "제조업", "전기, 가스, 증기 및 공기 조절 공급업",
    "수도, 하수 및 폐기물 처리, 원료 재생업", "건설업", "도매 및 소매업", "운수 및 창고업", "숙박 및 음식점업",
    "정보통신업", "금융 및 보험업", "부동산업", "전문, 과학 및 기술 서비스업",
    "사업시설 관리, 사업 지원 및 임대 서비스업", "공공 행정, 국방 및 사회보장 행정", "교육 서비스업",
    "보건업 및 사회복지 서비스업", "예술, 스포츠 및 여가관련 서비스업", "협회 및 단체, 수리 및 기타 개인 서비스업",
)}


# The classification's item names set the activity apart from what it is done to (`식료품 제조업`, `건물 청소업`,
# `전자상거래 소매업`, `광고 대행업`, `인력 공급업`), a narrow space Tesseract often loses in a table cell. Only
# these activities, after a word of two syllables or more: `도소매업` and `통신판매업` are words of their own, and so
# are the licensed trades of construction (`전기공사업`, `토목공사업`), printed that way. A service is set apart as
# well (`엔지니어링 서비스업`, `컴퓨터 프로그래밍 서비스업`; the held-out faces lose that space most), and the
# building before its letting or cleaning (`비주거용 건물 임대업`).
_KSIC_ACTIVITY = re.compile(
    r"(?<=[가-힣]{2})(?=(?:제조|도매|소매|임대|청소|대행|수리|공급|서비스)업(?![가-힣])|건물\s?(?:임대|청소)업(?![가-힣]))"
)


def is_section(value: str) -> bool:
    """`value` is one of the industry classification's sections, as printed."""
    return value in _SECTION_NAMES


def _ksic_section(text: str) -> str:
    """A type that is one of the sections, read with a syllable or two wrong, lost or run together (`정보통신엽`,
    `업시설 관리. 업 지원 및 임대 서비스업`): the section as printed. Short readings, readings near two sections and
    a section's name without its final 업 stay as they are (`도소매`, `교육서비스` are printed too)."""
    compact = re.sub(r"[\s,.]", "", text)
    if compact in _KSIC_SECTIONS or len(compact) < 4:
        return _KSIC_SECTIONS.get(compact, text)
    # a section longer or shorter by more than 3 is at least that far: never taken (at most 3 off) nor a rival, so
    # only the others are measured (the distance costs a millisecond or two a row in Python)
    distances = sorted((levenshtein(compact, key), key) for key in _KSIC_SECTIONS if abs(len(key) - len(compact)) <= 3)
    if not distances:
        return text  # longer than every section by more than 3 (a row run into the next cell's words)
    (best, key), (runner_up, _) = [*distances, (99, "")][:2]
    # a short section's name is only taken for a misread syllable, or one lost between its first and last
    # (`정보신업`): `건설업종`, `제조업외` are words of their own
    same_ends = compact[0] == key[0] and compact[-1] == key[-1]
    lost_inside = len(compact) == len(key) - 1 and same_ends and _is_subsequence(compact, key)
    short = len(key) <= 5 and len(compact) != len(key) and not lost_inside
    # a long section's name without its final 업 is only its cell's last syllable lost (`전문, 과학 및 기술서비스`)
    unfinished = key == compact + "업" and len(key) < 10
    # the sections are far apart: a long one's name is taken three syllables off (`협회 단체, 수리 및 기타 게일
    # 서비스업`), the longest (eight syllables or more from each other) four off when no other is near
    # (`및 단 수리 및 기타 게인 서비스업`)
    slack = max(1, len(key) // _SECTION_SLACK)
    if len(key) >= _LONG_SECTION and runner_up >= best + _CLEAR_LEAD:
        slack = len(key) // _LONG_SECTION_SLACK
    if best <= slack and runner_up > best and not unfinished and not short:
        return _KSIC_SECTIONS[key]
    # a long section that lost a run of syllables in the middle (`전문, 기술서비스업`: 과학 및 under the emblem), its
    # start and its end read: the only section it can be
    kept = [key for key in _KSIC_SECTIONS if len(key) >= 8 and len(compact) >= 0.6 * len(key)
            and compact[:2] == key[:2] and compact[-3:] == key[-3:] and _is_subsequence(compact, key)]
    # or its start lost (`수리 및 기타 개인 서비스업`: 협회 및 단체, under the emblem), the rest read exactly or, when
    # long, with one syllable misread (`관리, 사업 지월 및 임대 서비스업`, a cell's small print, seed 8093's held-out
    # photo 40); a short rest only when it starts with 및 (`및 창고업`), which no type does
    kept = kept or [key for key in _KSIC_SECTIONS if (len(compact) >= 8 or compact.startswith("및"))
                    and levenshtein(compact, key[-len(compact):]) <= (len(compact) >= _LONG_REST)]
    # or a long rest with one syllable lost in it as well (`수리 기타 개인 서비스영`: 및 lost, 업 misread)
    kept = kept or [key for key in _KSIC_SECTIONS if len(compact) >= _LONG_REST
                    and levenshtein(compact, key[-len(compact) - 1:]) <= 2]
    return _KSIC_SECTIONS[kept[0]] if len(kept) == 1 else text


_SECTION_NAMES = frozenset(_KSIC_SECTIONS.values())
_SECTION_SLACK = 5  # a section's name is taken with up to one syllable in this many off
_LONG_SECTION, _LONG_SECTION_SLACK, _CLEAR_LEAD = 12, 4, 3  # ... one in four of one this long, no other this near
_LONG_REST = 10  # syllables: the end of a section read this long may have one misread


_LONG_SECTION_FIRST = re.compile("^(?:" + "|".join(r"[\s,]*".join(map(re.escape, key))
                                                   for key in _KSIC_SECTIONS if len(key) >= 6) + r")\s+(?=[가-힣]{2})")
_KNOWN_TYPES = frozenset(_KSIC_SECTIONS) | categories.KNOWN_WORDS  # compact, as _ksic_section compares them


def _known_type(text: str) -> str:
    """A type that is a section or a type printed as one word, with a stray word of a syllable or two before it
    (the emblem's texture, a word read twice, the table label's tail: `삐 서비스업`, `운수 운수 및 창고업`,
    `의중류 건설업`) or a lone syllable after it (`제조업 이`, `제조업; 이`): the type as printed. No type is such a
    word and a type. A syllable misread in a one-word type of four syllables or more is that type (`을식점업`); in a
    shorter one it stays (`도배업` is a trade of its own one letter from 도매업; the misreadings no trade has are
    listed in _MISREAD_CATEGORY_WORDS)."""
    def known(part: str) -> str | None:
        compact = re.sub(r"[\s,]", "", part)
        return (_KSIC_SECTIONS.get(compact) or compact) if compact in _KNOWN_TYPES else None

    if known(text):
        return text
    if (m := re.fullmatch(r"([가-힣]{0,2}[가-힣류])\s+(.+)", text)) and (rest := known(m.group(2))) \
            and m.group(1) not in _TYPE_QUALIFIERS:
        return rest
    # `정보통신입 중`: a section's name, a syllable off, before it too; `제조업; 이`: a mark glued to it (seed 7411's
    # held-out photo 47)
    if (m := re.fullmatch(r"(.+?)[;:.|]?\s+[가-힣]", text)) and (rest := known(_ksic_section(m.group(1)))):
        return rest
    if len(text) >= _SNAPPED_TYPE and " " not in text:
        return near_names.nearest(text, _LONG_TYPES)  # `을식점업`, `용식점업`: 음식점업
    # `소업`: a one-word type with a syllable between its first and last lost, when only one type is that
    lost_inside = [word for word in categories.KNOWN_WORDS if len(word) == len(text) + 1 and len(text) >= 2
                   and word[0] == text[0] and word[-1] == text[-1] and _is_subsequence(text, word)]
    return lost_inside[0] if len(lost_inside) == 1 else text


# Words printed before a one-word type as part of it (`개인 서비스업`, `기타 서비스업`, `일반 음식점업`: an
# independent set's 2000s forms, one of them a text-layer PDF whose 개인 was dropped as a stray word)
_TYPE_QUALIFIERS = frozenset(("개인", "기타", "일반", "전문", "공공", "사업"))
_SNAPPED_TYPE = 4  # syllables: a one-word type this long, one syllable off, is that type (none is a trade's own)
_LONG_TYPES = frozenset(word for word in categories.KNOWN_WORDS if len(word) >= _SNAPPED_TYPE)


def _join_spaced_syllables(text: str) -> str:
    """`광 주 광 역 시 서 구`: Tesseract spaces out letter-spaced print; a run of lone syllables is one word (but
    `및` stays a word of its own)."""
    tokens = text.split(" ")
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token != "및" and (re.fullmatch(r"[가-힣]", token) or (run and re.fullmatch(r"[가-힣]\)", token))):
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


_PROVINCES = tuple(legal_dongs.PROVINCES)  # the first word of every address


def _snapped_places(address: str) -> str:
    """`서물특별시 …`, `인천광역서 …`: an address's first word one syllable off the only province it can be; and the
    districts after it (`임산동구` for 일산동구), one syllable off the only district of their length."""
    first, _, rest = _city_before_district(address).partition(" ")
    head, _, tail = rest.partition(" ")
    # the province's last syllable set apart (`전북특벌자치 도`, seed 6803's held-out scan 23): one word
    if (first not in _PROVINCES and 0 < len(head) <= 2 and head[-1] not in "시군구"
            and any(levenshtein(p, first + head) <= 1 for p in _PROVINCES)):
        first, rest = first + head, tail
    if first not in _PROVINCES and (len(first) >= 4 or rest.split(" ")[0][-1:] in ("시", "군")):
        near = [p for p in _PROVINCES if levenshtein(p, first) == 1]
        if not near and len(first) >= _FAR_PROVINCE:  # `서물록별시`: a long name two syllables off
            near = [p for p in _PROVINCES if len(p) == len(first) and levenshtein(p, first) == 2]
        if len(near) > 1:  # `인전광역시`: 인천 or 대전; the district after it says which (`연수구` is Incheon's,
            # `창원시` 경상남도's where `경상방도` is 경상남도 or 경상북도 by a syllable)
            district = districts.snapped(rest.split(" ")[0])
            having = [p for p in near if legal_dongs.has_district(p, district)]
            # a district both cities have (`남구`): the one whose syllable is the fewest letters off (`을산광역시`:
            # 울산 by a vowel's stroke, 부산 by all three letters), when the other is at least two further
            near = having if len(having) == 1 else near_names.clearly_nearest(first, having or near)
        if len(near) == 1 and rest:
            first = near[0]
    if first not in _PROVINCES or not rest:
        return f"{first} {rest}".rstrip()
    words = rest.split(" ")
    for i, word in enumerate(words[:2]):  # 시 or 군, and the 구 inside a city; then the road
        if i == 0 and word[-1:] in ("사", "서") and word[:-1] + "시" in districts.DISTRICTS:
            word = word[:-1] + "시"  # `경상남도 김해사`: the city's 시 read with a stroke too many (seed 7043)
        if word[-1:] not in ("시", "군", "구"):
            break
        words[i] = districts.snapped(word, city=words[i - 1] if i else "")
    return f"{first} {' '.join(words)}"


_FAR_PROVINCE = 5  # syllables: a province's name this long is taken two syllables off (`서물록별시`)


def _city_before_district(address: str) -> str:
    """`나다 영등포구 여의대로51길 …`, `48998 종로구 …`: an address whose city was lost under a stamp or read as noise,
    and whose next word is a district only one metropolitan city has: that city in place of the noise. (A city
    printed short, `서울 종로구`, stays as printed.)"""
    words = address.split(" ")
    for index in (1, 2):
        before = words[:index]
        if len(words) <= index or any(word in _PROVINCES for word in before):
            return address
        district = districts.snapped(words[index])
        cities = [city for city, only in districts.ONLY_IN.items() if district in only]
        if len(cities) == 1 and not any(cities[0].startswith(word) for word in before):
            return " ".join([cities[0], *words[index:]])
    return address


_DISTRICT = re.compile(r"^([가-힣]{1,4}?(?:시|군|구))([가-힣]{2,})$")


def _split_districts(address: str) -> str:
    """`경기도수원시영통구청명로 203` -> `경기도 수원시 영통구 청명로 203`: the province, city and district are
    always printed as words of their own, and Tesseract loses the narrow spaces between them. Only those spaces
    are restored; from the road name on, the printed spacing stays (`테헤란로31길`, `12,3층(역삼동)`)."""
    digit = re.search(r"\d", address)
    before, after = (address[: digit.start()], address[digit.start() :]) if digit else (address, "")
    start = ADDRESS_START.match(before)
    out: list[str] = [start.group(0)] if start else []
    rest = before[start.end() :] if start else before
    settled = False  # after a 구 or 군 comes the road name, which may itself contain 시 or 구 (컨벤시아대로)
    for token in rest.split(" "):
        # `행구대로`, `서구대로`: a road's name ending in 구 before its 대로 ("avenue"), no district
        while not settled and (match := _DISTRICT.match(token)) is not None and match.group(2) != "대로":
            out.append(match.group(1))
            token = match.group(2)
            settled = match.group(1)[-1] in "구군"
        out.append(token)
        settled = settled or token[-1:] in ("구", "군")
    head = " ".join(_district_rejoined([t for t in out if t]))
    return head + (" " if before.endswith(" ") and after else "") + after


def _district_rejoined(words: list[str]) -> list[str]:
    """`부산광역시 영도 구청학로50길` -> `… 영도구 청학로50길`: a district's last syllable read as the next word's
    first, or as a word of its own (`서울특별시 금천 구 가산대로17길`, `부산 진구`), the space set inside the
    district's name; only where the two joined make a district."""
    out = list(words)
    for i in range(len(out) - 1):
        word, after = out[i], out[i + 1]
        if (word not in districts.DISTRICTS and after[:1] in ("시", "군", "구")
                and word + after[0] in districts.DISTRICTS):
            out[i], out[i + 1] = word + after[0], after[1:]
        elif (word not in districts.DISTRICTS and after not in districts.DISTRICTS
              and word + after in districts.DISTRICTS):
            out[i], out[i + 1] = word + after, ""  # `부산 진구`: 부산진구 split after the city's name in it
    return [word for word in out if word]


def _plausible(name: str, text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if name == "registration_number":
        return digits >= 8
    if name == "corporate_number":
        return digits >= 10
    if name in ("birth_date", "opening_date", RESIDENT_NUMBER):
        return digits >= 4
    if name in CATEGORIES:
        return re.search(r"[가-힣A-Za-z0-9]", text) is not None and not _LABEL_ALONE.fullmatch(text.strip())
    if name in ("company_name", "representative"):
        return names.written_in_letters(text)
    return bool(text.strip())


def _past_label_tail(match: _Match, compact: str, start: int, stop: int) -> int:
    """Past what is left of a longer label that this one begins (`상 호 (법` when the rest of `상호(법인명)` was
    lost, `성 명 (대`): a bracket and at least its first syllable, never the value. A syllable may have another final
    (`(범인명)`), the bracket may be read twice (`상호( (범인명)`, seed 5521's held-out scan 17)."""
    doubled = max(0, len(compact[start:stop]) - len(compact[start:stop].lstrip("(（")) - 1)
    start += doubled
    rest = compact[start:stop]
    folded = _folded(rest)
    for label, name in LABELS:
        if name != match.name or not label.startswith(match.label + "("):
            continue
        tail = label[len(match.label):]
        kept = next((k for k in range(len(tail), 1, -1) if folded.startswith(_folded(tail[:k]))), 0)
        if not kept:
            continue
        if kept < len(tail) - 1:
            # a syllable misread inside the bracket (`(법 번 인명`): past the bracket's last syllable, when it comes
            # within the bracket's length after more of the bracket (`(법명가` is the name 명가 after `(법`)
            last = tail.rstrip(")")[-1]
            found = rest.find(last, kept, len(tail) + 1)
            if found >= 0 and any(ch in tail[kept:-2] for ch in rest[kept:found]):
                kept = found + 1 + (rest[found + 1 : found + 2] in (")", "）"))
        return start + kept
    return start - doubled


def _strip_separators(compact: str, start: int, end: int) -> tuple[int, int]:
    while start < end and compact[start] in _SEPARATORS:
        start += 1
    while end > start and compact[end - 1] in _SEPARATORS + "(（":
        end -= 1
    return start, end


_REPRESENTATIVE_KINDS = ("단독", "공동", "각자")  # 대표유형, printed after the name: never the name itself

# the province's name as short as it can be read: `부산광역시영도 구…` is 부산광역시 and 영도구 run together
PROVINCE_NAME = re.compile(
    r"(서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청|충북|충남|전라|전북|전남|경상|경북|경남|제주)"
)
ADDRESS_START = re.compile(PROVINCE_NAME.pattern + r"[가-힣]{0,4}?(특별시|광역시|특별자치시|특별자치도|도)")
_ADDRESS_LOOSE = re.compile(r"[가-힣]{1,4}(특별시|광역시|특별자치시|특별자치도)")  # the city's name misread
_DATE_START = re.compile(r"(19|20)\d\d\s*년")
_CORPORATE_SHAPE = re.compile(_NUMBER_SHAPES["corporate_number"])  # 법인등록번호, as printed
POSITIONAL_CONF = 85.0  # a value placed by its shape and row, its label unread: never auto-approved alone
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
_ALIKE = (set(_FIRST_ROWS), {"opening_date", "birth_date"})  # items one is taken for the other of when unlabelled


def read_certificate(lines: list[Line]) -> list[Found]:
    """The certificate's items, in the form's order; the business categories as pairs by `index`. A page with no
    label on it (a card, a receipt, a blank) gives nothing."""
    labelled = _labelled(lines)
    if not labelled:
        return []
    state = _State()
    categories: list[Found] = []
    table = _table_row(lines, labelled)
    if table is not None:
        categories, table_rows = _read_categories(lines, start=table, labelled=labelled)
        state.consumed |= table_rows
    for index, line in enumerate(lines):
        if index in state.consumed:
            continue
        if index not in labelled:
            state.leftovers.append(_Segment(line, 0, len(line.compact()[0]), None, index))
            continue
        _read_labelled(lines, index, labelled, state)
    found = state.found
    first_label, last_label = min(labelled), max(labelled)
    # printed over the registration number; stray marks by the title read as a label (`업 드 로 즈`) come before it
    tax_type = _tax_type(lines[: max(first_label, state.rows.get("registration_number", -1)) + 1])
    if tax_type:
        found["tax_type"] = tax_type
    if "registration_number" not in found:
        unlabelled = _registration_unlabelled(lines, skip=state.consumed)
        if unlabelled is not None:
            found["registration_number"] = unlabelled
    body_end = last_label + 1
    if body_end < len(lines) and not _DATE_LINE.fullmatch(lines[body_end].compact()[0]):
        body_end += 1  # the line right under the last item is its value's end, unless it is the issue date
    # rows whose only content is a date under a label too garbled to name it (`월 일 : 2020 년 04 월 23 일`)
    dated = {s.row for s in state.leftovers if s.start == 0 and _DATE_SHAPE.search(s.line.compact()[0])}
    for segment in state.leftovers:
        if first_label <= segment.row < body_end and segment.row not in state.consumed:
            _place(segment, state, table=table, dated=dated, lines=lines, labelled=labelled)
    for name, result in _bottom_items(lines, labelled=labelled, skip=state.consumed).items():
        found.setdefault(name, result)
    _unswap_dates(found)
    company = found.get("company_name")
    if company is not None and _misread_mark(company.value, {n: f.value for n, f in found.items()}):
        found["company_name"] = replace(company, value="㈜" + company.value[1:])
    return [*found.values(), *categories]


def _unswap_dates(found: dict[str, Found]) -> None:
    """An owner born after the business opened: two dates told apart by their rows alone, their labels lost, and a
    form printing them in the other order than the one guessed (a tenth independent set's 2018 forms, the opening
    date above the birth date). The earlier is the birth date. Dates either of which was read under its own label
    are left as read."""
    birth, opening = found.get("birth_date"), found.get("opening_date")
    if birth is None or opening is None or (birth.raw_key and opening.raw_key):
        return
    if _WHOLE_DATE.fullmatch(birth.value) and _WHOLE_DATE.fullmatch(opening.value) and birth.value > opening.value:
        found["birth_date"] = replace(opening, name="birth_date")
        found["opening_date"] = replace(birth, name="opening_date")


# What the `㈜` mark is read as at the start of a corporation's name: 주 without its ring, or a syllable its rim and
# the 주 inside make (`준미래에너지`, `재세움엔지니어링`, `여온누리에너지`, `수우리홀딩스`, `져도담에너지`: the
# development sets of round 21, both sets of faces; `위우리건설`, `떠다온에너지`, round 38's held-out prints and scans).
# Names start with these too, so only a corporation's name without its form gets the mark back; the syllables no name
# starts with are given back on any name (_ENCLOSED_MARK_READ).
_MARK_MISREAD_AS = frozenset("주준재여수져루위떠")


def _misread_mark(name: str, values: dict[str, str]) -> bool:
    """A corporation's name that holds no legal form and starts with a syllable the `㈜` mark is read as
    (`주대한건설`, `준미래에너지`). A corporation's name always carries its form, so that syllable is the form's mark
    rather than its name's first (the raw text keeps it, so the value is never trusted: confidence.cap_for). A name
    whose mark was lost whole (`우리홀딩스`) stays as read."""
    return (name[:1] in _MARK_MISREAD_AS and len(name) >= 3 and is_corporate(values)
            and not names.has_legal_form(name))


# Printed on every certificate of every generation, on rows of their own: a reading without two of them lost rows.
EVERY_PAGE = ("registration_number", "company_name", "representative", "opening_date", "business_address",
               "business_type", "business_item", "issue_date", "tax_office")


def incomplete(found: list[Found]) -> bool:
    """Whether a reading lacks items every certificate prints (Tesseract dropped some of the page's rows): two of
    them, or a name, which a boxed form's cell loses alone (its row between two rules) or reads as noise, or the
    opening date (a row a photo's soft focus loses alone), or the business's address (its label misread beyond
    finding: `사염장소재지`)."""
    names = {f.name for f in found if not _noise(f)}
    return sum(name not in names for name in EVERY_PAGE) >= 2 or not _ALONE <= names


# items whose loss alone says rows were lost
_ALONE = {"company_name", "representative", "opening_date", "business_address"}


def most_rows_lost(found: list[Found]) -> bool:
    """Whether most of the items every certificate prints are missing: not a row here and there but the page's
    body, as when Tesseract's one threshold for the whole page drops its print (engine.ADAPTIVE_CONFIG)."""
    names = {f.name for f in found if not _noise(f)}
    return sum(name not in names for name in EVERY_PAGE) > len(EVERY_PAGE) // 2


def _noise(found: Found) -> bool:
    """A name read as noise, as good as lost: its row crossed by one of the form's rules (`상소번원미. ]19빼 .
    [00000 0000` for 상호(법인명) 다온학원), a representative that is no person's name (`유준호이이`, `셔새제`)."""
    value = found.value
    if found.name == "representative":
        return not names.looks_like_a_name(value)
    if found.name == "company_name":
        printed = value.replace(" ", "")
        letters = len(re.findall(r"[가-힣A-Za-z㈜]", printed))
        return bool(_NOISY_NAME.search(value)) or letters < _LETTERS_OF_A_NAME * len(printed)
    return False


_NOISY_NAME = re.compile(r"\d{3}|[\[\]{}|\\]")  # a run of digits, brackets no name prints
_LETTERS_OF_A_NAME = 0.6


_SURER_BY = 15  # Tesseract's confidence points: the least sure word of one reading over the other's


def completed(found: list[Found], other: list[Found]) -> list[Found]:
    """`found` with what only `other` (another reading of the same page) has: its items, and its category table
    when it holds more of the table than `found` does (rows of two readings are not mixed). A name `found` read as
    noise, or placed by its row where `other` read it under the other name's label, is `other`'s."""
    # a name `found` placed by its row alone (`_place`), which `other` read by its label as the other name: a row
    # lost above it (a boxed form's company row, between two rules) had moved it up one, and `other` places both;
    # and a date placed by its shape alone that `other` read under the other date's label (the owner's birth date
    # taken for the opening date, their labels lost: seed 9462's held-out print 27)
    shifted = {f.name for f in found if not f.raw_key and any(
        o.raw_key and o.name != f.name and o.value == f.value and {f.name, o.name} <= group
        for o in other for group in _ALIKE)}
    # an address or a name `found` placed by its shape or row alone, which `other` read under its label: the 2000s
    # form prints the owner's address (사업자의 주소) under the business's, and with the business's row lost (its
    # label, or the whole row) the owner's was taken for it; a name row whose label was read as noise with it
    # (`상후벼이디` for `상호(법인명) 초록마트`) holds no more of the name than of its label. The same value misread
    # apart (`추자로` and `주자로`) stays the first reading's, the page's reading being the better one, unless the
    # other was clearly surer of its least sure word (`노료마을아파트` at 53 for 푸른마을아파트 at 88)
    relabelled = {f.name for f in found if (f.name.endswith("address") or f.name in _FIRST_ROWS) and not f.raw_key
                  and any(o.name == f.name and o.raw_key
                          and (not _misread_alike(f.value, o.value) or _surer(o, f)) for o in other)}
    found = [f for f in found if f.name not in shifted | relabelled
             and not (_noise(f) and any(o.name == f.name and not _noise(o) for o in other))
             and not any(_end_lost(f, o) for o in other)]
    names = {f.name for f in found if f.name not in CATEGORIES}
    table = [f for f in found if f.name in CATEGORIES]
    other_table = [f for f in other if f.name in CATEGORIES]
    if len(other_table) > len(table):
        table = other_table
    extra = [f for f in other if f.name not in names and f.name not in CATEGORIES]
    return [*(f for f in found if f.name not in CATEGORIES), *extra, *table]


def _misread_alike(first: str, other: str) -> bool:
    """The same value read twice: at most a fifth of its characters apart (a name of three, one apart), or
    `other` with words before it (a label's remnant, `썸인명。 유한회사 대한시스템즈`)."""
    return levenshtein(first, other) <= max(1, len(max(first, other, key=len)) // 5) or (
        len(first) >= 4 and other.endswith(" " + first))


def _surer(one: Found, other: Found) -> bool:
    """`one` read with its least sure word clearly surer than `other`'s."""
    return min(one.confs, default=0) >= min(other.confs, default=0) + _SURER_BY


def _end_lost(first: Found, other: Found) -> bool:
    """An address whose end the first reading lost with its line's last words (`… 406호` for `… 406호(금곡동)`),
    which the other reading has: the same address, its reference in brackets after it."""
    return (first.name == other.name and first.name.endswith("address") and "(" not in first.value
            and other.value.startswith(first.value) and re.fullmatch(r"\s?\([^()]+\)", other.value[len(first.value):])
            is not None)


@dataclass
class _State:
    """What the reading of the labelled lines has gathered so far."""

    found: dict[str, Found] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # the line each item was read on
    leftovers: list[_Segment] = field(default_factory=list)  # pieces no label claimed, placed by their shape later
    consumed: set[int] = field(default_factory=set)  # lines read as part of an item (a wrapped address, the table)


def _labelled(lines: list[Line]) -> dict[int, list[_Match]]:
    """The labels of each line that has any."""
    labelled: dict[int, list[_Match]] = {}
    for index, line in enumerate(lines):
        compact, _ = line.compact()
        # a stopper or category label always counts; a field label with nothing after it only when it is clear (its
        # value may be on a line of its own beside it)
        matches = [m for m in label_matches(line)
                   if m.name in (None, *CATEGORIES) or m.end < len(compact) or _clear(m)]
        if matches and not _is_office_line(compact):
            labelled[index] = matches
    return labelled


def _read_labelled(lines: list[Line], index: int, labelled: dict[int, list[_Match]], state: _State) -> None:
    """The items of one labelled line: each value runs from its label to the next label or the next column."""
    found, rows, leftovers, consumed = state.found, state.rows, state.leftovers, state.consumed
    line = lines[index]
    compact, where = line.compact()
    matches = labelled[index]
    if matches[0].start > 0:
        leftovers.append(_Segment(line, 0, matches[0].start, None, index))
    for i, match in enumerate(matches):
        stop = matches[i + 1].start if i + 1 < len(matches) else len(compact)
        start, end = _strip_separators(compact, _past_label_tail(match, compact, match.end, stop), stop)
        end = _cut_at_gap(line, where, _gap_from(match.name, compact, start, end), end)
        if end < stop:
            leftovers.append(_Segment(line, end, stop, match.name, index))
        if match.name is None or match.name in found:
            continue
        if match.name in CATEGORIES or _belongs_elsewhere(match.name, compact[start:end]):
            # a category label away from the table is a misread (`업 연 월 :`): its value is placed by its shape
            leftovers.append(_Segment(line, start, end, None, index))
            continue
        rows[match.name] = index
        if match.name == "representative":
            end = _cut_at_digit(compact, start, end, leftovers, line, index)
        if match.name.endswith("address") and _lone_mark(compact[start:end]):
            start = end  # a speck beside a label centred between an address's two lines (`사업장소재지 0`)
        printed_key, _, key_box = span_text(line, where, match.start, match.end)
        value_row = index
        around = None  # an address's two lines, the label level with neither (a table's cell centres its label)
        if start >= end and i == len(matches) - 1:
            beside = _value_beside(lines, index, key_box, labelled, consumed)
            if beside is None:
                continue
            if match.name.endswith("address"):
                around = _address_around(lines, index, key_box, labelled, consumed)
                beside = around[0] if around else beside
            consumed.add(beside)
            value_row, line = beside, lines[beside]
            compact, where = line.compact()
            start, end = _strip_separators(compact, 0, len(compact))
        raw_text, touched, box = span_text(line, where, start, end)
        confs = _confs(match.name, touched)
        if match.name.endswith("address") and touched:
            # measured from the address's first word, not from a mark before it (`사업장 소재지 _ ： 부산…`), nor from
            # the label's word when only a mark of it is the value's (`소재지”`: a quote read after the label, held-out
            # seed 2690's print 3 lost its wrapped line `업센터)`)
            word, char = where[start]
            label_word = char > 0 and not re.search(r"[가-힣0-9]", line.words[word].text[char:])
            first = _first_letter_or_digit(touched[1:] if label_word and len(touched) > 1 else touched)
            wrap = (around[1], lines[around[1]]) if around else _wrapped_line(lines, value_row, first.box, labelled)
            if wrap is not None:
                wrapped_row, wrapped = wrap
                consumed.add(wrapped_row)
                raw_text, box, confs = _with_wrap(line, start, end, wrapped, raw_text=raw_text, box=box, confs=confs)
            started = _address_start_above(lines, value_row, first.box, labelled, consumed)
            if started is not None and not around and not ADDRESS_START.match(compact[start:end].lstrip()):
                consumed.add(value_row - 1)
                raw_text = joined_wrap(join_by_gaps(started.words, height=started.height), raw_text)
                box = union([started.box, box])
                confs = tuple(w.conf for w in started.words) + confs
        if match.name == RESIDENT_NUMBER:
            birth, shown = _birth_from_resident_number(compact[start:end]), compact[start:start + 8]
            if birth is None and (printed := _printed_date(compact[start:end])) is not None:
                # the birth date printed as a date under the number's label (`주민등록번호/생년월일 1977년 11월 27일`,
                # a tenth independent set's 2000s forms)
                birth, shown = normalise("birth_date", printed), printed
            if birth and "birth_date" not in found:
                # only the birth date is kept: the rest of the number is nobody's business here
                found["birth_date"] = Found(name="birth_date", raw_key=printed_key, raw_text=shown,
                                            value=birth, confs=confs, box=box)
            continue
        raw_text = _strip_junk(match.name, raw_text)
        if not touched or not _plausible(match.name, raw_text):
            continue
        found[match.name] = Found(
            name=match.name,
            raw_key=printed_key,
            raw_text=raw_text,
            value=_value(match.name, raw_text),
            confs=confs,
            box=box,
        )


def _lone_mark(text: str) -> bool:
    """One or two marks and no syllable: a speck or a border read beside a label, never an address."""
    return len(text) <= 2 and re.search(r"[가-힣]", text) is None


def _clear(match: _Match) -> bool:
    return match.distance == 0 or (len(match.label) >= 5 and match.distance <= 1)


def _value_beside(lines: list[Line], index: int, key_box: Box, labelled: dict[int, list[_Match]],
                  consumed: set[int]) -> int | None:
    """The line holding the value of a label that ends its line: Tesseract gave the value as a line of its own,
    just above or below the label (their baselines differ a little), starting right of it."""
    height = lines[index].height
    middle = (key_box[1] + key_box[3]) / 2
    near = []
    for row in (index + 1, index - 1):
        if not 0 <= row < len(lines) or row in labelled or row in consumed:
            continue
        box = lines[row].box
        centre = (box[1] + box[3]) / 2
        if box[0] >= key_box[2] - 0.5 * height and abs(centre - middle) <= 2.0 * height:
            near.append((abs(centre - middle), row))
    return min(near)[1] if near else None


def _address_around(lines: list[Line], index: int, key_box: Box, labelled: dict[int, list[_Match]],
                    consumed: set[int]) -> tuple[int, int] | None:
    """The rows of an address printed on two lines with its label halfway between them, as a table's cell centres
    it (level with neither line): the line above starts an address, the line below continues it, both start right
    of the label and lie about as far above as below it. None when the label has a line of its own beside it."""
    above, below = index - 1, index + 1
    if above < 0 or below >= len(lines) or {above, below} & (set(labelled) | consumed):
        return None
    height = lines[index].height
    middle = (key_box[1] + key_box[3]) / 2
    up, down = _from_address_start(lines[above]), lines[below]
    over, under = middle - (up.box[1] + up.box[3]) / 2, (down.box[1] + down.box[3]) / 2 - middle
    level = (0.3 * height < over < 1.5 * height and 0.3 * height < under < 1.5 * height
             and abs(over - under) < 0.6 * height)
    # measured at their text (a speck or a border read as a mark may stand left of the second line: `' 파트 10층`)
    up_left, down_left = _text_left(up), _text_left(down)
    right_of = min(up_left, down_left) >= key_box[2] - 0.5 * height
    aligned = abs(up_left - down_left) <= _WRAP_LEFT * height
    starts = ADDRESS_START.match(up.compact()[0]) and not ADDRESS_START.match(down.compact()[0])
    if not (level and right_of and aligned and starts) or _DATE_SHAPE.search(down.compact()[0]):
        return None
    return above, below


def _address_start_above(lines: list[Line], index: int, first_word: Box, labelled: dict[int, list[_Match]],
                         consumed: set[int]) -> Line | None:
    """The line above an address's value that starts it, when Tesseract set the label (centred in a table's cell)
    on the address's second line: unlabelled, close above, starting where the value starts, itself an address's
    start."""
    above = index - 1
    if above < 0 or above in labelled or above in consumed:
        return None
    line, height = _from_address_start(lines[above]), lines[index].height
    close = first_word[1] - _WRAP_GAP * height <= _middle(line) <= first_word[1] + 0.2 * height
    aligned = _starts_under(line, first_word, height)
    compact = line.compact()[0]
    return line if close and aligned and ADDRESS_START.match(compact) and not _DATE_SHAPE.search(compact) else None


def _from_address_start(line: Line) -> Line:
    """The line from the word an address starts at, when up to two stray words stand before it: a cell's border or
    a syllable of the label centred beside the address (`} 소 서울특별시 …`, a 2000s form's scan on seed 7183)."""
    for skipped in range(min(_STRAY_WORDS, len(line.words) - 1) + 1):
        if skipped and len(re.sub(r"[^가-힣0-9]", "", line.words[skipped - 1].text)) > 1:
            break  # a word of its own, not a stray mark
        rest = Line(words=line.words[skipped:])
        if ADDRESS_START.match(rest.compact()[0]):
            return rest
    return line


_STRAY_WORDS = 2


def _is_office_line(compact: str) -> bool:
    """`성 동 세 무 서 장` is the issuing office, not `성명` misread: no item line holds 세무서 without a colon."""
    return _office_at(compact) >= 0 and not any(ch in _COLONS for ch in compact)


# its hyphen read as a look-alike mark in some faces (`680709.2******`, `680709-ㅡ2*****`: a short, low hyphen)
_RESIDENT = re.compile(r"(\d{2})(\d{2})(\d{2})[-.·~_ㅡ—]{0,2}(\d)")
# a resident number masked after its century digit (`981104-1******`, `981104-1재~`): no other number is so
_MASKED_RESIDENT = re.compile(r"(?<!\d)\d{6}\s?[-ㅡ—~]{1,2}\s?\d(?!\d)")
_RESIDENT_CENTURY_UNREAD = re.compile(r"(\d{2})(\d{2})(\d{2})(?!\d)")
_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000, "9": 1800,
            "0": 1800}


def _birth_from_resident_number(compact: str) -> str | None:
    """`750101-1******` -> 1975-01-01: the first six digits are the birth date, the seventh its century. Without a
    readable century digit (masked, cut, or read as a mark: `801210ㅡ)융**`) the century is the one that makes the
    owner at least 14 today, when only one does (`80`: 1980, 2080 is to come; `05`: 1905 or 2005, not reported).
    Such a date is never trusted (confidence.century_unread)."""
    match = _RESIDENT.match(compact.lstrip(_SEPARATORS + "_~-"))  # `_650517-2****`: the colon misread
    if match:
        year = _CENTURY[match.group(4)] + int(match.group(1))
        if year > dt.date.today().year:
            year -= 100  # `590310-3`: the century digit misread (2059 is no birth year; 1959 is the only one left)
    else:
        match = _RESIDENT_CENTURY_UNREAD.match(compact.lstrip(_SEPARATORS + "_~-"))
        if not match or 2000 + int(match.group(1)) <= dt.date.today().year - ADULT_AGES[0]:
            return None
        year = 1900 + int(match.group(1))
    month, day = int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return normalise("birth_date", f"{year:04d}.{month:02d}.{day:02d}")


def _printed_date(compact: str) -> str | None:
    """The whole date (year, month and day) in `compact` as printed, or None."""
    match = _DATE_SHAPE.search(compact)
    return match.group() if match and _WHOLE_DATE.fullmatch(normalise("birth_date", match.group())) else None


_WHOLE_DATE = re.compile(r"\d{4}-\d\d-\d\d")


_WRAP_LEFT = 2.0  # in line heights: a wrapped line starts under its value's first character
_WRAP_GAP = 2.2  # in line heights, from the value's bottom to the line's middle: right under it


def _first_letter_or_digit(touched: list[Word]) -> Word:
    """An address's first word: where its wrapped line starts under it, not a mark before it, nor a syllable whose
    box Tesseract shrank to a sliver of it (`인` 5 pixels wide in a line 16 high: the next word is where it is)."""
    letters = [w for w in touched if re.search(r"[가-힣0-9]", w.text)]
    sound = [w for w in letters if not re.fullmatch(r"[가-힣]+", w.text)
             or w.box[2] - w.box[0] >= 0.5 * (w.box[3] - w.box[1]) * len(w.text)]
    return (sound or letters or touched)[0]


def _with_wrap(line: Line, start: int, end: int, wrapped: Line, *, raw_text: str, box: Box,
               confs: tuple[float, ...]) -> tuple[str, Box, tuple[float, ...]]:
    """An address read from `line` (compact positions `start`-`end`) joined with its `wrapped` second line."""
    compact, where = line.compact()
    wrapped_text = join_by_gaps(wrapped.words, height=wrapped.height)
    if compact[end : end + 1] == ",":  # the line ended on a comma, trimmed off the value above
        raw_text += ","
    elif compact[end : end + 1] in ("(", "（") and not compact[end + 1 :].strip(_SEPARATORS):
        # the line broke right after the reference's bracket (`1208호 (` / `장항동)`), trimmed off too
        raw_text = span_text(line, where, start, end + 1)[0]
    raw_text = joined_wrap(raw_text, _LEADING_JUNK.sub("", wrapped_text))
    return raw_text, union([box, wrapped.box]), confs + tuple(w.conf for w in wrapped.words)


def _wrapped_line(lines: list[Line], index: int, first_word: Box,
                  labelled: dict[int, list[_Match]]) -> tuple[int, Line] | None:
    """The line under an address that continues it, and its row: no label on it, close below the value's first
    word and starting where it starts (measured there, not on the whole value, which a skewed scan tilts). Words in
    the label column before it are the lower half of the label a boxed form's cell centres across both lines
    (`사업장소재지 … 113,10층` / `「엽장소재지 1003호(가락동, …)`): they are left out. A line of stray marks between
    them (`| 플`: a cell's border and a speck) is passed over."""
    wrap = _wrapped_at(lines, index + 1, first_word, labelled, height=lines[index].height)
    if wrap is None and index + 2 < len(lines) and (index + 1) not in labelled and _stray(lines[index + 1]):
        wrap = _wrapped_at(lines, index + 2, first_word, labelled, height=lines[index].height)
    return wrap


def _wrapped_at(lines: list[Line], below: int, first_word: Box, labelled: dict[int, list[_Match]], *,
                height: float) -> tuple[int, Line] | None:
    if below >= len(lines) or below in labelled:
        return None
    line = lines[below]
    in_column = [w for w in line.words if w.box[0] >= first_word[0] - _WRAP_LEFT * height]
    if in_column and len(in_column) < len(line.words):
        line = Line(words=in_column)
    compact, _ = line.compact()
    # Tesseract's boxes of two tightly set lines overlap: the next line's middle must be below the value's (its
    # words' middle: one tall box, `호` read with the bracket after it, stretches the line's)
    middle = _middle(line)
    close = first_word[3] - 0.2 * height <= middle <= first_word[3] + _WRAP_GAP * height
    aligned = _starts_under(line, first_word, height)
    if not (close and aligned) or _DATE_SHAPE.search(compact) or "세무서" in compact:
        return None
    if ADDRESS_START.match(compact) or re.search(r"[가-힣0-9]", compact) is None:
        return None  # another address (the head office's, its label unread), or marks
    if any(w.text.strip(_SEPARATORS) in districts.DISTRICTS for w in line.words):
        return None  # another address whose city was lost (`시 영등포구 당산동 959-40`): a wrap holds no district
    return below, line


def _stray(line: Line) -> bool:
    """Marks and a syllable at most, no digit: a cell's border, a speck or a stamp's edge, never a line of text."""
    compact = line.compact()[0]
    return len(re.findall(r"[가-힣]", compact)) <= 1 and not re.search(r"\d", compact)


def _starts_under(line: Line, first_word: Box, height: float) -> bool:
    """Whether `line`'s text starts where an address's first word does (measured at its first letter or digit: a
    cell border may stand left of it)."""
    return abs(_text_left(line) - first_word[0]) <= _WRAP_LEFT * height


def _text_left(line: Line) -> float:
    """Where a line's text starts: its first word holding a letter, a digit or a bracket."""
    return next((w.box[0] for w in line.words if re.search(r"[가-힣0-9(]", w.text)), line.box[0])


_UNIT_END = re.compile(r"([,)]|[가-힣A-Za-z0-9](?:시|도|구|군|읍|면|동|리|층|호))$")  # `B동`, `12층` too


def joined_wrap(first: str, second: str) -> str:
    """The two printed lines of a wrapped address as one value. A line breaks at a space or inside a word
    (`…○○마` / `을○○아파트)`); a space is kept only where the break clearly fell between words: after a comma, a
    completed district or floor, before the `(동, 건물명)` tail, or before a floor or unit that follows a building's
    name (`…투아이에프씨` / `15층`; after a road's name the number may be its own: `테헤란로` / `31길`) or after
    the building's number (`황새울로 10길 123` / `7층`: joined, the floor would be the number's last digits). Never
    inside the tail's neighbourhood (`(송도` / `동, 스카이뷰오피스텔)`), one word whose end may look like a unit's."""
    first, second = first.rstrip(), second.strip()
    if _WHOLE_NEIGHBOURHOOD.search(first) and _BUILDING_CLOSING.match(second):
        return f"{first}, {second}"  # the comma ending the line went unread: `(장항동,` / `벤처타운)`
    if _IN_NEIGHBOURHOOD.search(first):
        return first + second  # the tail's neighbourhood is one word, whatever it ends in: `(송도` / `동, …)`
    if _IN_BUILDING.search(first):
        # ... and so is the building's name after it, whatever it ends in (`(구로동, 한라시` / `그마밸리)`: its 시 is
        # no city's, a third independent set's text layer)
        return first + second
    if _UNIT_END.search(first) or second.startswith(("(", "（")):
        return f"{first} {second}"
    if _UNIT_START.match(second) and re.search(r"[가-힣A-Za-z]$", first) and not first.endswith(("로", "길")):
        return f"{first} {second}"
    if _UNIT_START.match(second) and _BUILDING_NUMBER_END.search(first):
        return f"{first} {second}"
    return first + second


_UNIT_START = re.compile(r"[A-Za-z]?\d+(층|호)")
# the line ends inside the tail's building name, after its neighbourhood and comma (`(구로동, 한라시`)
_IN_BUILDING = re.compile(r"[(（][가-힣\d]+(동|가|리|읍|면)\s*,\s*[가-힣]+$")
# the line ends inside the `(동, 건물명)` tail's first word, the neighbourhood (`…(송도`: its 도 is no province's)
_IN_NEIGHBOURHOOD = re.compile(r"[(（][가-힣\d]+$")
# the tail's neighbourhood, whole, ending the line (`(장항동`), and the next line a building's name closing the tail
# (`벤처타운)`): the reference prints the two with a comma between (`(동, 건물명)`), which Tesseract often misses
# at a line's end. Not the end of a neighbourhood broken before its last syllables (`(가리` / `봉동)`).
_WHOLE_NEIGHBOURHOOD = re.compile(r"[(（][가-힣\d]*[가-힣](동|가|리)$")
_BUILDING_CLOSING = re.compile(r"[^,，()（）]*[가-힣A-Za-z]{2}(?<![동가리])[)）]")
# a road's or a neighbourhood's building or lot number, whole, ending the line (`10길 123`, `중동 821-50`)
_BUILDING_NUMBER_END = re.compile(r"[가-힣\d](로|길|동|가|리) ?\d+(-\d+)?$")


_DATE_SHAPE = re.compile(r"(19|20)\d\d\s*[^\d\s]{1,2}\s*\d{1,2}\s*[^\d\s]{1,2}\s*\d{1,2}")
# a year and 년 or a date's mark after it; or a whole date with 년 misread (`2026닌09월30일`)
# ... or `2007 11월 02일`, its 년 lost (a speck beside it): a year, then a month and a day spelled out
_DATE_LIKE = re.compile(r"(19|20)\d\d\s*(년|[.\-/])|(19|20)\d{3,4}[월윌웰율울]\d{1,2}[일읠잁]|" + _DATE_SHAPE.pattern)
_DATE_LINE = re.compile(_DATE_SHAPE.pattern + r"[^\d\s]{0,2}")


def _belongs_elsewhere(name: str, compact_value: str) -> bool:
    """A value whose shape says it is another item (a misread label took it): a date, an address, or a corporate
    number where a date should be (`개업연월일 120111-1382689`: the date and the next label lost)."""
    head = compact_value[:12]
    if name not in DATE_FIELDS and _DATE_SHAPE.match(head.lstrip(_SEPARATORS)):
        return True
    if name in DATE_FIELDS and _CORPORATE_SHAPE.match(compact_value.lstrip(_SEPARATORS)):
        return True
    return not name.endswith("address") and ADDRESS_START.match(compact_value.lstrip(_SEPARATORS)) is not None


def _repair_date(text: str) -> str:
    """`1966변10월14일`, `2017 년 03[월23 일`, `2006년 (02월 (07일`: a year, month and day with misread marks between
    them; `2017 년 1 1 월 01 일`: a month or day's two digits read a space apart (the form prints both two digits
    wide); `2009년 (0)7월`, `2002년 007월`, `037월`: a speck read as brackets around a digit, or as a zero before one,
    or the stroke after it as a 7 or a 1."""
    text = _SPLIT_DIGITS.sub(r"\1\2", text)
    text = _YEAR_MARK_LOST.sub(r"\1 년 ", text)
    text = re.sub(r"\((\d)\)(?=\d\s*[월일])", r"\1", text)
    text = re.sub(r"(?<!\d)0(?=0[1-9]\s*[월일])", "", text)
    text = re.sub(r"(?<!\d)(0[1-9])[17](?=\s*[월일])", r"\1", text)  # `037월`: 월's first stroke read as a 7
    # `1995년 105월 04일`: a speck read as a 1 (or 7) before a month or day printed in two digits, seed 2609's held-out
    # scan 32; no month or day has three
    text = re.sub(r"(?<![\d\s])(\s*)[17](?=(?:0[1-9]|1[0-2])\s*월)", r"\1", text)
    text = re.sub(r"(?<=월)(\s*)[17](?=(?:0[1-9]|[12]\d|3[01])\s*일)", r"\1", text)
    # `20231 년`: a speck read as a digit after the year (seed 7411's held-out photo 6), or before it; no year has five
    text = re.sub(r"(?<!\d)((?:19|20)\d\d)\d(?=\s*년)", r"\1", text)
    text = re.sub(r"(?<!\d)\d((?:19|20)\d\d)(?=\s*년)", r"\1", text)
    # `2010년:ㆍ01월 30일`: up to two specks beside the 년 (seed 6734's held-out scan 44)
    match = re.search(r"((?:19|20)\d\d)(?:\s*[^\d\s]){1,3}\s*(\d{1,2})(?:\s*[^\d\s]){1,3}\s*(\d{1,2})(?!\d)", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1 <= int(match.group(3)) <= 31:
        return text
    if re.search(r"(19|20)\d\d\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일?", text):
        return text
    return f"{match.group(1)} 년 {match.group(2)} 월 {match.group(3)} 일"


_YEAR_MARK_LOST = re.compile(r"((?:19|20)\d\d)\s+(?=\d{1,2}\s*[월윌웰율울])")  # `2007 11월 02일`: 년 lost
_SPLIT_DIGITS = re.compile(r"([년월]\s*\d) (\d)(?=\s*[월일])")


def _confs(name: str, touched: list[Word]) -> tuple[float, ...]:
    """The word confidences a value's reading rests on: for a date, only the words with its digits (a misread 년 or
    월 between them does not change the date, and the date's own rules check the digits)."""
    if name in DATE_FIELDS or name == RESIDENT_NUMBER:
        digits = [w.conf for w in touched if any(ch.isdigit() for ch in w.text)]
        if digits:
            return tuple(digits)
    return tuple(w.conf for w in touched)


def value_of(name: str, printed: str) -> str:
    """The value of an item from the text printed after its label, as the reader makes it."""
    return _value(name, raw_text_of(name, printed))


def raw_text_of(name: str, printed: str) -> str:
    """The item's text as read, cleaned of what is not part of it: before `value_of`'s guesses (a `㈜` or a given
    name's syllable put back), which confidence.cap_for never trusts."""
    return _strip_junk(name, printed)


def _value(name: str, raw_text: str) -> str:
    if name == "company_name":
        raw_text = names.form_restored(names.with_form_apart(_ENCLOSED_MARK_READ.sub("㈜", raw_text)))
    if name == "representative":
        raw_text = names.surname_restored(raw_text)  # `흥상태`: 홍 read as 흥
        if names.looks_like_a_name(raw_text):
            raw_text = names.given_name_restored(raw_text)  # `임하회`: 희 read as 회
    if name in NUMBER_GROUPS:
        raw_text = _extra_digit_dropped(name, raw_text)
    if name == "business_item":
        raw_text = item_names.snapped(raw_text)  # `거피전문점`: a syllable misread in a name many certificates print
    return normalise(name, _repair_date(raw_text) if name in DATE_FIELDS else raw_text)


def _extra_digit_dropped(name: str, text: str) -> str:
    """`178-94-037124`: a number printed in its groups with one group read a digit too long (Tesseract reads the
    flag of some faces' 1 as a 7 before it: `03124` as `037124`). The number is the only one its check digit accepts
    with one digit of that group dropped; else (none, or two that pass) the reading as it is. The raw text keeps
    what was read, and confidence.cap_for never trusts the repair. (One in ten numbers passes a check digit, so where
    several do, the one whose dropped digit is a 7 before a 1 is taken, if it is the only one; else a 1 at the group's
    edge, the colon or cell border beside it read as a 1: `등록번호:1574-86-16934`; else one of a digit read twice:
    `337-16-669839`.)"""
    groups = re.findall(r"\d+", text)
    shape = NUMBER_GROUPS[name]
    if sum(map(len, groups)) != sum(shape) + 1:
        return text
    if len(groups) == len(shape) - 1:
        return _hyphen_dropped(name, groups) or text
    long = [i for i, (group, size) in enumerate(zip(groups, shape, strict=False)) if len(group) == size + 1]
    if len(groups) != len(shape) or len(long) != 1:
        return text
    before, group, after = "".join(groups[: long[0]]), groups[long[0]], "".join(groups[long[0] + 1 :])
    passing = {k: number for k in range(len(group))
               if CHECK_DIGIT[name](number := before + group[:k] + group[k + 1 :] + after)}
    doubled = {k for k in range(len(group) - 1) if group[k] == group[k + 1]}
    for likelier in (lambda k: group[k : k + 2] == "71", lambda k: group[k] == "1" and k in (0, len(group) - 1),
                     lambda k: k in doubled):
        narrowed = {k: number for k, number in passing.items() if likelier(k)}
        if len(set(passing.values())) > 1 and narrowed:
            passing = narrowed
    return next(iter(passing.values())) if len(set(passing.values())) == 1 else text


def _hyphen_dropped(name: str, groups: list[str]) -> str | None:
    """`132007-54476`, `326-81798763`: a number whose hyphen was read as a digit (a held-out face's dash taken for a
    0 or a 7), two of its groups run together with one digit between them. The digit where the hyphen is printed is
    dropped when the check digit then holds; there is only one such place, so this is no guess among several (one
    misreading in ten passes a check digit: confidence.cap_for never trusts the repair)."""
    shape = NUMBER_GROUPS[name]
    for i in range(len(shape) - 1):
        run_together = (*shape[:i], shape[i] + 1 + shape[i + 1], *shape[i + 2 :])
        if tuple(map(len, groups)) == run_together:
            digits, hyphen = "".join(groups), sum(shape[: i + 1])
            number = digits[:hyphen] + digits[hyphen + 1 :]
            return number if CHECK_DIGIT[name](number) else None
    return None


# `@대성하이텍`, `쥐누리네트웍스`, `뚜한빛건설`, `(청솔홀딩스`, `(%초록엔지니어링`, `(?미래제약`, `(#온누리화학`: the
# one-character `㈜` (a round mark with a syllable inside) read as `@`, as a syllable it looks like (the rim's left
# arc taken for ㄸ or ㅁ; hardly a company's name starts with 쥐, 뚜, 뛰, 때 or 며), or as its left rim alone, a
# bracket that never closes (not `(주`, the three-character form with its bracket lost), perhaps with the syllable
# inside read as a mark or as itself, glued to the name. The value gets its `㈜` back; the raw text keeps what was
# read, and confidence.cap_for never trusts the guess. The mark read both ways (`㈜쥐온누리로지스`, `(쥐도담소프트`) is
# one.
_ENCLOSED_MARK_READ = re.compile(
    r"^㈜?\s?(?:[@®©쥐줘뚜뛰때며]\s?|[(（][%?*#]?(?!주)[쥐줘뚜뛰때며]?(?=[가-힣]{2}[^()（）]*$))(?=[가-힣]{2})"
)


def _cut_at_gap(line: Line, where: list[tuple[int, int]], start: int, end: int, *, gap: float = _BIG_GAP) -> int:
    """Where the value stops at the next column: the first gap between words wider than `gap` line heights."""
    if start >= end:
        return end
    height = line.height
    for p in range(start + 1, end):
        wi, ci = where[p]
        if ci == 0 and wi > 0 and where[p - 1][0] == wi - 1:
            if line.words[wi].box[0] - line.words[wi - 1].box[2] > gap * height:
                return p
    return end


def _gap_from(name: str | None, compact: str, start: int, end: int) -> int:
    """Where a value may first stop at a wide gap: an address not before its first number (the words up to it are
    place names, never another column's; a seal or a lost syllable leaves a gap among them: `경상남도 __ 시 의창구`)."""
    if name is None or not name.endswith("address"):
        return start
    digit = re.search(r"\d", compact[start:end])
    return start + digit.start() if digit else end


def _cut_at_digit(compact: str, start: int, end: int, leftovers: list[_Segment], line: Line, row: int) -> int:
    """`성 명 : 권수예 1988 년 ...` with the 생년월일 label unread: the name stops before the date."""
    for p in range(start, end):
        if compact[p].isdigit():
            leftovers.append(_Segment(line, p, end, "representative", row))
            return p
    return end


def _may_be_opening(segment: _Segment, before: str, *, table: int | None) -> bool:
    """A date whose label could not be read is the opening date when it sits where the opening date is printed:
    above the category table, not after another date's label, not with what is left of `(적용일자:`."""
    above_table = table is None or segment.row < table
    return above_table and segment.after not in DATE_FIELDS and not any(ch in "적용" for ch in before)


def _may_be_birth(segment: _Segment, before: str, found: dict[str, Found], rows: dict[str, int],
                  dated: set[int], lines: list[Line], labelled: dict[int, list[_Match]]) -> bool:
    """A date on the line under the representative, its label too garbled to tell `생 년 월 일` from `개 업 연 월 일`
    (`월 일 :`), is the birth date when the opening date was read elsewhere, or when the next line is another such
    date: the 2018 form prints the birth date there and the opening date under it. With the opening date under it,
    the label's syllables may come out in any order or twice (`일 일 :`, seed 2718's held-out print 17), as long as none
    is the opening date's (`연`, `개`, `업`); a syllable may have lost its final (`녀 월 일 :`, seed 8093's held-out
    image PDF 48). A stray line or two between the name and the date (`편모`, what was left of a label: seed 6262's
    held-out print 4, every label lost) do not part them."""
    head = near_names.without_finals("".join(ch for ch in before if "가" <= ch <= "힣"))
    birth = near_names.without_finals("생년월일")
    representative = rows.get("representative", -2)
    under_representative = segment.row == representative + 1 or (
        representative >= 0 and representative + 1 < segment.row <= representative + 3
        and all(row not in labelled and row not in dated and len(lines[row].compact()[0]) <= _STRAY_LETTERS
                for row in range(representative + 1, segment.row)))
    opening_elsewhere = "opening_date" in found and rows.get("opening_date") != segment.row
    opening_below = segment.row + 1 in dated and "opening_date" not in found
    opening_next = opening_below or rows.get("opening_date") == segment.row + 1
    label = _is_subsequence(head, birth) or (opening_next and set(head) <= set(birth))
    return under_representative and (opening_elsewhere or opening_below) and label


_REMNANT = 6  # characters before a date: what is left of its label (`업월`, `년월`, `생년월일:`)
_STRAY_LETTERS = 4  # a line between the name and a date holding no label, no date and this few letters is a stray


def _owners_label_beside(row: int, lines: list[Line], labelled: dict[int, list[_Match]]) -> bool:
    """The line `row` holds the owner's address label (2000s form) and the rest of an address after it, not one of
    its own: the label is printed between the address's two lines, so the line above is the owner's address's
    first (seed 3584's held-out image PDF 11: the business's row lost, the owner's taken for it)."""
    owner = next((m for m in labelled.get(row, ()) if m.name is None and m.label == _OWNERS_ADDRESS), None)
    if owner is None:
        return False
    compact, _ = lines[row].compact()
    return ADDRESS_START.search(compact[owner.end:]) is None


_OWNERS_ADDRESS = "사업자의주소"


def _place(segment: _Segment, state: _State, *, table: int | None, dated: set[int], lines: list[Line],
           labelled: dict[int, list[_Match]]) -> None:
    """A piece of the body no label claimed: an address or a date by its shape and what is left of its label (an
    address with its wrapped second line), the company name or representative by their row. A date with nothing to
    say what it is stays unreported."""
    found, rows = state.found, state.rows
    compact, where = segment.line.compact()
    text = compact[segment.start : segment.end]
    name, offset = None, 0
    address = ADDRESS_START.search(text) or _ADDRESS_LOOSE.match(text.lstrip(_SEPARATORS))
    date = _DATE_START.search(text) or _DATE_SHAPE.search(text)
    corporate = _CORPORATE_SHAPE.search(text)
    resident = _MASKED_RESIDENT.search(text)
    if (resident and not corporate and "birth_date" not in found
            and (segment.after == "representative" or rows.get("representative") == segment.row - 1)):
        # the owner's resident number under their name, its label lost (2000s form, `: 981104-1******`): the birth
        # date is its first six digits (a sixth independent set's scan)
        start, end = segment.start + resident.start(), segment.start + resident.end()
        _raw, touched, box = span_text(segment.line, where, start, end)
        birth = _birth_from_resident_number(compact[start:end])
        if birth and touched:
            found["birth_date"] = Found(name="birth_date", raw_key="", raw_text=compact[start:start + 8], value=birth,
                                        confs=_confs("birth_date", touched) + (POSITIONAL_CONF,), box=box)
        return
    if (corporate and "corporate_number" not in found and not address and not date
            and CHECK_DIGIT["corporate_number"](corporate.group(0).replace("-", ""))):
        # its label lost, the number's own shape and check digit say what it is (a resident number is masked)
        name, offset = "corporate_number", corporate.start()
    elif address and _owners_label_beside(segment.row + 1, lines, labelled):
        return  # the owner's address, its label centred between its two lines (`사업자의주소 70, 7층(…)` under it)
    elif address:
        name = next((n for n in ("business_address", "head_office_address") if n not in found), None)
        offset = address.start()
        corporate = "corporate_number" in found or "법인" in str(found.get("tax_type"))
        if name == "head_office_address" and not corporate:
            name = None
    elif date:
        label_left = text[: date.start()]
        # what is printed just before the date: the label's remnant, which may have been cut off as another's
        line_left = compact[max(0, segment.start + date.start() - _REMNANT): segment.start + date.start()]
        if "업" in line_left and "생" not in line_left and "opening_date" not in found:
            # what is left of 개업연월일 (`업 월 2017 년 …`: its letter-spaced syllables read in part), whatever row
            # it follows: no birth date's label holds 업 (a 2018 form printing the opening date first, then the
            # birth date, an eighth independent set)
            name = "opening_date"
        elif re.search("[생년]", line_left) and "업" not in line_left and "birth_date" not in found:
            name = "birth_date"  # ... and of 생년월일 (`년 월 1971 년 …`): 개업연월일 spells its 연 otherwise
        elif segment.after == "representative" or _may_be_birth(segment, label_left, found, rows, dated, lines,
                                                                 labelled):
            name = "birth_date" if "birth_date" not in found else None
        elif "opening_date" not in found and _may_be_opening(segment, label_left, table=table):
            name = "opening_date"
        offset = date.start()
    elif segment.after is None and "registration_number" in rows and segment.start == 0:
        position = segment.row - rows["registration_number"] - 1
        if 0 <= position < len(_FIRST_ROWS) and _FIRST_ROWS[position] not in found:
            name = _FIRST_ROWS[position]
            rows[name] = segment.row
            head = range(segment.start, min(segment.end, segment.start + 4))
            colon = next((p for p in head if compact[p] in _COLONS), None)
            # past what is left of a label (`호 : 우리공방`), unless nothing follows: then the mark is a speck after
            # the value of a label lost whole (`장성민 ㆍ 생 년 월 일 : …`)
            if colon is not None and any("가" <= ch <= "힣" for ch in compact[colon + 1 : segment.end]):
                segment = _Segment(segment.line, colon + 1, segment.end, None, segment.row)
            if name == "representative":
                name_end = next((p for p in range(segment.start, segment.end) if not "가" <= compact[p] <= "힣"), None)
                if name_end is not None:
                    segment = _Segment(segment.line, segment.start, name_end, None, segment.row)
    if name is None:
        return
    start = segment.start + offset
    start, end = _strip_separators(compact, start, segment.end)
    raw_text, touched, box = span_text(segment.line, where, start, end)
    confs = _confs(name, touched)
    at_line_end = not compact[end:].strip(_SEPARATORS)
    if name.endswith("address") and touched and at_line_end and segment.row + 1 not in state.consumed:
        first = _first_letter_or_digit(touched)
        wrap = _wrapped_line(lines, segment.row, first.box, labelled)
        if wrap is not None and wrap[0] not in state.consumed:
            wrapped_row, wrapped = wrap
            state.consumed.add(wrapped_row)
            raw_text, box, confs = _with_wrap(segment.line, start, end, wrapped, raw_text=raw_text, box=box,
                                              confs=confs)
    raw_text = _strip_junk(name, raw_text)
    if not touched or not _plausible(name, raw_text):
        return
    found[name] = Found(
        name=name,
        raw_key="",
        raw_text=raw_text,
        value=_value(name, raw_text),
        confs=confs + (POSITIONAL_CONF,),
        box=box,
    )


# ---------------------------------------------------------------- the category table

_TABLE_GAP = 3.0  # in line heights: a gap this tall below a row ends the table
_COLUMN_GAP = 1.5  # in line heights: the gap between the type and item columns, when the 종목 label is unread
_HEAD = "사업의종류"
# the table's head word read alone (`사업의 이`, the rest lost to its rules) is no category, nor a column's label read
# alone (`입태`, seed 3361's held-out photo 14)
_LABEL_ALONE = re.compile(rf"{_HEAD[:3]}|{_TYPE_LABEL}|{_ITEM_LABEL}")


def _table_row(lines: list[Line], labelled: dict[int, list[_Match]]) -> int | None:
    """The line that opens the category table: the one with 업태/종목 read exactly, else the one with `사업의 종류`,
    else one under another item's label with a doubtful 업태/종목 that is followed by neither a date nor an address
    (`업 연 월 : 1992 년 …` and `업 : 서울특별시 …` are what is left of other labels), else one that starts with
    the head's first word."""
    def exact(row: int, match: _Match) -> bool:
        return match.name in CATEGORIES and match.distance == 0 and match.end - match.start == len(match.label)

    def head(row: int, match: _Match) -> bool:
        return match.label == _HEAD

    def doubtful(row: int, match: _Match) -> bool:
        compact, _ = lines[row].compact()
        # and under another item's label: the table is printed under the names (`업 자 등`, the title cut short,
        # is no 업태 whose 태 was lost)
        under_an_item = any(r < row and any(m.name not in (None, *CATEGORIES) for m in ms)
                            for r, ms in labelled.items())
        return (match.name in CATEGORIES and not _DATE_SHAPE.search(compact) and not ADDRESS_START.search(compact)
                and under_an_item)

    for opens in (exact, head, doubtful):
        row = next((r for r, ms in labelled.items() if any(opens(r, m) for m in ms)), None)
        if row is not None:
            return row
    # the head's first word alone, the rest of the row lost to the table's rules (`사업의 이`, seed 1877's held-out
    # scan 24): no other label starts with it
    return next((r for r, line in enumerate(lines) if line.compact()[0].startswith(_HEAD[:3])), None)


def _table_lines(lines: list[Line], start: int, labelled: dict[int, list[_Match]]) -> list[int]:
    """The lines of the table: those level with its opening line (a first row Tesseract split in two) and those
    under it, down to the next labelled item, the issue date, the tax office or a tall gap."""
    anchor = lines[start]
    height = anchor.height
    rows = [start]
    above = start - 1
    # level: the middles of their words within half a line (a wrapped address right above is not level)
    while (above >= 0 and not _other_item(above, labelled)
           and abs(_middle(lines[above]) - _middle(anchor)) < 0.5 * height):
        rows.insert(0, above)
        above -= 1
    if (above >= 0 and any(m.label == _HEAD for m in labelled.get(above, ()))
            and _middle(anchor) - _middle(lines[above]) < _HEAD_ABOVE * height):
        # `사업의 종류 :` on the line just over `업태 … 종목`, an item's first line beside it: a cell of two lines set
        # level with the type's middle (a third independent set)
        rows.insert(0, above)
    bottom = anchor.box[3]
    for row in range(start + 1, len(lines)):
        line = lines[row]
        # a cell wrapped onto this line from one that cannot end a name (`… 햄버거 및` / `: 유사 음식점업`, a speck
        # read as a colon before it) goes on with the table, whatever marks start it
        goes_on = categories.cannot_end(lines[rows[-1]].compact()[0]) and not _other_item(row, labelled)
        if (_after_table(lines, row, labelled) and not goes_on or line.box[1] - bottom > _TABLE_GAP * height
                or len(rows) >= 3 * categories.MAX_ROWS):
            break
        rows.append(row)
        bottom = max(bottom, line.box[3])
    return rows


_HEAD_ABOVE = 1.2  # in line heights: how far over the table's opening line its head's line may be, a cell beside it


def _after_table(lines: list[Line], row: int, labelled: dict[int, list[_Match]]) -> bool:
    """Whether the line is what the form prints under the category table: another labelled item, the issue date,
    the tax office, or the next item's value (`: 신규`, `고 으 : 신규`: its label `발급 사유` on a line of its own or
    garbled; `신규` alone, its label lost: 11 of 300 development certificates gained a category row `신규` or
    `재발급`)."""
    compact, _ = lines[row].compact()
    head = compact.lstrip("|ㅣ[]")
    colon = next((i for i, ch in enumerate(head[:4]) if ch in ":;："), None)
    # a speck read as a colon after a row's type (`제조 : 금속구조물`, seed 2958's certificate 42) ended the table
    # there, and its five rows under were lost
    value_of_next = colon is not None and not _starts_a_type(head[:colon])
    if colon == 0:
        # nothing before the mark: a row of the table whose cell border was read as one (`; | 운수 및 창고업`, seed
        # 9462's held-out scan 40) when a type, or its start, follows it
        after = re.sub(r"[^가-힣]", "", head[1:])
        value_of_next = not (_starts_a_type(after) or after.startswith(tuple(_KNOWN_TYPES)))
    # or that item's value alone, its label lost or garbled (`신규`, `쿄 부사 을 재발급`): no category is a reason
    reason = _ISSUE_REASON.fullmatch(re.sub(r"[^가-힣]", "", compact))
    return (_other_item(row, labelled) or value_of_next or reason is not None or bool(_DATE_SHAPE.search(compact))
            or "세무서" in compact or _CERTIFYING.search(compact) is not None)


# (`정정 (사업장 소재지 변경)`: with what was corrected, a sixth independent set's 2000s form)
_ISSUE_REASON = re.compile(r"[가-힣]{0,6}(?:신규|재발급|재교부|정정)(?:[가-힣]{1,8}변경)?")
# `위와 같이 사업자등록을 하였음을 증명합니다`, printed under the table on some forms (an independent set's 2000s
# image PDF gained a category row `였음을 증명합니다`)
_CERTIFYING = re.compile("증명합니다|하였음을|였음을증명")


def _starts_a_type(text: str) -> bool:
    """`text` (two syllables or more) is how a business type, or a section's name, starts (`제조` of 제조업)."""
    syllables = re.sub(r"[^가-힣]", "", text)
    return len(syllables) >= 2 and any(word.startswith(syllables) for word in _KNOWN_TYPES)


def _other_item(row: int, labelled: dict[int, list[_Match]]) -> bool:
    """The line holds the label of an item other than the category table's."""
    return any(m.name not in CATEGORIES and m.label != _HEAD for m in labelled.get(row, ()))


@dataclass(frozen=True)
class _Table:
    rows: list[int]  # the lines it spans
    values: list[Line]  # those lines with the category labels cut out
    columns: categories.Columns
    keys: dict[str, str]  # the printed 업태/종목 labels


def _table(lines: list[Line], *, start: int, labelled: dict[int, list[_Match]]) -> _Table:
    rows = _table_lines(lines, start, labelled)
    labels: dict[str, Box] = {}
    keys: dict[str, str] = {}
    label_rows: dict[str, int] = {}  # where each label was read, as an index into `values`
    values: list[Line] = []
    for row in rows:
        line = lines[row]
        compact, where = line.compact()
        cut: list[tuple[int, int]] = []
        for match in labelled.get(row, ()):
            if match.name in CATEGORIES or match.label == _HEAD:
                name = match.name or _HEAD
                printed, _, box = span_text(line, where, match.start, match.end)
                if match.end < len(where) and where[match.end][1] == 0:
                    # the value's first word starts inside the label's box: Tesseract stretched the label's word
                    # over the value's first syllable (`업태` to the end of 보 in `업태 보건업`)
                    box = (box[0], box[1], min(box[2], line.words[where[match.end][0]].box[0]), box[3])
                if name not in labels:
                    labels[name], keys[name], label_rows[name] = box, printed, len(values)
                cut.append((match.start, match.end))
        values.append(_without(line, cut))
    height = categories.text_height(values) or lines[start].height
    heading = label_rows.get("business_type")
    under = [line for line in values[heading + 1:] if categories.has_text(line.words)] if heading is not None else []
    if under and heading == label_rows.get("business_item") and not categories.has_text(values[heading].words):
        # `업 태` and `종 목` head their columns on a row of their own, the pairs under them: each heading sits
        # somewhere over its column, so the columns are where the values under them start
        # (its first word with Hangul in it: the row's number, `(60)`, `@`, printed before the table's head on the
        # older forms, is no part of the type; a ninth independent set's 2000s forms)
        type_left = min(next((w.box[0] for w in line.words if re.search("[가-힣]", w.text)), line.words[0].box[0])
                        for line in under)
        item_left = categories.column_gap_left(under, after=type_left + 3 * height, height=height, gap=_COLUMN_GAP)
        columns = categories.Columns(type_left=type_left, item_left=item_left or labels["business_item"][0],
                                     height=height)
        return _Table(rows=rows, values=values, columns=columns, keys=keys)
    if "business_type" in labels:
        type_left = labels["business_type"][2]
    elif _HEAD in labels:
        type_left = labels[_HEAD][2]
    else:
        type_left = lines[start].box[0]
    item_left = labels["business_item"][0] if "business_item" in labels else (
        _item_label_left(values, after=type_left + 3 * height)
        or categories.column_gap_left(values, after=type_left + 3 * height, height=height, gap=_COLUMN_GAP))
    columns = categories.Columns(type_left=type_left, item_left=item_left, height=height)
    return _Table(rows=rows, values=values, columns=columns, keys=keys)


def _item_label_left(values: list[Line], *, after: float) -> float | None:
    """Where a 종목 label the label matching missed starts, right of `after`: misread (`종옥`, the pattern of
    `_past_item_label`) or its syllables read as two words (`종 옥`, seed 2958's photo 34), so its column is known."""
    return next((word.box[0] for line in values for start, word in enumerate(line.words)
                 if word.box[0] > after and _item_label_words(line.words, start)), None)


def _middle(line: Line) -> float:
    return statistics.median((w.box[1] + w.box[3]) / 2 for w in line.words)


def _read_categories(lines: list[Line], *, start: int, labelled: dict[int, list[_Match]]
                     ) -> tuple[list[Found], set[int]]:
    """Every 업태/종목 pair in printed order, as `Found`s whose `index` is the row; and the lines the table used."""
    table = _table(lines, start=start, labelled=labelled)
    found: list[Found] = []
    for index, row in enumerate(categories.rows(table.values, columns=table.columns, known=_known_category)):
        type_words = row.type_words
        if index == 0 and "business_type" not in table.keys:
            type_words = _past_type_label(type_words)
        item_words = row.item_words
        if not item_words and (after_label := _past_item_label(type_words)) is not None:
            # the type lost and the item's label read where it was (`46 중 목 인력 공급업`): the item follows it
            type_words, item_words = (), after_label
        for name, words_ in (("business_type", type_words), ("business_item", item_words)):
            item = _category_found(name, words_, raw_key=table.keys.get(name, "") if index == 0 else "", index=index)
            if item is not None:
                found.append(item)
    return found, set(table.rows)


def _known_category(column: str, text: str, start: bool = False) -> bool:
    """`text` is a name the category table's `column` ("type" or "item") prints, a section or a listed trade; with
    `start`, it is the start of one (or one whole)."""
    compact = re.sub(r"[\s,]", "", text)
    if column == "item":
        return item_names.begins(compact) if start else item_names.is_listed(text)
    return any(key.startswith(compact) for key in _KSIC_SECTIONS) if start else compact in _KSIC_SECTIONS


def damaged_table(lines: list[Line]) -> Box | None:
    """Where to read the category table again, when Tesseract garbled some of it or lost some of it.

    Lost rows show as a gap the table ended at, a line of it read under the gap, before the item under the table:
    the table is then read down to that item (its top, less the half line the second reading's band adds). A table
    whose every value was lost (`사업의 종류` alone), or whose first row was read from the 종목 label on (the head
    and the type lost), is read again across the other items' width, down to the item under it."""
    labelled = _labelled(lines)
    start = _table_row(lines, labelled)
    if start is None:
        return None
    table = _table(lines, start=start, labelled=labelled)
    box = union([lines[row].box for row in table.rows])
    read = any(categories.has_text(line.words) for line in table.values)
    height = table.columns.height
    below = next((row for row in range(table.rows[-1] + 1, len(lines)) if _after_table(lines, row, labelled)), None)
    bottom = lines[below].box[1] - 0.5 * height if below is not None and (
        lines[below].box[1] <= box[1] + _TABLE_REACH * height) else None
    items = [lines[row].box for row in labelled if row not in table.rows]
    # every value read starts far right of the type column: the types were lost, an item or two read alone
    starts = [_text_left(line) for line in table.values if categories.has_text(line.words)]
    types_lost = bool(starts) and min(starts) > table.columns.type_left + _HEAD_WIDTH * height
    if items and bottom is not None and (
            not read or types_lost or box[0] > min(b[0] for b in items) + _HEAD_WIDTH * height):
        return (min(box[0], *(b[0] for b in items)), box[1], max(box[2], *(b[2] for b in items)), max(box[3], bottom))
    if bottom is not None and below > table.rows[-1] + 1:
        skipped = union([lines[row].box for row in range(table.rows[-1] + 1, below)])
        return (box[0], box[1], max(box[2], skipped[2]), max(box[3], bottom))
    if bottom is not None and _LOST_ROWS[0] <= (lines[below].box[1] - box[3]) / height <= _LOST_ROWS[1]:
        # nothing read between the table and the item under it, but room for rows: whole rows lost to the emblem,
        # their items perhaps longer than the rows read (as wide as the other items' lines)
        return (box[0], box[1], max([box[2], *(b[2] for b in items)]), max(box[3], bottom))
    if _items_lost(table):
        # the whole item column lost (a photo's soft focus): read as far right of the 종목 label as the types run
        # right of 업태 and half as far again (second_look keeps the band on the page)
        columns = table.columns
        right = max(box[2], columns.item_left + _ITEMS_REACH * (columns.item_left - columns.type_left))
        return (box[0], box[1], right, box[3] if bottom is None else max(box[3], bottom))
    return box if categories.damaged(table.values, columns=table.columns) else None


def _items_lost(table: _Table) -> bool:
    """The table's 종목 label was read, and types under 업태, but not one word right of the label in any row."""
    item_left = table.columns.item_left
    if "business_item" not in table.keys or item_left is None:
        return False
    types = any(categories.has_text([w for w in line.words if w.box[2] <= item_left]) for line in table.values)
    return types and not any(categories.has_text([w for w in line.words if w.box[2] > item_left])
                             for line in table.values)


_ITEMS_REACH = 1.5  # of the type column's width, right of the 종목 label: where a lost item column's values end
_HEAD_WIDTH = 5.0  # in text heights: `사업의 종류 :`; a table's first line starting further right lost its head
_TABLE_REACH = 2.5 * categories.MAX_ROWS  # in text heights: how far under its first row a table of seven rows ends
# in text heights: a gap this tall between the table's last line read and the item under it held rows (the newer
# forms print the next item a row or two under the table; seed 1877's held-out scan 24 lost six rows and had 8.2);
# a taller one is an older form's blank page
_LOST_ROWS = (3.5, 10.0)


def categories_read_again(lines: list[Line]) -> list[Found]:
    """The categories of the table's second reading (its lines alone)."""
    if not lines:
        return []
    labelled = _labelled(lines)
    start = _table_row(lines, labelled)
    return _read_categories(lines, start=start if start is not None else 0, labelled=labelled)[0]


def _without(line: Line, spans: list[tuple[int, int]]) -> Line:
    """The line with the characters of `spans` (compact positions: its labels) cut out of its words."""
    if not spans:
        return line
    compact, where = line.compact()
    drop = {p for start, end in spans for p in range(start, end)}
    keep: dict[int, list[int]] = {}
    for p, (wi, ci) in enumerate(where):
        if p not in drop:
            keep.setdefault(wi, []).append(ci)
    out = []
    for wi, chars in keep.items():
        word = line.words[wi]
        left, top, right, bottom = word.box
        width = (right - left) / max(1, len(word.text))
        lo, hi = min(chars), max(chars) + 1
        out.append(replace(word, text="".join(word.text[c] for c in chars),
                           box=(left + lo * width, top, left + hi * width, bottom)))
    return Line(words=out) if out else Line(words=[])


def _past_type_label(words_: tuple[Word, ...]) -> tuple[Word, ...]:
    """The first type when its 업태 label was not read: past what is left of `사업의 종류 :` and of a misread
    `업태` (`염태`, one syllable off), when more words follow."""
    rest = list(words_)
    colon = next((i for i, w in enumerate(rest[:3]) if any(ch in _COLONS for ch in w.text)), None)
    if colon is not None and colon + 1 < len(rest):
        rest = rest[colon + 1 :]
    if len(rest) > 1 and levenshtein(rest[0].text.strip(categories.BORDER), "업태") <= 1:
        rest = rest[1:]
    return tuple(rest)


def _past_item_label(words_: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """The words after the item's label (`종목`, its syllables read apart or misread) that `words_` start with, past
    specks read as digits; None when they do not start so."""
    start = next((i for i, w in enumerate(words_) if not w.text.strip(categories.BORDER).isdigit()), len(words_))
    size = _item_label_words(words_, start)
    return words_[start + size:] if size else None


def _item_label_words(words_: tuple[Word, ...] | list[Word], start: int) -> int:
    """How many words from `start` (one or two: `종목`, `종 옥`) read as the item's label, with words after them;
    0 when none do."""
    for size in (1, 2):
        label = "".join(w.text.strip(categories.BORDER) for w in words_[start:start + size])
        if len(words_) > start + size and re.fullmatch(rf"{_ITEM_LABEL}[:：]?", label):
            return size
    return 0


def _category_found(name: str, words_: tuple[Word, ...], *, raw_key: str, index: int) -> Found | None:
    if not words_:
        return None
    pieces = [w.text.strip(categories.BORDER) or w.text for w in words_]
    height = statistics.median(w.box[3] - w.box[1] for w in words_)
    text = _strip_junk(name, join_by_gaps(list(words_), pieces, height=height))
    if not _plausible(name, text):
        return None
    return Found(name=name, raw_key=raw_key or UNLABELLED_KEYS[name], raw_text=text, value=_value(name, text),
                 confs=tuple(w.conf for w in words_), box=categories.box_of(words_), index=index)


# ---------------------------------------------------------------- items printed without a label


_TAX_TYPE_LETTERS = {category: Counter(category) for category in TAX_TYPES}


def _tax_type(lines: list[Line]) -> Found | None:
    """The tax type printed under the title (`( 법인사업자 )`, `법인사업자:본점`), snapped to the closed list when the
    reading is at most one character off; the nearer, then the longer, member wins (`면세법인사업자` over
    `법인사업자`). How far the reading was from the member is the confidence's business (confidence)."""
    best: tuple[int, int, Found] | None = None
    for line in lines:
        # a bar is a speck or a stamp's edge, never a letter of the type (`( 법인ㅅ |업자 )`)
        kept = [(ch, at) for ch, at in zip(*line.compact(), strict=True) if ch not in "|｜!"]
        compact, where = "".join(ch for ch, _ in kept), [at for _, at in kept]
        letters = Counter(compact)
        for category in TAX_TYPES:
            n = len(category)
            # a window one edit from the type holds all its letters but one: a line without them holds no such window
            if (letters & _TAX_TYPE_LETTERS[category]).total() < n - 1:
                continue
            for size in (n - 1, n, n + 1):
                for start in range(0, len(compact) - size + 1):
                    distance = levenshtein(compact[start : start + size], category)
                    if distance > 1 or (best and (best[0], -best[1]) <= (distance, -n)):
                        continue
                    raw_text, touched, box = span_text(line, where, start, start + size)
                    best = (distance, n, Found(name="tax_type", raw_key=UNLABELLED_KEYS["tax_type"],
                                               raw_text=raw_text, value=category,
                                               confs=tuple(w.conf for w in touched), box=box))
    return best[2] if best else None


_OFFICE_NAME = 8  # syllables before 세무서 at most (`서울지방국세청` is not an office that issues certificates)
_ANY_OFFICE = "관할"  # `관할세무서`, "the office in charge": a notice's words, never the issuing office's name
# `○○세무서장` with one syllable of the title misread or lost (`세두서장`, `세무저장`, `세무장`): the seal is printed
# over its end; or with its last two lost under the seal at the line's end (`마포세무`: kept only for an office)
_OFFICE_TITLE = re.compile(r"세무서|(?:.무서|세.서|세무.?)(?=장)|세무$")


def _office_at(compact: str) -> int:
    """Where `세무서` starts in a line, read exactly or with one syllable of `세무서장` misread or lost; -1 when it is
    not."""
    match = _OFFICE_TITLE.search(compact)
    return match.start() if match else -1


def _office(line: Line) -> Found | None:
    """The issuing office in a line that holds `○○세무서장`."""
    compact, where = line.compact()
    at = _office_at(compact)
    start = at
    while start > 0 and at - start < _OFFICE_NAME and "가" <= compact[start - 1] <= "힣":
        start -= 1
    if at < 0 or start == at or compact[:at].endswith(_ANY_OFFICE):
        return None
    raw_text, touched, box = span_text(line, where, start, min(at + 3, len(compact)))
    office = tax_offices.snapped(compact[start:at] + "세무서")  # the title as it must be printed, whatever was misread
    if compact[at:] == "세무" and not tax_offices.known(office):
        return None
    return Found(name="tax_office", raw_key=UNLABELLED_KEYS["tax_office"], raw_text=raw_text, value=office,
                 confs=tuple(w.conf for w in touched), box=box)


def _bottom_items(lines: list[Line], *, labelled: dict[int, list[_Match]], skip: set[int]) -> dict[str, Found]:
    """Under the items: the issuing tax office (`○○세무서장`, the bottom-most) and the issue date printed above
    it, below the last item. Dates elsewhere on the page (적용일자, an issue number) are not the issue date, and
    marks under the office (barcodes, a stamp) that Tesseract read as a label do not hide it."""
    items: dict[str, Found] = {}
    office_row = None
    # a note under the title may name an office too (`변경이 있을 때에는 관할세무서에…`): the bottom-most line naming
    # an office that exists is the title's, else the bottom-most naming any
    offices = [(row, office) for row in range(len(lines) - 1, min(labelled), -1)
               if (office := _office(lines[row])) is not None]
    chosen = next(((row, o) for row, o in offices if tax_offices.known(o.value)), offices[0] if offices else None)
    if chosen is not None:
        office_row, items["tax_office"] = chosen
    last = office_row if office_row is not None else len(lines) - 1
    below = max((row for row in labelled if row < last), default=-1)
    dated = [row for row in range(last, below, -1) if row not in skip and _DATE_LIKE.search(lines[row].compact()[0])]
    # the form prints the issue date as `2020 년 07 월 13 일`; a dotted date under it is a stamp's (`원본대조필`)
    spelled = [row for row in dated if "년" in lines[row].compact()[0]]
    issue = _issue_date(lines[(spelled or dated)[0]]) if dated else None
    if issue is not None:
        items["issue_date"] = issue
    return items


def _registration_unlabelled(lines: list[Line], *, skip: set[int]) -> Found | None:
    """The registration number whose label was lost (`;번호:418-95-62391`, 등록 read as marks on a held-out photo):
    the topmost number printed in its shape whose check digit passes. No other number on the form has that shape
    (the corporate number is 6-7 digits, an issue number 4-3-4-3), and the check digit leaves a tenth of chance
    shapes; its confidence is the number's own (its digits' and check digit's)."""
    for row, line in enumerate(lines):
        if row in skip:
            continue
        compact, where = line.compact()
        for number in kind_guess.REGISTRATION_NUMBER.finditer(compact):
            if CHECK_DIGIT["registration_number"](re.sub(r"\D", "", number.group())):
                raw_text, touched, box = span_text(line, where, number.start(), number.end())
                return Found(name="registration_number", raw_key=_REGISTRATION_KEY, raw_text=raw_text,
                             value=_value("registration_number", raw_text),
                             confs=_confs("registration_number", touched), box=box)
    return None


_REGISTRATION_KEY = "등록번호"


def _issue_date(line: Line) -> Found | None:
    """The issue date in a line holding one (_DATE_LIKE), from the year on."""
    compact, where = line.compact()
    date = _DATE_LIKE.search(compact)
    if date is None:
        return None
    raw_text, touched, box = span_text(line, where, date.start(), len(compact))
    return Found(name="issue_date", raw_key=UNLABELLED_KEYS["issue_date"], raw_text=raw_text,
                 value=_value("issue_date", raw_text), confs=_confs("issue_date", touched), box=box)


# `년 10 월 21 일` (marks or 년 before the month, 월 and 일 as Tesseract misreads them), `)022 년 08 월 24 일`: a
# date whose year is lost or cut short
_YEAR_LOST = re.compile(r"[^\d\s]{0,3}(?:\d{1,3}[^\d\s]{0,2})?\d{1,2}[월윌웰율울]\d{1,2}[일읠잁]?")
_ABOVE_OFFICE = 6.0  # in the date's heights: the issue date is printed this close above the office's name
_YEAR_ROOM = 4.0  # ... and its year this far left of its month at most


def issue_date_read_again(image: Image.Image, found: list[Found], *, lang: str, lines: list[Line]) -> list[Found]:
    """The issue date read again on its own line when the page's reading lost its year: a crisp `2022 년 10 월 21
    일` in a face the model reads poorly comes out of the page's layout analysis as `년 10 월 21 일`, the year
    dropped as no word at all. The line right above the office's name that holds a month and a day but no year is
    read again as one line, widened leftwards by the year's room."""
    office = next((f for f in found if f.name == "tax_office"), None)
    if office is None or any(f.name == "issue_date" for f in found):
        return found
    yearless = [line for line in lines if _YEAR_LOST.fullmatch(line.compact()[0])
                and 0 <= office.box[1] - line.box[3] <= _ABOVE_OFFICE * line.height]
    if not yearless:
        return found
    line = yearless[-1]
    height = line.height
    band = (max(0, round(line.box[0] - _YEAR_ROOM * height)), max(0, round(line.box[1] - 0.5 * height)),
            min(image.width, round(line.box[2] + height)), min(image.height, round(line.box[3] + 0.5 * height)))
    read = _placed(words(image.crop(band), lang=lang, config="--psm 7"), at=band)
    date = next((d for again in lines_of(read) if (d := _issue_date(again)) is not None), None)
    return found if date is None else [*found, date]


# The category table is where Tesseract's page layout analysis fails most: ruled cells and the emblem behind them.
# When its reading looks garbled the table is read once more on its own (cell borders erased, print enlarged);
# measured on generated sets: +5 points of category pairs in place, for one short Tesseract run on those pages only.
# (The second look at every weak free-text value is gone: about +1 point of fields, but a second Tesseract run on
# nearly every page, which took the median to 1.5x the bare command before image preparation's own cost.)


def second_look(image: Image.Image, found: list[Found], *, lang: str, lines: list[Line] | None = None) -> list[Found]:
    """The category table read again when Tesseract garbled it, its rows merged with the first reading's."""
    table_box = damaged_table(lines) if lines else None
    if table_box is None or not lines:
        return found
    margin = 0.5 * statistics.median(line.height for line in lines)
    band = (max(0, round(table_box[0] - margin)), max(0, round(table_box[1] - margin)),
            min(image.width, round(table_box[2] + margin)), min(image.height, round(table_box[3] + margin)))
    if band[2] - band[0] < 8 or band[3] - band[1] < 8:
        return found
    again = words(categories.without_rules(image.crop(band)), lang=lang, config="--psm 4")
    back = [_back_on_page(w, band=band) for w in again]
    # the emblem that garbled the table often cuts a row along its middle in this reading too
    rows = split_rows.rejoined(image, lines_of(back), lang=lang, labels=labels_in)
    return _with_categories_read_again(found, categories_read_again(rows))


_OFFICE_BAND = (0.5, 6.0)  # in the issue date's heights: where under it the office's name is printed


def office_read_again(image: Image.Image, found: list[Found], *, lang: str) -> list[Found]:
    """The tax office read again on its own when the page's reading lost it or read no office that exists: in a
    greyscale scan the office's seal stays over the end of its name as grey strokes, and Tesseract's layout analysis
    often drops the whole line. The band under the issue date is read as one block; when that finds no office, the
    band's middle, where the title is centred, with its dark ink alone (the seal's grey strokes and the page's
    specks gone). An office read again replaces one the page gave only when it exists."""
    issue = next((f for f in found if f.name == "issue_date"), None)
    page_office = next((f for f in found if f.name == "tax_office"), None)
    if issue is None or (page_office is not None and tax_offices.known(page_office.value)):
        return found
    height = issue.box[3] - issue.box[1]
    band = (0, round(issue.box[3] + _OFFICE_BAND[0] * height), image.width,
            min(image.height, round(issue.box[3] + _OFFICE_BAND[1] * height)))
    if band[3] - band[1] < 8:
        return found
    middle = (round(_TITLE_MIDDLE[0] * image.width), band[1], round(_TITLE_MIDDLE[1] * image.width), band[3])
    for spot, version in ((band, image.crop(band)), (middle, prepare.darkest_ink(image.crop(middle)))):
        placed = _placed(words(version, lang=lang, config="--psm 6"), at=spot)
        office = next((o for line in lines_of(placed) if (o := _office(line)) is not None), None)
        if office is not None and (page_office is None or tax_offices.known(office.value)):
            return [f for f in found if f is not page_office] + [office]
    return found


_TITLE_MIDDLE = (0.15, 0.85)  # of the page's width: the office's title, centred, without the page's borders



def _placed(read: list[Word], *, at: tuple[int, int, int, int]) -> list[Word]:
    """Words read from the page's crop at `at`, their boxes back in the page's pixels."""
    return [replace(w, box=(w.box[0] + at[0], w.box[1] + at[1], w.box[2] + at[0], w.box[3] + at[1])) for w in read]


def _back_on_page(word: Word, *, band: tuple[int, int, int, int]) -> Word:
    """A word of the table's second reading, its box back in the page's pixels."""
    scale = categories.REREAD_SCALE
    x0, y0, x1, y1 = word.box
    return replace(word, box=(x0 / scale + band[0], y0 / scale + band[1], x1 / scale + band[0], y1 / scale + band[1]))


# A first-reading row the second reading did not find is kept only when its words are read this surely, on the
# median: one unsure syllable (a cell's last, whose box Tesseract collapsed) does not make a row texture.
_UNSURE_ROW = 70.0


def _with_categories_read_again(found: list[Found], again: list[Found]) -> list[Found]:
    """The category rows of both readings, matched by height: each half as read again (the borders gone, the print
    larger; in the first row the surer reading), else as first read; a row only the first reading saw is kept when
    it was read surely."""
    first = [f for f in found if f.name in CATEGORIES]
    if not again:
        return found
    rows_first = _rows_by_index(first)
    rows_again = {index: row for index, row in _rows_by_index(again).items() if not _texture(row)}
    height = statistics.median(f.box[3] - f.box[1] for f in first + again)
    merged: list[tuple[float, dict[str, Found]]] = []
    matched: set[int] = set()
    for row in rows_again.values():
        centre = _row_centre(row)
        if any(_within(row, rows_first[i]) for i in matched):
            # a second line of the second reading over a row already matched: Tesseract's layout analysis read that
            # printed row twice, in pieces (`건물 임` under `임대업`, seed 9462's held-out image PDF 45)
            continue
        near = [(abs(_row_centre(r) - centre), i) for i, r in rows_first.items() if i not in matched]
        distance, best = min(near, default=(None, None))
        if best is not None and distance is not None and distance <= 0.8 * height:
            matched.add(best)
            row = _merged_row(rows_first[best], row, labelled=best == 0, elsewhere=again)
        merged.append((centre, row))
    for i, row in rows_first.items():
        # a row only the first reading saw, read surely, unless it lies within a row the second reading gave: one
        # printed row the first reading read twice, one line over the other (seed 2958's certificate 37, a photo:
        # `으 시저 하시바식전업` over `음식점업 일반 음식점업`), whose other half was matched
        if (i not in matched and statistics.median(c for f in row.values() for c in f.confs) >= _UNSURE_ROW
                and not any(_within(row, other) for other in rows_again.values())):
            merged.append((_row_centre(row), row))
    rows = [row for _, row in sorted(merged, key=lambda m: m[0])]
    pairs = [replace(f, index=index) for index, row in enumerate(rows) for f in row.values()]
    return [f for f in found if f.name not in CATEGORIES] + pairs


def _within(row: dict[str, Found], other: dict[str, Found]) -> bool:
    """`row` lies (mostly) within `other`'s height: the two are one printed row."""
    top, bottom = min(f.box[1] for f in row.values()), max(f.box[3] for f in row.values())
    over = min(bottom, max(f.box[3] for f in other.values())) - max(top, min(f.box[1] for f in other.values()))
    return over > _WITHIN * (bottom - top)


_WITHIN = 0.5  # of a row's height


def _texture(row: dict[str, Found]) -> bool:
    """A row of the second reading that is an item alone, read with next to no confidence (`글, 글 고글 고` between
    two rows of seed 6619's certificate 33): the emblem's texture. Matched by height, it took the first reading's row
    under it for its own, and that row's item went to a row of its own after it."""
    return "business_type" not in row and statistics.median(row["business_item"].confs) < _TEXTURE_ROW


_TEXTURE_ROW = 50.0


def _merged_row(first: dict[str, Found], again: dict[str, Found], *, labelled: bool, elsewhere: list[Found]
                ) -> dict[str, Found]:
    """Each half as read again, except in the labelled first row, where the second reading often loses a syllable
    next to the erased label's cell: there the surer reading of each half wins, unless the first reading's half is
    another row's (Tesseract ran two rows together). In any row, a half the second reading gives shorter, the rest
    of it as first read, stays as first read: the syllable it lost (a cell's last `업`, read less surely) is what
    made it look surer. A half both readings give with the same syllables keeps the reading with more spaces
    (Tesseract loses the narrow spaces of Korean print more often than it invents them), unless that sets a syllable
    apart as a word (`미용 업`: no category's word is one syllable, but 및). An item the second reading finds left of
    the first's is the print of the row's type (printed small), never the item."""
    merged = _in_its_column(first, again)
    again = _in_its_column(again, first)
    for name, item in again.items():
        kept = merged.get(name)
        if name == "business_item" and kept is not None and item.box[2] <= kept.box[0]:
            if "business_type" not in merged:  # the row's type, when the first reading has none
                merged["business_type"] = replace(item, name="business_type")
            continue
        if kept is not None and kept.value.replace(" ", "") == item.value.replace(" ", ""):
            if item.value.count(" ") > kept.value.count(" ") and not _LONE_SYLLABLE_WORD.search(item.value):
                merged[name] = item
            continue
        joined = _joined_ends(kept.value, item.value) if kept is not None else None
        if joined is not None:  # each reading lost a syllable at another end (`부동산`, `동산업`)
            merged[name] = replace(item, raw_text=joined, value=_value(name, joined), confs=kept.confs + item.confs,
                                   box=union([kept.box, item.box]))
            continue
        if kept is not None and (_lost_part_of(item.value, kept.value) or _syllable_doubled(item.value, kept.value)):
            continue
        if kept is not None and _lost_part_of(kept.value, item.value):
            merged[name] = item  # and the other way round (`조업` first read, the label's cell ran into 제)
            continue
        if kept is not None and _listed(name, kept.value) and not _listed(name, item.value):
            continue  # a type or an item the lists hold, read again as one they do not (`자기서비` for 운수 및 창고업)
        if not labelled or kept is None:
            merged[name] = item
            continue
        taken = any(f.name == name and f.value == kept.value and f.index != item.index for f in elsewhere)
        if taken or min(item.confs) > min(kept.confs):
            merged[name] = item
    return merged


_LONE_SYLLABLE_WORD = re.compile(r"(?<![가-힣])(?!및)[가-힣](?![가-힣])")


def _in_its_column(first: dict[str, Found], again: dict[str, Found]) -> dict[str, Found]:
    """A row's one half, as first read, under the other column when the second reading has that column's half where
    it is (mostly over it): a table whose types were lost gives its first reading no columns, and an item read alone
    is taken for the type. The same the other way round: a second reading whose band held only the items (seed
    5521's held-out scan 27) took each for its row's type."""
    if len(first) != 1 or len(again) != 2:
        return dict(first)
    name, half = next(iter(first.items()))
    other = next(n for n in again if n != name)
    theirs, mine = again[other].box, half.box
    over = min(theirs[2], mine[2]) - max(theirs[0], mine[0])
    return {other: replace(half, name=other)} if over > 0.5 * (mine[2] - mine[0]) else dict(first)


def _joined_ends(first: str, again: str) -> str | None:
    """One word read twice, each reading missing a syllable or more at another end, the rest overlapping by two
    syllables or more: the whole word (`부동산` and `동산업`: 부동산업). None when they are not such a pair."""
    if " " in first or " " in again or first in again or again in first:
        return None
    for head, tail in ((first, again), (again, first)):
        for overlap in range(min(len(head), len(tail)) - 1, _OVERLAP - 1, -1):
            if head[-overlap:] == tail[:overlap]:
                return head + tail[overlap:]
    return None


_OVERLAP = 2  # syllables


def _syllable_doubled(again: str, first: str) -> bool:
    """`again` is `first` with one of its syllables read twice (`의약품 제조 조업` for 의약품 제조업: seed 2958's
    held-out certificate 19, the second reading surer than the first)."""
    a, f = again.replace(" ", ""), first.replace(" ", "")
    return len(a) == len(f) + 1 and any(a[i] == a[i - 1] and a[:i] + a[i + 1 :] == f for i in range(1, len(a)))


def _listed(name: str, value: str) -> bool:
    """`value` is a type or an item the lists hold (a section, a one-word type, a common item), spaces and commas
    aside."""
    compact = re.sub(r"[\s,]", "", value)
    return compact in _KNOWN_TYPES if name == "business_type" else item_names.is_listed(value)


def _lost_part_of(again: str, first: str) -> bool:
    """`again` is `first` with a syllable or more missing at one end (`서비스` for 서비스업) or both (`임대` for 주거용
    건물 임대업: a second reading Tesseract's layout analysis lost the cell's words in)."""
    a, f = re.sub(r"[\s,]", "", again), re.sub(r"[\s,]", "", first)  # a comma lost is no syllable lost
    return bool(a) and len(a) < len(f) and a in f


def _rows_by_index(found: list[Found]) -> dict[int, dict[str, Found]]:
    rows: dict[int, dict[str, Found]] = {}
    for f in found:
        rows.setdefault(f.index, {})[f.name] = f
    return rows


def _row_centre(row: dict[str, Found]) -> float:
    return statistics.median((f.box[1] + f.box[3]) / 2 for f in row.values())
