"""The partner API's OpenAPI description: each operation's summary, parameters, answers and examples.

Kept apart from partners/views.py so the views read as what they do; each view method wears the one decorator
named after its operation id here (`@schema.DOCUMENTS_LIST`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from .errors import error_body
from .serializers import (
    BusinessDetailSerializer,
    DocumentFilterSerializer,
    DocumentPageSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    ErrorSerializer,
    PageSerializer,
    WebhookDeliveryPageSerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
)

_ERROR_EXAMPLES = {
    400: ("invalid", "The request is not valid: This field is required.", {"kind": ["This field is required."]}),
    401: ("not_authenticated", "Authentication credentials were not provided.", {}),
    403: ("permission_denied", "You do not have permission to perform this action.", {}),
    404: ("not_found", "Not found.", {}),
    409: ("conflict", "The document is still being read; delete it once it has finished.", {}),
    "409-check": (  # or check_in_progress while another check of it runs
        "checked_recently",
        "This business was checked less than 60 seconds ago; its state is current. Try again later.",
        {"retry_after_seconds": 42},
    ),
    413: ("too_large", "The request is too large.", {}),
    415: ("unsupported_media_type", 'Unsupported media type "text/plain" in request.', {}),
    422: (
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request; use a new key for a new upload.", {},
    ),
    429: ("throttled", "Request was throttled. Expected available in 12 seconds.", {"retry_after_seconds": 12}),
}


def errors(*codes: int | str) -> dict:
    """Documented error answers; a code like "409-check" picks another example for the same HTTP status."""
    answers = {}
    for code in codes:
        http = int(str(code).split("-", 1)[0])
        name, message, details = _ERROR_EXAMPLES[code]
        answers[http] = OpenApiResponse(
            ErrorSerializer,
            description=f"error ({name})",
            examples=[
                OpenApiExample(
                    name, value=error_body(code=name, message=message, details=details),
                    response_only=True, status_codes=[str(http)],
                )
            ],
        )
    return answers


COMMON = (400, 401, 403, 404, 429)


DOCUMENT_EXAMPLE = {
    "id": 42,
    "kind": "business_certificate",
    "status": "needs_review",
    "created_at": "2026-05-04T09:30:00+09:00",
    "updated_at": "2026-05-04T09:30:04+09:00",
    "processed_at": "2026-05-04T09:30:04+09:00",
    "original_name": "certificate.png",
    "content_type": "image/png",
    "size": 183211,
    "page_count": 1,
    "sha256": "9f2c...e1",
    "duplicate_of": None,
    "error": None,
    "review": {
        "outcome": "",
        "reasons": [{"code": "low_confidence", "field": "company_name", "label": "Low confidence"}],
        "reject_reason": "",
        "resolved_at": None,
    },
    "fields": [
        {
            "name": "registration_number", "index": 0, "label": "Registration number", "value": "1168200276",
            "machine_value": "1168200276", "corrected": False, "corrected_at": None, "confidence": 0.98,
            "unverified": False,
            "box": [[102.0, 210.0], [380.0, 210.0], [380.0, 240.0], [102.0, 240.0]], "raw_key": "등록번호",
            "verified": {"by": "nts", "at": "2026-05-04T09:30:02+09:00"},
        },
        {
            "name": "business_type", "index": 0, "label": "Business type", "value": "정보통신업",
            "machine_value": "정보통신업", "corrected": False, "corrected_at": None, "confidence": 0.97,
            "unverified": False,
            "box": [[210.0, 980.0], [520.0, 980.0], [520.0, 1010.0], [210.0, 1010.0]], "raw_key": "업태",
            "verified": None,
        },
        {
            "name": "business_item", "index": 0, "label": "Business item", "value": "응용 소프트웨어 개발 및 공급업",
            "machine_value": "응용 소프트웨어 개발 및 공급업", "corrected": False, "corrected_at": None,
            "confidence": 0.95, "unverified": False,
            "box": [[600.0, 980.0], [1100.0, 980.0], [1100.0, 1010.0], [600.0, 1010.0]], "raw_key": "종목",
            "verified": None,
        },
        {
            "name": "business_type", "index": 1, "label": "Business type (row 2)", "value": "도매 및 소매업",
            "machine_value": "도매 및 소매업", "corrected": False, "corrected_at": None, "confidence": 0.96,
            "unverified": False,
            "box": [[210.0, 1020.0], [520.0, 1020.0], [520.0, 1050.0], [210.0, 1050.0]], "raw_key": "업태",
            "verified": None,
        },
        {
            "name": "business_item", "index": 1, "label": "Business item (row 2)", "value": "전자상거래 소매업",
            "machine_value": "전자상거래 소매", "corrected": True, "corrected_at": "2026-05-04T09:40:12+09:00",
            "confidence": 0.71, "unverified": False,
            "box": [[600.0, 1020.0], [1000.0, 1020.0], [1000.0, 1050.0], [600.0, 1050.0]], "raw_key": "종목",
            "verified": None,
        },
    ],
    "business_categories": [
        {"type": "정보통신업", "item": "응용 소프트웨어 개발 및 공급업", "main": True},
        {"type": "도매 및 소매업", "item": "전자상거래 소매업", "main": False},
    ],
    "business": {
        "number": "1168200276", "name": "주식회사 예시", "state": "active", "tax_type": "general",
        "closed_on": None, "checked_at": "2026-05-04T09:31:00+09:00", "simulated": False,
    },
    "links": {"self": "/api/v1/documents/42/"},
}


WEBHOOK_EXAMPLE = {
    "id": 7, "url": "https://partner.example/hooks/intake", "events": ["document.approved", "document.rejected"],
    "is_active": True, "consecutive_failures": 0, "disabled_at": None, "disabled_reason": "",
    "created_at": "2026-05-04T09:00:00+09:00",
}


BUSINESS_EXAMPLE = {
    "number": "1168200276", "name": "주식회사 예시", "representative": "홍길동", "state": "closed",
    "tax_type": "general", "closed_on": "2026-05-01", "checked_at": "2026-05-04T09:31:00+09:00",
    "next_check_at": "2026-06-03T11:02:00+09:00", "provider": "nts", "simulated": False, "last_error": None,
    "history": [
        {"checked_at": "2026-05-04T09:31:00+09:00", "provider": "nts", "succeeded": True, "code": "03",
         "message": "폐업자", "state": "closed", "previous_state": "active", "tax_type": "general"},
        {"checked_at": "2026-04-27T10:12:00+09:00", "provider": "nts", "succeeded": True, "code": "01",
         "message": "계속사업자", "state": "active", "previous_state": "active", "tax_type": "general"},
    ],
}


NUMBER_PARAMETER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[0-9]{3}-?[0-9]{2}-?[0-9]{5}$",
    description="the 10-digit registration number, with or without dashes (`116-82-00276` or `1168200276`)",
    examples=[OpenApiExample("Number", value="1168200276")],
)


DOCUMENTS_LIST = extend_schema(
    operation_id="documents_list",
    summary="List documents",
    description=(
        "Your documents, newest first, with cursor pagination (follow `next`). Filters combine. `search` finds what "
        "the staff list's search box finds: a company name (part of it, any case), a registration number with or "
        "without dashes (`116-82-00276`, `1168200276`, or 3 or more of its digits), a file name (part of it) or a "
        "document id (`42` or `#42`)."
    ),
    parameters=[DocumentFilterSerializer],
    responses={200: DocumentPageSerializer, **errors(*COMMON)},
    examples=[
        OpenApiExample(
            "A page", value={"next": "/api/v1/documents/?cursor=cD0yMDI2", "previous": None,
                             "results": [DOCUMENT_EXAMPLE]},
            response_only=True, status_codes=["200"],
        )
    ],
)

DOCUMENTS_CREATE = extend_schema(
    operation_id="documents_create",
    summary="Upload a document",
    description=(
        "Multipart upload of one file (PNG, JPEG or PDF) with its `kind`; several `file` parts are refused "
        "(400). Answers 201 at once; the document is "
        "read in the background (poll it, or receive a webhook). Send an `Idempotency-Key` to retry safely: "
        "a retry with the same key gets the first answer (header `Idempotent-Replayed: true`) and makes no "
        "second document and no second OCR call; the same key with another file or kind is refused (422). "
        "Uploading a file you uploaded before makes a new document whose `duplicate_of` names the first."
    ),
    request={"multipart/form-data": DocumentUploadSerializer},
    parameters=[
        OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER,
            description="any unique string up to 255 printable characters, e.g. a UUID",
        )
    ],
    responses={201: DocumentSerializer, **errors(*COMMON, 413, 415, 422)},
    examples=[OpenApiExample("Received", value={**DOCUMENT_EXAMPLE, "status": "received", "fields": [],
                                                "review": None, "business": None, "processed_at": None},
                             response_only=True, status_codes=["201"])],
)

DOCUMENTS_RETRIEVE = extend_schema(
    operation_id="documents_retrieve",
    summary="Read a document",
    description=(
        "Status, review reasons, the fields read (canonical names, value, confidence, box; the corrected value "
        "when a person changed it, with `corrected: true`; `verified: {\"by\": \"nts\", \"at\": ...}` when the "
        "tax office confirmed the value before the decision, else null; `unverified: true` for a field read with low "
        "confidence that does not decide approval and that nobody checked), and for a certificate the business's "
        "status. A certificate whose business the tax office reports suspended or closed, or whose values it "
        "contradicts, waits for a person (review reasons `business_suspended`, `business_closed`, "
        "`registry_mismatch`). "
        "Card numbers are masked; the partner that uploaded a card may add `?reveal=card_number` to get the "
        "full number as `full_value` while the retention window allows. Another partner's document is 404."
    ),
    parameters=[
        OpenApiParameter("reveal", OpenApiTypes.STR, enum=["card_number"],
                         description="`card_number`: include the full number (owning partner, within retention)")
    ],
    responses={200: DocumentSerializer, **errors(*COMMON)},
    examples=[OpenApiExample("Read, waiting for review", value=DOCUMENT_EXAMPLE, response_only=True,
                             status_codes=["200"])],
)

DOCUMENTS_DESTROY = extend_schema(
    operation_id="documents_destroy",
    summary="Erase a document",
    description=(
        "Removes the file and everything read from it; an audit stub (id, kind, status, dates) is kept and the "
        "document no longer appears in the API. A document still being read answers 409. Erasing is the "
        "owner's act: the partner that sent the document, or an administrator signed in to the site; a "
        "reviewer's or uploader's session answers 403 for a document it can read (404, as always, for one it "
        "cannot)."
    ),
    responses={204: OpenApiResponse(description="erased"), **errors(*COMMON, 409)},
)

WEBHOOKS_LIST = extend_schema(
    operation_id="webhooks_list",
    summary="List your webhook endpoints",
    responses={200: WebhookEndpointSerializer(many=True), **errors(401, 403, 429)},
    examples=[OpenApiExample("Endpoints", value=[WEBHOOK_EXAMPLE], response_only=True, status_codes=["200"])],
)

WEBHOOKS_CREATE = extend_schema(
    operation_id="webhooks_create",
    summary="Add a webhook endpoint",
    description=(
        "Events (`document.approved`, `document.rejected`, `document.failed`, `business.status_changed`, and "
        "`document.reopened` when a decided document goes back to a reviewer, with `data.reason` "
        "`review_requested` or `registry_mismatch`) are POSTed as JSON "
        "with `X-Intake-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, t + \".\" + body)>`."
        " Verify it and refuse old timestamps. Answer 2xx within 10 s; anything else is retried with backoff "
        "for about a day. After repeated failures the endpoint is disabled and your contact is e-mailed. "
        "The `secret` is shown only in this answer. The URL must be https and its host must resolve to public "
        "addresses (not loopback, private or link-local); anything else is refused with 400."
    ),
    request=WebhookEndpointCreateSerializer,
    responses={201: WebhookEndpointCreatedSerializer, **errors(400, 401, 403, 415, 429)},
    examples=[
        OpenApiExample("New endpoint", value={"url": "https://partner.example/hooks/intake",
                                              "events": ["document.approved", "document.rejected"]},
                       request_only=True),
        OpenApiExample("Created", value={**WEBHOOK_EXAMPLE, "secret": "whsec_3b1f..."}, response_only=True,
                       status_codes=["201"]),
    ],
)

WEBHOOKS_RETRIEVE = extend_schema(
    operation_id="webhooks_retrieve",
    summary="Read a webhook endpoint",
    responses={200: WebhookEndpointSerializer, **errors(401, 403, 404, 429)},
    examples=[
        OpenApiExample(
            "Disabled",
            value={**WEBHOOK_EXAMPLE, "is_active": False, "consecutive_failures": 15,
                   "disabled_at": "2026-05-05T09:00:00+09:00",
                   "disabled_reason": "Disabled after 15 failed deliveries in a row."},
            response_only=True, status_codes=["200"],
        ),
    ],
)

WEBHOOKS_DESTROY = extend_schema(
    operation_id="webhooks_destroy",
    summary="Remove a webhook endpoint",
    responses={204: OpenApiResponse(description="removed"), **errors(401, 403, 404, 429)},
)

WEBHOOKS_ENABLE = extend_schema(
    operation_id="webhooks_enable",
    summary="Enable a disabled webhook endpoint again",
    request=None,
    responses={200: WebhookEndpointSerializer, **errors(401, 403, 404, 429)},
    examples=[OpenApiExample("Enabled", value=WEBHOOK_EXAMPLE, response_only=True, status_codes=["200"])],
)

WEBHOOKS_DELIVERIES_LIST = extend_schema(
    operation_id="webhooks_deliveries_list",
    summary="Delivery log of a webhook endpoint",
    description="Every event sent to this endpoint, newest first, with each attempt's HTTP status or error.",
    parameters=[PageSerializer],
    responses={200: WebhookDeliveryPageSerializer, **errors(400, 401, 403, 404, 429)},
    examples=[OpenApiExample("Log", response_only=True, status_codes=["200"], value={
        "next": None, "previous": None, "results": [{
            "id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "event": "document.approved", "state": "succeeded",
            "attempts": 2, "next_attempt_at": None, "delivered_at": "2026-05-04T09:31:05+09:00",
            "created_at": "2026-05-04T09:30:05+09:00",
            "payload": {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "type": "document.approved",
                        "created_at": "2026-05-04T09:30:05+09:00",
                        "data": {"document": {"id": 42, "kind": "business_certificate", "status": "approved",
                                              "error": None, "business_categories": [
                                                  {"type": "정보통신업", "item": "응용 소프트웨어 개발 및 공급업",
                                                   "main": True},
                                                  {"type": "도매 및 소매업", "item": "전자상거래 소매업",
                                                   "main": False}],
                                              "url": "/api/v1/documents/42/"}}},
            "attempt_log": [
                {"number": 1, "attempted_at": "2026-05-04T09:30:05+09:00", "response_status": 503,
                 "error": "", "duration_ms": 120, "succeeded": False},
                {"number": 2, "attempted_at": "2026-05-04T09:31:05+09:00", "response_status": 200,
                 "error": "", "duration_ms": 85, "succeeded": True},
            ],
        }]})],
)

BUSINESSES_RETRIEVE = extend_schema(
    operation_id="businesses_retrieve",
    summary="Read a business's status",
    description=(
        "What the tax office last said about a registration number: operating state (`active`, `suspended`, "
        "`closed`, `unknown`), tax type, when it was checked and when the schedule checks it next, whether the "
        "answers come from the simulated provider, and the timeline of checks (newest first). You see only "
        "numbers that appear on your own documents; any other number is 404, as one that does not exist."
    ),
    parameters=[NUMBER_PARAMETER],
    responses={200: BusinessDetailSerializer, **errors(401, 403, 404, 429)},
    examples=[OpenApiExample("Closed", value=BUSINESS_EXAMPLE, response_only=True, status_codes=["200"])],
)

BUSINESSES_CHECK = extend_schema(
    operation_id="businesses_check",
    summary="Check a business's status now",
    description=(
        "Asks the tax office (or the configured provider) now and answers with the business as it stands "
        "after, as `GET` does. A provider failure is recorded too: see `last_error` and the first entry of "
        "`history`. Limited per key (default 10 an hour; 429 with `Retry-After`), and refused with 409 while a "
        "check is under way or when the last one is less than a minute old."
    ),
    parameters=[NUMBER_PARAMETER],
    request=None,
    responses={200: BusinessDetailSerializer, **errors(401, 403, 404, "409-check", 429)},
    examples=[OpenApiExample("Checked", value=BUSINESS_EXAMPLE, response_only=True, status_codes=["200"])],
)
