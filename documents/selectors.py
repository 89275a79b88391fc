"""Everything that reads documents for a person: who may see what."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, When

from . import cards, pdf, roles, search
from .kinds import CATEGORY_FIELDS
from .models import Document, DocumentErasure, ExtractedField


def full_value(field: ExtractedField) -> str:
    """The value checks run on: the reviewer's correction when there is one, else the machine's; for a card number,
    the full number while retention allows (the masked one after)."""
    if field.is_card_number:
        return cards.retained_number(field) or field.current_value
    return field.current_value


def user_sees_all_documents(user) -> bool:
    return user.is_superuser or user.is_staff or user.groups.filter(name__in=roles.REVIEWER_GROUPS).exists()


def user_is_operator(user) -> bool:
    """Who runs the service: the Django admin's users and the `admin` role. They read failures in full."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if not hasattr(user, "_is_operator"):  # asked several times per page (banner, failure, audit trail): one query
        user._is_operator = user.groups.filter(name__in=roles.ADMIN_GROUPS).exists()
    return user._is_operator


def not_erased() -> Exists:
    """A filter on Document: no erasure stub. NOT EXISTS rather than `erasure IS NULL` after a LEFT JOIN: PostgreSQL
    plans it as an anti-join and estimates its rows right (the join guesses 0.5% of the table), which the pages'
    estimated counts rely on (paging.py)."""
    return ~Exists(DocumentErasure.objects.filter(document=OuterRef("pk")))


def documents_visible_to(user) -> QuerySet[Document]:
    """Erased documents (file and personal data gone, an audit stub kept: DocumentErasure)
    are left out, as the API leaves them out; the stub stays in the admin and the audit trail."""
    if not user.is_authenticated:
        return Document.objects.none()
    documents = Document.objects.select_related("uploader").filter(not_erased())
    return documents if user_sees_all_documents(user) else documents.filter(uploader=user)


# --- Duplicates: the same file uploaded again ---------------------------------------------------------------
# Two documents are the same file when their contents' SHA-256 (Document.sha256, indexed, stored at upload) are
# equal and they came from the same place: one partner's uploads among themselves (another partner's file is not
# theirs to point at), the staff's web uploads among themselves. An erased document (its hash blanked) is no
# longer anyone's original.


def same_file_documents(*, document: Document) -> QuerySet[Document]:
    """The other documents of the same file from the same place, not erased, oldest first."""
    if not document.sha256:
        return Document.objects.none()
    same_place = Q(partner_id=document.partner_id) if document.partner_id else Q(partner__isnull=True)
    return (
        Document.objects.filter(same_place, sha256=document.sha256, erasure__isnull=True)
        .exclude(pk=document.pk)
        .order_by("id")
    )


def duplicate_of_id(*, document: Document) -> int | None:
    """The first upload of this document's file, when this is not it (the API's `duplicate_of`)."""
    if hasattr(document, "duplicate_of_id"):  # annotated by with_duplicate_of
        return document.duplicate_of_id
    return same_file_documents(document=document).filter(pk__lt=document.pk).values_list("pk", flat=True).first()


def duplicate_of_ids(*, documents: list[Document]) -> dict[int, int]:
    """For those of `documents` that are not the first upload of their file: document id -> the first's, in one
    query."""
    ids = with_duplicate_of(Document.objects.filter(pk__in=[d.pk for d in documents])).values_list(
        "pk", "duplicate_of_id"
    )
    return {pk: first for pk, first in ids if first is not None}


def with_duplicate_of(documents: QuerySet[Document]) -> QuerySet[Document]:
    """`documents`, each annotated with `duplicate_of_id` (see duplicate_of_id), in the same one query."""
    earlier = (
        Document.objects.filter(sha256=OuterRef("sha256"), erasure__isnull=True, id__lt=OuterRef("id"))
        .exclude(sha256="")
        .order_by("id")
    )
    staff = earlier.filter(partner__isnull=True).values("id")[:1]
    partner = earlier.filter(partner=OuterRef("partner")).values("id")[:1]
    return documents.annotate(
        duplicate_of_id=Case(When(partner__isnull=True, then=Subquery(staff)), default=Subquery(partner))
    )


def document_list(*, user, query: search.DocumentQuery | None = None) -> QuerySet[Document]:
    """The staff list (and its export): the user's visible documents, filtered, searched, sorted, with what each
    row shows (company name, registration number, masked card number) annotated in the same query. The list's
    page adds `with_duplicate_of` (the export has no column for it)."""
    return search.search(documents_visible_to(user), query or search.DocumentQuery())


def document_for_display(*, user, document_id: int) -> Document | None:
    """The document with its extraction and fields, or None when it does not exist or is not the user's to see."""
    return (
        with_duplicate_of(documents_visible_to(user))
        .select_related("extraction")
        .prefetch_related("extraction__fields")
        .filter(pk=document_id)
        .first()
    )


def document_statuses(*, user, document_ids: list[int]) -> list[dict]:
    """Status of each of these documents the user may see (the list page polls this while any is unfinished)."""
    rows = documents_visible_to(user).filter(pk__in=document_ids)
    return list(rows.values("pk", "status", "error_code", "error_message"))


def carries_value(value: str) -> Q:
    """A filter on ExtractedField: its current value is `value` (a person's correction, else the machine's)."""
    return Q(corrected_value=value) & ~Q(corrected_value="", corrected_at__isnull=True) | Q(
        corrected_value="", corrected_at__isnull=True, value=value
    )


@dataclass(frozen=True)
class BusinessCategory:
    """One 업태/종목 row of a certificate, as approved: a person's correction where there is one."""

    index: int  # the row as read (0 = printed first); rows a reviewer added come after the machine's
    type: str
    item: str
    main: bool  # the first row still standing: the business's main category


def category_rows(fields: Iterable[ExtractedField]) -> list[tuple[int, dict[str, ExtractedField]]]:
    """A certificate's 업태/종목 fields grouped into rows by their index, in printed order: the one grouping the
    document page, the API, the review screen and its checks share."""
    rows: dict[int, dict[str, ExtractedField]] = {}
    for field in sorted(fields, key=lambda f: (f.index, f.position)):
        if field.name in CATEGORY_FIELDS:
            rows.setdefault(field.index, {})[field.name] = field
    return sorted(rows.items())


def business_categories(*, fields: Iterable[ExtractedField]) -> list[BusinessCategory]:
    """The certificate's business categories in printed order, from its fields (no query when they are prefetched).

    A row whose two halves are both empty, because a reviewer struck it out, is left out."""
    values = [(index, {name: f.current_value for name, f in row.items()}) for index, row in category_rows(fields)]
    standing = [
        (index, row.get("business_type", ""), row.get("business_item", ""))
        for index, row in values
        if row.get("business_type") or row.get("business_item")
    ]
    return [
        BusinessCategory(index=index, type=type_, item=item, main=number == 0)
        for number, (index, type_, item) in enumerate(standing)
    ]


def document_business_categories(*, document: Document) -> list[BusinessCategory]:
    """`business_categories` of a document; empty before it has been read."""
    extraction = getattr(document, "extraction", None)
    return business_categories(fields=extraction.fields.all()) if extraction is not None else []


def document_page_png(*, document: Document, page: int = 1, scale: float = 2.0) -> bytes:
    """One page of a PDF document rendered to PNG, `scale` pixels per point (2.0 is 144 dpi)."""
    import io

    with document.file.open("rb") as handle:
        content = handle.read()
    image, _size = pdf.render_page(content, page=page, dpi=72 * scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
