"""The marks printed or stamped over a certificate's text: emblem watermark, seals, stamps, 2D barcodes, QR block.

Each is a transparent RGBA picture; the sheet stretches it over its box, in pixels or in a PDF alike.
"""

import math
import random

from PIL import Image, ImageDraw

from . import fonts

SEAL_RED = (205, 35, 40)


def emblem(*, rng: random.Random, size: int = 900) -> Image.Image:
    """The large faint NTS emblem printed behind the category table: rings, a stylised flower, rays."""
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    tint = rng.choice(((120, 150, 200), (150, 170, 150), (160, 160, 160), (200, 170, 120)))
    alpha = rng.randint(40, 70)
    colour = (*tint, alpha)
    c = size / 2
    for ratio, width in ((0.48, 14), (0.42, 5), (0.20, 9)):
        r = size * ratio
        draw.ellipse((c - r, c - r, c + r, c + r), outline=colour, width=width)
    petals = rng.choice((5, 6, 8))
    for i in range(petals):
        angle = 2 * math.pi * i / petals
        px, py = c + math.cos(angle) * size * 0.29, c + math.sin(angle) * size * 0.29
        r = size * 0.09
        draw.ellipse((px - r, py - r, px + r, py + r), fill=(*tint, alpha // 2), outline=colour, width=4)
    for i in range(36):
        angle = 2 * math.pi * i / 36
        inner, outer = size * 0.43, size * 0.47
        draw.line((c + math.cos(angle) * inner, c + math.sin(angle) * inner,
                   c + math.cos(angle) * outer, c + math.sin(angle) * outer), fill=colour, width=3)
    return picture


def seal(*, rng: random.Random, office: str, bold: str, size: int = 300) -> Image.Image:
    """The tax office head's red square seal (직인): a frame and the office's name in a grid, half transparent."""
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    red = (*SEAL_RED, rng.randint(120, 190))
    border = size // 14
    draw.rectangle((border // 2, border // 2, size - border // 2, size - border // 2), outline=red, width=border)
    chars = list(f"{office}장인")
    columns = 3 if len(chars) > 4 else 2
    rows = math.ceil(len(chars) / columns)
    cell = (size - 3 * border) / max(columns, rows)
    font = fonts.load(bold, cell * 0.9)
    # a seal reads top to bottom, right column first
    for i, char in enumerate(chars):
        column, row = columns - 1 - i // rows, i % rows
        x = 1.5 * border + column * cell + cell / 2
        y = 1.5 * border + row * cell + cell / 2
        draw.text((x, y), char, font=font, fill=red, anchor="mm")
    return picture.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC)


def stamp(*, rng: random.Random, bold: str, text: str = "원본대조필", size: tuple[int, int] = (560, 230)
          ) -> Image.Image:
    """A rubber stamp such as 원본대조필 (checked against the original), blue or red, a little tilted and patchy."""
    picture = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    ink = (*rng.choice(((40, 60, 170), SEAL_RED, (110, 40, 130))), rng.randint(140, 210))
    w, h = size
    draw.rounded_rectangle((8, 8, w - 8, h - 8), radius=h // 5, outline=ink, width=10)
    draw.text((w / 2, h * 0.42), text, font=fonts.load(bold, h * 0.36), fill=ink, anchor="mm")
    draw.text((w / 2, h * 0.78), f"{rng.randint(2019, 2026)}. {rng.randint(1, 12)}. {rng.randint(1, 28)}.",
              font=fonts.load(bold, h * 0.17), fill=ink, anchor="mm")
    # worn rubber: knock out small specks of ink
    for _ in range(160):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(2, 7)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(0, 0, 0, 0))
    return picture.rotate(rng.uniform(-14, 14), resample=Image.Resampling.BICUBIC, expand=True)


def barcode_strip(*, rng: random.Random, columns: int = 90, rows: int = 12) -> Image.Image:
    """A stacked 2D barcode (PDF417-like): start and stop patterns around rows of random modules."""
    module = 4
    picture = Image.new("RGBA", (columns * module, rows * module * 3), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    black = (0, 0, 0, 255)
    start = (8, 1, 1, 1, 1, 1, 1, 3)
    for row in range(rows):
        y0, y1 = row * module * 3, (row + 1) * module * 3 - 1
        x = 0
        for i, span in enumerate(start):
            if i % 2 == 0:
                draw.rectangle((x * module, y0, (x + span) * module - 1, y1), fill=black)
            x += span
        while x < columns - 10:
            span = rng.randint(1, 4)
            if rng.random() < 0.5:
                draw.rectangle((x * module, y0, (x + span) * module - 1, y1), fill=black)
            x += span
        draw.rectangle(((columns - 9) * module, y0, (columns - 2) * module - 1, y1), fill=black)
    return picture


def qr_block(*, rng: random.Random, modules: int = 29) -> Image.Image:
    """A QR-like square: three finder patterns and random modules."""
    module = 8
    picture = Image.new("RGBA", (modules * module, modules * module), (255, 255, 255, 255))
    draw = ImageDraw.Draw(picture)
    black = (0, 0, 0, 255)
    finders = ((0, 0), (modules - 7, 0), (0, modules - 7))

    def in_finder(x: int, y: int) -> bool:
        return any(fx - 1 <= x <= fx + 7 and fy - 1 <= y <= fy + 7 for fx, fy in finders)

    for y in range(modules):
        for x in range(modules):
            if not in_finder(x, y) and rng.random() < 0.5:
                draw.rectangle((x * module, y * module, (x + 1) * module - 1, (y + 1) * module - 1), fill=black)
    for fx, fy in finders:
        draw.rectangle((fx * module, fy * module, (fx + 7) * module - 1, (fy + 7) * module - 1), fill=black)
        draw.rectangle(((fx + 1) * module, (fy + 1) * module, (fx + 6) * module - 1, (fy + 6) * module - 1),
                       fill=(255, 255, 255, 255))
        draw.rectangle(((fx + 2) * module, (fy + 2) * module, (fx + 5) * module - 1, (fy + 5) * module - 1),
                       fill=black)
    return picture


def logo(*, rng: random.Random, size: int = 240) -> Image.Image:
    """The small coloured NTS logo printed top right on Hometax prints."""
    picture = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    colours = ((0, 90, 170, 255), (230, 120, 30, 255), (40, 150, 80, 255))
    c = size / 2
    for i, colour in enumerate(colours):
        angle = 2 * math.pi * i / 3 + rng.uniform(-0.1, 0.1)
        px, py = c + math.cos(angle) * size * 0.18, c + math.sin(angle) * size * 0.18
        r = size * 0.22
        draw.ellipse((px - r, py - r, px + r, py + r), fill=colour)
    return picture
