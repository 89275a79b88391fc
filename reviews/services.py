"""What happens to a document once the machine has read it."""

from django.utils import timezone

from documents.kinds import Status
from documents.models import Document


def document_route(*, document: Document) -> None:
    """Decide between automatic approval and the reviewer queue.

    The routing rules (confidence, resolution, checksums, missing fields, sampling) arrive with the review
    workflow; until then every finished extraction is approved without a person.
    """
    document.status = Status.APPROVED
    document.processed_at = document.processed_at or timezone.now()
    document.save(update_fields=["status", "processed_at", "updated_at"])
