"""How the review workflow reacts to what happens to documents (documents/events.py); connected in ReviewsConfig."""

from django.dispatch import receiver

from documents import events

from . import services
from .models import ReviewTask


@receiver(events.document_checked, dispatch_uid="reviews.route_checked_document")
def route_checked_document(sender, *, document, verdict: events.Verdict | None = None, **kwargs) -> None:
    services.document_route(document=document, verdict=verdict)


@receiver(events.document_kind_changed, dispatch_uid="reviews.withdraw_task_of_old_kind")
def withdraw_task_of_old_kind(sender, *, document, **kwargs) -> bool:
    return services.task_withdraw(document=document)


@receiver(events.document_disputed, dispatch_uid="reviews.reopen_disputed_document")
def reopen_disputed_document(sender, *, document, code: str, detail: dict, note: str, **kwargs) -> None:
    services.task_reopen(document=document, code=code, detail=detail, note=note)


@receiver(events.document_review_requested, dispatch_uid="reviews.reopen_requested_review")
def reopen_requested_review(sender, *, document, actor, **kwargs) -> None:
    services.task_reopen(document=document, code=events.REVIEW_REQUESTED, detail={}, note="", actor=actor)


@receiver(events.document_erased, dispatch_uid="reviews.drop_erased_task")
def drop_erased_task(sender, *, document, **kwargs) -> None:
    """The task held the reasons and the reviewer's notes about the erased values: it goes with them."""
    ReviewTask.objects.filter(document=document).delete()
