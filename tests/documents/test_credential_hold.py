"""After the OCR service refuses our credentials, documents fail without calling it for two minutes (the hold).

The hold runs from the service's last real answer, belongs to the credentials that answer refused, and the
documents it failed go through again by themselves when it ends. The NHN stand-in counts the calls; the clock is
the test's. Documents are processed here as the worker would (`document_process`), one at a time."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from documents import services
from documents.kinds import Status
from documents.models import Document
from tests.documents.test_pipeline import READ, _image, _upload, _wait_until_finished

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = timezone.now()

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Everything that asks Django for the time (services, auto_now fields) gets the test's clock."""
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def wrong_secret(nhn_standin, settings):
    settings.NHN_OCR_SECRET_KEY = "wrong"
    return nhn_standin


def _process_new(seed: int) -> Document:
    document = _upload(_image(seed))
    services.document_process(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


def _sweep(django_capture_on_commit_callbacks) -> list[int]:
    """The beat sweep, then the worker reading what it queued."""
    with django_capture_on_commit_callbacks() as queued:
        requeued = services.documents_requeue_stuck()
    assert len(queued) == len(requeued)
    for pk in requeued:
        services.document_process(document_id=pk)
    return requeued


def test_documents_failed_by_the_hold_do_not_extend_it(wrong_secret, clock):
    refused = _process_new(1)
    assert refused.status == Status.FAILED and refused.error_code == "config:4010002"

    held = []
    for seed in (2, 3):  # uploads keep coming during the hold
        clock.advance(50)
        held.append(_process_new(seed))
    assert [d.error_code for d in held] == ["config:held:4010002"] * 2
    assert held[0].error_message == refused.error_message  # the service's own words, not a new story
    assert wrong_secret.calls["business"] == 1

    clock.advance(50)  # 150 s after the real answer, 50 s after the last held failure
    asked_again = _process_new(4)

    assert wrong_secret.calls["business"] == 2  # the hold ended two minutes after the real answer
    assert asked_again.error_code == "config:4010002"  # still wrong: a new hold from this answer


def test_a_worker_with_other_credentials_starts_without_the_hold_and_held_documents_are_read(
    wrong_secret, clock, settings, django_capture_on_commit_callbacks
):
    refused = _process_new(11)
    held = [_process_new(12), _process_new(13)]
    assert [d.error_code for d in held] == ["config:held:4010002"] * 2

    settings.NHN_OCR_SECRET_KEY = wrong_secret.secret_key  # the operator fixes the key and restarts the workers
    clock.advance(5)
    fresh = _process_new(14)
    assert fresh.status in READ

    requeued = _sweep(django_capture_on_commit_callbacks)

    assert sorted(requeued) == sorted(d.pk for d in held)
    assert all(Document.objects.get(pk=d.pk).status in READ for d in held)
    # The refused document keeps the service's answer: it was asked, and a person decides (Retry).
    assert Document.objects.get(pk=refused.pk).error_code == "config:4010002"
    assert wrong_secret.calls["business"] == 1 + 1 + len(held)  # one call per image


def test_held_documents_wait_for_the_end_of_the_hold_then_go_through(
    wrong_secret, clock, django_capture_on_commit_callbacks
):
    _process_new(21)
    held = _process_new(22)
    wrong_secret.secret_key = "wrong"  # fixed on the service's side (e.g. the key re-issued as configured)

    clock.advance(60)
    assert _sweep(django_capture_on_commit_callbacks) == []  # still inside the hold: nobody calls
    assert Document.objects.get(pk=held.pk).status == Status.FAILED

    clock.advance(61)
    assert _sweep(django_capture_on_commit_callbacks) == [held.pk]

    assert Document.objects.get(pk=held.pk).status in READ
    assert wrong_secret.calls["business"] == 2


@pytest.mark.django_db(transaction=True)
def test_after_the_key_is_fixed_every_document_is_read_without_a_retry(nhn_standin, celery_worker_thread, settings):
    """The reported incident, with a real worker and the real clock: a wrong key, uploads, the fix."""
    settings.NHN_OCR_SECRET_KEY = "wrong"
    during = _wait_until_finished(*[_upload(_image(40 + n)) for n in range(5)])
    assert sorted(d.error_code for d in during) == ["config:4010002"] + ["config:held:4010002"] * 4
    assert nhn_standin.calls["business"] == 1

    settings.NHN_OCR_SECRET_KEY = nhn_standin.secret_key  # workers restarted with the right key
    fixed_at = time.monotonic()
    after = [_upload(_image(50 + n)) for n in range(5)]
    services.documents_requeue_stuck()  # the next run of beat's sweep
    held = [d for d in during if d.error_code.startswith(services.HELD_PREFIX)]

    def read() -> bool:
        return all(Document.objects.get(pk=d.pk).status in READ for d in [*held, *after])

    deadline = time.monotonic() + 30
    while not read() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert read()
    seconds = time.monotonic() - fixed_at
    images = len(during) + len(after)
    assert nhn_standin.calls["business"] == images  # one call per image; the refused one waits for its Retry
    print(
        f"\ncredential fix: {images} uploaded, {images - 1} read, 1 failed by the service (Retry), "
        f"{nhn_standin.calls['business'] / images:.1f} calls per image, held documents read {seconds:.1f} s "
        f"after the fix (plus up to a minute until beat's sweep)"
    )
