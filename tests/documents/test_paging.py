"""The documents list pages through a large table without counting it, and reads each page's rows by id."""

import datetime as dt
import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document

from .test_views import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", password="pw-staff-1", is_staff=True))
    return client


def make_documents(n: int) -> list[Document]:
    documents = [make_document(uploader=None, name=f"{i}.png") for i in range(n)]
    start = timezone.now() - dt.timedelta(days=1)
    for i, document in enumerate(documents):  # two share each second: the id breaks the tie
        Document.objects.filter(pk=document.pk).update(created_at=start + dt.timedelta(seconds=i // 2))
    return documents


def listed(client, query: str = "") -> tuple[list[int], str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/{query}")
    assert response.status_code == 200
    return ([d.pk for d in response.context["documents"]], response.content.decode(),
            [q["sql"] for q in captured.captured_queries])


def test_pages_show_every_document_once_newest_first(staff_client):
    documents = make_documents(60)
    newest_first = [d.pk for d in sorted(documents, key=lambda d: d.pk, reverse=True)]
    pages = [listed(staff_client, f"?page={n}") for n in (1, 2, 3)]
    assert [pk for ids, _html, _sql in pages for pk in ids] == newest_first
    assert "60 documents" in pages[0][1] and "about" not in pages[0][1]
    assert any("COUNT(" in sql and 'FROM "documents_document"' in sql for sql in pages[0][2])  # counted exactly


@pytest.fixture
def planner_thinks_documents_are_many():
    """PostgreSQL's statistics as after ANALYZE of a table of 50,000 rows a page: the planner scales them by the pages
    the table really has. Rolled back with the test's transaction."""
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (DATABASE_URL=postgres://...); this run uses {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pg_class SET reltuples = 50000, relpages = 1 WHERE relname = 'documents_document'")


@pytest.mark.postgres
def test_a_large_list_is_estimated_instead_of_counted(staff_client, planner_thinks_documents_are_many):
    documents = make_documents(30)
    ids, html, queries = listed(staff_client)
    assert ids == [d.pk for d in reversed(documents)][:25]
    counts = [sql for sql in queries if "COUNT(" in sql and 'FROM "documents_document"' in sql]
    assert not counts, counts  # (the header's unread notifications are counted: one user's, not the table)
    estimate = int(re.search(r"about ([\d,]+) documents", html).group(1).replace(",", ""))
    assert estimate >= 50_000  # the statistics' 50,000 rows a page, times the pages the table now has
    assert f"Page 1 of {math.ceil(estimate / 25)}" in html
    later, html, _queries = listed(staff_client, "?page=2")
    assert later == [d.pk for d in reversed(documents)][25:]  # the real rows, however many the estimate said
    assert 'rel="next"' not in html and 'rel="prev"' in html  # the rows, not the estimate, say this is the end
    beyond, html, _queries = listed(staff_client, "?page=40")
    assert beyond == [] and 'id="first-page"' in html  # past the end: empty, with a way back


@pytest.mark.postgres
def test_a_filtered_list_the_planner_expects_to_be_small_is_counted(staff_client, planner_thinks_documents_are_many):
    make_documents(5)
    make_document(uploader=None, status="rejected")
    ids, html, queries = listed(staff_client, "?status=rejected")
    assert len(ids) == 1 and "1 document" in html and "about" not in html
