"""A printed certificate row that Tesseract's page pass read as two lines is made one line again (split_rows.py)."""

from PIL import Image

from documents.ocr.local import split_rows
from documents.ocr.local.certificate import read_certificate
from documents.ocr.local.tesseract import Line, Word


def _line(key: int, *words: tuple[str, tuple[int, int, int, int]]) -> Line:
    return Line(words=[Word(text=text, conf=93.0, box=box, line_key=(key, 0, 0)) for text, box in words])


def _columns_cut_apart() -> list[Line]:
    """`사업의 종류: 업태 도매 및 소매업 종목 식품 도매업` given as two lines at the same height: the type's words
    (inside the other line's span, so lines_of does not join them) in a line of their own."""
    return [
        _line(1, ("등록번호", (146, 1000, 250, 1030)), (":", (260, 1005, 264, 1025)),
              ("383-87-92032", (300, 1000, 460, 1030))),
        _line(2, ("사", (146, 1102, 174, 1131)), ("업", (197, 1102, 219, 1130)), ("의", (244, 1102, 267, 1131)),
              ("종류:", (288, 1102, 386, 1131)), ("종목", (935, 1101, 989, 1130)), ("식품", (1015, 1102, 1070, 1129)),
              ("도매업", (1078, 1101, 1158, 1130))),
        _line(3, ("업태", (413, 1102, 465, 1131)), ("도매", (493, 1102, 545, 1130)), ("및", (556, 1102, 581, 1130)),
              ("소매업", (590, 1102, 670, 1130))),
    ]


def test_a_row_whose_columns_were_cut_into_two_lines_is_one_line_left_to_right():
    lines = _columns_cut_apart()
    assert split_rows.split_pairs(lines) == [1]
    joined = split_rows.rejoined(Image.new("L", (1400, 1400), 255), lines, lang="kor")  # no Tesseract run needed
    assert [line.text for line in joined][1] == "사 업 의 종류: 업태 도매 및 소매업 종목 식품 도매업"
    fields = {(f.name, f.index): f.value for f in read_certificate(joined)}
    assert fields[("business_type", 0)] == "도매 및 소매업"
    assert fields[("business_item", 0)] == "식품 도매업"


def test_a_row_cut_along_its_middle_is_read_again_as_one_line(monkeypatch):
    """The tops of the syllables as a line over the row (`조르 : 으스 조모 우송` over `사업의 종류 : …`): their words
    lie over each other, so the row's crop is read again on its own."""
    ghost = _line(1, ("조르", (245, 1144, 300, 1161)), (":", (384, 1150, 388, 1154)), ("으스", (507, 1144, 559, 1157)),
                  ("조모", (962, 1144, 990, 1161)), ("우송", (1052, 1144, 1106, 1161)))
    row = _line(2, ("사업의", (146, 1140, 231, 1187)), ("종류", (249, 1162, 303, 1174)), ("업태", (419, 1144, 473,
                                                                                                   1174)),
                ("운수", (503, 1159, 561, 1174)), ("종목", (966, 1144, 1020, 1174)), ("운송", (1048, 1159, 1102, 1174)))
    crops = []

    def read(image, *, lang, config):
        crops.append((image.size, config))
        return [Word(text=text, conf=95.0, box=(x, 20, x + 40, 50), line_key=(9, 0, 0))
                for x, text in ((10, "사업의"), (120, "종류"), (300, "업태"), (360, "운수"))]

    monkeypatch.setattr(split_rows, "words", read)
    joined = split_rows.rejoined(Image.new("L", (1400, 1400), 255), [ghost, row], lang="kor")
    assert len(crops) == 1 and crops[0][1] == "--psm 7"
    assert [line.text for line in joined] == ["사업의 종류 업태 운수"]
    assert joined[0].words[0].box[1] > 1100  # back in the page's pixels


def test_rows_apart_stray_marks_and_the_title_are_left_alone():
    two_rows = [_line(1, ("상호", (100, 100, 150, 130)), ("늘봄분식", (200, 100, 300, 130))),
                _line(2, ("성명", (100, 170, 150, 200)), ("윤연수", (200, 170, 280, 200)))]
    marks = [_line(1, ("상호", (100, 100, 150, 130)), ("늘봄분식", (200, 100, 300, 130))),
             _line(2, ("ㅠㅠ", (210, 105, 240, 125)), ("=", (250, 110, 260, 120)))]
    title = [_line(1, ("사업자등록증", (400, 50, 700, 90))), _line(2, ("거", (450, 55, 470, 80)), ("2펴즈", (480, 55,
                                                                                                             520, 80)))]
    for lines in (two_rows, marks, title):
        assert split_rows.split_pairs(lines) == []


def test_a_re_read_that_loses_a_label_leaves_the_two_lines_as_they_were(monkeypatch):
    """psm 7 now and then reads the cell borders around `업 태` and `종목` as marks: the page's lines had them."""
    from documents.ocr.local.certificate import labels_in

    row = _line(1, ("사업의", (167, 1189, 249, 1218)), ("종류", (267, 1191, 319, 1219)), ("업태", (414, 1171, 467,
                                                                                                   1236)),
                ("숙박", (500, 1191, 545, 1220)), ("종목", (886, 1191, 933, 1220)), ("치킨", (965, 1190, 1011, 1219)))
    ghost = _line(2, ("사업의", (170, 1200, 249, 1225)), ("숙박", (500, 1200, 545, 1226)), ("치킨", (965, 1200, 1011,
                                                                                                     1226)))

    def read(image, *, lang, config):
        return [Word(text=text, conf=95.0, box=(x, 20, x + 40, 50), line_key=(9, 0, 0))
                for x, text in ((10, "사업의종류"), (120, "숙박"), (300, "치킨"))]

    monkeypatch.setattr(split_rows, "words", read)
    lines = [row, ghost]
    assert split_rows.split_pairs(lines) == [0]
    assert split_rows.rejoined(Image.new("L", (1400, 1400), 255), lines, lang="kor", labels=labels_in) == lines


def test_tops_of_syllables_over_a_whole_row_that_cannot_be_read_again_leave_the_row_alone(monkeypatch):
    """A print of the current form (seed 1029): the row holds every label and value, the line over it only the tops
    of its syllables with a final consonant. When the row's crop gives no single line (the table's rules), the
    tops go rather than becoming a category row of their own (`으스 조`)."""
    from documents.ocr.local.certificate import labels_in

    tops = _line(1, ("조르", (360, 1481, 445, 1507)), (";", (560, 1490, 566, 1496)), ("으", (747, 1482, 778, 1500)),
                 ("스", (798, 1482, 828, 1502)), ("=", (917, 1483, 930, 1486)), ("조", (1332, 1482, 1375, 1508)))
    row = _line(2, ("사", (206, 1481, 249, 1527)), ("업", (256, 1481, 290, 1527)), ("의", (305, 1484, 331, 1517)),
                ("종류", (366, 1509, 450, 1527)), ("：|", (560, 1512, 566, 1518)), ("업태", (615, 1482, 699, 1528)),
                ("|", (705, 1456, 718, 1553)), ("운수", (741, 1505, 831, 1528)), ("및", (853, 1482, 887, 1511)),
                ("창고업", (911, 1482, 1042, 1528)), ("|", (1309, 1460, 1312, 1548)),
                ("종목", (1341, 1482, 1422, 1528)), ("택배업", (1464, 1482, 1593, 1528)))
    monkeypatch.setattr(split_rows, "words", lambda image, *, lang, config: [])  # the crop read as nothing
    page = [_line(0, ("등록번호", (901, 790, 1100, 863)), (":", (1110, 800, 1115, 850)),
                  ("311-73-00807", (1130, 790, 1580, 863))), tops, row]

    joined = split_rows.rejoined(Image.new("L", (2480, 3507), 255), page, lang="kor", labels=labels_in)

    assert joined == [page[0], row]
    fields = {(f.name, f.index): f.value for f in read_certificate(joined)}
    assert fields == {**fields, ("business_type", 0): "운수 및 창고업", ("business_item", 0): "택배업"}
    assert ("business_type", 1) not in fields
