"""The Django admin shows what the pipeline owns but cannot change it behind the audit trail's back."""

import random

import pytest
from django.urls import reverse

from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document
from reviews import services
from reviews.models import ReviewTask
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def queued_document(settings) -> Document:
    document = read_document(values=certificate_values(seed=3), confidence={"company_name": 0.5})
    services.document_route(document=document, rng=random.Random(0))
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    return document


def _change_form(document: Document, **changes) -> dict:
    return {
        "kind": document.kind, "status": document.status, "sha256": document.sha256,
        "original_name": document.original_name, "content_type": document.content_type, "size": document.size,
        "page_count": document.page_count, "attempts": document.attempts, **changes,
    }


def test_an_admin_cannot_approve_or_change_the_kind_of_a_document_in_the_admin(admin_client_, queued_document):
    url = reverse("admin:documents_document_change", args=[queued_document.pk])
    events = AuditEvent.objects.filter(document=queued_document).count()

    response = admin_client_.post(url, _change_form(queued_document, status=Status.APPROVED, kind=Kind.CREDIT_CARD))

    assert response.status_code == 403
    queued_document.refresh_from_db()
    assert (queued_document.status, queued_document.kind) == (Status.NEEDS_REVIEW, Kind.BUSINESS_CERTIFICATE)
    assert queued_document.review_task.outcome == ReviewTask.Outcome.OPEN
    assert AuditEvent.objects.filter(document=queued_document).count() == events


def test_the_admin_shows_a_document_read_only_with_a_link_to_its_page(admin_client_, queued_document):
    page = admin_client_.get(reverse("admin:documents_document_change", args=[queued_document.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html and '<select name="status"' not in html
    assert "Needs review" in html
    assert f'href="{reverse("documents:detail", args=[queued_document.pk])}"' in html  # where changes are made


def test_documents_their_readings_review_tasks_and_audit_cannot_be_deleted_in_the_admin(
    admin_client_, queued_document
):
    rows = {
        "documents_document": queued_document.pk,
        "documents_extraction": queued_document.extraction.pk,
        "reviews_reviewtask": queued_document.review_task.pk,
        "documents_auditevent": AuditEvent.objects.filter(document=queued_document).first().pk,
    }
    for name, pk in rows.items():
        assert admin_client_.post(reverse(f"admin:{name}_delete", args=[pk]), {"post": "yes"}).status_code == 403
        bulk = admin_client_.post(
            reverse(f"admin:{name}_changelist"), {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        )
        assert bulk.status_code in (200, 302)  # no delete action is offered: nothing happens
    assert Document.objects.filter(pk=queued_document.pk).exists()
    assert ReviewTask.objects.filter(document=queued_document, outcome=ReviewTask.Outcome.OPEN).exists()
    assert AuditEvent.objects.filter(document=queued_document).exists()


def test_a_review_task_cannot_be_closed_in_the_admin(admin_client_, queued_document):
    task = queued_document.review_task
    url = reverse("admin:reviews_reviewtask_change", args=[task.pk])

    response = admin_client_.post(url, {"document": queued_document.pk, "outcome": "approved", "sampled": "on"})

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.outcome == ReviewTask.Outcome.OPEN


def test_a_business_cannot_be_tied_to_other_documents_nor_an_alert_rewritten_in_the_admin(admin_client_):
    from django.utils import timezone

    from registry.models import Business, BusinessAlert, BusinessCheck

    mine, other = read_document(values=certificate_values(seed=5)), read_document(values=certificate_values(seed=6))
    business = Business.objects.create(number="1168200276", name="주식회사 예시", state="closed")
    business.documents.add(mine)

    saved = admin_client_.post(reverse("admin:registry_business_change", args=[business.pk]), {
        "number": business.number, "name": business.name, "representative": "", "opening_date": "",
        "documents": [other.pk], "next_check_at_0": "", "next_check_at_1": "",
        "checks-TOTAL_FORMS": "0", "checks-INITIAL_FORMS": "0", "checks-MIN_NUM_FORMS": "0",
        "checks-MAX_NUM_FORMS": "1000",
    })
    assert saved.status_code == 302  # the form was accepted...
    assert list(business.documents.all()) == [mine]  # ...without the documents, which decide who sees it

    now = timezone.now()
    check = BusinessCheck.objects.create(business=business, checked_at=now, provider="nts", state="closed",
                                         previous_state="active")
    alert = BusinessAlert.objects.create(business=business, check_record=check, previous_state="active",
                                         state="closed", created_at=now)
    saved = admin_client_.post(reverse("admin:registry_businessalert_change", args=[alert.pk]), {
        "business": business.pk, "check_record": check.pk, "previous_state": "closed", "state": "active",
        "created_at_0": "2020-01-01", "created_at_1": "00:00:00",
        "acknowledged_at_0": "", "acknowledged_at_1": "", "acknowledged_by": "",
    })
    assert saved.status_code == 302
    alert.refresh_from_db()
    assert (alert.previous_state, alert.state, alert.created_at) == ("active", "closed", now)
