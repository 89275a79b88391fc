"""Upload -> queue -> a real Celery worker -> the NHN engine over HTTP (the stand-in) -> stored extraction.

Runs on whatever DATABASE_URL / CELERY_BROKER_URL say: PostgreSQL and Redis in CI, SQLite and an in-process
broker otherwise. The worker only sees what the test committed, as in production."""

import datetime as dt
import io
import logging
import random
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from documents import cards, services, tasks
from documents.kinds import Kind, Status
from documents.models import Document, ExtractedField

pytestmark = pytest.mark.django_db(transaction=True)

READ = (Status.APPROVED, Status.NEEDS_REVIEW)  # a finished reading: routing decides which


def _image(seed: int, size=(1600, 1100)) -> bytes:
    """A certificate-sized PNG, different per seed so the stand-in (and our hash reuse) treat it as new."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0] - 200), rng.randrange(size[1] - 20)
        draw.rectangle((x, y, x + rng.randrange(20, 200), y + 12), fill=(rng.randrange(200),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _upload(content: bytes, *, kind=Kind.BUSINESS_CERTIFICATE, name="certificate.png", user=None) -> Document:
    return services.document_create(uploader=user, kind=kind, upload=SimpleUploadedFile(name, content))


def _wait_until_finished(*documents: Document, timeout: float = 30.0) -> list[Document]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = [Document.objects.get(pk=d.pk) for d in documents]
        if all(d.is_finished for d in fresh):
            return fresh
        time.sleep(0.05)
    raise AssertionError(f"not finished in {timeout}s: {[(d.pk, d.status) for d in fresh]}")


def test_uploaded_certificate_is_read_by_the_worker_and_its_fields_are_stored(nhn_standin, celery_worker_thread):
    document = _upload(_image(1))
    assert document.status == Status.RECEIVED

    (document,) = _wait_until_finished(document)

    assert document.status in READ
    assert document.attempts == 1
    extraction = document.extraction
    assert extraction.engine == "nhn"
    assert extraction.resolution == "normal" and extraction.unit_type == "pixel" and extraction.file_type == "png"
    fields = {f.name: f for f in extraction.fields.all()}
    assert fields["registration_number"].value.isdigit() and len(fields["registration_number"].value) == 10
    assert fields["registration_number"].raw_key == "등록번호"
    assert all(len(f.box) == 4 and 0 <= f.confidence <= 1 for f in fields.values())
    assert nhn_standin.calls["business"] == 1


def test_redelivered_and_duplicated_tasks_never_call_the_service_again(nhn_standin, celery_worker_thread):
    document = _upload(_image(2))
    _wait_until_finished(document)

    for _ in range(3):  # what a broker redelivery or a double enqueue looks like to the worker
        tasks.process_document.delay(document.pk)
    later = _upload(_image(3))  # one worker, first in first out: once this is done, the duplicates were consumed
    _wait_until_finished(later)

    assert nhn_standin.calls["business"] == 2  # one per document
    assert Document.objects.get(pk=document.pk).extraction.fields.count() > 0


def test_the_same_file_uploaded_twice_is_read_once(nhn_standin, celery_worker_thread):
    content = _image(4)
    first = _upload(content)
    _wait_until_finished(first)
    second = _upload(content, name="again.png")

    (second,) = _wait_until_finished(second)

    assert nhn_standin.calls["business"] == 1
    assert second.status in READ
    assert [f.value for f in second.extraction.fields.all()] == [f.value for f in first.extraction.fields.all()]


def test_every_business_category_is_stored_with_its_row_and_kept_when_a_reading_is_reused(
    nhn_standin, celery_worker_thread
):
    nhn_standin.script(["business:2"])  # three 업태/종목 rows
    content = _image(5)
    first = _upload(content)
    (first,) = _wait_until_finished(first)
    (second,) = _wait_until_finished(_upload(content, name="again.png"))  # the first reading, copied

    for document in (first, second):
        rows = [
            (f.name, f.index, f.value)
            for f in document.extraction.fields.all()
            if f.name in ("business_type", "business_item")
        ]
        assert rows == [
            ("business_type", 0, "정보통신업"), ("business_item", 0, "응용 소프트웨어 개발 및 공급업"),
            ("business_type", 1, "도매 및 소매업"), ("business_item", 1, "전자상거래 소매업, 소프트웨어 도매"),
            ("business_type", 2, "전문, 과학 및 기술 서비스업"), ("business_item", 2, "컴퓨터시스템 통합 자문"),
        ]
    assert nhn_standin.calls["business"] == 1


def test_a_file_the_service_refuses_ends_failed_with_its_message_and_one_call(nhn_standin, celery_worker_thread):
    nhn_standin.script(["4000002"])
    document = _upload(_image(5))

    (document,) = _wait_until_finished(document)

    assert document.status == Status.FAILED
    assert document.error_code == "4000002"
    assert document.error_message  # the service's own words reach the user
    assert nhn_standin.calls["business"] == 1


def test_rate_limited_document_is_retried_with_backoff_and_read(nhn_standin, celery_worker_thread):
    nhn_standin.script(["4000006", "4000006"])
    document = _upload(_image(6))

    (document,) = _wait_until_finished(document)

    assert document.status in READ
    assert nhn_standin.calls["business"] == 3


def test_bad_credentials_fail_the_document_and_stop_further_calls(nhn_standin, celery_worker_thread, settings):
    settings.NHN_OCR_SECRET_KEY = "wrong"
    first = _upload(_image(7))
    _wait_until_finished(first)
    second = _upload(_image(8))

    first, second = _wait_until_finished(first, second)

    assert first.status == second.status == Status.FAILED
    assert first.error_code == "config:4010002"  # the stand-in, like the service: bad secretKey
    assert second.error_code == "config:held:4010002"  # failed without a call; queued again when the hold ends
    assert nhn_standin.calls["business"] == 1  # no retry storm: the second document did not call


def test_a_document_left_processing_by_a_dead_worker_is_picked_up_by_the_sweep(
    nhn_standin, celery_worker_thread, settings
):
    document = Document.objects.create(
        kind=Kind.BUSINESS_CERTIFICATE, sha256="x", original_name="lost.png", content_type="image/png", size=1
    )
    document.file.save("lost.png", io.BytesIO(_image(9)))
    lease_ended = timezone.now() - dt.timedelta(seconds=settings.PROCESSING_LEASE_SECONDS + 1)
    Document.objects.filter(pk=document.pk).update(
        status=Status.PROCESSING, processing_started_at=lease_ended, attempts=1
    )
    tasks.sweep_stuck_documents.delay()  # as beat sends it every minute

    (document,) = _wait_until_finished(document)

    assert document.status in READ
    assert nhn_standin.calls["business"] == 1


def test_a_card_is_stored_encrypted_masked_and_kept_out_of_logs(nhn_standin, celery_worker_thread, caplog):
    with caplog.at_level(logging.DEBUG):
        document = _upload(_image(10, size=(1000, 630)), kind=Kind.CREDIT_CARD, name="card.png")
        (document,) = _wait_until_finished(document)

    assert document.status in READ
    field = ExtractedField.objects.get(extraction__document=document, name="card_number")
    full = cards.decrypt(field.value_encrypted)
    assert full and full.isdigit() and len(full) in (15, 16)
    assert field.value == cards.mask(full) and full not in field.raw_text
    assert full not in str(document.extraction.raw)
    assert full not in caplog.text


def test_encrypted_card_numbers_are_erased_after_the_retention_window(nhn_standin, celery_worker_thread, settings):
    document = _upload(_image(11, size=(1000, 630)), kind=Kind.CREDIT_CARD, name="card.png")
    _wait_until_finished(document)
    field = ExtractedField.objects.get(extraction__document=document, name="card_number")

    assert services.card_numbers_purge_expired() == 0
    later = timezone.now() + dt.timedelta(days=settings.CARD_NUMBER_RETENTION_DAYS + 1)
    assert services.card_numbers_purge_expired(now=later) == 1

    field.refresh_from_db()
    assert field.value_encrypted == ""
    assert "******" in field.value  # the mask stays for display


def test_upload_while_the_broker_is_down_is_kept_and_queued_by_the_sweep(
    nhn_standin, celery_worker_thread, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.process_document, "delay", broker_down)
        document = _upload(_image(12))
    assert Document.objects.get(pk=document.pk).status == Status.RECEIVED  # nothing lost

    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    services.documents_requeue_stuck()

    (document,) = _wait_until_finished(document)
    assert document.status in READ
