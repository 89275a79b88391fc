"""An older certificate prints the owner's whole resident registration number: the stored raw reading keeps only the
birth date and the century digit; a corporate registration number, public and a field of its own, stays whole."""

from documents import identity_numbers


def test_a_resident_number_in_an_ocr_line_keeps_only_its_birth_date():
    raw = {"lines": [{"text": "주민등록번호 : 750101-1234567", "conf": 0.91},
                     {"text": "법인등록번호 : 110111-7384921", "conf": 0.93}]}

    masked = identity_numbers.mask_in_raw(raw)

    assert masked["lines"][0]["text"] == "주민등록번호 : 750101-1******"
    assert masked["lines"][1]["text"] == "법인등록번호 : 110111-7384921"
    assert raw["lines"][0]["text"].endswith("1234567")  # a copy: the engine's reading is not changed


def test_a_resident_number_in_the_services_key_value_list_is_masked_beside_its_label():
    raw = {"keyValues": [{"key": "주민등록번호", "value": "7501011234567", "conf": 0.9},
                         {"key": "등록번호", "value": "116-82-00276", "conf": 0.99}]}

    masked = identity_numbers.mask_in_raw(raw)

    assert masked["keyValues"][0]["value"] == "7501011******"
    assert masked["keyValues"][1]["value"] == "116-82-00276"
