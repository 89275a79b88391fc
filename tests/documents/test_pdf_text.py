"""Born-digital PDFs (Hometax "PDF 저장") are read from their text layer: every field exact, boxes over the print."""

import dataclasses
import datetime as dt
import random
import time

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from documents.ocr import get_engine
from documents.ocr.local.pdf_text import PrintedText, read_layer
from documents.ocr.local.tesseract import Line, Word
from documents.samples import fonts
from documents.samples.certificate import (
    Certificate,
    printed_corporate_number,
    printed_date,
    random_certificate,
)
from documents.samples.sheet import Sheet, Text, pdf
from documents.validation import formatted_registration_number

CERTIFICATE = "business_certificate"


def _certificate(*, corporate: bool, start: int = 0) -> Certificate:
    for seed in range(start, start + 200):
        cert = random_certificate(rng=random.Random(seed))
        if cert.corporate == corporate and not cert.redacted:
            return cert
    raise AssertionError("no certificate of that layout in 200 seeds")


class _Form:
    """The current Hometax form drawn with fpdf2 (A4, points, Nanum fonts embedded); remembers where values went."""

    def __init__(self, *, family: tuple[str, str] = fonts.CERTIFICATE_FAMILIES[0], invisible: bool = False) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.add_page()
        regular, bold = family
        self.pdf.add_font("body", "", fonts.font_path(regular))
        self.pdf.add_font("body", "B", fonts.font_path(bold))
        if invisible:
            self.pdf.text_mode = "INVISIBLE"
        self.printed: dict[str, list[tuple[float, float, float, float]]] = {}  # text -> where: left, top, right, bottom

    def text(self, x: float, baseline: float, text: str, *, size: float = 11, style: str = "",
             centred: bool = False) -> None:
        self.pdf.set_font("body", style, size)
        width = self.pdf.get_string_width(text)
        left = x - width / 2 if centred else x
        self.pdf.text(left, baseline, text)
        self.printed.setdefault(text, []).append((left, baseline - size * 0.8, left + width, baseline + size * 0.2))

    def spread(self, x: float, baseline: float, label: str, *, width: float, size: float = 11) -> None:
        """A label spread over its column one letter at a time, with no spaces in the text: `상       호`."""
        self.pdf.set_font("body", "", size)
        letters = label.replace(" ", "")
        step = (width - self.pdf.get_string_width(letters[-1])) / max(1, len(letters) - 1)
        for i, letter in enumerate(letters):
            self.pdf.text(x + i * step, baseline, letter)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def hometax_pdf(cert: Certificate, **options) -> tuple[bytes, dict[str, list[tuple[float, float, float, float]]]]:
    form = _draw(cert, form=_Form(**options))
    return form.output(), form.printed


def _draw(cert: Certificate, *, form: _Form) -> _Form:
    form.text(297.6, 110, "사 업 자 등 록 증", size=24, style="B", centred=True)
    form.text(297.6, 140, f"( {cert.tax_type} )", size=13, centred=True)
    form.text(297.6, 175, f"등록번호 : {formatted_registration_number(cert.registration_number)}", size=13,
              style="B", centred=True)
    label_x, colon_x, value_x, second_x = 60, 150, 162, 330
    rows: list[tuple[str, str, tuple[str, str] | None]] = []
    if cert.corporate:
        rows += [
            ("법인명(단체명)", cert.company_name, None),
            ("대 표 자", cert.representative, None),
            ("개 업 연 월 일", printed_date(cert.opening_date),
             ("법인등록번호", printed_corporate_number(cert.corporate_number))),
            ("사업장 소재지", cert.business_address, None),
            ("본점 소재지", cert.head_office_address, None),
        ]
    else:
        rows += [
            ("상 호", cert.company_name, None),
            ("성 명", cert.representative, ("생 년 월 일", printed_date(cert.birth_date))),
            ("개 업 연 월 일", printed_date(cert.opening_date), None),
            ("사업장 소재지", cert.business_address, None),
        ]
    baseline = 225
    for label, value, second in rows:
        if len(label.replace(" ", "")) <= 3:
            form.spread(label_x, baseline, label, width=colon_x - label_x - 10)
        else:
            form.text(label_x, baseline, label)
        form.text(colon_x, baseline, ":")
        form.text(value_x, baseline, value)
        if second:
            form.text(second_x, baseline, second[0])
            form.text(second_x + 75, baseline, ":")
            form.text(second_x + 85, baseline, second[1])
        baseline += 28
    form.text(label_x, baseline, "사업의 종류 :")
    form.text(value_x, baseline, "업태")
    form.pdf.set_font("body", "", 11)
    item_x = max(second_x, value_x + 50 + max(form.pdf.get_string_width(kind) for kind, _ in cert.categories))
    form.text(item_x, baseline, "종목")
    for row, (kind, item) in enumerate(cert.categories):  # only the first row is labelled, later ones smaller
        form.text(value_x + 30, baseline, kind, size=11 if row == 0 else 10)
        form.text(item_x + 30, baseline, item, size=11 if row == 0 else 10)
        baseline += 20
    baseline += 8
    for label, value in (("발 급 사 유", ": 신규"), ("공 동 사 업 자", ":"),
                         ("사업자 단위 과세 적용사업자 여부", ": 여( ) 부(V)"),
                         ("전자세금계산서 전용 전자우편주소", ":")):
        form.text(label_x, baseline, label)
        form.text(label_x + 190, baseline, value)
        baseline += 28
    form.text(297.6, 640, printed_date(cert.issue_date), size=13, centred=True)
    form.text(297.6, 690, f"{cert.tax_office}장", size=20, style="B", centred=True)
    return form


def _read(content: bytes):
    return get_engine("local").read(kind=CERTIFICATE, content=content, filename="hometax.pdf")


def _printed_value(cert: Certificate, name: str) -> str:
    return {
        "registration_number": formatted_registration_number(cert.registration_number),
        "corporate_number": printed_corporate_number(cert.corporate_number),
        "opening_date": printed_date(cert.opening_date),
        "birth_date": printed_date(cert.birth_date) if cert.birth_date else "",
        "issue_date": printed_date(cert.issue_date),
        "tax_office": f"{cert.tax_office}장",
    }.get(name, cert.fields.get(name, ""))


def _inside(box, area, *, slack: float = 2.0) -> bool:
    left, top, right, bottom = area
    return all(left - slack <= x <= right + slack and top - slack <= y <= bottom + slack for x, y in box)


@pytest.mark.parametrize("corporate", [False, True], ids=["individual", "corporate"])
def test_every_field_of_a_text_layer_pdf_is_read_exactly_with_boxes_over_the_print(corporate):
    cert = _certificate(corporate=corporate)
    content, printed = hometax_pdf(cert)

    reading = _read(content)

    read: dict[str, str] = {}
    for field in reading.fields:
        read.setdefault(field.name, field.value)  # a category's first row is the main pair
    expected = {name: value for name, value in cert.fields.items() if name != "business_categories"}
    assert read == expected
    assert (reading.unit, reading.file_type, reading.raw["source"]) == ("point", "pdf", "text_layer")
    for field in reading.fields:
        if field.name == "tax_type":
            continue  # printed inside `( … )`
        printed_as = _printed_value(cert, field.name) if field.name != "registration_number" else (
            f"등록번호 : {formatted_registration_number(cert.registration_number)}")
        if field.name.startswith("business_") and field.value not in (cert.business_type, cert.business_item):
            printed_as = field.value  # a later category row
        assert any(_inside(field.box, area) for area in printed[printed_as]), (field.name, field.box)
    number = reading.get("registration_number")
    assert number.confidence >= 0.95


def test_a_lone_syllable_between_two_words_of_an_address_keeps_its_printed_spaces():
    # `동문시장 내 수산코너`: Tesseract's loose boxes make such a gap doubtful, a text layer's exact glyphs do not
    cert = dataclasses.replace(_certificate(corporate=False), business_address="제주특별자치도 제주시 관덕로 14길 20, "
                               "동문시장 내 수산코너 12호 (일도일동)")
    content, _ = hometax_pdf(cert)

    assert _read(content).get("business_address").value == cert.business_address


def test_items_keep_the_spacing_the_layer_prints_where_ocr_repairs_would_set_a_space():
    # an independent Hometax-like set printed `교육서비스업`, `광고대행업` and `지하1층`: the repairs made for OCR's
    # lost spaces gave `교육 서비스업` and `광고 대행업`, wrong at 0.95 though the layer is exact
    cert = dataclasses.replace(_certificate(corporate=False), categories=[("교육서비스업", "광고대행업")],
                               business_address="경기도 성남시 분당구 황새울로 130, 지하1층 (수내동)")
    content, _ = hometax_pdf(cert)

    reading = _read(content)

    read = {name: reading.get(name).value for name in ("business_type", "business_item", "business_address")}
    assert read == {"business_type": "교육서비스업", "business_item": "광고대행업",
                    "business_address": "경기도 성남시 분당구 황새울로 130, 지하1층 (수내동)"}


def _printed(*texts: str) -> PrintedText:
    """A layer's text, a line per text, a word per space."""
    return PrintedText.of([Line(words=[Word(text=t, conf=99.0, box=(0, 0, 1, 1), line_key=(1, 1, n))
                                       for t in text.split()]) for n, text in enumerate(texts)])


def test_printed_spacing_changes_spaces_only_and_keeps_the_values_own_across_a_line_break():
    page = _printed("업태 교육서비스업 종목 광고대행업", "사업장 소재지 : 서울특별시 강남구 테헤란로 5,",
                    "12층 (역삼동)")
    assert page.spaced("교육 서비스업") == "교육서비스업"
    assert page.spaced("광 고대행업") == "광고대행업"
    assert page.spaced("서울특별시 강남구 테헤란로 5, 12층 (역삼동)") == (
        "서울특별시 강남구 테헤란로 5, 12층 (역삼동)")  # the wrap's space is the value's
    assert page.spaced("서울특별시 강남구 테헤란로 5,12층 (역삼동)") == (
        "서울특별시 강남구 테헤란로 5,12층 (역삼동)")
    assert _printed("교육서비스업").spaced("교육 서비스") == "교육서비스"
    assert page.spaced("교육 서비스 학원") == "교육 서비스 학원"  # not printed: as it is


def test_a_value_run_on_between_two_syllables_at_a_wrap_is_not_the_layers_exact_text():
    # the layer drops the space a wrap breaks at: `… 정보` / `매개 서비스업` was printed `정보 매개` (a second
    # independent set), `… 한빛마` / `을아파트)` without one; after a road's name the number is surely a word apart
    page = _printed("종목 포털 및 기타 인터넷 정보", "매개 서비스업", "소재지 : 금천구 가산디지털1로",
                    "351,3층(가산동)")
    assert page.joined_across_lines("포털 및 기타 인터넷 정보매개 서비스업")
    assert not page.joined_across_lines("금천구 가산디지털1로 351,3층(가산동)")
    assert not page.joined_across_lines("포털 및 기타")


def test_a_value_the_layer_does_not_print_is_not_its_exact_text():
    page = _printed("업태 도매 종목 무역업")
    assert page.holds("도매") and page.holds("무 역업")
    assert not page.holds("도소매")


def test_a_short_type_stays_as_printed():
    # a third independent set: `도매` snapped to `도소매` at 0.95 though the layer prints it exactly
    cert = dataclasses.replace(_certificate(corporate=False), categories=[("도매", "무역업"), ("소매", "전자상거래업")])
    content, _ = hometax_pdf(cert)

    reading = _read(content)

    types = sorted((f.index, f.value, f.confidence) for f in reading.fields if f.name == "business_type")
    assert [(value, confidence >= 0.95) for _, value, confidence in types] == [("도매", True), ("소매", True)]


def test_a_large_watermark_printed_as_text_over_the_items_stays_out_of_their_lines():
    """A PDF that draws the NTS emblem's `국세청` as text, large and pale, across the trailer rows: its glyphs share a
    baseline band with those rows but are no part of them (an independent PDF read `발 급 사 유 : 신규청`)."""
    cert = _certificate(corporate=False)
    form = _draw(cert, form=_Form())
    form.pdf.set_text_color(225, 232, 240)
    (trailer,) = form.printed["발 급 사 유"]
    form.text(297.6, trailer[3] + 8, "국세청", size=90, centred=True)  # its glyphs reach up over the trailer rows

    reading = _read(form.output())

    read: dict[str, str] = {}
    for field in reading.fields:
        read.setdefault(field.name, field.value)
    assert read == {name: value for name, value in cert.fields.items() if name != "business_categories"}
    assert reading.raw["source"] == "text_layer"
    texts = [line["text"] for line in reading.raw["lines"]]
    assert "발 급 사 유 : 신규" in texts and "공 동 사 업 자 :" in texts


def test_letter_spaced_print_comes_out_one_letter_a_word_as_ocr_gives_it():
    content, _ = hometax_pdf(_certificate(corporate=False), family=fonts.CERTIFICATE_FAMILIES[1])
    pdf = pdfium.PdfDocument(content)
    try:
        layer = read_layer(pdf[0])
    finally:
        pdf.close()

    texts = [line.text for line in layer.lines]
    assert texts[0] == "사 업 자 등 록 증"
    assert any(t.startswith("상 호 : ") for t in texts)  # spread over its column, no spaces in the PDF's text
    assert any(t.startswith("개 업 연 월 일 : ") for t in texts)
    assert all(w.conf == 99 and w.space_before for line in layer.lines for w in line.words)


def test_text_layer_reading_takes_well_under_a_second():
    content, _ = hometax_pdf(_certificate(corporate=True))
    _read(content)  # imports and caches
    started = time.perf_counter()
    _read(content)
    assert time.perf_counter() - started < 0.5


def _scanned(cert: Certificate, *, layer: str) -> bytes:
    """The certificate as a scanner's image-only page, plus a text layer that is not the printed text: the scanner's
    own invisible OCR layer, Latin-1 mojibake from a font without a Unicode map, or a few characters (a page
    number) drawn under the image."""
    clean, _ = hometax_pdf(cert)
    pdf = pdfium.PdfDocument(clean)
    try:
        image = pdf[0].render(scale=150 / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    if layer == "invisible":
        form = _draw(cert, form=_Form(invisible=True))  # the right words, never shown
    else:
        form = _Form()
        if layer == "mojibake":
            for row in range(30):
                form.text(40, 60 + row * 24, "»ç¾÷ÀÚµî·ÏÁõ ¹ýÀÎ¸í ´ëÇ¥ÀÚ ¼ÒÀçÁö ¾÷ÅÂ Á¾¸ñ 123-45")
        else:
            form.text(40, 820, "1 / 1 스캔")
    form.pdf.image(image, x=0, y=0, w=595.28, h=841.89)
    return form.output()


@pytest.mark.slow
@pytest.mark.parametrize("layer", ["invisible", "mojibake", "few"])
def test_a_text_layer_that_is_not_the_print_is_ignored_and_the_page_read_by_ocr(layer):
    cert = _certificate(corporate=False)

    reading = _read(_scanned(cert, layer=layer))

    assert reading.raw["source"] == "ocr"
    assert reading.get("registration_number").value == cert.registration_number


def test_a_card_saved_as_a_pdf_with_its_digits_in_the_text_layer_is_read_from_it():
    form = _Form()
    form.text(60, 120, "SPECIMEN BANK", size=14, style="B")
    form.text(60, 180, "4532 0151 1283 0366", size=20)  # passes Luhn
    form.text(60, 215, "VALID THRU", size=8)
    form.text(110, 215, "09/29", size=12)
    form.text(60, 245, "HONG GILDONG", size=12)

    reading = get_engine("local").read(kind="credit_card", content=form.output(), filename="card.pdf")

    assert reading.raw["source"] == "text_layer"
    assert reading.get("card_number").value == "4532015112830366"
    assert reading.get("valid_thru").value == "09/29"
    assert _inside(reading.get("card_number").box, form.printed["4532 0151 1283 0366"][0])


def test_a_seals_red_letters_over_the_offices_name_stay_out_of_its_line():
    # a third independent set: the round seal's `부산진세무서장인` lies on `부산진세무서장`, and by position its
    # characters interleaved with the name's (`부산진세무인서무장산`): the office was lost
    sheet = Sheet()
    font = str(fonts.font_path("NanumGothic.ttf"))
    sheet.add(Text(200, 400, "부산진세무서장", font, 16))
    for n, ch in enumerate("인무장세부산"):
        sheet.add(Text(236 + 12 * n, 398 + (n % 3) * 3, ch, font, 9, (210, 30, 30)))
    document = pdfium.PdfDocument(pdf(sheet, created=dt.datetime(2026, 1, 1), title="seal"))

    layer = read_layer(document[0])

    assert [" ".join(w.text for w in line.words) for line in layer.lines] == ["부산진세무서장"]


def test_a_pale_watermark_drawn_as_text_over_the_issue_date_stays_out_of_its_line():
    # a fourth independent set: `국세청` twice the date's size in pale blue-grey over it read `20국22년세10월청14일`
    sheet = Sheet()
    font = str(fonts.font_path("NanumGothic.ttf"))
    sheet.add(Text(250, 400, "2022년 10월 14일", font, 15))
    sheet.add(Text(258, 396, "국 세 청", font, 31, (127, 148, 181)))
    document = pdfium.PdfDocument(pdf(sheet, created=dt.datetime(2026, 1, 1), title="watermark"))

    layer = read_layer(document[0])

    assert "2022년 10월 14일" in [" ".join(w.text for w in line.words) for line in layer.lines]
