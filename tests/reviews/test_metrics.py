"""The metrics page: straight-through by engine, kind and reason; unverified fields; approvals corrected later."""

import random

import pytest
from django.urls import reverse

from documents import events
from documents.kinds import Kind
from reviews import services
from tests.factories import UserFactory, card_values, certificate_values, read_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.REVIEW_FOUR_EYES = False


def routed(*, engine="local", **kwargs):
    document = read_document(**kwargs)
    document.extraction.engine = engine
    document.extraction.save(update_fields=["engine"])
    services.document_route(document=document, rng=random.Random(0))
    document.refresh_from_db()
    return document


def test_straight_through_by_engine_kind_and_reason_and_approvals_corrected_later(client):
    routed(engine="local", values=certificate_values(seed=1), confidence={"business_address": 0.3})  # unverified
    routed(engine="local", values=certificate_values(seed=2), confidence={"company_name": 0.3})
    routed(engine="local", values=certificate_values(seed=3), resolution="low", confidence={"company_name": 0.3})
    disputed = routed(engine="nhn", values=certificate_values(seed=4))
    routed(engine="nhn", kind=Kind.CREDIT_CARD, values=card_values(seed=5))
    services.task_reopen(document=disputed, code=events.REGISTRY_MISMATCH, detail={}, note="")  # tax office disagrees

    client.force_login(UserFactory(roles=["admin"]))
    response = client.get(reverse("reviews:metrics"))
    r = response.context["routing"]
    # as in the headline rate, a document counts once for each way it went: the disputed one both ways
    assert [(row.code, row.auto, row.reviewed) for row in r["by_engine"]] == [("local", 1, 2), ("nhn", 2, 1)]
    assert [(row.code, row.auto, row.reviewed) for row in r["by_kind"]] == [
        (Kind.BUSINESS_CERTIFICATE, 2, 3), (Kind.CREDIT_CARD, 1, 0)]
    by_engine = {row.code: row.rate for row in r["by_engine"]}
    assert by_engine == {"local": pytest.approx(1 / 3), "nhn": pytest.approx(2 / 3)}
    reasons = {row["code"]: row["documents"] for row in r["by_reason"]}
    assert reasons == {"low_confidence": 2, "low_resolution": 1, events.REGISTRY_MISMATCH: 1}
    assert (r["unverified_fields"], r["unverified_documents"]) == (1, 1)
    assert (r["auto_approved_corrected"], r["auto_approved_total"]) == (1, 3)
    page = response.content.decode()
    assert 'id="stp-by-engine"' in page and 'data-reason="low_resolution"' in page and "33%" in page
    assert 'id="tax-office-verified"' not in page  # the verification before routing is not in this branch yet
