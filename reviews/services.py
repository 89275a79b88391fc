"""What happens to a document once the machine has read it, and what reviewers do to it.

Every change made here is written to the audit trail (documents.audit) in the same transaction.
"""

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import cards, events
from documents.audit import Action, record
from documents.errors import ApplicationError
from documents.kinds import CATEGORY_FIELDS, FIELD_LABELS, Kind, Status
from documents.models import Document, ExtractedField
from documents.ocr.fields import normalise
from documents.selectors import carries_value, category_rows, full_value

from . import categories, routing
from .models import ConfidenceThreshold, ReviewReason, ReviewTask

_system_random = random.SystemRandom()


# --- Settings (config/settings.py) ---------------------------------------------------------------


def sample_rate() -> float:
    return float(settings.REVIEW_SAMPLE_RATE)


def claim_expiry() -> dt.timedelta:
    return dt.timedelta(minutes=float(settings.REVIEW_CLAIM_MINUTES))


def four_eyes() -> bool:
    return bool(settings.REVIEW_FOUR_EYES)


def policy_current(*, today: dt.date | None = None) -> routing.Policy:
    """The routing policy in force: settings, plus the thresholds an admin set in the Django admin."""
    return routing.Policy(
        today=today or timezone.localdate(),
        default_threshold=float(settings.REVIEW_CONFIDENCE_THRESHOLD),
        thresholds={(t.kind, t.field_name): t.threshold for t in ConfidenceThreshold.objects.all()},
        sample_rate=sample_rate(),
    )


# --- Routing --------------------------------------------------------------------------------


def other_company_names(*, document: Document, registration_number: str) -> frozenset[str]:
    """Company names on other (not rejected) documents that carry the same registration number."""
    if not registration_number:
        return frozenset()
    same_number = (
        ExtractedField.objects.filter(name="registration_number")
        .filter(carries_value(registration_number))
        .exclude(extraction__document=document)
        .exclude(extraction__document__status__in=(Status.REJECTED, Status.FAILED))
        .values("extraction_id")
    )
    names = ExtractedField.objects.filter(name="company_name", extraction_id__in=same_number)
    return frozenset(f.current_value for f in names.only("corrected_value", "corrected_at", "value"))


def subject_for(document: Document) -> routing.Subject:
    extraction = document.extraction
    fields = list(extraction.fields.all())
    readings = tuple(routing.FieldReading(f.name, full_value(f), f.confidence) for f in fields)
    registration = next((r.value for r in readings if r.name == "registration_number" and r.value), "")
    return routing.Subject(
        kind=document.kind,
        resolution=extraction.resolution,
        fields=readings,
        other_company_names=other_company_names(document=document, registration_number=registration),
    )


def document_route(*, document: Document, rng: random.Random | None = None) -> None:
    """Decide between automatic approval and the reviewer queue, and record why.

    Called on `documents.events.document_read`, inside the pipeline's transaction, right after the extraction is
    stored."""
    decision = routing.decide(subject_for(document), policy=policy_current(), rng=rng or _system_random)
    before = document.status
    document.processed_at = document.processed_at or timezone.now()
    if decision.needs_review:
        document.status = Status.NEEDS_REVIEW
        document.save(update_fields=["status", "processed_at", "updated_at"])
        task, _created = ReviewTask.objects.get_or_create(document=document, defaults={"sampled": decision.sampled})
        task.reasons.all().delete()
        ReviewReason.objects.bulk_create(
            ReviewReason(task=task, code=r.code, field_name=r.field_name, detail=dict(r.detail))
            for r in decision.reasons
        )
        record(
            document=document, action=Action.ROUTED_TO_REVIEW, before={"status": before},
            after={"status": Status.NEEDS_REVIEW, "reasons": [_reason_json(r) for r in decision.reasons]},
        )
    else:
        document.status = Status.APPROVED
        document.save(update_fields=["status", "processed_at", "updated_at"])
        record(
            document=document, action=Action.AUTO_APPROVED, before={"status": before},
            after={"status": Status.APPROVED, "seen_by_person": False},
        )
        _announce_decision(document)


def _announce_decision(document: Document) -> None:
    """A document was approved or rejected, by the machine or a person: partners tell their webhooks, the registry
    registers an approved certificate's business (documents/events.py), in this transaction."""
    events.document_decided.send(sender=Document, document=document)


def task_reopen(*, document: Document, code: str, detail: dict, note: str, actor=None) -> ReviewTask:
    """Send a decided document back to the queue with one reason (`code`, `detail`): its task, if it had one, is
    opened again with no claim and no decision. Called on `documents.events.document_disputed`, in the sender's
    transaction."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    before = locked.status
    locked.status = Status.NEEDS_REVIEW
    locked.save(update_fields=["status", "updated_at"])
    task, created = ReviewTask.objects.get_or_create(document=locked)
    if not created:
        ReviewTask.objects.filter(pk=task.pk).update(
            outcome=ReviewTask.Outcome.OPEN, resolved_by=None, resolved_at=None, claimed_by=None,
            claimed_at=None, reject_reason="", reject_note="",
        )
    ReviewReason.objects.create(task=task, code=code, detail=detail)
    record(
        document=locked, action=Action.ROUTED_TO_REVIEW, before={"status": before}, actor=actor,
        after={"status": Status.NEEDS_REVIEW, "reasons": [{"code": code, **detail}]}, note=note,
    )
    document.status = Status.NEEDS_REVIEW
    return task


def _reason_json(reason: routing.Reason) -> dict:
    return {"code": reason.code, "field": reason.field_name, **dict(reason.detail)}


def task_withdraw(*, document: Document) -> bool:
    """The reading an open task was made for is gone (the document is read again as another kind): the task goes,
    so routing the new reading opens a fresh one; the caller records why in the audit trail. False when none was
    open."""
    task = ReviewTask.objects.filter(document=document, resolved_at__isnull=True).first()
    if task is None:
        return False
    task.delete()
    return True


# --- Claims ------------------------------------------------------------------------------------


class ReviewError(ApplicationError):
    """A reviewer's action cannot be done; the message is for the reviewer."""

    code = "review_refused"


def open_tasks_for(*, user):
    """Open tasks this user may take (four-eyes: never a document they uploaded)."""
    tasks = ReviewTask.objects.filter(resolved_at__isnull=True)
    if four_eyes():
        tasks = tasks.exclude(document__uploader=user)
    return tasks


def _claimable(now: dt.datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - claim_expiry())


def task_claim_next(*, user, kind: str = "", reason: str = "", now: dt.datetime | None = None) -> ReviewTask | None:
    """Claim the oldest unclaimed open task (or one whose claim expired) for `user`; None when the queue is empty.

    On PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so reviewers pressing Next at once
    each get a different task without waiting. Everywhere, the claim itself is a conditional UPDATE, so even
    without row locks (SQLite) two reviewers never hold the same task."""
    now = now or timezone.now()
    mine = open_tasks_for(user=user).filter(claimed_by=user, claimed_at__gte=now - claim_expiry()).first()
    if mine is not None:
        return mine  # finish what you hold before taking more
    candidates = open_tasks_for(user=user).filter(_claimable(now)).exclude(skipped_by=user)
    if kind:
        candidates = candidates.filter(document__kind=kind)
    if reason:
        candidates = candidates.filter(pk__in=ReviewReason.objects.filter(code=reason).values("task_id"))
    for _attempt in range(20):
        with transaction.atomic():
            locked = candidates.order_by("created_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                locked = locked.select_for_update(skip_locked=True, of=("self",))
            task = locked.first()
            if task is None:
                return None
            if _take(task, user=user, now=now):
                task.refresh_from_db()
                return task
    return None


def _take(task: ReviewTask, *, user, now: dt.datetime) -> bool:
    """Conditionally claim one task; False when someone else holds a live claim on it."""
    previous = task.claimed_by_id
    taken = ReviewTask.objects.filter(
        Q(pk=task.pk, resolved_at__isnull=True) & (_claimable(now) | Q(claimed_by=user))
    ).update(claimed_by=user, claimed_at=now)
    if taken and previous != user.pk:
        record(
            document=task.document_id, action=Action.CLAIMED, actor=user,
            before={"claimed_by": previous}, after={"claimed_by": user.pk},
        )
    return bool(taken)


def task_claim(*, task: ReviewTask, user, now: dt.datetime | None = None) -> ReviewTask:
    """Claim this particular task (opened from the queue list). Raises ReviewError when it is not available."""
    _check_may_review(task, user=user)
    with transaction.atomic():
        if not _take(task, user=user, now=now or timezone.now()):
            raise ReviewError(_("Another reviewer is working on this document."))
    task.refresh_from_db()
    return task


def _check_may_review(task: ReviewTask, *, user) -> None:
    if not task.is_open:
        raise ReviewError(_("This document has already been decided."))
    if four_eyes() and task.document.uploader_id == user.pk:
        raise ReviewError(_("You uploaded this document, so someone else must review it."))


def _hold(task: ReviewTask, *, user, now: dt.datetime) -> ReviewTask:
    """Lock the task for a decision by `user`; their claim may have lapsed as long as nobody else took it."""
    _check_may_review(task, user=user)
    locked = ReviewTask.objects.select_for_update().select_related("document").get(pk=task.pk)
    if not locked.is_open:
        raise ReviewError(_("This document has already been decided."))
    if locked.claimed_by_id not in (None, user.pk) and locked.claimed_at and locked.claimed_at >= now - claim_expiry():
        raise ReviewError(_("Another reviewer is working on this document."))
    return locked


def task_skip(*, task: ReviewTask, user, now: dt.datetime | None = None) -> None:
    """Hand the task back to the queue; this reviewer will not be offered it again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _hold(task, user=user, now=now)
        ReviewTask.objects.filter(pk=locked.pk).update(claimed_by=None, claimed_at=None)
        locked.skipped_by.add(user)
        record(document=locked.document_id, action=Action.SKIPPED, actor=user, before={"claimed_by": user.pk},
               after={"claimed_by": None})


# --- Corrections and decisions -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    field_id: int
    message: str
    field_name: str = ""


def clean_correction(*, field: ExtractedField, text: str) -> str:
    """What a reviewer typed, normalised the way the engine's readings are."""
    return normalise(field.name, text) if text.strip() else ""


def correction_problems(*, document: Document, corrections: dict[int, str]) -> list[FieldProblem]:
    """The same checks routing runs, on the values the document would be approved with."""
    today = timezone.localdate()
    fields = {f.pk: f for f in document.extraction.fields.all()}
    effective = {pk: (corrections[pk] if pk in corrections else full_value(f)) for pk, f in fields.items()}
    problems = []
    for pk, f in fields.items():
        for code in routing.value_problems(name=f.name, value=effective[pk], today=today):
            problems.append(FieldProblem(pk, str(routing.LABELS[code]), f.name))
    present = {f.name for pk, f in fields.items() if effective[pk]}
    for name in routing.REQUIRED_FIELDS.get(document.kind, ()):
        if name not in present:
            missing = next((pk for pk, f in fields.items() if f.name == name), 0)
            problems.append(FieldProblem(missing, _("%(field)s is required.") % {"field": _label(name)}, name))
    problems += _category_problems(fields=fields.values(), effective=effective)
    return problems


CATEGORY_REPEATED = gettext_lazy("This row repeats an earlier one; remove it.")


CATEGORY_LIMIT_KEY = "categories"  # FieldProblem.field_name of a problem with the list as a whole


def category_problem_key(index: int) -> str:
    """Where a problem with a whole category row is reported (FieldProblem.field_name)."""
    return f"category_{index}"


def _category_problems(*, fields: Iterable[ExtractedField], effective: dict[int, str]) -> list[FieldProblem]:
    """A business category row that repeats an earlier one, with the values the document would be approved with."""
    rows = dict(category_rows(fields))
    values = [
        (index, *(effective[row[name].pk] if name in row else "" for name in CATEGORY_FIELDS))
        for index, row in rows.items()
    ]
    problems = [
        FieldProblem(next(iter(rows[index].values())).pk, str(CATEGORY_REPEATED), category_problem_key(index))
        for index in sorted(categories.repeated_rows(values))
    ]
    if len(rows) > categories.MAX_ROWS:
        problems.append(FieldProblem(0, category_limit_message(), CATEGORY_LIMIT_KEY))
    return problems


def category_limit_message() -> str:
    return _("At most %(n)d rows.") % {"n": categories.MAX_ROWS}


def _label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def field_correct(*, field: ExtractedField, user, value: str, now: dt.datetime | None = None) -> bool:
    """Store a reviewer's correction next to the machine's value, with an audit row. False when nothing changed.

    A card number's full value is kept only encrypted (replacing the machine's, under the same retention);
    the correction column holds the mask."""
    now = now or timezone.now()
    before = full_value(field)
    if value == before:
        return False
    if field.is_card_number:
        field.value_encrypted = cards.encrypt(value) if value else ""
        field.corrected_value = cards.mask(value)
    else:
        field.corrected_value = value
    field.corrected_by, field.corrected_at = user, now
    field.save(update_fields=["value_encrypted", "corrected_value", "corrected_by", "corrected_at"])
    row = {"index": field.index} if field.name in CATEGORY_FIELDS else {}  # which business category row
    record(
        document=field.extraction.document_id, action=Action.FIELD_CORRECTED, actor=user, field_name=field.name,
        before={"value": before, "machine_value": field.value, "confidence": field.confidence, **row},
        after={"value": value, **row},
    )
    return True


def task_approve(
    *,
    task: ReviewTask,
    user,
    corrections: dict[int, str] | None = None,
    additions: dict[str, str] | None = None,
    category_additions: dict[tuple[int, str], str] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Apply corrections (field id -> typed text; "" strikes a value out, e.g. a business category row removed),
    add what the engine did not read at all (field name -> typed text; (category row, field name) -> typed text
    for a row the reviewer added or a blank half of a read row), and approve. Raises ReviewError, or
    ValidationFailed (and then nothing is stored)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _hold(task, user=user, now=now)
        document = locked.document
        corrections = dict(corrections or {})
        for name, text in (additions or {}).items():
            if text.strip() and not document.extraction.fields.filter(name=name).exists():
                added = _field_added(document=document, name=name)
                corrections[added.pk] = text
        typed_categories = category_additions if document.kind == Kind.BUSINESS_CERTIFICATE else None
        for (index, name), text in sorted((typed_categories or {}).items()):
            if name in CATEGORY_FIELDS and text.strip() and not document.extraction.fields.filter(
                name=name, index=index
            ).exists():
                added = _field_added(document=document, name=name, index=index)
                corrections[added.pk] = text
        fields = {f.pk: f for f in document.extraction.fields.all()}
        cleaned = {
            pk: clean_correction(field=fields[pk], text=text)
            for pk, text in corrections.items() if pk in fields
        }
        problems = correction_problems(document=document, corrections=cleaned)
        if problems:
            raise ValidationFailed(problems)
        for pk, value in cleaned.items():
            field_correct(field=fields[pk], user=user, value=value, now=now)
        _resolve(locked, document=document, user=user, outcome=ReviewTask.Outcome.APPROVED, now=now)


def _field_added(*, document: Document, name: str, index: int = 0) -> ExtractedField:
    """An empty machine reading for a field the engine did not find; the reviewer's value goes in as a correction."""
    extraction = document.extraction
    last = extraction.fields.order_by("-position").values_list("position", flat=True).first()
    return ExtractedField.objects.create(
        extraction=extraction, position=(last or 0) + 1, name=name, index=index, raw_key="", raw_text="", value="",
        confidence=0.0, box=[],
    )


class ValidationFailed(ReviewError):
    code = "invalid"

    def __init__(self, problems: list[FieldProblem]):
        super().__init__(_("Some values fail their checks; correct them or reject the document."))
        self.problems = problems


REJECT_REASONS = {
    "illegible": _("Illegible or incomplete image"),
    "wrong_kind": _("Not the expected kind of document"),
    "invalid": _("Numbers fail their checks (possibly forged or altered)"),
    "expired": _("Expired or out of date"),
    "duplicate": _("Duplicate or conflicting with a document on file"),
    "other": _("Other (see note)"),
}


def task_reject(*, task: ReviewTask, user, reason: str, note: str = "", now: dt.datetime | None = None) -> None:
    if reason not in REJECT_REASONS:
        raise ReviewError(_("Choose a reason for the rejection."))
    if reason == "other" and not note.strip():
        raise ReviewError(_("Say why in the note."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _hold(task, user=user, now=now)
        locked.reject_reason, locked.reject_note = reason, note.strip()
        _resolve(locked, document=locked.document, user=user, outcome=ReviewTask.Outcome.REJECTED, now=now)


def _resolve(task: ReviewTask, *, document: Document, user, outcome: str, now: dt.datetime) -> None:
    before = document.status
    task.outcome, task.resolved_by, task.resolved_at = outcome, user, now
    task.claimed_by, task.claimed_at = user, task.claimed_at or now
    task.save(update_fields=["outcome", "resolved_by", "resolved_at", "claimed_by", "claimed_at",
                             "reject_reason", "reject_note"])
    document.status = Status.APPROVED if outcome == ReviewTask.Outcome.APPROVED else Status.REJECTED
    document.save(update_fields=["status", "updated_at"])
    action = Action.APPROVED if outcome == ReviewTask.Outcome.APPROVED else Action.REJECTED
    after = {"status": document.status, "seen_by_person": True}
    if task.reject_reason:
        after["reason"] = task.reject_reason
    record(document=document, action=action, actor=user, before={"status": before}, after=after, note=task.reject_note)
    _announce_decision(document)

