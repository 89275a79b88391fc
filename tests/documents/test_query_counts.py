"""The list page, its status poll and the detail page cost the same number of queries however much they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.kinds import Kind, Status
from documents.ocr import Field, Reading
from documents.services import _store_reading

from .test_views import alice, alice_client, make_document  # noqa: F401  (fixtures)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def list_and_poll_queries(client, uploader, n: int) -> tuple[int, int]:
    documents = [make_document(uploader=uploader, status=Status.PROCESSING, name=f"{n}-{i}.png") for i in range(n)]
    ids = ",".join(str(document.pk) for document in documents)
    listing = queries_for(client, reverse("documents:list"))
    poll = queries_for(client, reverse("documents:statuses") + f"?ids={ids}")
    for document in documents:
        document.delete()
    return listing, poll


@pytest.mark.django_db
def test_the_list_and_its_status_poll_do_not_query_per_document(alice_client, alice):  # noqa: F811
    assert list_and_poll_queries(alice_client, alice, 5) == list_and_poll_queries(alice_client, alice, 25)


def detail_queries(client, uploader, fields: int) -> int:
    document = make_document(uploader=uploader, kind=Kind.BUSINESS_CERTIFICATE)
    box = ((10, 10), (50, 10), (50, 20), (10, 20))
    categories = [  # as many business category rows as other fields
        Field(name=name, raw_key=name, raw_text=f"{name} {i}", value=f"{name} {i}", confidence=0.95, box=box, index=i)
        for i in range(fields) for name in ("business_type", "business_item")
    ]
    reading = Reading(
        fields=[Field(name=f"f{i}", raw_key=f"k{i}", raw_text="x", value="x", confidence=0.95, box=box)
                for i in range(fields)] + categories,
        resolution="normal", unit="pixel", file_type="png", raw={},
    )
    _store_reading(document, reading, engine="test", seconds=0.1)
    return queries_for(client, reverse("documents:detail", kwargs={"pk": document.pk}))


@pytest.mark.django_db
def test_the_detail_page_does_not_query_per_field(alice_client, alice):  # noqa: F811
    assert detail_queries(alice_client, alice, 2) == detail_queries(alice_client, alice, 12)
