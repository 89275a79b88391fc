"""The queue's filters survive a review ("next" keeps to them), and the queue page's live counts endpoint."""

import datetime as dt
import random

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from documents.kinds import Kind, Status
from reviews import services
from reviews.models import ReviewTask
from tests.factories import UserFactory, card_values, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False
    settings.LANGUAGE_CODE = "en"


def routed(document, *, age: dt.timedelta):
    services.document_route(document=document, rng=random.Random(0))
    ReviewTask.objects.filter(document=document).update(created_at=timezone.now() - age)
    document.refresh_from_db()
    return document


def certificate(*, seed: int, age: dt.timedelta):
    return routed(read_document(values=certificate_values(seed=seed), confidence={"company_name": 0.5}), age=age)


def card(*, seed: int, age: dt.timedelta):
    document = read_document(kind=Kind.CREDIT_CARD, values=card_values(seed=seed), confidence={"valid_thru": 0.5})
    return routed(document, age=age)


def login(client, *roles):
    user = UserFactory(roles=list(roles))
    client.force_login(user)
    return user


def review_url(document, query=""):
    return reverse("reviews:review", kwargs={"pk": document.review_task.pk}) + query


# --- "next" keeps the reviewer's filters ---------------------------------------------------------------------


def test_with_kind_credit_card_the_next_item_after_an_approval_is_a_card_though_an_older_certificate_waits(client):
    old_certificate = certificate(seed=1, age=dt.timedelta(hours=3))
    first_card = card(seed=2, age=dt.timedelta(hours=2))
    second_card = card(seed=3, age=dt.timedelta(hours=1))
    login(client, "reviewer")

    opened = client.post(reverse("reviews:next"), {"kind": "credit_card", "reason": ""})
    assert opened["Location"] == review_url(first_card, "?kind=credit_card")
    page = client.get(opened["Location"])
    # the decision form posts back with the filters, so the server knows them when it picks the next item
    assert f'action="{review_url(first_card, "?kind=credit_card")}"' in page.content.decode()

    approved = client.post(opened["Location"], {"action": "approve"})
    assert approved["Location"] == review_url(second_card, "?kind=credit_card")
    first_card.refresh_from_db()
    assert first_card.status == Status.APPROVED

    last = client.post(approved["Location"], {"action": "reject", "reject_reason": "illegible"})
    assert last["Location"] == reverse("reviews:queue") + "?kind=credit_card"
    assert "Nothing that matches your filters" in " ".join(m.message for m in get_messages(last.wsgi_request))
    old_certificate.refresh_from_db()
    assert old_certificate.status == Status.NEEDS_REVIEW  # still waiting: the filter kept it out
    assert old_certificate.review_task.claimed_by_id is None


def test_without_filters_the_oldest_item_comes_next_whatever_its_kind(client):
    first_card = card(seed=2, age=dt.timedelta(hours=3))
    old_certificate = certificate(seed=1, age=dt.timedelta(hours=2))
    card(seed=3, age=dt.timedelta(hours=1))
    login(client, "reviewer")
    opened = client.post(reverse("reviews:next"))
    assert opened["Location"] == review_url(first_card)
    approved = client.post(opened["Location"], {"action": "approve"})
    assert approved["Location"] == review_url(old_certificate)


def test_a_reason_filter_is_kept_after_a_skip_and_after_opening_an_item_from_the_list(client):
    low_resolution = routed(read_document(values=certificate_values(seed=1), resolution="low"),
                            age=dt.timedelta(hours=1))
    old_low_confidence = certificate(seed=2, age=dt.timedelta(hours=5))
    other_low_resolution = routed(read_document(values=certificate_values(seed=3), resolution="low"),
                                  age=dt.timedelta(minutes=30))
    login(client, "reviewer")
    reason = low_resolution.review_task.reasons.get().code

    queue = client.get(reverse("reviews:queue"), {"reason": reason}).content.decode()
    claim_url = reverse("reviews:claim", kwargs={"pk": low_resolution.review_task.pk}) + f"?reason={reason}"
    assert f'action="{claim_url}"' in queue
    opened = client.post(claim_url)
    assert opened["Location"] == review_url(low_resolution, f"?reason={reason}")

    skipped = client.post(opened["Location"], {"action": "skip"})
    assert skipped["Location"] == review_url(other_low_resolution, f"?reason={reason}")
    old_low_confidence.refresh_from_db()
    assert old_low_confidence.review_task.claimed_by_id is None


def test_unknown_filter_values_are_dropped_rather_than_carried(client):
    (document,) = [certificate(seed=1, age=dt.timedelta(hours=1))]
    login(client, "reviewer")
    opened = client.post(reverse("reviews:next"), {"kind": "passport", "reason": "<script>"})
    assert opened["Location"] == review_url(document)


# --- the queue page's live numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("uploader", 403), ("reviewer", 200), ("admin", 200)])
def test_the_status_endpoint_has_the_queue_pages_permission(client, role, status):
    login(client, role)
    assert client.get(reverse("reviews:queue_status")).status_code == status
    assert client.get(reverse("reviews:queue")).status_code == status


def test_the_status_endpoint_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("reviews:queue_status"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_status_endpoint_counts_what_waits_and_follows_the_queue_as_it_changes(client):
    url = reverse("reviews:queue_status")
    reviewer = login(client, "reviewer")
    empty = client.get(url).json()
    assert (empty["total"], empty["oldest_age_seconds"], empty["by_reason"], empty["by_kind"]) == (0, None, [], [])
    assert empty["summary"] == "0 documents waiting"

    oldest = certificate(seed=1, age=dt.timedelta(hours=2, minutes=5))
    card(seed=2, age=dt.timedelta(minutes=10))
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = response.json()
    assert data["total"] == 2
    assert 2 * 3600 + 5 * 60 <= data["oldest_age_seconds"] < 2 * 3600 + 5 * 60 + 60
    assert data["oldest_at"] == oldest.review_task.created_at.isoformat()
    assert data["summary"].startswith("2 documents waiting · oldest waiting for 2\xa0hours")
    assert {(k["code"], k["count"]) for k in data["by_kind"]} == {("business_certificate", 1), ("credit_card", 1)}
    assert {k["label"] for k in data["by_kind"]} == {"Business registration certificate", "Credit card"}
    assert [(r["code"], r["count"], r["label"]) for r in data["by_reason"]] == [("low_confidence", 2, "Low confidence")]

    services.task_approve(task=services.task_claim_next(user=reviewer), user=reviewer)
    data = client.get(url).json()
    assert data["total"] == 1 and data["by_kind"] == [{"code": "credit_card", "label": "Credit card", "count": 1}]
    assert 600 <= data["oldest_age_seconds"] < 660
    assert data["summary"].startswith("1 document waiting · oldest waiting for 10\xa0minutes")


def test_the_status_endpoint_speaks_the_reviewers_language(client):
    certificate(seed=1, age=dt.timedelta(hours=1))
    login(client, "reviewer")
    data = client.get(reverse("reviews:queue_status"), headers={"accept-language": "ko"}).json()
    assert data["summary"].startswith("대기 중인 서류 1건 · 최장 대기 1"), data["summary"]
    assert data["by_kind"][0]["label"] != "Business registration certificate"


def test_the_queue_page_polls_the_status_endpoint(client):
    login(client, "reviewer")
    page = client.get(reverse("reviews:queue")).content.decode()
    assert f'data-status-url="{reverse("reviews:queue_status")}"' in page
    assert 'id="tally-reason"' in page and 'id="tally-kind"' in page
