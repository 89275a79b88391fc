import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import cards
from .kinds import UNFINISHED, Kind, Status, field_label
from .uploads import EXTENSIONS


def _upload_path(document: "Document", filename: str) -> str:
    # The original name is personal data and can collide; it is kept in a column, not in the path.
    extension = EXTENSIONS.get(document.content_type, "bin")
    return f"documents/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    file = models.FileField(upload_to=_upload_path, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(help_text=_("bytes"))
    width = models.PositiveIntegerField(null=True, help_text=_("pixels, or points for a PDF"))
    height = models.PositiveIntegerField(null=True)
    page_count = models.PositiveIntegerField(default=1)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    error_code = models.CharField(max_length=32, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text=_("times processing has started"))
    processing_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "processing_started_at"]),
            # the pages' and the API's order, so a page is read off an index (documents/paging.py)
            models.Index(fields=["-created_at", "-id"], name="document_newest_idx"),
            # the operators' banner on every page: the latest failure in the last hour (context_processors.py)
            models.Index(fields=["-updated_at"], condition=Q(status="failed"), name="document_failed_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class OcrCredentialHold(models.Model):
    """The OCR service refused the credentials these workers use: until the hold ends, documents fail without a
    call (a storm of refused calls helps nobody). One row per set of credentials, so a fix starts without it."""

    credentials = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of engine, URL and keys"))
    error_code = models.CharField(max_length=32)
    error_message = models.TextField()
    answered_at = models.DateTimeField(help_text=_("the service's last real answer; the hold runs from here"))

    def __str__(self) -> str:
        return f"credential hold {self.error_code} since {self.answered_at:%Y-%m-%d %H:%M:%S}"


class DocumentErasure(models.Model):
    """The stub left when a document's file and personal data are erased (erasure.py): who erased it and when.
    An erased document is left out of every page and of the API."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField()
    # the partner whose API key erased it; blank for a person signed in to the site
    partner = models.ForeignKey("partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "partners_documenterasure"  # where it was created; moved here without moving a row

    def __str__(self) -> str:
        return f"erasure of document #{self.document_id}"


class Extraction(models.Model):
    """What one OCR engine read off one document. At most one per document: the paid call is made once."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="extraction")
    engine = models.CharField(max_length=16)
    raw = models.JSONField(help_text=_("the engine's answer, card numbers masked"))
    resolution = models.CharField(max_length=8)  # normal | low
    unit_type = models.CharField(max_length=8)  # pixel | point
    file_type = models.CharField(max_length=8)
    seconds = models.FloatField(default=0.0, help_text=_("time the engine took"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.engine} reading of document #{self.document_id}"


class FieldMeaning:
    """What a field's stored values mean: for an `ExtractedField` and for a field read as plain values (the partner
    API reads pages of fields that way, partners/selectors.py)."""

    __slots__ = ()

    @property
    def label(self) -> str:
        return field_label(self.name, self.index)

    @property
    def is_card_number(self) -> bool:
        return self.name == "card_number"

    @property
    def is_corrected(self) -> bool:
        """A person's value stands: a non-empty correction, or an empty one made at a known time (struck out)."""
        return bool(self.corrected_value) or self.corrected_at is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def current_value(self) -> str:
        """The reviewer's value when a person corrected the field, else the machine's. A correction to "" stands:
        it is how a reviewer strikes out a misreading (a removed business category row) while `value` keeps what
        the machine read."""
        return self.corrected_value if self.is_corrected else self.value

    @property
    def display_value(self) -> str:
        value = self.current_value
        return cards.mask(value) if self.is_card_number else value


class ExtractedField(FieldMeaning, models.Model):
    extraction = models.ForeignKey(Extraction, on_delete=models.CASCADE, related_name="fields")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=64, help_text=_("canonical name, or the raw key when unrecognised"))
    index = models.PositiveSmallIntegerField(default=0, help_text=_("occurrence of a repeated item (0 = main row)"))
    raw_key = models.CharField(max_length=128)
    raw_text = models.TextField()
    value = models.TextField(help_text=_("normalised; card numbers masked"))
    value_encrypted = models.TextField(blank=True, help_text=_("the full card number, encrypted, while retained"))
    confidence = models.FloatField()
    box = models.JSONField(default=list, help_text=_("four [x, y] points clockwise from top-left"))
    corrected_value = models.TextField(blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField(null=True, blank=True)
    # An outside authority confirmed the value as read (services.fields_mark_verified); a correction clears it.
    verified_by = models.CharField(
        max_length=16, blank=True, help_text=_("who confirmed the value: nts, the tax office")
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    unverified = models.BooleanField(
        default=False,
        help_text=_("read below its confidence threshold but not a field that decides; nobody checked it"),
    )

    class Meta:
        ordering = ["position"]
        indexes = [
            # who else carries this registration number: routing's conflict check, the API's filter
            models.Index(fields=["value"], condition=Q(name="registration_number"), name="field_registration_idx"),
            models.Index(
                fields=["corrected_value"], condition=Q(name="registration_number"), name="field_registration_fix_idx"
            ),
            # only the verified fields: the review metrics count them (reviews.selectors.metrics)
            models.Index(fields=["verified_at"], condition=Q(verified_at__isnull=False), name="field_verified_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.display_value}"

class AuditEvent(models.Model):
    """Every state change and every correction: who (blank for the machine), when, before and after."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, db_index=True)
    field_name = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "reviews_auditevent"  # where it was created; moved here without moving a row
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on {self.document_id} by {self.actor_id or 'system'}"



class SavedFilter(models.Model):
    """A named set of the list's filters, one person's own: the list's query string, so it names what to look for
    and not which documents matched; editing, retrying or reading documents again never changes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(max_length=100)
    query = models.TextField(blank=True, help_text=_("the list's query string, e.g. status=failed&q=한빛"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="savedfilter_user_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"
