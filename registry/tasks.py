"""Celery tasks of the business registry; thin: each calls one service in registry/services.py."""

from celery import shared_task

from . import services, verification


@shared_task(ignore_result=True)
def dispatch_status_checks() -> int:
    """Celery beat: hand every due business to the workers in provider batches."""
    return services.businesses_dispatch().claimed


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def check_businesses(business_ids: list[int], token: str) -> None:
    services.businesses_check(business_ids=business_ids, token=token)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def verify_document(document_id: int) -> None:
    services.document_verify(document_id=document_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def verify_read_documents() -> int:
    """After a certificate is read (and from beat, every minute): ask the tax office about every waiting one."""
    return verification.readings_verify_pending()


# The names these tasks had while the registry lived in documents (before the registry app): messages queued under
# them before an upgrade are still run, instead of refused as unregistered. Remove once no such message can be left.
@shared_task(name="documents.registry_tasks.check_businesses", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def check_businesses_queued_before_the_registry_app(business_ids: list[int], token: str) -> None:
    services.businesses_check(business_ids=business_ids, token=token)


@shared_task(name="documents.registry_tasks.verify_document", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def verify_document_queued_before_the_registry_app(document_id: int) -> None:
    services.document_verify(document_id=document_id)
