"""How this product proves who it is to NHN Cloud Document OCR: one module for the OCR engine and the status provider.

* API v1.0: the app key in the path and the secret key as the raw `Authorization` header.
* API v1.1 (2026-03-10): the same operations under `/v1.1/`, with `X-NHN-Authorization: Bearer {token}`. The token
  is a User Access Key token: `POST {NHN_OAUTH_URL}/oauth2/token/create`, HTTP Basic auth with the User Access Key
  ID and Secret Access Key, form body `grant_type=client_credentials`; the answer is `{"access_token",
  "token_type": "Bearer", "expires_in"}` (seconds; 86,400 by default, 60 at the least, set per key in NHN's
  console; the guide types it as a string, the example as a number).

The token is kept in Django's cache, so every call of a worker, and every worker sharing the cache (`CACHE_URL`),
uses the same one, and it is replaced a little before it expires, by one worker at a time (the others keep using
the old one meanwhile). When the service refuses a token it issued
(`4010006`: revoked, or the key changed), `authorised()` drops it and asks once more with a new one, never more.
A token request refused with HTTP 401 (or 400/403/404/405: a wrong key, grant or address) is a credential problem
(`CredentialsRefused`); a network failure or a 5xx is transient (`TokenUnavailable`). Each caller turns these into
its own error family. Tokens and keys are never logged; the cache holds the token (it is a bearer credential: the
cache must be as private as the database) under a hash of the credentials, never the keys.

v2.0/v2.1 (encrypted card and ID data) would add a key exchange beside the token, not replace it: `version` and
`headers()` are where a later client would plug it in.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Protocol

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .errors import ApplicationError

logger = logging.getLogger(__name__)

API_VERSIONS = ("v1.0", "v1.1")
INVALID_TOKEN = 4010006
TOKEN_PATH = "/oauth2/token/create"
# Replace a token this long before it expires (a tenth of its lifetime for short ones), so that no call is sent
# with a token that runs out while the file is still uploading.
REFRESH_MARGIN_SECONDS = 300.0
_MARGIN_SHARE = 0.1
_WAIT_STEP_SECONDS = 0.05


class NhnAuthError(ApplicationError):
    """A token could not be had. `message` is for operators; it never carries a key or a token."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)


class CredentialsRefused(NhnAuthError):
    """The token service refused the User Access Key (or our request): every further request would fail too."""


class TokenUnavailable(NhnAuthError):
    """The token service could not answer this time (network, timeout, 5xx, an answer we cannot read)."""


class CredentialsMissing(NhnAuthError):
    """Settings are empty: `names` are every setting the configured API version needs."""

    def __init__(self, *, version: str, names: list[str]) -> None:
        super().__init__(", ".join(names), code="missing_credentials")
        self.version = version
        self.names = names


class NhnAuth(Protocol):
    version: str  # the path segment: "v1.0" or "v1.1"
    renewable: bool  # whether a refused credential can be replaced by asking again

    def headers(self) -> dict[str, str]: ...

    def discard(self, headers: dict[str, str]) -> None: ...


class SecretKey:
    """API v1.0: the console's secret key, sent as is (no scheme word)."""

    version = "v1.0"
    renewable = False

    def __init__(self, secret_key: str) -> None:
        self._secret_key = secret_key

    def headers(self) -> dict[str, str]:
        return {"Authorization": self._secret_key}

    def discard(self, headers: dict[str, str]) -> None:
        pass  # nothing to renew: a refused secret key stays refused


class UserAccessKeyToken:
    """API v1.1: a User Access Key token, shared through Django's cache and renewed before it expires."""

    version = "v1.1"
    renewable = True

    def __init__(
        self,
        *,
        oauth_url: str,
        key_id: str,
        secret: str,
        timeout: float = 30.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.oauth_url = oauth_url.rstrip("/")
        self._key_id = key_id
        self._secret = secret
        self.timeout = timeout
        self.session = session or requests.Session()
        self.clock = clock
        # Who we are, hashed: the cache never holds a key, and another key (or auth server) gets its own token.
        identity = "\n".join([self.oauth_url, key_id, secret]).encode()
        self.cache_key = "nhn-ocr-token:" + hashlib.sha256(identity).hexdigest()[:32]

    def headers(self) -> dict[str, str]:
        return {"X-NHN-Authorization": f"Bearer {self._token()}"}

    def discard(self, headers: dict[str, str]) -> None:
        """The service refused this token before we expected: forget it, unless another worker already replaced
        it (then its new token is used and no request is made)."""
        refused = headers.get("X-NHN-Authorization", "").removeprefix("Bearer ")
        cached = cache.get(self.cache_key)
        if isinstance(cached, dict) and cached.get("token") == refused:
            cache.delete(self.cache_key)

    def _token(self) -> str:
        cached = self._cached()
        now = self.clock()
        if cached and now < cached["renew_at"]:
            return cached["token"]
        # One worker renews; the others go on with the old token while it is still valid, or wait a moment for the
        # new one, instead of every process asking at the same instant.
        # requests applies the timeout to connecting and to reading separately: a renewal can take twice as long.
        window = 2 * self.timeout
        if cache.add(self._renewing_key, True, timeout=max(1, int(window) + 1)):
            try:
                return self._renew()
            finally:
                cache.delete(self._renewing_key)
        if cached and now < cached["expires_at"]:
            return cached["token"]
        deadline = time.monotonic() + window
        while time.monotonic() < deadline:
            time.sleep(_WAIT_STEP_SECONDS)
            cached = self._cached()
            if cached and self.clock() < cached["renew_at"]:
                return cached["token"]
            if cache.get(self._renewing_key) is None:
                break  # it finished without a token (refused, unreachable): see for ourselves, without waiting on
        return self._renew()  # or the renewing worker died: ask ourselves

    @property
    def _renewing_key(self) -> str:
        return self.cache_key + ":renewing"

    def _cached(self) -> dict | None:
        cached = cache.get(self.cache_key)
        if isinstance(cached, dict) and {"token", "renew_at", "expires_at"} <= cached.keys():
            return cached
        return None

    def _renew(self) -> str:
        token, lifetime = self._request()
        now = self.clock()
        margin = min(REFRESH_MARGIN_SECONDS, lifetime * _MARGIN_SHARE)
        entry = {"token": token, "renew_at": now + lifetime - margin, "expires_at": now + lifetime}
        # The cache forgets it by itself when it expires (at least a second: Redis counts whole seconds).
        cache.set(self.cache_key, entry, timeout=max(1.0, lifetime))
        logger.info("NHN OCR: new User Access Key token, valid for %ds", lifetime)
        return token

    def _request(self) -> tuple[str, float]:
        try:
            response = self.session.post(
                self.oauth_url + TOKEN_PATH,
                data={"grant_type": "client_credentials"},
                auth=(self._key_id, self._secret),
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise TokenUnavailable(_("The NHN token service did not answer in time."), code="token_timeout") from None
        except requests.RequestException as error:
            logger.info("NHN OCR: token service network error: %s", type(error).__name__)
            raise TokenUnavailable(_("The NHN token service could not be reached."), code="token_network") from None
        status = response.status_code
        if status in (400, 401, 403, 404, 405):
            raise CredentialsRefused(
                _(
                    "The NHN token service refused our User Access Key (HTTP %(status)d). An operator must check "
                    "NHN_USER_ACCESS_KEY_ID, NHN_SECRET_ACCESS_KEY and NHN_OAUTH_URL."
                )
                % {"status": status},
                code=f"token_http_{status}",
            )
        if status != 200:
            raise TokenUnavailable(
                _("The NHN token service is unavailable (HTTP %(status)d).") % {"status": status},
                code=f"token_http_{status}",
            )
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in") or 86_400)  # a string in the guide's table, a number in its example
        except (ValueError, TypeError, KeyError, AttributeError):
            raise TokenUnavailable(
                _("The NHN token service gave an answer that could not be understood."), code="token_bad_answer"
            ) from None
        if not token or lifetime <= 0:
            raise TokenUnavailable(
                _("The NHN token service gave an answer that could not be understood."), code="token_bad_answer"
            )
        return token, lifetime


def authorised(auth: NhnAuth, send: Callable[[dict[str, str]], requests.Response]) -> requests.Response:
    """`send(headers)` with our credentials; with a token the service refuses (`4010006`), once more with a new one.

    A second refusal is returned as it is: a token issued a moment ago and refused is not a matter of time."""
    headers = auth.headers()
    response = send(headers)
    if auth.renewable and _refuses_token(response):
        logger.info("NHN OCR: the service refused our token (%s); asking once with a new one", INVALID_TOKEN)
        auth.discard(headers)
        response = send(auth.headers())
    return response


def _refuses_token(response: requests.Response) -> bool:
    if response.status_code != 200:
        return False
    try:
        return int(response.json()["header"]["resultCode"]) == INVALID_TOKEN
    except (ValueError, TypeError, KeyError, AttributeError):
        return False


def required_settings(version: str) -> list[str]:
    """The settings an API version needs, by name."""
    if version == "v1.1":
        return ["NHN_OCR_APP_KEY", "NHN_USER_ACCESS_KEY_ID", "NHN_SECRET_ACCESS_KEY"]
    return ["NHN_OCR_APP_KEY", "NHN_OCR_SECRET_KEY"]


def configured() -> bool:
    """Whether the settings hold every credential the configured API version needs."""
    return all(getattr(settings, name, "") for name in required_settings(settings.NHN_OCR_API_VERSION))


def from_settings(*, timeout: float, session: requests.Session | None = None) -> NhnAuth:
    """The credentials `NHN_OCR_API_VERSION` says to use. Raises CredentialsMissing when any is empty."""
    version = settings.NHN_OCR_API_VERSION
    if version not in API_VERSIONS:
        raise CredentialsMissing(version=version, names=["NHN_OCR_API_VERSION (v1.0 or v1.1)"])
    if not configured():
        raise CredentialsMissing(version=version, names=required_settings(version))
    if version == "v1.1":
        return UserAccessKeyToken(
            oauth_url=settings.NHN_OAUTH_URL,
            key_id=settings.NHN_USER_ACCESS_KEY_ID,
            secret=settings.NHN_SECRET_ACCESS_KEY,
            timeout=timeout,
            session=session,
        )
    return SecretKey(settings.NHN_OCR_SECRET_KEY)


def identity() -> list[str]:
    """What names the configured credentials (for the credential hold's hash; never stored as such)."""
    version = settings.NHN_OCR_API_VERSION
    if version == "v1.1":
        return [version, settings.NHN_OAUTH_URL, settings.NHN_USER_ACCESS_KEY_ID, settings.NHN_SECRET_ACCESS_KEY]
    return [version, settings.NHN_OCR_SECRET_KEY]
