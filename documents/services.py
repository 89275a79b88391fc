"""Everything that changes documents. Views, forms and tasks call these; they hold no logic of their own."""

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import cards, events, failures, identity_numbers, nhn_auth, roles, selectors, uploads
from .audit import Action, record, record_status  # the audit trail: every change below is written to it
from .kinds import UNFINISHED, Kind, Status
from .models import Document, ExtractedField, Extraction, OcrCredentialHold
from .ocr import OcrConfigurationError, OcrError, Reading, get_engine

logger = logging.getLogger(__name__)

CONFIG_ERROR_PREFIX = failures.OPERATOR_ONLY_PREFIX  # what it says is for operators only (documents/failures.py)
CONFIG_ERROR_HOLD = dt.timedelta(minutes=2)  # after a credential error, fail fast instead of calling again
# Failed without a call during that hold: as operator-only as the refusal itself, and queued again when it ends.
HELD_PREFIX = CONFIG_ERROR_PREFIX + "held:"
RECEIVED_SWEEP_AFTER = dt.timedelta(minutes=2)  # a document still `received` this long was never queued (broker down)


# --- Upload -------------------------------------------------------------------------------


def document_create(*, uploader, kind: str, upload: UploadedFile, partner=None) -> Document:
    """Validate, store and enqueue one uploaded file. Raises uploads.UploadRejected with a message for the user."""
    checked = uploads.validate(upload, kind=kind)
    document = Document(
        kind=kind,
        uploader=uploader,
        partner=partner,
        sha256=checked.sha256,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        width=checked.width,
        height=checked.height,
        page_count=checked.page_count,
    )
    document.file.save(checked.original_name, ContentFile(checked.content), save=False)
    try:
        with transaction.atomic():
            document.save()
            record_status(document=document, before="", after=Status.RECEIVED, actor=uploader, note="uploaded")
            transaction.on_commit(lambda: _enqueue(document.pk))
    except Exception:
        document.file.delete(save=False)  # nothing is kept for an upload that was not recorded
        raise
    return document


def _enqueue(document_id: int) -> None:
    from . import tasks

    try:
        tasks.process_document.delay(document_id)
    except Exception:  # the broker is down: the document is safe in the database and the sweep will queue it
        logger.exception("Could not queue document %s; the periodic sweep will pick it up", document_id)


def document_retry(*, document: Document, actor=None) -> bool:
    """Send a failed document through the pipeline again. Returns False when it is not in a state to retry."""
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, status=Status.FAILED).update(
            status=Status.RECEIVED, error_code="", error_message="", attempts=0, updated_at=timezone.now()
        )
        if updated:
            record_status(document=document, before=Status.FAILED, after=Status.RECEIVED, actor=actor, note="retry")
            transaction.on_commit(lambda: _enqueue(document.pk))
    return bool(updated)


CHANGEABLE = (Status.FAILED, Status.NEEDS_REVIEW)  # read (or given up on), and not decided by a person


def may_change_kind(*, document: Document, user) -> bool:
    """Whoever may see a failed document may have it read as the other kind; one waiting for review only a reviewer
    (changing it withdraws the review task, which must not be a way for an uploader to skip the review)."""
    if document.status == Status.FAILED:
        return True
    return document.status == Status.NEEDS_REVIEW and roles.user_is_reviewer(user)


def document_change_kind(*, document: Document, kind: str, actor) -> bool:
    """Read the document again as another kind: a card uploaded as a certificate, or the reverse.

    The previous reading is discarded, an open review task for it withdrawn, and the document queued again: one
    new engine call, for new work. Returns False when there is nothing to do: the document already has that kind
    (a form sent twice queues it once), or it is being read, or a person approved or rejected it."""
    kind = Kind(kind)
    with transaction.atomic():
        current = Document.objects.filter(pk=document.pk).values("kind", "status").first()
        if current is None or current["kind"] == kind or current["status"] not in CHANGEABLE:
            return False
        if current["status"] == Status.NEEDS_REVIEW and not roles.user_is_reviewer(actor):
            return False
        # Conditional, like retry: of two requests that both saw the old kind, only one changes it.
        changed = Document.objects.filter(pk=document.pk, **current).update(
            kind=kind, status=Status.RECEIVED, error_code="", error_message="", attempts=0,
            processing_started_at=None, processed_at=None, updated_at=timezone.now(),
        )
        if not changed:
            return False
        Extraction.objects.filter(document_id=document.pk).delete()  # its fields and boxes belong to the old kind
        responses = events.document_kind_changed.send(sender=Document, document=document, before=current)
        withdrawn = any(answer is True for _receiver, answer in responses)  # reviews: True when it withdrew a task
        record(
            document=document, action=Action.KIND_CHANGED, actor=actor, before=current,
            after={"kind": kind.value, "status": Status.RECEIVED, "review_withdrawn": withdrawn},
        )
        transaction.on_commit(lambda: _enqueue(document.pk))
    document.refresh_from_db()
    return True


DECIDED = (Status.APPROVED, Status.REJECTED)


def may_send_to_review(*, user) -> bool:
    """Reviewers (and administrators) send a decided document back to the queue: asking for a second look is part
    of reviewing, not of uploading."""
    return roles.user_is_reviewer(user)


def document_send_to_review(*, document: Document, actor) -> bool:
    """Send an approved or rejected document back to the reviewer queue (reviews reopens its task and records the
    request in the audit trail, with who asked). False when it is not decided (still being read, failed, or
    already waiting for a reviewer) or the actor may not."""
    if not may_send_to_review(user=actor):
        return False
    with transaction.atomic():
        locked = Document.objects.select_for_update().filter(pk=document.pk, status__in=DECIDED).first()
        if locked is None:
            return False
        events.document_review_requested.send(sender=Document, document=locked, actor=actor)
    document.refresh_from_db()
    return True


# --- Processing ---------------------------------------------------------------------------


def document_process(*, document_id: int) -> None:
    """Read one document once. Safe to call any number of times for the same id: the engine runs at most once
    per result, because a document that already has an extraction, or that another worker holds, is left alone.
    The one exception is a worker that died mid-reading: `OCR_REREAD_AFTER_CRASH` decides (see `_claim`).

    A failure's message is stored in the source language and translated where it is shown (documents/failures.py)."""
    with failures.stored_in_source_language():
        _process(document_id)


def _process(document_id: int) -> None:
    document = _claim(document_id)
    if document is None:
        return
    started = time.monotonic()
    try:
        extraction = _extraction_of_identical_file(document)
        if extraction is None:
            _fail_fast_while_misconfigured()
            reading = _read(document)
    except _CredentialsHeld as error:
        _fail(document, error)
        return
    except OcrConfigurationError as error:  # the service's real answer: it starts (or renews) the hold
        _hold_credentials(error)
        _fail(document, error)
        return
    except OcrError as error:
        _fail(document, error)
        return
    except Exception as error:  # an engine bug must not leave the document spinning; the user sees a plain message
        logger.exception("OCR engine crashed on document %s", document_id)
        _fail(document, OcrError(_("The document could not be read because of an internal error."), code="internal"))
        raise error
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if Extraction.objects.filter(document=document).exists():
            return  # someone else finished first; their result stands
        if extraction is not None:
            _copy_extraction(extraction, to=document)
        else:
            _store_reading(document, reading, engine=settings.OCR_ENGINE, seconds=time.monotonic() - started)
        document.error_code, document.error_message = "", ""
        document.processed_at = timezone.now()
        document.save(update_fields=["error_code", "error_message", "processed_at", "updated_at"])
        # Announced in this transaction: the registry asks the tax office first or announces document_checked at
        # once, and the review workflow routes on that (approve, or queue for a person).
        events.document_read.send(sender=Document, document=document)


def _claim(document_id: int) -> Document | None:
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status not in UNFINISHED:
            return None
        if Extraction.objects.filter(document=document).exists():
            return None
        now = timezone.now()
        lease = dt.timedelta(seconds=settings.PROCESSING_LEASE_SECONDS)
        held = document.status == Status.PROCESSING and document.processing_started_at
        if held and now - document.processing_started_at < lease:
            return None  # another worker holds it; if that worker died, the sweep re-queues it when the lease ends
        if held and not settings.OCR_REREAD_AFTER_CRASH:
            # The worker died during its attempt, perhaps after the service answered (and charged). A person
            # decides whether to pay again.
            message = _("Interrupted while the OCR service was reading it; Retry calls the service again.")
            _fail(document, OcrError(message, code="interrupted"))
            return None
        before, document.status = document.status, Status.PROCESSING
        document.processing_started_at = now
        document.attempts += 1
        document.save(update_fields=["status", "processing_started_at", "attempts", "updated_at"])
        record_status(
            document=document, before=before, after=Status.PROCESSING, note=f"attempt {document.attempts}"
        )
        return document


def _read(document: Document) -> Reading:
    with document.file.open("rb") as handle:
        content = handle.read()
    return get_engine().read(kind=document.kind, content=content, filename=document.file.name)


def _extraction_of_identical_file(document: Document) -> Extraction | None:
    """An earlier result for byte-identical content of the same kind from the same engine: the work is done."""
    return (
        Extraction.objects.filter(
            engine=settings.OCR_ENGINE, document__sha256=document.sha256, document__kind=document.kind
        )
        .exclude(document=document)
        .order_by("-created_at")
        .first()
    )


class _CredentialsHeld(OcrConfigurationError):
    """Raised instead of a call while the service's last real answer refused these credentials."""


def _credentials() -> str:
    """Who the workers are to the OCR service: the hold belongs to these, so a fixed key or URL starts without it.
    Hashed: the keys themselves are never stored."""
    engine = settings.OCR_ENGINE
    parts = [engine]
    if engine == "nhn":  # v1.0's secret key, or v1.1's User Access Key and token service (documents/nhn_auth.py)
        parts += [settings.NHN_OCR_BASE_URL, settings.NHN_OCR_APP_KEY, *nhn_auth.identity()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _active_hold(*, now: dt.datetime) -> OcrCredentialHold | None:
    return OcrCredentialHold.objects.filter(credentials=_credentials(), answered_at__gt=now - CONFIG_ERROR_HOLD).first()


def _hold_credentials(error: OcrConfigurationError) -> None:
    OcrCredentialHold.objects.update_or_create(
        credentials=_credentials(),
        defaults={"error_code": error.code[:32], "error_message": error.message, "answered_at": timezone.now()},
    )


def _fail_fast_while_misconfigured() -> None:
    hold = _active_hold(now=timezone.now())
    if hold is not None:
        raise _CredentialsHeld(hold.error_message, code=hold.error_code)


def _fail(document: Document, error: OcrError) -> None:
    code = error.code or "error"
    if isinstance(error, _CredentialsHeld):
        code = HELD_PREFIX + code
    elif isinstance(error, OcrConfigurationError):
        code = CONFIG_ERROR_PREFIX + code
        logger.error("OCR engine misconfigured (%s), documents fail until it is fixed: %s", code, error.message)
    before = document.status
    document.status, document.error_code, document.error_message = Status.FAILED, code[:32], error.message
    document.processed_at = timezone.now()
    with transaction.atomic():
        document.save(update_fields=["status", "error_code", "error_message", "processed_at", "updated_at"])
        record_status(document=document, before=before, after=Status.FAILED, note=f"{code}: {error.message}")
        if not isinstance(error, _CredentialsHeld):
            # one held by the credential hold is queued again by itself when the hold ends: announcing it as failed
            # every two minutes of an outage would tell partners a document failed that has not
            events.document_failed.send(sender=Document, document=document)


def _store_reading(document: Document, reading: Reading, *, engine: str, seconds: float) -> Extraction:
    is_card = document.kind == Kind.CREDIT_CARD
    extraction = Extraction.objects.create(
        document=document,
        engine=engine,
        raw=cards.mask_in_raw(reading.raw) if is_card else identity_numbers.mask_in_raw(reading.raw),
        resolution=reading.resolution,
        unit_type=reading.unit,
        file_type=reading.file_type,
        seconds=round(seconds, 3),
    )
    ExtractedField.objects.bulk_create(
        _field_row(extraction, position, field) for position, field in enumerate(reading.fields)
    )
    return extraction


def _field_row(extraction: Extraction, position: int, field) -> ExtractedField:
    value, raw_text, encrypted = field.value, field.raw_text, ""
    if field.name == "card_number":
        encrypted = cards.encrypt(field.value) if field.value else ""
        value, raw_text = cards.mask(field.value), cards.mask_in_text(field.raw_text)
    return ExtractedField(
        extraction=extraction,
        position=position,
        name=field.name[:64],
        index=field.index,
        raw_key=field.raw_key[:128],
        raw_text=raw_text,
        value=value,
        value_encrypted=encrypted,
        confidence=round(float(field.confidence), 4),
        box=[[round(float(x), 2), round(float(y), 2)] for x, y in field.box],
    )


def _copy_extraction(source: Extraction, *, to: Document) -> Extraction:
    copy = Extraction.objects.create(
        document=to,
        engine=source.engine,
        raw={**source.raw, "copied_from_document": source.document_id} if isinstance(source.raw, dict) else source.raw,
        resolution=source.resolution,
        unit_type=source.unit_type,
        file_type=source.file_type,
        seconds=0.0,
    )
    ExtractedField.objects.bulk_create(
        ExtractedField(
            extraction=copy,
            position=f.position,
            name=f.name,
            index=f.index,
            raw_key=f.raw_key,
            raw_text=f.raw_text,
            value=f.value,
            value_encrypted=f.value_encrypted,
            confidence=f.confidence,
            box=f.box,
        )
        for f in source.fields.all()
    )
    return copy


# --- Verification by an outside authority ------------------------------------------------------


def fields_mark_verified(*, document: Document, names: Iterable[str], by: str, at: dt.datetime,
                         values: dict[str, str] | None = None) -> list[str]:
    """Mark the main-row fields `names` as confirmed by `by` (the tax office: "nts") at `at`, with an audit row.
    `values`: what was confirmed, by name; a field whose value has changed since is left unmarked. Answers the
    names marked. A correction clears the mark (reviews.services.field_correct)."""
    names = set(names)
    fields = [
        f for f in ExtractedField.objects.filter(extraction__document=document, index=0, name__in=names)
        if f.current_value and (values is None or values.get(f.name) == selectors.full_value(f))
    ]
    if not fields:
        return []
    ExtractedField.objects.filter(pk__in=[f.pk for f in fields]).update(verified_by=by[:16], verified_at=at)
    marked = sorted(f.name for f in fields)
    record(document=document, action=Action.VERIFIED, after={"fields": marked, "by": by, "at": at.isoformat()})
    return marked


# --- Housekeeping -------------------------------------------------------------------------


def documents_requeue_stuck(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again what a lost message or a dead worker left behind; give up on what keeps failing."""
    with failures.stored_in_source_language():
        return _requeue_stuck(now=now)


def _requeue_stuck(*, now: dt.datetime | None) -> list[int]:
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.PROCESSING_LEASE_SECONDS)
    stuck = Document.objects.filter(
        Q(status=Status.RECEIVED, updated_at__lt=now - RECEIVED_SWEEP_AFTER)
        # read already (an extraction): it waits for the tax office, whose own pass picks it up (registry)
        | Q(status=Status.PROCESSING, processing_started_at__lt=now - lease, extraction__isnull=True)
    ).values_list("pk", "attempts")
    requeued = []
    for pk, attempts in stuck:
        if attempts >= settings.MAX_PROCESSING_ATTEMPTS:
            document = Document.objects.get(pk=pk)
            _fail(
                document,
                OcrError(
                    _("Processing was interrupted %(n)d times; press Retry to try again.") % {"n": attempts},
                    code="gave_up",
                ),
            )
            continue
        Document.objects.filter(pk=pk).update(updated_at=now)
        _enqueue(pk)
        requeued.append(pk)
    if requeued:
        logger.warning("Re-queued %d stuck documents: %s", len(requeued), requeued)
    return requeued + _requeue_after_credential_hold(now=now)


def _requeue_after_credential_hold(*, now: dt.datetime) -> list[int]:
    """Documents failed without a call while the credentials were held go through again once the hold is over:
    nobody presses Retry for a failure the service never answered."""
    if _active_hold(now=now) is not None:
        return []
    requeued = []
    for document in Document.objects.filter(status=Status.FAILED, error_code__startswith=HELD_PREFIX):
        with transaction.atomic():
            updated = Document.objects.filter(pk=document.pk, status=Status.FAILED, error_code=document.error_code)
            if not updated.update(
                status=Status.RECEIVED, error_code="", error_message="", attempts=0, updated_at=now
            ):
                continue  # a person pressed Retry meanwhile
            record_status(document=document, before=Status.FAILED, after=Status.RECEIVED, note="credential hold ended")
            transaction.on_commit(lambda pk=document.pk: _enqueue(pk))
        requeued.append(document.pk)
    if requeued:
        logger.warning("Credential hold over: re-queued %d documents: %s", len(requeued), requeued)
    return requeued


def card_numbers_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Drop the encrypted full card numbers older than the retention window; the masked value stays."""
    return ExtractedField.objects.filter(
        name="card_number", extraction__created_at__lt=cards.retention_cutoff(now=now)
    ).exclude(value_encrypted="").update(value_encrypted="")
