import pytest

from registry.models import Business
from standins.nts_status import NtsStatusStandin
from tests.reviews.factories import certificate_values, read_document, registration_number


@pytest.fixture(autouse=True)
def _registry_settings(settings):
    settings.STATUS_PROVIDER = "simulated"
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMINS = [("Ops", "ops@example.com")]


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


def approved_certificate(seed: int = 1, **values):
    from documents.kinds import Status

    document = read_document(values=certificate_values(seed, **values))
    document.status = Status.APPROVED
    document.save(update_fields=["status"])
    return document


def make_businesses(count: int, *, due=None, start: int = 500_000, **fields) -> list[Business]:
    from django.utils import timezone

    due = due or timezone.now()
    Business.objects.bulk_create(
        Business(number=registration_number(start + i), name=f"회사{i}", next_check_at=due, **fields)
        for i in range(count)
    )
    return list(Business.objects.order_by("id"))
