"""A read certificate is checked with the tax office (its stand-in, over HTTP) before it is routed."""

import datetime as dt
import math

import pytest
from django.db import transaction
from django.utils import timezone

from documents import events
from documents import services as document_services
from documents.kinds import Status
from documents.models import Document, ExtractedField
from registry import verification
from registry.models import AuthenticityAnswer, PendingVerification
from registry.services import business_register_from_document
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.models import ReviewTask
from reviews.routing import Code
from tests.factories import UserFactory, approved_certificate, certificate_values, read_document

pytestmark = pytest.mark.django_db

CONFIRMED = {"registration_number", "opening_date", "representative", "company_name"}


@pytest.fixture(autouse=True)
def _eager_and_unsampled(settings):
    from config.celery import app

    settings.REVIEW_FOUR_EYES = False
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def certificate(seed: int, *, confidence=0.99, **values) -> Document:
    return read_document(values=certificate_values(seed, **values), confidence=confidence)


def announce_read(documents, capture) -> None:
    """What the pipeline does once a reading is stored: `document_read` in its transaction. The queued check
    (CELERY_TASK_ALWAYS_EAGER) runs after commit, as a worker would."""
    with capture(execute=True), transaction.atomic():
        for document in documents:
            events.document_read.send(sender=Document, document=document)


def on_record(standin, document, *, representative=None, name=None) -> str:
    """The office's record of the document's business: what was read, unless told otherwise."""
    values = {f.name: f.value for f in document.extraction.fields.all()}
    number = values["registration_number"]
    standin.records[number] = (values["opening_date"].replace("-", ""), representative or values["representative"])
    standin.names[number] = name or values["company_name"]
    return number


def verified(document) -> set[str]:
    return set(ExtractedField.objects.filter(extraction__document=document, verified_at__isnull=False)
               .values_list("name", flat=True))


def reasons(document) -> set[str]:
    return set(ReviewTask.objects.get(document=document).reasons.values_list("code", flat=True))


def test_fields_the_office_confirms_are_verified_and_need_no_person(nts_standin, django_capture_on_commit_callbacks):
    # unsure of the representative and the company name: a person would have had to look
    document = certificate(1, confidence={"representative": 0.41, "company_name": 0.55})
    on_record(nts_standin, document)

    announce_read([document], django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert verified(document) == CONFIRMED
    field = document.extraction.fields.get(name="representative")
    assert field.verified_by == "nts" and field.verified_at is not None
    assert not verified(document) & {"business_address", "tax_type"}
    assert nts_standin.calls == {"validate": 1, "status": 1}  # and none after the approval: nothing new to learn
    assert document.audit_events.filter(action="verified").exists()
    assert review_selectors.metrics()["verified_fields"] == len(CONFIRMED)


@pytest.mark.parametrize("confidence", [0.55, 0.99])
def test_a_company_name_the_office_has_otherwise_goes_to_a_person_without_suspicion_of_forgery(
    nts_standin, django_capture_on_commit_callbacks, confidence
):
    document = certificate(2, confidence={"company_name": confidence})  # confidently misread, or printed otherwise
    on_record(nts_standin, document, name="(주)전혀다른이름")

    announce_read([document], django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    assert verified(document) == CONFIRMED - {"company_name"}
    assert Code.NAME_DIFFERS in reasons(document) and Code.REGISTRY_MISMATCH not in reasons(document)
    assert nts_standin.calls["validate"] == 2  # the question again without the name


def test_a_reading_the_office_contradicts_goes_to_review_as_a_mismatch(nts_standin, django_capture_on_commit_callbacks):
    document = certificate(3)
    number = on_record(nts_standin, document, representative="김진짜")

    announce_read([document], django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    reason = ReviewTask.objects.get(document=document).reasons.get(code=events.REGISTRY_MISMATCH)
    assert reason.detail == {"number": number, "provider": "nts", "code": "02", "message": "확인할 수 없습니다."}
    assert verified(document) == set()
    assert nts_standin.calls["status"] == 0  # a mismatching reading's business is not worth a status call


@pytest.mark.parametrize(("code", "reason"), [("03", Code.BUSINESS_CLOSED), ("02", Code.BUSINESS_SUSPENDED)])
def test_a_closed_or_suspended_business_goes_to_a_person(nts_standin, django_capture_on_commit_callbacks, code, reason):
    document = certificate(4)
    number = on_record(nts_standin, document)
    nts_standin.statuses[number] = code

    announce_read([document], django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    assert reasons(document) == {reason}
    assert verified(document) == CONFIRMED  # the certificate itself is genuine
    detail = ReviewTask.objects.get(document=document).reasons.get().detail
    assert detail["provider"] == "nts"
    if code == "03":
        assert detail["closed_on"] == "2024-01-31"


def test_a_dead_office_changes_nothing_and_holds_nothing_up(nts_standin, settings, django_capture_on_commit_callbacks):
    nts_standin.stop()  # nothing listens there any more: connection refused
    clean, unsure = certificate(5), certificate(6, confidence={"representative": 0.4})

    announce_read([clean, unsure], django_capture_on_commit_callbacks)

    for document in (clean, unsure):
        document.refresh_from_db()
        assert verified(document) == set()
    assert clean.status == Status.APPROVED
    assert unsure.status == Status.NEEDS_REVIEW and reasons(unsure) == {Code.LOW_CONFIDENCE}
    # while the office is on hold, a new reading is routed in the pipeline's own transaction, without waiting
    later = certificate(7)
    with transaction.atomic():
        events.document_read.send(sender=Document, document=later)
        later.refresh_from_db()
        assert later.status == Status.APPROVED
    assert not PendingVerification.objects.exists()


def test_certificates_that_queue_up_are_asked_about_a_hundred_at_a_time(
    nts_standin, django_capture_on_commit_callbacks
):
    documents = [certificate(100 + i) for i in range(101)]
    for document in documents:  # all active (the stand-in makes some numbers closed or suspended by themselves)
        nts_standin.statuses[document.extraction.fields.get(name="registration_number").value] = "01"
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():  # no worker free yet: they wait
        for document in documents:
            events.document_read.send(sender=Document, document=document)
    assert PendingVerification.objects.count() == 101 and nts_standin.calls["validate"] == 0

    verification.readings_verify_pending()  # what the queued task (and beat, every minute) runs

    assert nts_standin.calls["validate"] == math.ceil(101 / 100)
    assert nts_standin.calls["status"] == math.ceil(101 / 100)
    assert max(n for op, _t, n in nts_standin.arrivals if op == "validate") == 100
    assert Document.objects.filter(status=Status.APPROVED).count() == 101
    assert ExtractedField.objects.filter(verified_by="nts").count() == 101 * len(CONFIRMED)
    assert not PendingVerification.objects.exists()


def test_an_office_that_took_the_whole_lease_does_not_hand_the_pass_to_another_one(
    nts_standin, django_capture_on_commit_callbacks
):
    """A slow office used up the lease: the pass renews it before announcing, so a second pass (another worker,
    or beat's next minute) does not take the same documents and ask about them again."""
    documents = [certificate(60 + i) for i in range(3)]
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        for document in documents:
            events.document_read.send(sender=Document, document=document)
    office = verification.verifying_provider()
    ask = office.validate

    def slow_validate(*, claims):
        PendingVerification.objects.update(lease_until=timezone.now() - dt.timedelta(seconds=1))  # time is up
        return ask(claims=claims)

    office.validate = slow_validate
    taken_meanwhile = []

    def second_pass(sender, **kwargs):
        taken_meanwhile.append(verification.readings_verify_pending(provider=office))

    events.document_checked.connect(second_pass, dispatch_uid="test.second_pass")
    try:
        assert verification.readings_verify_pending(provider=office) == 3
    finally:
        events.document_checked.disconnect(dispatch_uid="test.second_pass")

    assert taken_meanwhile == [0, 0, 0]
    assert nts_standin.calls["validate"] == 1


def test_the_same_question_is_never_asked_twice(nts_standin, django_capture_on_commit_callbacks):
    first = certificate(8)
    on_record(nts_standin, first)
    again = read_document(values={f.name: f.value for f in first.extraction.fields.all()})

    announce_read([first], django_capture_on_commit_callbacks)
    announce_read([again], django_capture_on_commit_callbacks)

    assert nts_standin.calls["validate"] == 1
    again.refresh_from_db()
    assert again.status == Status.APPROVED and verified(again) == CONFIRMED


def test_a_mismatch_is_asked_again_after_a_day_for_the_offices_records_lag_behind(
    nts_standin, django_capture_on_commit_callbacks
):
    """A new representative may not be in the office's records yet: its `02` is not the last word."""
    first = certificate(9)
    on_record(nts_standin, first, representative="김이전")  # the office still knows the previous one
    again = read_document(values={f.name: f.value for f in first.extraction.fields.all()})
    later = read_document(values={f.name: f.value for f in first.extraction.fields.all()})

    announce_read([first], django_capture_on_commit_callbacks)
    on_record(nts_standin, first)  # the office's records catch up
    announce_read([again], django_capture_on_commit_callbacks)  # the same day: the kept answer stands
    AuthenticityAnswer.objects.update(asked_at=timezone.now() - dt.timedelta(hours=25))
    announce_read([later], django_capture_on_commit_callbacks)

    assert nts_standin.calls["validate"] == 2 + 0 + 1  # a mismatch is asked with the name, then without it
    for document, status in ((first, Status.NEEDS_REVIEW), (again, Status.NEEDS_REVIEW), (later, Status.APPROVED)):
        document.refresh_from_db()
        assert document.status == status
    assert verified(later) == CONFIRMED


def test_the_simulated_provider_never_claims_to_verify(settings, django_capture_on_commit_callbacks):
    settings.STATUS_PROVIDER = "simulated"
    document = certificate(9, confidence={"representative": 0.4})

    announce_read([document], django_capture_on_commit_callbacks)

    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW and reasons(document) == {Code.LOW_CONFIDENCE}
    assert verified(document) == set()


def test_a_reviewers_correction_is_checked_again_before_approval(nts_standin, django_capture_on_commit_callbacks):
    document = certificate(10, representative="홍길퉁")  # misread
    on_record(nts_standin, document, representative="홍길동")
    announce_read([document], django_capture_on_commit_callbacks)
    task = ReviewTask.objects.get(document=document)
    assert reasons(document) == {events.REGISTRY_MISMATCH}
    reviewer = UserFactory(roles=["reviewer"])
    calls = nts_standin.calls["validate"]

    # approving what the office contradicts: refused, with a message, and the document stays in review
    with pytest.raises(review_services.ValidationFailed) as refused:
        review_services.task_approve(task=task, user=reviewer)
    assert "tax office" in refused.value.problems[0].message
    assert nts_standin.calls["validate"] == calls  # the answer was kept: no second call for the same question
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW

    representative = document.extraction.fields.get(name="representative")
    review_services.task_approve(task=task, user=reviewer, corrections={representative.pk: "홍길동"})

    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert verified(document) == CONFIRMED
    assert nts_standin.calls["validate"] == calls + 1


def test_an_approval_goes_ahead_when_the_office_cannot_answer(nts_standin, django_capture_on_commit_callbacks):
    document = certificate(11, representative="홍길퉁")
    on_record(nts_standin, document, representative="홍길동")
    announce_read([document], django_capture_on_commit_callbacks)
    task = ReviewTask.objects.get(document=document)
    nts_standin.script(["http:500"])
    representative = document.extraction.fields.get(name="representative")

    review_services.task_approve(task=task, user=UserFactory(roles=["reviewer"]),
                                 corrections={representative.pk: "홍길순"})

    document.refresh_from_db()
    assert document.status == Status.APPROVED  # as before; the check after approval still runs when it is back
    assert verified(document) == set()
    assert verification.on_hold()


def test_people_and_partners_see_which_values_the_tax_office_confirmed(
    nts_standin, client, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    from partners import services as partner_services

    partner = partner_services.partner_create(name="Acme", contact_email="ops@acme.example")
    _key, raw_key = partner_services.api_key_create(partner=partner)
    document = read_document(values=certificate_values(12), confidence={"company_name": 0.5}, partner=partner)
    on_record(nts_standin, document, name="(주)다른이름")  # the company name stays unconfirmed
    announce_read([document], django_capture_on_commit_callbacks)

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    fields = {f["name"]: f for f in api.get(f"/api/v1/documents/{document.pk}/").json()["fields"]}
    assert fields["representative"]["verified"]["by"] == "nts"
    assert fields["representative"]["verified"]["at"].startswith(str(document.extraction.fields.get(
        name="representative").verified_at.year))
    assert fields["company_name"]["verified"] is None and fields["business_address"]["verified"] is None

    reviewer = UserFactory(roles=["reviewer"])
    client.force_login(reviewer)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert page.count("Verified by the tax office") == 3
    screen = client.get(f"/reviews/{document.review_task.pk}/").content.decode()
    assert screen.count("Verified by the tax office") == 3


def test_a_person_changing_a_verified_value_takes_its_mark_away(nts_standin, django_capture_on_commit_callbacks):
    document = certificate(13, confidence={"company_name": 0.5})
    on_record(nts_standin, document, name="(주)다른이름")
    announce_read([document], django_capture_on_commit_callbacks)
    opening = document.extraction.fields.get(name="opening_date")
    assert opening.is_verified

    review_services.field_correct(field=opening, user=UserFactory(roles=["reviewer"]), value="2016-03-02")

    opening.refresh_from_db()
    assert not opening.is_verified and opening.verified_by == ""


def test_a_certificate_whose_queued_check_was_lost_is_taken_by_the_next_pass_and_never_failed_as_stuck(
    nts_standin, settings, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from documents import services as document_services

    document = certificate(14)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():  # the queued task never arrives
        events.document_read.send(sender=Document, document=document)
    Document.objects.filter(pk=document.pk).update(
        attempts=settings.MAX_PROCESSING_ATTEMPTS, processing_started_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert document_services.documents_requeue_stuck() == []  # read already: not the reading's sweep to judge

    verification.readings_verify_pending()  # beat, every minute
    document.refresh_from_db()
    assert document.status == Status.APPROVED and verified(document) == CONFIRMED


def test_the_verdicts_business_states_are_the_registrys():
    from registry.models import BusinessState

    assert (events.STATE_ACTIVE, events.STATE_SUSPENDED, events.STATE_CLOSED) == (
        BusinessState.ACTIVE, BusinessState.SUSPENDED, BusinessState.CLOSED)


class _BrokenClient:
    """A provider whose client fails in a way it was never written for (not a StatusError)."""

    name = "nts"
    verifies_readings = True

    def validate(self, *, claims):
        raise RuntimeError("the rate limiter gave up")

    def check(self, *, numbers):
        raise RuntimeError("the rate limiter gave up")


def test_a_provider_that_fails_unexpectedly_leaves_no_document_waiting(nts_standin, django_capture_on_commit_callbacks):
    clean, unsure = certificate(8), certificate(9, confidence={"representative": 0.4})
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():  # queued, the task not run
        for document in (clean, unsure):
            events.document_read.send(sender=Document, document=document)
    assert PendingVerification.objects.count() == 2

    assert verification.readings_verify_pending(provider=_BrokenClient()) == 2

    clean.refresh_from_db()
    unsure.refresh_from_db()
    assert clean.status == Status.APPROVED and verified(clean) == set()  # routed as if the office had not answered
    assert unsure.status == Status.NEEDS_REVIEW and reasons(unsure) == {Code.LOW_CONFIDENCE}
    assert not PendingVerification.objects.exists() and verification.on_hold()


def test_a_certificate_sent_back_to_review_no_longer_vouches_for_its_business():
    document = approved_certificate(seed=31)
    business_register_from_document(document=document)
    assert document.businesses.exists()
    staff = UserFactory(roles=["reviewer"])

    assert document_services.document_send_to_review(document=document, actor=staff)

    assert not document.businesses.exists() and Document.objects.get(pk=document.pk).status == Status.NEEDS_REVIEW
