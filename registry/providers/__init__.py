"""Business status providers behind one interface. `get_status_provider()` is the only way to reach one."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import (
    Authenticity,
    CheckResult,
    Claim,
    PermanentStatusError,
    RetryableStatusError,
    StatusAnswer,
    StatusConfigurationError,
    StatusError,
    StatusProvider,
)

__all__ = [
    "PROVIDERS",
    "Authenticity",
    "CheckResult",
    "Claim",
    "PermanentStatusError",
    "RetryableStatusError",
    "StatusAnswer",
    "StatusConfigurationError",
    "StatusError",
    "StatusProvider",
    "get_status_provider",
]

PROVIDERS = ("nhn", "nts", "simulated")


def get_status_provider(name: str | None = None, *, timeout: float | None = None) -> StatusProvider:
    """The configured provider (or `name`); `timeout` replaces the provider's own seconds per HTTP call."""
    name = name or settings.STATUS_PROVIDER
    overrides = {"timeout": timeout} if timeout is not None else {}
    if name == "nhn":
        from .nhn import NhnStatusProvider

        return NhnStatusProvider.from_settings(**overrides)
    if name == "nts":
        from .nts import NtsStatusProvider

        return NtsStatusProvider.from_settings(**overrides)
    if name == "simulated":
        from .simulated import SimulatedStatusProvider

        return SimulatedStatusProvider()
    raise ImproperlyConfigured(f"STATUS_PROVIDER must be one of {PROVIDERS}, not {name!r}")
