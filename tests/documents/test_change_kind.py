"""A document uploaded as the wrong kind is read again as the right one: from its page, audited, queued once."""

import random

import pytest
from django.urls import reverse

from documents import services
from documents.audit import Action
from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document, Extraction
from reviews import services as review_services
from reviews.models import ReviewTask
from tests.factories import DocumentFactory, UserFactory, card_values, read_document

pytestmark = pytest.mark.django_db

WRONG_KIND_MESSAGE = "This looks like a credit card, not a business registration certificate."


def card_sent_as_certificate(uploader) -> Document:
    return DocumentFactory(
        uploader=uploader, status=Status.FAILED, error_code="wrong_kind", error_message=WRONG_KIND_MESSAGE, attempts=1
    )


def in_review(uploader) -> Document:
    """A card's reading routed to a reviewer, as if it were a certificate (it lacks every certificate field)."""
    document = read_document(kind=Kind.BUSINESS_CERTIFICATE, values=card_values(), uploader=uploader)
    review_services.document_route(document=document, rng=random.Random(0))
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    return document


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def rita():
    return UserFactory(username="rita", roles=["reviewer"])


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def page_of(client, document) -> str:
    return client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()


def change_kind(client, document, kind=Kind.CREDIT_CARD):
    return client.post(reverse("documents:change_kind", kwargs={"pk": document.pk}), {"kind": kind}, follow=True)


# --- The service --------------------------------------------------------------------------------


def test_changing_the_kind_queues_the_document_again_and_the_audit_trail_says_who(
    alice, django_capture_on_commit_callbacks
):
    document = card_sent_as_certificate(alice)

    with django_capture_on_commit_callbacks() as queued:
        changed = services.document_change_kind(document=document, kind=Kind.CREDIT_CARD, actor=alice)

    assert changed
    assert (document.kind, document.status, document.error_code, document.error_message, document.attempts) == (
        Kind.CREDIT_CARD, Status.RECEIVED, "", "", 0)
    assert len(queued) == 1
    event = AuditEvent.objects.get(document=document, action=Action.KIND_CHANGED)
    assert event.actor == alice
    assert event.before == {"kind": Kind.BUSINESS_CERTIFICATE, "status": Status.FAILED}
    assert event.after == {"kind": Kind.CREDIT_CARD, "status": Status.RECEIVED, "review_withdrawn": False}


def test_a_document_waiting_for_review_loses_its_reading_and_its_open_task(alice, rita, settings):
    document = in_review(alice)

    assert services.document_change_kind(document=document, kind=Kind.CREDIT_CARD, actor=rita)

    assert not Extraction.objects.filter(document=document).exists()
    assert not ReviewTask.objects.filter(document=document).exists()  # nobody is offered a reading that is gone
    assert AuditEvent.objects.get(document=document, action=Action.KIND_CHANGED).after["review_withdrawn"] is True
    assert AuditEvent.objects.filter(document=document, action=Action.ROUTED_TO_REVIEW).exists()  # history kept


@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED, Status.PROCESSING, Status.RECEIVED])
def test_a_decided_or_unfinished_document_keeps_its_kind(alice, status, django_capture_on_commit_callbacks):
    document = DocumentFactory(uploader=alice, status=status)

    with django_capture_on_commit_callbacks() as queued:
        changed = services.document_change_kind(document=document, kind=Kind.CREDIT_CARD, actor=alice)

    document.refresh_from_db()
    assert not changed and document.kind == Kind.BUSINESS_CERTIFICATE and document.status == status
    assert queued == [] and not AuditEvent.objects.filter(action=Action.KIND_CHANGED).exists()


# --- The page -----------------------------------------------------------------------------------------


def test_a_wrong_kind_failure_offers_to_read_it_as_the_other_kind_instead_of_retrying(alice_client, alice):
    document = card_sent_as_certificate(alice)

    page = page_of(alice_client, document)

    assert WRONG_KIND_MESSAGE in page
    assert "Read it again as: Credit card" in page
    assert 'id="retry"' not in page  # the same kind would be read the same way, and paid for again


def test_a_document_failed_for_another_reason_can_change_kind_too(alice_client, alice):
    document = DocumentFactory(uploader=alice, status=Status.FAILED, error_code="nothing_found")

    page = page_of(alice_client, document)

    assert 'id="change-kind"' in page and "Read it again as: Credit card" in page


def test_only_a_reviewer_changes_the_kind_of_a_document_waiting_for_review(client, alice, rita, settings):
    """Changing the kind withdraws the review task: for the uploader it would be a way around the review."""
    document = in_review(alice)
    client.force_login(alice)

    assert "Read it again as" not in page_of(client, document)
    assert not services.document_change_kind(document=document, kind=Kind.CREDIT_CARD, actor=alice)
    assert ReviewTask.objects.filter(document=document).exists()

    client.force_login(rita)
    assert "Read it again as: Credit card" in page_of(client, document)


@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED, Status.PROCESSING])
def test_a_decided_or_unfinished_document_offers_no_kind_change(alice_client, alice, status):
    assert "Read it again as" not in page_of(alice_client, DocumentFactory(uploader=alice, status=status))


def test_a_form_sent_twice_queues_the_document_once(alice_client, alice, django_capture_on_commit_callbacks):
    document = card_sent_as_certificate(alice)

    with django_capture_on_commit_callbacks() as queued:
        first = change_kind(alice_client, document)
        second = change_kind(alice_client, document)

    assert len(queued) == 1
    assert "will be read again as: Credit card" in " ".join(str(m) for m in first.context["messages"])
    assert "already read as: Credit card" in " ".join(str(m) for m in second.context["messages"])
    assert AuditEvent.objects.filter(document=document, action=Action.KIND_CHANGED).count() == 1
    assert "Kind changed, to be read again" in second.content.decode()  # the page's history shows it


def test_only_users_who_may_see_the_document_can_change_its_kind(client, alice):
    document = card_sent_as_certificate(alice)
    client.force_login(UserFactory(username="mallory"))

    response = client.post(reverse("documents:change_kind", kwargs={"pk": document.pk}), {"kind": Kind.CREDIT_CARD})

    document.refresh_from_db()
    assert response.status_code == 404 and document.kind == Kind.BUSINESS_CERTIFICATE


def test_an_unknown_kind_is_refused_with_a_message(alice_client, alice):
    document = card_sent_as_certificate(alice)

    response = change_kind(alice_client, document, kind="passport")

    document.refresh_from_db()
    assert document.kind == Kind.BUSINESS_CERTIFICATE and document.status == Status.FAILED
    assert "Choose the kind" in " ".join(str(m) for m in response.context["messages"])
