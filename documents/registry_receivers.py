"""How the business registry reacts to decisions (documents/events.py); connected in DocumentsConfig while the
registry lives in this app."""

from django.dispatch import receiver

from . import events
from .kinds import Status
from .registry import business_register_from_document


@receiver(events.document_decided, dispatch_uid="registry.register_approved_certificate")
def register_approved_certificate(sender, *, document, **kwargs) -> None:
    """An approved certificate's number enters the registry; its authenticity and status are checked after commit."""
    if document.status == Status.APPROVED:
        business_register_from_document(document=document)
