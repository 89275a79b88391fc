"""What happens to a document once the machine has read it, and what reviewers do to it.

Every change made here is written to the audit trail (documents.audit) in the same transaction.
"""

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import cards, events
from documents import services as document_services
from documents.audit import Action, record
from documents.errors import ApplicationError
from documents.kinds import CATEGORY_FIELDS, FIELD_LABELS, Kind, Status
from documents.models import Document, ExtractedField
from documents.ocr.fields import normalise
from documents.selectors import carries_value, category_rows, full_value, same_file_documents

from . import categories, routing
from .models import ConfidenceThreshold, ImportantField, ReviewReason, ReviewTask

_system_random = random.SystemRandom()


# --- Settings (config/settings.py) ---------------------------------------------------------------


def sample_rate() -> float:
    return float(settings.REVIEW_SAMPLE_RATE)


def claim_expiry() -> dt.timedelta:
    return dt.timedelta(minutes=float(settings.REVIEW_CLAIM_MINUTES))


def four_eyes() -> bool:
    return bool(settings.REVIEW_FOUR_EYES)


def policy_current(*, today: dt.date | None = None) -> routing.Policy:
    """The routing policy in force: settings, plus the thresholds and important fields an admin set in the Django
    admin."""
    return routing.Policy(
        today=today or timezone.localdate(),
        default_threshold=float(settings.REVIEW_CONFIDENCE_THRESHOLD),
        thresholds={(t.kind, t.field_name): t.threshold for t in ConfidenceThreshold.objects.all()},
        sample_rate=sample_rate(),
        important=important_fields(),
    )


def important_fields() -> dict[str, frozenset[str]]:
    """Per kind, the fields whose confidence decides: the admin's rows, or the defaults for a kind with none."""
    rows: dict[str, set[str]] = {}
    for kind, name in ImportantField.objects.values_list("kind", "field_name"):
        rows.setdefault(kind, set()).add(name)
    return {kind: frozenset(rows.get(kind, defaults)) for kind, defaults in routing.IMPORTANT_FIELDS.items()}


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


def reading_of(field: ExtractedField) -> routing.FieldReading:
    """What routing sees of one stored field: a value the tax office confirmed is `verified`."""
    return routing.FieldReading(field.name, full_value(field), field.confidence, field.is_verified)


def subject_for(document: Document, *, verdict: events.Verdict | None = None,
                fields: list[ExtractedField] | None = None) -> routing.Subject:
    extraction = document.extraction
    fields = list(extraction.fields.all()) if fields is None else fields
    readings = tuple(reading_of(f) for f in fields)
    registration = next((r.value for r in readings if r.name == "registration_number" and r.value), "")
    return routing.Subject(
        kind=document.kind,
        resolution=extraction.resolution,
        fields=readings,
        other_company_names=other_company_names(document=document, registration_number=registration),
        verdict=verdict,
    )


def document_route(*, document: Document, verdict: events.Verdict | None = None,
                   rng: random.Random | None = None) -> None:
    """Decide between automatic approval and the reviewer queue, and record why.

    Called on `documents.events.document_checked`, inside the transaction that announces it: the pipeline's, right
    after the extraction is stored, when the tax office could not be asked; else the registry's, once it answered
    (`verdict`; fields it confirmed are already marked verified)."""
    policy = policy_current()
    fields = list(document.extraction.fields.all())
    decision = routing.decide(subject_for(document, verdict=verdict, fields=fields), policy=policy,
                              rng=rng or _system_random)
    _mark_unverified(fields, kind=document.kind, policy=policy)
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
            after={"status": Status.APPROVED, "seen_by_person": False,
                   **({"unverified": sorted(decision.unverified)} if decision.unverified else {})},
        )
        _announce_decision(document)


def _mark_unverified(fields: list[ExtractedField], *, kind: str, policy: routing.Policy) -> None:
    """Store which fields were unsure without deciding (routing.is_unverified): the page, the review screen and the
    API show them as unverified until a person approves the document."""
    flags = {f.pk: routing.is_unverified(reading_of(f), kind=kind, policy=policy) for f in fields}
    for unverified in (True, False):
        changed = [pk for pk, flag in flags.items() if flag == unverified]
        if changed:
            ExtractedField.objects.filter(pk__in=changed).exclude(unverified=unverified).update(unverified=unverified)


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


def tasks_matching(tasks, *, kind: str = "", reason: str = ""):
    """The tasks a queue filtered by kind and review reason shows ("" for no filter)."""
    if kind:
        tasks = tasks.filter(document__kind=kind)
    if reason:
        tasks = tasks.filter(pk__in=ReviewReason.objects.filter(code=reason).values("task_id"))
    return tasks


def _claimable(now: dt.datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - claim_expiry())


def task_claim_next(*, user, kind: str = "", reason: str = "", now: dt.datetime | None = None) -> ReviewTask | None:
    """Claim the oldest unclaimed open task (or one whose claim expired) for `user`; None when the queue is empty.

    On PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so reviewers pressing Next at once
    each get a different task without waiting. Everywhere, the claim itself is a conditional UPDATE, so even
    without row locks (SQLite) two reviewers never hold the same task."""
    now = now or timezone.now()
    matching = tasks_matching(open_tasks_for(user=user), kind=kind, reason=reason)
    mine = matching.filter(claimed_by=user, claimed_at__gte=now - claim_expiry()).order_by("created_at", "id").first()
    if mine is not None:
        return mine  # finish what you hold (in this queue: a held item the filters leave out is not it) first
    candidates = matching.filter(_claimable(now)).exclude(skipped_by=user)
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


def task_release(*, task: ReviewTask, user, now: dt.datetime | None = None) -> None:
    """Give up a claim without deciding: the task is back in the queue at once, for anyone (this reviewer too, unlike
    Skip). Audited."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _hold(task, user=user, now=now)
        if locked.claimed_by_id != user.pk:
            raise ReviewError(_("You do not hold this document, so there is nothing to release."))
        ReviewTask.objects.filter(pk=locked.pk).update(claimed_by=None, claimed_at=None)
        record(document=locked.document_id, action=Action.RELEASED, actor=user, before={"claimed_by": user.pk},
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
    field.verified_by, field.verified_at = "", None  # what the tax office confirmed was the value before
    field.save(update_fields=["value_encrypted", "corrected_value", "corrected_by", "corrected_at", "verified_by",
                              "verified_at"])
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
    duplicates: bool = False,
    applied_from: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Apply corrections (field id -> typed text; "" strikes a value out, e.g. a business category row removed),
    add what the engine did not read at all (field name -> typed text; (category row, field name) -> typed text
    for a row the reviewer added or a blank half of a read row), and approve. Raises ReviewError, or
    ValidationFailed (and then nothing is stored)."""
    now = now or timezone.now()
    # Asked before the transaction: no row stays locked while the tax office answers.
    _check_may_review(task, user=user)
    verdict, checked_values = _tax_office_verdict(document=task.document, corrections=corrections or {},
                                                  additions=additions or {})
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
        if verdict is not None and verdict.mismatch:
            problems.append(_mismatch_problem(fields.values()))
        if problems:
            raise ValidationFailed(problems)
        for pk, value in cleaned.items():
            field_correct(field=fields[pk], user=user, value=value, now=now)
        if verdict is not None and verdict.verified:
            document_services.fields_mark_verified(document=document, names=verdict.verified, by=verdict.source,
                                                   at=verdict.checked_at, values=checked_values)
        _resolve(locked, document=document, user=user, outcome=ReviewTask.Outcome.APPROVED, now=now,
                 applied_from=applied_from)
    return duplicates_decide(task=locked, user=user, now=now) if duplicates else 0


def _tax_office_verdict(*, document: Document, corrections: dict[int, str],
                        additions: dict[str, str]) -> tuple[events.Verdict | None, dict[str, str]]:
    """A certificate about to be approved with values the tax office has not confirmed (a reviewer corrected one,
    or it was never confirmed): the registry asks the office (documents.events.document_approving). None when it
    was not asked or could not be (then the check after approval remains)."""
    if document.kind != Kind.BUSINESS_CERTIFICATE:
        return None, {}
    fields = {f.name: f for f in document.extraction.fields.all() if f.index == 0}
    values, changed = {}, False
    for name in events.TAX_OFFICE_FIELDS:
        field = fields.get(name)
        if field is not None and field.pk in corrections:
            values[name] = clean_correction(field=field, text=corrections[field.pk])
            changed |= values[name] != full_value(field)
        elif field is None and (additions.get(name) or "").strip():
            values[name], changed = normalise(name, additions[name]), True
        else:
            values[name] = full_value(field) if field is not None else ""
    confirmed = all(name in fields and fields[name].is_verified for name in events.TAX_OFFICE_FIELDS[:3])
    if confirmed and not changed:
        return None, values
    answers = events.document_approving.send(sender=Document, document=document, values=values)
    return next((verdict for _receiver, verdict in answers if verdict is not None), None), values


def _mismatch_problem(fields: Iterable[ExtractedField]) -> FieldProblem:
    number = next((f for f in fields if f.name == "registration_number" and f.index == 0), None)
    return FieldProblem(
        number.pk if number is not None else 0,
        _("The tax office's records still do not match these values (registration number, opening date, "
          "representative): correct them, or reject the document."),
        "registration_number",
    )


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


# Lazy: the labels are read in the language of the page that shows them, not the one active at import.
REJECT_REASONS = {
    "illegible": gettext_lazy("Illegible or incomplete image"),
    "wrong_kind": gettext_lazy("Not the expected kind of document"),
    "invalid": gettext_lazy("Numbers fail their checks (possibly forged or altered)"),
    "expired": gettext_lazy("Expired or out of date"),
    "duplicate": gettext_lazy("Duplicate or conflicting with a document on file"),
    "other": gettext_lazy("Other (see note)"),
}


def task_reject(
    *,
    task: ReviewTask,
    user,
    reason: str,
    note: str = "",
    duplicates: bool = False,
    applied_from: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Reject with a reason (and a note, required for "other"). `duplicates`, `applied_from` and the answer: as
    task_approve's."""
    if reason not in REJECT_REASONS:
        raise ReviewError(_("Choose a reason for the rejection."))
    if reason == "other" and not note.strip():
        raise ReviewError(_("Say why in the note."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _hold(task, user=user, now=now)
        locked.reject_reason, locked.reject_note = reason, note.strip()
        _resolve(locked, document=locked.document, user=user, outcome=ReviewTask.Outcome.REJECTED, now=now,
                 applied_from=applied_from)
    return duplicates_decide(task=locked, user=user, now=now) if duplicates else 0


def _resolve(
    task: ReviewTask, *, document: Document, user, outcome: str, now: dt.datetime, applied_from: int | None = None
) -> None:
    before = document.status
    task.outcome, task.resolved_by, task.resolved_at = outcome, user, now
    task.claimed_by, task.claimed_at = user, task.claimed_at or now
    task.save(update_fields=["outcome", "resolved_by", "resolved_at", "claimed_by", "claimed_at",
                             "reject_reason", "reject_note"])
    document.status = Status.APPROVED if outcome == ReviewTask.Outcome.APPROVED else Status.REJECTED
    document.save(update_fields=["status", "updated_at"])
    if outcome == ReviewTask.Outcome.APPROVED:  # a person has seen every field now
        ExtractedField.objects.filter(extraction__document=document, unverified=True).update(unverified=False)
    action = Action.APPROVED if outcome == ReviewTask.Outcome.APPROVED else Action.REJECTED
    after = {"status": document.status, "seen_by_person": True}
    if task.reject_reason:
        after["reason"] = task.reject_reason
    if applied_from is not None:
        after["applied_from"] = applied_from  # the same file's decision, repeated for this one
    record(document=document, action=action, actor=user, before={"status": before}, after=after, note=task.reject_note)
    _announce_decision(document)



# --- Duplicates: the same file uploaded again (documents.selectors.same_file_documents) -----------------


# Reasons a decision on another document never settles: someone asked for a person to look at this one.
NEVER_APPLIED_TO_DUPLICATES = (routing.Code.REVIEW_REQUESTED,)


def open_duplicate_tasks(*, task: ReviewTask, user, now: dt.datetime | None = None) -> list[ReviewTask]:
    """The open review tasks of this document's duplicates that `user` could decide now: same file, same kind,
    waiting for review, not held by another reviewer (and, with four eyes, not uploaded by `user`)."""
    now = now or timezone.now()
    document = task.document
    same_file = same_file_documents(document=document).filter(kind=document.kind, status=Status.NEEDS_REVIEW)
    # A duplicate waits for the same reasons as this one, or fewer: a reason this reviewer did not see (a closed
    # business, a company name the office has otherwise, a request for a second look) needs its own person.
    seen = set(task.reasons.values_list("code", flat=True))
    unseen = ReviewReason.objects.filter(task=OuterRef("pk")).exclude(code__in=seen)
    return list(
        open_tasks_for(user=user)
        .filter(document__in=same_file)
        .filter(_claimable(now) | Q(claimed_by=user))
        .exclude(Exists(unseen))
        .exclude(reasons__code__in=NEVER_APPLIED_TO_DUPLICATES)
        .select_related("document")
        .order_by("document_id")
    )


def _values_of(document: Document) -> dict[tuple[str, int], str]:
    """(field name, row) -> the value the document was decided with (full card number while retained)."""
    return {(f.name, f.index): full_value(f) for f in document.extraction.fields.all()}


def duplicates_decide(*, task: ReviewTask, user, now: dt.datetime | None = None) -> int:
    """Repeat the decision just made on `task` for each open duplicate (open_duplicate_tasks): an approval with the
    same values (each difference becomes that document's correction), a rejection with the same reason and note.
    Each goes through task_approve or task_reject, so each is checked, audited (with `applied_from`) and announced
    on its own; one that cannot be decided now (taken meanwhile, its values fail a check) is left in the queue.
    Returns how many were decided."""
    decided = 0
    original = task.document
    values = _values_of(original) if task.outcome == ReviewTask.Outcome.APPROVED else {}
    for duplicate in open_duplicate_tasks(task=task, user=user, now=now):
        try:
            if task.outcome == ReviewTask.Outcome.APPROVED:
                fields = list(duplicate.document.extraction.fields.all())
                held = {(f.name, f.index) for f in fields}
                task_approve(
                    task=duplicate, user=user, applied_from=original.pk, now=now,
                    corrections={
                        f.pk: values[(f.name, f.index)] for f in fields
                        if (f.name, f.index) in values and values[(f.name, f.index)] != full_value(f)
                    },
                    additions={name: value for (name, index), value in values.items()
                               if index == 0 and name not in CATEGORY_FIELDS and (name, index) not in held},
                    category_additions={(index, name): value for (name, index), value in values.items()
                                        if name in CATEGORY_FIELDS and (name, index) not in held},
                )
            else:
                task_reject(task=duplicate, user=user, reason=task.reject_reason, note=task.reject_note,
                            applied_from=original.pk, now=now)
        except ReviewError:  # ValidationFailed too: nothing was stored for this one
            continue
        decided += 1
    return decided
