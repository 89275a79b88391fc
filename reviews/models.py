"""The review workflow's records: thresholds an admin edits and the reviewer queue. (The audit trail is the base
app's: documents.models.AuditEvent.)"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.kinds import Kind
from documents.models import Document


class ConfidenceThreshold(models.Model):
    """A confidence below which a field goes to a person. The most specific row wins:
    kind and field, then field alone, then kind alone, then the REVIEW_CONFIDENCE_THRESHOLD setting."""

    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, blank=True, help_text=_("blank: every kind")
    )
    field_name = models.CharField(_("field"), max_length=64, blank=True, help_text=_("blank: every field"))
    threshold = models.FloatField(_("threshold"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("confidence threshold")
        verbose_name_plural = _("confidence thresholds")
        constraints = [models.UniqueConstraint(fields=["kind", "field_name"], name="one_threshold_per_kind_field")]

    def __str__(self) -> str:
        return f"{self.kind or '*'} / {self.field_name or '*'}: {self.threshold:.2f}"


class ReviewTask(models.Model):
    """One document waiting for (or decided by) a person."""

    class Outcome(models.TextChoices):
        OPEN = "", _("Open")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="review_task")
    sampled = models.BooleanField(default=False, help_text=_("routed only by the random sample"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    skipped_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OPEN, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reject_reason = models.CharField(max_length=32, blank=True)
    reject_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        return f"review of {self.document}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReviewReason(models.Model):
    """Why a document went to a person; a task has every reason that held, one row each."""

    task = models.ForeignKey(ReviewTask, on_delete=models.CASCADE, related_name="reasons")
    code = models.CharField(max_length=32, db_index=True)
    field_name = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} {self.field_name}".strip()
