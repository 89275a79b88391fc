"""Signed webhooks, delivered by a real Celery worker to a real HTTP receiver on loopback."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from documents.kinds import Status
from partners import webhooks
from partners.models import WebhookDelivery, WebhookEndpoint

from .conftest import make_partner, read_document


class Receiver:
    """A partner's webhook receiver: checks the signature the way our docs tell partners to, answers with the
    scripted status codes (then 200), and keeps what it accepted."""

    def __init__(self, statuses=()):
        self.secret = ""
        self.statuses = list(statuses)
        self.accepted: list[dict] = []
        self.refused: list[str] = []
        self.hits = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.hits += 1
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if not receiver.signature_ok(self.headers.get("X-Intake-Signature", ""), body):
                    receiver.refused.append(self.headers.get("X-Intake-Signature", ""))
                    status = 400
                elif status == 200:
                    receiver.accepted.append(json.loads(body))
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"nope")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def signature_ok(self, header: str, body: bytes) -> bool:
        parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
        if "t" not in parts or abs(time.time() - int(parts["t"])) > 300:  # a replay of an old delivery
            return False
        expected = hmac.new(self.secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts.get("v1", ""))

    def wait_for(self, predicate, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError("timed out waiting for the receiver")


@pytest.fixture(autouse=True)
def _loopback_receivers_allowed(settings):
    """The receivers here listen on http://127.0.0.1, which partners may not use (test_hardening.py)."""
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_DELAYS = (0.05, 0.05, 0.05, 0.05)
    settings.WEBHOOK_TIMEOUT = 2.0


def _subscribe(client, url: str) -> dict:
    response = client.post("/api/v1/webhooks/", {"url": url, "events": []}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _delivery_finished(endpoint_id: int):
    return lambda: not WebhookDelivery.objects.filter(endpoint_id=endpoint_id, state="pending").exists()


@pytest.mark.django_db(transaction=True)
def test_event_is_posted_signed_and_the_receiver_verifies_it(receiver, celery_worker_thread, fast_retries):
    client = make_partner("Hooked")
    endpoint = _subscribe(client, receiver.url)
    receiver.secret = endpoint["secret"]
    document = read_document(
        partner=client.partner, seed=1, status=Status.APPROVED,
        categories=[("정보통신업", "응용 소프트웨어 개발"), ("도매 및 소매업", "전자상거래")],
    )

    webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document)

    receiver.wait_for(lambda: receiver.accepted)
    (event,) = receiver.accepted
    assert event["type"] == "document.approved"
    assert event["data"]["document"] == {
        "id": document.pk, "kind": document.kind, "status": "approved", "error": None,
        "business_categories": [
            {"type": "정보통신업", "item": "응용 소프트웨어 개발", "main": True},
            {"type": "도매 및 소매업", "item": "전자상거래", "main": False},
        ],
        "url": f"/api/v1/documents/{document.pk}/",
    }
    assert receiver.refused == []
    receiver.wait_for(_delivery_finished(endpoint["id"]))
    log = client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries/").json()["results"]
    assert log[0]["state"] == "succeeded" and log[0]["id"] == event["id"]
    assert [(a["number"], a["response_status"], a["succeeded"]) for a in log[0]["attempt_log"]] == [(1, 200, True)]


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_gets_the_event_again_and_each_attempt_is_logged(
    receiver, celery_worker_thread, fast_retries
):
    client = make_partner("Flaky")
    endpoint = _subscribe(client, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.statuses = [500, 503]
    document = read_document(partner=client.partner, seed=2, status=Status.FAILED)

    webhooks.emit(event=webhooks.DOCUMENT_FAILED, document=document)

    receiver.wait_for(lambda: receiver.accepted)
    receiver.wait_for(_delivery_finished(endpoint["id"]))
    assert receiver.hits == 3
    (log,) = client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries/").json()["results"]
    assert log["state"] == "succeeded" and log["attempts"] == 3
    assert [a["response_status"] for a in log["attempt_log"]] == [500, 503, 200]
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).consecutive_failures == 0  # a success resets the count


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_that_keeps_failing_is_disabled_and_the_partner_told(
    receiver, celery_worker_thread, fast_retries, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    client = make_partner("Broken", email="ops@broken.example")
    endpoint = _subscribe(client, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.statuses = [503] * 50
    document = read_document(partner=client.partner, seed=3, status=Status.APPROVED)

    webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document)

    receiver.wait_for(lambda: not WebhookEndpoint.objects.get(pk=endpoint["id"]).is_active)
    receiver.wait_for(_delivery_finished(endpoint["id"]))
    assert receiver.hits == 3
    shown = client.get(f"/api/v1/webhooks/{endpoint['id']}/").json()
    assert shown["is_active"] is False and shown["disabled_at"] and "3" in shown["disabled_reason"]
    (message,) = mail.outbox
    assert message.to == ["ops@broken.example"] and receiver.url in message.body
    assert webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document) == []  # nothing more is sent

    enabled = client.post(f"/api/v1/webhooks/{endpoint['id']}/enable/")
    assert enabled.status_code == 200 and enabled.json()["is_active"] is True


@pytest.mark.django_db
def test_a_delivery_is_given_up_after_the_retry_window(receiver, settings):
    settings.WEBHOOK_RETRY_DELAYS = (0, 0)
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 100
    client = make_partner("Down")
    endpoint = _subscribe(client, receiver.url)
    receiver.secret = endpoint["secret"]
    receiver.statuses = [500] * 10
    document = read_document(partner=client.partner, seed=4, status=Status.REJECTED)
    (delivery,) = webhooks.emit(event=webhooks.DOCUMENT_REJECTED, document=document)

    for _ in range(5):  # what the queued retries would do, run here one after another
        webhooks.delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempts == 3 and receiver.hits == 3


def test_signature_is_over_timestamp_and_body_and_refuses_old_or_altered_messages():
    header = webhooks.sign(secret="s3cret", timestamp=1_700_000_000, body=b'{"a":1}')

    assert webhooks.verify(secret="s3cret", header=header, body=b'{"a":1}', now=1_700_000_010)
    assert not webhooks.verify(secret="s3cret", header=header, body=b'{"a":2}', now=1_700_000_010)
    assert not webhooks.verify(secret="other", header=header, body=b'{"a":1}', now=1_700_000_010)
    assert not webhooks.verify(secret="s3cret", header=header, body=b'{"a":1}', now=1_700_000_000 + 3600)
