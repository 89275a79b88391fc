"""The NHN stand-in's truth mode: a generated document's own values, in the service's style, through the real
engine client (benchmarks use it to measure routing with NHN; bench/straight_through.py)."""

import hashlib

import pytest

from documents.ocr import get_engine
from standins.nhn_ocr import truth_confidence
from tests.fixtures_nhn import nhn_standin  # noqa: F401
from tests.partners.conftest import png

CERTIFICATE = {
    "tax_type": "일반과세자", "registration_number": "1168200276", "company_name": "주식회사 한빛소프트",
    "representative": "이도윤", "opening_date": "2012-09-01", "corporate_number": "1101114812345",
    "business_address": "서울특별시 강남구 테헤란로 152", "issue_date": "2022-11-28", "tax_office": "역삼세무서",
    "business_type": "정보통신업", "business_item": "응용 소프트웨어 개발",
    "business_categories": [["정보통신업", "응용 소프트웨어 개발"], ["도매 및 소매업", "전자상거래"]],
}


@pytest.mark.parametrize("seed", range(6))
def test_a_known_image_is_answered_with_its_values_and_every_confident_reading_is_right(nhn_standin, seed):  # noqa: F811
    image = png(seed, size=(1600, 1000))
    nhn_standin.truth[hashlib.sha256(image).hexdigest()] = {"kind": "business_certificate", "fields": CERTIFICATE}
    reading = get_engine("nhn").read(kind="business_certificate", content=image, filename="c.png")
    read = {(f.name, getattr(f, "index", 0)): f for f in reading.fields}
    assert {name for name, _ in read} >= set(CERTIFICATE) - {"business_categories"}
    for (name, index), f in read.items():
        truth = CERTIFICATE["business_categories"][index][name == "business_item"] if index else CERTIFICATE[name]
        if f.confidence >= 0.90:
            assert f.value == truth, name
    assert [k for k in read if k[0] == "business_type"] == [("business_type", 0), ("business_type", 1)]


def test_a_known_card_is_answered_with_its_number_and_expiry(nhn_standin):  # noqa: F811
    image = png(7, size=(900, 560))
    digest = hashlib.sha256(image).digest()
    nhn_standin.truth[digest.hex()] = {"kind": "credit_card",
                                       "fields": {"card_number": "4111111111111111", "valid_thru": "08/29"}}
    fields = {f.name: f for f in get_engine("nhn").read(kind="credit_card", content=image, filename="c.png").fields}
    for index, name in enumerate(("card_number", "valid_thru")):
        confidence, misread = truth_confidence(digest, index, name)
        assert (fields[name].value == {"card_number": "4111111111111111", "valid_thru": "08/29"}[name]) != misread


def test_the_unsure_share_is_small_for_short_items_and_larger_for_free_text():
    digests = [hashlib.sha256(bytes([i, j])).digest() for i in range(80) for j in range(25)]
    unsure = {name: sum(truth_confidence(d, 3, name)[0] < 0.90 for d in digests) / len(digests)
              for name in ("registration_number", "business_address")}
    assert 0.001 < unsure["registration_number"] < 0.012 and 0.004 < unsure["business_address"] < 0.025
