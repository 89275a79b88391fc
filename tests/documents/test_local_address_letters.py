"""The Latin letters of an address that the Korean model reads as digits or marks, or drops (address_letters.py)."""

import pytest
from PIL import Image, ImageDraw

from documents.ocr.local.address_letters import restored
from documents.ocr.local.certificate import Found
from documents.samples import fonts


def _restored(printed: str, read: str, *, family: str = fonts.CERTIFICATE_FAMILIES[0][0]) -> str:
    """The address `printed` on a page in one of the generator's faces, its page reading `read`, after `restored`."""
    font = fonts.load(family, 30)
    image = Image.new("RGB", (1300, 90), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 25), printed, font=font, fill="black")
    left, top, right, bottom = draw.textbbox((20, 25), printed, font=font)
    address = Found(name="business_address", raw_key="사업장소재지", raw_text=read, value=read, confs=(60.0,),
                    box=(left - 2, top - 3, right + 2, bottom + 3))
    [found] = restored(image, [address], lang="kor")
    assert found.raw_text == found.value
    return found.value


@pytest.mark.parametrize(("printed", "read"), [
    ("경기도 고양시 일산동구 정발산로 245 (마두동, GS타워)", "경기도 고양시 일산동구 정발산로 245 (마두동, 65타워)"),
    ("서울특별시 마포구 월드컵북로 56, A동 9층(공덕동)", "서울특별시 마포구 월드컵북로 56, 동 9층(공덕동)"),
    ("서울특별시 금천구 가산디지털1로 168, 우림라이온스밸리 A동 1203호",
     "서울특별시 금천구 가산디지털1로 168, 우림라이온스밸리 &동 1203호"),
    ("부산광역시 해운대구 해운대로 59, 11층 203호 (중동, IT캐슬)",
     "부산광역시 해운대구 해운대로 59, 11층 203호 (중동, 11캐슬)"),
    # the comma before the letter read as a full stop on the page (seed 5150's held-out photo 13)
    ("인천광역시 미추홀구 숭의대로 435,A동 10층 402호(숭의동)",
     "인천광역시 미추홀구 숭의대로 435.&동 10층 402호(숭의동)"),
    # read as a bracket that never closes and a mark: the bracket the page's reading closed at the end goes too
    ("경기도 고양시 일산동구 백석대로45길 199-20, C동 5층 (풍동, 스카이뷰오피스텔)",
     "경기도 고양시 일산동구 백석대로45길 199-20, (:동 5층 (풍동, 스카이뷰오피스텔))"),
    # a block's letter read as the digit it looks like (seed 5150's held-out scan 31, a tenth independent set)
    ("경기도 안성시 신건지대로26길 181 B동 14층(도기동)", "경기도 안성시 신건지대로26길 181 8동 14층(도기동)"),
    ("인천광역시 연수구 인천타워대로 32-29, C동 114호 (송도동)",
     "인천광역시 연수구 인천타워대로 32-29, 0동 114호 (송도동)"),
])
def test_a_buildings_latin_letters_read_as_digits_or_marks_or_lost_are_put_back(printed, read):
    assert _restored(printed, read) == printed


@pytest.mark.parametrize("printed", [
    "서울특별시 영등포구 63로 50, 63빌딩 12층",  # a building named by its number
    "서울특별시 송파구 송파대로35길 159, 2층(문정동)",  # numbers before what they count
    "부산광역시 해운대구 센텀중앙로 97 (재송동)",  # nothing suspect: not read again
    "경기도 성남시 분당구 황새울로45길 199-20, 8동 5층 (백현동)",  # a block numbered by a digit like a letter
    "경기도 성남시 분당구 황새울로45길 199-20, 1동 5층 (백현동)",  # ... and by 1, which the English model reads as L
])
def test_an_address_without_latin_letters_is_left_as_read(printed):
    assert _restored(printed, printed) == printed
