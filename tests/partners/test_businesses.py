"""GET /api/v1/businesses/{number}/ and POST .../check: what a partner reads about a business, and nothing more."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from documents.kinds import Kind, Status
from partners import services, webhooks
from registry import services as registry
from registry.models import Business, BusinessCheck, BusinessState

from .conftest import read_document

pytestmark = pytest.mark.django_db

NUMBER = "1168200276"  # on every certificate read_document makes


@pytest.fixture(autouse=True)
def _simulated_registry(settings):
    settings.STATUS_PROVIDER = "simulated"
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}


def certificate_of(partner=None, *, user=None, seed: int, number: str = NUMBER):
    """An approved certificate carrying `number`, registered in the business registry as approval does."""
    document = read_document(partner=partner, user=user, seed=seed, status=Status.APPROVED,
                             fields={"registration_number": (number, 0.99), "company_name": ("주식회사 예시", 0.97)})
    business = registry.business_register_from_document(document=document)
    return document, business


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
    return response.json()["error"]


def test_partner_reads_the_state_and_timeline_of_a_number_on_its_documents(partner_a):
    _document, business = certificate_of(partner_a.partner, seed=1)
    assert registry.business_check_now(business=business, inline=True)

    body = partner_a.get(f"/api/v1/businesses/{NUMBER}/").json()
    dashed = partner_a.get("/api/v1/businesses/116-82-00276/").json()

    assert body == dashed
    assert body["number"] == NUMBER and body["name"] == "주식회사 예시"
    assert body["state"] == "active" and body["tax_type"] == "exempt"  # the simulated answer for this number
    assert body["checked_at"] and body["next_check_at"] > body["checked_at"]
    assert body["simulated"] is True and body["provider"] == "simulated"
    [check] = body["history"]
    assert (check["state"], check["previous_state"], check["succeeded"]) == ("active", "unknown", True)


def test_a_number_only_on_another_partners_documents_is_404_like_one_that_does_not_exist(partner_a, partner_b):
    certificate_of(partner_b.partner, seed=2)

    theirs = partner_a.get(f"/api/v1/businesses/{NUMBER}/")
    unknown = partner_a.get("/api/v1/businesses/2208717483/")

    _error(theirs, 404, "not_found")
    assert theirs.json() == unknown.json()
    _error(partner_a.post(f"/api/v1/businesses/{NUMBER}/check"), 404, "not_found")
    assert not BusinessCheck.objects.exists()  # nobody's check was spent on it
    assert partner_b.get(f"/api/v1/businesses/{NUMBER}/").status_code == 200
    for odd in ("116820027", "11682002761", "116-8200276x", "116_82_00276"):
        _error(partner_a.get(f"/api/v1/businesses/{odd}/"), 404, "not_found")


def test_an_erased_certificate_no_longer_shows_its_business(partner_a):
    document, _business = certificate_of(partner_a.partner, seed=3)
    assert partner_a.get(f"/api/v1/businesses/{NUMBER}/").status_code == 200

    assert partner_a.delete(f"/api/v1/documents/{document.pk}/").status_code == 204

    _error(partner_a.get(f"/api/v1/businesses/{NUMBER}/"), 404, "not_found")


def test_session_users_see_the_numbers_on_documents_they_may_see():
    users = get_user_model().objects
    owner, stranger = users.create_user("owner", password="pw"), users.create_user("stranger", password="pw")
    staff = users.create_user("staff", password="pw", is_staff=True)
    certificate_of(user=owner, seed=4)

    def get(user):
        client = APIClient()
        client.force_login(user)
        return client.get(f"/api/v1/businesses/{NUMBER}/")

    assert get(owner).status_code == 200
    assert get(staff).status_code == 200
    _error(get(stranger), 404, "not_found")


def test_check_now_asks_again_and_shows_a_closure_at_once(partner_a, django_capture_on_commit_callbacks):
    _document, business = certificate_of(partner_a.partner, seed=5)
    assert registry.business_check_now(business=business, inline=True)
    Business.objects.filter(pk=business.pk).update(checked_at=timezone.now() - dt.timedelta(minutes=5))
    registry.simulated_status_set(number=NUMBER, state=BusinessState.CLOSED)
    hook = services.webhook_endpoint_create(partner=partner_a.partner, url="https://a.example/hook", events=[])

    response = partner_a.post(f"/api/v1/businesses/{NUMBER}/check")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "closed"
    assert [(c["previous_state"], c["state"]) for c in body["history"]] == [("active", "closed"), ("unknown", "active")]
    assert hook.deliveries.get().payload["data"]["business"]["state"] == "closed"  # and partners are told
    document = partner_a.get(f"/api/v1/documents/{_document.pk}/").json()
    assert document["business"]["state"] == "closed"


def test_a_second_check_within_a_minute_is_refused_with_409(partner_a):
    certificate_of(partner_a.partner, seed=6)
    assert partner_a.post(f"/api/v1/businesses/{NUMBER}/check").status_code == 200

    response = partner_a.post(f"/api/v1/businesses/{NUMBER}/check/")  # with the trailing slash too

    error = _error(response, 409, "checked_recently")
    assert "checked less than 60 seconds ago" in error["message"]
    assert 0 < int(response["Retry-After"]) <= 60
    assert error["details"]["retry_after_seconds"] == int(response["Retry-After"])
    assert BusinessCheck.objects.count() == 1


def test_a_check_while_another_is_under_way_is_refused_with_409(partner_a):
    _document, business = certificate_of(partner_a.partner, seed=7)
    registry.businesses_claim(limit=10)  # the scheduled dispatcher holds it

    error = _error(partner_a.post(f"/api/v1/businesses/{NUMBER}/check"), 409, "check_in_progress")

    assert "under way" in error["message"]


def test_check_now_has_its_own_rate_limit_per_key(partner_a, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner_api": "100/min", "partner_api_anon": "100/min", "business_check": "2/hour"},
    }
    certificate_of(partner_a.partner, seed=8)

    statuses = [partner_a.post(f"/api/v1/businesses/{NUMBER}/check").status_code for _ in range(2)]
    throttled = partner_a.post(f"/api/v1/businesses/{NUMBER}/check")

    assert statuses == [200, 409]  # the refused one counts too
    error = _error(throttled, 429, "throttled")
    assert 60 < int(throttled["Retry-After"]) <= 3600
    assert error["details"]["retry_after_seconds"] == int(throttled["Retry-After"])
    assert partner_a.get(f"/api/v1/businesses/{NUMBER}/").status_code == 200  # reading is not limited by it
    other_key = type(partner_a)(partner_a.partner, services.api_key_create(partner=partner_a.partner)[1])
    assert other_key.post(f"/api/v1/businesses/{NUMBER}/check").status_code == 409  # its own budget


def test_the_default_check_budget_is_ten_an_hour(partner_a):
    certificate_of(partner_a.partner, seed=9)
    statuses = [partner_a.post(f"/api/v1/businesses/{NUMBER}/check").status_code for _ in range(11)]
    assert statuses[:10] == [200] + [409] * 9 and statuses[10] == 429


# --- Document results carry their business ------------------------------------------------------------


def test_document_list_and_detail_carry_the_current_state_of_their_business(partner_a):
    document, business = certificate_of(partner_a.partner, seed=10)
    card = read_document(partner=partner_a.partner, seed=11, kind=Kind.CREDIT_CARD)
    registry.simulated_status_set(number=NUMBER, state=BusinessState.SUSPENDED)
    assert registry.business_check_now(business=business, inline=True)

    listed = {d["id"]: d["business"] for d in partner_a.get("/api/v1/documents/").json()["results"]}
    detail = partner_a.get(f"/api/v1/documents/{document.pk}/").json()["business"]

    assert listed[card.pk] is None
    assert listed[document.pk] == detail
    assert (detail["number"], detail["state"], detail["simulated"]) == (NUMBER, "suspended", True)
    assert detail["checked_at"]


# --- business.status_changed at scale -----------------------------------------------------------------


def test_status_change_webhooks_for_a_batch_cost_the_same_queries_whatever_its_size(partner_a, partner_b):
    numbers = [f"{500_000 + i:010d}" for i in range(30)]
    businesses = []
    for i, number in enumerate(numbers):
        owner = partner_a if i % 2 else partner_b
        _document, business = certificate_of(owner.partner, seed=100 + i, number=number)
        businesses.append(business)
    hook_a = services.webhook_endpoint_create(partner=partner_a.partner, url="https://a.example/h", events=[])
    hook_b = services.webhook_endpoint_create(partner=partner_b.partner, url="https://b.example/h", events=[])

    def queries(changes) -> int:
        with CaptureQueriesContext(connection) as captured:
            webhooks.emit_for_businesses(event=webhooks.BUSINESS_STATUS_CHANGED, changes=changes)
        return len(captured)

    one = queries([(businesses[0], {"previous_state": "active"})])
    thirty = queries([(b, {"previous_state": "active"}) for b in businesses])

    assert one == thirty == 3
    sent_to_a = {d.payload["data"]["business"]["number"] for d in hook_a.deliveries.all()}
    sent_to_b = {d.payload["data"]["business"]["number"] for d in hook_b.deliveries.all()}
    assert sent_to_a == set(numbers[1::2]) and sent_to_b == set(numbers[0::2])
    assert (hook_a.deliveries.count(), hook_b.deliveries.count()) == (15, 15 + 1)


def test_a_batch_of_closures_reaches_each_partner_holding_the_number(partner_a, partner_b):
    _a, business = certificate_of(partner_a.partner, seed=200)
    certificate_of(partner_b.partner, seed=201)  # the same number on B's certificate
    hook_a = services.webhook_endpoint_create(partner=partner_a.partner, url="https://a.example/h", events=[])
    hook_b = services.webhook_endpoint_create(partner=partner_b.partner, url="https://b.example/h", events=[])
    assert registry.business_check_now(business=business, inline=True)
    Business.objects.filter(pk=business.pk).update(next_check_at=timezone.now())
    registry.simulated_status_set(number=NUMBER, state=BusinessState.CLOSED)

    token, ids = registry.businesses_claim(limit=10)
    registry.businesses_check(business_ids=ids, token=token)

    for hook in (hook_a, hook_b):
        delivery = hook.deliveries.get()
        assert delivery.event == webhooks.BUSINESS_STATUS_CHANGED
        assert delivery.payload["data"]["business"]["state"] == "closed"
        assert delivery.payload["data"]["previous_state"] == "active"
