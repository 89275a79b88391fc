"""The same file uploaded again: marked on upload, in the list, on the document page and on the review screen; a
reviewer's decision on one can be repeated for its open duplicates, each audited."""

import random

import pytest
from django.urls import reverse

from documents.audit import Action
from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document
from reviews import services
from reviews.models import ReviewReason, ReviewTask
from reviews.routing import Code
from tests.documents.test_views import messages_in, png_bytes, upload
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db

SAME_FILE = "ab" * 32


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def test_three_uploads_of_one_file_are_marked_on_upload_in_the_list_and_on_the_page(client):
    client.force_login(UserFactory(roles=["uploader"]))
    content = png_bytes()
    answers = [
        client.post(reverse("documents:upload"), {"kind": Kind.BUSINESS_CERTIFICATE, "files": [upload(name, content)]},
                    follow=True)
        for name in ("first.png", "again.png", "third.png")
    ]
    first, second, third = Document.objects.order_by("id")

    assert "same file" not in messages_in(answers[0])
    assert f"#{second.pk} (again.png) is the same file as #{first.pk}." in messages_in(answers[1])
    assert f"#{third.pk} (third.png) is the same file as #{first.pk}." in messages_in(answers[2])
    listed = client.get(reverse("documents:list")).content.decode()
    assert listed.count(f'data-duplicate-of="{first.pk}"') == 2 and f"same file as #{first.pk}" in listed
    assert f"same file as #{first.pk}" in client.get(reverse("documents:detail", args=[third.pk])).content.decode()
    assert "same file as" not in client.get(reverse("documents:detail", args=[first.pk])).content.decode()


def test_another_file_is_not_marked(client):
    client.force_login(UserFactory(roles=["uploader"]))
    for width in (400, 401):
        files = [upload("a.png", png_bytes(width))]
        client.post(reverse("documents:upload"), {"kind": Kind.BUSINESS_CERTIFICATE, "files": files})
    assert "data-duplicate-of" not in client.get(reverse("documents:list")).content.decode()


def queued_copies(n=3, *, values=None):
    documents = []
    for _i in range(n):
        document = read_document(values=values or certificate_values(seed=3), confidence={"company_name": 0.5})
        Document.objects.filter(pk=document.pk).update(sha256=SAME_FILE)
        document.refresh_from_db()
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    return documents


def open_review(client, document):
    task = ReviewTask.objects.get(document=document)
    client.post(reverse("reviews:claim", args=[task.pk]))
    return task, client.get(reverse("reviews:review", args=[task.pk])).content.decode()


def test_the_review_screen_marks_the_copy_and_offers_to_decide_its_duplicates(client):
    first, second, third = queued_copies()
    client.force_login(UserFactory(roles=["reviewer"]))

    _task, page = open_review(client, third)

    assert f"same file as #{first.pk}" in page
    assert "apply to 2 duplicates" in page and f"#{first.pk}, #{second.pk}" in page


def test_an_approval_with_a_correction_is_repeated_for_the_duplicates_and_audited_for_each(client):
    documents = queued_copies()
    reviewer = UserFactory(roles=["reviewer"])
    client.force_login(reviewer)
    task, _page = open_review(client, documents[0])
    company = documents[0].extraction.fields.get(name="company_name")

    response = client.post(reverse("reviews:review", args=[task.pk]), {
        "action": "approve", f"field_{company.pk}": "주식회사 바른상호", "apply_to_duplicates": "1",
    }, follow=True)

    assert "The same decision was applied to 2 duplicates." in messages_in(response)
    for document in documents:
        document.refresh_from_db()
        assert document.status == Status.APPROVED
        assert document.extraction.fields.get(name="company_name").current_value == "주식회사 바른상호"
        approval = AuditEvent.objects.get(document=document, action=Action.APPROVED)
        assert approval.actor == reviewer
    repeated = AuditEvent.objects.filter(action=Action.APPROVED, after__applied_from=documents[0].pk)
    assert sorted(repeated.values_list("document_id", flat=True)) == [documents[1].pk, documents[2].pk]
    assert AuditEvent.objects.filter(document=documents[2], action=Action.FIELD_CORRECTED, actor=reviewer).exists()


def test_a_rejection_is_repeated_with_its_reason_and_a_duplicate_held_by_another_reviewer_is_left(client):
    first, second, third = queued_copies()
    other = UserFactory(roles=["reviewer"])
    services.task_claim(task=ReviewTask.objects.get(document=third), user=other)
    client.force_login(UserFactory(roles=["reviewer"]))
    task, page = open_review(client, first)
    assert "apply to 1 duplicate" in page

    client.post(reverse("reviews:review", args=[task.pk]),
                {"action": "reject", "reject_reason": "illegible", "apply_to_duplicates": "1"})

    assert ReviewTask.objects.get(document=second).reject_reason == "illegible"
    assert [Document.objects.get(pk=d.pk).status for d in (first, second, third)] == [
        Status.REJECTED, Status.REJECTED, Status.NEEDS_REVIEW]


def test_without_the_checkbox_only_the_document_itself_is_decided(client):
    first, second, _third = queued_copies()
    client.force_login(UserFactory(roles=["reviewer"]))
    task, _page = open_review(client, first)

    client.post(reverse("reviews:review", args=[task.pk]), {"action": "approve"})

    assert Document.objects.get(pk=second.pk).status == Status.NEEDS_REVIEW


def test_a_duplicate_waiting_for_a_reason_the_reviewer_did_not_see_is_not_decided_with_it(client):
    first, second, third = queued_copies()
    ReviewReason.objects.create(task=ReviewTask.objects.get(document=third), code=Code.BUSINESS_CLOSED)
    client.force_login(UserFactory(roles=["reviewer"]))

    _task, page = open_review(client, first)

    assert "apply to 1 duplicate" in page and f"#{second.pk}" in page  # not the closed business's copy
