"""A photographed certificate read twice, each item kept from the likelier reading (photo_readings.py)."""

from documents.ocr.base import Field
from documents.ocr.local.certificate import EVERY_PAGE
from documents.ocr.local.photo_readings import likelier, worth_reading_again

BOX = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


def _field(name: str, value: str, confidence: float, index: int = 0) -> Field:
    return Field(name=name, raw_key="", raw_text=value, value=value, confidence=confidence, box=BOX, index=index)


def _values(fields: list[Field]) -> list[tuple[str, int, str]]:
    return [(f.name, f.index, f.value) for f in fields]


def test_each_item_comes_from_the_reading_that_is_surer_of_it():
    first = [_field("company_name", "한걸베이커리", 0.32), _field("representative", "오석진", 0.88)]
    second = [_field("company_name", "한결베이커리", 0.71), _field("representative", "오석전", 0.41)]

    assert _values(likelier(first, second)) == [("company_name", 0, "한결베이커리"), ("representative", 0, "오석진")]


def test_an_item_only_one_reading_found_is_kept_and_a_tie_keeps_the_first():
    first = [_field("company_name", "새봄식당", 0.5)]
    second = [_field("company_name", "새봉식당", 0.5), _field("birth_date", "1969-05-19", 0.95)]

    assert _values(likelier(first, second)) == [("company_name", 0, "새봄식당"), ("birth_date", 0, "1969-05-19")]
    assert _values(likelier(second, first)) == _values(second)


def test_the_categories_come_whole_from_one_reading_never_a_type_of_one_with_an_item_of_the_other():
    first = [_field("company_name", "누리푸드", 0.9),
             _field("business_type", "도매업", 0.9), _field("business_item", "택업", 0.3),
             _field("business_type", "서비스업", 0.9, index=1), _field("business_item", "광고", 0.9, index=1),
             _field("tax_office", "마포세무서", 0.95)]
    second = [_field("company_name", "누리푸드", 0.9),
              _field("business_type", "운수업", 0.95), _field("business_item", "택배업", 0.95),
              _field("tax_office", "마포세무서", 0.95)]

    # the second's rows are surer on average (0.95 against 0.75): its block is taken where the first's stood, and
    # none of the first's rows is left, not even its surer second row
    assert _values(likelier(first, second)) == [
        ("company_name", 0, "누리푸드"), ("business_type", 0, "운수업"), ("business_item", 0, "택배업"),
        ("tax_office", 0, "마포세무서"),
    ]
    assert [f.value for f in likelier(second, first) if f.name.startswith("business_")] == ["운수업", "택배업"]


def _clear_page(**confidences: float) -> list[Field]:
    return [_field(name, "x", confidences.get(name, 0.9)) for name in EVERY_PAGE if confidences.get(name) != 0]


def test_a_photo_read_clearly_but_for_one_item_is_not_read_again():
    assert not worth_reading_again(_clear_page())
    assert not worth_reading_again(_clear_page(company_name=0.3))
    assert not worth_reading_again(_clear_page(representative=0))  # missed


def test_a_photo_with_two_items_unclear_or_missed_is_read_again():
    assert worth_reading_again(_clear_page(company_name=0.3, business_address=0.45))
    assert worth_reading_again(_clear_page(company_name=0.3, issue_date=0))
    assert worth_reading_again(_clear_page(opening_date=0, issue_date=0))


def test_only_the_main_category_counts_not_a_later_row():
    later_rows = [_field("business_type", "x", 0.2, index=1), _field("business_item", "x", 0.2, index=1)]

    assert not worth_reading_again(_clear_page() + later_rows)
