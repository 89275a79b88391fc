"""The uploader hears what became of their document: an e-mail (after commit, through Django's mail settings) and
a row in their list with an unread count in the header; each can be turned off; partner uploads tell nobody."""

import datetime as dt
import logging
import random
import socket

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from documents import services as document_services
from documents.kinds import Status
from documents.models import Document
from notifications.models import Notification
from partners import services as partner_services
from reviews import services as review_services
from reviews.models import ReviewTask
from tests.factories import DocumentFactory, UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _eager():
    """The e-mail task runs where it is queued (CELERY_TASK_ALWAYS_EAGER), after the decision commits."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def uploader():
    return UserFactory(roles=["uploader"], email="alice@example.com")


def waiting(uploader, seed=1, **kwargs):
    document = read_document(values=certificate_values(seed=seed), confidence={"company_name": 0.5},
                             uploader=uploader, **kwargs)
    review_services.document_route(document=document, rng=random.Random(0))
    return document


def decide(document, *, approve=True):
    task = ReviewTask.objects.get(document=document)
    reviewer = UserFactory(roles=["reviewer"])
    if approve:
        review_services.task_approve(task=task, user=reviewer)
    else:
        review_services.task_reject(task=task, user=reviewer, reason="illegible")


def header_count(client) -> str:
    page = client.get(reverse("documents:list")).content.decode()
    if 'id="unread-count"' not in page:
        return ""
    return page.split('id="unread-count"', 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_an_approval_and_a_rejection_are_mailed_and_listed_with_an_unread_count(
    client, uploader, django_capture_on_commit_callbacks
):
    approved, rejected = waiting(uploader, seed=1), waiting(uploader, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        decide(approved)
        decide(rejected, approve=False)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@example.com"], f"Document #{approved.pk} approved"),
        (["alice@example.com"], f"Document #{rejected.pk} rejected"),
    ]
    assert f"/documents/{approved.pk}/" in mail.outbox[0].body and "/notifications/settings/" in mail.outbox[0].body
    client.force_login(uploader)
    assert header_count(client) == "2"
    listed = client.get(reverse("notifications:list")).content.decode()
    assert f"#{approved.pk}" in listed and "rejected" in listed

    client.post(reverse("notifications:read", args=[Notification.objects.get(document=approved).pk]))
    assert header_count(client) == "1"
    client.post(reverse("notifications:read_all"))
    assert header_count(client) == ""


def test_an_erased_document_leaves_no_notification_behind(client, uploader, django_capture_on_commit_callbacks):
    from documents import erasure

    document = waiting(uploader)
    with django_capture_on_commit_callbacks(execute=True):
        decide(document)
    client.force_login(uploader)
    assert header_count(client) == "1"

    erasure.document_erase(document=document, user=UserFactory(roles=["admin"]))

    assert not Notification.objects.filter(document=document).exists()
    assert header_count(client) == ""
    assert f"#{document.pk}" not in client.get(reverse("notifications:list")).content.decode()


def test_a_failure_is_told_with_its_reason(uploader, django_capture_on_commit_callbacks, settings):
    document = DocumentFactory(uploader=uploader, status=Status.PROCESSING)  # a worker died reading it
    Document.objects.filter(pk=document.pk).update(
        attempts=settings.MAX_PROCESSING_ATTEMPTS, processing_started_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        document_services.documents_requeue_stuck()  # beat's sweep gives up on it

    assert Document.objects.get(pk=document.pk).status == Status.FAILED
    assert mail.outbox[0].subject == f"Document #{document.pk} could not be read"
    assert "press Retry" in mail.outbox[0].body
    assert Notification.objects.get(document=document).event == Notification.Event.FAILED


def test_opting_out_of_e_mail_keeps_the_list_and_opting_out_of_both_keeps_nothing(
    client, uploader, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    client.post(reverse("notifications:settings"), {"in_app": "on"})  # e-mail unticked
    with django_capture_on_commit_callbacks(execute=True):
        decide(waiting(uploader, seed=1))
    assert mail.outbox == [] and header_count(client) == "1"

    client.post(reverse("notifications:settings"), {})
    with django_capture_on_commit_callbacks(execute=True):
        decide(waiting(uploader, seed=2))
    assert mail.outbox == [] and Notification.objects.count() == 1


def test_a_partner_upload_tells_nobody(django_capture_on_commit_callbacks):
    partner = partner_services.partner_create(name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        decide(waiting(None, partner=partner))
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_mail_server_that_is_down_is_logged_and_the_decision_stands(
    uploader, django_capture_on_commit_callbacks, settings, caplog
):
    with socket.socket() as probe:  # a port on this machine where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    document = waiting(uploader)
    with caplog.at_level(logging.ERROR, logger="notifications.services"), \
            django_capture_on_commit_callbacks(execute=True):
        decide(document)

    assert Document.objects.get(pk=document.pk).status == Status.APPROVED
    assert Notification.objects.filter(document=document).exists()
    assert f"Could not e-mail user {uploader.pk} about document {document.pk}" in caplog.text
