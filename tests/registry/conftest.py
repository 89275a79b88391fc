import pytest
from django.core.cache import cache

from registry import verification
from standins.nts_status import NtsStatusStandin


@pytest.fixture(autouse=True)
def _registry_settings(settings):
    settings.STATUS_PROVIDER = "simulated"
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMINS = [("Ops", "ops@example.com")]
    cache.delete(verification.HOLD_KEY)  # a hold after one test's dead office must not skip the next test's checks
    yield
    cache.delete(verification.HOLD_KEY)


@pytest.fixture
def nts_standin(settings):
    """The NTS stand-in on a free loopback port; the product pointed at it (STATUS_PROVIDER=nts)."""
    server = NtsStatusStandin(service_key="test-service-key").start()
    settings.STATUS_PROVIDER = "nts"
    settings.NTS_BASE_URL = server.base_url
    settings.NTS_SERVICE_KEY = server.service_key
    settings.NTS_TIMEOUT = 5.0
    try:
        yield server
    finally:
        server.stop()

