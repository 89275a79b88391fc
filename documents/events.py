"""What happens to documents, announced to whoever keeps something about them (Django signals).

The base app announces; the apps above it listen in their own `receivers.py`, connected in their
`AppConfig.ready()`. The sender never imports a listener, so dependencies point one way (DESIGN.md). Every signal
is sent with `send`, not `send_robust`, inside the transaction of the change it announces: a receiver's effect
that must commit together with the change (an audit row, a webhook outbox row, a review task) is written in that
transaction, and a failing receiver undoes the change instead of being skipped. What reaches the outside world
(a queued task, an e-mail, a deleted file) a receiver defers with `transaction.on_commit`.

tests/test_events.py lists the receivers each signal must have.
"""

from django.dispatch import Signal

# document: its reading is stored (status still `processing`). Reviews routes it: approve, or queue for a person.
document_read = Signal()

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
# Reviews reopens its review task with the reason REVIEW_REQUESTED and records who asked.
document_review_requested = Signal()
REVIEW_REQUESTED = "review_requested"

# changes: [(business, {"previous_state": ..., "checked_at": ...}), ...]: businesses whose state moved into or
# out of suspended/closed. Partners tell their webhooks.
business_status_changed = Signal()
