"""What the notification pages read."""

from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def preference_of(*, user_id: int) -> NotificationPreference:
    """The user's preference; both on when they never chose (the row is not stored until they do)."""
    return NotificationPreference.objects.filter(user_id=user_id).first() or NotificationPreference(user_id=user_id)


def notifications_of(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first (an erased document's are deleted with it: receivers.py)."""
    return Notification.objects.filter(user=user).select_related("document")


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_of(user=user).filter(read_at__isnull=True).count()
