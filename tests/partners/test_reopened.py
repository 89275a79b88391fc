"""A partner told "approved" hears when that no longer stands: `document.reopened`, with why."""

import pytest

from documents import services as document_services
from documents.kinds import Status
from partners.models import WebhookDelivery, WebhookEndpoint
from registry import services as registry
from tests.factories import UserFactory, certificate_values
from tests.factories import read_document as read_certificate

from .conftest import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    partner = make_partner("Partner R").partner
    WebhookEndpoint.objects.create(partner=partner, url="https://partner.example/hooks", events=[], secret="whsec_t")
    return partner


def approved(partner, seed: int):
    document = read_certificate(values=certificate_values(seed), partner=partner)
    document.status = Status.APPROVED
    document.save(update_fields=["status"])
    return document


def reopened(document) -> dict:
    (delivery,) = WebhookDelivery.objects.filter(event="document.reopened")
    assert delivery.payload["data"]["document"]["id"] == document.pk
    return delivery.payload["data"]


def test_a_reviewer_sending_it_back_tells_the_partner(partner):
    document = approved(partner, seed=41)

    assert document_services.document_send_to_review(document=document, actor=UserFactory(roles=["reviewer"]))

    data = reopened(document)
    assert data["reason"] == "review_requested"
    assert data["document"]["status"] == Status.NEEDS_REVIEW  # what the partner reads in the API now


def test_the_tax_office_disagreeing_tells_the_partner(partner):
    document = approved(partner, seed=42)
    number = document.extraction.fields.get(name="registration_number").value

    registry.document_send_back_to_review(
        document=document, detail={"number": number, "provider": "nts", "code": "02", "message": ""}
    )

    data = reopened(document)
    assert data["reason"] == "registry_mismatch"
    assert data["document"]["status"] == Status.NEEDS_REVIEW


def test_a_partner_subscribed_to_other_events_only_is_not_told(partner):
    WebhookEndpoint.objects.filter(partner=partner).update(events=["document.approved"])
    document = approved(partner, seed=43)

    assert document_services.document_send_to_review(document=document, actor=UserFactory(roles=["reviewer"]))

    assert not WebhookDelivery.objects.filter(event="document.reopened").exists()
