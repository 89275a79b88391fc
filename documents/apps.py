from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registry_receivers  # noqa: F401  (connects them; tests/test_events.py checks they are)
