"""What happens to documents, announced to whoever keeps something about them (Django signals).

The base app announces; the apps above it listen in their own `receivers.py`, connected in their
`AppConfig.ready()`. The sender never imports a listener, so dependencies point one way (DESIGN.md). Every signal
is sent with `send`, not `send_robust`, inside the transaction of the change it announces: a receiver's effect
that must commit together with the change (an audit row, a webhook outbox row, a review task) is written in that
transaction, and a failing receiver undoes the change instead of being skipped. What reaches the outside world
(a queued task, an e-mail, a deleted file) a receiver defers with `transaction.on_commit`. One signal asks rather
than announces: `document_approving` is sent before the approval's transaction, and its receivers' answers decide.

tests/test_events.py lists the receivers each signal must have.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.dispatch import Signal

# document: its reading is stored (status still `processing`). The registry checks it with the tax office when it
# can (or at once says it cannot) and announces `document_checked`.
document_read = Signal()

# The certificate fields the tax office's authenticity check compares (the first three always, the company name when
# read); a Verdict's `verified` names some of them.
TAX_OFFICE_FIELDS = ("registration_number", "opening_date", "representative", "company_name")

# Business states a Verdict names (registry.models.BusinessState's values).
STATE_ACTIVE, STATE_SUSPENDED, STATE_CLOSED = "active", "suspended", "closed"


@dataclass(frozen=True)
class Verdict:
    """What the tax office said about a certificate's reading, before anyone decided on it."""

    source: str  # the provider that answered: "nts"
    checked_at: dt.datetime
    verified: tuple[str, ...] = ()  # field names whose values (index 0) the office confirmed
    mismatch: Mapping | None = None  # the office's records contradict the reading: {number, provider, code, message}
    # fields the office's records contradict while the rest matched: the company name (printed otherwise, or misread)
    disputed: tuple[str, ...] = ()
    business_state: str = ""  # STATE_* or "unknown"; "" when the status was not learnt
    closed_on: str = ""  # YYYY-MM-DD, for a closed business when the office says


# document, verdict (Verdict, or None when nobody could check: provider unable, down, not a certificate): what was
# read is checked as far as it can be, in one transaction with the fields marked verified. Reviews routes it:
# approve, or queue for a person.
document_checked = Signal()

# document, values ({field name: value} of the main row, as a reviewer is about to approve them): a reviewer
# approves a certificate whose values the tax office has not confirmed. Sent outside any transaction; a receiver
# that can ask the office answers a Verdict (None: it cannot), and reviews refuses the approval on a mismatch.
document_approving = Signal()

# document: approved or rejected (document.status says which), by the machine or a person.
# Partners tell their webhooks; the registry registers an approved certificate's business.
document_decided = Signal()

# document: failed (document.error_code / error_message say why). Partners tell their webhooks.
document_failed = Signal()

# document: its file and readings are erased (document.erasure says by whom). Each app removes what it keeps
# about the document: reviews its task, the registry its link to a business.
document_erased = Signal()

# document, before ({"kind", "status"}): to be read again as another kind; its reading is gone already.
# Reviews withdraws the open task made for the old reading and answers True when it did (the audit row says so).
document_kind_changed = Signal()

# document, code, detail (dict), note: an outside authority (the tax office) contradicts what was approved.
# Reviews reopens the document's review task with that reason.
document_disputed = Signal()
REGISTRY_MISMATCH = "registry_mismatch"  # document_disputed's code when the tax office's records disagree

# document, actor: a member of staff sends a decided document (approved or rejected) back to a reviewer.
# Reviews reopens its review task with the reason REVIEW_REQUESTED and records who asked; the registry unlinks the
# document from its business until it is approved again.
document_review_requested = Signal()
REVIEW_REQUESTED = "review_requested"

# changes: [(business, {"previous_state": ..., "checked_at": ...}), ...]: businesses whose state moved into or
# out of suspended/closed. Partners tell their webhooks.
business_status_changed = Signal()
