"""Business categories (업태/종목 rows) on the review screen: edit a row, add one, remove one, approve; and what the
API, the webhooks and the audit trail then say."""

import random

import pytest
from django.urls import reverse

from documents.kinds import Kind, Status
from documents.models import AuditEvent
from documents.selectors import document_business_categories
from partners import services as partner_services
from partners.models import WebhookDelivery
from reviews import categories, services
from tests.factories import UserFactory, card_values, certificate_values, read_document
from tests.partners.conftest import make_partner

pytestmark = pytest.mark.django_db

ROWS = [("정보통신업", "응용 소프트웨어 개발"), ("도매 및 소매업", "전자상거래"), ("제조업", None)]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


def queued_certificate(*, partner=None, categories=ROWS):
    document = read_document(
        values=certificate_values(seed=3), confidence={"company_name": 0.5}, categories=categories, partner=partner
    )
    services.document_route(document=document, rng=random.Random(0))
    return document


def claimed(client, document):
    reviewer = UserFactory(roles=["reviewer"])
    client.force_login(reviewer)
    task = document.review_task
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}))
    return reviewer, reverse("reviews:review", kwargs={"pk": task.pk})


def half(document, name, index):
    return document.extraction.fields.get(name=name, index=index)


def test_the_review_screen_shows_every_row_in_order_the_first_as_main(client):
    document = queued_certificate()
    _reviewer, url = claimed(client, document)

    response = client.get(url)

    screen = response.context["screen"]
    assert [(r.index, r.type.value, r.item.value) for r in screen.categories] == [
        (0, "정보통신업", "응용 소프트웨어 개발"), (1, "도매 및 소매업", "전자상거래"), (2, "제조업", ""),
    ]
    assert screen.main_category_index == 0
    html = response.content.decode()
    for name, index in (("business_type", 0), ("business_item", 0), ("business_type", 2)):
        assert f'name="field_{half(document, name, index).pk}"' in html
    assert 'name="category_2_item"' in html  # the half the engine did not read can be typed in
    assert 'id="add-category"' in html
    assert html.count("data-main-mark>") == 1  # shown on one row; the others carry it hidden
    assert not [f for f in screen.fields if f.name in ("business_type", "business_item")]  # not listed twice


def test_edit_add_and_remove_rows_then_approve_the_api_and_the_webhook_carry_the_corrected_categories(client):
    partner = make_partner("Categories")
    partner_services.webhook_endpoint_create(partner=partner.partner, url="http://127.0.0.1:9/hook", events=[])
    document = queued_certificate(partner=partner.partner)
    reviewer, url = claimed(client, document)
    removed_type, removed_item = half(document, "business_type", 1), half(document, "business_item", 1)

    response = client.post(url, {
        "action": "approve",
        f"field_{half(document, 'business_item', 0).pk}": "응용 소프트웨어 개발 및 공급업",  # edited
        f"field_{removed_type.pk}": "", f"field_{removed_item.pk}": "",  # row 2 removed
        "category_2_item": "전자부품",  # the blank half of row 3 typed in
        "category_3_type": "부동산업", "category_3_item": "비주거용 건물 임대업",  # a row added
    })

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    expected = [
        {"type": "정보통신업", "item": "응용 소프트웨어 개발 및 공급업", "main": True},
        {"type": "제조업", "item": "전자부품", "main": False},
        {"type": "부동산업", "item": "비주거용 건물 임대업", "main": False},
    ]
    body = partner.get(f"/api/v1/documents/{document.pk}/").json()
    assert body["business_categories"] == expected
    by_key = {(f["name"], f["index"]): f for f in body["fields"]}
    assert by_key[("business_type", 1)]["value"] == "" and by_key[("business_type", 1)]["corrected"] is True
    assert by_key[("business_type", 1)]["machine_value"] == "도매 및 소매업"  # the machine's reading is kept
    assert by_key[("company_name", 0)]["index"] == 0
    (delivery,) = WebhookDelivery.objects.filter(event="document.approved")
    assert delivery.payload["data"]["document"]["business_categories"] == expected

    removed_type.refresh_from_db()
    assert (removed_type.value, removed_type.corrected_value, removed_type.corrected_by) == (
        "도매 및 소매업", "", reviewer
    )
    audit = {
        (e.field_name, e.after.get("index")): e
        for e in AuditEvent.objects.filter(document=document, action="field_corrected", actor=reviewer)
    }
    assert set(audit) == {
        ("business_item", 0), ("business_type", 1), ("business_item", 1), ("business_item", 2),
        ("business_type", 3), ("business_item", 3),
    }
    assert audit[("business_type", 1)].before == {
        "value": "도매 및 소매업", "machine_value": "도매 및 소매업", "confidence": 0.97, "index": 1
    }
    assert audit[("business_type", 1)].after == {"value": "", "index": 1}
    assert audit[("business_type", 3)].before["machine_value"] == ""  # nothing was read: a reviewer's row


def test_a_repeated_row_is_refused_on_the_server_and_what_was_typed_is_shown_again(client):
    document = queued_certificate()
    _reviewer, url = claimed(client, document)
    count = document.extraction.fields.count()

    response = client.post(url, {
        "action": "approve", "category_3_type": "정보 통신업", "category_3_item": "응용 소프트웨어 개발",  # row 1 again
    })

    assert response.status_code == 400
    assert document.extraction.fields.count() == count  # nothing stored
    document.refresh_from_db()
    assert document.status == Status.NEEDS_REVIEW
    rows = {r.index: r for r in response.context["screen"].categories}
    assert rows[3].problem == str(services.CATEGORY_REPEATED)
    assert (rows[3].type.value, rows[3].item.value) == ("정보 통신업", "응용 소프트웨어 개발")
    assert str(services.CATEGORY_REPEATED) in response.content.decode()


def test_removing_the_main_row_makes_the_next_row_main(client):
    document = queued_certificate()
    _reviewer, url = claimed(client, document)
    first = [half(document, name, 0) for name in ("business_type", "business_item")]

    client.post(url, {"action": "approve", **{f"field_{f.pk}": "" for f in first}})

    categories = document_business_categories(document=document)
    assert [(c.type, c.item, c.main) for c in categories] == [
        ("도매 및 소매업", "전자상거래", True), ("제조업", "", False),
    ]


def test_a_card_has_no_category_rows_and_rows_posted_for_one_are_ignored(client):
    document = read_document(kind=Kind.CREDIT_CARD, values=card_values(), confidence={"valid_thru": 0.5})
    services.document_route(document=document, rng=random.Random(0))
    _reviewer, url = claimed(client, document)

    assert 'id="categories"' not in client.get(url).content.decode()
    client.post(url, {"action": "approve", "category_0_type": "정보통신업", "category_0_item": "소프트웨어"})

    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert not document.extraction.fields.filter(name__in=("business_type", "business_item")).exists()


def test_more_rows_than_a_certificate_holds_are_refused_on_the_server(client):
    document = queued_certificate()  # three rows read
    _reviewer, url = claimed(client, document)
    added = {f"category_{row}_type": f"업태 {row}" for row in range(3, 3 + categories.MAX_ROWS - 2)}

    response = client.post(url, {"action": "approve", **added})

    assert response.status_code == 400
    assert response.context["screen"].category_problem == f"At most {categories.MAX_ROWS} rows."
    assert f"At most {categories.MAX_ROWS} rows." in response.content.decode()
    assert len(response.context["screen"].categories) == categories.MAX_ROWS + 1  # what was typed, shown again
    assert not document.extraction.fields.filter(index__gte=3).exists()
