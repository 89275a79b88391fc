"""NHN Cloud Document OCR, API v1.0 or v1.1 (reference: /work/shared/reference/ocr-and-status-apis.md, section 1).

`NHN_OCR_API_VERSION` picks the path and the credentials: v1.0 sends the secret key, v1.1 a User Access Key token
(documents/nhn_auth.py fetches, shares and renews it; a token the service refuses with 4010006 is replaced once).

The service answers HTTP 200 for failures too; the verdict is in `header.isSuccessful` and `header.resultCode`.
Every failure ends as one of three errors, so the pipeline knows what to do next:

* RetryableOcrError: -1, 4000006 (rate limit), 5000001..5003xxx, network errors, timeouts, HTTP 408/429/5xx and
  answers that are not the service's JSON. Retried here with exponential backoff and full jitter, at most
  NHN_OCR_MAX_ATTEMPTS calls in all, then raised.
* OcrConfigurationError: 4010001..4010007 (credentials, project, role, a token refused twice, permission denied),
  HTTP 401/403/404/405 (a wrong base URL or key) and a token request refused. Not retried: every further call
  would fail the same way.
* PermanentOcrError: 4000001..4000005, 4000101, 4000102, 4000103 (a password-protected PDF), 4000111, 4131000 and
  other 4xxxxxx codes. Not retried: the same file gets the same answer, and each call is paid for.

Uploads over NHN_OCR_MAX_UPLOAD_MB (20 MB since 2026-08-11; 5 MB before) are shrunk first
(documents/ocr/images.py) and the boxes scaled back.
Card numbers are never logged: nothing here logs a result, only codes and masked messages.
"""

import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from documents import nhn_auth
from documents.cards import mask_in_text
from documents.http_failures import CONFIGURATION, RETRYABLE, http_failure
from documents.http_sessions import shared_session
from documents.kinds import CATEGORY_FIELDS, Kind

from . import images
from .base import Field, OcrConfigurationError, OcrError, PermanentOcrError, Point, Reading, RetryableOcrError
from .containment import contained
from .fields import canonical_name, clean_text, digits_only, normalise

logger = logging.getLogger(__name__)

PATHS = {Kind.BUSINESS_CERTIFICATE: "business", Kind.CREDIT_CARD: "credit-card"}

RATE_LIMITED = 4000006
UNKNOWN_ERROR = -1
PASSWORD_PROTECTED_PDF = 4000103
PERMISSION_DENIED = 4010007

# Keep room for the multipart envelope, and for a service that counts 20 MB as 20,000,000 bytes.
_UPLOAD_HEADROOM = 0.95


def classify(code: int) -> type[OcrError]:
    """Which error a failed envelope's resultCode becomes (the table in the module docstring)."""
    if code in (UNKNOWN_ERROR, RATE_LIMITED) or 5_000_000 <= code <= 5_999_999:
        return RetryableOcrError
    if 4_010_000 <= code <= 4_019_999:
        return OcrConfigurationError
    if 4_000_000 <= code <= 4_999_999:
        return PermanentOcrError
    return RetryableOcrError  # a code we have never seen that is not a client error: give it another chance


class _Attempt(Exception):
    """One failed call; `error` is what the caller gets if it is the last one."""

    def __init__(self, error: OcrError, *, retry_after: float | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.retry_after = retry_after


class NhnEngine:
    name = "nhn"

    def __init__(
        self,
        *,
        base_url: str,
        app_key: str,
        secret_key: str = "",
        auth: nhn_auth.NhnAuth | None = None,
        timeout: float = 30.0,
        max_attempts: int = 4,
        backoff_base: float = 1.0,
        backoff_max: float = 30.0,
        max_upload_bytes: int = 20 * 1024 * 1024,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> None:
        """`auth` says how to prove who we are (documents/nhn_auth.py); without it, v1.0 with `secret_key`."""
        if not app_key or not (auth or secret_key):
            raise OcrConfigurationError(
                _("The NHN OCR engine needs NHN_OCR_APP_KEY and NHN_OCR_SECRET_KEY; ask an operator to set both."),
                code="missing_credentials",
            )
        self.base_url = base_url.rstrip("/")
        self.app_key = app_key
        self.auth = auth or nhn_auth.SecretKey(secret_key)
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_upload_bytes = max_upload_bytes
        self.session = session or requests.Session()
        self.sleep = sleep
        self.jitter = jitter

    @classmethod
    def from_settings(cls, **overrides: Any) -> "NhnEngine":
        options: dict[str, Any] = {
            "base_url": settings.NHN_OCR_BASE_URL,
            "app_key": settings.NHN_OCR_APP_KEY,
            "timeout": settings.NHN_OCR_TIMEOUT,
            "max_attempts": settings.NHN_OCR_MAX_ATTEMPTS,
            "backoff_base": settings.NHN_OCR_BACKOFF_BASE,
            "backoff_max": settings.NHN_OCR_BACKOFF_MAX,
            "max_upload_bytes": int(settings.NHN_OCR_MAX_UPLOAD_MB * 1024 * 1024),
            "session": shared_session(),
        } | overrides
        if "auth" not in options and "secret_key" not in options:  # an explicit secret key means v1.0 with it
            try:
                options["auth"] = nhn_auth.from_settings(timeout=options["timeout"], session=options["session"])
            except nhn_auth.CredentialsMissing as missing:
                raise OcrConfigurationError(
                    _("The NHN OCR engine (API %(version)s) needs %(names)s; ask an operator to set them.")
                    % {"version": missing.version, "names": ", ".join(missing.names)},
                    code="missing_credentials",
                ) from None
        return cls(**options)

    def url(self, kind: str) -> str:
        try:
            operation = PATHS[kind]
        except KeyError:
            raise PermanentOcrError(_("This kind of document cannot be read."), code="unknown_kind") from None
        return f"{self.base_url}/{self.auth.version}/appkeys/{self.app_key}/{operation}"

    # --- Reading ----------------------------------------------------------------------------

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        # A malformed answer (a list where a dict belongs, a key missing) must fail the document, not crash the task.
        with contained(engine=self.name, kind=kind):
            return self._read(kind=kind, content=content, filename=filename)

    def _read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        url = self.url(kind)
        prepared = self._prepare(content)
        name = PurePath(filename or "upload").stem or "upload"
        upload = (f"{name}.{prepared.extension}", prepared.content, prepared.content_type)
        result = self._call(url, upload)
        if kind == Kind.CREDIT_CARD:
            fields = _card_fields(result, prepared)
        else:
            fields = _certificate_fields(result, prepared)
        unit = "point" if prepared.original_type == "pdf" else result.get("unitType") or "pixel"
        file_type = prepared.original_type if prepared.shrunk else result.get("fileType") or prepared.original_type
        return Reading(
            fields=fields,
            resolution="low" if result.get("resolution") == "low" else "normal",
            unit="point" if unit == "point" else "pixel",
            file_type=file_type,
            raw=result,
        )

    def _prepare(self, content: bytes) -> images.Prepared:
        try:
            prepared = images.prepare(content, max_bytes=int(self.max_upload_bytes * _UPLOAD_HEADROOM))
        except images.ShrinkError:
            raise PermanentOcrError(
                _("This file is too large for the OCR service and could not be made smaller; it may be damaged."),
                code="too_large",
            ) from None
        if prepared.shrunk:
            logger.info(
                "NHN OCR: upload of %d bytes sent as a %d-byte %s",
                len(content),
                len(prepared.content),
                prepared.extension,
            )
        return prepared

    def _call(self, url: str, upload: tuple[str, bytes, str]) -> dict:
        """The `result` of the first successful call; at most `max_attempts` calls."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._call_once(url, upload)
            except _Attempt as failed:
                if attempt == self.max_attempts:
                    logger.warning("NHN OCR: giving up after %d attempts (%s)", attempt, failed.error.code)
                    raise failed.error from None
                delay = self._backoff(attempt, failed.retry_after)
                logger.info("NHN OCR: attempt %d failed (%s); next in %.2fs", attempt, failed.error.code, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Full jitter: uniform between 0 and base * 2^(attempt-1), capped; a server's Retry-After is a floor."""
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        delay = self.jitter(0, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff_max))
        return delay

    def _call_once(self, url: str, upload: tuple[str, bytes, str]) -> dict:
        def send(headers: dict[str, str]) -> requests.Response:
            return self.session.post(url, files={"image": upload}, headers=headers, timeout=self.timeout)

        try:
            response = nhn_auth.authorised(self.auth, send)
        except nhn_auth.CredentialsRefused as refused:
            raise OcrConfigurationError(refused.message, code=refused.code) from None
        except nhn_auth.TokenUnavailable as unavailable:
            raise _Attempt(RetryableOcrError(unavailable.message, code=unavailable.code)) from None
        except requests.Timeout:
            raise _Attempt(RetryableOcrError(_("The OCR service did not answer in time."), code="timeout")) from None
        except requests.RequestException as error:
            logger.info("NHN OCR: network error: %s", type(error).__name__)
            raise _Attempt(RetryableOcrError(_("The OCR service could not be reached."), code="network")) from None
        if response.status_code != 200:
            error = _http_error(response)
            if error.retryable:
                raise _Attempt(error, retry_after=_retry_after(response))
            raise error
        try:
            body = response.json()
            header = body["header"]
            code = int(header.get("resultCode", UNKNOWN_ERROR))
        except (ValueError, TypeError, KeyError, AttributeError):
            raise _Attempt(
                RetryableOcrError(_("The OCR service gave an answer that could not be understood."), code="bad_answer")
            ) from None
        if header.get("isSuccessful") is True and code == 0:
            result = body.get("result")
            if not isinstance(result, dict):
                # Paid for already; asking again would most likely pay for the same empty answer.
                raise PermanentOcrError(_("The OCR service found nothing to read in this file."), code="empty_result")
            return result
        raise _envelope_error(code, mask_in_text(str(header.get("resultMessage") or "")))


def _envelope_error(code: int, message: str) -> Exception:
    error_class = classify(code)
    logger.info("NHN OCR: resultCode %s (%s)", code, message)
    if code == PASSWORD_PROTECTED_PDF:
        return PermanentOcrError(
            _("The PDF is password-protected, so it cannot be read. Upload it again without the password."),
            code=str(code),
        )
    if code == PERMISSION_DENIED:
        return OcrConfigurationError(
            _(
                "The OCR service denied permission (%(code)s: %(message)s). An operator must give the User Access "
                "Key's account a role that may use Document OCR in this project."
            )
            % {"code": code, "message": message},
            code=str(code),
        )
    if error_class is OcrConfigurationError:
        return OcrConfigurationError(
            _(
                "The OCR service refused our credentials (%(code)s: %(message)s). An operator must check the NHN OCR "
                "app key, secret key and project."
            )
            % {"code": code, "message": message},
            code=str(code),
        )
    if error_class is PermanentOcrError:
        return PermanentOcrError(
            _("The OCR service refused this file: %(message)s") % {"message": message or code}, code=str(code)
        )
    if code == RATE_LIMITED:
        text = _("The OCR service is busy (too many requests); the document will be read later.")
    else:
        text = _("The OCR service failed (%(code)s: %(message)s); the document will be read later.") % {
            "code": code,
            "message": message,
        }
    return _Attempt(RetryableOcrError(text, code=str(code)))


def _http_error(response: requests.Response) -> OcrError:
    status = response.status_code
    code = f"http_{status}"
    failure = http_failure(status)
    if failure == CONFIGURATION:
        return OcrConfigurationError(
            _("The OCR service address answered HTTP %(status)d; an operator must check NHN_OCR_BASE_URL and the keys.")
            % {"status": status},
            code=code,
        )
    if failure == RETRYABLE:
        return RetryableOcrError(
            _("The OCR service is unavailable (HTTP %(status)d); the document will be read later.")
            % {"status": status},
            code=code,
        )
    return PermanentOcrError(
        _("The OCR service refused the request (HTTP %(status)d).") % {"status": status}, code=code
    )


def _retry_after(response: requests.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


# --- Mapping ----------------------------------------------------------------------------------


def _certificate_fields(result: dict, prepared: images.Prepared) -> list[Field]:
    """One field per key-value, in the service's order. A certificate prints `업태`/`종목` once per business
    category row and the service repeats the keys (`업태`, `종목`, `업태`, `종목`, ...): every occurrence is kept,
    the n-th of a name gets index n-1, so the n-th 업태 and the n-th 종목 form the n-th pair and none overwrites
    another. Any other repeated key is numbered the same way."""
    key_values = result.get("keyValues") or []
    boxes = result.get("boxes") or []
    fields = []
    seen: Counter[str] = Counter()
    for index, item in enumerate(key_values):
        if not isinstance(item, dict):
            continue
        raw_key = str(item.get("key") or "")
        raw_text = str(item.get("value") or "")
        name = canonical_name(raw_key) or clean_text(raw_key)
        if not name:
            continue
        box = boxes[index] if index < len(boxes) else None
        occurrence, seen[name] = seen[name], seen[name] + 1
        value = normalise(name, raw_text)
        if name in CATEGORY_FIELDS and not value:
            continue  # a blank half of a category row: no field, but the row still counts for the pairing
        fields.append(
            Field(
                name=name,
                raw_key=raw_key,
                raw_text=raw_text,
                value=value,
                confidence=_confidence(item.get("conf")),
                box=_points(box, prepared),
                index=occurrence,
            )
        )
    return fields


def _card_fields(result: dict, prepared: images.Prepared) -> list[Field]:
    fields = []
    groups = [g for g in result.get("cardNums") or [] if isinstance(g, dict)]
    total = str(result.get("totalCardNum") or "".join(str(g.get("value") or "") for g in groups))
    if digits_only(total):
        confidences = [_confidence(g.get("conf")) for g in groups]
        corners = [p for box in result.get("cardNumBoxes") or [] for p in _points(box, prepared)]
        fields.append(
            Field(
                name="card_number",
                raw_key="totalCardNum",
                raw_text=total,
                value=digits_only(total),
                confidence=min(confidences) if confidences else 0.0,
                box=_hull(corners),
            )
        )
    valid_thru = result.get("validThru")
    if isinstance(valid_thru, dict) and valid_thru.get("value"):
        raw_text = str(valid_thru["value"])
        fields.append(
            Field(
                name="valid_thru",
                raw_key="validThru",
                raw_text=raw_text,
                value=normalise("valid_thru", raw_text),
                confidence=_confidence(valid_thru.get("conf")),
                box=_points(result.get("validThruBox"), prepared),
            )
        )
    return fields


def _confidence(value: Any) -> float:
    try:
        return min(1.0, max(0.0, float(value)))
    except (TypeError, ValueError):
        return 0.0


def _points(box: Any, prepared: images.Prepared) -> tuple[Point, ...]:
    """`{x1,y1,...,x4,y4}` in the sent picture's coordinates -> 4 points in the stored file's; () if malformed."""
    if not isinstance(box, dict):
        return ()
    try:
        return tuple(
            (float(box[f"x{i}"]) * prepared.scale_x, float(box[f"y{i}"]) * prepared.scale_y) for i in range(1, 5)
        )
    except (KeyError, TypeError, ValueError):
        return ()


def _hull(points: list[Point]) -> tuple[Point, ...]:
    """The axis-aligned rectangle around all the points, clockwise from top-left; () for none."""
    if not points:
        return ()
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    return ((left, top), (right, top), (right, bottom), (left, bottom))
