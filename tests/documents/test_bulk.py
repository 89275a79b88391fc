"""Bulk actions from the list: each document through its own service, audited like its single form, refused as a
whole to those who may not, and summed up in one message."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from documents import roles
from documents.audit import Action
from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document, DocumentErasure, Extraction
from reviews.models import ReviewTask

from .test_list_find import card, certificate, clerk, clerk_client, reviewer  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    user = django_user_model.objects.create_user("ada", password="pw-ada-1")
    user.groups.add(Group.objects.get_or_create(name=roles.ADMIN)[0])
    return user


def bulk(client, action: str, documents, **extra):
    data = {"action": action, "ids": [d.pk for d in documents], "back": "status=failed", **extra}
    return client.post(reverse("documents:bulk"), data, follow=True)


def message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_retry_retries_the_failed_and_counts_the_rest(clerk_client, clerk, django_capture_on_commit_callbacks):  # noqa: F811
    failed = [certificate(clerk, seed=i, status=Status.FAILED) for i in range(3)]
    approved = certificate(clerk, seed=9, status=Status.APPROVED)

    with django_capture_on_commit_callbacks():
        response = bulk(clerk_client, "retry", [*failed, approved])

    assert message(response) == "3 retried, 1 skipped: not failed."
    assert response.redirect_chain[-1][0] == "/?status=failed"  # back to the filtered list
    assert set(Document.objects.filter(status=Status.RECEIVED).values_list("pk", flat=True)) == {d.pk for d in failed}
    retries = AuditEvent.objects.filter(action=Action.STATUS_CHANGED, note="retry", actor=clerk)
    assert sorted(retries.values_list("document_id", flat=True)) == sorted(d.pk for d in failed)  # as the single form


def test_change_kind_reads_again_as_the_other_kind(clerk_client, clerk):  # noqa: F811
    wrong = certificate(clerk, seed=1, status=Status.FAILED)
    already = card(clerk, status=Status.FAILED)
    decided = certificate(clerk, seed=2, status=Status.APPROVED)

    response = bulk(clerk_client, "change_kind", [wrong, already, decided], kind=Kind.CREDIT_CARD)

    assert message(response) == (
        "1 sent to be read again as Credit card, 1 skipped: already that kind, "
        "1 skipped: not read yet, or already decided."
    )
    wrong.refresh_from_db()
    assert (wrong.kind, wrong.status) == (Kind.CREDIT_CARD, Status.RECEIVED)
    assert not Extraction.objects.filter(document=wrong).exists()
    assert AuditEvent.objects.get(document=wrong, action=Action.KIND_CHANGED).actor == clerk


def test_change_kind_without_a_kind_is_explained(clerk_client, clerk):  # noqa: F811
    document = certificate(clerk, status=Status.FAILED)
    response = bulk(clerk_client, "change_kind", [document], kind="")
    assert "Choose the kind of document to read them as." in message(response)


def test_a_reviewer_sends_decided_documents_back_to_review_audited(client, reviewer, clerk):  # noqa: F811
    approved = certificate(clerk, seed=1, status=Status.APPROVED)
    rejected = certificate(clerk, seed=2, status=Status.REJECTED)
    waiting = certificate(clerk, seed=3, status=Status.NEEDS_REVIEW)
    failed = certificate(clerk, seed=4, status=Status.FAILED)
    client.force_login(reviewer)

    response = bulk(client, "review", [approved, rejected, waiting, failed])

    assert message(response) == (
        "2 sent to review, 1 skipped: already waiting for review, 1 skipped: not decided yet."
    )
    for document in (approved, rejected):
        document.refresh_from_db()
        assert document.status == Status.NEEDS_REVIEW
        task = ReviewTask.objects.get(document=document)
        assert task.is_open and list(task.reasons.values_list("code", flat=True)) == ["review_requested"]
        assert AuditEvent.objects.get(document=document, action=Action.ROUTED_TO_REVIEW).actor == reviewer


def test_an_uploader_may_not_send_to_review_nor_erase(clerk_client, clerk):  # noqa: F811
    approved = certificate(clerk, status=Status.APPROVED)

    assert clerk_client.post(reverse("documents:bulk"), {"action": "review", "ids": [approved.pk]}).status_code == 403
    assert clerk_client.post(reverse("documents:bulk"), {"action": "erase", "ids": [approved.pk]}).status_code == 403

    approved.refresh_from_db()
    assert approved.status == Status.APPROVED and not DocumentErasure.objects.exists()
    refused = [Action.ERASED, Action.ROUTED_TO_REVIEW]
    assert not AuditEvent.objects.filter(document=approved, action__in=refused).exists()


def test_a_reviewer_may_not_erase(client, reviewer, clerk):  # noqa: F811
    document = certificate(clerk, status=Status.APPROVED)
    client.force_login(reviewer)
    assert client.post(reverse("documents:bulk"), {"action": "erase", "ids": [document.pk]}).status_code == 403
    assert not DocumentErasure.objects.exists()


def test_an_administrator_erases_and_each_erasure_is_audited(client, admin_user, clerk):  # noqa: F811
    done = [certificate(clerk, seed=i, status=Status.APPROVED) for i in range(2)]
    reading = certificate(clerk, seed=5, status=Status.PROCESSING)
    client.force_login(admin_user)

    response = bulk(client, "erase", [*done, reading])

    assert message(response) == "2 erased, 1 skipped: still being read."
    assert set(DocumentErasure.objects.values_list("document_id", flat=True)) == {d.pk for d in done}
    for document in done:
        assert AuditEvent.objects.get(document=document, action=Action.ERASED).actor == admin_user
        assert not Extraction.objects.filter(document=document).exists()


def test_documents_the_user_cannot_see_are_not_touched(clerk_client, clerk, django_user_model):  # noqa: F811
    others = certificate(django_user_model.objects.create_user("other"), status=Status.FAILED)

    response = bulk(clerk_client, "retry", [others])

    assert message(response) == "0 retried, 1 skipped: not found."
    others.refresh_from_db()
    assert others.status == Status.FAILED


def test_no_selection_is_explained(clerk_client):  # noqa: F811
    response = clerk_client.post(reverse("documents:bulk"), {"action": "retry", "back": ""}, follow=True)
    assert "Select at least one document." in message(response)


def test_bulk_actions_need_the_csrf_token(clerk, clerk_client):  # noqa: F811
    document = certificate(clerk, status=Status.FAILED)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clerk)

    assert strict.post(reverse("documents:bulk"), {"action": "retry", "ids": [document.pk]}).status_code == 403
    document.refresh_from_db()
    assert document.status == Status.FAILED


def test_send_to_review_from_the_document_page_uses_the_same_service(client, reviewer, clerk):  # noqa: F811
    document = certificate(clerk, status=Status.APPROVED)
    client.force_login(reviewer)

    response = client.post(reverse("documents:send_to_review", kwargs={"pk": document.pk}), {"back": "q=x"})

    assert response["Location"] == "/?q=x"
    assert ReviewTask.objects.get(document=document).is_open
    assert AuditEvent.objects.get(document=document, action=Action.ROUTED_TO_REVIEW).actor == reviewer
