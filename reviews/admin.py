from django.contrib import admin

from documents.admin import InspectOnlyAdmin

from .models import ConfidenceThreshold, ReviewReason, ReviewTask


@admin.register(ConfidenceThreshold)
class ConfidenceThresholdAdmin(admin.ModelAdmin):
    """Routing thresholds take effect on the next document read; no deploy."""

    list_display = ("kind", "field_name", "threshold", "updated_at")
    list_editable = ("threshold",)
    list_display_links = ("kind", "field_name")
    list_filter = ("kind",)


class ReviewReasonInline(admin.TabularInline):
    model = ReviewReason
    fields = ("code", "field_name", "detail")
    readonly_fields = fields
    can_delete = False
    extra = 0


@admin.register(ReviewTask)
class ReviewTaskAdmin(InspectOnlyAdmin):
    """Decisions are made on the review screen, which resolves the task and the document together."""

    list_display = ("id", "document", "sampled", "claimed_by", "claimed_at", "outcome", "resolved_by", "resolved_at")
    list_filter = ("outcome", "sampled", "document__kind")
    exclude = ("skipped_by",)
    inlines = [ReviewReasonInline]

