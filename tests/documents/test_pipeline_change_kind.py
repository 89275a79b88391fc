"""A card uploaded as a certificate, end to end: a real worker and the embedded engine fail it with the reason
on the document page; changing the kind there reads it again, as a card."""

import io
import random
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.kinds import Kind, Status
from documents.models import Document
from documents.samples.card import random_card, render_card
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _card_png() -> bytes:
    rng = random.Random(1)
    out = io.BytesIO()
    render_card(random_card(rng=rng), rng=rng, width=1000).save(out, format="PNG")
    return out.getvalue()


def _wait_until_finished(document: Document, timeout: float = 60.0) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = Document.objects.get(pk=document.pk)
        if fresh.is_finished:
            return fresh
        time.sleep(0.1)
    raise AssertionError(f"document {document.pk} not finished in {timeout}s: {fresh.status}")


def test_a_card_uploaded_as_a_certificate_fails_with_the_reason_and_is_read_as_a_card_after_a_kind_change(
    celery_worker_thread, settings, client
):
    settings.OCR_ENGINE = "local"
    alice = UserFactory(username="alice")
    client.force_login(alice)
    document = services.document_create(
        uploader=alice, kind=Kind.BUSINESS_CERTIFICATE, upload=SimpleUploadedFile("card.png", _card_png())
    )

    document = _wait_until_finished(document)

    assert (document.status, document.error_code) == (Status.FAILED, "wrong_kind")
    page = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "This looks like a credit card, not a business registration certificate." in page
    assert "Read it again as: Credit card" in page

    client.post(reverse("documents:change_kind", kwargs={"pk": document.pk}), {"kind": Kind.CREDIT_CARD})
    document = _wait_until_finished(document)

    assert document.kind == Kind.CREDIT_CARD
    assert document.status in (Status.APPROVED, Status.NEEDS_REVIEW)
    assert {f.name for f in document.extraction.fields.all()} >= {"card_number", "valid_thru"}
    assert document.attempts == 1  # the new reading's count: one engine run for the new work
