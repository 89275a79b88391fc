"""Reads of the business registry: who may see which business, timelines, alerts, badges, API payloads."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet

from documents.failures import failure_for, note_for
from documents.models import Document
from documents.selectors import documents_visible_to, user_is_operator, user_sees_all_documents

from .models import Business, BusinessAlert, BusinessCheck, BusinessState


def provider_is_simulated() -> bool:
    return settings.STATUS_PROVIDER == "simulated"


def businesses_visible_to(user) -> QuerySet[Business]:
    """Staff and reviewers see every business; others only those on documents they may see."""
    if not user.is_authenticated:
        return Business.objects.none()
    if user_sees_all_documents(user):
        return Business.objects.all()
    return Business.objects.filter(documents__in=documents_visible_to(user)).distinct()


def business_list(*, user, state: str = "", query: str = "") -> QuerySet[Business]:
    businesses = businesses_visible_to(user)
    if state in BusinessState.values:
        businesses = businesses.filter(state=state)
    digits = "".join(ch for ch in query if ch.isdigit())
    if digits:
        businesses = businesses.filter(number__startswith=digits)
    elif query.strip():
        businesses = businesses.filter(name__icontains=query.strip())
    return businesses.order_by("-updated_at", "number")


def business_for_display(*, user, number: str) -> Business | None:
    number = "".join(ch for ch in number if ch.isdigit())
    return businesses_visible_to(user).filter(number=number).first()


def business_timeline(*, business: Business, limit: int = 200) -> list[BusinessCheck]:
    """Newest first: every check, with changes marked (`check.changed`)."""
    return list(business.checks.all()[:limit])


def failures_as_seen_by(viewer, *, businesses: Iterable[Business], checks: Iterable[BusinessCheck] = ()) -> None:
    """Replace, for display only (nothing is saved), an operator-only failure (the provider refused our
    credentials) with "temporarily unavailable" unless the viewer is an operator (documents/failures.py)."""
    operator = user_is_operator(viewer)
    for business in businesses:
        business.last_error = note_for(business.last_error, operator=operator)
    for check in checks:
        failure = failure_for(error_code=check.code, error_message=check.message, operator=operator)
        if not check.succeeded and failure is not None:
            check.code, check.message = failure.code, failure.message


def business_documents(*, user, business: Business) -> QuerySet[Document]:
    return documents_visible_to(user).filter(businesses=business)


def alerts_open(*, user) -> QuerySet[BusinessAlert]:
    visible = businesses_visible_to(user)
    return (
        BusinessAlert.objects.filter(acknowledged_at__isnull=True, business__in=visible.values("pk"))
        .select_related("business")
        .order_by("-created_at", "-id")
    )


def business_states_for_documents(documents: Iterable[Document]) -> dict[int, Business]:
    """document id -> its business (state, tax type, when checked), in one query; documents without one are left out.
    For the badge on the document pages (templatetags/registry_tags.py)."""
    ids = [d.pk for d in documents]
    if not ids:
        return {}
    links = Business.documents.through.objects.filter(document_id__in=ids).select_related("business")
    return {link.document_id: link.business for link in links}


def business_state_labels(documents: Iterable[Document]) -> dict[int, str]:
    """document id -> its business's state, as a person reads it: the export's column (documents/export.py)."""
    return {pk: str(business.get_state_display()) for pk, business in business_states_for_documents(documents).items()}


# --- For the partner API -----------------------------------------------------------------------------


def business_for_partner(*, partner, number: str) -> Business | None:
    """The business when one of `partner`'s own documents carries its number, else None (the API answers 404)."""
    number = "".join(ch for ch in number if ch.isdigit())
    if len(number) != 10 or partner is None:
        return None
    return Business.objects.filter(number=number, documents__partner=partner).distinct().first()


def business_api_data(*, business: Business, history: int = 50) -> dict:
    """The JSON of `GET /api/v1/businesses/{number}/`."""

    def when(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "number": business.number,
        "name": business.name,
        "representative": business.representative,
        "state": business.state,
        "tax_type": business.tax_type,
        "closed_on": when(business.closed_on),
        "checked_at": when(business.checked_at),
        "next_check_at": when(business.next_check_at),
        "provider": business.provider,
        "simulated": business.provider == "simulated" or (not business.provider and provider_is_simulated()),
        "last_error": business.last_error or None,
        "history": [
            {
                "checked_at": when(c.checked_at),
                "provider": c.provider,
                "succeeded": c.succeeded,
                "code": c.code,
                "message": c.message,
                "state": c.state or None,
                "previous_state": c.previous_state or None,
                "tax_type": c.tax_type,
            }
            for c in business.checks.all()[:history]
        ],
    }


def document_business_data(*, document: Document, states: dict[int, Business] | None = None) -> dict | None:
    """What a document result carries about its business (`"business": {...}` in the API), or None."""
    business = (states or business_states_for_documents([document])).get(document.pk)
    if business is None:
        return None
    return {
        "number": business.number,
        "state": business.state,
        "tax_type": business.tax_type,
        "checked_at": business.checked_at.isoformat() if business.checked_at else None,
        "simulated": business.provider == "simulated",
    }
