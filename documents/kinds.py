"""Document kinds, statuses and canonical field names (DESIGN.md, "Contracts")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    BUSINESS_CERTIFICATE = "business_certificate", _("Business registration certificate")
    CREDIT_CARD = "credit_card", _("Credit card")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


UNFINISHED = (Status.RECEIVED, Status.PROCESSING)  # still on its way through the pipeline; any other status is final


CERTIFICATE_FIELDS = (
    "tax_type",
    "registration_number",
    "company_name",
    "representative",
    "birth_date",
    "corporate_number",
    "opening_date",
    "business_address",
    "head_office_address",
    "business_type",
    "business_item",
    "issue_date",
    "tax_office",
)
CARD_FIELDS = ("card_number", "valid_thru")
# A certificate's business categories (업태/종목): one pair per row, the fields of a row share their `index`.
CATEGORY_FIELDS = ("business_type", "business_item")
FIELDS_BY_KIND = {Kind.BUSINESS_CERTIFICATE: CERTIFICATE_FIELDS, Kind.CREDIT_CARD: CARD_FIELDS}

FIELD_LABELS = {
    "tax_type": _("Taxpayer category"),
    "registration_number": _("Registration number"),
    "company_name": _("Company name"),
    "representative": _("Representative"),
    "birth_date": _("Date of birth"),
    "corporate_number": _("Corporate registration number"),
    "opening_date": _("Opening date"),
    "business_address": _("Business address"),
    "head_office_address": _("Head office address"),
    "business_type": _("Business type"),
    "business_item": _("Business item"),
    "issue_date": _("Issue date"),
    "tax_office": _("Tax office"),
    "card_number": _("Card number"),
    "valid_thru": _("Valid thru"),
}


def field_label(name: str, index: int = 0) -> str:
    """What a person reads for a field: `Business type`, and for a later business category row `Business type
    (row 2)`; the name itself when it is not a canonical one."""
    label = str(FIELD_LABELS.get(name, name))
    return _("%(label)s (row %(row)d)") % {"label": label, "row": index + 1} if index else label
