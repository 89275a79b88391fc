from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Businesses read off approved certificates, their status checks and providers, and alerts on changes."""

    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from documents import export

        from . import receivers  # noqa: F401  (connects them; tests/test_events.py checks they are)
        from .selectors import business_state_labels

        # the list's export carries the business's state, as the list's badge shows it
        export.register_column(
            export.Column("business_state", _("Business state"), business_state_labels), after="registration_number"
        )
