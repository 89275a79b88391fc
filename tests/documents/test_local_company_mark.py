"""The `㈜` mark before a corporation's name, found in the pixels where the reading lost it or misread it
(company_mark.py)."""

import pytest
from PIL import Image, ImageDraw

from documents.ocr.local.certificate import Found
from documents.ocr.local.company_mark import restored
from documents.samples import fonts

CORPORATE = Found(name="tax_type", raw_key="", raw_text="법인사업자", value="법인사업자", confs=(90.0,),
                  box=(0, 0, 1, 1))


def _read(printed: str, read: str, *, name_starts_at: int, family=fonts.HELD_OUT_FAMILIES[0][0],
          others: tuple[Found, ...] = (CORPORATE,)) -> str:
    """`printed` after its label on a page, the name read as `read` from the `name_starts_at`-th character of the
    print on (0: the reading's box starts at the mark, 1: after it), through `restored`."""
    font = fonts.load(family, 24)
    image = Image.new("RGB", (700, 80), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 25), "상 호 (법인명) :", font=font, fill="black")
    left = 200
    draw.text((left, 25), printed, font=font, fill="black")
    _, top, right, bottom = draw.textbbox((left, 25), printed, font=font)
    box = (left + draw.textlength(printed[:name_starts_at], font=font), top, right, bottom)
    name = Found(name="company_name", raw_key="상호(법인명)", raw_text=read, value=read, confs=(90.0,), box=box)
    return next(f.value for f in restored(image, [name, *others]) if f.name == "company_name")


REGULAR_FACES = [families[0] for faces in fonts.FACES.values() for families in faces]
# faces whose `㈜` draws its brackets touching the 주 inside: the mark is one blob, no bracket shows
MARK_IN_ONE_PIECE = ("NanumMyeongjo.ttf", "gulim.ttf")


@pytest.mark.parametrize("family", [f for f in REGULAR_FACES if fonts.font_path(f).name not in MARK_IN_ONE_PIECE])
def test_a_mark_read_as_a_syllable_is_the_mark(family):
    assert _read("㈜별빛전자", "두별빛전자", name_starts_at=0, family=family) == "㈜별빛전자"


@pytest.mark.parametrize("family", [f for f in REGULAR_FACES if fonts.font_path(f).name in MARK_IN_ONE_PIECE])
def test_a_mark_in_one_piece_is_left_as_read(family):
    assert _read("㈜별빛전자", "두별빛전자", name_starts_at=0, family=family) == "두별빛전자"


def test_a_mark_lost_whole_is_put_back():
    assert _read("㈜늘봄화학", "늘봄화학", name_starts_at=1) == "㈜늘봄화학"


def test_a_name_printed_without_a_mark_stays_as_read():
    assert _read("두리별빛전자", "두리별빛전자", name_starts_at=0) == "두리별빛전자"


def test_only_a_corporation_is_given_the_mark():
    assert _read("㈜별빛전자", "두별빛전자", name_starts_at=0, others=()) == "두별빛전자"
