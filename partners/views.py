"""The partner REST API (/api/v1/). Thin: parse, call one service or selector, shape the answer."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents import erasure
from documents import services as document_services
from documents.uploads import UploadRejected

from . import selectors, services
from .authentication import ApiKeyAuthentication, IsPartner, IsPartnerOrSignedIn, caller
from .errors import application_error_response, error_body, exception_handler, one_file_per_request
from .serializers import (
    BusinessDetailSerializer,
    DocumentFilterSerializer,
    DocumentPageSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    ErrorSerializer,
    PageSerializer,
    WebhookDeliveryPageSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
)
from .throttling import AnonymousThrottle, ApiKeyThrottle, BusinessCheckThrottle

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces

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
            "box": [[102.0, 210.0], [380.0, 210.0], [380.0, 240.0], [102.0, 240.0]], "raw_key": "등록번호",
        },
        {
            "name": "business_type", "index": 0, "label": "Business type", "value": "정보통신업",
            "machine_value": "정보통신업", "corrected": False, "corrected_at": None, "confidence": 0.97,
            "box": [[210.0, 980.0], [520.0, 980.0], [520.0, 1010.0], [210.0, 1010.0]], "raw_key": "업태",
        },
        {
            "name": "business_item", "index": 0, "label": "Business item", "value": "응용 소프트웨어 개발 및 공급업",
            "machine_value": "응용 소프트웨어 개발 및 공급업", "corrected": False, "corrected_at": None,
            "confidence": 0.95, "box": [[600.0, 980.0], [1100.0, 980.0], [1100.0, 1010.0], [600.0, 1010.0]],
            "raw_key": "종목",
        },
        {
            "name": "business_type", "index": 1, "label": "Business type (row 2)", "value": "도매 및 소매업",
            "machine_value": "도매 및 소매업", "corrected": False, "corrected_at": None, "confidence": 0.96,
            "box": [[210.0, 1020.0], [520.0, 1020.0], [520.0, 1050.0], [210.0, 1050.0]], "raw_key": "업태",
        },
        {
            "name": "business_item", "index": 1, "label": "Business item (row 2)", "value": "전자상거래 소매업",
            "machine_value": "전자상거래 소매", "corrected": True, "corrected_at": "2026-05-04T09:40:12+09:00",
            "confidence": 0.71, "box": [[600.0, 1020.0], [1000.0, 1020.0], [1000.0, 1050.0], [600.0, 1050.0]],
            "raw_key": "종목",
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


class NewestFirstPagination(CursorPagination):
    """Documents and webhook deliveries, newest first."""

    ordering = ("-created_at", "-id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ApiView(APIView):
    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [IsPartnerOrSignedIn]
    throttle_classes = [ApiKeyThrottle, AnonymousThrottle]

    def get_exception_handler(self):
        return exception_handler


class DocumentListView(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="documents_list",
        summary="List documents",
        description="Your documents, newest first, with cursor pagination (follow `next`). Filters combine.",
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
    def get(self, request):
        filters = DocumentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        partner, user = caller(request)
        wanted = {k: v for k, v in filters.validated_data.items() if k not in ("cursor", "page_size")}
        documents = selectors.api_document_list(partner=partner, user=user, **wanted)
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(documents, request, view=self)
        return paginator.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
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
    def post(self, request):
        partner, user = caller(request)
        key = request.headers.get("Idempotency-Key")
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("Use up to 255 printable characters without spaces.")]}
            )
        if len(request.FILES.getlist("file")) > 1:
            raise one_file_per_request()
        form = DocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        kind, upload = form.validated_data["kind"], form.validated_data["file"]

        def run():
            try:
                document = document_services.document_create(uploader=user, partner=partner, kind=kind, upload=upload)
            except UploadRejected as rejected:  # an answer like any other: stored, and replayed for a retry
                refusal = application_error_response(rejected)
                return refusal.status_code, refusal.data, None
            fresh = selectors.api_document_detail(partner=partner, user=user, document_id=document.pk)
            return 201, DocumentSerializer(fresh).data, document

        if key is None:
            status_code, body, replayed = *run()[:2], False
        else:
            scope = f"partner:{partner.pk}" if partner is not None else f"user:{user.pk}"
            fingerprint = services.upload_fingerprint(kind=kind, upload=upload)
            status_code, body, replayed = services.idempotent_call(
                scope=scope, key=key, fingerprint=fingerprint, run=run
            )
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        if status_code == 201:
            headers["Location"] = body["links"]["self"]
        return Response(body, status=status_code, headers=headers)


class DocumentDetailView(ApiView):
    def _document(self, request, document_id: int):
        partner, user = caller(request)
        document = selectors.api_document_detail(partner=partner, user=user, document_id=document_id)
        if document is None:
            raise Http404
        return document

    @extend_schema(
        operation_id="documents_retrieve",
        summary="Read a document",
        description=(
            "Status, review reasons, the fields read (canonical names, value, confidence, box; the corrected value "
            "when a person changed it, with `corrected: true`), and for a certificate the business's status. "
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
    def get(self, request, document_id: int):
        document = self._document(request, document_id)
        partner, _user = caller(request)
        revealed = {}
        reveal = request.query_params.get("reveal")
        if reveal not in (None, "", "card_number"):
            raise exceptions.ValidationError({"reveal": [_("The only value is card_number.")]})
        if reveal == "card_number" and partner is not None and document.partner_id == partner.pk:
            revealed = services.card_numbers_reveal(document=document, partner=partner)
        return Response(DocumentSerializer(document, context={"revealed_card_numbers": revealed}).data)

    @extend_schema(
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
    def delete(self, request, document_id: int):
        document = self._document(request, document_id)
        partner, user = caller(request)
        erasure.document_erase(document=document, partner=partner, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Webhooks -----------------------------------------------------------------------------------------

WEBHOOK_EXAMPLE = {
    "id": 7, "url": "https://partner.example/hooks/intake", "events": ["document.approved", "document.rejected"],
    "is_active": True, "consecutive_failures": 0, "disabled_at": None, "disabled_reason": "",
    "created_at": "2026-05-04T09:00:00+09:00",
}


class WebhookListView(ApiView):
    permission_classes = [IsPartner]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="webhooks_list",
        summary="List your webhook endpoints",
        responses={200: WebhookEndpointSerializer(many=True), **errors(401, 403, 429)},
        examples=[OpenApiExample("Endpoints", value=[WEBHOOK_EXAMPLE], response_only=True, status_codes=["200"])],
    )
    def get(self, request):
        partner, _user = caller(request)
        return Response(WebhookEndpointSerializer(selectors.webhook_endpoints(partner=partner), many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Add a webhook endpoint",
        description=(
            "Events (`document.approved`, `document.rejected`, `document.failed`, `business.status_changed`) are "
            "POSTed as JSON with `X-Intake-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, t + \".\" + body)>`."
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
    def post(self, request):
        partner, _user = caller(request)
        form = WebhookEndpointCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_create(partner=partner, **form.validated_data)
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class _WebhookView(ApiView):
    permission_classes = [IsPartner]

    def _endpoint(self, request, webhook_id: int):
        partner, _user = caller(request)
        endpoint = selectors.webhook_endpoints(partner=partner).filter(pk=webhook_id).first()
        if endpoint is None:
            raise Http404
        return endpoint


class WebhookDetailView(_WebhookView):
    @extend_schema(operation_id="webhooks_retrieve", summary="Read a webhook endpoint",
                   responses={200: WebhookEndpointSerializer, **errors(401, 403, 404, 429)},
                   examples=[OpenApiExample("Disabled", value={**WEBHOOK_EXAMPLE, "is_active": False,
                                                              "consecutive_failures": 15,
                                                              "disabled_at": "2026-05-05T09:00:00+09:00",
                                                              "disabled_reason": "Disabled after 15 failed "
                                                                                 "deliveries in a row."},
                                             response_only=True, status_codes=["200"])])
    def get(self, request, webhook_id: int):
        return Response(WebhookEndpointSerializer(self._endpoint(request, webhook_id)).data)

    @extend_schema(operation_id="webhooks_destroy", summary="Remove a webhook endpoint",
                   responses={204: OpenApiResponse(description="removed"), **errors(401, 403, 404, 429)})
    def delete(self, request, webhook_id: int):
        services.webhook_endpoint_delete(endpoint=self._endpoint(request, webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEnableView(_WebhookView):
    @extend_schema(operation_id="webhooks_enable", summary="Enable a disabled webhook endpoint again",
                   request=None, responses={200: WebhookEndpointSerializer, **errors(401, 403, 404, 429)},
                   examples=[OpenApiExample("Enabled", value=WEBHOOK_EXAMPLE, response_only=True,
                                            status_codes=["200"])])
    def post(self, request, webhook_id: int):
        endpoint = services.webhook_endpoint_enable(endpoint=self._endpoint(request, webhook_id))
        return Response(WebhookEndpointSerializer(endpoint).data)


class WebhookDeliveryListView(_WebhookView):
    @extend_schema(
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
    def get(self, request, webhook_id: int):
        PageSerializer(data=request.query_params).is_valid(raise_exception=True)
        endpoint = self._endpoint(request, webhook_id)
        partner, _user = caller(request)
        deliveries = selectors.webhook_deliveries(partner=partner, endpoint_id=endpoint.pk)
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(deliveries, request, view=self)
        return paginator.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


# --- Businesses ---------------------------------------------------------------------------------------

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


class _BusinessView(ApiView):
    def _business(self, request, number: str):
        partner, user = caller(request)
        business = selectors.api_business(partner=partner, user=user, number=number)
        if business is None:
            raise Http404
        return business


class BusinessDetailView(_BusinessView):
    @extend_schema(
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
    def get(self, request, number: str):
        return Response(selectors.api_business_data(business=self._business(request, number)))


class BusinessCheckView(_BusinessView):
    throttle_classes = [ApiKeyThrottle, BusinessCheckThrottle, AnonymousThrottle]

    @extend_schema(
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
    def post(self, request, number: str):
        business = self._business(request, number)
        business = services.business_check(business=business)
        return Response(selectors.api_business_data(business=business))


class BusinessCheckSlashView(BusinessCheckView):
    """`.../check/` works too (the other endpoints end in a slash); the schema shows `.../check` only."""

    @extend_schema(exclude=True)
    def post(self, request, number: str):
        return super().post(request, number)
