"""A worker that dies during a reading leaves its document `processing`; when the lease runs out, the sweep
queues it again. Whether that reading is repeated (and perhaps paid twice) is the operator's decision:
`OCR_REREAD_AFTER_CRASH`. The NHN stand-in counts the calls a repeat would make."""

import datetime as dt

import pytest
from django.utils import timezone

from documents import services
from documents.kinds import Status
from documents.models import Document
from tests.documents.test_pipeline import READ, _image, _upload

pytestmark = pytest.mark.django_db


def _interrupted_mid_call(settings, seed: int) -> Document:
    """What a killed worker leaves behind: claimed, its lease over, no reading stored."""
    document = _upload(_image(seed))
    lease_ended = timezone.now() - dt.timedelta(seconds=settings.PROCESSING_LEASE_SECONDS + 1)
    Document.objects.filter(pk=document.pk).update(
        status=Status.PROCESSING, processing_started_at=lease_ended, attempts=1
    )
    return document


def _sweep_and_work(django_capture_on_commit_callbacks) -> list[int]:
    with django_capture_on_commit_callbacks():
        requeued = services.documents_requeue_stuck()
    for pk in requeued:
        services.document_process(document_id=pk)
    return requeued


def test_by_default_an_interrupted_document_is_read_once_more(
    nhn_standin, settings, django_capture_on_commit_callbacks
):
    assert settings.OCR_REREAD_AFTER_CRASH is True
    document = _interrupted_mid_call(settings, 31)

    assert _sweep_and_work(django_capture_on_commit_callbacks) == [document.pk]

    document.refresh_from_db()
    assert document.status in READ
    assert document.attempts == 2
    assert nhn_standin.calls["business"] == 1  # the one repeat the README owns up to


def test_with_rereads_off_an_interrupted_document_fails_until_a_person_retries(
    nhn_standin, settings, django_capture_on_commit_callbacks
):
    settings.OCR_REREAD_AFTER_CRASH = False
    document = _interrupted_mid_call(settings, 32)

    _sweep_and_work(django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error_code == "interrupted"
    assert document.error_message == "Interrupted while the OCR service was reading it; Retry calls the service again."
    assert nhn_standin.calls["business"] == 0  # nothing was paid a second time behind anyone's back

    with django_capture_on_commit_callbacks():
        assert services.document_retry(document=document)
    services.document_process(document_id=document.pk)

    document.refresh_from_db()
    assert document.status in READ
    assert nhn_standin.calls["business"] == 1


def test_with_rereads_off_a_document_whose_lease_still_runs_is_left_to_its_worker(
    nhn_standin, settings, django_capture_on_commit_callbacks
):
    settings.OCR_REREAD_AFTER_CRASH = False
    document = _upload(_image(33))
    Document.objects.filter(pk=document.pk).update(
        status=Status.PROCESSING, processing_started_at=timezone.now(), attempts=1
    )

    services.document_process(document_id=document.pk)  # a duplicate delivery while the first worker reads

    document.refresh_from_db()
    assert document.status == Status.PROCESSING and document.error_code == ""
    assert nhn_standin.calls["business"] == 0
