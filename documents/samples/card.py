"""Credit cards: a random number, expiry and holder, rendered the way real cards look in photos and thumbnails.

What real cards show, and this draws: embossed digits (raised, often the colour of the card with only a highlight
and a shadow to see them by) or OCR-A / Farrington-like print on busy photographic artwork; 4-4-4-4 or Amex 4-6-5
groups; a second date (`VALID FROM`, `MEMBER SINCE`) beside `VALID THRU` in a smaller font; a small 4-digit number
under the main one; newer Korean cards with the number, expiry and CVC on the back, sometimes printed vertically or
held upright with the number in stacked rows (four of four digits, two of eight, or American Express's 4-6-5); a
few upright fronts with the number in four stacked rows; specimen numbers that fail Luhn (the truth keeps the
printed digits).
"""

import random
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps
from stdnum import luhn

from . import data, fonts

CARD_RATIO = 85.60 / 53.98  # ISO/IEC 7810 ID-1

# Debian's fonts-ocr-a (scripts/install_system_packages.sh): the OCR-A digits many cards print. Farrington 7B, the
# embossing font, has no free version; DejaVu Sans Mono Bold has the same square, even-width digits.
OCR_A_FONT = Path("/usr/share/fonts/truetype/ocr-a/OCRA.ttf")
FARRINGTON_LIKE_FONT = fonts.CARD_FACES["tuning"].embossing
KOREAN_BOLD_FONT = fonts.NANUM_DIR / "NanumGothicBold.ttf"

# How often each variant occurs, roughly as in the public card images the issue describes.
BACK_SHARE = 0.25  # newer Korean cards: number, expiry and CVC on the back
VERTICAL_SHARE = 0.4  # of the backs: the card is held upright, its text runs down the long side
EMBOSSED_SHARE = 0.5  # of the fronts
BUSY_ART_SHARE = 0.55
SECOND_DATE_SHARE = 0.3
SMALL_DIGITS_SHARE = 0.4  # the 4 digits printed small under the number (fronts)
SPECIMEN_SHARE = 0.08  # specimen numbers that fail Luhn
# Drawn from a generator of their own (seeded by the card's number), so every other card of a seed is as before:
DATE_ARROW_SHARE = 0.4  # a small arrow between the THRU label and the date (`VALID THRU ▸ 10/30`)
# the label on the date's own line, in its typeface and near its size (`VALID THRU 06/27`, as many backs print it;
# an eighth independent set's backs: the label and date one run of marks, and the date never read)
INLINE_LABEL_SHARE = 0.2
EMBOSSED_DATES_SHARE = 0.6  # of the embossed fronts: the expiry (and the second date) embossed like the number
UPRIGHT_BACK_SHARE = 0.5  # of the backs held upright: text level, the number in stacked rows (4 of 4, 2 of 8, 4-6-5)
# portrait cards printing the number in four stacked rows of four digits (some newer Korean designs); drawn from a
# generator of their own (`stacked_variant`), so every other card of a seed is as before
STACKED_SHARE = 0.05

THRU_LABELS = ("VALID\nTHRU", "VALID THRU", "GOOD THRU", "EXPIRES END", "유효기간")
SECOND_LABELS = ("VALID\nFROM", "VALID FROM", "MEMBER\nSINCE", "MEMBER SINCE")


@dataclass
class Card:
    number: str  # digits only, as printed (a specimen may fail Luhn)
    valid_thru: str  # MM/YY
    holder: str
    issuer: str
    product: str
    brand: str  # visa | mastercard | amex
    side: str = "front"  # front | back: where the number is printed
    digit_style: str = "printed"  # printed | ocr_a | embossed
    busy_art: bool = False
    second_date: str = ""  # MM/YY of VALID FROM / MEMBER SINCE, "" when the card has none
    small_digits: bool = False
    vertical: bool = False
    specimen: bool = False
    date_arrow: bool = False
    embossed_dates: bool = False
    # an upright card, its text level, its number in stacked rows: a back (four rows of four, two of eight, or an
    # American Express number's three) or a front (four rows of four); `vertical` is then False
    stacked: bool = False
    inline_label: bool = False
    faces: str = "tuning"  # the typefaces its digits are printed in (fonts.CARD_FACES)

    @property
    def fields(self) -> dict[str, str]:
        return {"card_number": self.number, "valid_thru": self.valid_thru}

    @property
    def groups(self) -> list[str]:
        if len(self.number) == 15:
            return [self.number[:4], self.number[4:10], self.number[10:]]
        return [self.number[i : i + 4] for i in range(0, len(self.number), 4)]

    @property
    def generation(self) -> str:
        return self.side

    @property
    def flaws(self) -> list[str]:
        """The truth's names for this card's variations (the capture's flaws are added by the caller)."""
        named = {
            "embossed": self.digit_style == "embossed",
            "ocr_a": self.digit_style == "ocr_a",
            "busy_art": self.busy_art,
            "second_date": bool(self.second_date),
            "small_digits": self.small_digits,
            "vertical": self.vertical,
            "bad_check_digit": self.specimen,
            "date_arrow": self.date_arrow,
            "embossed_dates": self.embossed_dates,
            "stacked": self.stacked,
            "inline_label": self.inline_label,
        }
        return [name for name, present in named.items() if present]


def card_number(*, rng: random.Random, brand: str, specimen: bool = False) -> str:
    if brand == "amex":
        stem, length = rng.choice(("34", "37")), 15
    elif brand == "mastercard":
        stem, length = str(rng.randint(51, 55)), 16
    else:
        stem, length = "4", 16
    stem += "".join(str(rng.randint(0, 9)) for _ in range(length - 1 - len(stem)))
    check = luhn.calc_check_digit(stem)
    if specimen:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    return stem + check


def holder_name(*, rng: random.Random) -> str:
    surname = data.SURNAMES_LATIN[rng.choice(data.SURNAMES)]
    given = "".join(rng.choice(data.GIVEN_SYLLABLES)[1] for _ in range(2))
    return f"{surname} {given}" if rng.random() < 0.6 else f"{given} {surname}"


def random_card(*, rng: random.Random) -> Card:
    brand = rng.choices(("visa", "mastercard", "amex"), weights=(45, 40, 15))[0]
    month, year = rng.randint(1, 12), rng.randint(24, 32)
    side = "back" if rng.random() < BACK_SHARE else "front"
    specimen = rng.random() < SPECIMEN_SHARE
    if side == "back":
        digit_style = rng.choice(("printed", "ocr_a"))
    else:
        digit_style = "embossed" if rng.random() < EMBOSSED_SHARE else rng.choice(("printed", "ocr_a"))
    second_date = ""
    if rng.random() < SECOND_DATE_SHARE:  # issued two to five years before it expires
        second_date = f"{rng.randint(1, 12):02d}/{year - rng.randint(2, 5):02d}"
    number = card_number(rng=rng, brand=brand, specimen=specimen)
    looks = random.Random(f"dates {number}")
    upright = side == "back" and rng.random() < VERTICAL_SHARE
    stacked = upright and looks.random() < UPRIGHT_BACK_SHARE
    return Card(
        number=number,
        valid_thru=f"{month:02d}/{year:02d}",
        holder=holder_name(rng=rng),
        issuer=rng.choice(data.CARD_ISSUERS),
        product=rng.choice(data.CARD_PRODUCTS),
        brand=brand,
        side=side,
        digit_style=digit_style,
        busy_art=rng.random() < BUSY_ART_SHARE,
        second_date=second_date,
        small_digits=side == "front" and rng.random() < SMALL_DIGITS_SHARE,
        vertical=upright and not stacked,
        specimen=specimen,
        date_arrow=looks.random() < DATE_ARROW_SHARE,
        embossed_dates=digit_style == "embossed" and side == "front" and looks.random() < EMBOSSED_DATES_SHARE,
        stacked=stacked,
        # drawn apart, so that every other card is as before
        inline_label=random.Random(f"inline label {number}").random() < INLINE_LABEL_SHARE,
    )


def stacked_variant(card: Card, *, rng: random.Random) -> Card:
    """The card, now and then (STACKED_SHARE), as an upright card printing its 16 digits in four stacked rows: flat
    print on the front (an Amex 4-6-5 number does not stack)."""
    if rng.random() >= STACKED_SHARE or len(card.number) != 16:
        return card
    style = card.digit_style if card.digit_style != "embossed" else rng.choice(("printed", "ocr_a"))
    return replace(card, stacked=True, side="front", vertical=False, small_digits=False, digit_style=style,
                   embossed_dates=False)


_DARK = ((18, 32, 74), (20, 20, 24), (90, 18, 40), (14, 70, 60), (60, 40, 110), (40, 44, 52), (0, 82, 150))
_LIGHT = ((236, 238, 242), (250, 226, 150), (200, 225, 245), (235, 215, 225), (214, 236, 214), (245, 245, 235))
_VIVID = ((220, 90, 40), (30, 140, 200), (240, 200, 60), (120, 180, 90), (200, 60, 120), (250, 250, 250),
          (10, 10, 10), (90, 60, 160), (230, 140, 170), (60, 60, 70))


def _plain_face(*, rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A flat or gradient face."""
    palette = _DARK if rng.random() < 0.6 else _LIGHT
    first = rng.choice(palette)
    if rng.random() < 0.35:
        return Image.new("RGB", size, first)
    second = rng.choice([c for c in palette if c != first])
    vertical = Image.linear_gradient("L")
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)
    ramp = rng.choice((vertical, horizontal, Image.blend(vertical, horizontal, 0.5)))
    if rng.random() < 0.5:
        ramp = ImageOps.invert(ramp)
    ramp = ramp.resize(size, Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, first, second)


def _busy_face(*, rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Photographic-looking artwork: soft colour fields at several scales, bright shapes with edges, fine grain.

    Real premium cards print landscapes, city lights, marble, metal brushing: strong edges and texture right behind
    the digits, which is what defeats a single global threshold.
    """
    width, height = size
    nprng = np.random.default_rng(rng.getrandbits(32))
    canvas = np.zeros((height, width, 3), dtype=np.float32)
    weight = 0.0
    for cells, amount in ((3, 1.0), (7, 0.6), (18, 0.35)):  # fractal colour noise: clouds, hills, foliage
        small = nprng.random((cells, round(cells * CARD_RATIO), 3), dtype=np.float32)
        layer = Image.fromarray((small * 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC)
        canvas += amount * np.asarray(layer, dtype=np.float32)
        weight += amount
    canvas /= weight
    tint = np.array(rng.choice(_VIVID + _DARK), dtype=np.float32)
    canvas = 0.55 * canvas + 0.45 * tint
    art = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(art, "RGBA")
    for _ in range(rng.randint(6, 14)):  # shapes: sun discs, mountain ridges, light streaks
        colour = (*rng.choice(_VIVID), rng.randint(70, 200))
        x, y = rng.uniform(-0.2, 1.1) * width, rng.uniform(-0.2, 1.1) * height
        r = rng.uniform(0.05, 0.35) * width
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        elif shape < 0.75:
            points = [(x + rng.uniform(-r, r) * 2, y + rng.uniform(-r, r)) for _ in range(rng.randint(3, 6))]
            draw.polygon(points, fill=colour)
        else:
            draw.line((x, y, x + rng.uniform(-2, 2) * r, y + rng.uniform(-1, 1) * r), fill=colour,
                      width=max(2, round(rng.uniform(0.005, 0.04) * width)))
    art = art.filter(ImageFilter.GaussianBlur(rng.uniform(0.0, 2.5) * width / 1000))
    grain = nprng.normal(0, rng.uniform(4, 12), (height, width, 1)).astype(np.float32)
    textured = np.asarray(art, dtype=np.float32) + grain
    return Image.fromarray(np.clip(textured, 0, 255).astype(np.uint8))


def _luminance(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    region = image.crop(box).convert("L")
    return float(np.asarray(region, dtype=np.float32).mean())


def _ink_for(image: Image.Image, box: tuple[int, int, int, int], *, rng: random.Random) -> tuple[int, int, int]:
    """Print that stands out from what is behind it: white-ish on dark art, near-black on light art."""
    if _luminance(image, box) < 135:
        return rng.choice(((245, 245, 245), (235, 230, 215), (255, 255, 255), (225, 225, 230)))
    return rng.choice(((20, 20, 20), (40, 40, 60), (10, 30, 70)))


def _emboss(face: Image.Image, mask: Image.Image, *, rng: random.Random, s: float) -> Image.Image:
    """Raised digits: a highlight up-left, a shadow down-right, and a body that is either the card's own colour a
    little lighter (untipped) or a silver/gold foil (tipped)."""
    depth = max(1, round(rng.uniform(1.5, 3.0) * s))
    soft = mask.filter(ImageFilter.GaussianBlur(max(0.5, 0.8 * s)))
    highlight = ImageChops.subtract(ImageChops.offset(soft, -depth, -depth), mask)
    shadow = ImageChops.subtract(ImageChops.offset(soft, depth, depth), mask)
    face = Image.composite(Image.new("RGB", face.size, (255, 255, 255)), face,
                           highlight.point(lambda v: int(v * 0.85)))
    face = Image.composite(Image.new("RGB", face.size, (0, 0, 0)), face, shadow.point(lambda v: int(v * 0.75)))
    if rng.random() < 0.5:
        body = face.point(lambda v: min(255, int(v * 1.12) + 18))  # untipped: the card's colour, a touch lighter
    else:
        foil = rng.choice(((205, 205, 210), (212, 182, 104), (235, 235, 235), (30, 30, 30)))
        body = Image.new("RGB", face.size, foil)
        ramp = Image.linear_gradient("L").resize(face.size).point(lambda v: 200 + v // 5)
        body = ImageChops.multiply(body, Image.merge("RGB", (ramp,) * 3))
    return Image.composite(body, face, mask)


def _number_font(card: Card, *, rng: random.Random, size: float):
    if card.digit_style == "ocr_a" and OCR_A_FONT.exists():
        return fonts.load(OCR_A_FONT, size)
    faces = fonts.CARD_FACES[card.faces]
    if card.digit_style == "embossed":
        return fonts.load(faces.embossing, size)
    return fonts.load(rng.choice(faces.numbers), size)


def _draw_number(face: Image.Image, card: Card, *, rng: random.Random, left: int, top: int, right: int,
                 size: float, s: float) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The number in its groups, fitted between `left` and `right`; returns the face and the number's box."""
    draw = ImageDraw.Draw(face)
    font = _number_font(card, rng=rng, size=size)
    spacing = rng.choice(("  ", "   ", " "))
    while draw.textlength(spacing.join(card.groups), font=font) > right - left:
        font = fonts.load(font.path, font.size - 2)
    gap = draw.textlength(spacing, font=font)
    ascent = font.getbbox("0")[3]
    box = (left, top, round(left + draw.textlength(spacing.join(card.groups), font=font)), top + ascent)
    if card.digit_style == "embossed":
        mask = Image.new("L", face.size, 0)
        x = left
        for group in card.groups:
            ImageDraw.Draw(mask).text((x, top), group, font=font, fill=255)
            x += draw.textlength(group, font=font) + gap
        return _emboss(face, mask, rng=rng, s=s), box
    ink = _ink_for(face, box, rng=rng)
    x = left
    for group in card.groups:
        draw.text((x, top), group, font=font, fill=ink)
        x += draw.textlength(group, font=font) + gap
    return face, box


def _draw_dates(face: Image.Image, card: Card, *, rng: random.Random, left: int, top: int, s: float,
                ink: tuple[int, int, int], right: int) -> Image.Image:
    """VALID THRU and its date, ending before `right`; with a second date, that one (smaller) comes first, left of
    it, or above it where one row would run past `right` (a portrait card's width, a back's stripe)."""
    draw = ImageDraw.Draw(face)
    label_font = fonts.load(fonts.CARD_BOLD_FONT, rng.uniform(13, 17) * s)
    faces = fonts.CARD_FACES[card.faces]
    date_font = fonts.load(rng.choice((*faces.numbers, faces.embossing)), rng.uniform(34, 42) * s)
    looks = random.Random(f"dates {card.number}")  # what only some cards have is drawn apart (DATE_ARROW_SHARE)
    if card.embossed_dates:
        date_font = fonts.load(faces.embossing, date_font.size)
    dates = []  # (where, text, font): drawn last, in ink or embossed
    x = left
    second_label = None
    if card.second_date:
        small_label = fonts.load(fonts.CARD_BOLD_FONT, rng.uniform(10, 13) * s)
        small_date = fonts.load(date_font.path, date_font.size * rng.uniform(0.6, 0.8))
        second_label = rng.choice(SECOND_LABELS)
        width = max(draw.textlength(part, font=small_label) for part in second_label.split("\n"))
        dates.append(((x + width + round(8 * s), top), card.second_date, small_date))
        x += round(width + 8 * s + draw.textlength(card.second_date, font=small_date) + rng.uniform(30, 60) * s)
    label = rng.choice(THRU_LABELS)
    font = fonts.load(KOREAN_BOLD_FONT, label_font.size) if not label.isascii() else label_font
    if card.inline_label:
        size = date_font.size * random.Random(f"inline label size {card.number}").uniform(0.55, 0.9)
        label = label.replace("\n", " ")
        font = fonts.load(date_font.path if label.isascii() else KOREAN_BOLD_FONT, size)
    width = max(draw.textlength(part, font=font) for part in label.split("\n"))
    arrow = None
    if card.date_arrow:
        arrow = fonts.load(fonts.DEJAVU_DIR / "DejaVuSans.ttf", label_font.size * looks.uniform(1.0, 1.4))
        arrow_glyph, arrow_gap = looks.choice(("▶", "►", "▸")), looks.uniform(4, 10) * s
    date_left = x + width + round(12 * s)
    if arrow is not None:
        date_left += round(draw.textlength("▶", font=arrow) + arrow_gap)
    if second_label is not None:
        row_top = top
        if date_left + draw.textlength(card.valid_thru, font=date_font) > right:
            top, date_left, x = top + round(1.15 * date_font.size), date_left - (x - left), left
        draw.multiline_text((left, row_top), second_label, font=small_label, fill=ink, spacing=round(2 * s))
    if card.inline_label:  # on the date's baseline
        draw.text((x, top - round(6 * s) + date_font.getmetrics()[0]), label, font=font, fill=ink, anchor="ls")
    else:
        draw.multiline_text((x, top), label, font=font, fill=ink, spacing=round(2 * s))
    if arrow is not None:
        draw.text((x + width + round(12 * s), top + round(4 * s)), arrow_glyph, font=arrow, fill=ink)
    dates.append(((date_left, top - round(6 * s)), card.valid_thru, date_font))
    if not card.embossed_dates:
        for where, text, date_face in dates:
            draw.text(where, text, font=date_face, fill=ink)
        return face
    mask = Image.new("L", face.size, 0)
    for where, text, date_face in dates:
        ImageDraw.Draw(mask).text(where, text, font=date_face, fill=255)
    return _emboss(face, mask, rng=looks, s=s)


def _brand(draw: ImageDraw.ImageDraw, card: Card, *, right: int, bottom: int, s: float, light: tuple) -> None:
    if card.brand == "mastercard":
        r = round(38 * s)
        cx, cy = right - round(60 * s), bottom - r
        draw.ellipse((cx - 2 * r + r // 2, cy - r, cx + r // 2, cy + r), fill=(235, 0, 27))
        draw.ellipse((cx - r // 2, cy - r, cx + 3 * r // 2, cy + r), fill=(247, 158, 27))
    elif card.brand == "amex":
        font = fonts.load(fonts.CARD_BOLD_FONT, 24 * s)
        draw.text((right, bottom), "AMERICAN\nEXPRESS", font=font, fill=light, anchor="rd", align="right")
    else:
        font = fonts.load(fonts.DEJAVU_DIR / "DejaVuSans-BoldOblique.ttf", 58 * s)
        draw.text((right, bottom), "VISA", font=font, fill=light, anchor="rd")


def _front(card: Card, *, rng: random.Random, width: int, height: int) -> Image.Image:
    s = width / 1000
    face = (_busy_face if card.busy_art else _plain_face)(rng=rng, size=(width, height))
    pad = round(rng.uniform(55, 70) * s)
    draw = ImageDraw.Draw(face)
    ink = _ink_for(face, (0, 0, width, height), rng=rng)
    draw.text((pad, pad), card.issuer, font=fonts.load(fonts.CARD_BOLD_FONT, 34 * s), fill=ink)
    if card.product:
        draw.text((width - pad, pad), card.product, font=fonts.load(rng.choice(fonts.CARD_TEXT_FONTS), 26 * s),
                  fill=ink, anchor="ra")
    chip = (pad + round(10 * s), round(height * 0.28), pad + round(120 * s), round(height * 0.28 + 88 * s))
    draw.rounded_rectangle(chip, radius=round(12 * s), fill=(212, 175, 90), outline=(150, 120, 60),
                           width=max(1, round(2 * s)))
    mid = (chip[1] + chip[3]) // 2
    draw.line((chip[0], mid, chip[2], mid), fill=(150, 120, 60), width=max(1, round(2 * s)))

    top = round(height * rng.uniform(0.48, 0.55))
    face, box = _draw_number(face, card, rng=rng, left=pad, top=top, right=width - pad,
                             size=rng.uniform(56, 66) * s, s=s)
    draw = ImageDraw.Draw(face)
    if card.small_digits:  # the first four digits again, small, under the first group
        small = fonts.load(fonts.CARD_TEXT_FONTS[0], rng.uniform(16, 20) * s)
        draw.text((box[0] + round(4 * s), box[3] + round(8 * s)), card.number[:4], font=small,
                  fill=_ink_for(face, (box[0], box[3], box[0] + round(80 * s), box[3] + round(30 * s)), rng=rng))
    dates_top = max(box[3] + round(50 * s), round(height * 0.70))
    dates_left = round(width * rng.uniform(0.22, 0.36)) if card.second_date else round(width * rng.uniform(0.3, 0.42))
    dates_ink = _ink_for(face, (dates_left, dates_top, width - pad, dates_top + round(40 * s)), rng=rng)
    face = _draw_dates(face, card, rng=rng, left=dates_left, top=dates_top, s=s, ink=dates_ink,
                       right=width - pad)
    draw = ImageDraw.Draw(face)
    holder_ink = _ink_for(face, (pad, height - pad - round(40 * s), width // 2, height - pad), rng=rng)
    draw.text((pad, height - pad), card.holder, font=fonts.load(rng.choice(fonts.CARD_TEXT_FONTS), 34 * s),
              fill=holder_ink, anchor="ld")
    _brand(draw, card, right=width - pad, bottom=height - pad, s=s, light=holder_ink)
    return face


def _back(card: Card, *, rng: random.Random, width: int, height: int) -> Image.Image:
    """Magnetic stripe, signature panel with the CVC, the number and expiry printed flat, fine print and phone
    numbers (digit groups that are not the card number)."""
    s = width / 1000
    face = (_busy_face if card.busy_art and rng.random() < 0.5 else _plain_face)(rng=rng, size=(width, height))
    draw = ImageDraw.Draw(face)
    stripe_top = round(height * rng.uniform(0.06, 0.1))
    draw.rectangle((0, stripe_top, width, stripe_top + round(height * 0.17)), fill=(25, 25, 28))
    pad = round(rng.uniform(45, 60) * s)
    panel = (pad, round(height * 0.34), round(width * 0.68), round(height * 0.34 + 70 * s))
    draw.rectangle(panel, fill=(236, 236, 228))
    for x in range(panel[0], panel[2], max(3, round(9 * s))):  # the panel's security pattern
        draw.line((x, panel[1], x + round(20 * s), panel[3]), fill=(200, 205, 215), width=1)
    cvc = "".join(str(rng.randint(0, 9)) for _ in range(3))
    small = fonts.load(fonts.CARD_TEXT_FONTS[0], 18 * s)
    draw.text((panel[2] + round(20 * s), panel[1] + round(8 * s)), "CVC", font=small,
              fill=_ink_for(face, (panel[2], panel[1], width, panel[3]), rng=rng))
    draw.text((panel[2] + round(20 * s), panel[1] + round(30 * s)), cvc, font=fonts.load(FARRINGTON_LIKE_FONT, 30 * s),
              fill=_ink_for(face, (panel[2], panel[1], width, panel[3]), rng=rng))
    top = round(height * rng.uniform(0.52, 0.58))
    face, box = _draw_number(face, card, rng=rng, left=pad, top=top, right=round(width * 0.9),
                             size=rng.uniform(40, 50) * s, s=s)
    dates_top = box[3] + round(rng.uniform(22, 34) * s)
    dates_ink = _ink_for(face, (pad, dates_top, width // 2, dates_top + round(40 * s)), rng=rng)
    face = _draw_dates(face, card, rng=rng, left=pad, top=dates_top, s=s, ink=dates_ink, right=width - pad)
    draw = ImageDraw.Draw(face)
    fine = fonts.load(fonts.CARD_TEXT_FONTS[1], 14 * s)
    phone = f"1588-{rng.randint(1000, 9999)}"
    notes = (f"{card.issuer}  Customer Center {phone}", "This card is the property of the issuer and must be "
             "returned on request.", f"Lost or stolen: +82-2-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}")
    ink = _ink_for(face, (pad, height - round(90 * s), width, height - pad), rng=rng)
    for i, note in enumerate(notes):
        draw.text((pad, height - pad - round((3 - i) * 22 * s)), note, font=fine, fill=ink)
    return face


def _upright_back(card: Card, *, rng: random.Random, width: int, height: int) -> Image.Image:
    """A back printed to be held upright (`width` < `height`), its text level: the stripe down the long side, the
    number in stacked rows under its label (a row per group, or two groups a row), the expiry and CVC under it,
    the signature panel and fine print below."""
    s = height / 1000
    face = (_busy_face if card.busy_art and rng.random() < 0.5 else _plain_face)(rng=rng, size=(width, height))
    draw = ImageDraw.Draw(face)
    stripe = round(width * rng.uniform(0.12, 0.17))
    draw.rectangle((width - stripe - round(20 * s), 0, width - round(20 * s), height), fill=(25, 25, 28))
    pad = round(rng.uniform(45, 60) * s)
    ink = _ink_for(face, (pad, 0, width - stripe, height), rng=rng)
    draw.text((pad, pad), card.issuer, font=fonts.load(fonts.CARD_BOLD_FONT, 30 * s), fill=ink)
    small = fonts.load(KOREAN_BOLD_FONT, 18 * s)
    top = round(height * rng.uniform(0.24, 0.3))
    draw.text((pad, top), rng.choice(("카드번호 CARD NO.", "CARD NUMBER", "카드번호")), font=small, fill=ink)
    font = _number_font(card, rng=rng, size=rng.uniform(40, 48) * s)
    rows = card.groups if rng.random() < 0.6 or len(card.number) != 16 else [
        " ".join(card.groups[:2]), " ".join(card.groups[2:])]
    step = font.getbbox("0")[3] * rng.uniform(1.35, 1.6)
    y = top + round(34 * s)
    for row in rows:
        draw.text((pad, y), row, font=font, fill=ink)
        y += round(step)
    face = _draw_dates(face, card, rng=rng, left=pad, top=round(y + 30 * s), s=s, ink=ink,
                       right=width - stripe - round(40 * s))
    draw = ImageDraw.Draw(face)
    panel_top = round(y + 140 * s)
    draw.rectangle((pad, panel_top, width - stripe - round(50 * s), panel_top + round(60 * s)), fill=(240, 238, 230))
    fine = fonts.load(KOREAN_BOLD_FONT, 15 * s)
    draw.text((pad, height - pad - round(40 * s)), f"고객센터 1588-{rng.randint(1000, 9999)}", font=fine, fill=ink)
    return face


def _stacked(card: Card, *, rng: random.Random, width: int, height: int) -> Image.Image:
    """An upright card (`width` its short side): issuer on top, the chip, the number in four rows of four digits
    down the left, VALID THRU and its date under them, the holder and the brand at the foot."""
    s = height / 1000  # sizes as on a landscape card of this long side
    face = (_busy_face if card.busy_art else _plain_face)(rng=rng, size=(width, height))
    pad = round(rng.uniform(55, 70) * s)
    draw = ImageDraw.Draw(face)
    ink = _ink_for(face, (0, 0, width, height), rng=rng)
    draw.text((pad, pad), card.issuer, font=fonts.load(fonts.CARD_BOLD_FONT, 34 * s), fill=ink)
    chip = (pad, round(height * 0.2), pad + round(88 * s), round(height * 0.2 + 120 * s))
    draw.rounded_rectangle(chip, radius=round(12 * s), fill=(212, 175, 90), outline=(150, 120, 60),
                           width=max(1, round(2 * s)))
    font = _number_font(card, rng=rng, size=rng.uniform(50, 62) * s)
    step = round(font.size * rng.uniform(1.25, 1.45))
    top = round(height * rng.uniform(0.34, 0.4))
    row_ink = _ink_for(face, (pad, top, pad + round(300 * s), top + 4 * step), rng=rng)
    for row, group in enumerate(card.groups):
        draw.text((pad, top + row * step), group, font=font, fill=row_ink)
    dates_top = top + 4 * step + round(rng.uniform(20, 40) * s)
    dates_ink = _ink_for(face, (pad, dates_top, width - pad, dates_top + round(40 * s)), rng=rng)
    face = _draw_dates(face, card, rng=rng, left=pad, top=dates_top, s=s, ink=dates_ink, right=width - pad)
    draw = ImageDraw.Draw(face)
    holder_ink = _ink_for(face, (pad, height - pad - round(90 * s), width, height - pad), rng=rng)
    draw.text((pad, height - pad - round(50 * s)), card.holder, font=fonts.load(rng.choice(fonts.CARD_TEXT_FONTS),
                                                                                 30 * s), fill=holder_ink, anchor="ld")
    _brand(draw, card, right=width - pad, bottom=height - pad, s=s * 0.8, light=holder_ink)
    return face


def render_card(card: Card, *, rng: random.Random, width: int) -> Image.Image:
    """The card, `width` pixels along its long side at the standard ratio, rounded corners on a backdrop.

    A vertical card (held upright, its text running down the long side) and a stacked one come back portrait.
    """
    height = round(width / CARD_RATIO)
    if card.stacked:
        face = (_upright_back(card, rng=random.Random(f"stacked {card.number}"), width=height, height=width)
                if card.side == "back" else _stacked(card, rng=rng, width=height, height=width))
    else:
        face = (_back if card.side == "back" else _front)(card, rng=rng, width=width, height=height)
    mask = Image.new("L", face.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, face.width - 1, face.height - 1), radius=round(36 * width / 1000),
                                           fill=255)
    backdrop = Image.new("RGB", face.size, rng.choice(((255, 255, 255), (230, 230, 230), (200, 200, 195))))
    backdrop.paste(face, (0, 0), mask)
    if card.vertical:
        turn = rng.choice((Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270))
        backdrop = backdrop.transpose(turn)
    return backdrop

