"""Photos and scans prepared for Tesseract: the sheet found and laid flat, its lighting evened out, its skew removed,
and every point of what Tesseract read mapped back onto the upload as the user sees it."""

import io
import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from documents.ocr import get_engine
from documents.ocr.local import prepare as local_prepare
from documents.ocr.local.engine import CERTIFICATE_CONFIG, CERTIFICATE_LANG
from documents.ocr.local.tesseract import words
from documents.samples.certificate import random_certificate, render_certificate
from documents.samples.fonts import load

SHEET = (800, 1130)  # an A4-shaped sheet, in pixels


def sheet(*, lines: int = 24) -> Image.Image:
    """A white sheet with rows of dark print (blocks the size of words), as a certificate's body."""
    image = Image.new("RGB", SHEET, "white")
    draw = ImageDraw.Draw(image)
    rng = random.Random(4)
    for row in range(lines):
        y = 120 + row * 38
        x = 80
        while x < SHEET[0] - 140:
            width = rng.randint(30, 110)
            draw.rectangle((x, y, x + width, y + 14), fill=(25, 25, 25))
            x += width + rng.randint(12, 30)
    return image


def photographed(page: Image.Image, corners: np.ndarray, *, size: tuple[int, int] = (1200, 1500),
                 vignette: float = 0.0) -> Image.Image:
    """`page` lying on a dark table, seen at an angle: its corners land on `corners` (TL, TR, BR, BL)."""
    source = np.float32([[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]])
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    table = np.full((size[1], size[0], 3), (60, 50, 45), np.uint8)
    warped = cv2.warpPerspective(np.asarray(page), matrix, size, borderMode=cv2.BORDER_TRANSPARENT, dst=table)
    if vignette:
        ys, xs = np.mgrid[0 : size[1], 0 : size[0]].astype(np.float32)
        distance = np.hypot(xs / size[0] - 0.5, ys / size[1] - 0.5) / 0.7
        warped = (warped * (1 - vignette * distance**2)[..., None]).clip(0, 255).astype(np.uint8)
    return Image.fromarray(warped)


TILTED = np.array([[180.0, 120.0], [1010.0, 190.0], [1080.0, 1390.0], [110.0, 1330.0]])


def test_the_sheet_in_a_photo_is_found_by_its_four_corners():
    photo = photographed(sheet(), TILTED)

    corners = local_prepare.find_page(np.asarray(photo.convert("L")))

    assert corners is not None
    assert np.abs(corners - TILTED).max() < 12


@pytest.mark.parametrize("corner", [0, 1, 2, 3])
def test_a_corner_lost_in_shadow_is_put_back_where_the_sheets_sides_meet(corner):
    # a phone photo's corner often sinks into the vignetting or a hand's shadow: the bright region has five sides
    photo = photographed(sheet(), TILTED)
    shadow = [tuple(TILTED[corner] + 0.25 * (TILTED[(corner + k) % 4] - TILTED[corner])) for k in (1, 3)]
    ImageDraw.Draw(photo).polygon([tuple(TILTED[corner] + (TILTED[corner] - TILTED[(corner + 2) % 4]) * 0.05),
                                   *shadow], fill=(60, 50, 45))

    corners = local_prepare.find_page(np.asarray(photo.convert("L")))

    assert corners is not None
    assert np.abs(corners - TILTED).max() < 15


@pytest.mark.parametrize("picture", ["scan", "dark", "two_sheets_in_the_dark"])
def test_no_page_is_claimed_where_there_is_none_to_lay_flat(picture):
    if picture == "scan":  # the sheet fills the picture: nothing to undo
        image = sheet()
    elif picture == "dark":
        image = Image.new("RGB", (900, 1200), (40, 40, 40))
    else:  # two small sheets: neither is "the" page
        image = Image.new("RGB", (1200, 1200), (40, 40, 40))
        image.paste(sheet().resize((300, 420)), (80, 80))
        image.paste(sheet().resize((300, 420)), (700, 650))

    assert local_prepare.find_page(np.asarray(image.convert("L"))) is None


@pytest.mark.parametrize("degrees", [-4.0, -1.2, 0.0, 2.5])
def test_the_tilt_of_the_print_is_measured_to_a_tenth_of_a_degree(degrees):
    turned = sheet().rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor="white")

    assert local_prepare.text_angle(np.asarray(turned.convert("L"))) == pytest.approx(degrees, abs=0.15)


def test_flattening_turns_a_shadowed_page_white_and_keeps_the_print_dark():
    page = np.asarray(sheet().convert("L")).astype(np.float32)
    ys, xs = np.mgrid[0 : page.shape[0], 0 : page.shape[1]].astype(np.float32)
    lit = (page * (1 - 0.55 * (xs / page.shape[1]) ** 2) * (1 - 0.3 * ys / page.shape[0])).astype(np.uint8)
    paper = lit > 100  # before: the far corner of the paper is darker than the print's edge would be
    assert lit[paper].min() < 120

    flat = local_prepare.whiten(local_prepare.flatten(lit))

    print_mask = page < 100
    assert np.percentile(flat[~print_mask], 5) >= 235
    assert np.percentile(flat[print_mask], 50) <= 80


def test_a_faint_grey_watermark_goes_white_and_the_print_over_it_stays():
    image = sheet()
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((150, 300, 650, 800), outline=(0, 0, 0, 28), width=40)  # a pale emblem behind the text
    grey = np.asarray(image.convert("L"))

    out = local_prepare.whiten(local_prepare.flatten(grey))

    ring = (grey > 200) & (grey < 245)
    assert ring.any()
    assert out[ring].min() >= 250
    assert np.median(out[grey < 60]) < 60


def test_points_read_on_a_prepared_photo_map_back_onto_the_upload():
    page = sheet()
    ImageDraw.Draw(page).rectangle((600, 30, 680, 70), outline="black", width=8)  # a frame above the print (a solid
    # block would be taken for a redaction and whitened: prepare.without_boxes)
    photo = photographed(page, TILTED, vignette=0.4)

    prepared = local_prepare.for_certificate(photo, long_side=1400)

    assert "page" in prepared.steps
    grey = np.asarray(prepared.image)
    block = grey[: grey.shape[0] * 90 // SHEET[1], grey.shape[1] // 2 :] < 80
    ys, xs = np.nonzero(block)
    corners = [(xs.min(), ys.min()), (xs.max() + 1, ys.max() + 1)]
    mapped = [prepared.to_page @ (x + grey.shape[1] // 2, y, 1.0) for x, y in corners]
    mapped = [(px / pw, py / pw) for px, py, pw in mapped]
    source = np.float32([[0, 0], [SHEET[0], 0], [SHEET[0], SHEET[1]], [0, SHEET[1]]])
    to_photo = cv2.getPerspectiveTransform(source, TILTED.astype(np.float32))
    expected = cv2.perspectiveTransform(np.float32([[[600, 30], [680, 70]]]), to_photo)[0]
    assert np.abs(np.array(mapped) - expected).max() < 6


def test_a_300_dpi_page_is_read_at_200_dpi_and_its_points_map_back_onto_the_upload():
    page = Image.new("L", (2480, 3508), 255)
    ImageDraw.Draw(page).rectangle((1800, 300, 2000, 400), outline=0, width=10)  # not solid: without_boxes

    prepared = local_prepare.for_certificate(page.convert("RGB"), long_side=1400)

    assert prepared.image.size == (1654, 2339)
    ys, xs = np.nonzero(np.asarray(prepared.image) < 80)
    left, top, _ = prepared.to_page @ (xs.min(), ys.min(), 1.0)
    assert abs(left - 1800) < 3 and abs(top - 300) < 3


def test_a_photos_second_reading_is_prepared_at_an_a4_pages_size_sharpened_and_still_maps_back():
    page = sheet()
    ImageDraw.Draw(page).rectangle((600, 30, 680, 70), outline="black", width=8)
    photo = photographed(page, TILTED, vignette=0.4)

    first = local_prepare.for_certificate(photo, long_side=1400)
    second = local_prepare.for_certificate(photo, long_side=1400, sharpened=True)

    assert "sharpened" not in first.steps and "sharpened" in second.steps
    assert max(first.image.size) < max(second.image.size) == local_prepare.MAX_SIDE
    for prepared in (first, second):  # the frame's top-left corner lands on the same point of the photo
        grey = np.asarray(prepared.image)
        ys, xs = np.nonzero(grey[: grey.shape[0] * 90 // SHEET[1], grey.shape[1] // 2 :] < 80)
        px, py, pw = prepared.to_page @ (xs.min() + grey.shape[1] // 2, ys.min(), 1.0)
        source = np.float32([[0, 0], [SHEET[0], 0], [SHEET[0], SHEET[1]], [0, SHEET[1]]])
        to_photo = cv2.getPerspectiveTransform(source, TILTED.astype(np.float32))
        expected = cv2.perspectiveTransform(np.float32([[[600, 30]]]), to_photo)[0][0]
        assert np.hypot(px / pw - expected[0], py / pw - expected[1]) < 6


def test_only_a_photographed_page_is_sharpened():
    prepared = local_prepare.for_certificate(sheet(), long_side=800, sharpened=True)

    assert prepared.steps == ()
    assert prepared.image.size == SHEET


def test_a_clean_scan_is_left_as_it_is_but_for_the_whitening():
    prepared = local_prepare.for_certificate(sheet(), long_side=800)

    assert prepared.steps == ()
    assert prepared.image.size == SHEET
    assert np.allclose(prepared.to_page, np.eye(3))


@pytest.mark.slow
def test_a_phone_photo_of_a_certificate_is_read_with_boxes_on_the_photo():
    rng = random.Random(11)
    cert = random_certificate(rng=rng)
    page = render_certificate(cert, rng=rng, width=1600)
    corners = np.array([[260.0, 210.0], [1880.0, 300.0], [1960.0, 2560.0], [170.0, 2480.0]])
    photo = photographed(page, corners, size=(2150, 2800), vignette=0.45)
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=90)

    reading = get_engine("local").read(kind="business_certificate", content=buffer.getvalue(), filename="photo.jpg")

    assert reading.raw["prepared"][0] == "page"
    number = reading.get("registration_number")
    assert number.value == cert.registration_number
    mask = Image.new("L", photo.size, 0)
    ImageDraw.Draw(mask).polygon(number.box, fill=255)
    inside = np.asarray(photo.convert("L"))[np.asarray(mask) > 0]
    assert inside.min() < 90  # the box sits on the printed number in the photo
    assert len(number.box) == 4 and number.box[0][1] != number.box[1][1]  # it follows the page's tilt


def test_pale_print_of_a_soft_photo_is_deepened_before_whitening_and_the_paper_stays_white():
    page = np.asarray(sheet().convert("L"))
    pale = (255 - (255 - page.astype(np.float32)) * 0.3).astype(np.uint8)  # print at about 185
    assert np.median(local_prepare.whiten(pale)[page < 100]) > 200  # whitening alone fades it further

    out = local_prepare.whiten(local_prepare.darken_pale_print(pale))

    assert np.median(out[page < 100]) < 120
    assert np.percentile(out[page > 200], 5) >= 250


def test_dark_print_is_left_as_it_is():
    page = np.asarray(sheet().convert("L"))

    assert np.array_equal(local_prepare.darken_pale_print(page), page)


def _row_with_a_box(grey: int) -> Image.Image:
    """A prepared page's row, `성 명 : 송우예` and a birth date under a box of `grey` (seed 9138's certificate 0)."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = load("NanumGothic.ttf", 30)
    draw.text((170, 150), "성 명", fill=30, font=font)
    draw.text((380, 150), ":  송우예", fill=30, font=font)
    draw.text((850, 150), "생 년 월 일 :", fill=30, font=font)
    draw.rectangle((1040, 140, 1340, 198), fill=grey)
    return page


@pytest.mark.parametrize("grey", [128, 0])
def test_a_redaction_box_is_whitened_so_the_row_it_sits_on_is_read(grey):
    page = _row_with_a_box(grey)
    assert words(page, lang=CERTIFICATE_LANG, config=CERTIFICATE_CONFIG) == []  # the box garbles the row away

    cleaned = local_prepare.without_boxes(np.asarray(page))

    assert (cleaned[140:199, 1040:1341] == 255).all()
    read = "".join(w.text for w in words(Image.fromarray(cleaned), lang=CERTIFICATE_LANG, config=CERTIFICATE_CONFIG))
    assert "송우예" in read and "생년월일" in read


def test_print_darker_than_a_shaded_box_and_barcode_like_stripes_are_kept():
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 500, 160), fill=170)  # a shaded cell
    draw.text((120, 110), "상호", fill=20, font=load("NanumGothic.ttf", 34))
    for x in range(600, 1000, 8):  # stripes: a barcode is not one solid box
        draw.rectangle((x, 100, x + 3, 160), fill=0)
    pixels = np.asarray(page)

    cleaned = local_prepare.without_boxes(pixels)

    assert (cleaned[pixels <= 30] < 128).all()  # the label's strokes
    assert (cleaned[100:161, 600:1000] == pixels[100:161, 600:1000]).all()
    assert (cleaned[100:161, 100:501][pixels[100:161, 100:501] == 170] == 255).all()


def test_specks_of_dust_on_a_scan_are_whitened_and_print_pale_or_small_is_kept():
    # a third independent set's scans carried thousands of specks; Tesseract read them as marks and lost rows
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = load("NanumGothic.ttf", 30)
    for row, ink in enumerate((20, 20, 140, 140)):  # dark print, and pale print a blurred scan leaves
        draw.text((100, 200 + row * 60), "도장, 습식 방수 및 조적 공사업 2018. 03. 26", font=font, fill=ink)
    clean = np.asarray(page).copy()
    rng = random.Random(7)
    for _ in range(3000):
        x, y = rng.randrange(1654), rng.randrange(500, 2339)
        draw.ellipse((x, y, x + rng.choice((1, 2, 3)), y + rng.choice((1, 2, 3))), fill=rng.randint(0, 90))

    grey = local_prepare.without_specks(np.asarray(page))

    specks_left = np.count_nonzero(grey[500:] < 150)
    specks_made = np.count_nonzero(np.asarray(page)[500:] < 150)
    assert specks_left < 0.05 * specks_made
    print_kept = np.count_nonzero(grey[:500] < 215) / np.count_nonzero(clean[:500] < 215)
    assert print_kept > 0.995  # the commas and full stops of the print too


def test_on_a_dusty_page_specks_lying_in_twos_go_too_and_hyphens_and_commas_stay():
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = load("NanumGothic.ttf", 30)
    draw.text((100, 200), "경기도 용인시 처인구 중앙대로 50-30, 3층 (중앙동, 미래빌딩)", font=font, fill=20)
    clean = np.asarray(page).copy()
    rng = random.Random(3)
    for _ in range(1500):  # a dusty glass: specks alone and in threes, a few pixels apart
        x, y = rng.randrange(1654), rng.randrange(400, 2339)
        for dx, dy in ((0, 0), (rng.randint(5, 8), rng.randint(-4, 4)), (rng.randint(-8, -5), rng.randint(-4, 4))):
            draw.ellipse((x + dx, y + dy, x + dx + 3, y + dy + 3), fill=rng.randint(0, 90))

    grey = local_prepare.without_specks(np.asarray(page))

    assert np.count_nonzero(grey[400:] < 150) < 0.03 * np.count_nonzero(np.asarray(page)[400:] < 150)
    print_kept = np.count_nonzero(grey[:400] < 215) / np.count_nonzero(clean[:400] < 215)
    # the hyphen and the commas of the address too; the tick over 처, four pixels above its ㅈ at a word's start, may
    # go with the dust (prepare._dust_cleared)
    assert print_kept > 0.994


def test_on_a_dusty_page_a_speck_beside_a_syllables_upright_stroke_goes_and_a_comma_after_a_word_stays():
    # dusty development scans: a speck a few pixels right of 진's upright stroke was kept as print near it and read as
    # the stroke's tick (`윤하진` read `윤하잔`, confirmed at 0.95)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = load("NanumGothic.ttf", 30)
    draw.text((100, 200), "윤하진", font=font, fill=20)
    draw.text((100, 280), "서울, 부산", font=font, fill=20)
    clean = np.asarray(page).copy()
    ink = np.argwhere(clean[190:250] < 150) + (190, 0)
    stroke_right = int(ink[:, 1].max())  # the right edge of 진's upright stroke
    middle = int(np.median(ink[:, 0]))
    beside = (stroke_right + 5, middle - 1, stroke_right + 7, middle + 1)
    draw.ellipse(beside, fill=40)
    rng = random.Random(3)
    for _ in range(1500):  # the rest of the dusty glass
        x, y = rng.randrange(1654), rng.randrange(400, 2339)
        draw.ellipse((x, y, x + 3, y + 3), fill=rng.randint(0, 90))

    grey = local_prepare.without_specks(np.asarray(page))

    left, top, right, bottom = beside
    assert (grey[top : bottom + 1, left : right + 1] == 255).all()
    # the comma after 서울, low in its line, and every stroke of the print stay
    assert np.count_nonzero(grey[:400] < 215) / np.count_nonzero(clean[:400] < 215) > 0.99
    assert np.count_nonzero(grey[270:330, 100:400] < 150) >= 0.99 * np.count_nonzero(clean[270:330, 100:400] < 150)


def test_a_dashed_rule_on_a_clean_page_is_no_dust():
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for x in range(100, 1500, 12):  # a dashed rule: dashes of 8 by 3 pixels, each a small blot of its own
        draw.rectangle((x, 600, x + 7, 602), fill=40)
    rng = random.Random(5)
    for _ in range(50):  # a few specks: not a dusty page
        x, y = rng.randrange(1654), rng.randrange(800, 2339)
        draw.ellipse((x, y, x + 2, y + 2), fill=30)

    grey = local_prepare.without_specks(np.asarray(page))

    # (the end of its first dash, with one neighbour only, may go)
    assert np.count_nonzero(grey[590:610] < 150) > 0.99 * np.count_nonzero(np.asarray(page)[590:610] < 150)
