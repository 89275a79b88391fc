"""How the business registry reacts to what happens to documents (documents/events.py); connected in
RegistryConfig."""

from django.dispatch import receiver

from documents import events
from documents.kinds import Status

from .services import business_register_from_document


@receiver(events.document_erased, dispatch_uid="registry.unlink_erased_document")
def unlink_erased_document(sender, *, document, **kwargs) -> None:
    """The business stays (other certificates may carry its number); the erased document no longer vouches for it."""
    document.businesses.clear()


@receiver(events.document_decided, dispatch_uid="registry.register_approved_certificate")
def register_approved_certificate(sender, *, document, **kwargs) -> None:
    """An approved certificate's number enters the registry; its authenticity and status are checked after commit."""
    if document.status == Status.APPROVED:
        business_register_from_document(document=document)
