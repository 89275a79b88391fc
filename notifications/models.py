"""What an uploader was told, and how they want to be told."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import Document


class Notification(models.Model):
    """One document's outcome, for its uploader's in-app list; unread until they mark it read."""

    class Event(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("could not be read")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=16, choices=Event.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"document #{self.document_id} {self.event} for user {self.user_id}"


class NotificationPreference(models.Model):
    """A user's choice; no row means both on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.BooleanField(_("e-mail me"), default=True)
    in_app = models.BooleanField(_("list them under Notifications"), default=True)

    def __str__(self) -> str:
        return f"notification preference of user {self.user_id}"
