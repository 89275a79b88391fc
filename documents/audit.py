"""The audit trail: one row for every state change and every correction.

It lives in the base app so that every app can write to it without reaching up: the pipeline calls
`record_status` at each of its own transitions (received -> processing -> ...), the review workflow, the
registry and the API record what they change themselves. Card numbers are stored masked, never in full.
"""

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from . import cards, failures
from .models import AuditEvent, Document


class Action:
    STATUS_CHANGED = "status_changed"
    ROUTED_TO_REVIEW = "routed_to_review"
    AUTO_APPROVED = "auto_approved"
    CLAIMED = "claimed"
    SKIPPED = "skipped"
    RELEASED = "released"
    FIELD_CORRECTED = "field_corrected"
    APPROVED = "approved"
    REJECTED = "rejected"
    CARD_NUMBER_REVEALED = "card_number_revealed"
    ERASED = "erased"
    KIND_CHANGED = "kind_changed"
    VERIFIED = "verified"


ACTION_LABELS = {
    Action.STATUS_CHANGED: _("Status changed"),
    Action.ROUTED_TO_REVIEW: _("Sent to review"),
    Action.AUTO_APPROVED: _("Approved automatically, seen by no person"),
    Action.CLAIMED: _("Taken by a reviewer"),
    Action.SKIPPED: _("Skipped"),
    Action.RELEASED: _("Released by the reviewer, back in the queue"),
    Action.FIELD_CORRECTED: _("Field corrected"),
    Action.APPROVED: _("Approved by a reviewer"),
    Action.REJECTED: _("Rejected by a reviewer"),
    Action.CARD_NUMBER_REVEALED: _("Full card number revealed"),
    Action.KIND_CHANGED: _("Kind changed, to be read again"),
    Action.ERASED: _("File and personal data erased"),
    Action.VERIFIED: _("Values confirmed by the tax office"),
}


# The pipeline's own sub-lines under a status change, stored as these words and translated when shown.
NOTE_LABELS = {
    "uploaded": _("uploaded"),
    "retry": _("retry"),
    "credential hold ended": _("credential hold ended"),
}
ATTEMPT_NOTE = re.compile(r"attempt ([0-9]+)")


def note_text(note: str, *, operator: bool) -> str:
    """An event's note in the reader's language: the pipeline's sub-lines (`uploaded`, `attempt 2`, `retry`), a
    failure (`<code>: <message>`, an operator-only detail for operators only), or what a person typed, as typed."""
    if note in NOTE_LABELS:
        return str(NOTE_LABELS[note])
    if attempt := ATTEMPT_NOTE.fullmatch(note):
        return str(_("attempt %(n)s")) % {"n": attempt.group(1)}
    if ": " in note:
        return failures.note_for(note, operator=operator)
    return failures.translated(note)  # a note the code wrote in the source language; a person's note as typed


def _safe(value: Any, *, field_name: str) -> Any:
    """A copy with no full card number left in it, however deep."""
    if isinstance(value, dict):
        return {key: _safe(item, field_name=field_name) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(item, field_name=field_name) for item in value]
    if isinstance(value, str):
        return cards.mask(value) if field_name == "card_number" and value else cards.mask_in_text(value)
    return value


def record(
    *,
    document: Document | int,
    action: str,
    actor=None,
    field_name: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. `actor` is None when the machine acted."""
    document_id = document if isinstance(document, int) else document.pk
    return AuditEvent.objects.create(
        document_id=document_id,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        field_name=field_name,
        before=_safe(before, field_name=field_name),
        after=_safe(after, field_name=field_name),
        note=cards.mask_in_text(note),
    )


def record_status(*, document: Document | int, before: str, after: str, actor=None, note: str = "") -> AuditEvent:
    """A document's status moved from `before` to `after`."""
    return record(
        document=document, action=Action.STATUS_CHANGED, actor=actor, before={"status": before},
        after={"status": after}, note=note,
    )


def events_for(*, document: Document | int) -> QuerySet[AuditEvent]:
    document_id = document if isinstance(document, int) else document.pk
    return AuditEvent.objects.filter(document_id=document_id).select_related("actor")
