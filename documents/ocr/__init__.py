"""OCR engines behind one interface. `get_engine()` is the only way the rest of the code reaches one."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Engine, Field, OcrConfigurationError, OcrError, PermanentOcrError, Reading, RetryableOcrError

__all__ = [
    "Engine",
    "Field",
    "OcrConfigurationError",
    "OcrError",
    "PermanentOcrError",
    "Reading",
    "RetryableOcrError",
    "get_engine",
]


def get_engine(name: str | None = None) -> Engine:
    name = name or settings.OCR_ENGINE
    if name == "nhn":
        from .nhn import NhnEngine

        return NhnEngine.from_settings()
    if name == "local":
        from .local import LocalEngine

        return LocalEngine()
    raise ImproperlyConfigured(f"OCR_ENGINE must be 'local' or 'nhn', not {name!r}")
