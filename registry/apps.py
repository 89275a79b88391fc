from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Businesses read off approved certificates, their status checks and providers, and alerts on changes."""

    name = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects them; tests/test_events.py checks they are)
