"""The NHN OCR v1.0 client against the stand-in, over a real loopback socket (tests/fixtures_nhn.py).
API v1.1 (tokens) is in test_nhn_v11.py; what does not depend on the version (mapping, retries, shrinking) is here."""

import functools
import io
import random

import pytest
from PIL import Image, ImageDraw

from documents.ocr import OcrConfigurationError, PermanentOcrError, RetryableOcrError, get_engine
from documents.ocr.nhn import NhnEngine
from documents.validation import card_number_is_valid, registration_number_is_valid

CERTIFICATE = "business_certificate"
CARD = "credit_card"


@functools.cache
def certificate_png(*, width: int = 1240, height: int = 1754, seed: int = 0) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((width // 3, height // 12), f"Business Registration Certificate {seed}", fill="black")
    for row in range(12):
        draw.text((width // 10, height // 5 + row * height // 20), f"item {row}: value {seed * 7 + row}", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def card_png(*, width: int = 856, height: int = 540) -> bytes:
    image = Image.new("RGB", (width, height), (30, 60, 120))
    draw = ImageDraw.Draw(image)
    draw.text((70, 290), "9410 1234 5678 9010", fill="white")
    draw.text((380, 380), "09/29", fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def noise(width: int, height: int) -> Image.Image:
    """Random pixels: they do not compress, so the file is as large as a detailed phone photo."""
    return Image.frombytes("RGB", (width, height), random.Random(7).randbytes(width * height * 3))


def noisy_png(*, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    noise(width, height).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def noisy_jpeg(*, width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    noise(width, height).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


class Sleeps(list):
    """An injected sleep: records the delays instead of waiting them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def engine(nhn_standin, sleeps):
    return NhnEngine.from_settings(sleep=sleeps)


def read_certificate(engine, content=None):
    return engine.read(kind=CERTIFICATE, content=content or certificate_png(), filename="documents/cert.png")


# --- Success ---------------------------------------------------------------------------------


def test_get_engine_returns_the_nhn_engine_when_configured(nhn_standin):
    assert get_engine().name == "nhn"


def test_certificate_is_mapped_to_canonical_names_with_normalised_values(engine, nhn_standin):
    reading = read_certificate(engine, certificate_png(width=800, height=1131))

    raw = reading.raw
    assert reading.resolution == "low"  # 1131 on the long side is under the 1280x720 threshold
    assert reading.unit == "pixel"
    assert reading.file_type == "png"
    assert len(reading.fields) == len(raw["keyValues"]) == len(raw["boxes"])
    number = reading.get("registration_number")
    assert number.raw_key == "등록번호"
    assert "-" in number.raw_text
    assert len(number.value) == 10 and number.value.isdigit()
    assert registration_number_is_valid(number.value)
    assert reading.get("tax_type").value in ("간이과세자", "일반과세자", "법인사업자")
    opening = reading.get("opening_date")
    assert "년" in opening.raw_text
    assert len(opening.value) == 10 and opening.value[4] == "-" and opening.value[7] == "-"
    assert reading.get("company_name").value
    assert reading.get("representative").value
    for item in reading.fields:
        assert len(item.box) == 4
        assert all(0 <= x < 800 and 0 <= y < 1131 for x, y in item.box)
        assert 0 < item.confidence <= 1
    assert nhn_standin.calls["business"] == 1

def test_every_repeated_business_category_is_kept_in_printed_order(engine, nhn_standin):
    nhn_standin.script(["business:2"])  # a certificate with three 업태/종목 rows: the service repeats the keys

    reading = read_certificate(engine)

    types = [(f.index, f.value) for f in reading.fields if f.name == "business_type"]
    items = [(f.index, f.value) for f in reading.fields if f.name == "business_item"]
    assert types == [(0, "정보통신업"), (1, "도매 및 소매업"), (2, "전문, 과학 및 기술 서비스업")]
    assert items == [
        (0, "응용 소프트웨어 개발 및 공급업"), (1, "전자상거래 소매업, 소프트웨어 도매"), (2, "컴퓨터시스템 통합 자문"),
    ]
    assert reading.get("business_type").value == "정보통신업"  # the main pair is still the first one
    assert {f.index for f in reading.fields if f.name not in ("business_type", "business_item")} == {0}
    boxes = [f.box for f in reading.fields if f.name == "business_type"]
    assert boxes[0][0][1] < boxes[1][0][1] < boxes[2][0][1]  # each row keeps its own box, top to bottom


def test_any_other_repeated_key_keeps_every_occurrence_and_a_blank_half_keeps_its_row(engine, nhn_standin):
    values = [{"key": "등록번호", "value": "116-82-00276", "conf": 0.99},
              {"key": "비고", "value": "첫째", "conf": 0.9}, {"key": "비고", "value": "둘째", "conf": 0.9},
              {"key": "업태", "value": "제조업", "conf": 0.9}, {"key": "종목", "value": "가구", "conf": 0.9},
              {"key": "업태", "value": " ", "conf": 0.9}, {"key": "종목", "value": "가구 도매", "conf": 0.9}]
    nhn_standin.script([{"status": 200, "json": {
        "header": {"isSuccessful": True, "resultCode": 0, "resultMessage": "SUCCESS"},
        "result": {"fileType": "png", "unitType": "pixel", "resolution": "normal", "keyValues": values, "boxes": []},
    }}])

    reading = read_certificate(engine)

    notes = [(f.index, f.value) for f in reading.fields if f.name == "비고"]
    assert notes == [(0, "첫째"), (1, "둘째")]
    categories = [(f.name, f.index, f.value) for f in reading.fields if f.name.startswith("business_")]
    assert categories == [  # the blank 업태 of the second row is no field, and 가구 도매 stays in that row
        ("business_type", 0, "제조업"), ("business_item", 0, "가구"), ("business_item", 1, "가구 도매"),
    ]




def test_unknown_certificate_keys_are_kept_under_their_own_name(engine, nhn_standin):
    readings = [read_certificate(engine, certificate_png(width=400, height=566, seed=seed)) for seed in range(12)]

    kept = [f for r in readings for f in r.fields if f.raw_key == "사업자 단위 과세 적용사업자 여부"]
    assert kept, "none of 12 certificates came back with the unknown key; the stand-in's canned set changed?"
    assert kept[0].name == "사업자 단위 과세 적용사업자 여부"
    assert kept[0].value == "여( ) 부( √ )"


def test_large_certificate_image_reads_as_normal_resolution(engine):
    reading = read_certificate(engine, certificate_png(width=1654, height=2339))

    assert reading.resolution == "normal"


def test_card_is_mapped_to_card_number_and_valid_thru(engine, nhn_standin):
    reading = engine.read(kind=CARD, content=card_png(), filename="card.png")

    assert [f.name for f in reading.fields] == ["card_number", "valid_thru"]
    number = reading.get("card_number")
    groups = reading.raw["cardNums"]
    assert number.value == "".join(g["value"] for g in groups)
    assert card_number_is_valid(number.value)
    assert number.confidence == min(g["conf"] for g in groups)
    left, top = number.box[0]
    right, bottom = number.box[2]
    first, last = reading.raw["cardNumBoxes"][0], reading.raw["cardNumBoxes"][-1]
    assert (left, top, right, bottom) == (first["x1"], first["y1"], last["x3"], last["y3"])
    assert len(number.box) == 4
    valid_thru = reading.get("valid_thru")
    assert len(valid_thru.value) == 5 and valid_thru.value[2] == "/"
    assert len(valid_thru.box) == 4
    assert reading.resolution == "normal"  # 856x540 is over 760x480
    assert nhn_standin.calls["credit-card"] == 1


def test_small_card_photo_reads_as_low_resolution(engine):
    reading = engine.read(kind=CARD, content=card_png(width=600, height=380), filename="card.png")

    assert reading.resolution == "low"


def test_request_carries_the_documented_path_header_and_field(engine, nhn_standin):
    read_certificate(engine)

    sent = nhn_standin.requests[-1]
    assert sent.path == f"/v1.0/appkeys/{nhn_standin.app_key}/business"
    assert sent.authorization == nhn_standin.secret_key  # raw, no scheme word
    assert sent.content_type.startswith("multipart/form-data")
    assert sent.field_names == ["image"]
    assert sent.filename == "cert.png"
    assert sent.file_content_type == "image/png"


# --- Permanent failures: the same file would get the same paid answer --------------------------


@pytest.mark.parametrize(
    "code, service_message",
    [
        ("4000001", "Invalid parameter"),
        ("4000002", "Invalid file"),
        ("4000003", "Invalid file type"),
        ("4000004", "Uploaded file is empty"),
        ("4000005", "Required headers are missing"),
        ("4000101", "Invalid business registration number format"),
        ("4000102", "Business registration number does not exist"),
        ("4000111", "Credit card info not found"),
        ("4131000", "Request size is larger than the permissible limit"),
    ],
)
def test_refused_file_fails_permanently_after_one_call(engine, nhn_standin, sleeps, code, service_message):
    nhn_standin.script([code])

    with pytest.raises(PermanentOcrError) as caught:
        read_certificate(engine)

    assert type(caught.value) is PermanentOcrError
    assert caught.value.code == code
    assert caught.value.message == f"The OCR service refused this file: {service_message}"
    assert nhn_standin.calls["business"] == 1
    assert sleeps == []


def test_password_protected_pdf_fails_permanently_with_a_message_the_uploader_understands(engine, nhn_standin, sleeps):
    nhn_standin.script(["4000103"])

    with pytest.raises(PermanentOcrError) as caught:
        read_certificate(engine)

    assert caught.value.code == "4000103"
    assert "password-protected" in caught.value.message
    assert "without the password" in caught.value.message
    assert nhn_standin.calls["business"] == 1
    assert sleeps == []


def test_file_the_service_cannot_decode_fails_with_its_message(engine, nhn_standin):
    broken = certificate_png()[:2000]  # a PNG signature, then nothing decodable

    with pytest.raises(PermanentOcrError) as caught:
        read_certificate(engine, broken)

    assert caught.value.code == "4000002"
    assert "Invalid file" in caught.value.message
    assert nhn_standin.calls["business"] == 1


def test_blank_card_photo_reports_no_card_found(engine, nhn_standin):
    blank = io.BytesIO()
    Image.new("RGB", (856, 540), "white").save(blank, format="PNG")

    with pytest.raises(PermanentOcrError) as caught:
        engine.read(kind=CARD, content=blank.getvalue(), filename="card.png")

    assert caught.value.code == "4000111"
    assert nhn_standin.calls["credit-card"] == 1


# --- Retried failures ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["4000006", "-1", "5000001", "5003001"])
def test_transient_failure_is_retried_then_succeeds(engine, nhn_standin, sleeps, code):
    nhn_standin.script([code, code, "success"])

    reading = read_certificate(engine)

    assert reading.get("registration_number") is not None
    assert nhn_standin.calls["business"] == 3
    assert len(sleeps) == 2


def test_rate_limited_call_is_retried_then_succeeds(engine, nhn_standin, sleeps):
    nhn_standin.script(["4000006", "4000006", "success"])

    reading = read_certificate(engine)

    assert reading.fields
    assert nhn_standin.calls["business"] == 3


def test_backoff_grows_exponentially_with_full_jitter_and_a_cap(nhn_standin, sleeps):
    ceilings = []
    engine = NhnEngine.from_settings(
        sleep=sleeps,
        max_attempts=6,
        backoff_base=0.5,
        backoff_max=3.0,
        jitter=lambda low, high: ceilings.append((low, high)) or high,
    )
    nhn_standin.script(["4000006"] * 5 + ["success"])

    read_certificate(engine)

    assert ceilings == [(0, 0.5), (0, 1.0), (0, 2.0), (0, 3.0), (0, 3.0)]
    assert sleeps == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_real_jitter_stays_within_the_ceiling(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, max_attempts=3, backoff_base=0.2, backoff_max=10)
    nhn_standin.script(["5000001", "5000001", "success"])

    read_certificate(engine)

    assert 0 <= sleeps[0] <= 0.2 and 0 <= sleeps[1] <= 0.4


def test_retry_budget_exhausted_raises_retryable_after_exactly_max_attempts(nhn_standin, sleeps, settings):
    settings.NHN_OCR_MAX_ATTEMPTS = 3
    engine = NhnEngine.from_settings(sleep=sleeps)
    nhn_standin.script(["4000006"] * 10)

    with pytest.raises(RetryableOcrError) as caught:
        read_certificate(engine)

    assert caught.value.code == "4000006"
    assert nhn_standin.calls["business"] == 3
    assert len(sleeps) == 2  # no pointless wait after the last attempt


@pytest.mark.parametrize(
    "answer, code", [("http:502", "http_502"), ("http:503", "http_503"), ("not-json", "bad_answer")]
)
def test_gateway_page_or_non_json_answer_is_retried(engine, nhn_standin, answer, code, settings):
    nhn_standin.script([answer] * 4)

    with pytest.raises(RetryableOcrError) as caught:
        read_certificate(engine)

    assert caught.value.code == code
    assert nhn_standin.calls["business"] == settings.NHN_OCR_MAX_ATTEMPTS


def test_gateway_502_then_success_is_read(engine, nhn_standin):
    nhn_standin.script(["http:502", "success"])

    assert read_certificate(engine).fields
    assert nhn_standin.calls["business"] == 2


def test_gateway_retry_after_is_honoured_as_the_least_wait(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, backoff_base=0.01, backoff_max=5.0, jitter=lambda low, high: low)
    nhn_standin.script([{"status": 429, "headers": {"Retry-After": "2"}, "body": "Too Many Requests"}, "success"])

    assert read_certificate(engine).fields
    assert sleeps == [2.0]
    assert nhn_standin.calls["business"] == 2


def test_dropped_connection_is_retried(engine, nhn_standin):
    nhn_standin.script(["drop", "success"])

    assert read_certificate(engine).fields
    assert nhn_standin.calls["business"] == 2


def test_slow_service_times_out_and_is_retried(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, timeout=0.3, max_attempts=2)
    nhn_standin.latency = 1.0

    with pytest.raises(RetryableOcrError) as caught:
        read_certificate(engine)

    assert caught.value.code == "timeout"
    assert nhn_standin.calls["business"] == 2


def test_one_slow_answer_then_a_fast_one_is_read(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, timeout=0.3)
    nhn_standin.script(["sleep:1.0", "success"])

    assert read_certificate(engine).fields
    assert nhn_standin.calls["business"] == 2


def test_unreachable_service_is_retryable(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, base_url="http://127.0.0.1:9", max_attempts=2)

    with pytest.raises(RetryableOcrError) as caught:
        read_certificate(engine)

    assert caught.value.code == "network"
    assert len(sleeps) == 1


# --- Configuration problems: stop at once --------------------------------------------------------


@pytest.mark.parametrize("code", ["4010001", "4010002", "4010003", "4010004", "4010005"])
def test_credential_code_is_a_configuration_error_after_one_call(engine, nhn_standin, sleeps, code):
    nhn_standin.script([code])

    with pytest.raises(OcrConfigurationError) as caught:
        read_certificate(engine)

    assert caught.value.code == code
    assert "operator" in caught.value.message
    assert nhn_standin.calls["business"] == 1
    assert sleeps == []


def test_wrong_secret_key_is_refused_by_the_service_as_configuration(nhn_standin, sleeps, settings):
    settings.NHN_OCR_SECRET_KEY = "not-the-secret"
    engine = NhnEngine.from_settings(sleep=sleeps)

    with pytest.raises(OcrConfigurationError) as caught:
        read_certificate(engine)

    assert caught.value.code == "4010002"
    assert "not-the-secret" not in caught.value.message
    assert nhn_standin.calls["business"] == 1


def test_wrong_app_key_is_refused_by_the_service_as_configuration(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, app_key="another-app")

    with pytest.raises(OcrConfigurationError) as caught:
        read_certificate(engine)

    assert caught.value.code == "4010001"


def test_secret_sent_with_a_scheme_word_is_refused(nhn_standin, sleeps, settings):
    settings.NHN_OCR_SECRET_KEY = f"Bearer {nhn_standin.secret_key}"
    engine = NhnEngine.from_settings(sleep=sleeps)

    with pytest.raises(OcrConfigurationError):
        read_certificate(engine)


def test_wrong_base_url_path_gives_configuration_error_after_one_call(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, base_url=f"{nhn_standin.url}/ocr")

    with pytest.raises(OcrConfigurationError) as caught:
        read_certificate(engine)

    assert caught.value.code == "http_404"
    assert sleeps == []


def test_scripted_gateway_404_is_a_configuration_error(engine, nhn_standin):
    nhn_standin.script(["http:404"])

    with pytest.raises(OcrConfigurationError) as caught:
        read_certificate(engine)

    assert caught.value.code == "http_404"
    assert nhn_standin.calls["business"] == 1


@pytest.mark.parametrize("missing", ["NHN_OCR_APP_KEY", "NHN_OCR_SECRET_KEY"])
def test_missing_credentials_are_a_configuration_error_before_any_call(nhn_standin, settings, missing):
    setattr(settings, missing, "")

    with pytest.raises(OcrConfigurationError) as caught:
        get_engine()

    assert "NHN_OCR_APP_KEY" in caught.value.message and "NHN_OCR_SECRET_KEY" in caught.value.message
    assert sum(nhn_standin.calls.values()) == 0


# --- Shrinking ---------------------------------------------------------------------------------------


@pytest.fixture
def old_limit(nhn_standin, settings):
    """The 5 MB limit the service had before 2026-08-11 (and an operator may still set with the old host)."""
    settings.NHN_OCR_MAX_UPLOAD_MB = 5
    nhn_standin.max_request_bytes = 5 * 1024 * 1024
    return nhn_standin


def test_seven_megabyte_photo_is_sent_as_it_is_under_the_twenty_megabyte_limit(engine, nhn_standin):
    content = noisy_jpeg(width=4000, height=3000)
    assert 7 * 1024 * 1024 < len(content) < 20 * 1024 * 1024

    reading = read_certificate(engine, content)

    sent = nhn_standin.requests[-1]
    assert nhn_standin.calls["business"] == 1
    assert sent.file_size == len(content)  # not re-encoded, not made smaller
    assert sent.picture_size == (4000, 3000)
    assert [f.box[0] for f in reading.fields] == [(b["x1"], b["y1"]) for b in reading.raw["boxes"]]


def test_upload_limit_is_a_setting_in_megabytes(nhn_standin, settings):
    settings.NHN_OCR_MAX_UPLOAD_MB = 7.5

    assert NhnEngine.from_settings().max_upload_bytes == int(7.5 * 1024 * 1024)


def test_seven_megabyte_photo_is_shrunk_and_read_in_one_call_with_boxes_on_the_original(sleeps, old_limit):
    engine, nhn_standin = NhnEngine.from_settings(sleep=sleeps), old_limit
    width, height = 4000, 3000
    content = noisy_jpeg(width=width, height=height)
    assert len(content) > 7 * 1024 * 1024

    reading = read_certificate(engine, content)

    assert nhn_standin.calls["business"] == 1
    sent = nhn_standin.requests[-1]
    assert sent.body_size <= 5 * 1024 * 1024
    assert sent.file_content_type == "image/jpeg"
    sent_width, sent_height = sent.picture_size
    assert sent_width < width and sent_height < height  # re-encoding alone was not enough: it was made smaller
    assert reading.file_type == "jpg"
    for item, box in zip(reading.fields, reading.raw["boxes"], strict=True):
        assert item.box[0] == pytest.approx((box["x1"] * width / sent_width, box["y1"] * height / sent_height))
        assert item.box[2] == pytest.approx((box["x3"] * width / sent_width, box["y3"] * height / sent_height))
    assert max(x for f in reading.fields for x, _ in f.box) > sent_width * 0.5 * width / sent_width


def test_png_over_the_limit_is_sent_as_a_full_size_jpeg(sleeps, old_limit):
    engine, nhn_standin = NhnEngine.from_settings(sleep=sleeps), old_limit
    content = noisy_png(width=1800, height=1500)
    assert len(content) > 5 * 1024 * 1024

    reading = read_certificate(engine, content)

    sent = nhn_standin.requests[-1]
    assert nhn_standin.calls["business"] == 1
    assert (sent.filename, sent.file_content_type, sent.picture_size) == ("cert.jpg", "image/jpeg", (1800, 1500))
    assert reading.file_type == "png"  # what is stored, not what was sent
    assert [f.box[0] for f in reading.fields] == [(b["x1"], b["y1"]) for b in reading.raw["boxes"]]


def test_image_shrunk_to_a_lower_limit_has_its_boxes_scaled_back(nhn_standin, sleeps):
    engine = NhnEngine.from_settings(sleep=sleeps, max_upload_bytes=60_000)
    content = certificate_png(width=1654, height=2339)
    noisy = Image.open(io.BytesIO(content))
    noisy.paste(Image.frombytes("RGB", (400, 400), random.Random(1).randbytes(400 * 400 * 3)), (600, 1800))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")

    reading = read_certificate(engine, buffer.getvalue())

    sent = nhn_standin.requests[-1]
    assert sent.file_size <= 60_000
    scale_x, scale_y = 1654 / sent.picture_size[0], 2339 / sent.picture_size[1]
    assert scale_x > 1.2
    for item, box in zip(reading.fields, reading.raw["boxes"], strict=True):
        assert item.box[1] == pytest.approx((box["x2"] * scale_x, box["y2"] * scale_y))
        assert all(0 <= x <= 1654 and 0 <= y <= 2339 for x, y in item.box)


def test_large_pdf_is_sent_as_an_image_of_page_one_and_boxes_come_back_in_points(sleeps, old_limit):
    engine, nhn_standin = NhnEngine.from_settings(sleep=sleeps), old_limit
    pdf = _large_pdf()
    assert len(pdf) > 5 * 1024 * 1024

    reading = read_certificate(engine, pdf)

    assert nhn_standin.calls["business"] == 1
    assert nhn_standin.requests[-1].file_content_type == "image/jpeg"
    assert reading.unit == "point"
    assert reading.file_type == "pdf"
    for item in reading.fields:
        assert all(0 <= x <= 595 and 0 <= y <= 842 for x, y in item.box)  # an A4 page is 595x842 points


def _large_pdf() -> bytes:
    """An A4 page whose embedded photo makes the file over 5 MB."""
    photo = noise(2400, 2200)
    buffer = io.BytesIO()
    photo.save(buffer, format="PDF", resolution=2400 / 8.27, quality=95)
    return buffer.getvalue()
