"""`GET /api/v1/documents/?search=`: the staff list's search, for a partner's own documents."""

import pytest

from documents.kinds import Kind

from .conftest import read_document

pytestmark = pytest.mark.django_db


def found(client, search: str) -> set[int]:
    response = client.get("/api/v1/documents/", {"search": search})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def documents(partner_a, partner_b):
    hanbit = read_document(partner=partner_a.partner, seed=1, fields={
        "registration_number": ("1168200276", 0.99), "company_name": ("주식회사 한빛", 0.99)})
    dasan = read_document(partner=partner_a.partner, seed=2, fields={
        "registration_number": ("2208162517", 0.99), "company_name": ("Dasan Trading", 0.99)})
    card = read_document(partner=partner_a.partner, seed=3, kind=Kind.CREDIT_CARD)
    elsewhere = read_document(partner=partner_b.partner, seed=4, fields={
        "registration_number": ("1168200276", 0.99), "company_name": ("주식회사 한빛", 0.99)})
    return {"hanbit": hanbit, "dasan": dasan, "card": card, "elsewhere": elsewhere}


@pytest.mark.parametrize(("search", "expected"), [
    ("한빛", {"hanbit"}),
    ("dasan trading", {"dasan"}),
    ("116-82-00276", {"hanbit"}),
    ("1168200276", {"hanbit"}),
    ("2208", {"dasan"}),
])
def test_search_finds_company_number_and_never_another_partners_document(partner_a, documents, search, expected):
    assert found(partner_a, search) == {documents[key].pk for key in expected}


def test_search_by_id_and_combined_with_filters(partner_a, documents):
    assert found(partner_a, f"#{documents['card'].pk}") == {documents["card"].pk}
    response = partner_a.get("/api/v1/documents/", {"search": "한빛", "kind": Kind.CREDIT_CARD})
    assert response.json()["results"] == []


def test_a_blank_or_overlong_search_is_a_clear_400(partner_a, documents):
    blank = partner_a.get("/api/v1/documents/", {"search": ""})
    assert blank.status_code == 400 and "search" in blank.json()["error"]["details"]
    assert partner_a.get("/api/v1/documents/", {"search": "x" * 201}).status_code == 400
