from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from documents.admin import InspectOnlyAdmin

from .models import FIELD_CHOICES, ConfidenceThreshold, ImportantField, ReviewReason, ReviewTask


class ConfidenceThresholdForm(forms.ModelForm):
    """The field is picked from the canonical names (a typed name that matched nothing silently did nothing)."""

    field_name = forms.ChoiceField(
        label=_("field"), required=False, choices=[("", _("every field"))] + FIELD_CHOICES,
        help_text=_("blank: every field"),
    )

    class Meta:
        model = ConfidenceThreshold
        fields = ("kind", "field_name", "threshold")


@admin.register(ConfidenceThreshold)
class ConfidenceThresholdAdmin(admin.ModelAdmin):
    """Routing thresholds take effect on the next document read; no deploy."""

    form = ConfidenceThresholdForm
    list_display = ("kind", "field_name", "threshold", "updated_at")
    list_editable = ("threshold",)
    list_display_links = ("kind", "field_name")
    list_filter = ("kind",)


@admin.register(ImportantField)
class ImportantFieldAdmin(admin.ModelAdmin):
    """Which fields' confidence decides, per kind; takes effect on the next document read. A kind with no rows
    uses the defaults."""

    list_display = ("kind", "field_name", "updated_at")
    list_filter = ("kind",)
    fields = ("kind", "field_name")


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

