"""The hyphens and spaces no reading shows, found in the pixels of an address's numbers (address_marks.py)."""

import pytest
from PIL import Image, ImageDraw

from documents.ocr.local.address_marks import restored
from documents.ocr.local.certificate import Found
from documents.ocr.local.pixels import binarised, blobs, opening_bracket
from documents.ocr.local.tesseract import Line, Word
from documents.samples import fonts

UNDOTUM = fonts.HELD_OUT_FAMILIES[0][0]  # its hyphen short, thin and tight against the digits


def _read(printed: str, read: str, *, size: int = 24, box_ends_before_bracket: bool = False) -> list[Found]:
    """The address `printed` on a page, as the page's reading gave it (`read`: hyphens lost, words run together or
    a printed word read as two), through `restored`. `box_ends_before_bracket`: the box of the word holding `(`
    covers only the digits before it, as Tesseract's box of `58(` can."""
    font = fonts.load(UNDOTUM, size)
    image = Image.new("RGB", (900, 80), "white")
    draw = ImageDraw.Draw(image)
    pieces, left = [], 10  # (text, where it starts)
    for piece in printed.split(" "):
        draw.text((left, 20), piece, font=font, fill="black")
        pieces.append((piece, left))
        left = draw.textbbox((left, 20), piece, font=font)[2] + size // 3
    words = []
    for token in read.split(" "):  # each word of the reading: the printed pieces it runs together, or a piece's start
        text, boxes = "", []
        while text.replace("-", "") != token.replace("-", ""):
            piece, start = pieces.pop(0)
            wanted = token.replace("-", "")[len(text.replace("-", "")):]
            if len(piece.replace("-", "")) > len(wanted) and piece.replace("-", "").startswith(wanted):
                piece, rest = piece[:len(wanted)], piece[len(wanted):]
                pieces.insert(0, (rest, start + draw.textlength(piece, font=font)))
            text, boxes = text + piece, [*boxes, draw.textbbox((start, 20), piece, font=font)]
        box = (boxes[0][0] - 1, boxes[0][1] - 2, boxes[-1][2] + 1, max(b[3] for b in boxes) + 2)
        if box_ends_before_bracket and "(" in token:
            box = draw.textbbox((box[0] + 1, 20), token[:token.index("(")], font=font)
        words.append(Word(text=token, conf=90.0, box=box, line_key=(20, 0, 0)))
    box = (words[0].box[0], min(w.box[1] for w in words), words[-1].box[2], max(w.box[3] for w in words))
    address = Found(name="business_address", raw_key="사업장소재지", raw_text=read, value=read, confs=(90.0,),
                    box=box)
    return restored(image, [address], lines=[Line(words=words)])


@pytest.mark.parametrize(("printed", "read"), [
    ("대구광역시 북구 신천대로 6-20", "대구광역시 북구 신천대로 620"),
    ("경기도 화성시 향남읍 459-27 2층", "경기도 화성시 향남읍 45927 2층"),
    ("부산광역시 중구 동광로 86-9, 3층", "부산광역시 중구 동광로 869, 3층"),
])
def test_a_hyphen_the_reading_lost_comes_back_from_the_numbers_pixels(printed, read):
    [found] = _read(printed, read)

    assert found.value == printed
    assert found.raw_text == printed


@pytest.mark.parametrize("printed", [
    "대구광역시 북구 신천대로 620",  # no hyphen printed
    "서울특별시 강남구 테헤란로 1024 11층",  # four digits, none of them flat
    "경기도 화성시 향남읍 4747",  # 4's bar is no hyphen
    "서울특별시 양천구 목동로 464 7층",
])
def test_a_number_printed_whole_stays_whole(printed):
    [found] = _read(printed, printed)

    assert found.value == printed


def test_digits_too_small_to_tell_a_hyphen_by_are_left_as_read():
    [found] = _read("경기도 안산시 상록구 부곡대로 4-4", "경기도 안산시 상록구 부곡대로 44", size=12)

    assert found.value == "경기도 안산시 상록구 부곡대로 44"


@pytest.mark.parametrize(("printed", "read"), [
    ("부산광역시 사상구 모라로 64 4층", "부산광역시 사상구 모라로 644층"),
    ("서울특별시 중구 을지로 94 11층(을지로2가)", "서울특별시 중구 을지로 9411층(을지로2가)"),
    ("서울특별시 중구 을지로 941 1층", "서울특별시 중구 을지로 9411층"),
    # a hyphenated building number: no floor of any height follows one unspaced
    ("전북특별자치도 익산시 정족대로 3-12 3층(목천동)", "전북특별자치도 익산시 정족대로 3-123층(목천동)"),
    ("전북특별자치도 익산시 정족대로 31-1 23층", "전북특별자치도 익산시 정족대로 31-123층"),
])
def test_a_floor_run_into_its_buildings_number_is_set_apart_where_the_pixels_show_the_space(printed, read):
    [found] = _read(printed, read)

    assert found.value == printed


@pytest.mark.parametrize("printed", [
    "서울특별시 송파구 올림픽로 300 12층",
    "서울특별시 송파구 올림픽로 30012층",  # printed run together: no space to find, the floor left for review
])
def test_a_floor_a_building_may_have_or_one_printed_so_stays_as_read(printed):
    [found] = _read(printed, printed)

    assert found.value == printed


@pytest.mark.parametrize(("printed", "read"), [
    # the space after the comma between the building's number and its floor
    ("울산광역시 남구 부곡대로 2, 10층(상개동)", "울산광역시 남구 부곡대로 2,10층(상개동)"),
    ("부산광역시 북구 만덕로 108, 7층 (구포동)", "부산광역시 북구 만덕로 108,7층 (구포동)"),
    ("부산광역시 북구 만덕로 108,7층 (구포동)", "부산광역시 북구 만덕로 108, 7층 (구포동)"),
    # the space before the reference's bracket
    ("충청남도 논산시 반월로14길 345 6층 603호 (관촉동)", "충청남도 논산시 반월로14길 345 6층 603호(관촉동)"),
    ("경기도 용인시 기흥구 청덕대로 349-28(지곡동)", "경기도 용인시 기흥구 청덕대로 349-28 (지곡동)"),
    # after a floor: `층`'s parts (ㅊ, ㅡ, ㅇ) are shorter than the print, the bracket is measured by its own height
    ("서울특별시 강남구 역삼로 273 11층(역삼동)", "서울특별시 강남구 역삼로 273 11층 (역삼동)"),
    # a digit 1 as tall and narrow as a bracket is no bracket (its flag and foot reach left, a bracket's ends right)
    ("경상남도 창원시 진해구 광화로30길 196(익선동)", "경상남도 창원시 진해구 광화로30길 196 (익선동)"),
    ("인천광역시 중구 동인천로 306 13층 505호 (내동)", "인천광역시 중구 동인천로 306 13층 505호(내동)"),
])
def test_the_space_by_a_comma_or_a_bracket_is_as_the_pixels_show_it(printed, read):
    [found] = _read(printed, read)

    assert found.value == printed
    assert found.raw_text == printed


def test_a_bracket_outside_its_words_box_is_still_measured():
    [found] = _read("경기도 수원시 팔달구 남창대로57길 58 (고등동)", "경기도 수원시 팔달구 남창대로57길 58(고등동)",
                    box_ends_before_bracket=True)

    assert found.value == "경기도 수원시 팔달구 남창대로57길 58 (고등동)"


@pytest.mark.parametrize("printed", [
    "부산광역시 북구 만덕로 108, 7층 (구포동)",
    "부산광역시 북구 만덕로 108,7층 (구포동)",
    "충청남도 논산시 반월로14길 345 6층 603호 (관촉동)",
    "경기도 용인시 기흥구 청덕대로 349-28(지곡동)",
])
def test_a_comma_or_a_bracket_read_as_printed_stays(printed):
    [found] = _read(printed, printed)

    assert found.value == printed


def test_digits_too_small_to_tell_a_comma_by_are_left_as_read():
    [found] = _read("부산광역시 북구 만덕로 108, 7층", "부산광역시 북구 만덕로 108,7층", size=9)

    assert found.value == "부산광역시 북구 만덕로 108,7층"


@pytest.mark.parametrize("family", [family for families in fonts.FACES.values() for family, *_ in families])
@pytest.mark.parametrize("size", [14, 24])
def test_only_an_opening_bracket_curves_like_one(family, size):
    def blob_of(mark: str):
        image = Image.new("L", (3 * size, 3 * size), 255)
        ImageDraw.Draw(image).text((size, size // 2), mark, font=fonts.load(family, size), fill=0)
        binary = binarised(image, (0, 0, image.width, image.height))
        return binary, max(blobs(binary), key=lambda b: b[3])

    assert opening_bracket(*blob_of("("))
    for mark in ("1", ")", "l", "|"):
        assert not opening_bracket(*blob_of(mark)), mark


@pytest.mark.parametrize("face", ["NanumGothic.ttf", "NanumMyeongjo.ttf", "UnDotum.ttf", "batang.ttf"])
@pytest.mark.parametrize(("printed", "expected"), [("B", "B"), ("8", "8")])
def test_a_buildings_block_b_read_as_8_is_told_from_an_8_by_its_straight_stem(face, printed, expected):
    # a fourth independent set: `105, B동 11층` read `105, 8동 11층` twice
    page = Image.new("RGB", (500, 120), "white")
    draw = ImageDraw.Draw(page)
    font = fonts.load(face, 34)
    draw.text((40, 30), f"{printed}동", font=font, fill="black")
    box = draw.textbbox((40, 30), f"{printed}동", font=font)
    word = Word(text="8동", conf=90.0, box=box, line_key=(1, 1, 1))
    value = "서울특별시 송파구 중대로 105, 8동 11층 1366호 (잠실동)"
    found = Found(name="business_address", raw_key="사업장 소재지", raw_text=value, value=value, confs=(90.0,),
                  box=(0, 0, 500, 120))

    [read] = restored(page, [found], lines=[Line(words=[word])])

    assert read.value == value.replace("8동", f"{expected}동")
