"""Uploading over the API: idempotent retries, duplicates, listing at constant cost."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.kinds import Kind, Status
from documents.models import Document
from partners.models import IdempotencyRecord

from .conftest import make_partner, png, read_document


def _wait_until_finished(document_id: int, timeout: float = 30.0) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = Document.objects.get(pk=document_id)
        if document.is_finished:
            return document
        time.sleep(0.05)
    raise AssertionError(f"document {document_id} not finished in {timeout}s")


@pytest.mark.django_db(transaction=True)
def test_idempotent_retry_returns_the_first_answer_without_a_second_document_or_ocr_call(
    nhn_standin, celery_worker_thread
):
    client = make_partner("Retrying Partner")
    content = png(100, size=(1600, 1100))

    first = client.upload(content, **{"Idempotency-Key": "upload-0001"})
    assert first.status_code == 201, first.content
    document = _wait_until_finished(first.json()["id"])
    again = client.upload(content, **{"Idempotency-Key": "upload-0001"})  # e.g. the first answer was lost

    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Document.objects.filter(partner=client.partner).count() == 1
    time.sleep(0.3)  # anything wrongly queued by the retry would be picked up by the worker by now
    assert nhn_standin.calls["business"] == 1
    assert document.status in (Status.APPROVED, Status.NEEDS_REVIEW)
    detail = client.get(f"/api/v1/documents/{document.pk}/").json()
    assert {f["name"] for f in detail["fields"]} >= {"registration_number"}


@pytest.mark.django_db
def test_same_idempotency_key_with_another_file_is_refused(partner_a):
    assert partner_a.upload(png(1), **{"Idempotency-Key": "k-1"}).status_code == 201

    response = partner_a.upload(png(2), **{"Idempotency-Key": "k-1"})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert "different request" in response.json()["error"]["message"]
    assert Document.objects.filter(partner=partner_a.partner).count() == 1


@pytest.mark.django_db
def test_idempotency_keys_are_per_partner(partner_a, partner_b):
    content = png(3)
    mine = partner_a.upload(content, **{"Idempotency-Key": "shared-key"}).json()
    theirs = partner_b.upload(content, **{"Idempotency-Key": "shared-key"}).json()

    assert mine["id"] != theirs["id"]
    assert IdempotencyRecord.objects.count() == 2


@pytest.mark.django_db
def test_the_same_file_uploaded_twice_is_shown_as_a_duplicate_of_the_first(partner_a, partner_b):
    content = png(4)
    first = partner_a.upload(content).json()
    second = partner_a.upload(content, name="again.png").json()
    other_partner = partner_b.upload(content).json()
    different = partner_a.upload(png(5)).json()

    assert first["duplicate_of"] is None
    assert second["duplicate_of"] == first["id"] and second["id"] != first["id"]
    assert other_partner["duplicate_of"] is None  # another partner's file is not ours to point at
    assert different["duplicate_of"] is None
    listed = {d["id"]: d["duplicate_of"] for d in partner_a.get("/api/v1/documents/").json()["results"]}
    assert listed[second["id"]] == first["id"]


@pytest.mark.django_db
def test_upload_answers_201_with_status_and_links(partner_a):
    response = partner_a.upload(png(6), kind=Kind.CREDIT_CARD, name="card.png")

    body = response.json()
    assert response.status_code == 201
    assert body["status"] == Status.RECEIVED and body["kind"] == Kind.CREDIT_CARD
    assert response["Location"] == body["links"]["self"] == f"/api/v1/documents/{body['id']}/"
    assert Document.objects.get(pk=body["id"]).partner == partner_a.partner


@pytest.mark.django_db
@pytest.mark.parametrize("parts", [2, 101])  # 101: above DATA_UPLOAD_MAX_NUMBER_FILES, where Django stops reading
def test_several_file_parts_in_one_upload_are_refused_and_nothing_is_kept(partner_a, parts, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"doc-{i}.png", png(100 + i)) for i in range(parts)]

    response = partner_a.post(
        "/api/v1/documents/", {"file": files, "kind": Kind.BUSINESS_CERTIFICATE}, format="multipart"
    )

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and "one file per request" in error["message"]
    assert error["details"] == {"file": ["Send one file per request; each upload makes one document."]}
    assert Document.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_list_costs_the_same_number_of_queries_whatever_the_page_size(partner_a, django_assert_max_num_queries):
    for seed in range(12):
        is_card = seed % 3
        read_document(partner=partner_a.partner, seed=200 + seed,
                      kind=Kind.CREDIT_CARD if is_card else Kind.BUSINESS_CERTIFICATE,
                      categories=[] if is_card else [("업태", f"종목 {row}") for row in range(seed % 4 + 1)])

    def queries_for(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            body = partner_a.get(f"/api/v1/documents/?page_size={page_size}").json()
        assert len(body["results"]) == page_size and all(d["fields"] for d in body["results"])
        return len(captured)

    partner_a.get("/api/v1/documents/")  # the key's first use of the minute also records last_used_at
    small, large = queries_for(2), queries_for(12)
    assert small == large
    with django_assert_max_num_queries(small):
        partner_a.get("/api/v1/documents/?page_size=12")


@pytest.mark.django_db
def test_list_filters_and_cursor_pages(partner_a):
    certificate = read_document(partner=partner_a.partner, seed=300)
    other = read_document(partner=partner_a.partner, seed=301,
                          fields={"registration_number": ("2208717483", 0.99)}, status=Status.APPROVED)
    card = read_document(partner=partner_a.partner, seed=302, kind=Kind.CREDIT_CARD)

    def ids(query: str) -> list[int]:
        return [d["id"] for d in partner_a.get(f"/api/v1/documents/?{query}").json()["results"]]

    assert ids("kind=credit_card") == [card.pk]
    assert ids("status=approved") == [other.pk]
    assert ids("business_number=116-82-00276") == [certificate.pk]
    assert ids(f"created_after={certificate.created_at.isoformat().replace('+', '%2B')}") == [
        card.pk, other.pk, certificate.pk
    ]
    page = partner_a.get("/api/v1/documents/?page_size=2").json()
    rest = partner_a.get(page["next"]).json()
    assert [d["id"] for d in page["results"] + rest["results"]] == [card.pk, other.pk, certificate.pk]
    assert rest["next"] is None


@pytest.mark.django_db
def test_detail_costs_the_same_number_of_queries_whatever_the_fields_reasons_and_corrections(partner_a):
    from django.contrib.auth import get_user_model

    from registry import services as registry
    from reviews.models import ReviewReason, ReviewTask

    reviewer = get_user_model().objects.create_user("corrector", password="pw-for-tests")

    def certificate(seed: int, extra: int):
        fields = {"registration_number": ("1168200276", 0.99)}
        fields.update({f"field_{i}": (f"value {i}", 0.5) for i in range(extra)})
        rows = [(f"업태 {i}", f"종목 {i}") for i in range(1 + extra // 3)]
        document = read_document(partner=partner_a.partner, seed=seed, fields=fields, categories=rows)
        document.extraction.fields.exclude(name="registration_number").update(
            corrected_value="changed", corrected_by=reviewer
        )
        task = ReviewTask.objects.create(document=document)
        ReviewReason.objects.bulk_create(
            ReviewReason(task=task, code="low_confidence", field_name=f"field_{i}") for i in range(extra)
        )
        registry.business_register_from_document(document=document)
        return document

    small, large = certificate(seed=400, extra=1), certificate(seed=401, extra=15)
    partner_a.get("/api/v1/documents/")  # the key's first use of the minute also records last_used_at

    def queries_for(document) -> int:
        with CaptureQueriesContext(connection) as captured:
            body = partner_a.get(f"/api/v1/documents/{document.pk}/").json()
        assert body["business"]["number"] == "1168200276" and body["review"]["reasons"]
        assert all(field["corrected"] for field in body["fields"][1:])
        assert len(body["business_categories"]) == 1 + len(body["review"]["reasons"]) // 3
        return len(captured)

    assert queries_for(small) == queries_for(large)
