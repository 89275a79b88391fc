"""Every domain event has the receivers it must have: a receivers module that no `ready()` imports would otherwise
skip routing, webhooks or erasure without a sound (documents/events.py)."""

from django.dispatch import Signal

from documents import events

EXPECTED_RECEIVERS = {
    "document_read": {"reviews.route_read_document"},
    "document_decided": {"partners.announce_decision", "registry.register_approved_certificate"},
    "document_failed": {"partners.announce_failure"},
    "document_erased": {"reviews.drop_erased_task", "registry.unlink_erased_document"},
    "document_kind_changed": {"reviews.withdraw_task_of_old_kind"},
    "document_disputed": {"reviews.reopen_disputed_document"},
    "business_status_changed": {"partners.announce_business_status"},
}


def _connected(signal: Signal) -> set[str]:
    return {lookup_key[0] for lookup_key, *_rest in signal.receivers}  # (dispatch_uid, sender id)


def test_every_event_has_exactly_its_expected_receivers():
    signals = {name: value for name, value in vars(events).items() if isinstance(value, Signal)}

    assert set(signals) == set(EXPECTED_RECEIVERS), "a new event needs its receivers listed here"
    assert {name: _connected(signal) for name, signal in signals.items()} == EXPECTED_RECEIVERS
