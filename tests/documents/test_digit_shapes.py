"""Card digits read by their shape (digit_shapes), a second reader of the glyphs the digit templates find: it has seen
the digits in many faces, and none of the faces the held-out sample sets print."""

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from documents.ocr.local import card_digits, digit_shapes
from documents.samples import fonts
from documents.samples.card import _emboss

HELD_OUT_CARD_FACES = (*fonts.CARD_FACES["held-out"].numbers, fonts.CARD_FACES["held-out"].embossing)


def _family(path: Path) -> str:
    """`LiberationMono-Bold.ttf` -> `LiberationMono`: a face's regular and bold are one design."""
    return path.stem.split("-")[0].removesuffix("Bold").removesuffix("B").removesuffix("R")


def test_the_shapes_are_drawn_from_no_face_the_held_out_samples_print():
    held_out = {_family(Path(p)) for family in fonts.HELD_OUT_FAMILIES for p in family} | {
        _family(p) for p in HELD_OUT_CARD_FACES}

    assert not {_family(path) for path in digit_shapes.FONTS} & held_out
    assert sum(path.exists() for path in digit_shapes.FONTS) >= 25  # the product installs their packages


def _strip(face: Path, digits: str, *, raised: bool, seed: int) -> tuple[Image.Image, list[tuple]]:
    """The digits in the face, card_digits' digit height tall, on a card's grey; and each one's box as a template's
    window would hold it (the digit and card_digits.MARGIN round it)."""
    rng = random.Random(seed)
    font = card_digits.sized_font(str(face), digit_shapes.DIGIT_HEIGHT)
    card = Image.new("RGB", (60 * len(digits) + 40, 110), (70, 90, 120))
    mask = Image.new("L", card.size, 0)
    boxes, x = [], 20
    for digit in digits:
        left, top, right, bottom = font.getbbox(digit)
        ImageDraw.Draw(mask).text((x - left, 30 - top), digit, font=font, fill=255)
        margin = card_digits.MARGIN
        boxes.append((x - margin, 30 - margin, x + right - left + margin, 30 + digit_shapes.DIGIT_HEIGHT + margin))
        x += right - left + 16
    if raised:
        card = _emboss(card, mask, rng=rng, s=1.0)
    else:
        card.paste((245, 245, 245), mask=mask)
    return card.convert("L"), boxes


@pytest.mark.parametrize("raised", [True, False])
@pytest.mark.parametrize("face", HELD_OUT_CARD_FACES, ids=lambda p: p.stem)
def test_digits_in_a_face_the_reader_never_saw_are_read_printed_or_raised(face, raised):
    strip, boxes = _strip(face, "0123456789", raised=raised, seed=3)

    assert digit_shapes.read(strip, boxes) == "0123456789"


def test_the_embossing_face_the_templates_misread_is_read_digit_by_digit():
    """Liberation Mono's raised 3, 0 and 8: the templates fit Liberation Sans' plain digits best and read them as
    2, 6 and 3 (held-out development cards); by their shapes they are themselves."""
    face = fonts.CARD_FACES["held-out"].embossing
    strip, boxes = _strip(face, "30830830", raised=True, seed=5)

    assert digit_shapes.read(strip, boxes) == "30830830"


def test_no_boxes_read_nothing():
    assert digit_shapes.read(Image.new("L", (100, 60), 128), []) == ""


def test_without_any_of_its_fonts_it_reads_nothing_and_the_templates_reading_stands(monkeypatch):
    strip, boxes = _strip(fonts.CARD_FACES["held-out"].embossing, "4111", raised=False, seed=1)
    digit_shapes._stored_shapes.cache_clear()
    monkeypatch.setattr(digit_shapes, "FONTS", (Path("/nonexistent/font.ttf"),))
    try:
        assert digit_shapes.read(strip, boxes) == ""
    finally:
        digit_shapes._stored_shapes.cache_clear()


def test_a_window_past_the_strips_edge_repeats_the_edge():
    grey = np.arange(20 * 30, dtype=np.float32).reshape(20, 30)

    window = digit_shapes._window(grey, (-10, -5, 10, 15))

    assert window.shape == (20, 16)
    assert window[0, 0] == grey[0, 0] and window[-1, -1] == grey[14, 7]


@pytest.fixture
def shapes_cache(tmp_path, monkeypatch):
    """An empty cache directory, and shapes rendered as a few made-up ones (rendering them all takes seconds)."""
    made_up = (np.random.default_rng(0).random((30, 8), dtype=np.float32), np.arange(30) % 10)
    monkeypatch.setattr(digit_shapes, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(digit_shapes, "_rendered_shapes", lambda: made_up)
    digit_shapes._stored_shapes.cache_clear()
    yield made_up
    digit_shapes._stored_shapes.cache_clear()


def _never_rendered():
    raise AssertionError("the shapes were rendered again")


def test_shapes_rendered_once_are_loaded_by_the_next_process(shapes_cache, monkeypatch):
    digit_shapes._shapes()
    digit_shapes._stored_shapes.cache_clear()  # a new process
    monkeypatch.setattr(digit_shapes, "_rendered_shapes", _never_rendered)

    described, digits = digit_shapes._shapes()

    assert np.array_equal(described, shapes_cache[0]) and np.array_equal(digits, shapes_cache[1])
    assert [p.name for p in digit_shapes.CACHE_DIR.iterdir()] == [digit_shapes._cache_file().name]


def test_a_damaged_cache_file_is_rendered_again_and_replaced(shapes_cache):
    digit_shapes.CACHE_DIR.mkdir()
    digit_shapes._cache_file().write_bytes(b"PK\x03\x04 cut short")

    described, _ = digit_shapes._shapes()

    assert np.array_equal(described, shapes_cache[0])
    with np.load(digit_shapes._cache_file()) as stored:
        assert np.array_equal(stored["described"], shapes_cache[0])


def test_shapes_from_other_fonts_are_another_file_and_the_old_one_is_removed(shapes_cache, monkeypatch):
    digit_shapes._shapes()
    first = digit_shapes._cache_file()
    monkeypatch.setattr(digit_shapes, "FONTS", digit_shapes.FONTS[:-1])
    digit_shapes._stored_shapes.cache_clear()

    digit_shapes._shapes()

    assert digit_shapes._cache_file() != first
    assert [p.name for p in digit_shapes.CACHE_DIR.iterdir()] == [digit_shapes._cache_file().name]


def test_a_cache_that_cannot_be_written_is_no_error(shapes_cache, monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setattr(digit_shapes, "CACHE_DIR", blocked / "cache")

    described, _ = digit_shapes._shapes()

    assert np.array_equal(described, shapes_cache[0])
