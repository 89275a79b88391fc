"""Tesseract's words: where the printed spaces are, from its text output."""

from documents.ocr.local.tesseract import Word, _with_spaces


def _word(text: str, x: int) -> Word:
    return Word(text=text, conf=90.0, box=(x, 0, x + 20 * len(text), 20), line_key=(1, 1, 1), space_before=True)


def test_spaces_stay_aligned_past_a_line_padded_with_a_long_run_of_spaces():
    # the text output pads a row's columns with spaces; Korean words come split into syllables in the TSV
    text = "발급번호 : 1961-489-5574-906" + " " * 120 + "[피\n부산광역시 부산진구\n"
    found = [_word("발급번호", 0), _word(":", 90), _word("1961-489-5574-906", 110), _word("[피", 2000),
             _word("부", 0), _word("산", 20), _word("광역시", 40), _word("부산진구", 120)]

    spaced = [w.space_before for w in _with_spaces(found, text)]

    assert spaced[4:] == [True, False, False, True]  # 부산광역시 is one word, 부산진구 the next
