"""Business categories (업태/종목 rows) from the fields, and the local engine passing each row's index through."""

import datetime as dt

from documents.models import ExtractedField
from documents.ocr.local.certificate import Found
from documents.ocr.local.engine import _fields, _Mapper
from documents.selectors import business_categories

NOW = dt.datetime(2026, 5, 4, tzinfo=dt.UTC)


def half(name: str, index: int, value: str, **corrected) -> ExtractedField:
    return ExtractedField(name=name, index=index, value=value, **corrected)


def test_rows_come_in_printed_order_with_corrections_and_the_first_standing_row_is_main():
    fields = [
        half("business_type", 1, "도매 및 소매업"),
        half("business_item", 1, "전자상거래", corrected_value="통신판매업"),
        half("company_name", 0, "주식회사 예시"),
        half("business_type", 0, "정보통신업", corrected_value="", corrected_at=NOW),  # struck out by a reviewer
        half("business_item", 0, "소프트웨어", corrected_value="", corrected_at=NOW),
        half("business_type", 2, "제조업"),  # the item was blank on the certificate
    ]

    rows = business_categories(fields=fields)

    assert [(r.index, r.type, r.item, r.main) for r in rows] == [
        (1, "도매 및 소매업", "통신판매업", True), (2, "제조업", "", False),
    ]


def test_the_local_engine_keeps_each_rows_index():
    found = [
        Found(name=name, raw_key=key, raw_text=value, value=value, confs=(91.0,), box=(10, y, 200, y + 20), index=row)
        for row, (y, pairs) in enumerate([(100, ("정보통신업", "응용 소프트웨어")), (130, ("도매업", "전자부품"))])
        for name, key, value in (("business_type", "업태", pairs[0]), ("business_item", "종목", pairs[1]))
    ]

    fields = _fields(found, mapper=_Mapper.scaled(size=(1000, 1000), factor=1.0, to_unit=1.0))

    assert [(f.name, f.index, f.value) for f in fields] == [
        ("business_type", 0, "정보통신업"), ("business_item", 0, "응용 소프트웨어"),
        ("business_type", 1, "도매업"), ("business_item", 1, "전자부품"),
    ]
