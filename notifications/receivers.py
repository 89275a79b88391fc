"""How notifications react to documents' events (documents/events.py); connected in NotificationsConfig. The in-app
row is written in the sender's transaction; the e-mail is queued after commit."""

from django.dispatch import receiver

from documents import events

from . import services


@receiver(events.document_decided, dispatch_uid="notifications.tell_uploader_of_decision")
def tell_uploader_of_decision(sender, *, document, **kwargs) -> None:
    services.uploader_notify(document=document)


@receiver(events.document_failed, dispatch_uid="notifications.tell_uploader_of_failure")
def tell_uploader_of_failure(sender, *, document, **kwargs) -> None:
    services.uploader_notify(document=document)


@receiver(events.document_erased, dispatch_uid="notifications.forget_erased_document")
def forget_erased_document(sender, *, document, **kwargs) -> None:
    services.notifications_forget(document=document)
