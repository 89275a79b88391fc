"""Important fields decide; other unsure fields are approved, stored and shown as unverified (issue 11, item 1)."""

import random

import pytest
from django.urls import reverse

from documents.kinds import Kind, Status
from reviews import services
from reviews.models import ConfidenceThreshold, ImportantField
from tests.factories import UserFactory, certificate_values, read_document
from tests.partners.conftest import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def routed(document):
    services.document_route(document=document, rng=random.Random(0))
    document.refresh_from_db()
    return document


def unverified_names(document):
    return sorted(document.extraction.fields.filter(unverified=True).values_list("name", flat=True))


def test_an_unsure_address_no_longer_holds_back_a_certificate_and_is_stored_as_unverified():
    uploader = UserFactory()
    document = routed(read_document(uploader=uploader, confidence={"business_address": 0.41}))
    assert document.status == Status.APPROVED
    assert unverified_names(document) == ["business_address"]


def test_the_defaults_are_rows_in_the_admin_and_an_admin_change_takes_effect_on_the_next_document():
    assert set(ImportantField.objects.filter(kind=Kind.BUSINESS_CERTIFICATE).values_list("field_name", flat=True)) \
        == {"registration_number", "company_name", "representative", "opening_date", "tax_type"}
    ImportantField.objects.create(kind=Kind.BUSINESS_CERTIFICATE, field_name="business_address")
    held = routed(read_document(confidence={"business_address": 0.41}))
    assert held.status == Status.NEEDS_REVIEW
    assert [(r.code, r.field_name) for r in held.review_task.reasons.all()] == [("low_confidence", "business_address")]

    ImportantField.objects.filter(kind=Kind.BUSINESS_CERTIFICATE, field_name="company_name").delete()
    passed = routed(read_document(values=certificate_values(seed=2), confidence={"company_name": 0.5}))
    assert passed.status == Status.APPROVED and unverified_names(passed) == ["company_name"]


def test_a_kind_whose_rows_were_all_deleted_falls_back_to_the_defaults():
    ImportantField.objects.filter(kind=Kind.BUSINESS_CERTIFICATE).delete()
    assert routed(read_document(confidence={"company_name": 0.5})).status == Status.NEEDS_REVIEW


def test_a_reviewers_approval_clears_the_unverified_marks():
    reviewer = UserFactory()
    document = routed(read_document(confidence={"company_name": 0.5, "issue_date": 0.3}))
    assert document.status == Status.NEEDS_REVIEW and unverified_names(document) == ["issue_date"]
    services.task_claim(task=document.review_task, user=reviewer)
    services.task_approve(task=document.review_task, user=reviewer)
    assert unverified_names(document) == []


def test_the_document_page_and_the_review_screen_show_unverified_fields(client):
    uploader = UserFactory()
    document = routed(read_document(uploader=uploader, confidence={"business_address": 0.41}))
    client.force_login(uploader)
    page = client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
    rows = {row.name: row.unverified for row in page.context["fields"]}
    assert rows["business_address"] and not rows["company_name"]
    assert b'id="unverified-count"' in page.content and page.content.count(b"field-row__unverified") == 1

    held = routed(read_document(values=certificate_values(seed=5), confidence={"company_name": 0.5,
                                                                                "issue_date": 0.2}))
    client.force_login(UserFactory(roles=["reviewer"]))
    screen = client.get(reverse("reviews:review", kwargs={"pk": held.review_task.pk}))
    assert screen.content.count(b"review-field__unverified") == 1
    assert [f.name for f in screen.context["screen"].fields if f.unverified] == ["issue_date"]


def test_the_api_flags_unverified_fields():
    partner = make_partner("Partner U")
    document = routed(read_document(partner=partner.partner, confidence={"business_address": 0.41}))
    answer = partner.get(f"/api/v1/documents/{document.pk}/")
    assert answer.status_code == 200
    flags = {f["name"]: f["unverified"] for f in answer.json()["fields"]}
    assert flags["business_address"] is True and flags["registration_number"] is False


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["importantfield", "confidencethreshold"])
def test_the_admin_offers_field_names_from_the_list_and_refuses_a_typo(admin_client_, model):
    url = reverse(f"admin:reviews_{model}_add")
    form = admin_client_.get(url).content.decode()
    assert '<option value="registration_number">' in form and '<option value="valid_thru">' in form
    data = {"kind": Kind.BUSINESS_CERTIFICATE, "field_name": "company_nmae", "threshold": "0.8"}
    response = admin_client_.post(url, data)
    assert response.status_code == 200 and "company_nmae" in response.content.decode()  # the form again, with an error
    assert response.context["adminform"].form.errors["field_name"]
    data["field_name"] = "card_number"  # a real field, of another kind
    assert admin_client_.post(url, data).context["adminform"].form.errors["field_name"]
    data["field_name"] = "company_name"
    if model == "importantfield":
        ImportantField.objects.filter(kind=Kind.BUSINESS_CERTIFICATE, field_name="company_name").delete()
    assert admin_client_.post(url, data).status_code == 302
    model_class = ImportantField if model == "importantfield" else ConfidenceThreshold
    assert model_class.objects.filter(kind=Kind.BUSINESS_CERTIFICATE, field_name="company_name").exists()
