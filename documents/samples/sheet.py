"""A printed page described once, in PDF points, and drawn two ways: as pixels (Pillow) or as a PDF with a real text
layer (fpdf2). The certificate's layout is computed on a `Sheet`, so a born-digital PDF and a scan of the same
certificate carry the same words in the same places.
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw

from . import fonts

A4_POINTS = (595.28, 841.89)
Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


@dataclass(frozen=True)
class Text:
    """A run of text; (x, y) is the left end of its baseline, sizes in points."""

    x: float
    y: float
    text: str
    font: str
    size: float
    colour: Colour = BLACK


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    colour: Colour


@dataclass(frozen=True)
class Frame:
    """A rectangle, outlined (`width` > 0) or filled (`fill`)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.0
    colour: Colour = BLACK
    fill: Colour | None = None


@dataclass(frozen=True, eq=False)
class Mark:
    """A picture (RGBA, drawn with its transparency) stretched over a box: emblem, seal, stamp, barcode."""

    x0: float
    y0: float
    x1: float
    y1: float
    image: Image.Image


Item = Text | Rule | Frame | Mark


@dataclass
class Sheet:
    """`under` is painted first (the emblem watermark lies behind the text), then `items` in order."""

    width: float = A4_POINTS[0]
    height: float = A4_POINTS[1]
    paper: Colour = (255, 255, 255)
    under: list[Item] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items.append(item)


@lru_cache(maxsize=4096)
def measure(text: str, font: str, size: float) -> float:
    """Advance width of `text` in points, from the font's own metrics (the same TTF both drawers embed)."""
    return fonts.load(font, 200).getlength(text) * size / 200


# ---------------------------------------------------------------- pixels


def raster(sheet: Sheet, *, width: int) -> Image.Image:
    """The sheet as an RGB image `width` pixels wide (2480 = 300 dpi on A4)."""
    scale = width / sheet.width
    page = Image.new("RGB", (width, round(sheet.height * scale)), sheet.paper)
    draw = ImageDraw.Draw(page)
    for item in sheet.under + sheet.items:
        if isinstance(item, Text):
            font = fonts.load(item.font, round(item.size * scale))
            draw.text((item.x * scale, item.y * scale), item.text, font=font, fill=item.colour, anchor="ls")
        elif isinstance(item, Rule):
            draw.line((item.x0 * scale, item.y0 * scale, item.x1 * scale, item.y1 * scale), fill=item.colour,
                      width=max(1, round(item.width * scale)))
        elif isinstance(item, Frame):
            box = (item.x0 * scale, item.y0 * scale, item.x1 * scale, item.y1 * scale)
            draw.rectangle(box, fill=item.fill, outline=item.colour if item.width else None,
                           width=max(1, round(item.width * scale)) if item.width else 0)
        else:
            size = (max(1, round((item.x1 - item.x0) * scale)), max(1, round((item.y1 - item.y0) * scale)))
            picture = item.image.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
            page.paste(picture, (round(item.x0 * scale), round(item.y0 * scale)), picture)
    return page


# ---------------------------------------------------------------- PDF with a text layer


def pdf(sheet: Sheet, *, created: dt.datetime, title: str) -> bytes:
    """A one-page PDF in points whose text is text (embedded Nanum TTF subsets), as Hometax's "PDF 저장" writes.

    `created` fixes the metadata date (fpdf2 hashes it into the file identifier too), so the same sheet always
    gives the same bytes.
    """
    from fpdf import FPDF

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it logs every glyph and table it drops
    document = FPDF(unit="pt", format=(sheet.width, sheet.height))
    document.set_auto_page_break(False)
    document.set_margin(0)
    document.set_creation_date(created.replace(tzinfo=dt.UTC))
    document.set_title(title)
    document.set_producer("Hometax")
    families: dict[str, str] = {}
    document.add_page()
    if sheet.paper != (255, 255, 255):
        document.set_fill_color(*sheet.paper)
        document.rect(0, 0, sheet.width, sheet.height, style="F")
    for item in sheet.under + sheet.items:
        if isinstance(item, Text):
            if item.font not in families:
                families[item.font] = f"F{len(families)}"
                document.add_font(families[item.font], fname=str(fonts.font_path(item.font)))
            document.set_font(families[item.font], size=item.size)
            document.set_text_color(*item.colour)
            document.text(item.x, item.y, item.text)
        elif isinstance(item, Rule):
            document.set_draw_color(*item.colour)
            document.set_line_width(item.width)
            document.line(item.x0, item.y0, item.x1, item.y1)
        elif isinstance(item, Frame):
            style = ("F" if item.fill else "") + ("D" if item.width else "")
            if item.fill:
                document.set_fill_color(*item.fill)
            if item.width:
                document.set_draw_color(*item.colour)
                document.set_line_width(item.width)
            document.rect(item.x0, item.y0, item.x1 - item.x0, item.y1 - item.y0, style=style)
        else:
            document.image(item.image.convert("RGBA"), x=item.x0, y=item.y0, w=item.x1 - item.x0,
                           h=item.y1 - item.y0)
    out = io.BytesIO()
    document.output(out)
    return out.getvalue()
