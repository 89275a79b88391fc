"""Korean business registration certificates (사업자등록증): random content and a rendered page."""

import datetime as dt
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from documents.validation import corporate_number_is_valid, registration_number_is_valid

from . import data, fonts

A4_RATIO = 297 / 210
TAX_TYPES_INDIVIDUAL = ("일반과세자", "간이과세자", "면세사업자")
CORPORATE_TAX_TYPE = "법인사업자"
# Registry office codes that open a corporate registration number (서울, 인천, 부산, 대구, 광주, 대전, 수원, 성남).
CORPORATE_REGISTRY_CODES = ("110111", "120111", "180111", "170111", "200111", "160111", "135811", "131111")


@dataclass
class Certificate:
    """What is printed on one certificate; `fields` holds the canonical names and the values a reader should find."""

    corporate: bool
    tax_type: str
    registration_number: str  # 10 digits
    company_name: str
    representative: str
    opening_date: dt.date
    issue_date: dt.date
    business_address: str
    business_type: str
    business_item: str
    tax_office: str  # e.g. 강남세무서; printed as 강남세무서장
    birth_date: dt.date | None = None
    corporate_number: str = ""  # 13 digits
    head_office_address: str = ""
    issue_number: str = ""
    flaws: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, str]:
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
        return {name: value for name, value in values.items() if value}


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
    good = next(d for d in "0123456789" if registration_number_is_valid(stem + d))
    if valid:
        return stem + good
    return stem + rng.choice([d for d in "0123456789" if d != good])


def corporate_number(*, rng: random.Random) -> str:
    """법인등록번호: registry office (6) + kind (1, 1 = 주식회사) + serial (5) + check digit (weights 1,2,1,2...)."""
    stem = rng.choice(CORPORATE_REGISTRY_CODES) + "1" + f"{rng.randint(1, 99999):05d}"
    return stem + next(d for d in "0123456789" if corporate_number_is_valid(stem + d))


def person_name(*, rng: random.Random) -> str:
    return rng.choice(data.SURNAMES) + "".join(rng.choice(data.GIVEN_SYLLABLES)[0] for _ in range(2))


def address(*, rng: random.Random) -> str:
    sido, gu, roads, dongs = rng.choice(data.PLACES)
    number = str(rng.randint(1, 480))
    if rng.random() < 0.25:
        number += f"-{rng.randint(1, 30)}"
    text = f"{sido} {gu} {rng.choice(roads)} {number}"
    if rng.random() < 0.6:
        text += f", {rng.randint(1, 15)}층"
        if rng.random() < 0.3:
            text += f" {rng.randint(1, 12)}0{rng.randint(1, 9)}호"
    return f"{text} ({rng.choice(dongs)})"


def random_date(*, rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def random_certificate(*, rng: random.Random, bad_check_digit: bool = False) -> Certificate:
    corporate = rng.random() < 0.35
    tax_type = CORPORATE_TAX_TYPE if corporate else rng.choice(TAX_TYPES_INDIVIDUAL)
    exempt = tax_type == "면세사업자"
    issue_date = random_date(rng=rng, start=dt.date(2012, 1, 2), end=dt.date(2025, 6, 30))
    business_type, business_item = rng.choice(data.EXEMPT_KINDS if exempt else data.BUSINESS_KINDS)
    office = rng.choice(data.TAX_OFFICES)
    number = registration_number(rng=rng, corporate=corporate, exempt=exempt, valid=not bad_check_digit)
    issue_number = f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"
    if corporate:
        name = rng.choice(data.CORPORATE_FORMS).format(
            name=rng.choice(data.SHOP_STEMS) + rng.choice(data.CORPORATE_SUFFIXES)
        )
        opening = random_date(rng=rng, start=dt.date(1995, 1, 2), end=issue_date - dt.timedelta(days=1))
        business_address = address(rng=rng)
        head_office = business_address if rng.random() < 0.6 else address(rng=rng)
        return Certificate(
            corporate=True, tax_type=tax_type, registration_number=number, company_name=name,
            representative=person_name(rng=rng), opening_date=opening, issue_date=issue_date,
            business_address=business_address, head_office_address=head_office, business_type=business_type,
            business_item=business_item, tax_office=office, corporate_number=corporate_number(rng=rng),
            issue_number=issue_number,
        )
    birth = random_date(rng=rng, start=dt.date(1950, 1, 1), end=dt.date(2001, 12, 31))
    earliest_opening = max(dt.date(birth.year + 20, 1, 2), dt.date(1990, 1, 2))
    opening = random_date(rng=rng, start=min(earliest_opening, issue_date - dt.timedelta(days=30)),
                          end=issue_date - dt.timedelta(days=1))
    name = rng.choice(data.SHOP_STEMS) + rng.choice(data.SHOP_SUFFIXES)
    return Certificate(
        corporate=False, tax_type=tax_type, registration_number=number, company_name=name,
        representative=person_name(rng=rng), opening_date=opening, issue_date=issue_date,
        business_address=address(rng=rng), business_type=business_type, business_item=business_item,
        tax_office=office, birth_date=birth, issue_number=issue_number,
    )


# ---------------------------------------------------------------- printing


def printed_date(value: dt.date) -> str:
    return f"{value.year} 년 {value.month:02d} 월 {value.day:02d} 일"


def printed_registration_number(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def printed_corporate_number(number: str) -> str:
    return f"{number[:6]}-{number[6:]}"


def _items(cert: Certificate) -> list[list[tuple[str, str]]]:
    """Rows of (label, value); a row with two pairs prints them side by side, as the real form does."""
    kinds = f"업태  {cert.business_type}", f"종목  {cert.business_item}"
    if cert.corporate:
        return [
            [("법인명(단체명)", cert.company_name)],
            [("대 표 자", cert.representative)],
            [("개 업 연 월 일", printed_date(cert.opening_date)),
             ("법인등록번호", printed_corporate_number(cert.corporate_number))],
            [("사 업 장 소 재 지", cert.business_address)],
            [("본 점 소 재 지", cert.head_office_address)],
            [("사업의 종류", "\t".join(kinds))],
        ]
    return [
        [("상 호", cert.company_name)],
        [("성 명", cert.representative), ("생 년 월 일", printed_date(cert.birth_date))],
        [("개 업 연 월 일", printed_date(cert.opening_date))],
        [("사 업 장 소 재 지", cert.business_address)],
        [("사 업 의 종 류", "\t".join(kinds))],
    ]


_TRAILER = (
    ("발 급 사 유", "신규"),
    ("공 동 사 업 자", ""),
    ("사업자 단위 과세 적용사업자 여부", "여(  )  부( V )"),
    ("전자세금계산서 전용 전자우편주소", ""),
)


def _justified(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, *, width: float,
               font: ImageFont.FreeTypeFont, fill) -> None:
    """The form spreads a short label over the whole label column: 상 호 -> 상          호."""
    chars = text.replace(" ", "")
    if len(chars) < 2 or "(" in chars:
        draw.text(xy, text, font=font, fill=fill)
        return
    total = sum(draw.textlength(c, font=font) for c in chars)
    gap = max(0.0, (width - total) / (len(chars) - 1))
    x, y = xy
    for c in chars:
        draw.text((x, y), c, font=font, fill=fill)
        x += draw.textlength(c, font=font) + gap


def _fit(draw: ImageDraw.ImageDraw, text: str, *, name: str, size: int, room: float) -> ImageFont.FreeTypeFont:
    font = fonts.load(name, size)
    while size > 10 and draw.textlength(text.replace("\t", "    "), font=font) > room:
        size -= 1
        font = fonts.load(name, size)
    return font


def _seal(page: Image.Image, *, box: tuple[int, int, int, int], rng: random.Random, bold: str) -> None:
    """A faint red square seal (직인) beside the tax office's name; `page` is RGB."""
    overlay = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    red = (200, 30, 30, rng.randint(110, 170))
    x0, y0, x1, y1 = box
    draw.rectangle(box, outline=red, width=max(2, (x1 - x0) // 18))
    inner = (x1 - x0) // 2 - (x1 - x0) // 10
    font = fonts.load(bold, inner * 0.8)
    for i, c in enumerate("세무서장"):
        cx = x0 + (x1 - x0) // 10 + (i % 2) * inner + inner * 0.1
        cy = y0 + (y1 - y0) // 10 + (i // 2) * inner + inner * 0.05
        draw.text((cx, cy), c, font=font, fill=red)
    page.paste(overlay, (0, 0), overlay)


def render_certificate(cert: Certificate, *, rng: random.Random, width: int) -> Image.Image:
    """The certificate as a white A4 page `width` pixels wide (1240 = 150 dpi)."""
    height = round(width * A4_RATIO)
    s = width / 1240
    regular, bold = rng.choice(fonts.CERTIFICATE_FAMILIES)
    layout = rng.choice(("classic", "classic", "table"))
    justify = rng.random() < 0.5
    paper = rng.choice(((255, 255, 255), (255, 255, 255), (252, 251, 247), (248, 249, 252)))
    ink = rng.choice(((0, 0, 0), (20, 20, 20), (35, 35, 45)))
    page = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(page)

    margin = round(rng.uniform(85, 115) * s)
    border = rng.choice(((150, 170, 200), (170, 170, 170), (120, 150, 130)))
    draw.rectangle((margin // 2, margin // 2, width - margin // 2, height - margin // 2), outline=border,
                   width=max(1, round(3 * s)))
    if rng.random() < 0.6:
        inset = margin // 2 + round(8 * s)
        draw.rectangle((inset, inset, width - inset, height - inset), outline=border, width=max(1, round(s)))
    if rng.random() < 0.5:  # faint emblem in the middle of the page
        r = round(260 * s)
        cx, cy = width // 2, round(height * 0.5)
        faint = tuple(min(255, c - 12) for c in paper)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=faint, width=round(10 * s))
        draw.text((cx, cy), "국세청", font=fonts.load(bold, 120 * s), fill=faint, anchor="mm")

    body = round(rng.uniform(25, 28) * s)
    small = round(20 * s)
    y = margin + round(10 * s)
    if cert.issue_number and rng.random() < 0.7:
        draw.text((margin, y), f"발급번호 : {cert.issue_number}", font=fonts.load(regular, small), fill=ink)
    y += round(rng.uniform(70, 100) * s)

    title = "사 업 자 등 록 증"
    draw.text((width // 2, y), title, font=fonts.load(bold, round(rng.uniform(54, 64) * s)), fill=ink, anchor="mt")
    y += round(90 * s)
    draw.text((width // 2, y), f"( {cert.tax_type} )", font=fonts.load(regular, round(30 * s)), fill=ink,
              anchor="mt")
    y += round(75 * s)
    draw.text((width // 2, y), f"등록번호 : {printed_registration_number(cert.registration_number)}",
              font=fonts.load(bold, round(32 * s)), fill=ink, anchor="mt")
    y += round(100 * s)

    font = fonts.load(regular, body)
    label_width = round((250 if cert.corporate else 215) * s)
    line = round(body * rng.uniform(2.3, 2.7))
    left, right = margin + round(20 * s), width - margin - round(20 * s)
    colon_x = left + label_width + round(12 * s)
    rows = _items(cert) + [[pair] for pair in _TRAILER[: rng.randint(2, 4)]]
    if layout == "table":
        draw.line((left - round(10 * s), y - line * 0.3, right, y - line * 0.3), fill=(110, 110, 110),
                  width=max(1, round(2 * s)))
    for row in rows:
        x = left
        for i, (label, value) in enumerate(row):
            lw = label_width if i == 0 else draw.textlength(label, font=font) + round(4 * s)
            if len(label.replace(" ", "")) > 7:  # the long trailer labels keep their natural width
                lw = draw.textlength(label, font=font)
            if justify and i == 0 and len(label.replace(" ", "")) <= 7:
                _justified(draw, (x, y), label, width=lw, font=font, fill=ink)
            else:
                draw.text((x, y), label, font=font, fill=ink)
            cx = max(x + lw + round(12 * s), colon_x if i == 0 else 0)
            if layout == "classic":
                draw.text((cx, y), ":", font=font, fill=ink)
            vx = cx + round(30 * s)
            room = right - vx if len(row) == 1 else (width * 0.55 - vx if i == 0 else right - vx)
            if "\t" in value:
                kind_type, kind_item = value.split("\t")
                size = body
                while True:
                    vfont = fonts.load(regular, size)
                    offset = max(draw.textlength(kind_type, font=vfont) + round(50 * s), round(380 * s))
                    if size <= 12 or offset + draw.textlength(kind_item, font=vfont) <= room:
                        break
                    size -= 1
                draw.text((vx, y), kind_type, font=vfont, fill=ink)
                draw.text((vx + offset, y), kind_item, font=vfont, fill=ink)
            else:
                vfont = _fit(draw, value, name=regular, size=body, room=room)
                draw.text((vx, y), value, font=vfont, fill=ink)
            x = max(width * 0.55, vx + draw.textlength(value, font=font) + round(40 * s))
        y += line
        if layout == "table":
            draw.line((left - round(10 * s), y - line * 0.3, right, y - line * 0.3), fill=(170, 170, 170),
                      width=max(1, round(s)))

    y = max(y + round(60 * s), round(height * 0.74))
    draw.text((width // 2, y), printed_date(cert.issue_date), font=fonts.load(regular, round(30 * s)), fill=ink,
              anchor="mt")
    y += round(100 * s)
    office_font = fonts.load(bold, round(rng.uniform(40, 46) * s))
    office_text = f"{cert.tax_office}장"
    draw.text((width // 2, y), office_text, font=office_font, fill=ink, anchor="mt")
    text_right = width // 2 + draw.textlength(office_text, font=office_font) / 2
    side = round(rng.uniform(95, 115) * s)
    sx = round(text_right + rng.uniform(15, 35) * s)
    sy = y - round(side * 0.25)
    _seal(page, box=(sx, sy, sx + side, sy + side), rng=rng, bold=bold)
    draw.text((width // 2, height - margin - round(30 * s)), "국세청  National Tax Service",
              font=fonts.load(regular, small), fill=(120, 120, 120), anchor="mb")
    return page
