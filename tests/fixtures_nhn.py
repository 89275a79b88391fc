"""Fixtures for the NHN OCR stand-in (see standins/nhn_ocr.py for the protocol it speaks and what it answers).

`nhn_standin` starts the stand-in on a free loopback port in a background thread, points the product at it
(`settings.OCR_ENGINE = "nhn"`, API v1.0, `NHN_OCR_BASE_URL`, `NHN_OCR_APP_KEY`, `NHN_OCR_SECRET_KEY`, a 5 s timeout,
4 attempts and millisecond backoff), yields the server and stops it after the test. `nhn_standin_v11` is the same
server with the product on API v1.1 (`NHN_OAUTH_URL` the stand-in too, its User Access Key, an empty token cache).
On the server:

* `nhn_standin.url`: its base URL; `nhn_standin.app_key`, `nhn_standin.secret_key`: the credentials it takes.
* `nhn_standin.script(["4000006", "success"])`: the next answers, in order, then the normal answer again.
  Entries: `"success"`, a resultCode (`"4000002"`, `"-1"`, `"5000001"`, ...), `"http:502"`, `"not-json"`,
  `"drop"`, `"sleep:1.5"`; `script([...], endpoint="credit-card")` limits them to one endpoint.
* `nhn_standin.calls["business"]` / `["credit-card"]` / `["business/status"]`: calls received (0 when none).
* `nhn_standin.requests`: what each call carried (`Recorded`: path, authorization, filename, file_size, ...).
* `nhn_standin.calls["token"]`, `nhn_standin.billed["business"]` (successful, paid analyses),
  `nhn_standin.expire_tokens()`, `nhn_standin.revoke_key()`, `nhn_standin.token_lifetime = 60`.
* `nhn_standin.latency = 2.0`: delay every answer; `nhn_standin.statuses["1168200276"] = "06"`: the status
  endpoint's answer for a number.
Its normal answer is a realistic certificate or card chosen by the image's sha256; an image of one flat
colour reads as an empty certificate and as "no card found" (4000111).
"""

import pytest
from django.core.cache import cache

from standins.nhn_ocr import NhnOcrStandin


@pytest.fixture
def nhn_standin(settings):
    server = NhnOcrStandin(
        app_key="test-app-key",
        secret_key="test-secret-key",
        user_access_key_id="test-user-access-key-id",
        secret_access_key="test-secret-access-key",
    ).start()
    settings.OCR_ENGINE = "nhn"
    settings.NHN_OCR_API_VERSION = "v1.0"
    settings.NHN_OCR_BASE_URL = server.url
    settings.NHN_OCR_APP_KEY = server.app_key
    settings.NHN_OCR_SECRET_KEY = server.secret_key
    settings.NHN_OCR_TIMEOUT = 5.0
    settings.NHN_OCR_MAX_ATTEMPTS = 4
    settings.NHN_OCR_BACKOFF_BASE = 0.001
    settings.NHN_OCR_BACKOFF_MAX = 0.01
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def nhn_standin_v11(nhn_standin, settings):
    settings.NHN_OCR_API_VERSION = "v1.1"
    settings.NHN_OAUTH_URL = nhn_standin.url
    settings.NHN_USER_ACCESS_KEY_ID = nhn_standin.user_access_key_id
    settings.NHN_SECRET_ACCESS_KEY = nhn_standin.secret_access_key
    settings.NHN_OCR_SECRET_KEY = ""  # v1.1 needs none; a request that still sent it would be refused
    cache.clear()  # no token from an earlier test
    yield nhn_standin
    cache.clear()
