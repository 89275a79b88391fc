from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiKey, Partner, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    fields = ("prefix", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # keys are made on the partner's page or with the action below, which show the key once


class WebhookEndpointInline(admin.TabularInline):
    model = WebhookEndpoint
    extra = 0
    fields = ("url", "events", "is_active", "consecutive_failures", "disabled_at", "disabled_reason")
    readonly_fields = ("consecutive_failures", "disabled_at", "disabled_reason")


class PartnerForm(forms.ModelForm):
    create_api_key = forms.BooleanField(
        label=_("Create a new API key when saving"), required=False,
        help_text=_("The key is shown once, at the top of the next page; copy it then."),
    )
    api_key_name = forms.CharField(label=_("Name of the new key"), required=False, max_length=100)

    class Meta:
        model = Partner
        fields = ("name", "contact_email")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    list_display = ("name", "contact_email", "created_at")
    search_fields = ("name", "contact_email")
    inlines = [ApiKeyInline, WebhookEndpointInline]
    actions = ["create_api_key"]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in ("create_api_key", "api_key_name")]
        return [*fields, "create_api_key", "api_key_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("create_api_key"):
            name = form.cleaned_data.get("api_key_name") or f"admin:{request.user}"
            self._show_new_key(request, obj, name=name)

    def _show_new_key(self, request, partner: Partner, *, name: str) -> None:
        _api_key, raw_key = services.api_key_create(partner=partner, name=name)
        self.message_user(
            request,
            _("New key for %(partner)s — copy it now, it will not be shown again: %(key)s")
            % {"partner": partner, "key": raw_key},
            messages.WARNING,
        )

    @admin.action(description=_("Create a new API key (shown once)"))
    def create_api_key(self, request, queryset):
        for partner in queryset:
            self._show_new_key(request, partner, name=f"admin:{request.user}")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "partner", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("partner",)
    readonly_fields = ("partner", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("hashed_key",)
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(api_key=api_key)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "attempted_at", "response_status", "error", "duration_ms", "succeeded")
    exclude = ("response_excerpt",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "state", "attempts", "next_attempt_at", "created_at")
    list_filter = ("state", "event")
    readonly_fields = ("endpoint", "event_id", "event", "payload", "state", "attempts", "next_attempt_at",
                       "delivered_at", "created_at")
    inlines = [WebhookAttemptInline]
