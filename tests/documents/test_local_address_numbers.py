"""An address's numbers run together by the page's reading get their hyphen or space back (address_numbers.py)."""

import io
import random
from dataclasses import replace

import pytest

from documents.ocr import get_engine
from documents.ocr.local.address_numbers import restored_separators
from documents.samples import fonts
from documents.samples.certificate import lay_out, random_certificate
from documents.samples.sheet import raster


@pytest.mark.parametrize(("first", "again", "restored"), [
    # a building's number and its sub-number, the short hyphen lost
    ("세종대로 45717, 8층", "서울특별시 종로구 세종대로 457-17, 8증", "세종대로 457-17, 8층"),
    # a lot number, the second reading spacing the hyphen out
    ("송도동 94646 지식산업센터", "송도동 946 - 46 지식산업센터", "송도동 946-46 지식산업센터"),
    # the narrow space between a building's number and its floor
    ("대왕판교로34길 4311층 (삼평동)", "대왕판교로34길 43 11층 (삼평동)", "대왕판교로34길 43 11층 (삼평동)"),
    # the hyphen read as a look-alike mark, or a digit as a letter in English (`338*16`, `845.49`, `33B-16`)
    ("동광로 33816(광복동, 상가동)", "부산광역시 중구 동광로 338*16(광북동, 상가동)", "동광로 338-16(광복동, 상가동)"),
    ("동삼동 84549 오피스텔 11층", "MAMBICIA] ASP SAS 845.49 AzpO/ HOODIA 118", "동삼동 845-49 오피스텔 11층"),
    ("동광로 33816(광복동, 상가동)", "MADARA) BH HAS 33B-16(IMH. BH)", "동광로 338-16(광복동, 상가동)"),
    # a hyphenated building number run into its floor: a space or a comma is always printed between them
    ("독산로 40-62층(가산동)", "서울특별시 금천구 독산로 40-6 2층 (가산동)", "독산로 40-6 2층(가산동)"),
    # both, in a number that kept one of its hyphens
    ("광교중앙로 110-1411층 409호", "광교중앙로 110-14 11층 409호", "광교중앙로 110-14 11층 409호"),
])
def test_a_run_together_number_takes_the_separators_the_second_reading_shows(first, again, restored):
    assert restored_separators(first, again) == restored


@pytest.mark.parametrize(("first", "again"), [
    ("봉명동 1024 빌딩", "봉명동 10 24 빌딩"),  # a lot number of four digits: a space inside it is the reading's
    ("만촌동 1209호", "만촌동 12-09호"),  # a room's number is printed whole
    ("세종대로 45717, 8층", "세종대로 457-18, 8층"),  # other digits: the second reading saw something else
    ("세종대로 45717, 8층", "457-17 세종대로 45-717"),  # two ways to split it: neither is taken
    ("율곡로 441 8층", "율곡로 44-1 8층"),  # nothing run together: the first reading stands
    ("양화로 269-19 5층", "양화로 26919 5층"),  # a hyphen the first reading saw is never dropped
])
def test_a_number_is_left_as_read_unless_one_reading_shows_the_same_digits_separated(first, again):
    assert restored_separators(first, again) == first


def _certificate_in(face: int, *, address: str, seed: int) -> bytes:
    cert = random_certificate(rng=random.Random(seed), generation="current")
    cert = replace(cert, business_address=address, head_office_address="")
    sheet, _ = lay_out(cert, rng=random.Random(seed), families=(fonts.HELD_OUT_FAMILIES[face],))
    out = io.BytesIO()
    raster(sheet, width=1650).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(("face", "address", "seed"), [
    (0, "인천광역시 연수구 송도동 946-46 지식산업센터 1층", 1),  # UnDotum's hyphen: short and thin
    (1, "경기도 성남시 분당구 대왕판교로34길 43 11층 (삼평동)", 1),  # UnBatang's narrow space between digits
])
def test_an_address_printed_in_a_face_never_tuned_on_keeps_its_numbers_apart(face, address, seed):
    content = _certificate_in(face, address=address, seed=seed)

    reading = get_engine("local").read(kind="business_certificate", content=content, filename="upload.png")

    assert reading.get("business_address").value == address
