from django.contrib import admin
from django.urls import reverse

from .models import AuditEvent, Document, ExtractedField, Extraction


class InspectOnlyAdmin(admin.ModelAdmin):
    """What the pipeline owns is shown in the admin, never changed there.

    Status, kind, readings and review tasks change only through the services behind the pages (Retry, the review
    screen, change of kind, erasure), which write the audit trail and keep document, review task and webhooks
    consistent. An edit here would bypass all three, and a delete would take the document's audit trail with it
    (AuditEvent cascades), so the admin is a window onto these rows, not a second way to change them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ExtractedFieldInline(admin.TabularInline):
    model = ExtractedField
    fields = ("position", "name", "index", "raw_key", "display_value", "confidence", "corrected_value", "corrected_by")
    readonly_fields = fields  # machine readings are evidence; corrections go through the review screen
    can_delete = False
    extra = 0


@admin.register(Document)
class DocumentAdmin(InspectOnlyAdmin):
    list_display = ("id", "kind", "status", "original_name", "uploader", "attempts", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("uploader",)
    search_fields = ("original_name", "sha256")

    def view_on_site(self, obj: Document) -> str:
        return reverse("documents:detail", args=[obj.pk])  # where Retry, review and change of kind are done


@admin.register(Extraction)
class ExtractionAdmin(InspectOnlyAdmin):
    list_display = ("document", "engine", "resolution", "unit_type", "file_type", "seconds", "created_at")
    list_filter = ("engine", "resolution")
    inlines = [ExtractedFieldInline]


@admin.register(AuditEvent)
class AuditEventAdmin(InspectOnlyAdmin):
    """The audit trail is evidence: read only, even for admins."""

    list_display = ("created_at", "document", "actor", "action", "field_name")
    list_filter = ("action",)

