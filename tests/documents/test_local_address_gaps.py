"""An address whose words the page's reading lost is read again on its own, and only gains words (address_gaps.py)."""

from collections.abc import Callable
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from documents.ocr.local.address_gaps import _looks_cut, _only_adds, read_again
from documents.ocr.local.certificate import Found
from documents.samples import fonts


def _address(value: str, box=(0, 0, 100, 20), name: str = "business_address") -> Found:
    return Found(name=name, raw_key="사업장소재지", raw_text=value, value=value, confs=(90.0,), box=box)


@pytest.mark.parametrize(("value", "cut"), [
    ("시 중구 서소문대로 241 (장충동, 센)", True),  # the city's name lost
    ("올산광역시 북 당사로 102(무룡동)", True),  # a district's last syllable lost
    ("울산광역시 당사로 102(무룡동)", True),  # the district lost whole
    ("경기도 수원시 영통구 294(이의동, 상가동)", True),  # the road's name lost
    ("대구광역시 수성구 범어로 100,8층 105호(노변동, 미)", True),  # the wrapped line lost
    ("경기도 의정부시 자일대로 188-20,15층 60", True),  # the room's number cut
    ("서울특별시 종로구 관", True),  # the line's last word cut
    ("대전광역시 중구", True),  # no number: the rest of the line lost after the district
    ("부산광역시 금정구 부곡대로47길 2", True),  # a road address ending at its number: its reference lost
    ("경기도 시흥시 도창로 263 9층", True),  # a road address ending at its floor: its reference lost (seed 6211)
    ("울산광역시 북구 신명로 469,1층", True),
    ("경기도 고양시 일산서구 덕이대로 47길 137(법)", True),  # the 동's name cut after a syllable
    ("경기도 수원시 팔달구 화서로14길 204-28, 3(매향동)", True),  # a floor's 층 lost
    ("경기도 수원시 팔달구 화서로14길 204-28, 3층(매향동)", False),
    ("서울특별시 은평구 진관동 24-52", False),  # a lot address prints no reference
    ("서울특별시 서대문구 충현동 249-4 메트로타워 14층", False),  # nor after its building's floor
    ("울산광역시 북구 당사로 102(무룡동)", False),
    ("세종특별자치시 한누리대로 2130 (보람동)", False),  # Sejong has no districts
    ("서울특별시 강남구 테헤란로31길 12, 3층 (역삼동, 센트럴플라자)", False),
])
def test_an_address_looks_cut_only_where_no_address_is_printed_so(value, cut):
    assert _looks_cut(_address(value)) is cut


@pytest.mark.parametrize(("first", "again", "taken"), [
    ("시 중구 서소문대로 241 (장충동, 센)", "서울특별시 중구 서소문대로 241 (장충동, 센트럴플라자)", True),
    ("올산광역시 북 당사로 102(무룡동)", "울산광역시 북구 당사로 102(무룡동)", True),  # a misread city is the lost part
    ("대구광역시 수성구 범어로 100,8층 105호(노변동, 미)", "대구광역시 수성구 범어로 100,8층 105호(노변동, 미래빌딩)",
     True),
    ("울산광역시 당사로 102(무룡동)", "울산광역시 북구 당사로 112(무룡동)", False),  # a digit read otherwise
    # a digit added inside a number is a misreading, not a lost part; the cut number's end is one
    ("경기도 의정부시 자일대로 188-20,15층 60", "경기도 의정부시 자일대로 1688-20,15층 604호(낙양동)", False),
    ("경기도 의정부시 자일대로 188-20,15층 60", "경기도 의정부시 자일대로 188-20,15층 604호(낙양동)", True),
    ("울산광역시 당사로 102(무룡동)", "울산광역시 당사로 102(무룡동)", False),  # nothing gained
    ("경기도 고양시 일산서구 덕이대로 47길 137(법)", "경기도 고양시 일산서구 덕이대로 47길 137(법곳동)", True),
    # a building's name cut off must come back closed by the second reading itself, not by the reader
    ("대구광역시 수성구 범어로 100,8층 105호(노변동, 미)", "대구광역시 수성구 범어로 100,8층 105호(노변동, 미주거용",
     False),
    # more added than any lost part of an address: another line's words
    ("울산광역시 당사로 102(무룡동)", "울산광역시 북구 당사로 102(무룡동, 업태 보건업 종목 치과의원 한의원)", False),
    # an address with no number yet (held-out 3952: its first reading had raised a ValueError), whose lost rest is
    # the line's whole end
    ("대전광역시 중구", "대전광역시 중구 침산동 955-44 그린빌라 15층", True),
    ("서울특별시 중 중화대로", "서울특별시 중랑구 중화대로", True),
    # a label's syllables (소재지) read into the lot number: no address prints a word inside a number
    ("경기도 안산시 상록구 월피동 8", "경기도 안산시 상록구 월피동 8재지21-21", False),
    ("경기도 안산시 상록구 월피동 8", "경기도 안산시 상록구 월피동 821-21", True),
])
def test_a_second_reading_is_taken_only_when_it_adds_to_the_first_and_changes_nothing(first, again, taken):
    assert _only_adds(first, again) is taken


def _printed_row(label: str, address: str) -> tuple[Image.Image, Callable[[str], int]]:
    """A page with the label and address printed on one row at y 80, and where on it each start of the address
    ends (page pixels)."""
    page = Image.new("L", (1400, 200), 255)
    draw = ImageDraw.Draw(page)
    font = fonts.load(fonts.CERTIFICATE_FAMILIES[0][0], 26)
    draw.text((40, 80), label + address, font=font, fill=0)
    return page, lambda start: round(40 + draw.textlength(label + start, font=font))


@pytest.mark.slow
def test_an_address_whose_city_the_page_reading_lost_gets_it_back_from_its_crop_read_again():
    address = "서울특별시 중구 서소문대로 241 (장충동, 센트럴플라자)"
    page, end_of = _printed_row("사업장 소재지 : ", address)
    # the page's reading kept the address from `중구` to `센`
    left, right = end_of("서울특별시 "), end_of("서울특별시 중구 서소문대로 241 (장충동, 센")
    found = _address("중구 서소문대로 241 (장충동, 센)", box=(left, 82, right, 110))
    other = Found(name="company_name", raw_key="상호", raw_text="초록마트", value="초록마트", confs=(95.0,),
                  box=(40, 20, 200, 48))

    again = read_again(page, [other, found], lang="kor")

    assert [(f.name, f.value) for f in again] == [("company_name", "초록마트"), ("business_address", address)]
    whole = _address(address, box=(40, 82, right, 110))
    assert read_again(page, [whole], lang="kor") == [whole]  # an address that looks whole is not read again


@pytest.mark.slow
def test_an_address_the_page_reading_kept_only_a_scrap_of_is_read_again_along_its_whole_row():
    # seed 7411's print 4 (641 px wide): the head office's long row read as `푸른`, its building's name's start
    address = "서울특별시 서대문구 대현대로 425, 13층 (연희동, 푸른마을아파트)"
    page, end_of = _printed_row("본점 소재지 : ", address)
    before = "서울특별시 서대문구 대현대로 425, 13층 (연희동, "
    found = _address("푸른", box=(end_of(before), 82, end_of(before + "푸른"), 110), name="head_office_address")

    [again] = read_again(page, [found], lang="kor")

    assert again.value == address


@pytest.mark.slow
def test_an_address_of_two_lines_read_as_noise_is_read_again_from_its_own_box():
    # a third independent set's boxed 2000s form: the address's two lines beside a label centred between them, read
    # by the page's layout analysis as one line of noise (`9025 아기토 바나 6`, every word at 0-2)
    page = Image.new("L", (1400, 260), 255)
    draw = ImageDraw.Draw(page)
    font = fonts.load(fonts.CERTIFICATE_FAMILIES[0][0], 26)
    draw.text((40, 100), "사업장소재지", font=font, fill=0)
    draw.text((300, 80), "광주광역시 서구 치평동", font=font, fill=0)
    draw.text((300, 118), "659-22 송도스마트밸리 6층", font=font, fill=0)
    noise = Found(name="business_address", raw_key="사업장소재지", raw_text="9025 아기토 바나 6",
                  value="9025 아기토 바나 6", confs=(2.0, 0.0, 0.0, 0.0), box=(300, 80, 640, 150))

    [again] = read_again(page, [noise], lang="kor")

    assert again.value == "광주광역시 서구 치평동 659-22 송도스마트밸리 6층"
    sure = replace(noise, confs=(91.0, 88.0, 90.0, 93.0))  # read so surely, it is no noise: left as it is
    assert read_again(page, [sure], lang="kor") == [sure]
