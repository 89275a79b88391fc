"""How the partner API reacts to what happens to documents (documents/events.py); connected in PartnersConfig."""

from django.dispatch import receiver
from django.utils import timezone

from documents import events

from .models import DocumentErasure


@receiver(events.document_erased, dispatch_uid="partners.record_erasure")
def record_erasure(sender, *, document, partner, user, **kwargs) -> None:
    """The stub that keeps an erased document out of the API (and the pages), with who erased it."""
    DocumentErasure.objects.create(document=document, erased_at=timezone.now(), partner=partner, user=user)
