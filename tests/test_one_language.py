"""One language at a time: what a page or an answer says is all in its reader's language. Reject reasons are
looked up when shown, failures are stored in the source language and translated when shown, the audit trail's
sub-lines too; the partner API answers in English unless Accept-Language asks for Korean."""

import ast
import datetime as dt
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from documents import failures
from documents import services as document_services
from documents.audit import Action, record, record_status
from documents.kinds import Status
from documents.models import Document
from reviews import services as review_services
from reviews.models import ReviewTask
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db

DISPUTED = "The tax office's records do not match this certificate (suspected forgery or misreading)."
INTERRUPTED = "Interrupted while the OCR service was reading it; Retry calls the service again."


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def korean(text: str) -> str:
    with translation.override("ko"):
        return translation.gettext(text)


def test_the_english_review_screen_lists_the_reject_reasons_in_english_and_the_korean_one_in_korean(client):
    document = read_document(values=certificate_values(seed=1), confidence={"company_name": 0.5})
    review_services.document_route(document=document, rng=random.Random(0))
    task = ReviewTask.objects.get(document=document)
    client.force_login(UserFactory(roles=["reviewer"]))
    client.post(reverse("reviews:claim", args=[task.pk]))
    page = reverse("reviews:review", args=[task.pk])

    english = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hangul = client.get(page, HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "Illegible or incomplete image" in english and korean("Illegible or incomplete image") not in english
    assert korean("Illegible or incomplete image") in hangul and "Illegible or incomplete image" not in hangul


def interrupted(settings, **kwargs) -> Document:
    """A document whose worker died while reading it, picked up by a worker whose language is Korean."""
    settings.OCR_REREAD_AFTER_CRASH = False
    document = read_document(**kwargs)
    document.extraction.delete()
    Document.objects.filter(pk=document.pk).update(
        attempts=1, processing_started_at=timezone.now() - dt.timedelta(hours=1)
    )
    with translation.override("ko"):
        document_services.document_process(document_id=document.pk)
    document.refresh_from_db()
    return document


def test_a_failure_is_stored_as_its_code_in_the_source_language_and_read_in_the_readers(client, settings):
    uploader = UserFactory()
    document = interrupted(settings, uploader=uploader)
    assert (document.status, document.error_code, document.error_message) == (Status.FAILED, "interrupted", INTERRUPTED)
    client.force_login(uploader)
    detail, status = reverse("documents:detail", args=[document.pk]), reverse("documents:status", args=[document.pk])

    assert INTERRUPTED in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert korean(INTERRUPTED) in client.get(detail, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert client.get(status, HTTP_ACCEPT_LANGUAGE="ko").json()["error_message"] == korean(INTERRUPTED) != INTERRUPTED

    Document.objects.filter(pk=document.pk).update(error_message="예전에 한국어로 저장된 메시지")  # stored before
    assert "예전에 한국어로 저장된 메시지" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_korean_document_page_shows_the_audit_sub_lines_in_korean(client):
    uploader = UserFactory()
    document = read_document(uploader=uploader)
    record_status(document=document, before="", after=Status.RECEIVED, note="uploaded")
    record_status(document=document, before=Status.RECEIVED, after=Status.PROCESSING, note="attempt 2")
    record(document=document, action=Action.ROUTED_TO_REVIEW, note=DISPUTED)  # as registry.services writes it
    client.force_login(uploader)

    trail = client.get(reverse("documents:detail", args=[document.pk]), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    trail = trail.split('id="audit-trail"', 1)[1]

    assert korean("uploaded") in trail and ">uploaded<" not in trail
    with translation.override("ko"):
        assert translation.gettext("attempt %(n)s") % {"n": 2} in trail
    assert "attempt 2" not in trail
    assert korean(DISPUTED) in trail and DISPUTED not in trail


def test_a_failure_with_a_number_in_it_is_translated_too(client, settings):
    uploader = UserFactory()
    document = read_document(uploader=uploader)
    document.extraction.delete()
    Document.objects.filter(pk=document.pk).update(
        attempts=settings.MAX_PROCESSING_ATTEMPTS, processing_started_at=timezone.now() - dt.timedelta(hours=1)
    )
    with translation.override("ko"):
        document_services.documents_requeue_stuck()  # beat's sweep gives up on it
    stored = Document.objects.get(pk=document.pk).error_message
    client.force_login(uploader)

    page = client.get(reverse("documents:detail", args=[document.pk]), HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert stored == f"Processing was interrupted {settings.MAX_PROCESSING_ATTEMPTS} times; press Retry to try again."
    with translation.override("ko"):
        expected = translation.gettext("Processing was interrupted %(n)d times; press Retry to try again.") % {
            "n": settings.MAX_PROCESSING_ATTEMPTS}
    assert expected in page and expected != stored


def test_every_filled_in_failure_template_is_raised_somewhere_with_the_same_words():
    """failures.FILLED_IN repeats the msgids of its raise sites: one that drifted would stay English."""
    strings = set()
    for path in Path(settings.BASE_DIR, "documents").rglob("*.py"):
        if path.name != "failures.py":
            strings |= {n.value for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Constant)}
    assert [template for template in failures.FILLED_IN if template not in strings] == []
