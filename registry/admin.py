"""Admin of the business registry."""

from django.contrib import admin

from .models import Business, BusinessAlert, BusinessCheck, SimulatedStatus


class BusinessCheckInline(admin.TabularInline):
    model = BusinessCheck
    extra = 0
    can_delete = False
    fields = ("checked_at", "provider", "succeeded", "previous_state", "state", "tax_type", "code", "message")
    readonly_fields = fields
    ordering = ("-checked_at",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "state", "tax_type", "checked_at", "next_check_at", "failures", "provider")
    list_filter = ("state", "tax_type", "provider")
    search_fields = ("number", "name")
    # What the checks found, and which documents carry the number (it decides which partners see the business),
    # come from the pipeline; the next check's due time stays editable.
    readonly_fields = ("state", "tax_type", "closed_on", "provider", "checked_at", "lease_token", "lease_until",
                       "failures", "last_error", "documents", "created_at", "updated_at")
    inlines = [BusinessCheckInline]


@admin.register(BusinessAlert)
class BusinessAlertAdmin(admin.ModelAdmin):
    list_display = ("business", "previous_state", "state", "created_at", "acknowledged_at", "acknowledged_by")
    list_filter = ("state",)
    readonly_fields = ("business", "check_record", "previous_state", "state", "created_at")  # what a check found
    raw_id_fields = ("acknowledged_by",)


@admin.register(SimulatedStatus)
class SimulatedStatusAdmin(admin.ModelAdmin):
    """What the simulated provider answers: mark a number suspended or closed to try the whole path."""

    list_display = ("number", "state", "authentic", "updated_at")
    list_editable = ("state", "authentic")
    search_fields = ("number",)
