"""The partner REST API (/api/v1/). Thin: parse, call one service or selector, shape the answer."""

import re
from typing import ClassVar

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents import erasure
from documents import services as document_services
from documents.uploads import UploadRejected

from . import schema, selectors, services
from .authentication import ApiKeyAuthentication, IsPartner, IsPartnerOrSignedIn, caller
from .errors import application_error_response, exception_handler, one_file_per_request
from .serializers import (
    DocumentFilterSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    PageSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
)
from .throttling import AnonymousThrottle, ApiKeyThrottle, BusinessCheckThrottle

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces


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

    def dispatch(self, request, *args, **kwargs):
        """DRF links a response to its view both ways (`view.response`, and `renderer_context` holding the view,
        then the response itself): the body's data, 4,000 objects for a page of 100 documents, outlived the
        request until the cyclic garbage collector's next full pass, which paused a later request by tens of ms.
        Unlinked, it goes when the server is done with the response."""
        response = super().dispatch(request, *args, **kwargs)
        del self.response
        if isinstance(response, Response):
            response.add_post_render_callback(_forget_renderer_context)
        return response


def _forget_renderer_context(response):
    response.renderer_context = None  # read only while rendering


class DocumentListView(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    @schema.DOCUMENTS_LIST
    def get(self, request):
        filters = DocumentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        partner, user = caller(request)
        wanted = {k: v for k, v in filters.validated_data.items() if k not in ("cursor", "page_size")}
        documents = selectors.api_document_list(partner=partner, user=user, **wanted)
        paginator = NewestFirstPagination()
        page = selectors.shown_by_the_api(paginator.paginate_queryset(documents, request, view=self))
        # One shape for every row, not many=True: a list serializer and its row serializer link each other both
        # ways, which would leave the page for the cyclic garbage collector (selectors.shown_by_the_api says why).
        shape = DocumentSerializer()
        return paginator.get_paginated_response([shape.to_representation(document) for document in page])

    @schema.DOCUMENTS_CREATE
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

    @schema.DOCUMENTS_RETRIEVE
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

    @schema.DOCUMENTS_DESTROY
    def delete(self, request, document_id: int):
        document = self._document(request, document_id)
        partner, user = caller(request)
        erasure.document_erase(document=document, partner=partner, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Webhooks -----------------------------------------------------------------------------------------

class WebhookListView(ApiView):
    permission_classes = [IsPartner]
    parser_classes = [JSONParser]

    @schema.WEBHOOKS_LIST
    def get(self, request):
        partner, _user = caller(request)
        return Response(WebhookEndpointSerializer(selectors.webhook_endpoints(partner=partner), many=True).data)

    @schema.WEBHOOKS_CREATE
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
    @schema.WEBHOOKS_RETRIEVE
    def get(self, request, webhook_id: int):
        return Response(WebhookEndpointSerializer(self._endpoint(request, webhook_id)).data)

    @schema.WEBHOOKS_DESTROY
    def delete(self, request, webhook_id: int):
        services.webhook_endpoint_delete(endpoint=self._endpoint(request, webhook_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEnableView(_WebhookView):
    @schema.WEBHOOKS_ENABLE
    def post(self, request, webhook_id: int):
        endpoint = services.webhook_endpoint_enable(endpoint=self._endpoint(request, webhook_id))
        return Response(WebhookEndpointSerializer(endpoint).data)


class WebhookDeliveryListView(_WebhookView):
    @schema.WEBHOOKS_DELIVERIES_LIST
    def get(self, request, webhook_id: int):
        PageSerializer(data=request.query_params).is_valid(raise_exception=True)
        endpoint = self._endpoint(request, webhook_id)
        partner, _user = caller(request)
        deliveries = selectors.webhook_deliveries(partner=partner, endpoint_id=endpoint.pk)
        paginator = NewestFirstPagination()
        page = paginator.paginate_queryset(deliveries, request, view=self)
        return paginator.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)


# --- Businesses ---------------------------------------------------------------------------------------

class _BusinessView(ApiView):
    def _business(self, request, number: str):
        partner, user = caller(request)
        business = selectors.api_business(partner=partner, user=user, number=number)
        if business is None:
            raise Http404
        return business


class BusinessDetailView(_BusinessView):
    @schema.BUSINESSES_RETRIEVE
    def get(self, request, number: str):
        return Response(selectors.api_business_data(business=self._business(request, number)))


class BusinessCheckView(_BusinessView):
    throttle_classes = [ApiKeyThrottle, BusinessCheckThrottle, AnonymousThrottle]

    @schema.BUSINESSES_CHECK
    def post(self, request, number: str):
        business = self._business(request, number)
        business = services.business_check(business=business)
        return Response(selectors.api_business_data(business=business))


class BusinessCheckSlashView(BusinessCheckView):
    """`.../check/` works too (the other endpoints end in a slash); the schema shows `.../check` only."""

    @extend_schema(exclude=True)
    def post(self, request, number: str):
        return super().post(request, number)


# --- The OpenAPI document -----------------------------------------------------------------------------


class SchemaView(SpectacularAPIView):
    """/api/schema/, built and rendered once per process for each language, version and format: it changes only with
    the code, and building it took 50-90 ms a request (rendering YAML as much again)."""

    _rendered: ClassVar[dict[tuple, tuple[bytes, dict[str, str]]]] = {}
    _headers = ("Content-Type", "Content-Disposition")

    def _key(self, request) -> tuple | None:
        """None for a request with a `lang` or `version` no real client sends: it is served, never kept (the keys
        are few, so the cache cannot be grown by whoever asks)."""
        lang, version = request.GET.get("lang", ""), request.GET.get("version", "")
        if (lang and lang not in dict(settings.LANGUAGES)) or version:
            return None
        return (translation.get_language(), lang, version, getattr(request, "accepted_media_type", ""))

    @extend_schema(exclude=True)  # as SpectacularAPIView's own (SERVE_INCLUDE_SCHEMA is off)
    def get(self, request, *args, **kwargs):
        key = self._key(request)
        cached = self._rendered.get(key) if key is not None else None
        if cached is None:
            return super().get(request, *args, **kwargs)  # rendered and kept by finalize_response
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self._key(request)
        if key is not None and isinstance(response, Response) and response.status_code == 200:
            response.render()
            headers = {name: response[name] for name in self._headers if response.has_header(name)}
            self._rendered[key] = (response.content, headers)
        return response
