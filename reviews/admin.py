from django.contrib import admin

from .models import AuditEvent, ConfidenceThreshold, ReviewReason, ReviewTask


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
class ReviewTaskAdmin(admin.ModelAdmin):
    list_display = ("id", "document", "sampled", "claimed_by", "claimed_at", "outcome", "resolved_by", "resolved_at")
    list_filter = ("outcome", "sampled", "document__kind")
    readonly_fields = (
        "document", "sampled", "created_at", "claimed_by", "claimed_at", "outcome", "resolved_by", "resolved_at",
        "reject_reason", "reject_note",
    )
    exclude = ("skipped_by",)
    inlines = [ReviewReasonInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is evidence: read only, even for admins."""

    list_display = ("created_at", "document", "actor", "action", "field_name")
    list_filter = ("action",)
    readonly_fields = ("document", "actor", "action", "field_name", "before", "after", "note", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
