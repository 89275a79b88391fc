"""How the review workflow reacts to what happens to documents (documents/events.py); connected in ReviewsConfig."""

from django.dispatch import receiver

from documents import events

from .models import ReviewTask


@receiver(events.document_erased, dispatch_uid="reviews.drop_erased_task")
def drop_erased_task(sender, *, document, **kwargs) -> None:
    """The task held the reasons and the reviewer's notes about the erased values: it goes with them."""
    ReviewTask.objects.filter(document=document).delete()
