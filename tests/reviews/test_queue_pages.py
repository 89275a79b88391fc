"""The queue page shows the open tasks a page at a time, oldest first, keeping the filters between pages."""

import random
import re

import pytest
from django.urls import reverse

from reviews import selectors, services
from tests.factories import UserFactory, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def shown_documents(html: str) -> list[int]:
    body = html.split('<table class="table table--stack" id="queue">', 1)[1].split("</table>", 1)[0]
    return [int(n) for n in re.findall(r'<td data-label="#">(\d+)</td>', body)]


def test_queue_pages_keep_order_and_filters(client, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    documents = []
    for i in range(5):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5})
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document.pk)
    client.force_login(UserFactory(roles=["reviewer"]))

    first = client.get(reverse("reviews:queue"), {"kind": "business_certificate"}).content.decode()
    assert shown_documents(first) == documents[:2]
    assert "5 documents waiting" in first  # the summary counts the whole queue, not the page
    assert 'href="?kind=business_certificate&amp;page=2" rel="next"' in first
    assert "Page 1 of 3" in first

    last = client.get(reverse("reviews:queue"), {"kind": "business_certificate", "page": 3}).content.decode()
    assert shown_documents(last) == documents[4:]
    assert 'rel="next"' not in last and 'rel="prev"' in last

    beyond = client.get(reverse("reviews:queue"), {"page": 99}).content.decode()  # a stale link: the last page
    assert shown_documents(beyond) == documents[4:]

    nothing = client.get(reverse("reviews:queue"), {"kind": "credit_card"}).content.decode()
    assert shown_documents(nothing) == [] and "The queue is empty." in nothing and "pagination" not in nothing


def test_next_still_opens_the_oldest_whatever_page_is_shown(client, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 1)
    documents = []
    for i in range(3):
        document = read_document(values=certificate_values(seed=i), confidence={"company_name": 0.5})
        services.document_route(document=document, rng=random.Random(0))
        documents.append(document)
    client.force_login(UserFactory(roles=["reviewer"]))
    assert shown_documents(client.get(reverse("reviews:queue"), {"page": 3}).content.decode()) == [documents[2].pk]
    response = client.post(reverse("reviews:next"), {"kind": "", "reason": ""})
    assert response.url == reverse("reviews:review", kwargs={"pk": documents[0].review_task.pk})
