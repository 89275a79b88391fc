"""One error shape for everything under /api/: {"error": {"code", "message", "details"}}.

Every domain error derives from documents.errors.ApplicationError; `exception_handler` below is the one place that
turns it into that shape and an HTTP status, so API views raise or let through and never translate by hand."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFilesSent
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from documents.errors import ApplicationError, Conflict, Forbidden, InvalidInput

from .services import IdempotencyConflict

logger = logging.getLogger(__name__)


def error_body(*, code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": str(message), "details": details if details is not None else {}}}


# The most specific class first: an error takes the status of the first class it is an instance of.
_STATUS = (
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (IdempotencyConflict, status.HTTP_422_UNPROCESSABLE_ENTITY),  # the request, not the document's state, is at fault
    (Conflict, status.HTTP_409_CONFLICT),
    (ApplicationError, status.HTTP_400_BAD_REQUEST),
)


def application_error_response(error: ApplicationError) -> Response:
    """The API's answer to a domain error. A conflict that says when to ask again sets Retry-After."""
    code = next(code for kind, code in _STATUS if isinstance(error, kind))
    details = dict(error.details)
    if isinstance(error, InvalidInput) and error.field:
        details.setdefault(error.field, [error.message])
    headers = {}
    if "retry_after_seconds" in details:
        headers["Retry-After"] = str(details["retry_after_seconds"])
    return Response(
        error_body(code=error.code or "error", message=error.message, details=details), status=code, headers=headers
    )


def one_file_per_request() -> exceptions.ValidationError:
    """An upload is one document: several `file` parts are refused rather than all but one silently dropped."""
    return exceptions.ValidationError({"file": [_("Send one file per request; each upload makes one document.")]})


def _message_and_details(exc: exceptions.APIException) -> tuple[str, object]:
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(detail, dict):
            first = next(iter(detail.values()), "")
            first = first[0] if isinstance(first, list) and first else first
            return _("The request is not valid: %(problem)s") % {"problem": first}, detail
        if isinstance(detail, list):
            return (str(detail[0]) if detail else _("The request is not valid.")), {"non_field_errors": detail}
    return str(detail), {}


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception from an API view, expected or not, becomes the error shape."""
    if isinstance(exc, ApplicationError):
        return application_error_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException(_("The request is too large."))
        exc.status_code, exc.default_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "too_large"
    elif isinstance(exc, TooManyFilesSent):  # more parts than DATA_UPLOAD_MAX_NUMBER_FILES: Django stopped reading
        exc = one_file_per_request()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be read."))
    response = drf_exception_handler(exc, context)  # sets Retry-After and WWW-Authenticate
    if response is None:
        logger.exception("Unhandled error in API view %s", context.get("view").__class__.__name__, exc_info=exc)
        return Response(
            error_body(code="server_error", message=_("Something went wrong on our side; it has been logged.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    # From here on exc is an APIException: the handler answers nothing else.
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
    else:
        code = exc.get_codes()
        code = code if isinstance(code, str) else exc.default_code
    message, details = _message_and_details(exc)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        details = {"retry_after_seconds": exc.wait}  # whole seconds already, as in Retry-After
    response.data = error_body(code=code, message=message, details=details)
    return response


@csrf_exempt  # it changes nothing; CSRF checks belong to the views that do
def api_not_found(request, *args, **kwargs):
    """Any /api/ path that matches nothing: JSON, never the HTML 404 page."""
    return JsonResponse(
        error_body(code="not_found", message=_("There is no API endpoint at %(path)s.") % {"path": request.path}),
        status=404,
    )
