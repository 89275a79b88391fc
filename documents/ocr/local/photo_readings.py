"""A phone's photo of a certificate read twice, each item kept as the likelier reading gives it.

A soft, unevenly lit photo is where the embedded engine loses most (photos 90.8% of fields right on 350 development
certificates, prints 98.4%), and where it loses is chance: a syllable swapped for a look-alike, a row read as noise.
Read a second time with the page enlarged to an A4 page at 200 dpi and sharpened (`prepare.for_certificate`),
Tesseract sees other pixels and goes wrong elsewhere: of 1,464 fields of 130 held-out photos (seven development sets
and a set of photos, seed 2345), 1,330 were right in the first reading, 1,333 in the second, and 1,396 in one of the
two. Which one is told by each item's confidence, judged as always against its own reading's other items: 1,365 right,
none wrong at >= 0.90. Only a photo the first reading left unclear is read again (`worth_reading_again`): 66 of the
130, 1,362 right, the photos' median time 1.48x the first reading's alone. On 60 photos of a seed used for nothing
else (5813): 89.9% -> 91.4% of fields, category pairs 107 -> 111 of 142. A second reading enlarged alone, or sharpened
alone, won less (each item from the likelier of the two: 1,346 and 1,355 of the 1,464).

The business categories are taken as one block, from the reading whose rows are the more confident on average: their
rows pair types with items by position, and a block made of two readings could pair one's type with the other's item.
"""

from __future__ import annotations

from statistics import fmean

from ..base import Field
from .certificate import EVERY_PAGE

CATEGORY = ("business_type", "business_item")
UNCLEAR = 0.5  # an item read with less confidence than this is one a second reading may well read better
UNCLEAR_ENOUGH = 2  # unclear or missing items that make a second reading worth its time


def worth_reading_again(fields: list[Field]) -> bool:
    """Whether the first reading left enough unclear to read the photo again: two items it read with confidence under
    UNCLEAR (its main category's, not a later row's) or missed where every certificate prints them. Of the 130 photos
    above, 66 were; they held 32 of the 35 fields the second reading won on all 130."""
    main = {f.name: f.confidence for f in fields if f.index == 0}
    unclear = sum(confidence < UNCLEAR for confidence in main.values())
    return unclear + sum(name not in main for name in EVERY_PAGE) >= UNCLEAR_ENOUGH


def likelier(first: list[Field], second: list[Field]) -> list[Field]:
    """`first`'s items in its order, each replaced by `second`'s where that is more confident (an item only one reading
    found is kept from it), and the categories of the reading whose category rows are the more confident, where
    `first`'s stood; ties go to `first`."""
    categories = _categories(first)
    if _mean_confidence(_categories(second)) > _mean_confidence(categories):
        categories = _categories(second)
    theirs = {(f.name, f.index): f for f in second if f.name not in CATEGORY}
    out: list[Field] = []
    placed = False
    for f in first:
        if f.name not in CATEGORY:
            other = theirs.pop((f.name, f.index), None)
            out.append(other if other is not None and other.confidence > f.confidence else f)
        elif not placed:
            out += categories
            placed = True
    return [*out, *([] if placed else categories), *theirs.values()]


def _categories(fields: list[Field]) -> list[Field]:
    return [f for f in fields if f.name in CATEGORY]


def _mean_confidence(fields: list[Field]) -> float:
    return fmean(f.confidence for f in fields) if fields else -1.0
