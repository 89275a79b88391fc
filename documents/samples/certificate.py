"""Korean business registration certificates (사업자등록증): random content and the printed form, in the three
generations people still send (see issue 9): the 2000s form, the 2018-era form and today's Hometax print.

`random_certificate` decides what is printed; `lay_out` places it on a `Sheet` in PDF points, from which the
caller makes pixels (`render_certificate`) or a PDF with a text layer (`sheet.pdf`).
"""

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from PIL import Image

from documents.validation import corporate_number_is_valid, formatted_registration_number, registration_check_digit

from . import data, fonts, marks, places
from .sheet import Colour, Frame, Mark, Rule, Sheet, Text, measure, raster

GENERATIONS = ("2000s", "2018", "current")
# The mix people send today: mostly current prints, a fair share of older certificates kept for years.
GENERATION_WEIGHTS = {"2000s": 0.2, "2018": 0.3, "current": 0.5}
# Years each form was issued in (inclusive); the current form up to the month before this set was made.
ISSUE_PERIODS = {
    "2000s": (dt.date(2002, 1, 2), dt.date(2011, 12, 30)),
    "2018": (dt.date(2014, 1, 2), dt.date(2020, 12, 30)),
    "current": (dt.date(2021, 1, 4), dt.date(2026, 10, 30)),
}
TAX_TYPES_INDIVIDUAL = ("일반과세자", "간이과세자", "면세사업자")
CORPORATE_TAX_TYPE = "법인사업자"
# Registry office codes that open a corporate registration number (서울, 인천, 부산, 대구, 광주, 대전, 수원, 성남).
CORPORATE_REGISTRY_CODES = ("110111", "120111", "180111", "170111", "200111", "160111", "135811", "131111")
NOTE_SHARE = 0.3  # certificates printing a notice under the office's title
NOTE_ROOM = 100  # points the notice leaves under it, for the barcode strips (a long page has no room for it)
NOTES = (
    "※ 사업자등록 신청내용에 변동이 있을 때에는 관할세무서에 신고하여야 합니다.",
    "※ 등록사항에 변경이 있을 때에는 지체 없이 관할세무서장에게 신고하십시오.",
    "※ 폐업하거나 사업장을 이전한 때에는 이 증을 관할세무서에 반납하여야 합니다.",
)
LATIN_BUILDING_SHARE = 0.08  # of road-name addresses: a building named in Latin letters (`SK V1 center`)
BASEMENT_SHARE = 0.1  # of floors: a basement (`지하1층`)
BLOCK_SHARE = 0.08  # of floors: in a building of a complex, lettered or numbered (`B동 11층`)
BLOCKS = ("A", "B", "B", "C", "1", "2", "8")
UNSPACED_FORM_SHARE = 0.15  # of `주식회사 ○○` names: printed without the space (`주식회사서진이엔지`)
CERTIFYING_SHARE = 0.25  # certificates printing the certifying sentence above the issue date
CERTIFYING = ("위와 같이 사업자등록을 하였음을 증명합니다.", "위와 같이 등록하였음을 증명합니다.")
PRE_OPENING_SHARE = 0.35  # issued before the business opens: 3 of 8 real certificates
# 1 to 7 업태/종목 rows; most businesses register one to three.
CATEGORY_COUNT_WEIGHTS = {1: 38, 2: 24, 3: 16, 4: 9, 5: 6, 6: 4, 7: 3}
# Fields an uploader may hide under a grey box (personal data); the truth then leaves them out.
REDACTABLE = ("representative", "birth_date", "corporate_number", "business_address")
PDF_FAMILIES = (("NanumGothic.ttf", "NanumGothicBold.ttf"), ("NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf"))
REDACTION_GREY = (128, 128, 128)


@dataclass
class Certificate:
    """What is printed on one certificate; `fields` holds the canonical names and the values a reader should find."""

    generation: str  # 2000s | 2018 | current
    corporate: bool
    tax_type: str
    registration_number: str  # 10 digits
    company_name: str
    representative: str
    opening_date: dt.date
    issue_date: dt.date
    business_address: str  # one line, with the spacing as printed
    categories: list[tuple[str, str]]  # (업태, 종목) in printed order; "" for a blank half
    tax_office: str  # e.g. 강남세무서; printed as 강남세무서장
    birth_date: dt.date | None = None
    resident_number: str = ""  # the 2000s form prints the masked 주민등록번호 instead of a birth date
    corporate_number: str = ""  # 13 digits
    head_office_address: str = ""
    home_address: str = ""  # 사업자의 주소 on the 2000s form: the owner's home, not the business
    branch: str = ""  # 본점 | 지점, printed after 법인사업자 on some current prints
    representative_kind: str = ""  # 단독 | 공동 | 각자, under 대표자(대표유형)
    joint_owner: str = ""  # 공동사업자
    unit_taxation_date: dt.date | None = None  # 사업자 단위 과세 적용일자: a date that is neither opening nor issue
    email: str = ""  # 전자세금계산서 전용 전자우편주소
    issue_reason: str = "신규"
    issue_number: str = ""
    redacted: tuple[str, ...] = ()  # canonical fields under a grey box

    @property
    def business_type(self) -> str:
        return self.categories[0][0]

    @property
    def business_item(self) -> str:
        return self.categories[0][1]

    @property
    def fields(self) -> dict:
        values = {
            "tax_type": self.tax_type,
            "registration_number": self.registration_number,
            "company_name": self.company_name,
            "representative": self.representative,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "corporate_number": self.corporate_number,
            "opening_date": self.opening_date.isoformat(),
            "business_address": self.business_address,
            "head_office_address": self.head_office_address,
            "business_type": self.business_type,
            "business_item": self.business_item,
            "issue_date": self.issue_date.isoformat(),
            "tax_office": self.tax_office,
        }
        fields: dict = {name: value for name, value in values.items() if value and name not in self.redacted}
        fields["business_categories"] = [[kind, item] for kind, item in self.categories]
        return fields


# ---------------------------------------------------------------- content


def registration_number(*, rng: random.Random, corporate: bool, exempt: bool, valid: bool = True) -> str:
    """Nine random digits in the usual bands (office, kind, serial) and a check digit, valid unless asked otherwise."""
    office = rng.randint(101, 621)
    if corporate:
        kind = rng.choice((81, 81, 86, 87, 88))
    elif exempt:
        kind = rng.randint(90, 99)
    else:
        kind = rng.randint(1, 79)
    stem = f"{office:03d}{kind:02d}{rng.randint(1, 9999):04d}"
    good = registration_check_digit(stem)
    if valid:
        return stem + good
    return stem + rng.choice([d for d in "0123456789" if d != good])


def corporate_number(*, rng: random.Random) -> str:
    """법인등록번호: registry office (6) + kind (1, 1 = 주식회사) + serial (5) + check digit (weights 1,2,1,2...)."""
    stem = rng.choice(CORPORATE_REGISTRY_CODES) + "1" + f"{rng.randint(1, 99999):05d}"
    return stem + next(d for d in "0123456789" if corporate_number_is_valid(stem + d))


def person_name(*, rng: random.Random) -> str:
    return rng.choice(data.SURNAMES) + "".join(rng.choice(data.GIVEN_SYLLABLES)[0] for _ in range(2))


def masked_resident_number(birth: dt.date, *, rng: random.Random) -> str:
    """`750101-1******`: the birth date and the sex/century digit, the rest masked (never a real number)."""
    century = (1, 2) if birth.year < 2000 else (3, 4)
    return f"{birth:%y%m%d}-{rng.choice(century)}******"


def address(*, rng: random.Random, generation: str, elsewhere: random.Random | None = None) -> str:
    """A business address in one line, spaced the way tax offices print it (irregularly: `로31길`, `,3층`).

    With `elsewhere`, its province, district, dong and road are drawn from every district of the country
    (places.py) by that generator, and the rest as without it: a held-out set's certificate is the tuning set's,
    its business somewhere else.
    """
    sido, gu, roads, dongs = rng.choice(data.PLACES)
    dong = rng.choice(dongs)
    if elsewhere is not None:
        sido, gu, far_roads, far_dongs = elsewhere.choice(places.everywhere())
        dong, far_road = elsewhere.choice(far_dongs), elsewhere.choice(far_roads)
    building = rng.choice(data.BUILDING_NAMES)
    if generation == "2000s" and rng.random() < 0.7:  # lot-number addresses, before road names (2014)
        text = f"{sido} {gu} {dong} {rng.randint(1, 980)}-{rng.randint(1, 60)}"
        if rng.random() < 0.6:
            text += f" {building} {rng.randint(1, 15)}층"
        return text
    road = rng.choice(roads)  # drawn anyway, so that the draws after it stay the tuning set's
    if elsewhere is not None:
        road = far_road
    if rng.random() < 0.45:
        road += ("" if rng.random() < 0.85 else " ") + f"{rng.randint(1, 60)}길"
    number = str(rng.randint(1, 480))
    if rng.random() < 0.25:
        number += f"-{rng.randint(1, 30)}"
    text = f"{sido} {gu} {road} {number}"
    # drawn apart, so that every other address is as before: a basement floor, a building named in Latin letters
    variety = random.Random(f"address:{text}:{dong}:{building}")
    if variety.random() < LATIN_BUILDING_SHARE:
        building = variety.choice(data.LATIN_BUILDING_NAMES)
    if rng.random() < 0.6:
        floor = f"{rng.randint(1, 15)}층"
        basement = variety.random() < BASEMENT_SHARE
        if basement:
            floor = f"지하{variety.randint(1, 3)}층"
        if variety.random() < BLOCK_SHARE:
            floor = f"{variety.choice(BLOCKS)}동 {floor}"  # a building of a complex: `105, B동 11층`
        text += rng.choice((", ", ",", " ")) + floor
        if rng.random() < 0.4:
            room = f"{rng.randint(1, 12)}0{rng.randint(1, 9)}호"
            if basement:  # a basement's room: `B102호`, or `102호`
                room = ("B" if variety.random() < 0.6 else "") + f"{variety.randint(1, 2)}{room[-3:]}"
            text += f" {room}"
    tail = f"({dong}, {building})" if rng.random() < 0.55 else f"({dong})"
    return text + rng.choice(("", " ")) + tail


def random_date(*, rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _goods(*, rng: random.Random) -> str:
    """An item listing goods, spaced as typed at the counter: `화장품, 생활용품,잡화`."""
    goods = rng.sample(data.GOODS, rng.randint(2, 4))
    text = goods[0]
    for word in goods[1:]:
        text += rng.choice((", ", ", ", ",")) + word
    return text


def categories(*, rng: random.Random, generation: str, exempt: bool) -> list[tuple[str, str]]:
    """1 to 7 (업태, 종목) rows; a later row often repeats the type, sometimes leaves it blank."""
    count = rng.choices(list(CATEGORY_COUNT_WEIGHTS), weights=list(CATEGORY_COUNT_WEIGHTS.values()))[0]
    if exempt:
        types = data.EXEMPT_TYPES
    elif generation == "2000s" and rng.random() < 0.6:
        types = data.OLD_BUSINESS_TYPES
    else:
        types = tuple(kind for kind in data.BUSINESS_CATEGORIES if kind not in data.OLD_ONLY_TYPES)
    rows: list[tuple[str, str]] = []
    last = ""  # the type of the row above, even when it was printed blank
    while len(rows) < count:
        kind = last if last and rng.random() < 0.45 else rng.choice(types)
        retail = kind in data.RETAIL_TYPES
        item = _goods(rng=rng) if retail and rng.random() < 0.35 else rng.choice(data.BUSINESS_CATEGORIES[kind])
        if item in (row[1] for row in rows):
            continue
        blank = kind == last and rng.random() < 0.2  # the type left blank under a row of the same type
        rows.append(("" if blank else kind, item))
        last = kind
    return rows


def random_certificate(*, rng: random.Random, bad_check_digit: bool = False, generation: str | None = None,
                       redact: bool = False, elsewhere: random.Random | None = None) -> Certificate:
    """Random content for one certificate of `generation` (drawn from the usual mix when None); with `elsewhere`,
    its addresses anywhere in the country (`address`).

    With `redact`, one personal field is hidden under a grey box and left out of the truth.
    """
    if generation is None:
        generation = rng.choices(GENERATIONS, weights=[GENERATION_WEIGHTS[g] for g in GENERATIONS])[0]
    corporate = rng.random() < 0.35
    tax_type = CORPORATE_TAX_TYPE if corporate else rng.choice(TAX_TYPES_INDIVIDUAL)
    exempt = tax_type == "면세사업자"
    issue_date = random_date(rng=rng, start=ISSUE_PERIODS[generation][0], end=ISSUE_PERIODS[generation][1])
    number = registration_number(rng=rng, corporate=corporate, exempt=exempt, valid=not bad_check_digit)
    issue_number = "-".join(str(rng.randint(10 ** (n - 1), 10**n - 1)) for n in (4, 3, 4, 3))
    if rng.random() < PRE_OPENING_SHARE:
        opening = issue_date + dt.timedelta(days=rng.randint(1, 60))
    else:
        earliest = dt.date(1995, 1, 2) if corporate else dt.date(1990, 1, 2)
        opening = random_date(rng=rng, start=earliest, end=issue_date - dt.timedelta(days=1))
    common = {
        "generation": generation, "tax_type": tax_type, "registration_number": number,
        "representative": person_name(rng=rng), "opening_date": opening, "issue_date": issue_date,
        "business_address": address(rng=rng, generation=generation, elsewhere=elsewhere),
        "categories": categories(rng=rng, generation=generation, exempt=exempt),
        "tax_office": rng.choice(data.TAX_OFFICES), "issue_number": issue_number,
        "issue_reason": rng.choice(("신규", "신규", "신규", "정정", "재발급")),
        "joint_owner": person_name(rng=rng) if not corporate and rng.random() < 0.1 else "",
        "email": f"{rng.choice(data.EMAIL_STEMS)}{rng.randint(1, 999)}@{rng.choice(data.EMAIL_DOMAINS)}"
        if generation != "2000s" and rng.random() < 0.5 else "",
        "unit_taxation_date": random_date(rng=rng, start=min(opening, issue_date), end=issue_date)
        if generation != "2000s" and rng.random() < 0.4 else None,
    }
    corrected = random.Random(f"corrected {number}")  # drawn apart, as the notice: every other document is as before
    if common["issue_reason"] == "정정" and corrected.random() < CORRECTED_NAMED_SHARE:
        # what was corrected, named (`정정 (사업장 소재지 변경)`, a sixth independent set's 2000s forms)
        common["issue_reason"] = f"정정 ({corrected.choice(CORRECTED_ITEMS)} 변경)"
    if corporate:
        name = rng.choice(data.CORPORATE_FORMS).format(
            name=rng.choice(data.SHOP_STEMS) + rng.choice(data.CORPORATE_SUFFIXES)
        )
        if name.startswith("(주)") and random.Random(f"mark:{name}").random() < ENCLOSED_MARK_SHARE:
            name = "㈜" + name[3:]  # the one-character form, as many companies register their name
        if name.startswith("주식회사 ") and random.Random(f"unspaced:{name}").random() < UNSPACED_FORM_SHARE:
            name = name.replace(" ", "", 1)  # registered without the space, as some companies are
        business_address = common["business_address"]
        cert = Certificate(
            corporate=True, company_name=name, corporate_number=corporate_number(rng=rng),
            head_office_address=business_address if rng.random() < 0.6
            else address(rng=rng, generation=generation, elsewhere=elsewhere),
            branch=rng.choice(("본점", "지점")) if generation == "current" and rng.random() < 0.35 else "",
            representative_kind=rng.choice(("단독", "공동", "각자")) if generation == "current" and rng.random() < 0.4
            else "",
            **common,
        )
    else:
        birth = random_date(rng=rng, start=dt.date(1950, 1, 1), end=min(dt.date(2001, 12, 31),
                                                                          opening - dt.timedelta(days=365 * 20)))
        cert = Certificate(
            corporate=False, company_name=rng.choice(data.SHOP_STEMS) + rng.choice(data.SHOP_SUFFIXES),
            birth_date=birth,
            resident_number=masked_resident_number(birth, rng=rng) if generation == "2000s" else "",
            home_address=address(rng=rng, generation=generation, elsewhere=elsewhere) if generation == "2000s" else "",
            **common,
        )
    if redact:
        cert.redacted = (rng.choice([name for name in REDACTABLE if cert.fields.get(name)]),)
    return cert


# ---------------------------------------------------------------- printing


def printed_date(value: dt.date, *, generation: str = "current") -> str:
    if generation == "2000s":
        return f"{value.year}년 {value.month:02d}월 {value.day:02d}일"
    return f"{value.year} 년 {value.month:02d} 월 {value.day:02d} 일"


def printed_corporate_number(number: str) -> str:
    return f"{number[:6]}-{number[6:]}"


def wrap(text: str, *, room: float, font: str, size: float, mid_word: bool) -> list[str]:
    """Lines of `text` no wider than `room`, broken as the form's printer does: at a space (dropped), or
    anywhere in a word (`…마` / `을…`). Joining the lines back, with one space where a space was dropped, gives
    `text` again."""
    if measure(text, font, size) <= room:
        return [text]
    fits = max(1, max(k for k in range(1, len(text) + 1) if measure(text[:k], font, size) <= room or k == 1))
    if mid_word and text[fits - 1] != " " and fits < len(text) and text[fits] != " ":
        head, rest = text[:fits], text[fits:]
    else:
        cut = text.rfind(" ", 0, fits + 1)
        cut = cut if cut > 0 else fits
        head, rest = text[:cut], text[cut + 1:] if text[cut:cut + 1] == " " else text[cut:]
    return [head] + wrap(rest, room=room, font=font, size=size, mid_word=mid_word)


@dataclass
class _Pen:
    """Where the next line of the form goes, and the form's type settings."""

    sheet: Sheet
    cert: Certificate
    rng: random.Random
    regular: str
    bold: str
    size: float
    ink: Colour
    left: float
    right: float
    y: float
    line: float  # baseline to baseline
    label_width: float
    spread_labels: bool
    colon: str
    ruled: bool = False  # older forms print a hairline between items
    rule_colour: Colour = (150, 150, 150)
    rule_width: float = 0.5
    boxed: bool = False  # a boxed 2000s table (`_boxed`)
    flaws: list[str] = field(default_factory=list)

    def text(self, x: float, text: str, *, size: float | None = None, bold: bool = False, y: float | None = None
             ) -> float:
        """Draw `text` at x on this line; returns the x where it ends."""
        size = size or self.size
        font = self.bold if bold else self.regular
        self.sheet.add(Text(x, self.y if y is None else y, text, font, size, self.ink))
        return x + measure(text, font, size)

    def spaced(self, x: float, text: str, *, width: float, size: float | None = None, bold: bool = False,
               y: float | None = None) -> float:
        """Characters spread evenly over `width` (the form's justified labels and its title), one run each."""
        size = size or self.size
        font = self.bold if bold else self.regular
        chars = text.replace(" ", "")
        total = sum(measure(c, font, size) for c in chars)
        gap = (width - total) / (len(chars) - 1) if len(chars) > 1 else 0
        for c in chars:
            self.sheet.add(Text(x, self.y if y is None else y, c, font, size, self.ink))
            x += measure(c, font, size) + gap
        return x - gap

    def label(self, x: float, label: str, *, width: float | None = None) -> float:
        """The item's label and its colon; returns where the value starts."""
        width = self.label_width if width is None else width
        plain = "(" not in label and len(label.replace(" ", "")) <= 6
        if self.spread_labels and plain and width > 0:
            self.spaced(x, label, width=width)
            end = x + width
        else:
            end = max(x + width, self.text(x, label))
        if self.colon:
            self.text(end + self.size * 0.5, self.colon)
            return end + self.size * 1.6
        return end + self.size * 1.1

    def value(self, x: float, text: str, *, name: str = "", room: float | None = None) -> float:
        """A field's printed value, shrunk to fit `room`; a grey box instead when the uploader redacted it."""
        size = self.size
        if room is not None:
            while size > 6 and measure(text, self.regular, size) > room:
                size -= 0.25
        end = x + measure(text, self.regular, size)
        if name and name in self.cert.redacted:
            self.redact(x, end, top=self.y - size * 0.95, bottom=self.y + size * 0.3)
            return end
        return self.text(x, text, size=size)

    def redact(self, x0: float, x1: float, *, top: float, bottom: float) -> None:
        pad = self.size * 0.3
        self.sheet.add(Frame(x0 - pad, top - pad, x1 + pad, bottom + pad, fill=REDACTION_GREY))
        if "redacted" not in self.flaws:
            self.flaws.append("redacted")

    def newline(self, factor: float = 1.0) -> None:
        """Down to the next line; on a ruled form a full step (a new item) draws the rule between items."""
        self.y += self.line * factor
        if self.ruled and factor == 1.0:
            y = self.y - self.line * 0.62
            self.sheet.add(Rule(self.left - 4, y, self.right, y, self.rule_width, self.rule_colour))


def _address(pen: _Pen, label: str, text: str, *, name: str) -> None:
    first_item = len(pen.sheet.items)
    x = pen.label(pen.left, label)
    label_items = len(pen.sheet.items)
    room = pen.right - x
    if pen.cert.generation == "current":  # the current form's address box ends well before the margin
        room = min(room, pen.rng.uniform(250, 330))
    if pen.boxed:  # a table's address cell is often narrower than the page (drawn apart, as `_boxed`)
        room = min(room, random.Random(f"cell:{pen.cert.registration_number}").uniform(170, 330))
    lines = wrap(text, room=room, font=pen.regular, size=pen.size, mid_word=pen.rng.random() < 0.4)
    if len(lines) > 1 and "wrapped_address" not in pen.flaws:
        pen.flaws.append("wrapped_address")
    top = pen.y
    for i, line in enumerate(lines):
        if i:
            pen.newline(0.72)
        pen.value(x, line, name=name)
    if pen.boxed and len(lines) > 1:
        # a table's cell holds its label halfway down: level with neither line of the address beside it
        half = (pen.y - top) / 2
        pen.sheet.items[first_item:label_items] = [
            replace(item, y=item.y + half) for item in pen.sheet.items[first_item:label_items]]


def _two_on_a_line(pen: _Pen, first: tuple[str, str, str], second: tuple[str, str, str]) -> None:
    """`개 업 연 월 일 : 2020 년 01 월 02 일    법인등록번호 : 110111-1234567`, as the form prints them."""
    (label, value, name), (label2, value2, name2) = first, second
    x = pen.label(pen.left, label)
    end = pen.value(x, value, name=name)
    middle = max(end + pen.size * 2.5, pen.left + (pen.right - pen.left) * 0.52)
    x2 = pen.label(middle, label2, width=0)
    pen.value(x2, value2, name=name2, room=pen.right - x2)


def _categories_as_text(pen: _Pen) -> None:
    """Older forms: `사 업 의 종 류 :  업태  도매    종목  전자상거래`, later rows aligned under the first."""
    x = pen.label(pen.left, "사 업 의 종 류" if pen.spread_labels else "사업의 종류")
    type_x = pen.text(x, "업태") + pen.size * 0.8
    item_label_x = max(type_x + (pen.right - x) * 0.42, type_x + measure(pen.cert.business_type, pen.regular,
                                                                           pen.size) + pen.size * 1.5)
    smaller = pen.size * pen.rng.uniform(0.82, 0.92) if pen.rng.random() < 0.35 else pen.size
    item_x = item_label_x + measure("종목", pen.regular, pen.size) + pen.size * 0.8  # later rows align here
    type_room, item_room = item_label_x - type_x - pen.size, pen.right - item_x
    narrow = _narrow_cells(pen.cert)
    if narrow:
        type_room, item_room = min(type_room, narrow[0]), min(item_room, narrow[1])
    wrapped = 0
    for i, (kind, item) in enumerate(pen.cert.categories):
        size = pen.size if i == 0 else smaller
        if i:
            pen.newline(0.8 if smaller < pen.size else 0.9)
        else:
            pen.text(item_label_x, "종목")
        halves = ([kind], [item])
        if narrow and wrapped < _MAX_WRAPPED_ROWS:
            halves = (_cell_lines(pen, kind, size=size, room=type_room),
                      _cell_lines(pen, item, size=size, room=item_room))
        for line in range(max(map(len, halves))):
            if line:
                pen.newline(0.72)
                wrapped += line == 1
                if "wrapped_category" not in pen.flaws:
                    pen.flaws.append("wrapped_category")
            for x, room, lines in ((type_x, type_room, halves[0]), (item_x, item_room, halves[1])):
                if line < len(lines) and lines[line]:
                    _fitted(pen, x, lines[line], size=size, room=room)


WRAPPED_CELLS_SHARE = 0.5  # of certificates printing their categories as text: cells narrow enough to wrap
_MAX_WRAPPED_ROWS = 2  # the page has room for two rows printed on two lines


def _narrow_cells(cert: Certificate) -> tuple[float, float] | None:
    """The widths of narrow type and item cells (points), for a share of certificates: a name too long for its cell
    is printed on two lines, broken at a space, the other cell of its row blank on the second unless it wraps too
    (`응용 소프트웨어 개발 및` / `공급업`), as an independent set's forms print them. Drawn from a generator of its own,
    as `_boxed`."""
    draw = random.Random(f"narrow cells:{cert.registration_number}")
    return (draw.uniform(75, 130), draw.uniform(75, 130)) if draw.random() < WRAPPED_CELLS_SHARE else None


def _cell_lines(pen: _Pen, text: str, *, size: float, room: float) -> list[str]:
    """`text` on the two lines a cell `room` wide breaks it into at a space; on one (shrunk to fit) where it fits at
    nine tenths of its size, has no space to break at, or would need three."""
    if not text or measure(text, pen.regular, size * 0.9) <= room:
        return [text]
    lines = wrap(text, room=room, font=pen.regular, size=size, mid_word=False)
    return lines if len(lines) == 2 and " ".join(lines) == text else [text]


def _fitted(pen: _Pen, x: float, text: str, *, size: float, room: float, y: float | None = None) -> None:
    while size > 6 and measure(text, pen.regular, size) > room:
        size -= 0.25
    pen.text(x, text, size=size, y=y)


def _categories_as_table(pen: _Pen) -> None:
    """The current form: `사업의 종류` beside a boxed table, `업태 | … | 종목 | …`, only the first row labelled,
    the large emblem watermark behind it."""
    x = pen.label(pen.left, "사업의 종류", width=pen.label_width)
    rows = pen.cert.categories
    smaller = pen.size * pen.rng.uniform(0.8, 0.9) if len(rows) > 2 and pen.rng.random() < 0.4 else pen.size
    row_height = pen.size * 1.75
    head = pen.size * 2.6
    columns = (x - pen.size * 0.4, x - pen.size * 0.4 + head, x + (pen.right - x) * 0.42,
               x + (pen.right - x) * 0.42 + head, pen.right)
    top = pen.y - pen.size * 1.2
    grey = (90, 90, 90)
    for i, (kind, item) in enumerate(rows):
        y0 = top + i * row_height
        baseline = y0 + row_height * 0.7
        size = pen.size if i == 0 else smaller
        for a, b in zip(columns, columns[1:], strict=False):
            pen.sheet.add(Frame(a, y0, b, y0 + row_height, width=0.6, colour=grey))
        if i == 0:
            pen.text(columns[0] + pen.size * 0.4, "업태", y=baseline)
            pen.text(columns[2] + pen.size * 0.4, "종목", y=baseline)
        if kind:
            _fitted(pen, columns[1] + pen.size * 0.4, kind, size=size, room=columns[2] - columns[1] - pen.size * 0.8,
                    y=baseline)
        if item:
            _fitted(pen, columns[3] + pen.size * 0.4, item, size=size, room=columns[4] - columns[3] - pen.size * 0.8,
                    y=baseline)
    bottom = top + len(rows) * row_height
    pen.y = bottom + pen.size * 0.2
    _watermark(pen, centre=((columns[0] + columns[-1]) / 2, (top + bottom) / 2))


def _watermark(pen: _Pen, *, centre: tuple[float, float]) -> None:
    side = pen.rng.uniform(220, 300)
    cx, cy = centre
    pen.sheet.under.append(Mark(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, marks.emblem(rng=pen.rng)))
    pen.flaws.append("watermark")


def _unit_taxation(pen: _Pen) -> None:
    """`사업자 단위 과세 적용사업자 여부 : 여( ) 부(V)`, with its own 적용일자: a date that is neither opening nor
    issue date."""
    x = pen.label(pen.left, "사업자 단위 과세 적용사업자 여부", width=0)
    applied = pen.cert.unit_taxation_date
    yes = applied is not None and pen.rng.random() < 0.5
    x = pen.text(x, "여(V) 부( )" if yes else "여( ) 부(V)") + pen.size * 1.5
    if applied:
        date = f"{applied.year}년 {applied.month:02d}월 {applied.day:02d}일"
        pen.text(x, f"(적용일자: {date})", size=pen.size * 0.92)
        pen.flaws.append("extra_date")


def _body(pen: _Pen) -> None:
    cert, generation = pen.cert, pen.cert.generation
    birth = printed_date(cert.birth_date, generation=generation) if cert.birth_date else ""
    opening = printed_date(cert.opening_date, generation=generation)
    corporate_number = printed_corporate_number(cert.corporate_number) if cert.corporate else ""

    def one(label: str, value: str, name: str = "") -> None:
        x = pen.label(pen.left, label)
        pen.value(x, value, name=name, room=pen.right - x)
        pen.newline()

    if generation == "2000s":
        one("상호(법인명)", cert.company_name, "company_name")
        if cert.corporate:
            one("성명(대표자)", cert.representative, "representative")
            _two_on_a_line(pen, ("개업연월일", opening, "opening_date"),
                           ("법인등록번호", corporate_number, "corporate_number"))
            pen.newline()
            _address(pen, "사업장소재지", cert.business_address, name="business_address")
            pen.newline()
            _address(pen, "본점소재지", cert.head_office_address, name="head_office_address")
        else:
            _two_on_a_line(pen, ("성명(대표자)", cert.representative, "representative"),
                           ("주민등록번호", cert.resident_number, "birth_date"))
            pen.newline()
            one("개업연월일", opening, "opening_date")
            _address(pen, "사업장소재지", cert.business_address, name="business_address")
            pen.newline()
            _address(pen, "사업자의 주소", cert.home_address, name="")
        pen.newline()
        _categories_as_text(pen)
        pen.newline()
        one("교부사유", cert.issue_reason)
        if not cert.corporate:
            one("공동사업자", cert.joint_owner)
        return

    if cert.corporate:
        one("법인명(단체명)", cert.company_name, "company_name")
        if cert.representative_kind:
            one("대표자(대표유형)", f"{cert.representative} ({cert.representative_kind})", "representative")
        else:
            one("대 표 자", cert.representative, "representative")
        _two_on_a_line(pen, ("개 업 연 월 일", opening, "opening_date"),
                       ("법인등록번호", corporate_number, "corporate_number"))
        pen.newline()
        _address(pen, "사업장 소재지" if generation == "current" else "사 업 장 소 재 지", cert.business_address,
                 name="business_address")
        pen.newline()
        _address(pen, "본점 소재지" if generation == "current" else "본 점 소 재 지", cert.head_office_address,
                 name="head_office_address")
    else:
        one("상 호", cert.company_name, "company_name")
        if generation == "current":
            _two_on_a_line(pen, ("성 명", cert.representative, "representative"),
                           ("생 년 월 일", birth, "birth_date"))
            pen.newline()
        else:
            one("성 명", cert.representative, "representative")
            one("생 년 월 일", birth, "birth_date")
        one("개 업 연 월 일", opening, "opening_date")
        _address(pen, "사업장 소재지" if generation == "current" else "사 업 장 소 재 지", cert.business_address,
                 name="business_address")
    pen.newline()
    if generation == "current" or pen.rng.random() < 0.3:
        pen.newline(0.3)
        _categories_as_table(pen)
    else:
        _categories_as_text(pen)
    pen.newline()
    one("발 급 사 유" if generation == "2018" else "발급 사유", cert.issue_reason)
    if not cert.corporate:
        one("공동사업자", cert.joint_owner)
    _unit_taxation(pen)
    pen.newline()
    if generation == "current" or cert.email:
        one("전자세금계산서 전용 전자우편주소", cert.email)


def _header(pen: _Pen) -> None:
    cert, generation, sheet = pen.cert, pen.cert.generation, pen.sheet
    small = pen.size * 0.78
    number_label = "교부번호" if generation == "2000s" else "발급번호"
    if pen.rng.random() < 0.8:
        pen.text(pen.left, f"{number_label} : {cert.issue_number}", size=small)
    if generation == "current":
        side = pen.rng.uniform(46, 60)
        top = pen.y - small * 1.2
        sheet.add(Mark(pen.right - side, top, pen.right, top + side, marks.qr_block(rng=pen.rng)))
        sheet.add(Mark(pen.right - side * 2.2, top + side * 0.1, pen.right - side * 1.3, top + side,
                       marks.logo(rng=pen.rng)))
        pen.flaws.append("qr")
    pen.newline(2.4)

    title_size = pen.size * pen.rng.uniform(1.9, 2.2)
    centre = sheet.width / 2
    if generation == "current":  # widely letter-spaced, one run per character as Hometax draws it
        width = title_size * pen.rng.uniform(8.5, 10.5)
        pen.spaced(centre - width / 2, "사업자등록증", width=width, size=title_size, bold=True)
    else:
        title = "사 업 자 등 록 증" if generation == "2018" or pen.rng.random() < 0.5 else "사업자등록증"
        pen.text(centre - measure(title, pen.bold, title_size) / 2, title, size=title_size, bold=True)
    pen.newline(1.6)
    if cert.corporate and cert.branch:
        kind = pen.rng.choice((f"( 법인사업자:{cert.branch} )", f"법인사업자:{cert.branch}"))
    elif generation == "current":
        kind = f"( {cert.tax_type} )"
    else:
        kind = pen.rng.choice((f"({cert.tax_type})", f"( {cert.tax_type} )"))
    pen.text(centre - measure(kind, pen.regular, pen.size * 1.1) / 2, kind, size=pen.size * 1.1)
    pen.newline(1.5)
    number = f"등록번호 : {formatted_registration_number(cert.registration_number)}"
    pen.text(centre - measure(number, pen.bold, pen.size * 1.2) / 2, number, size=pen.size * 1.2, bold=True)
    pen.newline(2.0)


def _footer(pen: _Pen) -> None:
    """The issue date above `○○세무서장`, the red seal over its end, stamps and barcode strips."""
    cert, sheet, rng = pen.cert, pen.sheet, pen.rng
    pen.y = max(pen.y + pen.line, sheet.height * rng.uniform(0.72, 0.78))
    centre = sheet.width / 2
    certifying = random.Random(f"certifying {cert.registration_number}")  # drawn apart, as the notice
    if certifying.random() < CERTIFYING_SHARE:
        sentence = certifying.choice(CERTIFYING)
        pen.text(centre - measure(sentence, pen.regular, pen.size) / 2, sentence, size=pen.size)
        pen.newline(1.8)
        pen.flaws.append("certifying")
    date = printed_date(cert.issue_date, generation=cert.generation)
    pen.text(centre - measure(date, pen.regular, pen.size * 1.1) / 2, date, size=pen.size * 1.1)
    pen.newline(2.2)
    office = f"{cert.tax_office}장"
    office_size = pen.size * rng.uniform(1.45, 1.7)
    office_width = measure(office, pen.bold, office_size)
    office_x = centre - office_width / 2
    pen.text(office_x, office, size=office_size, bold=True)
    side = office_size * rng.uniform(2.6, 3.2)
    # the seal sits over the end of 세무서장, as the office stamps it
    seal_x = office_x + office_width - side * rng.uniform(0.35, 0.75)
    seal_y = pen.y - office_size * 0.4 - side / 2
    sheet.add(Mark(seal_x, seal_y, seal_x + side, seal_y + side,
                   marks.seal(rng=rng, office=cert.tax_office, bold=pen.bold)))
    pen.flaws.append("seal")
    office_y = pen.y
    if rng.random() < 0.3:
        width = rng.uniform(95, 125)
        height = width * 0.5
        if rng.random() < 0.5:
            x = pen.left
        else:
            x = pen.right - width
        y = office_y - height * rng.uniform(0.6, 1.2)
        sheet.add(Mark(x, y, x + width, y + height * 1.25, marks.stamp(rng=rng, bold=pen.bold)))
        pen.flaws.append("stamp")
    printed_to = office_y + office_size * 0.4  # the lowest print so far (y is the office's baseline)
    notes = random.Random(f"note {cert.registration_number}")  # drawn apart: every other document is as before
    note_y = office_y + office_size * notes.uniform(1.6, 2.2)
    if notes.random() < NOTE_SHARE and note_y < sheet.height - NOTE_ROOM:
        # a notice under the title, in small print, that names an office too (`관할세무서`), not the issuing one
        pen.text(pen.left, notes.choice(NOTES), size=pen.size * 0.8, y=note_y)
        printed_to = note_y + pen.size * 0.4
        pen.flaws.append("note")
    if cert.generation != "2000s":
        strips = rng.randint(1, 3)
        width = min(rng.uniform(150, 190), (pen.right - pen.left) / strips - 10)
        height = width * rng.uniform(0.16, 0.22)
        y = sheet.height - rng.uniform(48, 62) - height
        # in the margin under 세무서장 and its notice, however far a long page pushed them down: a strip over the
        # office's name is something no real certificate has
        y = min(max(y, printed_to), sheet.height - height - 6)
        for i in range(strips):
            x = pen.left + i * (width + 12)
            sheet.add(Mark(x, y, x + width, y + height, marks.barcode_strip(rng=rng)))
        pen.flaws.append("barcodes")


def lay_out(cert: Certificate, *, rng: random.Random,
            families: tuple[tuple[str, str], ...] = fonts.CERTIFICATE_FAMILIES) -> tuple[Sheet, list[str]]:
    """The certificate on an A4 sheet (points) and the marks that were drawn (`watermark`, `seal`, ...)."""
    regular, bold = rng.choice(families)
    paper = rng.choice(((255, 255, 255), (255, 255, 255), (252, 251, 247), (248, 249, 252)))
    ink = rng.choice(((0, 0, 0), (20, 20, 20), (35, 35, 45)))
    sheet = Sheet(paper=paper)
    margin = rng.uniform(40, 56)
    border = rng.choice(((150, 170, 200), (170, 170, 170), (120, 150, 130), (60, 60, 60)))
    sheet.add(Frame(margin / 2, margin / 2, sheet.width - margin / 2, sheet.height - margin / 2, width=1.4,
                    colour=border))
    if rng.random() < 0.6:
        inset = margin / 2 + 4
        sheet.add(Frame(inset, inset, sheet.width - inset, sheet.height - inset, width=0.5, colour=border))
    size = rng.uniform(10.5, 12.0)
    label_width = size * (6.6 if cert.generation == "2000s" else 6.0) * rng.uniform(1.0, 1.15)
    pen = _Pen(
        sheet=sheet, cert=cert, rng=rng, regular=regular, bold=bold, size=size, ink=ink, left=margin + 8,
        right=sheet.width - margin - 8, y=margin + size * 1.6, line=size * rng.uniform(2.1, 2.5),
        label_width=label_width, spread_labels=rng.random() < 0.5,
        colon=":" if cert.generation != "2000s" or rng.random() < 0.7 else "",
    )
    if cert.issue_date < cert.opening_date:
        pen.flaws.append("pre_opening_issue")
    _header(pen)
    if cert.generation != "current" and rng.random() < 0.5:  # the older forms rule the body off
        sheet.add(Rule(pen.left - 4, pen.y - pen.line * 0.62, pen.right, pen.y - pen.line * 0.62, 0.8, border))
        pen.ruled = rng.random() < 0.6
    boxed = _boxed(cert)
    body_top = pen.y - pen.line * 0.62
    if boxed:  # labels in a column of cells of their own, without colons
        pen.ruled, pen.rule_colour, pen.rule_width, pen.colon, pen.boxed = True, ink, 0.9, "", True
    _body(pen)
    pen.ruled = False
    if boxed:
        _box_off(pen, top=body_top)
    if cert.generation != "current" and rng.random() < 0.35:
        _watermark(pen, centre=(sheet.width / 2, sheet.height * 0.5))
    _footer(pen)
    return sheet, pen.flaws


CORRECTED_NAMED_SHARE = 0.6  # of certificates issued again after a correction, printing what was corrected
CORRECTED_ITEMS = ("사업장 소재지", "상호", "대표자", "업종", "사업장 소재지")  # a move the likeliest
ENCLOSED_MARK_SHARE = 0.5  # of `(주)` names, printed `㈜` (drawn apart from the seed's generator, as `_boxed`)
BOXED_SHARE = 0.5  # of 2000s certificates: printed as a table, every item in a ruled cell


def _boxed(cert: Certificate) -> bool:
    """Whether this 2000s certificate is printed as a boxed table. Drawn from a generator of its own (seeded by the
    certificate's number), so the rest of every seed's documents stays as it was before boxed forms existed."""
    return cert.generation == "2000s" and random.Random(f"boxed:{cert.registration_number}").random() < BOXED_SHARE


def _box_off(pen: _Pen, *, top: float) -> None:
    """The table's frame and the rule between the label column and the values (the rows' rules are drawn by
    `newline`)."""
    bottom = pen.y - pen.line * 0.62
    left, right = pen.left - 4, pen.right
    column = pen.left + pen.label_width + pen.size * 0.55  # halfway to the value (`_Pen.label`)
    for x0, y0, x1, y1 in ((left, top, right, top), (left, bottom, right, bottom), (left, top, left, bottom),
                           (right, top, right, bottom), (column, top, column, bottom)):
        pen.sheet.add(Rule(x0, y0, x1, y1, pen.rule_width, pen.rule_colour))
    pen.flaws.append("boxed")


def render_certificate(cert: Certificate, *, rng: random.Random, width: int) -> Image.Image:
    """The certificate as an A4 page `width` pixels wide (2480 = 300 dpi)."""
    sheet, _ = lay_out(cert, rng=rng)
    return raster(sheet, width=width)
