"""Each role on each review page, and the review screen's behaviour over HTTP."""

import random

import pytest
from django.urls import reverse

from documents.kinds import Kind, Status
from documents.models import AuditEvent
from reviews import services
from tests.factories import UserFactory, card_values, certificate_values, read_document, with_wrong_check_digit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def queued(n=1, **kwargs):
    documents = []
    for i in range(n):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5}, **kwargs)
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    return documents


def login(client, *roles, superuser=False):
    user = UserFactory(roles=list(roles), is_superuser=superuser)
    client.force_login(user)
    return user


PAGES = {
    "queue": ("get", lambda task: reverse("reviews:queue")),
    "next": ("post", lambda task: reverse("reviews:next")),
    "claim": ("post", lambda task: reverse("reviews:claim", kwargs={"pk": task.pk})),
    "review": ("get", lambda task: reverse("reviews:review", kwargs={"pk": task.pk})),
    "decide": ("post", lambda task: reverse("reviews:review", kwargs={"pk": task.pk})),
    "metrics": ("get", lambda task: reverse("reviews:metrics")),
    "release": ("post", lambda task: reverse("reviews:release", kwargs={"pk": task.pk})),
}
ALLOWED = {
    "anonymous": set(),
    "uploader": set(),
    "reviewer": {"queue", "next", "claim", "review", "decide", "release"},
    "admin": set(PAGES),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_on_each_page(client, role, page):
    (document,) = queued()
    if role != "anonymous":
        login(client, role)
    method, url = PAGES[page]
    response = getattr(client, method)(url(document.review_task), {"action": "skip"} if page == "decide" else {})
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif page in ALLOWED[role]:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW  # nobody approved anything by visiting


def test_a_superuser_counts_as_admin(client):
    login(client, superuser=True)
    assert client.get(reverse("reviews:metrics")).status_code == 200


def test_the_queue_shows_counts_by_reason_and_kind_and_next_opens_the_oldest(client):
    first, second = queued(2)
    login(client, "reviewer")
    summary = client.get(reverse("reviews:queue")).context["summary"]
    assert summary.total == 2 and summary.oldest_at == first.review_task.created_at
    assert [(code, n) for code, _label, n in summary.by_reason] == [("low_confidence", 2)]
    assert [(kind, n) for kind, _label, n in summary.by_kind] == [("business_certificate", 2)]
    response = client.post(reverse("reviews:next"))
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": first.review_task.pk})


def test_an_approval_with_a_bad_check_digit_is_refused_on_the_server_and_the_field_flagged(client):
    (document,) = queued()
    login(client, "reviewer")
    task = document.review_task
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}))
    field = document.extraction.fields.get(name="registration_number")
    response = client.post(
        reverse("reviews:review", kwargs={"pk": task.pk}),
        {"action": "approve", f"field_{field.pk}": with_wrong_check_digit(field.value)},
    )
    assert response.status_code == 400
    assert b"review-field--invalid" in response.content
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW


def test_after_approving_the_next_item_opens_and_the_last_one_leads_back_to_the_queue(client):
    first, second = queued(2)
    reviewer = login(client, "reviewer")
    url = reverse("reviews:review", kwargs={"pk": first.review_task.pk})
    client.post(reverse("reviews:next"))
    field = first.extraction.fields.get(name="company_name")
    response = client.post(url, {"action": "approve", f"field_{field.pk}": "주식회사 누리"})
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": second.review_task.pk})
    response = client.post(response["Location"], {"action": "reject", "reject_reason": "illegible"})
    assert response["Location"] == reverse("reviews:queue")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.APPROVED, Status.REJECTED)
    assert AuditEvent.objects.filter(action="field_corrected", actor=reviewer).count() == 1


def test_untouched_inputs_are_not_corrections(client):
    (document,) = queued()
    login(client, "reviewer")
    task = document.review_task
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}))
    data = {"action": "approve"}
    for f in document.extraction.fields.all():
        data[f"field_{f.pk}"] = f.display_value
    client.post(reverse("reviews:review", kwargs={"pk": task.pk}), data)
    assert not document.extraction.fields.exclude(corrected_at=None).exists()
    document.refresh_from_db()
    assert document.status == Status.APPROVED


def test_four_eyes_forbids_opening_your_own_upload(client, settings):
    settings.REVIEW_FOUR_EYES = True
    user = login(client, "reviewer")
    (document,) = queued(uploader=user)
    assert client.get(reverse("reviews:review", kwargs={"pk": document.review_task.pk})).status_code == 403


def test_the_metrics_page_shows_straight_through_and_per_field_correction_rates(client):
    clean = read_document(values=certificate_values(seed=99))
    services.document_route(document=clean, rng=random.Random(0))
    first, second = queued(2)
    login(client, "admin")
    reviewer = UserFactory(roles=["reviewer"])
    for document in (first, second):
        task = services.task_claim_next(user=reviewer)
        field = document.extraction.fields.get(name="company_name")
        corrections = {field.pk: "주식회사 누리"} if document == first else {}
        services.task_approve(task=task, user=reviewer, corrections=corrections)
    response = client.get(reverse("reviews:metrics"))
    metrics = response.context
    assert metrics["auto_approved"] == 1 and metrics["routed_to_review"] == 2
    assert metrics["straight_through"] == pytest.approx(1 / 3)
    company = next(r for r in metrics["per_field"] if r["name"] == "company_name")
    assert (company["seen"], company["corrected"], company["rate"]) == (2, 1, 0.5)
    assert b"<svg" in response.content and b"33%" in response.content


def test_the_document_panel_shows_the_trail_and_machine_value_next_to_the_correction(client):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    (document,) = queued()
    reviewer = UserFactory(roles=["reviewer"])
    task = services.task_claim_next(user=reviewer)
    field = document.extraction.fields.get(name="company_name")
    services.task_approve(task=task, user=reviewer, corrections={field.pk: "주식회사 누리"})
    request = RequestFactory().get("/")
    request.user = reviewer
    html = render_to_string("reviews/_document_review_panel.html", {"document": document}, request=request)
    assert "주식회사 한빛0" in html and "주식회사 누리" in html and reviewer.username in html
    assert html.count('data-action="') == 4  # routed, claimed, corrected, approved


def test_a_required_field_the_engine_missed_can_be_typed_in_and_is_stored_as_a_correction(client):
    document = read_document(values=certificate_values(representative=None))
    services.document_route(document=document, rng=random.Random(0))
    reviewer = login(client, "reviewer")
    task = document.review_task
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}))
    url = reverse("reviews:review", kwargs={"pk": task.pk})
    assert b'name="new_representative"' in client.get(url).content
    refused = client.post(url, {"action": "approve"})
    assert refused.status_code == 400 and b"review-field--invalid" in refused.content
    client.post(url, {"action": "approve", "new_representative": " 김철수 "})
    added = document.extraction.fields.get(name="representative")
    assert (added.value, added.corrected_value, added.corrected_by) == ("", "김철수", reviewer)
    document.refresh_from_db()
    assert document.status == Status.APPROVED


def test_the_document_page_names_the_rejection_reason_in_words(client):
    uploader = UserFactory()
    (document,) = queued(uploader=uploader)
    reviewer = UserFactory(roles=["reviewer"])
    services.task_reject(task=document.review_task, user=reviewer, reason="illegible", note="blurred")
    client.force_login(uploader)
    page = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert f"{services.REJECT_REASONS['illegible']}: blurred" in page
    assert "· illegible" not in page


def test_release_gives_the_claim_back_to_the_queue_for_anyone_and_is_audited(client):
    (document,) = queued()
    reviewer = login(client, "reviewer")
    task = document.review_task
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}) + "?kind=business_certificate")
    page = client.get(reverse("reviews:review", kwargs={"pk": task.pk}) + "?kind=business_certificate")
    assert b'id="release"' in page.content

    response = client.post(reverse("reviews:release", kwargs={"pk": task.pk}) + "?kind=business_certificate",
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:queue") + "?kind=business_certificate"
    assert f"Released #{document.pk}" in response.content.decode()
    task.refresh_from_db()
    assert task.claimed_by is None and task.is_open
    event = AuditEvent.objects.get(document=document, action="released")
    assert event.actor == reviewer and event.before == {"claimed_by": reviewer.pk}
    # Unlike Skip, the same reviewer is offered it again.
    assert client.post(reverse("reviews:next"))["Location"] == reverse("reviews:review", kwargs={"pk": task.pk})


def test_releasing_what_you_do_not_hold_changes_nothing(client):
    (document,) = queued()
    login(client, "reviewer")
    task = document.review_task
    response = client.post(reverse("reviews:release", kwargs={"pk": task.pk}), follow=True)
    assert "nothing to release" in response.content.decode()
    assert not AuditEvent.objects.filter(document=document, action="released").exists()


def test_the_review_screen_says_how_many_are_left_in_this_queue(client):
    documents = queued(3)
    card = read_document(kind=Kind.CREDIT_CARD, values=card_values(seed=3), confidence={"valid_thru": 0.3})
    services.document_route(document=card, rng=random.Random(0))
    login(client, "reviewer")
    task = documents[0].review_task
    page = client.get(reverse("reviews:review", kwargs={"pk": task.pk}))
    assert "3 left in this queue" in page.content.decode()
    page = client.get(reverse("reviews:review", kwargs={"pk": task.pk}) + "?kind=business_certificate")
    assert "2 left in this filtered queue" in page.content.decode()


def test_next_keeps_to_the_filters_even_while_the_reviewer_holds_an_item_they_leave_out(client):
    (certificate,) = queued()
    card = read_document(kind=Kind.CREDIT_CARD, values=card_values(seed=3), confidence={"valid_thru": 0.3})
    services.document_route(document=card, rng=random.Random(0))
    login(client, "reviewer")
    client.post(reverse("reviews:claim", kwargs={"pk": certificate.review_task.pk}))  # holds the certificate

    response = client.post(reverse("reviews:next"), {"kind": "credit_card"})
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": card.review_task.pk}) + "?kind=credit_card"
    # Without filters, what they hold comes first, as before.
    response = client.post(reverse("reviews:next"))
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": certificate.review_task.pk})
