"""Every domain event has the receivers it must have: a receivers module that no `ready()` imports would otherwise
skip routing, webhooks or erasure without a sound (documents/events.py)."""

import pytest
from django.db import transaction
from django.dispatch import Signal

from documents import events
from documents.audit import Action
from documents.kinds import Status
from documents.models import AuditEvent
from reviews import services as review_services
from tests.factories import read_document

EXPECTED_RECEIVERS = {
    "document_read": {"registry.check_read_certificate"},
    "document_checked": {"reviews.route_checked_document"},
    "document_approving": {"registry.check_values_before_approval"},
    "document_decided": {
        "partners.announce_decision", "registry.register_approved_certificate",
        "notifications.tell_uploader_of_decision",
    },
    "document_failed": {"partners.announce_failure", "notifications.tell_uploader_of_failure"},
    "document_erased": {
        "reviews.drop_erased_task", "registry.unlink_erased_document", "partners.forget_erased_document",
        "notifications.forget_erased_document",
    },
    "document_kind_changed": {"reviews.withdraw_task_of_old_kind"},
    "document_disputed": {"reviews.reopen_disputed_document", "partners.announce_dispute"},
    "document_review_requested": {
        "reviews.reopen_requested_review", "registry.unlink_document_back_in_review",
        "partners.announce_review_request",
    },
    "business_status_changed": {"partners.announce_business_status"},
}


def _connected(signal: Signal) -> set[str]:
    return {lookup_key[0] for lookup_key, *_rest in signal.receivers}  # (dispatch_uid, sender id)


def test_every_event_has_exactly_its_expected_receivers():
    signals = {name: value for name, value in vars(events).items() if isinstance(value, Signal)}

    assert set(signals) == set(EXPECTED_RECEIVERS), "a new event needs its receivers listed here"
    assert {name: _connected(signal) for name, signal in signals.items()} == EXPECTED_RECEIVERS


@pytest.mark.django_db
def test_a_failing_receiver_undoes_the_decision_instead_of_being_skipped():
    """Receivers run inside the sender's transaction: an approval whose webhook outbox row (say) cannot be written
    is not half-made; the whole decision rolls back and the pipeline tries again."""
    document = read_document()

    def outbox_down(sender, **kwargs):
        raise RuntimeError("the outbox table is unreachable")

    events.document_decided.connect(outbox_down, dispatch_uid="test.outbox_down")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            review_services.document_route(document=document)
    finally:
        events.document_decided.disconnect(dispatch_uid="test.outbox_down")

    document.refresh_from_db()
    assert document.status == Status.PROCESSING
    assert not AuditEvent.objects.filter(document=document, action=Action.AUTO_APPROVED).exists()
