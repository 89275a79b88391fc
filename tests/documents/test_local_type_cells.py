"""A business type printed small in its cell is read again on its own, and taken only as a section (type_cells.py)."""

import pytest
from PIL import Image, ImageDraw

from documents.ocr.local.certificate import Found
from documents.ocr.local.type_cells import read_again
from documents.samples import fonts

SECTION = "협회 및 단체, 수리 및 기타 개인 서비스업"


def _row(type_text: str, *, type_size: int) -> Image.Image:
    page = Image.new("L", (1000, 160), 255)  # a page's width at the reader's size
    draw = ImageDraw.Draw(page)
    regular = fonts.CERTIFICATE_FAMILIES[0][0]
    draw.text((60, 62), "업태", font=fonts.load(regular, 26), fill=0)
    draw.text((180, 80 - type_size // 2), type_text, font=fonts.load(regular, type_size), fill=0)
    draw.text((560, 62), "종목", font=fonts.load(regular, 26), fill=0)
    draw.text((650, 62), "미용업", font=fonts.load(regular, 26), fill=0)
    return page


def _found(name: str, value: str, box, *, conf: float = 93.0) -> Found:
    return Found(name=name, raw_key="", raw_text=value, value=value, confs=(conf,), box=box)


@pytest.mark.slow
def test_a_type_the_page_reading_lost_is_read_from_its_cell_beside_the_item():
    page = _row(SECTION, type_size=14)  # a long section, printed small to fit its cell
    item = _found("business_item", "미용업", (650, 62, 730, 92))

    found = read_again(page, [item], lang="kor")

    assert [(f.name, f.value, f.index) for f in found] == [("business_item", "미용업", 0),
                                                          ("business_type", SECTION, 0)]


@pytest.mark.slow
def test_a_doubtful_type_is_replaced_only_by_a_section_and_a_sure_one_is_left_alone():
    item = _found("business_item", "미용업", (650, 62, 730, 92))
    doubtful = _found("business_type", "회 및", (300, 70, 360, 90), conf=48.0)
    found = read_again(_row(SECTION, type_size=14), [item, doubtful], lang="kor")
    assert {f.name: f.value for f in found} == {"business_item": "미용업", "business_type": SECTION}

    # a cell that holds no section (a custom type) leaves the reading as it was
    custom = read_again(_row("미용 관련 서비스", type_size=26), [item, doubtful], lang="kor")
    assert custom == [item, doubtful]
    sure = _found("business_type", "미용 관련 서비스", (180, 62, 400, 92), conf=95.0)
    assert read_again(_row(SECTION, type_size=14), [item, sure], lang="kor") == [item, sure]
