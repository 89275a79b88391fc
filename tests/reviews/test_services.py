"""Routing stored in the database, claims, decisions, corrections and their audit rows."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from documents import cards
from documents.audit import Action
from documents.kinds import Kind, Status
from documents.models import AuditEvent, ExtractedField
from documents.selectors import full_value
from reviews import services
from reviews.models import ConfidenceThreshold, ReviewTask
from tests.factories import (
    UserFactory,
    card_values,
    certificate_values,
    luhn_number,
    read_document,
    registration_number,
    with_wrong_check_digit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_sampling(settings):
    settings.REVIEW_FOUR_EYES = False


def route(document, seed=0):
    services.document_route(document=document, rng=random.Random(seed))
    document.refresh_from_db()
    return document


def reason_codes(document):
    return sorted((r.code, r.field_name) for r in document.review_task.reasons.all())


def queued(n, **kwargs):
    return [route(read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5}, **kwargs))
            for i in range(n)]


# --- Routing ---------------------------------------------------------------------------------------


def test_a_clean_document_is_approved_and_the_record_says_no_person_saw_it():
    document = route(read_document())
    assert document.status == Status.APPROVED
    assert not ReviewTask.objects.filter(document=document).exists()
    event = AuditEvent.objects.get(document=document)
    assert event.action == Action.AUTO_APPROVED and event.actor is None
    assert event.after == {"status": Status.APPROVED, "seen_by_person": False}
    assert event.before == {"status": Status.PROCESSING}


def test_a_flawed_document_goes_to_review_with_every_reason_recorded():
    values = certificate_values(registration_number=with_wrong_check_digit(registration_number(7)), representative="")
    document = route(read_document(values=values, confidence={"company_name": 0.42}, resolution="low"))
    assert document.status == Status.NEEDS_REVIEW
    assert reason_codes(document) == sorted([
        ("low_confidence", "company_name"), ("low_resolution", ""), ("missing_field", "representative"),
        ("bad_check_digit", "registration_number"),
    ])
    event = AuditEvent.objects.get(document=document, action=Action.ROUTED_TO_REVIEW)
    assert {r["code"] for r in event.after["reasons"]} == {"low_confidence", "low_resolution", "missing_field",
                                                          "bad_check_digit"}


def test_luhn_is_checked_on_the_full_card_number_not_the_mask():
    good = route(read_document(kind=Kind.CREDIT_CARD, values=card_values(card_number=luhn_number(seed=4))))
    assert good.status == Status.APPROVED
    number = luhn_number(seed=4)
    bad_number = number[:8] + str((int(number[8]) + 1) % 10) + number[9:]  # same mask, different middle digit
    assert cards.mask(bad_number) == cards.mask(number)
    bad = route(read_document(kind=Kind.CREDIT_CARD, values=card_values(card_number=bad_number)))
    assert reason_codes(bad) == [("bad_card_number", "card_number")]


def test_a_card_number_past_its_retention_window_is_not_decrypted_for_the_checks(settings):
    number = luhn_number(seed=5)
    document = read_document(kind=Kind.CREDIT_CARD, values=card_values(card_number=number))
    field = document.extraction.fields.get(name="card_number")
    assert full_value(field) == number

    settings.CARD_NUMBER_RETENTION_DAYS = 0  # the window closed before the daily purge ran
    field.refresh_from_db()

    assert full_value(field) == cards.mask(number)


def test_an_expired_card_goes_to_review():
    document = route(read_document(kind=Kind.CREDIT_CARD, values=card_values(valid_thru="01/20")))
    assert reason_codes(document) == [("expired", "valid_thru")]


def test_a_registration_number_already_on_file_under_another_company_name():
    number = registration_number(42)
    first = route(read_document(values=certificate_values(registration_number=number, company_name="주식회사 한빛")))
    assert first.status == Status.APPROVED
    same = route(read_document(values=certificate_values(registration_number=number, company_name="(주)한빛")))
    assert same.status == Status.APPROVED
    other = route(read_document(values=certificate_values(registration_number=number, company_name="누리상사")))
    assert reason_codes(other) == [("registration_conflict", "registration_number")]
    assert other.review_task.reasons.get().detail == {"other_company_names": ["(주)한빛", "주식회사 한빛"]}


def test_a_threshold_an_admin_sets_applies_to_the_next_document():
    assert route(read_document(confidence={"company_name": 0.85})).status == Status.NEEDS_REVIEW
    ConfidenceThreshold.objects.create(kind=Kind.BUSINESS_CERTIFICATE, field_name="company_name", threshold=0.80)
    assert route(read_document(confidence={"company_name": 0.85})).status == Status.APPROVED
    ConfidenceThreshold.objects.create(kind=Kind.BUSINESS_CERTIFICATE, field_name="", threshold=0.995)
    document = route(read_document(confidence={"company_name": 0.85}))
    assert ("low_confidence", "representative") in reason_codes(document)  # 0.99 < 0.995 for the rest of the kind
    assert ("low_confidence", "company_name") not in reason_codes(document)


class _Draw:
    """A random source that draws the number it is given, so the test decides which side of the rate it falls."""

    def __init__(self, value: float):
        self.value = value

    def random(self) -> float:
        return self.value


def test_the_sample_rate_setting_reaches_the_policy_and_decides_which_clean_documents_a_person_sees(settings):
    settings.REVIEW_SAMPLE_RATE = 0.25
    assert services.policy_current().sample_rate == 0.25
    below, above = read_document(), read_document()

    services.document_route(document=below, rng=_Draw(0.24))
    services.document_route(document=above, rng=_Draw(0.26))

    assert below.status == Status.NEEDS_REVIEW and reason_codes(below) == [("sampled", "")]
    assert ReviewTask.objects.get(document=below).sampled
    assert above.status == Status.APPROVED and not ReviewTask.objects.filter(document=above).exists()


# --- Claims --------------------------------------------------------------------------------------------


def test_next_claims_the_oldest_unclaimed_task_and_two_reviewers_get_different_ones():
    tasks = [d.review_task for d in queued(3)]
    alice, bob = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])
    assert services.task_claim_next(user=alice) == tasks[0]
    assert services.task_claim_next(user=alice) == tasks[0]  # what you hold comes back first
    assert services.task_claim_next(user=bob) == tasks[1]
    assert AuditEvent.objects.filter(action=Action.CLAIMED).count() == 2


def test_an_abandoned_claim_expires_and_the_task_comes_back(settings):
    settings.REVIEW_CLAIM_MINUTES = 15
    (document,) = queued(1)
    alice, bob = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])
    now = timezone.now()
    assert services.task_claim_next(user=alice, now=now) == document.review_task
    assert services.task_claim_next(user=bob, now=now + dt.timedelta(minutes=14)) is None
    assert services.task_claim_next(user=bob, now=now + dt.timedelta(minutes=16)) == document.review_task
    with pytest.raises(services.ReviewError):
        services.task_approve(task=document.review_task, user=alice, now=now + dt.timedelta(minutes=17))


def test_a_skipped_task_is_not_offered_again_to_the_same_reviewer():
    first, second = [d.review_task for d in queued(2)]
    alice, bob = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])
    assert services.task_claim_next(user=alice) == first
    services.task_skip(task=first, user=alice)
    assert services.task_claim_next(user=alice) == second
    assert services.task_claim_next(user=bob) == first


def test_four_eyes_nobody_reviews_what_they_uploaded(settings):
    settings.REVIEW_FOUR_EYES = True
    alice = UserFactory(roles=["uploader", "reviewer"])
    (own,) = queued(1, uploader=alice)
    assert services.task_claim_next(user=alice) is None
    with pytest.raises(services.ReviewError):
        services.task_claim(task=own.review_task, user=alice)
    settings.REVIEW_FOUR_EYES = False
    assert services.task_claim_next(user=alice) == own.review_task


# --- Decisions and corrections ---------------------------------------------------------------------------


def test_a_correction_keeps_the_machine_value_and_writes_audit_rows():
    document = queued(1)[0]
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    field = document.extraction.fields.get(name="company_name")
    services.task_approve(task=task, user=reviewer, corrections={field.pk: "  주식회사   누리 "})
    field.refresh_from_db()
    document.refresh_from_db()
    assert (field.value, field.corrected_value, field.corrected_by) == ("주식회사 한빛0", "주식회사 누리", reviewer)
    assert document.status == Status.APPROVED
    correction = AuditEvent.objects.get(document=document, action=Action.FIELD_CORRECTED)
    assert correction.actor == reviewer and correction.field_name == "company_name"
    assert correction.before["value"] == "주식회사 한빛0" and correction.after == {"value": "주식회사 누리"}
    approval = AuditEvent.objects.get(document=document, action=Action.APPROVED)
    assert approval.before == {"status": Status.NEEDS_REVIEW}
    assert approval.after == {"status": Status.APPROVED, "seen_by_person": True}
    assert task.__class__.objects.get(pk=task.pk).outcome == "approved"


def test_a_corrected_registration_number_failing_its_check_digit_is_refused():
    document = queued(1)[0]
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    field = document.extraction.fields.get(name="registration_number")
    with pytest.raises(services.ValidationFailed) as failed:
        services.task_approve(task=task, user=reviewer, corrections={field.pk: with_wrong_check_digit(field.value)})
    assert [p.field_id for p in failed.value.problems] == [field.pk]
    field.refresh_from_db()
    document.refresh_from_db()
    assert field.corrected_value == "" and document.status == Status.NEEDS_REVIEW
    assert not AuditEvent.objects.filter(action=Action.FIELD_CORRECTED).exists()


def test_an_issue_date_before_the_opening_date_is_approved_as_corrected():
    # Real certificates are often issued before the business opens: not a reason to refuse a correction.
    document = queued(1)[0]
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    opening = document.extraction.fields.get(name="opening_date")
    issue = document.extraction.fields.get(name="issue_date")

    services.task_approve(task=task, user=reviewer, corrections={opening.pk: "2021-03-02", issue.pk: "2020-12-01"})

    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert document.extraction.fields.get(name="opening_date").corrected_value == "2021-03-02"


def test_a_corrected_card_number_is_stored_encrypted_and_only_its_mask_in_the_clear(settings):
    number, fixed = luhn_number(seed=1), luhn_number(prefix="540000", seed=2)
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    document = route(read_document(kind=Kind.CREDIT_CARD, values=card_values(card_number=bad)))
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    field = document.extraction.fields.get(name="card_number")
    typed = " ".join([fixed[:4], fixed[4:8], fixed[8:]])
    services.task_approve(task=task, user=reviewer, corrections={field.pk: typed})
    field.refresh_from_db()
    assert field.corrected_value == cards.mask(fixed) and field.value == cards.mask(bad)
    assert cards.decrypt(field.value_encrypted) == fixed
    stored = [str(v) for e in AuditEvent.objects.filter(document=document) for v in (e.before, e.after, e.note)]
    assert not any(fixed in text or bad in text for text in stored)
    assert ExtractedField.objects.filter(corrected_value__contains=fixed).count() == 0


def test_reject_needs_a_reason_and_is_recorded():
    document = queued(1)[0]
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    with pytest.raises(services.ReviewError):
        services.task_reject(task=task, user=reviewer, reason="")
    services.task_reject(task=task, user=reviewer, reason="illegible", note="blurred")
    document.refresh_from_db()
    assert document.status == Status.REJECTED
    event = AuditEvent.objects.get(document=document, action=Action.REJECTED)
    assert event.actor == reviewer and event.after["reason"] == "illegible" and event.note == "blurred"
    with pytest.raises(services.ReviewError):
        services.task_approve(task=task, user=reviewer)
