"""Everything the API reads: which documents a caller may see, and in what shape."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import QuerySet

from documents import search as document_search
from documents.failures import failure_for, note_for
from documents.models import Document, ExtractedField, FieldMeaning
from documents.selectors import carries_value, documents_visible_to, not_erased, with_duplicate_of
from registry.models import Business
from registry.selectors import business_api_data, business_for_display, business_for_partner
from reviews.models import ReviewTask

from .models import Partner, WebhookDelivery, WebhookEndpoint

BUSINESS_NUMBER = re.compile(r"[0-9]{3}-?[0-9]{2}-?[0-9]{5}")  # 10 digits, as printed (123-45-67890) or not


def api_documents(*, partner: Partner | None, user=None) -> QuerySet[Document]:
    """What the caller may see: a partner its own documents only; a signed-in person what the web pages show."""
    if partner is not None:
        documents = Document.objects.filter(not_erased(), partner=partner)  # as documents_visible_to does
    elif user is not None:
        documents = documents_visible_to(user)
    else:
        return Document.objects.none()
    return with_duplicate_of(documents)  # `duplicate_of`: the first upload of the same file (documents.selectors)


def api_document_list(
    *,
    partner: Partner | None,
    user=None,
    kind: str = "",
    status: str = "",
    created_after: dt.datetime | None = None,
    created_before: dt.datetime | None = None,
    business_number: str = "",
    search: str = "",
) -> QuerySet[Document]:
    documents = api_documents(partner=partner, user=user)
    if kind:
        documents = documents.filter(kind=kind)
    if status:
        documents = documents.filter(status=status)
    if created_after:
        documents = documents.filter(created_at__gte=created_after)
    if created_before:
        documents = documents.filter(created_at__lt=created_before)
    if business_number:
        carrying = ExtractedField.objects.filter(name="registration_number").filter(carries_value(business_number))
        documents = documents.filter(extraction__in=carrying.values("extraction_id"))
    if search.strip():
        documents = documents.filter(document_search.matching(search))  # the staff list's search (`?q=`)
    return documents


def shown_by_the_api(documents: list[Document]) -> list[Document]:
    """Reads what the API shows of these documents in three queries, however many: their fields (`fields_shown`),
    review (`review_shown`) and the certificate's business (`business_shown`).

    Each lands as plain values in a list on its document, linked one way. Model rows linked by `select_related` and
    `prefetch_related` point both ways (field ↔ extraction ↔ document, reason ↔ task ↔ document): a page of 100
    documents became 12,000 objects that only the cyclic garbage collector could free, and its full passes paused
    a later request by 80–110 ms; building 1,000 model rows also cost more than the queries (issue 14)."""
    by_id = {document.pk: document for document in documents}
    for document in documents:
        document.api_fields, document.api_review, document.api_business = [], None, None
    fields = ExtractedField.objects.filter(extraction__document_id__in=by_id).values_list(
        *ShownField.__slots__, "extraction__document_id"
    )
    for *values, document_id in fields:  # in position order (ExtractedField.Meta.ordering)
        by_id[document_id].api_fields.append(ShownField(*values))
    rows = ReviewTask.objects.filter(document_id__in=by_id).order_by("id", "reasons__id").values_list(
        "document_id", "outcome", "reject_reason", "resolved_at", "reasons__code", "reasons__field_name"
    )  # a task's reasons in the same query: a row per reason (one with none when it has none)
    for document_id, outcome, reject_reason, resolved_at, code, field_name in rows:
        document = by_id[document_id]
        if document.api_review is None:
            document.api_review = ShownReview(outcome=outcome, reject_reason=reject_reason, resolved_at=resolved_at,
                                              reasons=[])
        if code is not None:
            document.api_review.reasons.append(ShownReason(code=code, field_name=field_name))
    businesses = Business.objects.filter(documents__in=by_id).values_list(*ShownBusiness.__slots__, "documents__id")
    for *values, document_id in businesses:  # one per certificate (its registration number)
        by_id[document_id].api_business = ShownBusiness(*values)
    return documents


@dataclass(slots=True)
class ShownField(FieldMeaning):
    id: int
    position: int
    name: str
    index: int
    raw_key: str
    value: str
    confidence: float
    box: list
    corrected_value: str
    corrected_at: dt.datetime | None
    verified_by: str
    verified_at: dt.datetime | None
    unverified: bool

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class ShownReason:
    code: str
    field_name: str


@dataclass(frozen=True, slots=True)
class ShownReview:
    outcome: str
    reject_reason: str
    resolved_at: dt.datetime | None
    reasons: list[ShownReason]


@dataclass(frozen=True, slots=True)
class ShownBusiness:
    number: str
    name: str
    state: str
    tax_type: str
    closed_on: dt.date | None
    checked_at: dt.datetime | None
    provider: str


def fields_shown(document: Document) -> list[ShownField]:
    """The fields of a document read by `shown_by_the_api`, in printed order; [] before it was read."""
    return document.api_fields


def review_shown(document: Document) -> ShownReview | None:
    """The review of a document read by `shown_by_the_api`, if it went to one."""
    return document.api_review


def business_shown(document: Document) -> ShownBusiness | None:
    """The business of a certificate read by `shown_by_the_api`, if any."""
    return document.api_business


def card_number_fields(document: Document) -> QuerySet[ExtractedField]:
    """The card number fields of a document as stored: with the encrypted full number, for `card_numbers_reveal`."""
    return ExtractedField.objects.filter(extraction__document=document, name="card_number").select_related("extraction")


def api_document_detail(*, partner: Partner | None, user=None, document_id: int) -> Document | None:
    """The document with what the detail view shows, or None when it does not exist or is not the caller's:
    the API answers 404 in both cases, so ids do not leak."""
    document = api_documents(partner=partner, user=user).filter(pk=document_id).first()
    return shown_by_the_api([document])[0] if document is not None else None


def webhook_endpoints(*, partner: Partner) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(partner=partner)


def webhook_deliveries(*, partner: Partner, endpoint_id: int) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(endpoint__partner=partner, endpoint_id=endpoint_id)
        .prefetch_related("attempt_log")  # in attempt order (WebhookAttempt.Meta.ordering)
    )


def api_business(*, partner: Partner | None, user=None, number: str) -> Business | None:
    """The business with this registration number (dashes allowed) when the caller may see it, else None (the API
    answers 404 either way, so numbers on other partners' documents do not leak): a partner, numbers on its own
    documents; a signed-in person, numbers on documents they may see."""
    if not BUSINESS_NUMBER.fullmatch(number):
        return None
    if partner is not None:
        return business_for_partner(partner=partner, number=number)
    return business_for_display(user=user, number=number) if user is not None else None


def api_business_data(*, business: Business) -> dict:
    """The body of GET /api/v1/businesses/{number}/: state, tax type, when checked and due, the last 50 checks.
    A check the provider refused for our credentials reads "temporarily unavailable": the detail is the operators'."""
    data = business_api_data(business=business, history=50)
    if data["last_error"]:
        data["last_error"] = note_for(data["last_error"], operator=False)
    for check in data["history"]:
        failure = failure_for(error_code=check["code"], error_message=check["message"], operator=False)
        if not check["succeeded"] and failure is not None:
            check["code"], check["message"] = failure.code, failure.message
    return data
