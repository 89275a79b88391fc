"""Approval puts the number in the registry; the authenticity check sends a mismatch back to review."""

import pytest
from django.utils import timezone

from documents import events
from documents.kinds import Status
from registry import services as registry
from registry.models import Business, BusinessCheck, BusinessState
from registry.selectors import business_states_for_documents, document_business_data
from reviews.models import ReviewTask
from tests.factories import approved_certificate


def register(document, django_capture_on_commit_callbacks):
    """What the review workflow does on approval; the queued task runs here (CELERY_TASK_ALWAYS_EAGER)."""
    with django_capture_on_commit_callbacks(execute=True):
        return registry.business_register_from_document(document=document)


@pytest.fixture(autouse=True)
def _eager(settings):
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_approval_registers_one_business_per_number_and_checks_it_at_once(db, django_capture_on_commit_callbacks):
    first = approved_certificate(1)
    second = approved_certificate(1, company_name="주식회사 한빛 (상호 변경)")
    business = register(first, django_capture_on_commit_callbacks)
    assert business.state == BusinessState.UNKNOWN
    business.refresh_from_db()
    assert business.state == BusinessState.ACTIVE and business.checked_at is not None
    assert business.next_check_at > timezone.now()
    register(second, django_capture_on_commit_callbacks)
    assert Business.objects.count() == 1
    business.refresh_from_db()
    assert business.name == "주식회사 한빛 (상호 변경)"  # the latest certificate's name
    assert set(business.documents.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert BusinessCheck.objects.filter(business=business).count() == 2


def test_the_reviewers_correction_is_the_number_registered(db, django_capture_on_commit_callbacks):
    document = approved_certificate(2)
    field = document.extraction.fields.get(name="registration_number")
    field.corrected_value = "1168200276"
    field.save()
    business = register(document, django_capture_on_commit_callbacks)
    assert business.number == "1168200276"


def test_documents_carry_their_business_state(db, django_capture_on_commit_callbacks, django_assert_num_queries):
    documents = [approved_certificate(i) for i in range(3)]
    for d in documents[:2]:
        register(d, django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        states = business_states_for_documents(documents)
    assert set(states) == {documents[0].pk, documents[1].pk}
    assert document_business_data(document=documents[0])["state"] == BusinessState.ACTIVE
    assert document_business_data(document=documents[2]) is None


def test_nts_mismatch_sends_the_document_back_to_review(db, nts_standin, django_capture_on_commit_callbacks):
    document = approved_certificate(3, representative="김위조", opening_date="2015-03-02")
    number = document.extraction.fields.get(name="registration_number").value
    nts_standin.records[number] = ("20150302", "홍길동")  # the office knows another representative
    register(document, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    task = ReviewTask.objects.get(document=document)
    assert task.is_open
    reason = task.reasons.get(code=events.REGISTRY_MISMATCH)
    assert reason.detail["code"] == "02" and reason.detail["number"] == number
    # asked with the company name, then without it (the name alone may be printed differently): still no match
    assert nts_standin.calls["validate"] == 2
    business = Business.objects.get(number=number)
    assert not business.documents.exists()  # not evidence of the business until a person decides
    assert business.checked_at is not None  # the number itself was still checked


def test_nts_match_keeps_the_document_approved(db, nts_standin, django_capture_on_commit_callbacks):
    document = approved_certificate(4, representative="홍길동", opening_date="2015-03-02")
    number = document.extraction.fields.get(name="registration_number").value
    nts_standin.records[number] = ("20150302", "홍길동")
    register(document, django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert not ReviewTask.objects.filter(document=document).exists()


def test_a_previously_reviewed_document_is_reopened(db, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    document = approved_certificate(5)
    reviewer = UserFactory()
    ReviewTask.objects.create(document=document, outcome=ReviewTask.Outcome.APPROVED, resolved_by=reviewer,
                              resolved_at=timezone.now(), claimed_by=reviewer, claimed_at=timezone.now())
    number = document.extraction.fields.get(name="registration_number").value
    registry.simulated_status_set(number=number, state=BusinessState.ACTIVE, authentic=False)
    register(document, django_capture_on_commit_callbacks)
    task = ReviewTask.objects.get(document=document)
    assert task.is_open and task.claimed_by is None and task.outcome == ReviewTask.Outcome.OPEN
    assert document.audit_events.filter(action="routed_to_review").exists()


def test_simulating_a_state_from_the_business_page_keeps_an_admins_not_authentic_mark(db, client, django_user_model):
    business = registry.business_register_from_document(document=approved_certificate(11))
    registry.simulated_status_set(number=business.number, state=BusinessState.ACTIVE, authentic=False)
    client.force_login(django_user_model.objects.create_user("sam", is_staff=True))

    client.post(f"/businesses/{business.number}/simulate/", {"state": BusinessState.CLOSED})

    from registry.models import SimulatedStatus

    simulated = SimulatedStatus.objects.get(number=business.number)
    assert simulated.state == BusinessState.CLOSED and simulated.authentic is False
