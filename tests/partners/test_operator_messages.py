"""A failure only an operator can fix (the OCR service refused our credentials) is explained to operators only.

Its stored message says what to check ("An operator must check the NHN OCR app key…"). Uploaders, reviewers and
partners (API and webhooks) read that reading is temporarily unavailable; administrators read the detail on the
document, in its audit trail and in the banner, and the log has it."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents import services as document_services
from documents.kinds import Kind, Status
from documents.ocr import OcrConfigurationError, PermanentOcrError
from partners.models import WebhookDelivery, WebhookEndpoint
from registry.providers import StatusConfigurationError

from .conftest import png, read_document

pytestmark = pytest.mark.django_db

DETAIL = "An operator must check the NHN OCR app key, secret key and project."
UNAVAILABLE = "The service is temporarily unavailable. Please try again later."


class RefusingEngine:
    name = "nhn"

    def __init__(self, error):
        self.error = error

    def read(self, *, kind, content, filename):
        raise self.error


def _failed(monkeypatch, *, error, uploader=None, partner=None, seed=0):
    monkeypatch.setattr(document_services, "get_engine", lambda: RefusingEngine(error))
    document = document_services.document_create(
        uploader=uploader, partner=partner, kind=Kind.BUSINESS_CERTIFICATE,
        upload=SimpleUploadedFile("certificate.png", png(seed)),
    )
    document_services.document_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Status.FAILED
    return document


def _person(username: str, *, group: str = "", **flags):
    user = get_user_model().objects.create_user(username, **flags)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def credentials_refused():
    return OcrConfigurationError(f"The OCR service refused our credentials (4010001: bad key). {DETAIL}",
                                 code="4010001")


def test_the_uploader_and_a_reviewer_read_temporarily_unavailable_never_the_operator_detail(
    monkeypatch, credentials_refused
):
    uploader, uploader_client = _person("ulla", group="uploader")
    _reviewer, reviewer_client = _person("rita", group="reviewer")
    document = _failed(monkeypatch, error=credentials_refused, uploader=uploader)

    for client in (uploader_client, reviewer_client):
        page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
        polled = client.get(reverse("documents:status", args=[document.pk])).json()
        listed = client.get(reverse("documents:statuses"), {"ids": str(document.pk)}).json()
        for shown in (page, str(polled), str(listed)):
            assert "app key" not in shown and "4010001" not in shown
        assert UNAVAILABLE in page and polled["error_message"] == UNAVAILABLE
        assert "The OCR engine is misconfigured" not in page  # the operator banner


def test_administrators_read_the_detail_on_the_page_in_the_audit_trail_and_in_the_banner(
    monkeypatch, credentials_refused, caplog
):
    _admin, admin_client = _person("ada", group="admin")
    _staff, staff_client = _person("sam", is_staff=True)
    with caplog.at_level(logging.ERROR):
        document = _failed(monkeypatch, error=credentials_refused, uploader=_admin)

    for client in (admin_client, staff_client):
        page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
        assert page.count(DETAIL) >= 3  # banner, failure, audit trail
        assert "The OCR engine is misconfigured" in page
        assert client.get(reverse("documents:status", args=[document.pk])).json()["error_message"].endswith(DETAIL)
    assert DETAIL in caplog.text


def test_partners_read_temporarily_unavailable_in_the_api_and_in_webhooks(monkeypatch, partner_a, credentials_refused):
    WebhookEndpoint.objects.create(partner=partner_a.partner, url="https://partner.example/hooks", events=[],
                                   secret="whsec_test")
    document = _failed(monkeypatch, error=credentials_refused, partner=partner_a.partner)

    error = partner_a.get(f"/api/v1/documents/{document.pk}/").json()["error"]
    (delivery,) = WebhookDelivery.objects.filter(event="document.failed")

    assert error == {"code": "temporarily_unavailable", "message": UNAVAILABLE}
    assert delivery.payload["data"]["document"]["error"] == error
    assert "app key" not in str(partner_a.get("/api/v1/documents/").json())


def test_a_failure_about_the_file_itself_is_told_to_everyone_as_it_is(monkeypatch, partner_a):
    refused = PermanentOcrError("The OCR service refused this file: image too small", code="4000003")
    uploader, client = _person("ulla")
    mine = _failed(monkeypatch, error=refused, uploader=uploader, seed=1)
    theirs = _failed(monkeypatch, error=refused, partner=partner_a.partner, seed=2)

    assert "image too small" in client.get(reverse("documents:detail", args=[mine.pk])).content.decode()
    assert partner_a.get(f"/api/v1/documents/{theirs.pk}/").json()["error"] == {
        "code": "4000003", "message": "The OCR service refused this file: image too small"
    }


class RefusingStatusProvider:
    """The tax office's API refusing our service key, as registry/providers/nts.py reports it."""

    name = "nts"
    supports_authenticity = False

    def check(self, *, numbers):
        raise StatusConfigurationError(
            "The tax office's API refused the request (HTTP 401 ): check NTS_BASE_URL and NTS_SERVICE_KEY.",
            code="http_401",
        )


def test_a_status_check_refused_for_our_key_is_explained_to_operators_only(partner_a):
    from registry.models import Business
    from registry.services import business_check_now

    uploader, uploader_client = _person("ulla")
    _admin, admin_client = _person("ada", group="admin")
    mine = read_document(user=uploader, seed=3, status=Status.APPROVED)
    theirs = read_document(partner=partner_a.partner, seed=4, status=Status.APPROVED)
    business = Business.objects.create(number="1168200276", name="주식회사 예시")
    business.documents.add(mine, theirs)

    assert business_check_now(business=business, provider=RefusingStatusProvider(), inline=True)

    page = reverse("registry:detail", args=[business.number])
    for shown in (
        uploader_client.get(page).content.decode(),
        uploader_client.get(reverse("registry:list")).content.decode(),
        str(partner_a.get(f"/api/v1/businesses/{business.number}/").json()),
    ):
        assert "NTS_SERVICE_KEY" not in shown and UNAVAILABLE in shown
    assert admin_client.get(page).content.decode().count("NTS_SERVICE_KEY") >= 2  # last error and the timeline
