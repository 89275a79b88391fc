"""The NHN OCR client on API v1.1: User Access Key tokens, against the stand-in over a real loopback socket.

The stand-in is both the OCR service and NHN's token service (`nhn_standin_v11`, tests/fixtures_nhn.py). What is
counted is what NHN would see: token requests (`calls["token"]`), calls to the analysis (`calls["business"]`) and
the successful, paid ones (`billed["business"]`)."""

import base64
import json
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from documents import nhn_auth, services
from documents.kinds import Status
from documents.models import Document
from documents.ocr import OcrConfigurationError, PermanentOcrError, get_engine
from documents.ocr.nhn import NhnEngine
from tests.documents.test_nhn_client import Sleeps, certificate_png
from tests.documents.test_pipeline import READ, _image, _upload

CERTIFICATE = "business_certificate"


@pytest.fixture
def sleeps():
    return Sleeps()


def read(engine, seed: int = 0):
    return engine.read(kind=CERTIFICATE, content=certificate_png(width=640, height=905, seed=seed), filename="c.png")


def read_batch(engine, count: int) -> list:
    return [read(engine, seed) for seed in range(count)]


def bearer_tokens(standin) -> list[str]:
    """The tokens the analysis calls carried, in order."""
    return [r.authorization.removeprefix("Bearer ") for r in standin.requests if r.endpoint == "business"]


class Clock:
    """The client's clock, moved by the test; the stand-in keeps real time."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def token_auth(standin, *, clock) -> nhn_auth.UserAccessKeyToken:
    return nhn_auth.UserAccessKeyToken(
        oauth_url=standin.url, key_id=standin.user_access_key_id, secret=standin.secret_access_key, clock=clock
    )


# --- The protocol ------------------------------------------------------------------------------------


def test_v11_call_carries_a_bearer_token_from_the_token_service_and_no_secret_key(nhn_standin_v11, sleeps):
    reading = read(NhnEngine.from_settings(sleep=sleeps))

    token_request, call = nhn_standin_v11.requests
    assert token_request.endpoint == "token"
    assert token_request.path == "/oauth2/token/create"
    assert token_request.content_type == "application/x-www-form-urlencoded"
    key = f"{nhn_standin_v11.user_access_key_id}:{nhn_standin_v11.secret_access_key}"
    assert token_request.authorization == "Basic " + base64.b64encode(key.encode()).decode()
    assert call.path == f"/v1.1/appkeys/{nhn_standin_v11.app_key}/business"
    assert call.authorization.startswith("Bearer ") and len(call.authorization) > 40
    assert reading.get("registration_number") is not None
    assert nhn_standin_v11.billed["business"] == 1


def test_token_request_body_is_the_client_credentials_grant(nhn_standin_v11, monkeypatch):
    sent = []
    original = nhn_auth.requests.Session.post

    def spy(session, url, **kwargs):
        if url.endswith("/oauth2/token/create"):
            sent.append(kwargs["data"])
        return original(session, url, **kwargs)

    monkeypatch.setattr(nhn_auth.requests.Session, "post", spy)
    read(get_engine())

    assert sent == [{"grant_type": "client_credentials"}]


def test_v11_needs_no_secret_key_but_the_user_access_key(nhn_standin_v11, settings):
    settings.NHN_SECRET_ACCESS_KEY = ""

    with pytest.raises(OcrConfigurationError) as caught:
        get_engine()

    assert caught.value.code == "missing_credentials"
    assert "NHN_USER_ACCESS_KEY_ID" in caught.value.message and "NHN_SECRET_ACCESS_KEY" in caught.value.message
    assert "NHN_OCR_SECRET_KEY" not in caught.value.message
    assert sum(nhn_standin_v11.calls.values()) == 0


def test_an_unknown_api_version_is_a_configuration_error(nhn_standin_v11, settings):
    settings.NHN_OCR_API_VERSION = "v2.0"

    with pytest.raises(OcrConfigurationError) as caught:
        get_engine()

    assert "NHN_OCR_API_VERSION" in caught.value.message


# --- One token for many calls --------------------------------------------------------------------------


def test_a_batch_makes_one_token_request_and_one_paid_call_per_document(nhn_standin_v11, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps)

    readings = read_batch(engine, 6)

    assert all(r.get("registration_number") for r in readings)
    assert nhn_standin_v11.calls["token"] == 1
    assert nhn_standin_v11.calls["business"] == nhn_standin_v11.billed["business"] == 6
    assert len(set(bearer_tokens(nhn_standin_v11))) == 1


def test_one_token_request_per_token_lifetime_renewed_before_it_expires(nhn_standin_v11, sleeps):
    nhn_standin_v11.token_lifetime = 3600
    clock = Clock()
    engine = NhnEngine.from_settings(sleep=sleeps, auth=token_auth(nhn_standin_v11, clock=clock))

    for seed in range(10):  # a document every 1,000 s: 9,000 s in all, two and a half lifetimes
        read(engine, seed)
        clock.now += 1000

    # Renewed 300 s before each expiry: at 0, at 4,000 (3,300 had passed) and at 8,000 (7,300 had passed).
    assert nhn_standin_v11.calls["token"] == 3
    assert nhn_standin_v11.calls["business"] == nhn_standin_v11.billed["business"] == 10
    assert [r.answer for r in nhn_standin_v11.requests if r.endpoint == "business"] == ["success"] * 10


def test_a_short_lived_token_is_replaced_before_the_service_refuses_it(nhn_standin_v11, sleeps):
    nhn_standin_v11.token_lifetime = 1.0  # the console allows 60 s at the least; a second keeps the test short
    clock = Clock()
    engine = NhnEngine.from_settings(sleep=sleeps, auth=token_auth(nhn_standin_v11, clock=clock))

    read(engine, 0)
    clock.now += 0.95  # inside the last tenth of its lifetime: renewed before use
    read(engine, 1)

    assert nhn_standin_v11.calls["token"] == 2
    assert "4010006" not in [r.answer for r in nhn_standin_v11.requests]


def test_two_worker_processes_share_one_token_through_the_cache(nhn_standin_v11, sleeps):
    first_worker = NhnEngine.from_settings(sleep=sleeps)
    second_worker = NhnEngine.from_settings(sleep=sleeps)  # nothing shared with the first but Django's cache

    read(first_worker, 0)
    read(second_worker, 1)
    assert nhn_standin_v11.calls["token"] == 1
    assert len(set(bearer_tokens(nhn_standin_v11))) == 1

    cache.clear()  # the shared cache is what carried it: without it, the next call needs a token of its own
    read(second_worker, 2)
    assert nhn_standin_v11.calls["token"] == 2


def test_a_worker_that_finds_its_refused_token_already_replaced_uses_the_new_one(nhn_standin_v11, sleeps):
    first_worker, second_worker = NhnEngine.from_settings(sleep=sleeps), NhnEngine.from_settings(sleep=sleeps)
    read(first_worker, 0)
    stale = {"X-NHN-Authorization": f"Bearer {bearer_tokens(nhn_standin_v11)[-1]}"}
    nhn_standin_v11.expire_tokens()
    read(second_worker, 1)  # refused, renewed: the cache now holds a new token

    first_worker.auth.discard(stale)  # the first worker learns late that its old token was refused
    read(first_worker, 2)

    assert nhn_standin_v11.calls["token"] == 2  # it took the second worker's token instead of asking again


def test_workers_renewing_at_the_same_moment_make_one_token_request(nhn_standin_v11, sleeps):
    nhn_standin_v11.script(["sleep:0.3"], endpoint="token")  # a slow token service widens the race
    workers = [NhnEngine.from_settings(sleep=sleeps) for _ in range(4)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        readings = list(pool.map(lambda pair: read(*pair), zip(workers, range(4), strict=True)))

    assert all(r.fields for r in readings)
    assert nhn_standin_v11.calls["token"] == 1
    assert nhn_standin_v11.billed["business"] == 4


def test_while_another_worker_renews_the_old_token_is_used_until_it_expires(nhn_standin_v11, sleeps):
    nhn_standin_v11.token_lifetime = 3600
    clock = Clock()
    auth = token_auth(nhn_standin_v11, clock=clock)
    engine = NhnEngine.from_settings(sleep=sleeps, auth=auth)
    read(engine, 0)
    clock.now += 3400  # inside the last 300 s: due for renewal, still valid
    cache.add(auth.cache_key + ":renewing", True)  # another worker is renewing it right now

    read(engine, 1)

    assert nhn_standin_v11.calls["token"] == 1
    assert len(set(bearer_tokens(nhn_standin_v11))) == 1


# --- Refused tokens --------------------------------------------------------------------------------------


def test_a_token_that_expires_mid_batch_is_renewed_once_and_every_document_is_paid_once(nhn_standin_v11, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps)

    read_batch(engine, 2)
    nhn_standin_v11.expire_tokens()  # e.g. the key's tokens were rotated in the console
    for seed in range(2, 5):
        read(engine, seed)

    answers = [r.answer for r in nhn_standin_v11.requests if r.endpoint == "business"]
    assert answers == ["success", "success", "4010006", "success", "success", "success"]
    assert nhn_standin_v11.calls["token"] == 2
    assert nhn_standin_v11.billed["business"] == 5
    assert sleeps == []  # a renewed token is not a retry: no backoff


def test_a_token_refused_twice_is_a_configuration_error_after_one_renewal(nhn_standin_v11, sleeps):
    nhn_standin_v11.script(["4010006", "4010006", "success"])

    with pytest.raises(OcrConfigurationError) as caught:
        read(NhnEngine.from_settings(sleep=sleeps))

    assert caught.value.code == "4010006"
    assert nhn_standin_v11.calls["business"] == 2
    assert nhn_standin_v11.calls["token"] == 2
    assert sleeps == []


def test_permission_denied_is_a_configuration_error_naming_the_role(nhn_standin_v11, sleeps):
    nhn_standin_v11.script(["4010007"])

    with pytest.raises(OcrConfigurationError) as caught:
        read(NhnEngine.from_settings(sleep=sleeps))

    assert caught.value.code == "4010007"
    assert "role" in caught.value.message
    assert nhn_standin_v11.calls["business"] == 1


def test_password_protected_pdf_is_a_permanent_failure_on_v11_too(nhn_standin_v11, sleeps):
    nhn_standin_v11.script(["4000103"])

    with pytest.raises(PermanentOcrError) as caught:
        read(NhnEngine.from_settings(sleep=sleeps))

    assert caught.value.code == "4000103"
    assert "password-protected" in caught.value.message


# --- The token service failing ---------------------------------------------------------------------------


def test_token_request_refused_with_401_is_a_credential_error_without_any_analysis_call(nhn_standin_v11, sleeps):
    nhn_standin_v11.script(["http:401"], endpoint="token")

    with pytest.raises(OcrConfigurationError) as caught:
        read(NhnEngine.from_settings(sleep=sleeps))

    assert caught.value.code == "token_http_401"
    assert "NHN_USER_ACCESS_KEY_ID" in caught.value.message
    assert nhn_standin_v11.calls["token"] == 1
    assert nhn_standin_v11.calls["business"] == 0
    assert sleeps == []


def test_wrong_secret_access_key_is_refused_by_the_token_service(nhn_standin_v11, sleeps, settings):
    settings.NHN_SECRET_ACCESS_KEY = "not-the-secret"

    with pytest.raises(OcrConfigurationError) as caught:
        read(NhnEngine.from_settings(sleep=sleeps))

    assert caught.value.code == "token_http_401"
    assert "not-the-secret" not in caught.value.message


@pytest.mark.parametrize("answer", ["http:503", "drop"])
def test_token_service_outage_is_retried_with_backoff(nhn_standin_v11, sleeps, answer):
    nhn_standin_v11.script([answer], endpoint="token")

    reading = read(NhnEngine.from_settings(sleep=sleeps))

    assert reading.fields
    assert nhn_standin_v11.calls["token"] == 2
    assert nhn_standin_v11.billed["business"] == 1
    assert len(sleeps) == 1


# --- Through the pipeline: the credential hold, no storm ----------------------------------------------------


pipeline = pytest.mark.django_db


def _process(seed: int) -> Document:
    document = _upload(_image(seed))
    services.document_process(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


@pipeline
def test_token_401_fails_documents_through_the_credential_hold_without_a_storm(nhn_standin_v11):
    nhn_standin_v11.script(["http:401"] * 10, endpoint="token")

    documents = [_process(seed) for seed in range(3)]

    assert [d.status for d in documents] == [Status.FAILED] * 3
    assert documents[0].error_code == "config:token_http_401"
    assert [d.error_code for d in documents[1:]] == ["config:held:token_http_401"] * 2
    assert nhn_standin_v11.calls["token"] == 1  # the hold stopped the others before any request
    assert nhn_standin_v11.calls["business"] == 0


@pipeline
def test_a_key_revoked_mid_batch_stops_the_batch_after_one_refusal(nhn_standin_v11):
    read_ones = [_process(seed) for seed in range(2)]
    nhn_standin_v11.revoke_key()  # the User Access Key deleted in the console: its token and the key refused

    failed = [_process(seed) for seed in range(2, 5)]

    assert all(d.status in READ for d in read_ones)
    assert [d.status for d in failed] == [Status.FAILED] * 3
    assert failed[0].error_code == "config:token_http_401"
    assert nhn_standin_v11.calls["business"] == 3  # the refused call (4010006), then nothing during the hold
    assert nhn_standin_v11.calls["token"] == 2  # the first token, then the refused renewal
    assert nhn_standin_v11.billed["business"] == 2


@pipeline
def test_the_credential_hold_belongs_to_the_user_access_key(nhn_standin_v11, settings):
    nhn_standin_v11.script(["http:401"], endpoint="token")
    assert _process(0).error_code == "config:token_http_401"

    settings.NHN_SECRET_ACCESS_KEY = nhn_standin_v11.secret_access_key + "-reissued"  # a new key, workers restarted
    nhn_standin_v11.secret_access_key = settings.NHN_SECRET_ACCESS_KEY

    assert _process(1).status in READ  # not held: the hold was for the old key
    assert nhn_standin_v11.calls["token"] == 2


# --- Secrets stay secret -----------------------------------------------------------------------------------


@pipeline
def test_tokens_and_keys_are_never_logged_nor_stored(nhn_standin_v11, caplog):
    caplog.set_level(logging.DEBUG)
    first = _process(0)
    nhn_standin_v11.expire_tokens()
    second = _process(1)  # a refused token and a renewal on the way

    tokens = set(bearer_tokens(nhn_standin_v11))
    assert len(tokens) == 2
    stored = json.dumps([first.extraction.raw, second.extraction.raw], ensure_ascii=False)
    for secret in [*tokens, nhn_standin_v11.secret_access_key]:
        assert secret not in caplog.text
        assert secret not in stored
    assert "new User Access Key token" in caplog.text  # the renewals are logged, without the token
