"""Credit cards: a random number, expiry and holder, rendered on a coloured card face."""

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps
from stdnum import luhn

from . import data, fonts

CARD_RATIO = 85.60 / 53.98  # ISO/IEC 7810 ID-1


@dataclass
class Card:
    number: str  # digits only
    valid_thru: str  # MM/YY
    holder: str
    issuer: str
    product: str
    brand: str  # visa | mastercard | amex

    @property
    def fields(self) -> dict[str, str]:
        return {"card_number": self.number, "valid_thru": self.valid_thru}

    @property
    def groups(self) -> list[str]:
        if len(self.number) == 15:
            return [self.number[:4], self.number[4:10], self.number[10:]]
        return [self.number[i : i + 4] for i in range(0, len(self.number), 4)]


def card_number(*, rng: random.Random, brand: str) -> str:
    if brand == "amex":
        stem, length = rng.choice(("34", "37")), 15
    elif brand == "mastercard":
        stem, length = str(rng.randint(51, 55)), 16
    else:
        stem, length = "4", 16
    stem += "".join(str(rng.randint(0, 9)) for _ in range(length - 1 - len(stem)))
    return stem + luhn.calc_check_digit(stem)


def holder_name(*, rng: random.Random) -> str:
    surname = data.SURNAMES_LATIN[rng.choice(data.SURNAMES)]
    given = "".join(rng.choice(data.GIVEN_SYLLABLES)[1] for _ in range(2))
    return f"{surname} {given}" if rng.random() < 0.6 else f"{given} {surname}"


def random_card(*, rng: random.Random) -> Card:
    brand = rng.choices(("visa", "mastercard", "amex"), weights=(45, 40, 15))[0]
    month, year = rng.randint(1, 12), rng.randint(24, 32)
    return Card(
        number=card_number(rng=rng, brand=brand),
        valid_thru=f"{month:02d}/{year:02d}",
        holder=holder_name(rng=rng),
        issuer=rng.choice(data.CARD_ISSUERS),
        product=rng.choice(data.CARD_PRODUCTS),
        brand=brand,
    )


_DARK = ((18, 32, 74), (20, 20, 24), (90, 18, 40), (14, 70, 60), (60, 40, 110), (40, 44, 52), (0, 82, 150))
_LIGHT = ((236, 238, 242), (250, 226, 150), (200, 225, 245), (235, 215, 225), (214, 236, 214), (245, 245, 235))


def _background(*, rng: random.Random, size: tuple[int, int]) -> tuple[Image.Image, bool]:
    """A flat or gradient face; returns it and whether it is dark (light text on it)."""
    dark = rng.random() < 0.6
    palette = _DARK if dark else _LIGHT
    first = rng.choice(palette)
    if rng.random() < 0.35:
        return Image.new("RGB", size, first), dark
    second = rng.choice([c for c in palette if c != first])
    vertical = Image.linear_gradient("L")
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)
    ramp = rng.choice((vertical, horizontal, Image.blend(vertical, horizontal, 0.5)))
    if rng.random() < 0.5:
        ramp = ImageOps.invert(ramp)
    ramp = ramp.resize(size, Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, first, second), dark


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


def render_card(card: Card, *, rng: random.Random, width: int) -> Image.Image:
    """The card face, `width` pixels wide at the standard card ratio, with rounded corners on a backdrop."""
    height = round(width / CARD_RATIO)
    s = width / 1000
    face, dark = _background(rng=rng, size=(width, height))
    text = rng.choice(((245, 245, 245), (230, 230, 220), (255, 255, 255))) if dark else rng.choice(
        ((20, 20, 20), (40, 40, 60), (10, 30, 70))
    )
    draw = ImageDraw.Draw(face)
    pad = round(rng.uniform(55, 70) * s)

    draw.text((pad, pad), card.issuer, font=fonts.load(fonts.CARD_BOLD_FONT, 34 * s), fill=text)
    if card.product:
        draw.text((width - pad, pad), card.product, font=fonts.load(rng.choice(fonts.CARD_TEXT_FONTS), 26 * s),
                  fill=text, anchor="ra")

    chip = (pad + round(10 * s), round(height * 0.30), pad + round(120 * s), round(height * 0.30 + 88 * s))
    draw.rounded_rectangle(chip, radius=round(12 * s), fill=(212, 175, 90), outline=(150, 120, 60),
                           width=max(1, round(2 * s)))
    mid = (chip[1] + chip[3]) // 2
    draw.line((chip[0], mid, chip[2], mid), fill=(150, 120, 60), width=max(1, round(2 * s)))

    number_font = fonts.load(rng.choice(fonts.CARD_NUMBER_FONTS), rng.uniform(56, 64) * s)
    gap = draw.textlength("  ", font=number_font)
    printed = "  ".join(card.groups)
    while draw.textlength(printed, font=number_font) > width - 2 * pad:
        number_font = fonts.load(number_font.path, number_font.size - 2)
    y = round(height * 0.52)
    x = pad
    embossed = rng.random() < 0.7
    for group in card.groups:
        if embossed:
            shade = tuple(max(0, c - 90) for c in text) if dark else tuple(min(255, c + 150) for c in text)
            draw.text((x + max(1, round(2 * s)), y + max(1, round(2 * s))), group, font=number_font, fill=shade)
        draw.text((x, y), group, font=number_font, fill=text)
        x += draw.textlength(group, font=number_font) + gap

    label_font = fonts.load(fonts.CARD_BOLD_FONT, 15 * s)
    expiry_font = fonts.load(rng.choice(fonts.CARD_NUMBER_FONTS), 38 * s)
    ly = round(height * 0.72)
    lx = round(width * rng.uniform(0.30, 0.42))
    if rng.random() < 0.5:
        draw.multiline_text((lx, ly), "VALID\nTHRU", font=label_font, fill=text, spacing=round(2 * s))
        ex = lx + draw.textlength("VALID", font=label_font) + round(14 * s)
    else:
        draw.text((lx, ly + round(8 * s)), "VALID THRU", font=label_font, fill=text)
        ex = lx + draw.textlength("VALID THRU", font=label_font) + round(14 * s)
    draw.text((ex, ly - round(4 * s)), card.valid_thru, font=expiry_font, fill=text)

    draw.text((pad, height - pad), card.holder, font=fonts.load(rng.choice(fonts.CARD_TEXT_FONTS), 34 * s),
              fill=text, anchor="ld")
    _brand(draw, card, right=width - pad, bottom=height - pad, s=s, light=text)

    mask = Image.new("L", face.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=round(36 * s), fill=255)
    backdrop = Image.new("RGB", face.size, rng.choice(((255, 255, 255), (230, 230, 230), (200, 200, 195))))
    backdrop.paste(face, (0, 0), mask)
    return backdrop
