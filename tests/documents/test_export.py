"""Exporting the filtered list: CSV (streamed) and Excel (bounded), masked card numbers, headers in the reader's
language, and no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from documents import export
from registry.models import Business, BusinessState

from .test_list_find import CARD, card, certificate, clerk, clerk_client  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Korean only with the byte order mark
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [[cell if cell is not None else "" for cell in row] for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def listed(clerk):  # noqa: F811
    cert = certificate(clerk, seed=4, company_name="주식회사 한빛", registration_number="1168200276")
    business = Business.objects.create(number="1168200276", name="주식회사 한빛", state=BusinessState.CLOSED)
    business.documents.add(cert)
    return {"cert": cert, "card": card(clerk), "formula": certificate(clerk, seed=5, company_name="=HYPERLINK(\"x\")")}


def test_the_csv_holds_the_filtered_list_with_masked_card_numbers(clerk_client, listed):  # noqa: F811
    rows = csv_rows(clerk_client.get(reverse("documents:export_csv"), {"kind": "credit_card"}))

    assert rows[0] == ["ID", "Status", "Kind", "File", "Company name", "Registration number", "Business state",
                       "Card number", "Uploaded by", "Uploaded"]
    assert len(rows) == 2
    assert rows[1][0] == str(listed["card"].pk) and rows[1][7] == "541234******1234"
    assert CARD not in "".join(rows[1])


def test_the_csv_follows_search_and_carries_the_business_state(clerk_client, listed):  # noqa: F811
    rows = csv_rows(clerk_client.get(reverse("documents:export_csv"), {"q": "116-82-00276"}))
    assert [row[0] for row in rows[1:]] == [str(listed["cert"].pk)]
    assert rows[1][4:7] == ["주식회사 한빛", "1168200276", "Closed"]


def test_no_cell_starts_a_formula(clerk_client, listed):  # noqa: F811
    rows = csv_rows(clerk_client.get(reverse("documents:export_csv"), {"q": "HYPERLINK"}))
    assert rows[1][4] == "'=HYPERLINK(\"x\")"
    assert [export.safe_cell(v) for v in ("+1", "-1", "@SUM(A1)", "한빛")] == ["'+1", "'-1", "'@SUM(A1)", "한빛"]

    sheet = xlsx_rows(clerk_client.get(reverse("documents:export_xlsx"), {"q": "HYPERLINK"}))
    assert sheet[1][4] == "'=HYPERLINK(\"x\")"  # stored as text, never as a formula


def test_headers_are_in_the_readers_language(clerk_client, listed):  # noqa: F811
    response = clerk_client.get(reverse("documents:export_csv"), HTTP_ACCEPT_LANGUAGE="ko")
    with translation.override("en"):  # the rows are written while the response streams, after the request
        rows = csv_rows(response)
    assert rows[0][4:6] == ["상호", "등록번호"]
    assert "신용카드" in {row[2] for row in rows[1:]}


def test_the_excel_file_holds_the_same_rows_masked(clerk_client, listed):  # noqa: F811
    sheet = xlsx_rows(clerk_client.get(reverse("documents:export_xlsx")))
    assert sheet[0][:3] == ["ID", "Status", "Kind"]
    assert len(sheet) == 4
    card_row = next(row for row in sheet if row[0] == str(listed["card"].pk))
    assert card_row[7] == "541234******1234"
    assert all(CARD not in str(cell) for row in sheet for cell in row)


def test_an_excel_export_over_the_cap_says_so_and_exports_nothing(clerk_client, listed, settings):  # noqa: F811
    settings.EXPORT_XLSX_MAX_ROWS = 2

    response = clerk_client.get(reverse("documents:export_xlsx"), {"status": "approved"}, follow=True)

    assert response.redirect_chain[-1][0] == "/?status=approved"
    assert "An Excel export holds at most 2 documents" in response.content.decode()


def test_the_export_shows_only_the_users_documents(client, listed, django_user_model):
    client.force_login(django_user_model.objects.create_user("other"))
    assert csv_rows(client.get(reverse("documents:export_csv")))[1:] == []
