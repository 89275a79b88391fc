"""The filtered document list as CSV (streamed, any size) or as an Excel workbook (bounded): the list's columns, card
numbers masked, headers in the reader's language, and no cell a spreadsheet would run as a formula.

Columns that other apps know (the business's state, from the registry) are added by those apps with
`register_column` in their AppConfig.ready(), so this module never imports them (dependencies point one way)."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import cards
from .errors import InvalidInput
from .kinds import Kind, Status
from .models import Document

CHUNK = 500  # rows fetched (and handed to each column provider) at a time: memory stays flat however many rows
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy text: translated when the export is written, in the reader's language
    values: Callable[[Sequence[Document]], dict[int, str]]  # document id -> text, for one chunk of documents


def _own(getter: Callable[[Document], object]) -> Callable[[Sequence[Document]], dict[int, str]]:
    def values(documents: Sequence[Document]) -> dict[int, str]:
        return {d.pk: "" if (value := getter(d)) is None else str(value) for d in documents}

    return values


def _label(field: str, choices) -> Callable[[Sequence[Document]], dict[int, str]]:
    """A status or kind as a person reads it: each label translated once per chunk (get_FOO_display, with lazy
    labels, costs more than the rest of the row)."""
    def values(documents: Sequence[Document]) -> dict[int, str]:
        labels = {value: str(label) for value, label in choices.choices}
        return {d.pk: labels.get(getattr(d, field), getattr(d, field)) for d in documents}

    return values


def _uploaded(document: Document) -> str:
    return timezone.localtime(document.created_at).strftime("%Y-%m-%d %H:%M")


COLUMNS: list[Column] = [
    Column("id", _("ID"), _own(lambda d: d.pk)),
    Column("status", _("Status"), _label("status", Status)),
    Column("kind", _("Kind"), _label("kind", Kind)),
    Column("file", _("File"), _own(lambda d: d.original_name)),
    Column("company_name", _("Company name"), _own(lambda d: d.company_name)),
    Column("registration_number", _("Registration number"), _own(lambda d: d.registration_number)),
    Column("card_number", _("Card number"), _own(lambda d: cards.mask(d.card_number_masked or "") or "")),
    Column("uploaded_by", _("Uploaded by"), _own(lambda d: d.uploader.get_username() if d.uploader else "")),
    Column("uploaded", _("Uploaded"), _own(_uploaded)),
]


def register_column(column: Column, *, after: str) -> None:
    """Add a column another app provides, after the column `after` (once, however often ready() runs)."""
    if any(existing.key == column.key for existing in COLUMNS):
        return
    position = next((i + 1 for i, existing in enumerate(COLUMNS) if existing.key == after), len(COLUMNS))
    COLUMNS.insert(position, column)


def safe_cell(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula (CSV injection): such text gets a leading
    apostrophe, which Excel and LibreOffice show as plain text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def header() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def rows(documents: Iterable[Document]) -> Iterator[list[str]]:
    """One list of cells per document, fetched and completed in chunks: a constant number of queries per chunk."""
    iterator = iter(documents)
    while chunk := list(islice(iterator, CHUNK)):
        by_column = [column.values(chunk) for column in COLUMNS]
        for document in chunk:
            yield [safe_cell(values.get(document.pk, "")) for values in by_column]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(documents: Iterable[Document]) -> Iterator[str]:
    """The CSV, line by line, for a streaming response (UTF-8 with a byte order mark, so Excel reads Korean).
    The lines are made while the response is sent, after the view has returned: in the language of the request,
    taken now."""
    return _csv_lines(documents, language=translation.get_language())


def _csv_lines(documents: Iterable[Document], *, language: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow(header())
        for row in rows(documents):
            yield writer.writerow(row)


class TooManyRows(InvalidInput):
    """More documents than an Excel export holds (settings.EXPORT_XLSX_MAX_ROWS)."""

    def __init__(self, limit: int) -> None:
        super().__init__(_(
            "An Excel export holds at most %(n)s documents; this list has more. Narrow the filters (a date range, "
            "a status) or export it as CSV, which has no limit."
        ) % {"n": f"{limit:,}"}, details={"limit": limit})


def xlsx_max_rows() -> int:
    return settings.EXPORT_XLSX_MAX_ROWS


def xlsx_file(documents: QuerySet[Document], *, sheet_title: str) -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (on disk past 8 MB). openpyxl's write-only mode keeps one row in memory; the
    number of rows is capped: more than xlsx_max_rows() raises TooManyRows before anything is read."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    limit = xlsx_max_rows()
    if documents.values("pk")[: limit + 1].count() > limit:
        raise TooManyRows(limit)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(header())
    for row in rows(documents.iterator(chunk_size=CHUNK)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # always text: never a formula, and registration numbers keep their leading zeros
            cells.append(cell)
        sheet.append(cells)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(handle)
    handle.seek(0)
    return handle
