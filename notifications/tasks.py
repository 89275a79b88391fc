from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_notification_mail(user_id: int, document_id: int, event: str) -> None:
    services.notification_mail(user_id=user_id, document_id=document_id, event=event)
