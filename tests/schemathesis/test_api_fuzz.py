"""Schemathesis against the live OpenAPI document, in process (WSGI), with a real partner key: no server error,
every answer as documented (status codes, content types, headers, bodies)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from config.wsgi import application
from partners import services
from registry import services as registry
from tests.partners.conftest import read_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def _keep_test_connection(db):
    """Calling the WSGI app directly would close the test's database connection after each request (Django's
    own test client avoids this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "partner_api": "100000/min", "partner_api_anon": "100000/min", "business_check": "100000/min",
        },
    }
    settings.STATUS_PROVIDER = "simulated"
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}
    partner = services.partner_create(name="Fuzzer")
    certificate = read_document(partner=partner, seed=1)  # something for the list and detail operations to find
    business = registry.business_register_from_document(document=certificate)  # 1168200276, the schema's example
    registry.business_check_now(business=business, inline=True)  # a timeline with one check
    _key, raw_key = services.api_key_create(partner=partner)
    return raw_key


# Loaded once, when the module is collected, from the running app's /api/schema/ (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

# Operations that rightly refuse some schema-valid input, because they check what a schema cannot say: the upload
# opens the file (a 1x1 PNG is valid binary but refused as too small), and a webhook URL must be one DRF accepts.
# Every other check still runs on them.
CONTENT_CHECKED = {("POST", "/api/v1/documents/"), ("POST", "/api/v1/webhooks/")}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),  # bounded for CI; raise it locally to dig deeper
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_as_documented(case, api_key, _keep_test_connection):
    excluded = [positive_data_acceptance] if (case.method.upper(), case.path) in CONTENT_CHECKED else []
    case.call_and_validate(headers={"Authorization": f"Api-Key {api_key}"}, excluded_checks=excluded)
