"""Shapes of the API's requests and answers. No logic: the values come from selectors."""

from functools import cached_property

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents import cards
from documents.kinds import Kind, Status, field_label
from registry.models import BusinessState, TaxType
from reviews.routing import LABELS as REASON_LABELS

from .selectors import business_shown, fields_shown, review_shown
from .webhooks import EVENTS, business_categories_data, public_failure


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("stable, machine-readable: not_found, invalid, throttled, ..."))
    message = serializers.CharField(help_text=_("for a person"))
    details = serializers.JSONField(help_text=_("field errors for `invalid`, otherwise mostly empty"))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# --- Documents ----------------------------------------------------------------------------------


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PNG, JPEG or PDF; the content decides the type, not the name"))
    kind = serializers.ChoiceField(choices=Kind.choices)


class PageSerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False, allow_blank=True, help_text=_("from `next` / `previous`"))
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, help_text=_("default 20"))


class DocumentFilterSerializer(PageSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    created_after = serializers.DateTimeField(required=False, help_text=_("inclusive, ISO 8601"))
    created_before = serializers.DateTimeField(required=False, help_text=_("exclusive, ISO 8601"))
    business_number = serializers.RegexField(
        r"^\d{3}-?\d{2}-?\d{5}$", required=False,
        help_text=_("registration number on the certificate, dashes allowed"),
    )
    search = serializers.CharField(
        required=False, max_length=200, trim_whitespace=True,
        help_text=_("company name (part of it, any case), registration number with or without dashes (whole, or 3 "
                    "or more digits), file name (part of it), or document id (123 or #123)"),
    )

    def validate_business_number(self, value: str) -> str:
        return value.replace("-", "")

    def validate(self, attrs: dict) -> dict:
        # DRF quietly skips a blank query parameter; say so instead, as the schema does not allow it.
        blank = {
            name: [_("This field may not be blank.")]
            for name in self.fields
            if name != "cursor" and name in self.initial_data and self.initial_data.get(name) == ""
        }
        if blank:
            raise serializers.ValidationError(blank)
        return attrs


# What DRF's fields make of a value, for the serializers that build their dict directly (a page of 100 documents
# walked field by field costs more than its queries); None stays None, as in DRF's walk.
_DATE = serializers.DateField()


class DirectSerializer(serializers.Serializer):
    """A serializer whose `to_representation` builds its dict directly. One instance serves one request (a list's
    rows share it), so what DRF looks up per value (the current time zone, a translation) is looked up once."""

    @cached_property
    def _datetime_field(self) -> serializers.DateTimeField:
        return serializers.DateTimeField(default_timezone=serializers.DateTimeField().default_timezone())

    def _datetime(self, value):
        return None if value is None else self._datetime_field.to_representation(value)


def _date(value):
    return None if value is None else _DATE.to_representation(value)


def _text(value):
    return None if value is None else str(value)


def _integer(value):
    return None if value is None else int(value)


def _choice(value):  # ChoiceField: the stored value, as text (every choice of ours is a text choice)
    return value if value in ("", None) else str(value)


class FieldVerifiedSerializer(serializers.Serializer):
    by = serializers.CharField(help_text=_("who confirmed the value: `nts`, the National Tax Service (tax office)"))
    at = serializers.DateTimeField(help_text=_("when it confirmed it"))


class FieldSerializer(DirectSerializer):
    name = serializers.CharField(help_text=_("canonical name (DESIGN.md), or the raw key when unrecognised"))
    index = serializers.IntegerField(
        help_text=_(
            "occurrence of an item printed more than once, in printed order: business_type and business_item with "
            "the same index are one business category row, 0 the main one; 0 for every other field"
        )
    )
    label = serializers.CharField()
    value = serializers.SerializerMethodField(
        help_text=_("the corrected value when a person changed it; card numbers masked")
    )
    machine_value = serializers.SerializerMethodField(help_text=_("what the OCR read, normalised"))
    corrected = serializers.SerializerMethodField(help_text=_("true when a person changed the value in review"))
    corrected_at = serializers.DateTimeField(allow_null=True)
    confidence = serializers.FloatField()
    unverified = serializers.BooleanField(
        help_text=_(
            "true when the value was read with low confidence in a field that does not decide approval (the "
            "important fields do) and nobody checked it; false once a person approved the document"
        )
    )
    box = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()), help_text=_("four [x, y] points, clockwise")
    )
    raw_key = serializers.CharField()
    verified = serializers.SerializerMethodField(
        help_text=_(
            "set when the tax office confirmed this value as it stands (registration number, opening date, "
            "representative, company name of a certificate): its confidence no longer matters; null otherwise, "
            "and again null after a person changes the value"
        )
    )

    def to_representation(self, field) -> dict:
        """The same dict DRF's field-by-field walk gives (tests/partners/test_representation.py compares the
        two), built directly: a list of 100 documents carries about 800 fields, and the walk cost more than the
        rest of the request. The declared fields above stay the one description of the shape (the schema)."""
        return {
            "name": _text(field.name),
            "index": _integer(field.index),
            "label": self._label(field.name, field.index),
            "value": self.get_value(field),
            "machine_value": self.get_machine_value(field),
            "corrected": self.get_corrected(field),
            "corrected_at": self._datetime(field.corrected_at),
            "confidence": None if field.confidence is None else float(field.confidence),
            "unverified": None if field.unverified is None else bool(field.unverified),
            "box": None if field.box is None else [
                None if point is None else [None if x is None else float(x) for x in point] for point in field.box
            ],
            "raw_key": _text(field.raw_key),
            "verified": self.get_verified(field),
        }

    def _label(self, name: str, index: int) -> str:
        """`field.label`, translated once per name and row for all the rows this instance shows (one request)."""
        key = (name, index)
        labels = self.__dict__.setdefault("_labels", {})
        if key not in labels:
            labels[key] = str(field_label(name, index))
        return labels[key]

    def get_value(self, field) -> str:
        return field.display_value

    def get_machine_value(self, field) -> str:
        return cards.mask(field.value) if field.is_card_number else field.value

    def get_corrected(self, field) -> bool:
        return field.is_corrected and field.corrected_value != field.value

    @extend_schema_field(FieldVerifiedSerializer(allow_null=True))
    def get_verified(self, field) -> dict | None:
        if field.verified_at is None:
            return None
        return {"by": field.verified_by, "at": self._datetime(field.verified_at)}


class BusinessCategorySerializer(serializers.Serializer):
    type = serializers.CharField(allow_blank=True, help_text=_("업태, business type"))
    item = serializers.CharField(allow_blank=True, help_text=_("종목, business item; may be a comma-separated list"))
    main = serializers.BooleanField(help_text=_("true for the first row: the main business category"))


class ReviewReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    field = serializers.CharField(source="field_name", allow_blank=True)
    label = serializers.SerializerMethodField()

    def get_label(self, reason) -> str:
        return str(REASON_LABELS.get(reason.code, reason.code))


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.CharField(allow_blank=True, help_text=_("blank while open; approved or rejected"))
    reasons = ReviewReasonSerializer(many=True)
    reject_reason = serializers.CharField(allow_blank=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class BusinessSerializer(DirectSerializer):
    number = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    state = serializers.ChoiceField(choices=BusinessState.choices, help_text=_("active, suspended, closed or unknown"))
    tax_type = serializers.ChoiceField(choices=TaxType.choices, allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    simulated = serializers.SerializerMethodField(
        help_text=_("true when the last answer came from the simulated provider, not the tax office")
    )

    def to_representation(self, business) -> dict:  # as DRF's walk would (tests/partners/test_representation.py)
        return {
            "number": _text(business.number),
            "name": _text(business.name),
            "state": _choice(business.state),
            "tax_type": _choice(business.tax_type),
            "closed_on": _date(business.closed_on),
            "checked_at": self._datetime(business.checked_at),
            "simulated": self.get_simulated(business),
        }

    def get_simulated(self, business) -> bool:
        return business.provider == "simulated"


class BusinessCheckSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    provider = serializers.CharField(help_text=_("nhn, nts or simulated"))
    succeeded = serializers.BooleanField(help_text=_("false: the provider did not answer (see code and message)"))
    code = serializers.CharField(allow_blank=True, help_text=_("the provider's own code"))
    message = serializers.CharField(allow_blank=True)
    state = serializers.ChoiceField(choices=BusinessState.choices, allow_null=True)
    previous_state = serializers.CharField(  # not a second enum of the same choices (one name in the schema)
        allow_null=True, help_text=_("the state before this check: active, suspended, closed or unknown")
    )
    tax_type = serializers.ChoiceField(choices=TaxType.choices, allow_blank=True)


class BusinessDetailSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("10 digits, no dashes"))
    name = serializers.CharField(allow_blank=True, help_text=_("as last read off a certificate"))
    representative = serializers.CharField(allow_blank=True)
    state = serializers.ChoiceField(choices=BusinessState.choices)
    tax_type = serializers.ChoiceField(choices=TaxType.choices, allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True, help_text=_("last successful check"))
    next_check_at = serializers.DateTimeField(allow_null=True, help_text=_("when the schedule checks it next"))
    provider = serializers.CharField(allow_blank=True, help_text=_("who gave the last answer"))
    simulated = serializers.BooleanField(help_text=_("true: answers come from the simulated provider (demo)"))
    last_error = serializers.CharField(allow_null=True, help_text=_("why the last check failed, if it did"))
    history = BusinessCheckSerializer(many=True, help_text=_("the last 50 checks, newest first"))


class DocumentErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("why reading failed; temporarily_unavailable: the service cannot be used now, try again later")
    )
    message = serializers.CharField()


class LinksSerializer(serializers.Serializer):
    self = serializers.CharField()


class DocumentSerializer(DirectSerializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    original_name = serializers.CharField(allow_blank=True)
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    page_count = serializers.IntegerField()
    sha256 = serializers.CharField()
    duplicate_of = serializers.IntegerField(
        source="duplicate_of_id", allow_null=True,
        help_text=_("id of this partner's first document with the same file, if any"),
    )
    error = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()
    fields = serializers.SerializerMethodField(method_name="get_extracted_fields")
    business_categories = serializers.SerializerMethodField(
        help_text=_(
            "a certificate's business categories (업태/종목 rows) in printed order, with reviewers' corrections; "
            "rows a reviewer removed are left out; empty for a card or before the document is read"
        )
    )
    business = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    def to_representation(self, document) -> dict:
        """The same dict as DRF's field-by-field walk over the fields above (tests/partners/test_representation.py
        compares the two), built directly: a page of 100 documents walked field by field cost more than its
        queries. The declared fields stay the one description of the shape (the schema)."""
        return {
            "id": int(document.id),
            "kind": _choice(document.kind),
            "status": _choice(document.status),
            "created_at": self._datetime(document.created_at),
            "updated_at": self._datetime(document.updated_at),
            "processed_at": self._datetime(document.processed_at),
            "original_name": _text(document.original_name),
            "content_type": _text(document.content_type),
            "size": _integer(document.size),
            "page_count": _integer(document.page_count),
            "sha256": _text(document.sha256),
            "duplicate_of": _integer(document.duplicate_of_id),
            "error": self.get_error(document),
            "review": self.get_review(document),
            "fields": self.get_extracted_fields(document),
            "business_categories": self.get_business_categories(document),
            "business": self.get_business(document),
            "links": self.get_links(document),
        }

    @extend_schema_field(DocumentErrorSerializer(allow_null=True))
    def get_error(self, document):
        return public_failure(document)

    # One instance of each nested shape per serializer (a list's rows share it): building a DRF serializer copies
    # all its fields, which per row and per field cost more than the rows themselves (page_size=100).
    @cached_property
    def _review_shape(self) -> ReviewSerializer:
        return ReviewSerializer()

    @cached_property
    def _field_shape(self) -> FieldSerializer:
        return FieldSerializer()

    @cached_property
    def _business_shape(self) -> BusinessSerializer:
        return BusinessSerializer()

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, document):
        review = review_shown(document)
        return self._review_shape.to_representation(review) if review is not None else None

    @extend_schema_field(FieldSerializer(many=True))
    def get_extracted_fields(self, document):
        revealed = self.context.get("revealed_card_numbers") or {}
        rows = []
        for field in fields_shown(document):  # read once
            row = self._field_shape.to_representation(field)
            if field.pk in revealed:
                row["full_value"] = revealed[field.pk]
            rows.append(row)
        return rows

    @extend_schema_field(BusinessCategorySerializer(many=True))
    def get_business_categories(self, document):
        return business_categories_data(document, fields=fields_shown(document))

    @extend_schema_field(BusinessSerializer(allow_null=True))
    def get_business(self, document):
        if document.kind != Kind.BUSINESS_CERTIFICATE:
            return None
        business = business_shown(document)
        return self._business_shape.to_representation(business) if business is not None else None

    @extend_schema_field(LinksSerializer)
    def get_links(self, document) -> dict:
        return {"self": f"/api/v1/documents/{document.pk}/"}


# --- Webhooks --------------------------------------------------------------------------------------


class WebhookEndpointCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), required=False, default=list, max_length=len(EVENTS),
        help_text=_("event types to receive; empty or absent: all"),
    )


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()
    consecutive_failures = serializers.IntegerField()
    disabled_at = serializers.DateTimeField(allow_null=True)
    disabled_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(help_text=_("signs the deliveries; shown only now, keep it"))


class WebhookAttemptSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    attempted_at = serializers.DateTimeField()
    response_status = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)
    duration_ms = serializers.IntegerField()
    succeeded = serializers.BooleanField()


class WebhookDeliverySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="event_id")
    event = serializers.CharField()
    state = serializers.CharField()
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    payload = serializers.JSONField()
    attempt_log = WebhookAttemptSerializer(many=True)


class DocumentPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text=_("URL of the next page; null on the last"))
    previous = serializers.CharField(allow_null=True)
    results = DocumentSerializer(many=True)


class WebhookDeliveryPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text=_("URL of the next page; null on the last"))
    previous = serializers.CharField(allow_null=True)
    results = WebhookDeliverySerializer(many=True)
