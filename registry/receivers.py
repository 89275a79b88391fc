"""How the business registry reacts to what happens to documents (documents/events.py); connected in
RegistryConfig."""

from django.dispatch import receiver

from documents import events
from documents.kinds import Kind, Status

from . import verification
from .services import business_register_from_document


@receiver(events.document_read, dispatch_uid="registry.check_read_certificate")
def check_read_certificate(sender, *, document, **kwargs) -> None:
    """Before the decision: a certificate waits for the tax office (registry/verification.py); anything that cannot
    be asked is announced at once with no verdict, so routing is never held up."""
    if not verification.reading_check_start(document=document):
        events.document_checked.send(sender=sender, document=document, verdict=None)


@receiver(events.document_approving, dispatch_uid="registry.check_values_before_approval")
def check_values_before_approval(sender, *, document, values: dict, **kwargs) -> events.Verdict | None:
    """A reviewer approves a certificate the office has not confirmed: ask it (kept answers first)."""
    if document.kind != Kind.BUSINESS_CERTIFICATE:
        return None
    return verification.values_judge(values=values)


@receiver(events.document_erased, dispatch_uid="registry.unlink_erased_document")
def unlink_erased_document(sender, *, document, **kwargs) -> None:
    """The business stays (other certificates may carry its number); the erased document no longer vouches for it."""
    document.businesses.clear()


@receiver(events.document_review_requested, dispatch_uid="registry.unlink_document_back_in_review")
def unlink_document_back_in_review(sender, *, document, **kwargs) -> None:
    """A certificate sent back to a reviewer no longer vouches for its business (as one the tax office disputes);
    approved again, it is registered again."""
    document.businesses.clear()


@receiver(events.document_decided, dispatch_uid="registry.register_approved_certificate")
def register_approved_certificate(sender, *, document, **kwargs) -> None:
    """An approved certificate's number enters the registry; its authenticity and status are checked after commit."""
    if document.status == Status.APPROVED:
        business_register_from_document(document=document)
