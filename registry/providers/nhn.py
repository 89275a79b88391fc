"""NHN Cloud's business stoppage/closure lookup: `POST /{v1.0|v1.1}/appkeys/{appKey}/business/status`, one number
per call, with the OCR engine's credentials (`NHN_OCR_API_VERSION`, documents/nhn_auth.py).

Every answer is HTTP 200 with the verdict in `header`; `4000102` (the number does not exist) and `4000101` (not a
well-formed number) are answers about the number, stored as state unknown, not failures. 4010001..4010005 and
HTTP 401/403/404/405 are configuration problems; -1, 4000006, 5xxxxxx, HTTP 408/425/429/5xx and network errors
are retryable: the number is checked again later with backoff (registry/services.py); any other HTTP 4xx is
permanent (the table is documents/http_failures.py).
"""

from collections.abc import Sequence
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from documents import nhn_auth
from documents.http_failures import CONFIGURATION, RETRYABLE, http_failure
from documents.http_sessions import shared_session
from registry.models import BusinessState, TaxType

from . import ratelimit
from .base import (
    Authenticity,
    CheckResult,
    Claim,
    PermanentStatusError,
    RetryableStatusError,
    StatusAnswer,
    StatusConfigurationError,
    StatusError,
)
from .codes import nhn_state

ANSWER_CODES = {4000101, 4000102}  # about the number itself: an answer, not a failure


class NhnStatusProvider:
    name = "nhn"
    batch_size = 100  # the dispatcher's batch; each number is still one call
    supports_authenticity = False
    verifies_readings = False

    def __init__(self, *, base_url: str, app_key: str, auth: nhn_auth.NhnAuth, timeout: float = 30.0,
                 session: requests.Session | None = None) -> None:
        self.url = f"{base_url.rstrip('/')}/{auth.version}/appkeys/{app_key}/business/status"
        self.auth = auth
        self.timeout = timeout
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, **overrides: Any) -> "NhnStatusProvider":
        options: dict[str, Any] = {
            "base_url": settings.NHN_OCR_BASE_URL,
            "app_key": settings.NHN_OCR_APP_KEY,
            "timeout": settings.NHN_OCR_TIMEOUT,
            "session": shared_session(),
        } | overrides
        if "auth" not in options:
            try:
                options["auth"] = nhn_auth.from_settings(timeout=options["timeout"], session=options["session"])
            except nhn_auth.CredentialsMissing as missing:
                raise StatusConfigurationError(
                    _("The NHN status provider needs %(names)s.") % {"names": ", ".join(missing.names)},
                    code="missing_credentials",
                ) from None
        return cls(**options)

    def check(self, *, numbers: Sequence[str]) -> CheckResult:
        result = CheckResult()
        for index, number in enumerate(numbers):
            try:
                result.answers[number] = self.check_one(number)
            except StatusConfigurationError:
                raise
            except RetryableStatusError as error:
                # Slowing down is the point of most retryable errors: the rest of the batch waits for next time.
                for rest in numbers[index:]:
                    result.failures[rest] = error
                break
            except StatusError as error:
                result.failures[number] = error
        return result

    def check_one(self, number: str) -> StatusAnswer:
        ratelimit.acquire(provider=self.name)

        def send(headers: dict[str, str]) -> requests.Response:
            return self.session.post(self.url, json={"businessNumber": number}, headers=headers, timeout=self.timeout)

        try:
            response = nhn_auth.authorised(self.auth, send)
        except nhn_auth.CredentialsRefused as refused:
            raise StatusConfigurationError(refused.message, code=refused.code) from None
        except nhn_auth.TokenUnavailable as unavailable:
            raise RetryableStatusError(unavailable.message, code=unavailable.code) from None
        except requests.RequestException as error:
            raise RetryableStatusError(_("The status service could not be reached."), code="network") from error
        failure = http_failure(response.status_code)
        if failure == CONFIGURATION:
            raise StatusConfigurationError(
                _("The status service refused the request (HTTP %(status)s): check NHN_OCR_BASE_URL and the keys.")
                % {"status": response.status_code}, code=f"http_{response.status_code}",
            )
        if failure is not None:
            error = RetryableStatusError if failure == RETRYABLE else PermanentStatusError
            raise error(
                _("The status service answered HTTP %(status)s.") % {"status": response.status_code},
                code=f"http_{response.status_code}",
            )
        try:
            payload = response.json()
            header = payload["header"]
            code = int(header["resultCode"])
        except (ValueError, KeyError, TypeError) as error:
            message = _("The status service's answer was not understood.")
            raise RetryableStatusError(message, code="bad_answer") from error
        message = str(header.get("resultMessage") or "")
        if header.get("isSuccessful") and code == 0:
            body = payload.get("result") or {}
            status_code = str(body.get("statusCode") or "")
            state, tax_type = nhn_state(status_code)
            return StatusAnswer(
                number=number, state=state, tax_type=tax_type, code=status_code,
                message=str(body.get("statusMessage") or ""), raw=payload,
            )
        if code in ANSWER_CODES:
            return StatusAnswer(
                number=number, state=BusinessState.UNKNOWN, tax_type=TaxType.NONE, code=str(code), message=message,
                raw=payload,
            )
        if 4_010_000 <= code <= 4_019_999:
            raise StatusConfigurationError(message, code=str(code))
        if code == -1 or code == 4000006 or 5_000_000 <= code <= 5_999_999:
            raise RetryableStatusError(message, code=str(code))
        raise PermanentStatusError(message, code=str(code))

    def validate(self, *, claims: Sequence[Claim]) -> dict[Claim, Authenticity]:
        return {}  # NHN has no authenticity check
