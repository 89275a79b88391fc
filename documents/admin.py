from django.contrib import admin

from .models import Document, ExtractedField, Extraction


class ExtractedFieldInline(admin.TabularInline):
    model = ExtractedField
    fields = ("position", "name", "index", "raw_key", "display_value", "confidence", "corrected_value", "corrected_by")
    readonly_fields = fields  # machine readings are evidence; corrections go through the review screen
    can_delete = False
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "original_name", "uploader", "attempts", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("uploader",)
    search_fields = ("original_name", "sha256")
    readonly_fields = (
        "file", "sha256", "original_name", "content_type", "size", "width", "height", "page_count",
        "error_code", "error_message", "attempts", "processing_started_at", "created_at", "updated_at", "processed_at",
    )


@admin.register(Extraction)
class ExtractionAdmin(admin.ModelAdmin):
    list_display = ("document", "engine", "resolution", "unit_type", "file_type", "seconds", "created_at")
    list_filter = ("engine", "resolution")
    readonly_fields = ("document", "engine", "raw", "resolution", "unit_type", "file_type", "seconds")
    inlines = [ExtractedFieldInline]
from . import registry_admin  # noqa: E402,F401  (business registry admin)
