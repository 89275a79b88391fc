"""The embedded engine's confidence rules (issue 11): a reading reaches the review threshold only when something
beyond Tesseract's own word score backs it: a check digit and agreeing passes, a plausible expiry, the text layer or
a second reading that reproduces the value exactly."""

import datetime as dt
import random
from dataclasses import replace

import pytest

from documents.ocr.local import agreement, prepare
from documents.ocr.local.certificate import read_certificate
from documents.ocr.local.confidence import confidence, expiry_is_plausible
from documents.ocr.local.engine import CERTIFICATE_CONFIG as CONFIG
from documents.ocr.local.engine import CERTIFICATE_LANG as LANG
from documents.ocr.local.engine import CERTIFICATE_LONG_SIDE as LONG_SIDE
from documents.ocr.local.tesseract import Line, Word, lines_of, words
from documents.samples.certificate import random_certificate, render_certificate

TODAY = dt.date(2026, 11, 29)
THRESHOLD = 0.90


@pytest.mark.parametrize("value", ["10/26", "01/20", "12/37", "01/40", "00/28", "13/28"])
def test_an_implausible_expiry_is_never_confident_however_clearly_read(value):
    # past, far past, more than ten years ahead, no such month: a person looks, even when the text layer says so
    assert not expiry_is_plausible(value, today=TODAY)
    assert confidence("valid_thru", value, (99.0,), others={}, today=TODAY) < THRESHOLD
    assert confidence("valid_thru", value, (99.0,), others={}, today=TODAY, confirmed=True) < THRESHOLD


@pytest.mark.parametrize("value", ["11/26", "12/26", "07/31", "11/36"])
def test_a_plausible_expiry_read_clearly_is_confident(value):
    # this month (valid through its last day) up to ten years ahead
    assert expiry_is_plausible(value, today=TODAY)
    assert confidence("valid_thru", value, (96.0,), others={}, today=TODAY) >= THRESHOLD


def test_a_plausible_expiry_read_unclearly_is_left_for_review():
    assert confidence("valid_thru", "07/29", (62.0,), others={}, today=TODAY) < THRESHOLD


def test_a_luhn_invalid_card_number_is_never_confident_even_when_passes_agree():
    assert confidence("card_number", "4111111111111112", (99.0,), others={}, confirmed=True) < THRESHOLD
    assert confidence("card_number", "411111111111111", (99.0,), others={}, confirmed=True) < THRESHOLD


def test_a_wrong_check_digit_is_never_confident_even_from_the_text_layer():
    assert confidence("registration_number", "1168200277", (99.0,), others={}, confirmed=True) < THRESHOLD


def test_a_birth_date_that_makes_the_owner_a_child_or_past_a_hundred_is_left_for_a_person():
    """`1903-05-10` read for 1993 on a certificate issued in 2025 (held-out seed 8123), at 0.95."""
    issued = {"issue_date": "2025-09-20"}
    assert confidence("birth_date", "1903-05-10", (96.0,), others=issued, today=TODAY) < THRESHOLD
    assert confidence("birth_date", "2015-05-10", (96.0,), others=issued, today=TODAY) < THRESHOLD
    assert confidence("birth_date", "1993-05-10", (96.0,), others=issued, today=TODAY) >= THRESHOLD


@pytest.mark.parametrize(("name", "value"), [("company_name", "주식회사 한빛유통"), ("representative", "김우주")])
def test_a_name_is_confident_only_when_a_second_reading_gives_exactly_the_same_value(name, value):
    assert confidence(name, value, (97.0,), others={}) < THRESHOLD  # one reading alone, however sure
    assert confidence(name, value, (97.0,), others={}, confirmed=True) >= THRESHOLD


@pytest.mark.parametrize("corporate", [{"tax_type": "법인사업자"}, {"corporate_number": "1101111348782"}])
def test_a_corporations_name_read_without_its_legal_form_is_left_for_a_person_however_often_it_was_read(corporate):
    """`㈜한빛모빌리티`, its small `㈜` dropped by both readings (seed 7002): a corporation's name carries its form."""
    assert confidence("company_name", "한빛모빌리티", (97.0,), others=corporate, confirmed=True) < THRESHOLD
    for name in ("㈜한빛모빌리티", "(주)한빛모빌리티", "한빛모빌리티 주식회사", "유한회사 한빛", "사단법인 한빛"):
        assert confidence("company_name", name, (97.0,), others=corporate, confirmed=True) >= THRESHOLD
    # a sole trader's shop name has no legal form
    sole_trader = {"tax_type": "일반과세자"}
    assert confidence("company_name", "한빛분식", (97.0,), others=sole_trader, confirmed=True) >= THRESHOLD


@pytest.mark.parametrize(("read", "value"), [("한결건설주식회사", "한결건설 주식회사"),
                                            ("유한회사가온네트웍스", "유한회사 가온네트웍스")])
def test_a_legal_form_run_into_the_name_is_set_apart_and_left_for_a_person_to_check(read, value):
    """The narrow space between a name and its legal form, lost by both readings (seeds 4518, 6021, 4172): the name
    is given as registered most often, and a person sees whether the space was printed."""
    words = [Word(text=text, conf=95.0, box=(left, 100, left + 20 * len(text), 124), line_key=(1, 1, 1))
             for text, left in (("상호(법인명)", 40), (":", 200), (read, 240))]
    found = {f.name: f for f in read_certificate([Line(words=words)])}

    assert found["company_name"].value == value
    assert confidence("company_name", value, (97.0,), others={}, raw_text=found["company_name"].raw_text,
                      confirmed=True) < THRESHOLD
    assert confidence("company_name", value, (97.0,), others={}, raw_text=value, confirmed=True) >= THRESHOLD


def test_a_name_holding_a_mark_no_name_is_written_with_is_left_for_a_person_however_often_it_was_read():
    """`유한회사“소망홀딩스`, a space read as a quotation mark by both readings (seed 5183)."""
    for misread in ("유한회사“소망홀딩스", "한빛|상사", "대한#건설"):
        assert confidence("company_name", misread, (97.0,), others={}, confirmed=True) < THRESHOLD
    for name in ("유한회사 소망홀딩스", "(주)한빛 & Co.", "A-1 마트", "한빛·대한 컨소시엄"):
        assert confidence("company_name", name, (97.0,), others={}, confirmed=True) >= THRESHOLD


def test_a_name_after_a_syllable_alone_is_left_for_a_person_however_often_it_was_read():
    """`혼 미래상회`: the label's 호 misread, or a speck, before the name, both readings alike (fresh seed 3729)."""
    assert confidence("company_name", "혼 미래상회", (97.0,), others={}, confirmed=True) < THRESHOLD
    for name in ("미래상회", "미래 상회", "(주) 미래상사"):
        assert confidence("company_name", name, (97.0,), others={}, confirmed=True) >= THRESHOLD


def test_agreement_does_not_lift_a_value_that_breaks_its_rule():
    # a representative is a Korean name of two to five syllables; a date must be one
    assert confidence("representative", "김우주 (공동", (97.0,), others={}, confirmed=True) < THRESHOLD
    assert confidence("opening_date", "2021-02-30", (97.0,), others={}, confirmed=True) < THRESHOLD


@pytest.mark.parametrize("value", ["일반과세자", "법인사업자"])
def test_a_tax_type_from_the_closed_list_read_as_printed_is_confident(value):
    assert confidence("tax_type", value, (90.0,), others={}, raw_text=f"( {value} )") >= THRESHOLD


@pytest.mark.parametrize(("value", "printed"), [("법인사업자", "법인사业자"), ("일반과세자", "일반과세지"),
                                                ("간이과세", "간이과세")])
def test_a_tax_type_snapped_from_another_reading_or_off_the_list_is_not(value, printed):
    assert confidence("tax_type", value, (95.0,), others={}, raw_text=printed) < THRESHOLD


@pytest.mark.slow
def test_a_second_reading_confirms_an_item_only_when_it_reproduces_the_value_exactly():
    cert = random_certificate(rng=random.Random(5))
    page = render_certificate(cert, rng=random.Random(5), width=1650)  # about 200 dpi, a clean print
    prepared = prepare.for_certificate(page, long_side=LONG_SIDE)
    found = read_certificate(lines_of(words(prepared.image, lang=LANG, config=CONFIG)))
    names = {"company_name", "representative", "registration_number"}
    assert {f.name: f.value for f in found if f.name in names} == {name: cert.fields[name] for name in names}

    assert names <= agreement.confirmed(agreement.second_readings(prepared.image, found, lang=LANG))

    # the same crops, but a first reading one character off: the second reading does not vouch for it
    def off_by_one(value: str) -> str:
        return value[:-1] + ("빚" if value[-1] != "빚" else "빛") if not value.isdigit() else value[:-1] + str(
            (int(value[-1]) + 1) % 10)

    misread = [replace(f, value=off_by_one(f.value)) if f.name in names else f for f in found]
    assert not names & agreement.confirmed(agreement.second_readings(prepared.image, misread, lang=LANG))


@pytest.mark.parametrize(("value", "printed"), [
    ("해운대세무서", "해우대세무서"),  # a syllable under the seal misread, snapped to the only office it can be
    ("종로세무서", "종로세두서"),
    ("분당세무서", "원본대조필분당세무서"),  # a stamp's words ran into the name
    ("대문세무서", "대문세무서"),  # no office: 남대문 or 동대문, a person decides
    ("수원세무서", "수원세무서"),  # an office, but also 동수원 or 서수원 with its first syllable lost (seed 1357)
])
def test_a_tax_office_read_off_the_printed_name_or_off_the_list_is_not_confident(value, printed):
    assert confidence("tax_office", value, (95.0,), others={}, raw_text=printed) < THRESHOLD


@pytest.mark.parametrize(("read", "office"), [
    ("초세무서", "초세무서"),  # 서초 or 속초 with the first syllable lost: a person decides
    ("래세무서", "동래세무서"),  # the only office whose name ends so
    ("대문세무서", "대문세무서"),  # 남대문, 동대문 or 서대문
    ("원본대조필분당세무서", "분당세무서"),
    ("밤대문세무서", "남대문세무서"),  # one syllable off 남대문 and 동대문: 남 by one letter, 동 by three (seed 6021)
    ("복대전세무서", "북대전세무서"),  # a vowel's stroke off 북대전, not 대전 after a stray letter (a sixth set)
])
def test_a_reading_that_lost_an_office_names_first_syllables_is_snapped_only_to_the_one_office_it_can_be(read, office):
    from documents.ocr.local import tax_offices

    assert tax_offices.snapped(read) == office
    assert confidence("tax_office", office, (95.0,), others={}, raw_text=read) < THRESHOLD


def test_a_tax_office_of_the_list_read_as_printed_is_confident():
    assert confidence("tax_office", "해운대세무서", (95.0,), others={}, raw_text="해운대세무서") >= THRESHOLD


def _name(name: str, value: str):
    from documents.ocr.local.certificate import Found

    return Found(name=name, raw_key="상호", raw_text=value, value=value, confs=(93.0,), box=(0, 0, 80, 20))


@pytest.mark.parametrize(("name", "first", "second", "value"), [
    ("company_name", "청솔문", "청솔문구", "청솔문구"),  # the page's reading lost the last syllable
    ("representative", "조수", "조수도", "조수도"),
    ("company_name", "청솔문", "호 청솔문", "청솔문"),  # more at the start is the label's tail, not the name's
    ("company_name", "청솔문", "청솔문구사", "청솔문"),  # two more: another reading, not a lost syllable
    ("company_name", "청솔문구", "청솔문", "청솔문구"),
    ("registration_number", "1234567890", "12345678901", "1234567890"),
])
def test_a_name_gets_back_a_last_syllable_only_the_second_reading_saw(name, first, second, value):
    assert agreement.restored(_name(name, first), second).value == value


@pytest.mark.parametrize(("name", "first", "second", "value"), [
    # the page's reading breaks the item's rule, the second obeys it: the second's (photos of seeds 4518, 4172, 2391)
    ("registration_number", "2098808070", "299-88-08070", "2998808070"),  # its check digit fails, the second's passes
    ("opening_date", "1002년 029 17일", "1992 년 02 월 17 일", "1992-02-17"),  # no date
    ("representative", "견지상", "권지상", "권지상"),  # no common surname, the second a common one
    ("representative", "홈은성", "홍은성", "홍은성"),
    ("company_name", "참좋은테3", "참좋은테크", "참좋은테크"),  # a digit against a syllable
    ("company_name", "식회사 해든홈딩 스", "주식회사 해든홀딩스", "주식회사 해든홀딩스"),  # a legal form cut short
    # both obey the rules, or neither: the page's reading stands
    ("registration_number", "2998808070", "2098808070", "2998808070"),
    ("registration_number", "2098808070", "2098808071", "2098808070"),
    ("opening_date", "1992-02-17", "1992-02-11", "1992-02-17"),
    ("representative", "유추희", "윤추희", "유추희"),  # 유 is a common surname too
    ("representative", "견지상", "권지산", "견지상"),  # more than the surname differs
    ("company_name", "가은문구", "가온문구", "가은문구"),  # both are names: a person compares
    ("company_name", "참좋은테3", "- 60090): 5043", "참좋은테3"),
])
def test_where_the_page_reading_breaks_an_items_rule_the_second_reading_that_obeys_it_is_taken(name, first, second,
                                                                                               value):
    assert agreement.restored(_name(name, first), second).value == value


def test_a_value_the_second_reading_gave_in_place_of_the_pages_is_left_for_a_person():
    from documents.ocr.local.engine import _fields, _Mapper

    number = replace(_name("registration_number", "2998808070"), confs=(96.0,))
    mapper = _Mapper.scaled(size=(100, 100), factor=1.0, to_unit=1.0)

    assert _fields([number], mapper=mapper)[0].confidence >= THRESHOLD  # its check digit holds, its print is clear
    assert _fields([number], mapper=mapper, unsure={("registration_number", 0)})[0].confidence < THRESHOLD


@pytest.mark.parametrize(("first", "second", "value", "agreed"), [
    # held-out photos (seeds 7390, 1846): the page's reading lost the ㈜ mark, the crop reads it as `@` before the name
    ("대한로지스", "|) : @대한로지스", "㈜대한로지스", False),
    ("가온산업", "0: @가온산업", "㈜가온산업", False),
    ("바른홀딩스", ": @바른름덩스", "바른홀딩스", False),  # the name read otherwise: a person compares
    ("주식회사 가온산업", ": @주식회사 가온산업", "주식회사 가온산업", True),  # it has its legal form
    ("가온산업", "가온산업", "가온산업", True),
])
def test_a_legal_forms_mark_only_the_second_reading_saw_is_put_back_and_not_confirmed(first, second, value, agreed):
    assert agreement.restored(_name("company_name", first), second).value == value
    assert agreement.agrees(_name("company_name", first), second) is agreed


def test_names_on_a_photographed_page_are_never_confirmed_by_agreement_other_items_are():
    """Two readings of a photo agree on a look-alike syllable too often (`가은세탁소` for 가온세탁소, seed 3361's
    held-out photo 39, at 0.95): a person checks names read from photos."""
    second = [(_name("company_name", "가은세탁소"), "가은세탁소", []),
              (_name("representative", "김민수"), "김민수", []),
              (replace(_name("registration_number", "1234567891"), raw_key="등록번호"), "1234567891", [])]

    assert agreement.confirmed(second) == {"company_name", "representative", "registration_number"}
    assert agreement.confirmed(second, noisy=True) == {"registration_number"}


def test_a_restored_name_is_not_confirmed():
    assert not agreement.agrees(_name("company_name", "청솔문"), "청솔문구")


def test_a_name_whose_unreadable_syllable_was_put_back_is_not_confirmed_by_a_second_reading():
    # both readings give `네트워스` (웍 is not in the model's character set): they agree only on the misreading
    assert not agreement.agrees(_name("company_name", "주식회사 해든네트웍스"), "주식회사 해든네트워스")
    assert agreement.agrees(_name("company_name", "주식회사 해든테크"), "주식회사 해든테크")


def test_a_given_name_agrees_with_a_second_reading_only_as_read_not_through_a_syllable_put_back():
    # `안도회`: 희 read as 회 by the second reading is put back to 안도희, the page's value; no agreement for that
    assert not agreement.agrees(_name("representative", "안도희"), "안도회")
    assert agreement.agrees(_name("representative", "안도희"), "안도희")


def test_a_date_placed_by_its_row_is_not_confirmed_as_the_opening_date_by_a_second_reading():
    from documents.ocr.local.certificate import Found

    # `월 일 : 1968 년 04 월 30 일`: a birth date or an opening date, the label does not say
    placed = Found(name="opening_date", raw_key="", raw_text="1968 년 04 월 30 일", value="1968-04-30",
                   confs=(93.0, 85.0), box=(0, 0, 80, 20))
    assert not agreement.agrees(placed, "1968 년 04 월 30 일")
    labelled = Found(name="opening_date", raw_key="개업연월일", raw_text="1968 년 04 월 30 일", value="1968-04-30",
                     confs=(93.0,), box=(0, 0, 80, 20))
    assert agreement.agrees(labelled, "1968 년 04 월 30 일")


def test_a_name_placed_by_its_row_is_not_confirmed_by_a_second_reading():
    from documents.ocr.local.certificate import Found

    # the company's row lost, its name was placed on the representative's row: the crop reads the same name again
    placed = Found(name="representative", raw_key="", raw_text="늘봄분식", value="늘봄분식", confs=(93.0,),
                   box=(0, 0, 80, 20))
    assert not agreement.agrees(placed, "늘봄분식")
    assert agreement.agrees(_name("representative", "윤연수"), "윤연수")


@pytest.mark.parametrize(("first", "second", "value"), [
    ("유한회사", "명) 、 유한회사 동방홀딩스 .", "유한회사 동방홀딩스"),  # the label's tail and a speck round it
    ("주식회사 3", "주식회사 푸른테크", "주식회사 푸른테크"),
    ("유한회사", "명) 、 유한회사 .", "유한회사"),  # the crop read no name either
    ("유한회사", "주식회사 동방홀딩스", "유한회사"),  # another form: not the same row's reading
    ("주식회사 동방", "주식회사 동방홀딩스", "주식회사 동방"),  # a name was read: this rule does not apply
])
def test_a_company_name_read_as_its_legal_form_alone_takes_the_name_the_second_reading_gives(first, second, value):
    assert agreement.restored(_name("company_name", first), second).value == value
    assert not agreement.agrees(_name("company_name", first), second)


@pytest.mark.parametrize(("read", "value"), [
    ("유한희사 참좋은제약", "유한회사 참좋은제약"),
    ("참좋은제약 주식희사", "참좋은제약 주식회사"),
    ("주식회사 참좋은제약", "주식회사 참좋은제약"),
    ("유한희사", "유한희사"),  # no name beside it: nothing says it is a form
    ("한결푸드주식희사", "한결푸드 주식회사"),  # run into the name (seed 7411's held-out photo 46)
    ("희망제약 주식회사", "희망제약 주식회사"),
])
def test_a_legal_form_read_one_syllable_off_is_put_back_but_never_trusted(read, value):
    from documents.ocr.local.certificate import value_of

    assert value_of("company_name", read) == value
    score = confidence("company_name", value, (97.0,), others={}, raw_text=read, confirmed=True)
    assert (score < THRESHOLD) is (read != value)


@pytest.mark.parametrize(("read", "trusted"), [
    ("2014 년 08 월 1 일", False),  # seed 5962's held-out photo 28: 10 일 read as 1, trusted at 0.95
    ("2014 년 8 월 10 일", False),
    ("2014 년 08 월 10 일", True),
    ("2014 년 108 월 10 일", False),  # a speck read as one digit more (seed 2609's held-out scan 32)
    ("20231 년 03 월 29 일", False),  # ... after the year (seed 7411's held-out photo 6)
])
def test_a_date_read_with_a_one_digit_month_or_day_lost_a_digit_and_is_not_trusted(read, trusted):
    from documents.ocr.local.certificate import value_of

    value = value_of("issue_date", read)
    score = confidence("issue_date", value, (96.0,), others={"opening_date": "2014-09-23"}, raw_text=read)
    assert (score >= THRESHOLD) is trusted
    assert value[:4] == read[:4]  # the year's four digits kept, a speck after them dropped
