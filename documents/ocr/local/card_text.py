"""Tesseract on card images: what a reading yields, words regrouped into rows, several crops read in one run."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PIL import Image

from .tesseract import Box, Word, words

# Re-reads: number strips and expiry places stacked into one block, digits and the expiry's slash only.
REREAD_CONFIG = "--psm 6 -c tessedit_char_whitelist=0123456789/"


@dataclass(frozen=True)
class CardPart:
    name: str
    raw_key: str
    raw_text: str
    value: str
    confs: tuple[float, ...]
    box: Box
    index: int = 0  # always 0: a card prints each item once (documents.ocr.base.Field.index)
    label: str = ""  # an expiry's: what the label nearest to it says, `thru`, `since` or `` (none read)


@dataclass(frozen=True)
class Piece:
    image: Image.Image  # dark print on white, as Tesseract is to see it
    origin: Box  # where it was cut from, in the page's pixels
    scale: float  # piece pixels per page pixel


GAP = 24  # white pixels between stacked pieces: Tesseract keeps them on separate lines


def cut(image: Image.Image, box: tuple[float, float, float, float], *, scale: float) -> Piece:
    """The part of `image` inside `box` (page pixels, kept inside the page), grey and enlarged `scale` times."""
    left, top, right, bottom = box
    origin = (max(0, round(left)), max(0, round(top)), min(image.width, round(right)), min(image.height, round(bottom)))
    crop = image.crop(origin).convert("L")
    crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), Image.LANCZOS)
    return Piece(image=crop, origin=origin, scale=scale)


def read_pieces(pieces: list[Piece], *, config: str, lang: str = "eng") -> list[list[Word]]:
    """One Tesseract run over several crops stacked one above the other, each piece's words back in page pixels.

    The re-reads share one run: each run analyses its page layout again, which costs about as much as reading a
    strip. The pieces are set on a white page: a grey piece darker than it (light print on a dark card) is one black
    blob to Tesseract's layout and reads nothing, so such a piece is given as its negative too
    (card_expiry._label_readings); thresholded pieces are black on white already.
    """
    if not pieces:
        return []
    width = max(p.image.width for p in pieces) + 2 * GAP
    canvas = Image.new("L", (width, sum(p.image.height + GAP for p in pieces) + GAP), 255)
    tops = []
    top = GAP
    for piece in pieces:
        canvas.paste(piece.image.convert("L"), (GAP, top))
        tops.append(top)
        top += piece.image.height + GAP
    per_piece: list[list[Word]] = [[] for _ in pieces]
    for word in words(canvas, lang=lang, config=config):
        centre = (word.box[1] + word.box[3]) / 2
        for index, (piece, top) in enumerate(zip(pieces, tops, strict=True)):
            if top <= centre < top + piece.image.height:
                left, upper, right, lower = word.box
                box = ((left - GAP) / piece.scale + piece.origin[0], (upper - top) / piece.scale + piece.origin[1],
                       (right - GAP) / piece.scale + piece.origin[0], (lower - top) / piece.scale + piece.origin[1])
                per_piece[index].append(replace(word, box=box))
                break
    return per_piece


def rows(found: list[Word]) -> list[Word]:
    """psm 11 gives every word its own block; regroup words into rows by their vertical centre."""
    ordered = sorted(found, key=lambda w: (w.box[1] + w.box[3]) / 2)
    rows: list[list[Word]] = []
    for word in ordered:
        centre = (word.box[1] + word.box[3]) / 2
        height = word.box[3] - word.box[1]
        if rows:
            last = rows[-1]
            last_centre = sum((w.box[1] + w.box[3]) / 2 for w in last) / len(last)
            if abs(centre - last_centre) < 0.5 * max(height, max(w.box[3] - w.box[1] for w in last)):
                last.append(word)
                continue
        rows.append([word])
    regrouped = []
    for index, row in enumerate(rows):
        for word in sorted(row, key=lambda w: w.box[0]):  # left to right: the order `lines_of` keeps
            regrouped.append(replace(word, line_key=(index, 0, 0)))
    return regrouped
