"""Business category rows (업태/종목) on the review screen: how a reviewer's rows are named, and their check.

A row is the `business_type` and `business_item` fields that share an `index`. A reviewer edits a row in place,
adds one (typed into fields created for it) or removes one by emptying both halves: the emptied fields keep the
machine's reading next to a correction to "" (documents.models.ExtractedField.current_value). The browser runs the
same check (static/js/review.js), so a reviewer hears about a repeated row before sending.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

MAX_ROWS = 20  # real certificates print 1 to 7; more than this is not a certificate's list
HALVES = {"type": "business_type", "item": "business_item"}  # the input's suffix -> the field's name
SUFFIX = {name: suffix for suffix, name in HALVES.items()}
_INPUT = re.compile(r"^category_(\d{1,2})_(type|item)$")


def input_name(*, index: int, name: str) -> str:
    """The input of a half the engine did not read (a row the reviewer added, or a blank half of a read row)."""
    return f"category_{index}_{SUFFIX[name]}"


def typed_halves(data: Mapping[str, str]) -> dict[tuple[int, str], str]:
    """(row, field name) -> text, for every non-empty `category_<row>_<type|item>` input (rows 0 to 99)."""
    typed = {}
    for key, text in data.items():
        match = _INPUT.match(key)
        if match and text.strip():
            typed[(int(match[1]), HALVES[match[2]])] = text
    return typed


def _key(text: str) -> str:
    return re.sub(r"[\s,]+", "", unicodedata.normalize("NFC", text)).casefold()


def repeated_rows(rows: Iterable[tuple[int, str, str]]) -> set[int]:
    """The rows that repeat an earlier one (same type and item, spacing and case aside), among (row, type, item)
    in order. A row struck out (both halves empty) repeats nothing."""
    seen: set[tuple[str, str]] = set()
    repeats = set()
    for index, type_, item in rows:
        if not (type_.strip() or item.strip()):
            continue
        key = (_key(type_), _key(item))
        if key in seen:
            repeats.add(index)
        seen.add(key)
    return repeats
