"""The National Tax Service's business status API (odcloud.kr, `nts-businessman/v1`): up to 100 numbers per call.

* `POST {base}/status?serviceKey=...` with `{"b_no": [...]}`: `b_stt_cd` 01 active, 02 suspended, 03 closed,
  `tax_type_cd` as registry/providers/codes.py maps it; a number the office does not know comes back with empty codes
  and a `tax_type` message saying so (state unknown: an answer, not a failure).
* `POST {base}/validate?serviceKey=...` with `{"businesses": [{"b_no", "start_dt", "p_nm", ...}]}`: `valid` 01
  (matches the office's records) or 02 (does not).

Failures: HTTP 401/403 (the gateway's `{"code": -4, "msg": ...}` for a key it does not know) and 404/405 are
configuration problems; other 4xx (400/411/413: `BAD_JSON_REQUEST`, `REQUEST_DATA_MALFORMED`, `TOO_LARGE_REQUEST`)
are permanent; 408/425/429, 5xx, answers that are not JSON and network errors are retryable (the table is
documents/http_failures.py).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from documents.http_failures import CONFIGURATION, REFUSED, http_failure
from documents.http_sessions import shared_session

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
from .codes import nts_state

MAX_PER_CALL = 100


def _date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(yyyymmdd, "%Y%m%d").date() if yyyymmdd else None
    except ValueError:
        return None


def _request_key(body: dict) -> tuple[str, ...]:
    return tuple(str(body.get(k) or "") for k in ("b_no", "start_dt", "p_nm", "b_nm"))


class NtsStatusProvider:
    name = "nts"
    batch_size = MAX_PER_CALL
    supports_authenticity = True
    verifies_readings = True

    def __init__(self, *, base_url: str, service_key: str, timeout: float = 30.0,
                 session: requests.Session | None = None) -> None:
        if not service_key:
            raise StatusConfigurationError(_("The NTS status provider needs NTS_SERVICE_KEY."), code="missing_key")
        self.base_url = base_url.rstrip("/")
        self.service_key = service_key
        self.timeout = timeout
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, **overrides: Any) -> "NtsStatusProvider":
        options: dict[str, Any] = {
            "base_url": settings.NTS_BASE_URL,
            "service_key": settings.NTS_SERVICE_KEY,
            "timeout": settings.NTS_TIMEOUT,
            "session": shared_session(),
        }
        return cls(**(options | overrides))

    # --- Status -----------------------------------------------------------------------------------

    def check(self, *, numbers: Sequence[str]) -> CheckResult:
        result = CheckResult()
        numbers = list(dict.fromkeys(numbers))
        for start in range(0, len(numbers), MAX_PER_CALL):
            chunk = numbers[start : start + MAX_PER_CALL]
            try:
                payload = self.post("status", {"b_no": chunk})
            except StatusConfigurationError:
                raise
            except StatusError as error:
                result.failures.update(dict.fromkeys(chunk, error))
                continue
            by_number = {str(item.get("b_no")): item for item in payload.get("data") or [] if isinstance(item, dict)}
            for number in chunk:
                item = by_number.get(number)
                if item is None:
                    result.failures[number] = RetryableStatusError(
                        _("The status service left this number out of its answer."), code="missing"
                    )
                    continue
                result.answers[number] = self._answer(number, item)
        return result

    def _answer(self, number: str, item: dict) -> StatusAnswer:
        b_stt_cd, tax_type_cd = str(item.get("b_stt_cd") or ""), str(item.get("tax_type_cd") or "")
        state, tax_type = nts_state(b_stt_cd, tax_type_cd)
        message = " ".join(str(item.get(k) or "") for k in ("b_stt", "tax_type")).strip()
        return StatusAnswer(
            number=number, state=state, tax_type=tax_type, code=b_stt_cd, message=message,
            closed_on=_date(str(item.get("end_dt") or "")), raw=item,
        )

    # --- Authenticity -------------------------------------------------------------------------------

    def validate(self, *, claims: Sequence[Claim]) -> dict[Claim, Authenticity]:
        """One answer per claim, matched by the request the office echoes (`request_param`), else by position: two
        claims about one number (with and without the company name) are two questions."""
        answers: dict[Claim, Authenticity] = {}
        claims = list(dict.fromkeys(claims))
        for start in range(0, len(claims), MAX_PER_CALL):
            chunk = claims[start : start + MAX_PER_CALL]
            sent = [self._claim_json(c) for c in chunk]
            payload = self.post("validate", {"businesses": sent})
            by_request = {_request_key(body): claim for body, claim in zip(sent, chunk, strict=True)}
            for position, item in enumerate(payload.get("data") or []):
                if not isinstance(item, dict):
                    continue
                echoed = item.get("request_param")
                claim = by_request.get(_request_key(echoed)) if isinstance(echoed, dict) else None
                if claim is None and position < len(chunk) and str(item.get("b_no") or "") == chunk[position].number:
                    claim = chunk[position]
                if claim is None:
                    continue
                code = str(item.get("valid") or "")
                answers[claim] = Authenticity(
                    number=claim.number, matches=code == "01", code=code, message=str(item.get("valid_msg") or ""),
                    raw=item,
                )
        return answers

    @staticmethod
    def _claim_json(claim: Claim) -> dict[str, str]:
        body = {"b_no": claim.number, "start_dt": claim.opening_date.replace("-", ""), "p_nm": claim.representative}
        if claim.name:
            body["b_nm"] = claim.name
        return body

    # --- HTTP ----------------------------------------------------------------------------------------

    def post(self, operation: str, body: dict) -> dict:
        """One call; the answer's JSON when `status_code` is OK, else the matching StatusError."""
        ratelimit.acquire(provider=self.name)
        try:
            response = self.session.post(
                f"{self.base_url}/{operation}", params={"serviceKey": self.service_key}, json=body,
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise RetryableStatusError(_("The status service could not be reached."), code="network") from error
        try:
            payload = response.json()
        except ValueError:
            payload = None
        detail = ""
        if isinstance(payload, dict):
            detail = str(payload.get("status_code") or payload.get("msg") or payload.get("code") or "")
        status = response.status_code
        failure = http_failure(status)
        if failure == CONFIGURATION:
            raise StatusConfigurationError(
                _("The tax office's API refused the request (HTTP %(status)s %(detail)s): check NTS_BASE_URL and "
                  "NTS_SERVICE_KEY.") % {"status": status, "detail": detail}, code=f"http_{status}",
            )
        if failure == REFUSED:
            raise PermanentStatusError(
                _("The tax office's API refused the request as malformed or too large (%(detail)s).")
                % {"detail": detail or status}, code=detail or f"http_{status}",
            )
        if failure is not None or not isinstance(payload, dict):
            raise RetryableStatusError(
                _("The tax office's API answered HTTP %(status)s %(detail)s.") % {"status": status, "detail": detail},
                code=detail or f"http_{status}",
            )
        if payload.get("status_code") != "OK":
            raise RetryableStatusError(
                _("The tax office's API answered %(detail)s.") % {"detail": detail}, code=detail or "not_ok"
            )
        return payload
