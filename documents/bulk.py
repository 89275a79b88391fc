"""Actions on many documents at once, from the list's checkboxes. Each document goes through the very service its
own form calls (retry, change kind, send to review, erase), so it is checked and audited exactly like it; what was
not done is counted by reason, for one summary message."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import erasure, selectors, services
from .errors import Forbidden
from .kinds import Kind, Status
from .roles import user_is_admin

RETRY, CHANGE_KIND, REVIEW, ERASE = "retry", "change_kind", "review", "erase"
ACTIONS = (RETRY, CHANGE_KIND, REVIEW, ERASE)

NOT_FOUND = gettext_lazy("not found")
NOT_FAILED = gettext_lazy("not failed")
SAME_KIND = gettext_lazy("already that kind")
NOT_CHANGEABLE = gettext_lazy("not read yet, or already decided")
ALREADY_WAITING = gettext_lazy("already waiting for review")
NOT_DECIDED = gettext_lazy("not decided yet")
STILL_READING = gettext_lazy("still being read")


class BulkForbidden(Forbidden):
    """The action is not this user's to do, on any document."""


@dataclass
class BulkOutcome:
    action: str
    kind: str = ""
    done: list[int] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason (lazy text) -> count

    def summary(self) -> str:
        """`3 retried, 1 skipped: not failed`."""
        n = len(self.done)
        parts = [{
            RETRY: ngettext("%(n)d retried", "%(n)d retried", n),
            CHANGE_KIND: ngettext("%(n)d sent to be read again as %(kind)s",
                                  "%(n)d sent to be read again as %(kind)s", n),
            REVIEW: ngettext("%(n)d sent to review", "%(n)d sent to review", n),
            ERASE: ngettext("%(n)d erased", "%(n)d erased", n),
        }[self.action] % {"n": n, "kind": Kind(self.kind).label if self.kind else ""}]
        for reason, count in self.skipped.items():
            parts.append(ngettext("%(n)d skipped: %(reason)s", "%(n)d skipped: %(reason)s", count)
                         % {"n": count, "reason": reason})
        return ", ".join(parts) + "."


def check_allowed(*, user, action: str) -> None:
    """Erasing is for administrators, sending back to review for reviewers: refused as a whole, before any row."""
    if action == ERASE and not user_is_admin(user):
        raise BulkForbidden(_("Only an administrator may erase documents."))
    if action == REVIEW and not services.may_send_to_review(user=user):
        raise BulkForbidden(_("Only a reviewer may send documents to review."))


def documents_bulk(*, user, action: str, document_ids: list[int], kind: str = "") -> BulkOutcome:
    check_allowed(user=user, action=action)
    outcome = BulkOutcome(action=action, kind=kind)
    documents = {d.pk: d for d in selectors.documents_visible_to(user).filter(pk__in=document_ids)}
    for document_id in dict.fromkeys(document_ids):  # in the order given, once each
        document = documents.get(document_id)
        reason = NOT_FOUND if document is None else _apply(document, user=user, action=action, kind=kind)
        if reason is None:
            outcome.done.append(document_id)
        else:
            outcome.skipped[reason] += 1
    return outcome


def _apply(document, *, user, action: str, kind: str):
    """Do `action` to one document through its own service; None when done, else why not."""
    if action == RETRY:
        return None if services.document_retry(document=document, actor=user) else NOT_FAILED
    if action == CHANGE_KIND:
        if document.kind == kind:
            return SAME_KIND
        if not services.may_change_kind(document=document, user=user):
            return NOT_CHANGEABLE
        return None if services.document_change_kind(document=document, kind=kind, actor=user) else NOT_CHANGEABLE
    if action == REVIEW:
        if document.status == Status.NEEDS_REVIEW:
            return ALREADY_WAITING
        return None if services.document_send_to_review(document=document, actor=user) else NOT_DECIDED
    if action == ERASE:
        try:
            erasure.document_erase(document=document, user=user)
        except erasure.ErasureRefused:
            return STILL_READING
        return None
    raise ValueError(action)
