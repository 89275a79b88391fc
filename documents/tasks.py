from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_document(document_id: int) -> None:
    services.document_process(document_id=document_id)


@shared_task(ignore_result=True)
def sweep_stuck_documents() -> None:
    services.documents_requeue_stuck()


@shared_task(ignore_result=True)
def purge_expired_card_numbers() -> None:
    services.card_numbers_purge_expired()

