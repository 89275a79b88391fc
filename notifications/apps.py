from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Tells an uploader what became of their document (approved, rejected, failed): an e-mail and an in-app list,
    each of which they may turn off. Reacts to documents' events, like reviews and the registry."""

    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects them; tests/test_events.py checks they are)
