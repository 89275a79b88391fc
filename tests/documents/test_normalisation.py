import pytest

from documents.ocr.fields import canonical_name, normalise
from documents.validation import registration_number_is_valid


@pytest.mark.parametrize(
    ("raw_key", "name"),
    [("구분", "tax_type"), ("등록번호", "registration_number"), ("상 호", "company_name"),
     ("법인명(단체명)", "company_name"), ("개 업 연 월 일", "opening_date"), ("사업장 소재지", "business_address"),
     ("성 명", "representative"), ("본 점 소 재 지", "head_office_address"), ("무슨항목", None)],
)
def test_printed_item_names_map_to_canonical_fields(raw_key, name):
    assert canonical_name(raw_key) == name


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("registration_number", "123-45-67890", "1234567890"),
        ("registration_number", " 116 - 82 - 00276 ", "1168200276"),
        ("opening_date", "2015 년 03 월 02 일", "2015-03-02"),
        ("issue_date", "2020.1.5", "2020-01-05"),
        ("birth_date", "19800101", "1980-01-01"),
        ("tax_type", " 간이과세자", "간이과세자"),
        ("tax_type", "( 일반과세자 )", "일반과세자"),
        ("company_name", "  주식회사   한빛  ", "주식회사 한빛"),
        ("card_number", "1234 5678 9012 3456", "1234567890123456"),
        ("valid_thru", "1 / 2027", "01/27"),
        ("corporate_number", "110111-1234567", "1101111234567"),
    ],
)
def test_values_are_normalised(name, raw, value):
    assert normalise(name, raw) == value


def test_date_that_cannot_be_parsed_is_kept_for_a_person_to_judge():
    assert normalise("opening_date", " 2015 년 ?? 월") == "2015 년 ?? 월"


@pytest.mark.parametrize("number", ["116-82-00276", "134-86-72683", "220-87-17483"])
def test_known_good_registration_numbers_pass_the_check_digit(number):
    assert registration_number_is_valid(number)


@pytest.mark.parametrize("number", ["116-82-00277", "1348672680", "12345", ""])
def test_wrong_check_digit_or_length_fails(number):
    assert not registration_number_is_valid(number)
