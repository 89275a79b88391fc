"""Judging a document's kind from the lines an engine read: conservative for the kind the user chose."""

import pytest

from documents.ocr.local import kind_guess
from documents.ocr.local.kind_guess import card_refusal, evidence
from documents.ocr.local.tesseract import Line, Word

A4 = (1240, 1754)
CARD_SIZE = (1000, 630)


def certificate_refusal(seen, *, card_reader_sees_a_card=lambda: False):
    return kind_guess.certificate_refusal(seen, card_reader_sees_a_card=card_reader_sees_a_card)


def not_asked():
    raise AssertionError("the card reader costs Tesseract runs: it is asked only when the signs are unclear")


def lines(*texts: str) -> list[Line]:
    out = []
    for row, text in enumerate(texts):
        words = [Word(text=w, conf=90.0, box=(10 * i, 30 * row, 10 * i + 8, 30 * row + 20), line_key=(row, 0, 0))
                 for i, w in enumerate(text.split())]
        out.append(Line(words=words))
    return out


GENERATIONS = {
    "2000s": ("사업자등록증", "등록번호 : 123-45-67890", "상호(법인명) : 한빛상사", "성명(대표자) : 김민수",
              "주민등록번호 : 700101-1******", "개업연월일 : 2003 년 05 월 02 일", "교부사유 : 신규"),
    "2018": ("사 업 자 등 록 증", "( 법인사업자 )", "등록번호 : 220-81-12345", "법인명(단체명) : 주식회사 한빛",
             "대 표 자 : 김민수", "본점소재지 : 서울특별시 강남구 테헤란로 1"),
    "current": ("사 업 자 등 록 증", "( 일반과세자 )", "등록번호 : 123-45-67890", "상 호 : 한빛상사",
                "성 명 : 김민수 생 년 월 일 : 1970 년 01 월 01 일", "사업장 소재지 : 부산광역시 해운대구",
                "사업의 종류 : 업태 도매 종목 문구", "발 급 사 유 : 신규", "2024 년 03 월 02 일", "부산세무서장"),
}


@pytest.mark.parametrize("generation", GENERATIONS)
def test_every_generation_of_the_form_is_a_certificate(generation):
    seen = evidence(lines(*GENERATIONS[generation]), size=A4)

    assert seen.certificate and not seen.card
    assert certificate_refusal(seen, card_reader_sees_a_card=not_asked) is None


@pytest.mark.parametrize(
    "texts",
    [
        ("개업연윌일 : 2003 년",),  # a poor photo: one label only a certificate prints, one syllable misread
        ("상 호 : 한빛상사", "성 명 : 김민수"),  # two labels other forms print too
        ("등록번호 : 123-45-67890", "다른 글자"),  # the number's label and its shape
        ("부산세무서장",),  # only the bottom of the page
    ],
)
def test_a_poor_photo_of_a_certificate_is_still_a_certificate(texts):
    assert certificate_refusal(evidence(lines(*texts), size=(900, 700)), card_reader_sees_a_card=not_asked) is None


def test_a_card_sent_as_a_certificate_is_the_wrong_kind():
    seen = evidence(lines("SHINHAN CARD", "4111 1111 1111 1111", "VALID THRU 09/28", "HONG GILDONG"), size=CARD_SIZE)

    refusal = certificate_refusal(seen, card_reader_sees_a_card=not_asked)

    assert refusal.code == "wrong_kind"
    assert refusal.message == "This looks like a credit card, not a business registration certificate."


def test_a_card_whose_print_the_korean_reading_lost_is_recognised_by_the_card_reader():
    seen = evidence(lines("고 6980", "[우"), size=CARD_SIZE)  # what Tesseract's Korean model made of a card

    assert certificate_refusal(seen, card_reader_sees_a_card=lambda: True).code == "wrong_kind"
    assert certificate_refusal(seen, card_reader_sees_a_card=lambda: False).code == "nothing_found"


@pytest.mark.parametrize(
    ("texts", "size"),
    [
        (("3782 822463 10005",), (800, 800)),  # American Express grouping, photographed square
        (("09/28", "VALID THRU"), (800, 800)),  # expiry and its label, number unread
        (("4177 7631 7066",), (800, 800)),  # three groups of four already say card
        (("12/27",), CARD_SIZE),  # the expiry on a card-shaped image
    ],
)
def test_signs_of_a_card(texts, size):
    assert evidence(lines(*texts), size=size).card


@pytest.mark.parametrize(
    ("texts", "size"),
    [
        (("영수증", "상호: 행복마트 대표자: 김민수", "사업자번호: 123-45-67890", "합계 12,000"), (800, 1400)),
        # the same receipt with its title unread: its prices still say receipt
        (("상호: 행복마트 대표자: 김민수", "사업자번호: 123-45-67890", "우유 1 2,500", "합계 12,000"), (800, 1400)),
        (("오늘의 메뉴 김치찌개 8,000원",), (900, 120)),
        (("~~ ;; ..",), A4),
        ((), A4),
    ],
)
def test_a_receipt_or_anything_else_is_nothing_found_with_what_to_do(texts, size):
    refusal = certificate_refusal(evidence(lines(*texts), size=size))

    assert refusal.code == "nothing_found"
    assert "Upload" in refusal.message


def test_digit_runs_on_an_a4_page_are_no_clear_card_so_its_turns_are_tried():
    # an upside-down certificate read in Korean: garbage with a run of sixteen digits
    read = ("6 < 000 /102.", "기 0029 8490 0006 0000 : 주을6고노트", "6루미7 이1106 놈웃")
    upside_down = evidence(lines(*read), size=A4)

    assert upside_down.card and not upside_down.clearly_card
    assert evidence(lines("4177 7631 7066 1234", "VALID THRU 09/28"), size=A4).clearly_card
    assert evidence(lines("4177 7631 7066 1234"), size=CARD_SIZE).clearly_card


def test_an_a4_page_is_not_card_shaped():
    assert not evidence([], size=A4).card_aspect and evidence([], size=(630, 1000)).card_aspect


def test_a_certificate_sent_as_a_card_is_the_wrong_kind():
    refusal = card_refusal(evidence(lines(*GENERATIONS["current"]), size=A4), expiry_read=False)

    assert refusal.code == "wrong_kind"
    assert refusal.message == "This looks like a business registration certificate, not a credit card."


def test_a_card_whose_number_was_not_read_goes_on_when_its_expiry_was():
    assert card_refusal(evidence(lines("VALID THRU 09/28"), size=CARD_SIZE), expiry_read=True) is None


def test_a_card_image_with_nothing_on_it_is_nothing_found():
    refusal = card_refusal(evidence([], size=CARD_SIZE), expiry_read=False)

    assert refusal.code == "nothing_found"
    assert "back" in refusal.message  # newer cards print the number on the back
