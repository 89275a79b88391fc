"""Tesseract's words: where the printed spaces are, from its text output; any image mode is read."""

import os

import pytest
from PIL import Image, ImageDraw

from documents.ocr.base import OcrConfigurationError, PermanentOcrError
from documents.ocr.local.tesseract import Word, _with_spaces, characters, join_by_gaps, lines_of, words, words_of
from documents.samples.fonts import load


def _word(text: str, x: int) -> Word:
    return Word(text=text, conf=90.0, box=(x, 0, x + 20 * len(text), 20), line_key=(1, 1, 1), space_before=True)


def test_spaces_stay_aligned_past_a_line_padded_with_a_long_run_of_spaces():
    # the text output pads a row's columns with spaces; Korean words come split into syllables in the TSV
    text = "발급번호 : 1961-489-5574-906" + " " * 120 + "[피\n부산광역시 부산진구\n"
    found = [_word("발급번호", 0), _word(":", 90), _word("1961-489-5574-906", 110), _word("[피", 2000),
             _word("부", 0), _word("산", 20), _word("광역시", 40), _word("부산진구", 120)]

    spaced = [w.space_before for w in _with_spaces(found, text)]

    assert spaced[4:] == [True, False, False, True]  # 부산광역시 is one word, 부산진구 the next


def test_words_tesseract_boxed_one_pixel_high_on_a_printed_rule_take_their_lines_height():
    # a 2000s form's address row starting on the rule above it (seed 2391): the line is 38 px high, its words 1 px
    tsv = "\n".join([
        "4\t1\t5\t1\t1\t0\t588\t728\t543\t1\t-1\t",  # the rule itself, a line of its own
        "5\t1\t5\t1\t1\t1\t588\t728\t543\t1\t95.0\t ",
        "4\t1\t6\t1\t1\t0\t183\t728\t890\t38\t-1\t",
        "5\t1\t6\t1\t1\t1\t385\t728\t26\t1\t87.2\t제",
        "5\t1\t6\t1\t1\t2\t416\t728\t19\t1\t93.3\t주",
        "5\t1\t6\t1\t1\t3\t664\t724\t27\t58\t50.9\t회",
    ])

    found = words_of(tsv, "제주 회\n")

    assert [w.box for w in found] == [(385, 728, 411, 766), (416, 728, 435, 766), (664, 724, 691, 782)]


def test_a_space_tesseract_read_between_two_words_stands_however_close_their_boxes():
    words = [_word("화물자동차", 0), _word("운송업", 104)]  # 4 px apart: its boxes of Korean words are loose

    assert join_by_gaps(words, height=20) == "화물자동차 운송업"


def test_lone_syllables_of_letter_spaced_print_that_nearly_touch_are_one_word():
    words = [_word("유", 0), _word("한", 22), _word("회사", 44)]

    assert join_by_gaps(words, height=20) == "유한회사"


def test_a_space_tesseract_read_before_a_number_stands_beside_a_lone_syllable_however_close():
    # `중앙대로 43길` (seed 3251): the road's 로, a syllable on its own, boxed 10 px short of the digits in a 43 px line
    words = [_word("중앙대", 0), _word("로", 60), _word("43", 85),
             Word(text="길", conf=90.0, box=(125, 0, 145, 20), line_key=(1, 1, 1), space_before=False)]

    assert join_by_gaps(words, height=43) == "중앙대로 43길"  # the syllables joined, the number set apart


def test_an_image_of_any_mode_is_read_the_same_as_its_grey_copy():
    # Tesseract is handed grey or RGB pixels: no alpha and no palette
    grey = Image.new("L", (420, 80), 255)
    ImageDraw.Draw(grey).text((12, 18), "VALID 1234", fill=0, font=load("NanumGothic.ttf", 36))

    read = [[w.text for w in words(grey.convert(mode), lang="eng", config="--psm 7")] for mode in ("L", "RGBA", "P")]

    assert read[0] == read[1] == read[2] == ["VALID", "1234"]


def test_a_line_keeps_tesseracts_reading_order_when_a_loose_box_starts_left_of_the_syllable_before_it():
    # `새 봄 출판사`: 출판사's box begins 4 px left of 봄's; sorted by boxes the name read 새출판사봄
    words_ = [Word(text="새", conf=93.0, box=(589, 1000, 627, 1042), line_key=(4, 1, 1)),
              Word(text="봄", conf=93.0, box=(636, 993, 683, 1061), line_key=(4, 1, 1), space_before=False),
              Word(text="출판사", conf=97.0, box=(632, 997, 801, 1044), line_key=(4, 1, 1), space_before=False)]

    assert [w.text for w in lines_of(words_)[0].words] == ["새", "봄", "출판사"]


def test_side_by_side_lines_are_joined_left_one_first():
    right = [Word(text="법인등록번호", conf=90.0, box=(700, 0, 820, 20), line_key=(1, 1, 1))]
    left = [Word(text="개업연월일", conf=90.0, box=(40, 2, 140, 22), line_key=(1, 1, 2))]

    assert [w.text for w in lines_of(right + left)[0].words] == ["개업연월일", "법인등록번호"]


def test_a_label_and_its_value_that_tesseract_read_one_glyph_of_twice_are_one_line():
    # seed 9138's certificate 35: the label's last syllable read again at the start of the value's line, whose box
    # then overlapped the label's by a glyph; apart, the birth date was taken for the opening date below it
    value = [Word(text="임", conf=60.0, box=(335, 857, 380, 902), line_key=(5, 1, 1)),
             Word(text=":", conf=60.0, box=(384, 860, 392, 900), line_key=(5, 1, 1)),
             Word(text="1966", conf=95.0, box=(400, 857, 480, 902), line_key=(5, 1, 1))]
    label = [Word(text=":생", conf=80.0, box=(157, 865, 200, 914), line_key=(3, 3, 1)),
             Word(text="일", conf=80.0, box=(330, 865, 372, 914), line_key=(3, 3, 1)),
             Word(text=":", conf=80.0, box=(378, 865, 386, 914), line_key=(3, 3, 1))]
    below = [Word(text="개업연월", conf=90.0, box=(175, 937, 330, 974), line_key=(3, 3, 2))]

    lines = lines_of(value + label + below)

    assert [[w.text for w in line.words] for line in lines] == [[":생", "일", ":", "임", ":", "1966"], ["개업연월"]]


def _valid_1234() -> Image.Image:
    image = Image.new("L", (420, 80), 255)
    ImageDraw.Draw(image).text((12, 18), "VALID 1234", fill=0, font=load("NanumGothic.ttf", 36))
    return image


def test_a_whitelist_applies_to_its_own_readings_only():
    # the worker keeps Tesseract loaded between readings: a digits-only pass must not leave the next one digits-only
    digits = [w.text for w in words(_valid_1234(), lang="eng", config="--psm 7 -c tessedit_char_whitelist=0123456789")]
    plain = [w.text for w in words(_valid_1234(), lang="eng", config="--psm 7")]

    assert "VALID" not in digits and "1234" in digits
    assert plain == ["VALID", "1234"]


def test_a_reading_past_its_deadline_fails_with_a_reason_instead_of_holding_the_worker():
    page = Image.new("L", (1600, 1200), 255)
    draw = ImageDraw.Draw(page)
    for row in range(20):
        draw.text((20, 20 + 55 * row), "VALID THRU 12/29 4111 1111 1111 1111 " * 2, fill=0,
                  font=load("NanumGothic.ttf", 30))

    with pytest.raises(PermanentOcrError) as raised:
        words(page, lang="eng", config="--psm 6", timeout=0.001)

    assert raised.value.code == "timeout"


def test_a_language_without_data_is_a_configuration_error_that_names_the_package():
    with pytest.raises(OcrConfigurationError) as raised:
        words(_valid_1234(), lang="xyz", config="--psm 7")

    assert raised.value.code == "tesseract_language_missing" and "tesseract-ocr-xyz" in str(raised.value)


def test_threads_read_at_the_same_time_each_with_its_own_tesseract():
    # a worker may run threads: one loaded model is never shared by two readings at once
    from concurrent.futures import ThreadPoolExecutor

    digits = "--psm 7 -c tessedit_char_whitelist=0123456789"
    jobs = [("--psm 7", ["VALID", "1234"]), (digits, ["1234"])] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        read = list(pool.map(lambda job: [w.text for w in words(_valid_1234(), lang="eng", config=job[0])], jobs))

    assert [r[-1:] for r in read] == [["1234"]] * len(jobs)
    assert [r for r, (config, _) in zip(read, jobs, strict=True) if config == "--psm 7"] == [["VALID", "1234"]] * 4


def test_a_printed_space_of_a_text_layer_stands_before_a_lone_syllable_however_close():
    # `동문시장 내 수산코너` in a born-digital PDF: a space 3 pt wide in a 15 pt line, between exact glyph boxes
    words_ = [Word(text="동문시장", conf=99.0, box=(394, 300, 444, 315), line_key=(1, 1, 1)),
              Word(text="내", conf=99.0, box=(447, 300, 459, 315), line_key=(1, 1, 1), printed_space=True),
              Word(text="수산코너", conf=99.0, box=(462, 300, 512, 315), line_key=(1, 1, 1), printed_space=True)]

    assert join_by_gaps(words_, height=15) == "동문시장 내 수산코너"


def test_the_embedded_engine_keeps_opencv_to_one_thread_as_tesseract_is():
    """Parallelism belongs to the worker processes: OpenCV's own pool took every core of the machine, from the worker
    beside it, and from the bench's baseline (the bare command at OMP_THREAD_LIMIT=1)."""
    import os
    import subprocess
    import sys

    probe = "import cv2, documents.ocr.local; print(cv2.getNumThreads(), flush=True)"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})

    assert found.stdout.strip() == "1"


def test_the_embedded_engine_keeps_numpys_blas_to_one_thread():
    """OpenBLAS's pool (the card templates' matrix products) spins while it waits: two workers on two cores each read
    a card two to three times slower with it, three workers ten times."""
    import os
    import subprocess
    import sys

    probe = ("import documents.ocr.local\nfrom threadpoolctl import threadpool_info\n"
             "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}), flush=True)")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                           env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})

    assert found.stdout.strip() == "[1]"


def test_each_character_is_boxed_where_it_is_printed_as_the_commands_makebox_boxes_it(tmp_path):
    import subprocess

    image = Image.new("L", (520, 80), 255)
    draw = ImageDraw.Draw(image)
    font = load("NanumGothic.ttf", 36)
    draw.text((12, 18), "GS 1234", fill=0, font=font)
    image.save(tmp_path / "line.png")

    read = characters(image, lang="eng", config="--psm 7")
    command = subprocess.run(["tesseract", str(tmp_path / "line.png"), "stdout", "--psm", "7", "-l", "eng", "makebox"],
                             capture_output=True, text=True, check=True,
                             env={"OMP_THREAD_LIMIT": "1", "PATH": os.environ["PATH"]})

    assert "".join(c.text for c in read) == "GS1234"
    four = read[-1]  # boxes top-down in the image's pixels: the 4 lies where it was drawn
    assert draw.textbbox((12, 18), "GS 123", font=font)[2] - 4 <= four.box[0] < four.box[2] <= 12 + draw.textlength(
        "GS 1234", font=font) + 4
    assert 18 <= four.box[1] < four.box[3] <= 18 + 36 + 4
    # the command's boxes, counted from the image's foot
    made = [row.split(" ") for row in command.stdout.splitlines()]
    assert [(text, (int(left), image.height - int(top), int(right), image.height - int(bottom)))
            for text, left, bottom, right, top, _page in made] == [(c.text, c.box) for c in read]
