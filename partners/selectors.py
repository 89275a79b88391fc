"""Everything the API reads: which documents a caller may see, and in what shape."""

import datetime as dt
import re

from django.db.models import Prefetch, QuerySet

from documents import search as document_search
from documents.failures import failure_for, note_for
from documents.models import Document, ExtractedField
from documents.selectors import carries_value, documents_visible_to, not_erased, with_duplicate_of
from registry.models import Business
from registry.selectors import business_api_data, business_for_display, business_for_partner

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
    return _with_what_the_api_shows(documents)


def _with_what_the_api_shows(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Fields, review reasons and the certificate's business in a fixed number of queries, however many rows.
    Fields and businesses land in plain lists (`api_fields`, `api_businesses`; read them with `fields_shown` and
    `business_shown`): a prefetch into the related manager builds a filtered queryset per row, a third of reading
    a page of 100 documents."""
    return documents.select_related("extraction", "review_task").prefetch_related(
        Prefetch("extraction__fields", to_attr="api_fields"),  # in position order (ExtractedField.Meta.ordering)
        "review_task__reasons",
        Prefetch("businesses", to_attr="api_businesses"),  # the certificate's business and its state (by number)
    )


def fields_shown(document: Document) -> list[ExtractedField]:
    """The fields of a document read by `api_document_list` / `api_document_detail`; [] before it was read."""
    extraction = getattr(document, "extraction", None)
    return extraction.api_fields if extraction is not None else []


def business_shown(document: Document) -> Business | None:
    """The business of a certificate read by `api_document_list` / `api_document_detail`, if any."""
    return next(iter(document.api_businesses), None)


def api_document_detail(*, partner: Partner | None, user=None, document_id: int) -> Document | None:
    """The document with what the detail view shows, or None when it does not exist or is not the caller's:
    the API answers 404 in both cases, so ids do not leak."""
    return _with_what_the_api_shows(api_documents(partner=partner, user=user)).filter(pk=document_id).first()


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
