"""Everything that changes notifications: telling an uploader, marking read, their preference."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.failures import failure_for
from documents.kinds import Status
from documents.models import Document

from .models import Notification, NotificationPreference
from .selectors import preference_of

logger = logging.getLogger(__name__)

EVENT_OF_STATUS = {
    Status.APPROVED: Notification.Event.APPROVED,
    Status.REJECTED: Notification.Event.REJECTED,
    Status.FAILED: Notification.Event.FAILED,
}


def uploader_notify(*, document: Document) -> Notification | None:
    """Tell the person who uploaded `document` that it was approved, rejected or could not be read: a row in their
    list (in the caller's transaction) and an e-mail (queued after commit), each unless they turned it off.
    A document from the partner API has no uploader: nobody is told (the partner has its webhooks)."""
    event = EVENT_OF_STATUS.get(document.status)
    if event is None or document.uploader_id is None or document.partner_id is not None:
        return None
    preference = preference_of(user_id=document.uploader_id)
    notification = None
    if preference.in_app:
        notification = Notification.objects.create(user_id=document.uploader_id, document=document, event=event)
    if preference.email:
        user_id, document_id = document.uploader_id, document.pk
        transaction.on_commit(lambda: _queue_mail(user_id=user_id, document_id=document_id, event=event))
    return notification


def _queue_mail(*, user_id: int, document_id: int, event: str) -> None:
    from . import tasks

    try:
        tasks.send_notification_mail.delay(user_id, document_id, str(event))
    except Exception:  # the broker is down: the decision stands and the in-app list has it
        logger.exception("Could not queue the notification e-mail for document %s", document_id)


def notifications_forget(*, document) -> None:
    """An erased document leaves no notification behind (its name was in them)."""
    Notification.objects.filter(document=document).delete()


def notification_mail(*, user_id: int, document_id: int, event: str) -> bool:
    """Send one notification e-mail, in the site's language; False when there is nobody to send it to. A mail
    server failure is logged, never raised: the decision stands and the in-app list has it."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    document = Document.objects.filter(pk=document_id, erasure__isnull=True).first()
    if user is None or document is None or not user.email or not preference_of(user_id=user_id).email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _mail_text(document=document, event=event)
    try:
        send_mail(subject, body, from_email=None, recipient_list=[user.email])
    except Exception:
        logger.exception("Could not e-mail user %s about document %s", user_id, document_id)
        return False
    return True


def _mail_text(*, document: Document, event: str) -> tuple[str, str]:
    what = str(Notification.Event(event).label)
    subject = _("Document #%(id)s %(what)s") % {"id": document.pk, "what": what}
    lines = [
        _("Your document #%(id)s (%(name)s, %(kind)s) %(what)s.") % {
            "id": document.pk, "name": document.original_name, "kind": document.get_kind_display(), "what": what},
    ]
    failure = failure_for(error_code=document.error_code, error_message=document.error_message, operator=False)
    if event == Notification.Event.FAILED and failure is not None:
        lines.append(failure.message)
    lines += [
        "",
        settings.SITE_URL + reverse("documents:detail", args=[document.pk]),
        "",
        _("To stop these e-mails: %(url)s") % {"url": settings.SITE_URL + reverse("notifications:settings")},
    ]
    return subject, "\n".join(lines)


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def preference_set(*, user, email: bool, in_app: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "in_app": in_app}
    )
    return preference
