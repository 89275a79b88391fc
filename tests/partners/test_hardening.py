"""Webhook URLs that would make us call into our own network, erased documents on the staff pages, and
idempotency records that would otherwise be kept forever."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from config.celery import app as celery_app
from documents.kinds import Status
from partners import services, tasks, webhooks
from partners.models import IdempotencyRecord, WebhookEndpoint

from .conftest import png, read_document

pytestmark = pytest.mark.django_db


def _refused(response) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    [message] = error["details"]["url"]
    assert message in error["message"]
    return message


# --- Webhook URLs -----------------------------------------------------------------------------------------


def test_a_webhook_url_must_be_https(partner_a):
    message = _refused(partner_a.post("/api/v1/webhooks/", {"url": "http://hooks.partner.example/in"}, format="json"))
    assert message == "Webhook URLs must use https."
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url, address", [
    ("https://127.0.0.1/hook", "127.0.0.1"),
    ("https://localhost:8443/hook", "127.0.0.1"),  # a name is judged by what it resolves to
    ("https://10.1.2.3/hook", "10.1.2.3"),
    ("https://192.168.0.10/hook", "192.168.0.10"),
    ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),  # the cloud metadata service
    ("https://[::1]/hook", "::1"),
    ("https://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1"),
    ("https://0.0.0.0/hook", "0.0.0.0"),
])
def test_a_webhook_url_into_a_private_network_is_refused(partner_a, url, address):
    message = _refused(partner_a.post("/api/v1/webhooks/", {"url": url}, format="json"))
    assert "must point to a public address" in message and address in message
    assert not WebhookEndpoint.objects.exists()


def test_a_public_https_url_is_accepted(partner_a):
    response = partner_a.post("/api/v1/webhooks/", {"url": "https://93.184.215.14/hooks/intake"}, format="json")
    assert response.status_code == 201, response.content


def test_the_setting_lets_development_use_loopback_and_http(partner_a, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    response = partner_a.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9000/hook"}, format="json")
    assert response.status_code == 201, response.content


class CountingReceiver:
    """Counts every connection made to it, whatever comes over it (our https POST to a plain socket too)."""

    def __init__(self):
        self.hits = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def handle(self):
                receiver.hits += 1
                super().handle()

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"https://localhost:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_delivery_to_an_address_that_became_private_is_not_sent(partner_a, settings):
    """A name accepted when it pointed elsewhere (here: made while the setting was on) is checked again at every
    attempt, so a webhook can never be turned into a request into our own network."""
    receiver = CountingReceiver()
    try:
        settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
        endpoint = services.webhook_endpoint_create(partner=partner_a.partner, url=receiver.url, events=[])
        settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
        document = read_document(partner=partner_a.partner, seed=1, status=Status.APPROVED)
        [delivery] = webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document)

        attempt = webhooks.delivery_attempt(delivery_id=delivery.pk)
    finally:
        receiver.close()

    assert receiver.hits == 0
    assert not attempt.succeeded and "must point to a public address" in attempt.error
    shown = partner_a.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"][0]
    assert "public address" in shown["attempt_log"][0]["error"]  # the partner sees why


# --- Erased documents on the staff pages -------------------------------------------------------------------


def test_erased_documents_do_not_appear_on_the_staff_document_list(partner_a):
    staff = get_user_model().objects.create_user("staff", password="pw", is_staff=True)
    kept = read_document(partner=partner_a.partner, seed=2, status=Status.APPROVED)
    erased = read_document(partner=partner_a.partner, seed=3, status=Status.APPROVED)
    assert partner_a.delete(f"/api/v1/documents/{erased.pk}/").status_code == 204
    client = Client()
    client.force_login(staff)

    page = client.get("/").content.decode()

    assert f"/documents/{kept.pk}/" in page
    assert f"/documents/{erased.pk}/" not in page
    assert client.get(f"/documents/{erased.pk}/").status_code == 404


# --- Idempotency records -------------------------------------------------------------------------------------


def test_idempotency_records_older_than_a_day_are_purged_and_the_key_is_free_again(partner_a):
    first = partner_a.upload(png(10), **{"Idempotency-Key": "old-key"})
    partner_a.upload(png(11), **{"Idempotency-Key": "fresh-key"})
    IdempotencyRecord.objects.filter(key="old-key").update(created_at=timezone.now() - dt.timedelta(hours=25))
    IdempotencyRecord.objects.filter(key="fresh-key").update(created_at=timezone.now() - dt.timedelta(hours=23))

    tasks.purge_idempotency_records()

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh-key"]
    again = partner_a.upload(png(12), **{"Idempotency-Key": "old-key"})  # another file: fine now, a new request
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]
    replay = partner_a.upload(png(11), **{"Idempotency-Key": "fresh-key"})
    assert replay["Idempotent-Replayed"] == "true"  # the fresh one still answers retries


def test_the_purge_runs_daily_from_celery_beat():
    [entry] = [e for e in django_settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "partners.tasks.purge_idempotency_records"]
    assert entry["schedule"] == 86400.0
    assert entry["task"] in celery_app.tasks
