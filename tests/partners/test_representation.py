"""The API's field rows are built directly (partners.serializers.FieldSerializer.to_representation), not by DRF's
field-by-field walk; this pins that both give the same answer, for every kind of field the API returns."""

import datetime as dt
import json

import pytest
from rest_framework import serializers

from documents.models import ExtractedField
from partners.serializers import FieldSerializer

AT = dt.datetime(2026, 11, 29, 3, 4, 5, 678901, tzinfo=dt.UTC)

FIELDS = {
    "plain": dict(name="company_name", value="주식회사 가나", confidence=0.93),
    "corrected": dict(
        name="representative", value="홍길도", corrected_value="홍길동", corrected_at=AT, confidence=0.41
    ),
    "struck out": dict(name="business_type", index=2, value="도매", corrected_value="", corrected_at=AT),
    "same as read": dict(name="opening_date", value="2020-01-02", corrected_value="2020-01-02", corrected_at=AT),
    "card": dict(name="card_number", value="4111111111111111", confidence=0.99),
    "verified": dict(name="registration_number", value="1234567891", verified_by="nts", verified_at=AT),
    "unrecognised, unverified": dict(name="상호(법인명)", raw_key="상호(법인명)", value="x", unverified=True),
    "integer box": dict(name="tax_office", value="역삼", box=[[1, 2], [3, 4], [5, 6], [7, 8]], confidence=1),
}


def field(**kwargs) -> ExtractedField:
    values = dict(position=0, raw_key="key", raw_text="text", confidence=0.5, box=[[0.5, 1.0]] * 4)
    return ExtractedField(**{**values, **kwargs})


@pytest.mark.parametrize("name", FIELDS)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_direct_representation_equals_drfs_walk(name, language, settings):
    from django.utils import translation

    shape = FieldSerializer()
    with translation.override(language):
        direct = shape.to_representation(field(**FIELDS[name]))
        walked = serializers.Serializer.to_representation(shape, field(**FIELDS[name]))
    assert json.dumps(direct, ensure_ascii=False) == json.dumps(walked, ensure_ascii=False)  # keys in order too
    assert list(direct) == list(shape.fields)


def test_document_rows_equal_drfs_walk_for_every_kind_of_document(partner_a):
    """A certificate with a correction, a review and its business; a card; a failed upload; a duplicate file."""
    from django.utils import timezone

    from documents.kinds import Kind, Status
    from documents.models import Document
    from partners import selectors
    from partners.serializers import BusinessSerializer, DocumentSerializer
    from registry.models import Business
    from reviews import services as review_services
    from tests.partners.conftest import read_document

    partner = partner_a.partner
    reviewed = read_document(partner=partner, seed=1, fields={
        "registration_number": ("1168200276", 0.99), "company_name": ("주식회사 예시", 0.31),
    })
    field = reviewed.extraction.fields.get(name="company_name")
    field.corrected_value, field.corrected_at = "주식회사 고친이름", timezone.now()
    field.save()
    review_services.document_route(document=reviewed)
    business = Business.objects.create(
        number="1168200276", name="예시", state="closed", closed_on=dt.date(2026, 3, 1), checked_at=AT,
        provider="simulated",
    )
    business.documents.add(reviewed)
    read_document(partner=partner, kind=Kind.CREDIT_CARD, seed=2, status=Status.APPROVED)
    failed = read_document(partner=partner, seed=3)
    Document.objects.filter(pk=failed.pk).update(status=Status.FAILED, error_code="unreadable", error_message="blur")
    original = read_document(partner=partner, seed=4, categories=[("도매", "전자"), ("소매", "")])
    read_document(partner=partner, seed=4)  # the same file again
    assert Document.objects.filter(partner=partner, sha256=original.sha256).count() == 2

    documents = selectors.shown_by_the_api(list(selectors.api_document_list(partner=partner)))
    shape = DocumentSerializer(documents, many=True).child
    direct = [shape.to_representation(document) for document in documents]
    walked = [serializers.Serializer.to_representation(shape, document) for document in documents]
    assert json.dumps(direct, ensure_ascii=False) == json.dumps(walked, ensure_ascii=False)
    assert {d["review"] is not None for d in direct} == {True, False}
    assert any(d["business"] and d["business"]["closed_on"] == "2026-03-01" for d in direct)
    assert any(d["error"] for d in direct) and any(d["duplicate_of"] for d in direct)
    assert all(list(d) == list(shape.fields) for d in direct)
    business_shape = BusinessSerializer()
    for shown in (business, Business(number="2208162517", state="unknown")):  # checked, and never checked
        assert business_shape.to_representation(shown) == serializers.Serializer.to_representation(
            business_shape, shown
        )
