"""How the partner API reacts to what happens to documents and businesses (documents/events.py); connected in
PartnersConfig. The webhook outbox rows are written in the sender's transaction; delivery starts on commit."""

from django.dispatch import receiver

from documents import events
from documents.kinds import Status

from . import services, webhooks


@receiver(events.document_decided, dispatch_uid="partners.announce_decision")
def announce_decision(sender, *, document, **kwargs) -> None:
    event = webhooks.DOCUMENT_APPROVED if document.status == Status.APPROVED else webhooks.DOCUMENT_REJECTED
    webhooks.emit(event=event, document=document)


@receiver(events.document_failed, dispatch_uid="partners.announce_failure")
def announce_failure(sender, *, document, **kwargs) -> None:
    webhooks.emit(event=webhooks.DOCUMENT_FAILED, document=document)


@receiver(events.document_disputed, dispatch_uid="partners.announce_dispute")
def announce_dispute(sender, *, document, code, **kwargs) -> None:
    """The tax office contradicts an approved certificate: the partner who was told "approved" hears it no longer
    stands (reviews, connected before partners, has put the document back in the queue)."""
    webhooks.emit(event=webhooks.DOCUMENT_REOPENED, document=document, data={"reason": code})


@receiver(events.document_review_requested, dispatch_uid="partners.announce_review_request")
def announce_review_request(sender, *, document, **kwargs) -> None:
    webhooks.emit(event=webhooks.DOCUMENT_REOPENED, document=document, data={"reason": events.REVIEW_REQUESTED})


@receiver(events.business_status_changed, dispatch_uid="partners.announce_business_status")
def announce_business_status(sender, *, changes, **kwargs) -> None:
    webhooks.emit_for_businesses(event=webhooks.BUSINESS_STATUS_CHANGED, changes=changes)



@receiver(events.document_erased, dispatch_uid="partners.forget_erased_document")
def forget_erased_document(sender, *, document, **kwargs) -> None:
    services.document_forget(document=document)
