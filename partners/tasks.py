from celery import shared_task

from . import services, webhooks


@shared_task(acks_late=True, ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    webhooks.delivery_attempt(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def send_due_webhooks() -> None:
    webhooks.deliveries_send_due()


@shared_task(ignore_result=True)
def purge_idempotency_records() -> None:
    services.idempotency_records_purge()
