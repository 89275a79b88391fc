"""Finding documents on the staff list, its export and the partner API: one search, one set of sort keys.

What a person reads off a document (company name, registration number, masked card number) is annotated onto the
list query as subqueries of its fields, so a page, an export chunk or an API page costs the same number of queries
however many rows it holds."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from .models import Document, ExtractedField

# The list's sortable columns: URL key -> model field or annotation. Anything else falls back to the default.
SORTS = {
    "id": "id",
    "uploaded": "created_at",
    "name": "original_name",
    "status": "status",
    "kind": "kind",
    "company": "company_name",
    "number": "registration_number",
}
DEFAULT_SORT = "-uploaded"
SUMMARY_FIELDS = {"company_name": "company_name", "registration_number": "registration_number",
                  "card_number": "card_number_masked"}  # field name -> annotation

_NUMBER_LIKE = re.compile(r"[\d\s-]+")
_DOCUMENT_ID = re.compile(r"#?(\d{1,12})")
REGISTRATION_DIGITS = 10


@dataclass(frozen=True)
class DocumentQuery:
    """Everything the list's URL may say about which documents to show and in what order."""

    q: str = ""
    status: str = ""
    kind: str = ""
    uploaded_from: dt.date | None = None
    uploaded_to: dt.date | None = None  # inclusive
    sort: str = DEFAULT_SORT

    @property
    def narrows(self) -> bool:
        return bool(self.q or self.status or self.kind or self.uploaded_from or self.uploaded_to)


def _not_corrected() -> Q:
    return Q(corrected_value="", corrected_at__isnull=True)


def _current_value():
    """ExtractedField.current_value in SQL: a person's correction (also one to "") when there is one."""
    return Case(When(_not_corrected(), then=F("value")), default=F("corrected_value"))


def _fields_of_outer_document(name: str) -> QuerySet[ExtractedField]:
    return ExtractedField.objects.filter(extraction__document_id=OuterRef("pk"), name=name, index=0)


def with_summary(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate company_name, registration_number and card_number_masked (as stored: masked; mask again on show)."""
    return documents.annotate(**{
        annotation: Subquery(
            _fields_of_outer_document(name).annotate(current=_current_value()).order_by("position").values("current")[:1]
        )
        for name, annotation in SUMMARY_FIELDS.items()
    })


def _field_carries(name: str, condition: str, text: str) -> Q:
    """Documents with a field `name` whose current value matches `condition` (a lookup such as icontains).

    `pk IN (ids of documents with such a field)`, not a correlated EXISTS: the database finds the matching fields
    once (by the field's name and value) instead of probing every document of the list."""
    fields = ExtractedField.objects.filter(name=name, index=0)
    by_person = fields.filter(Q(**{f"corrected_value__{condition}": text}) & ~Q(corrected_value=""))
    by_machine = fields.filter(_not_corrected() & Q(**{f"value__{condition}": text}))
    # two sets, not one with OR inside: each can then be found by its own index (a registration number's)
    document_ids = "extraction__document_id"
    return Q(pk__in=by_person.values(document_ids)) | Q(pk__in=by_machine.values(document_ids))


def matching(text: str) -> Q:
    """`?q=`: company name (part of it, any case), registration number with or without dashes (whole, or 3 or more
    digits of it), file name (part of it), document id (`123`, or `#123` for the id alone)."""
    text = text.strip()
    as_id = _DOCUMENT_ID.fullmatch(text)
    if as_id and text.startswith("#"):
        return Q(pk=int(as_id.group(1)))
    found = Q(original_name__icontains=text) | _field_carries("company_name", "icontains", text)
    if _NUMBER_LIKE.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == REGISTRATION_DIGITS:
            found |= _field_carries("registration_number", "exact", digits)
        elif len(digits) >= 3:
            found |= _field_carries("registration_number", "contains", digits)
    if as_id:
        found |= Q(pk=int(as_id.group(1)))
    return found


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(documents: QuerySet[Document], query: DocumentQuery) -> QuerySet[Document]:
    if query.status:
        documents = documents.filter(status=query.status)
    if query.kind:
        documents = documents.filter(kind=query.kind)
    if query.uploaded_from:
        documents = documents.filter(created_at__gte=_day_start(query.uploaded_from))
    if query.uploaded_to:
        documents = documents.filter(created_at__lt=_day_start(query.uploaded_to + dt.timedelta(days=1)))
    if query.q.strip():
        documents = documents.filter(matching(query.q))
    return documents


def sort_key(sort: str) -> str:
    """The whitelisted sort, `-` for descending; an unknown one is the default."""
    return sort if sort.lstrip("-") in SORTS else DEFAULT_SORT


def ordered(documents: QuerySet[Document], sort: str) -> QuerySet[Document]:
    """Order by the whitelisted column, then by id the same way. Columns of the document itself are plain
    `ORDER BY col [DESC], id [DESC]`, so an index on (col, id) serves them (the default is the model's own
    ordering, newest first); only the annotated columns, which a document may lack, put the empty ones last."""
    sort = sort_key(sort)
    column = SORTS[sort.lstrip("-")]
    descending = sort.startswith("-")
    tie = "-id" if descending else "id"
    if column == "id":
        return documents.order_by(tie)
    if column in SUMMARY_FIELDS.values():
        expression = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        return documents.order_by(expression, tie)
    return documents.order_by(f"-{column}" if descending else column, tie)


def search(documents: QuerySet[Document], query: DocumentQuery) -> QuerySet[Document]:
    """Filter, annotate and order: what the list, the export and the API show."""
    return ordered(with_summary(filtered(documents, query)), query.sort)
