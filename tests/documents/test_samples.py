"""The sample generator (make_samples) and the OCR accuracy bench that reads its sets."""

import dataclasses
import datetime as dt
import importlib.util
import io
import json
import random
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image, ImageOps, ImageStat

from documents import samples
from documents.kinds import CARD_FIELDS, CERTIFICATE_FIELDS
from documents.ocr import Field, PermanentOcrError, Reading
from documents.ocr.fields import normalise
from documents.samples import (
    CARD_CONDITIONS,
    CARD_MIN,
    CERTIFICATE_CONDITIONS,
    CERTIFICATE_MIN,
    capture,
    data,
    fonts,
    generate,
    places,
)
from documents.samples.certificate import GENERATIONS, REDACTION_GREY, lay_out, random_certificate, wrap
from documents.samples.sheet import Frame, Mark, Rule, Sheet, Text
from documents.validation import card_number_is_valid, corporate_number_is_valid, registration_number_is_valid

REPO = Path(__file__).resolve().parents[2]
TAX_TYPES = {"일반과세자", "간이과세자", "면세사업자", "법인사업자"}


def _bench():
    """bench/ is scripts, not a package: load bench/ocr_accuracy.py as a module."""
    if "ocr_accuracy" not in sys.modules:
        spec = importlib.util.spec_from_file_location("ocr_accuracy", REPO / "bench" / "ocr_accuracy.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["ocr_accuracy"] = module
        spec.loader.exec_module(module)
    return sys.modules["ocr_accuracy"]


@pytest.fixture(scope="module")
def sample_set(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("samples")
    generate(directory=directory, certificates=8, cards=4, seed=11, low_res_share=0.5, flaw_share=0.34,
             redaction_share=0.25)
    return directory


@pytest.fixture(scope="module")
def default_set(tmp_path_factory) -> Path:
    """What `make_samples DIR --certificates 40 --cards 10` writes: the realistic mix."""
    directory = tmp_path_factory.mktemp("default")
    generate(directory=directory, certificates=40, cards=10, seed=7)
    return directory


def _truth(directory: Path) -> list[dict]:
    return json.loads((directory / "truth.json").read_text(encoding="utf-8"))


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
        return text
    finally:
        pdf.close()


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed(name: str, value: str, *, generation: str) -> str:
    """How the certificate prints a truth value (spaces aside)."""
    if name == "registration_number":
        return f"{value[:3]}-{value[3:5]}-{value[5:]}"
    if name == "corporate_number":
        return f"{value[:6]}-{value[6:]}"
    if name == "birth_date" and generation == "2000s":  # inside the masked resident number: 750101-1******
        return value[2:].replace("-", "") + "-"
    if name in ("opening_date", "issue_date", "birth_date"):
        year, month, day = value.split("-")
        return f"{year}년{month}월{day}일"
    if name == "tax_office":
        return value + "장"
    return value


def test_every_font_the_generator_uses_is_installed():
    assert fonts.missing_fonts() == []


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path):
    options = {"certificates": 5, "cards": 2, "low_res_share": 0.5, "flaw_share": 0.5, "redaction_share": 0.5,
               "conditions": {condition: 1 for condition in CERTIFICATE_CONDITIONS}}
    generate(directory=tmp_path / "a", seed=5, **options)
    generate(directory=tmp_path / "b", seed=5, **options)
    generate(directory=tmp_path / "c", seed=6, **options)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert {e["capture"] for e in _truth(tmp_path / "a")} >= {"pdf_text", "pdf_image", "photo"}
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert _truth(tmp_path / "a") != _truth(tmp_path / "c")


def test_the_same_seed_writes_the_same_truth_in_another_process(tmp_path):
    """What only some scans and card photos have (dust, a steep slant, a wooden table, a bed's edge, a card taken from
    further off) is drawn apart from the document's generator: it must not depend on anything of one process (a
    `hash` of the generator's state did, its None hashed by address, and the same seed gave other dusty scans in
    every run)."""
    script = ("import sys; from pathlib import Path; from documents.samples import generate; "
              "generate(directory=Path(sys.argv[1]), seed=11, certificates=12, cards=24, "
              "conditions={'scan': 2, 'photo': 1})")
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], check=True, cwd=Path(__file__).parents[2])
    assert _truth(tmp_path / "a") == _truth(tmp_path / "b")
    flaws = {flaw for entry in _truth(tmp_path / "a") for flaw in entry["flaws"]}
    assert {"dust", "steep", "grained_surface", "bed_edge", "far"} <= flaws


def test_truth_lists_every_written_file_with_canonical_fields_in_the_documented_formats(sample_set):
    truth = _truth(sample_set)
    assert {entry["file"] for entry in truth} == {p.name for p in sample_set.iterdir()} - {"truth.json"}
    assert sum(e["kind"] == "business_certificate" for e in truth) == 8
    assert sum(e["kind"] == "credit_card" for e in truth) == 4
    for entry in truth:
        fields = entry["fields"]
        assert entry["resolution"] in ("normal", "low")
        assert isinstance(entry["flaws"], list)
        assert entry["capture"] in CERTIFICATE_CONDITIONS
        if entry["kind"] == "credit_card":
            assert entry["generation"] == "front" and entry["capture"] in CARD_CONDITIONS
            assert set(fields) == set(CARD_FIELDS)
            assert card_number_is_valid(fields["card_number"]) and fields["card_number"].isdigit()
            assert len(fields["card_number"]) in (15, 16)
            assert re.fullmatch(r"(0[1-9]|1[0-2])/\d\d", fields["valid_thru"])
            continue
        assert entry["generation"] in GENERATIONS
        categories = fields.pop("business_categories")
        assert 1 <= len(categories) <= 7 and all(len(pair) == 2 and any(pair) for pair in categories)
        assert categories[0] == [fields["business_type"], fields["business_item"]]  # the main pair
        assert set(fields) <= set(CERTIFICATE_FIELDS)
        assert re.fullmatch(r"\d{10}", fields["registration_number"])
        assert fields["tax_type"] in TAX_TYPES
        assert fields["tax_office"].endswith("세무서")
        for name in ("opening_date", "issue_date", "birth_date"):
            if name in fields:
                assert dt.date.fromisoformat(fields[name]).isoformat() == fields[name]
        if fields["tax_type"] == "법인사업자":
            assert "birth_date" not in fields
            assert "corporate_number" not in fields or re.fullmatch(r"\d{13}", fields["corporate_number"])
        else:
            assert "corporate_number" not in fields
            assert "birth_date" not in fields or fields["birth_date"] < fields["opening_date"]
        for name, value in fields.items():  # truth is already in the form the engines normalise to
            assert normalise(name, value) == value, name


def test_a_default_set_holds_every_generation_condition_and_the_marks_of_real_certificates(default_set):
    truth = _truth(default_set)
    certificates = [e for e in truth if e["kind"] == "business_certificate"]
    assert {e["generation"] for e in certificates} == set(GENERATIONS)
    assert {e["capture"] for e in certificates} == set(CERTIFICATE_CONDITIONS)
    assert {e["capture"] for e in truth if e["kind"] == "credit_card"} == set(CARD_CONDITIONS)
    # an old form exists only on paper: never a Hometax print-to-image or a born-digital PDF
    assert not [e for e in certificates if e["generation"] == "2000s" and e["capture"] in ("print", "pdf_text")]
    flaws = Counter(flaw for e in certificates for flaw in e["flaws"])
    for flaw in ("watermark", "seal", "stamp", "note", "barcodes", "wrapped_address", "pre_opening_issue",
                 "extra_date", "redacted", "perspective", "yellowed", "skewed", "exif_rotated", "dust", "certifying"):
        assert flaws[flaw], flaw
    counts = Counter(len(e["fields"]["business_categories"]) for e in certificates)
    assert counts[1] and sum(n for rows, n in counts.items() if rows >= 3)
    pre_opening = [e for e in certificates if e["fields"]["issue_date"] < e["fields"]["opening_date"]]
    assert 0.15 < len(pre_opening) / len(certificates) < 0.6  # about a third, as in the real world
    assert all("pre_opening_issue" in e["flaws"] for e in pre_opening)
    widths = sorted(max(e["width"], e["height"]) if e["format"] != "pdf" or e["capture"] == "pdf_image"
                    else 2480 for e in certificates)
    assert widths[0] < 1000 and 1240 <= statistics.median(widths) <= 4000


def test_text_layer_pdfs_hold_every_truth_value_as_text(default_set):
    pdfs = [e for e in _truth(default_set) if e["capture"] == "pdf_text"]
    assert pdfs
    for entry in pdfs:
        assert entry["format"] == "pdf" and entry["resolution"] == "normal"
        text = _squeezed(_pdf_text(default_set / entry["file"]))
        assert "사업자등록증" in text
        for name, value in entry["fields"].items():
            if name == "business_categories":
                for kind, item in value:
                    assert _squeezed(kind + item) in text or _squeezed(item) in text, item
            elif name != "tax_type":
                assert _squeezed(_printed(name, value, generation=entry["generation"])) in text, (entry["file"], name)
            else:
                assert value in text


def test_image_only_pdfs_have_no_text_layer(default_set):
    entry = next(e for e in _truth(default_set) if e["capture"] == "pdf_image")
    assert _pdf_text(default_set / entry["file"]).strip() == ""


@pytest.mark.parametrize("generation", GENERATIONS)
def test_every_truth_value_is_printed_on_the_page_including_wrapped_addresses(generation):
    for seed in range(12):
        cert = random_certificate(rng=random.Random(seed), generation=generation)
        page, _ = lay_out(cert, rng=random.Random(seed))
        texts = [item for item in page.items if isinstance(item, Text)]
        runs = [item.text for item in texts]
        printed = _squeezed("".join(runs))
        # a category cell wrapped onto more lines is read down its column (`wrapped_category`)
        by_column = _squeezed("".join(t.text for t in sorted(texts, key=lambda t: (round(t.x), t.y))))
        for name, value in cert.fields.items():
            if name == "business_categories":
                assert all(_squeezed(item) in printed + by_column for _, item in value)
            elif name in ("business_type", "business_item"):
                assert _squeezed(value) in printed or _squeezed(value) in by_column, (generation, seed, name)
            elif name != "tax_type":
                assert _squeezed(_printed(name, value, generation=generation)) in printed, (generation, seed, name)
        if generation == "2000s" and not cert.corporate:  # a masked resident number, never a real one
            assert re.fullmatch(r"\d{6}-[1-4]\*{6}", cert.resident_number)
            assert cert.resident_number in runs


def test_certificates_print_what_real_ones_do_beyond_the_fields():
    """The certifying sentence, basement floors, buildings named in Latin letters, a complex's lettered buildings
    (`B동 11층`) and a legal form printed without its space (`주식회사서진이엔지`): each seen on documents nobody here
    made, each printed by some certificates."""
    seen: Counter = Counter()
    for seed in range(400):
        cert = random_certificate(rng=random.Random(seed))
        page, flaws = lay_out(cert, rng=random.Random(seed))
        addresses = cert.business_address + " " + (cert.head_office_address or "")
        seen["certifying"] += "certifying" in flaws and any(
            "증명합니다" in item.text for item in page.items if isinstance(item, Text))
        seen["basement"] += bool(re.search(r"지하\d층", addresses))
        seen["latin"] += bool(re.search(r", [^)]*[A-Z][^)]*\)$", addresses))
        seen["unspaced"] += bool(re.fullmatch(r"주식회사[가-힣]+", cert.company_name))
        seen["block"] += bool(re.search(r"[A-C]동 \d+층", addresses))
    assert all(seen[what] >= 2 for what in ("certifying", "basement", "latin", "unspaced", "block")), seen
    assert seen["certifying"] < 200, seen  # a share, not every certificate


def test_wrapped_lines_join_back_to_the_address_as_printed():
    address = "서울특별시 강남구 테헤란로31길 12,3층 301호(역삼동, 푸른마을아파트)"
    for mid_word in (False, True):
        lines = wrap(address, room=150, font="NanumGothic.ttf", size=11, mid_word=mid_word)
        assert len(lines) > 1
        joined = lines[0]
        for line in lines[1:]:
            between = address[len(joined)]
            joined += (" " if between == " " else "") + line
        assert joined == address
    assert wrap("테헤란로31길", room=500, font="NanumGothic.ttf", size=11, mid_word=True) == ["테헤란로31길"]


def test_a_redacted_field_is_covered_by_a_grey_box_and_left_out_of_the_truth():
    for seed in range(6):
        cert = random_certificate(rng=random.Random(seed), generation="current", redact=True)
        (hidden,) = cert.redacted
        value = getattr(cert, hidden)
        value = value.isoformat() if isinstance(value, dt.date) else value
        assert hidden not in cert.fields
        page, flaws = lay_out(cert, rng=random.Random(seed))
        printed = _squeezed("".join(item.text for item in page.items if isinstance(item, Text)))
        assert _squeezed(_printed(hidden, value, generation="current")) not in printed
        assert "redacted" in flaws
        assert any(isinstance(item, Frame) and item.fill == REDACTION_GREY for item in page.items)


def test_redacted_certificates_in_a_set_lack_a_personal_field(sample_set):
    redacted = [e for e in _truth(sample_set) if "redacted" in e["flaws"]]
    assert len(redacted) == 2  # 8 x 0.25
    for entry in redacted:
        fields = entry["fields"]
        personal = ["representative", "business_address",
                    "corporate_number" if fields["tax_type"] == "법인사업자" else "birth_date"]
        assert any(name not in fields for name in personal), entry["file"]


def _rotated_photos(take, *, wanted: int) -> list:
    """The first `wanted` shots, over seeds 0, 1, ..., that a phone stored turned (with an EXIF tag)."""
    shots = []
    for seed in range(60):
        shot = take(random.Random(seed))
        if "exif_rotated" in shot.flaws:
            shots.append(shot)
            if len(shots) == wanted:
                return shots
    raise AssertionError(f"fewer than {wanted} EXIF-rotated photos in 60 seeds")


def _dark_corner_is_top_left(shot) -> Image.Image:
    with Image.open(io.BytesIO(shot.content)) as stored:
        assert stored.size == shot.size
        assert stored.getexif()[0x0112] in (3, 6, 8)
        shown = ImageOps.exif_transpose(stored).convert("L")
    w, h = shown.size
    top_left = ImageStat.Stat(shown.crop((w * 3 // 10, h * 3 // 10, w * 4 // 10, h * 4 // 10))).mean[0]
    bottom_right = ImageStat.Stat(shown.crop((w * 6 // 10, h * 6 // 10, w * 7 // 10, h * 7 // 10))).mean[0]
    assert top_left < bottom_right - 60
    return shown


def test_exif_rotated_photos_look_upright_once_the_orientation_tag_is_honoured():
    page = Sheet()
    page.add(Frame(0, 0, page.width / 2, page.height / 2, fill=(0, 0, 0)))  # the top-left quarter dark
    for shot in _rotated_photos(lambda rng: capture.certificate(page, condition="photo", rng=rng, low=True,
                                                                created=dt.datetime(2024, 1, 2, 9)), wanted=2):
        shown = _dark_corner_is_top_left(shot)
        assert shown.height > shown.width  # an A4 page stands
    face = Image.new("RGB", (428, 270), "white")
    face.paste((0, 0, 0), (0, 0, 214, 135))
    for shot in _rotated_photos(lambda rng: capture.card(face, condition="photo", rng=rng, low=False), wanted=3):
        shown = _dark_corner_is_top_left(shot)
        assert shown.width > shown.height  # a card lies


def test_photos_show_the_page_on_a_darker_surface(default_set):
    photos = [e for e in _truth(default_set) if e["capture"] == "photo" and e["kind"] == "business_certificate"]
    assert photos
    for entry in photos:
        with Image.open(default_set / entry["file"]) as stored:
            shown = ImageOps.exif_transpose(stored).convert("L")
        w, h = shown.size
        middle = ImageStat.Stat(shown.crop((w // 3, h // 3, 2 * w // 3, 2 * h // 3))).mean[0]
        edge = ImageStat.Stat(shown.crop((0, 0, w, max(2, h // 60)))).mean[0]
        assert edge < middle - 40, entry["file"]


def test_registration_numbers_carry_a_valid_check_digit_unless_flawed_on_purpose(sample_set):
    certificates = [e for e in _truth(sample_set) if e["kind"] == "business_certificate"]
    flawed = [e for e in certificates if "bad_check_digit" in e["flaws"]]
    assert len(flawed) == 3  # 8 x 0.34, rounded
    for entry in certificates:
        valid = registration_number_is_valid(entry["fields"]["registration_number"])
        assert valid is (entry not in flawed), entry["file"]


def test_corporate_numbers_carry_a_valid_check_digit(default_set):
    assert corporate_number_is_valid("1301110006246")  # a real one, checked by hand (weights 1, 2, 1, 2, ...)
    assert not corporate_number_is_valid("1301110006247")
    corporate = [e["fields"]["corporate_number"] for e in _truth(default_set) if "corporate_number" in e["fields"]]
    assert corporate and all(corporate_number_is_valid(number) for number in corporate)


def test_low_resolution_images_really_are_below_the_thresholds_and_normal_ones_above(sample_set):
    truth = _truth(sample_set)
    assert any(e["resolution"] == "low" for e in truth if e["kind"] == "credit_card")
    assert any(e["resolution"] == "low" for e in truth if e["kind"] == "business_certificate")
    for entry in truth:
        if entry["format"] == "pdf":
            assert (sample_set / entry["file"]).read_bytes().startswith(b"%PDF-")
            assert entry["resolution"] == "normal"
            continue
        with Image.open(sample_set / entry["file"]) as image:
            size = image.size
        assert size == (entry["width"], entry["height"])
        long_min, short_min = CERTIFICATE_MIN if entry["kind"] == "business_certificate" else CARD_MIN
        if entry["resolution"] == "low":
            assert max(size) < long_min and min(size) < short_min and "low_res" in entry["flaws"], entry
        else:
            assert max(size) >= long_min and min(size) >= short_min, entry


def test_make_samples_command_writes_the_set_and_says_where(tmp_path, capsys):
    call_command("make_samples", str(tmp_path), "--certificates", "2", "--cards", "1", "--seed", "3",
                 "--conditions", "pdf_text", "--generations", "2000s=1,current=1")
    truth = _truth(tmp_path)
    assert [e["kind"] for e in truth] == ["business_certificate", "business_certificate", "credit_card"]
    assert {e["generation"] for e in truth[:2]} == {"2000s", "current"}
    assert [e["capture"] for e in truth] == ["pdf_text", "pdf_text", "print"]  # cards are never PDFs
    assert "seed 3" in capsys.readouterr().out


def test_make_samples_command_refuses_an_unknown_condition(tmp_path):
    with pytest.raises(CommandError, match="conditions"):
        call_command("make_samples", str(tmp_path), "--conditions", "fax")


# ------------------------------------------------------------------ the bench's plumbing, with an engine of our own


@dataclasses.dataclass(frozen=True)
class _IndexedField(Field):
    """A field with the occurrence number the contract adds to `Field` (repeated 업태/종목 pairs)."""

    index: int = 0


class _ScriptedEngine:
    """Answers from a script: file name -> fields (name -> (value, confidence)), or a list of fields for repeated
    names; absent file -> unreadable."""

    name = "scripted"

    def __init__(self, script: dict[str, dict[str, tuple[str, float]] | list[Field]], *, low: set[str] = frozenset()):
        self.script, self.low = script, low

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        if filename not in self.script:
            raise PermanentOcrError("nothing found", code="empty")
        answer = self.script[filename]
        fields = answer if isinstance(answer, list) else [
            Field(name=n, raw_key=n, raw_text=v, value=v, confidence=c, box=()) for n, (v, c) in answer.items()
        ]
        return Reading(fields=fields, resolution="low" if filename in self.low else "normal", unit="pixel",
                       file_type="png")


def _field(name: str, value: str, *, confidence: float = 0.95, index: int = 0) -> Field:
    return _IndexedField(name=name, raw_key=name, raw_text=value, value=value, confidence=confidence, box=(),
                         index=index)


def _write_set(directory: Path, truth: list[dict]) -> None:
    directory.mkdir(exist_ok=True)
    for entry in truth:
        Image.new("RGB", (40, 20), "white").save(directory / entry["file"])
    (directory / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")


def test_bench_scores_right_wrong_missing_and_confidently_wrong_fields_on_a_set_it_has_never_seen(tmp_path):
    bench = _bench()
    truth = [  # only the guaranteed keys; a number printed with dashes
        {"file": "a.png", "kind": "business_certificate",
         "fields": {"registration_number": "116-82-00276", "company_name": "한빛상회", "opening_date": "2015-03-02"}},
        {"file": "b.png", "kind": "credit_card", "fields": {"card_number": "4111111111111111", "valid_thru": "07/29"}},
        {"file": "c.png", "kind": "credit_card", "fields": {"card_number": "5500000000000004", "valid_thru": "01/30"}},
    ]
    _write_set(tmp_path, truth)
    engine = _ScriptedEngine({
        "a.png": {"registration_number": ("1168200276", 0.99), "company_name": ("한빛 상회", 0.95),
                  "opening_date": ("2015 년 03 월 02 일", 0.97)},
        "b.png": {"card_number": ("4111 1111 1111 1111", 0.98)},  # valid_thru missing
    })
    report = bench.evaluate(directory=tmp_path, engine=engine, tesseract=False)
    summary = report.summary()
    assert set(summary) == {"certificate_field_accuracy", "card_field_accuracy", "confident_wrong_rate", "documents",
                            "median_seconds", "tesseract_median_seconds", "median_seconds_by_kind",
                            "category_accuracy", "by_generation", "by_capture", "threshold", "reliability",
                            "straight_through"}
    assert summary["certificate_field_accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # 한빛 상회 != 한빛상회
    assert summary["card_field_accuracy"] == pytest.approx(1 / 4, abs=1e-4)  # c.png unreadable, b.png has no expiry
    assert summary["confident_wrong_rate"] == pytest.approx(1 / 7, abs=1e-4)  # only 한빛 상회 is wrong and sure
    assert summary["documents"] == 3 and summary["tesseract_median_seconds"] is None
    assert [o.would_pass for o in report.outcomes] == [True, False, False]
    text = bench.render_text(report, truth=truth, show_errors=True)
    assert "5500000000000004" not in text and "550000******0004" in text
    assert "engine errors: 1" in text


def test_bench_reports_low_resolution_and_bad_check_digits_from_the_extras(tmp_path):
    bench = _bench()
    truth = [
        {"file": "a.png", "kind": "business_certificate", "fields": {"registration_number": "1168200275"},
         "resolution": "low", "flaws": ["bad_check_digit", "low_res"]},
        {"file": "b.png", "kind": "business_certificate", "fields": {"registration_number": "1348672680"},
         "resolution": "normal", "flaws": ["bad_check_digit"]},
    ]
    _write_set(tmp_path, truth)
    engine = _ScriptedEngine({"a.png": {"registration_number": ("1168200275", 0.5)},
                              "b.png": {"registration_number": ("1348672680", 0.95)}}, low={"a.png"})
    text = bench.render_text(bench.evaluate(directory=tmp_path, engine=engine, tesseract=False), truth=truth)
    assert "low-resolution images reported low: 1/1" in text
    assert "bad check digits given confidence < 0.9: 1/2" in text


@pytest.mark.slow
def test_bench_with_the_local_engine_ends_with_one_json_line(sample_set, capsys):
    bench = _bench()
    assert bench.main([str(sample_set), "--engine", "local", "--json", "--limit", "2"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    summary = json.loads(last)
    assert summary["documents"] == 2 and summary["tesseract_median_seconds"] > 0
    # the overhead is judged kind by kind: a card's median beside the bare command's on the same cards
    card = summary["median_seconds_by_kind"]["card"]
    assert card["ratio"] == pytest.approx(card["engine"] / card["tesseract"], rel=1e-2)
    assert 0 <= summary["certificate_field_accuracy"] <= 1 and 0 <= summary["card_field_accuracy"] <= 1


def test_bench_pairs_business_categories_by_index_or_else_in_reading_order(tmp_path):
    bench = _bench()
    categories = [["도매 및 소매업", "화장품, 생활용품,잡화"], ["", "통신판매업"], ["제조업", "전자부품 제조업"]]
    truth = [{"file": name, "kind": "business_certificate",
              "fields": {"business_type": "도매 및 소매업", "business_item": "화장품, 생활용품,잡화",
                         "business_categories": categories}} for name in ("a.png", "b.png", "c.png")]
    _write_set(tmp_path, truth)
    in_order = [_field("business_type", "도매 및 소매업"), _field("business_item", "화장품, 생활용품,잡화"),
                _field("business_item", "통신판매업"), _field("business_type", "제조업"),
                _field("business_item", "전자부품 제조업")]
    numbered = [_field("business_item", "전자부품 제조업", index=2), _field("business_type", "제조업", index=2),
                _field("business_item", "통신판매업", index=1), _field("business_type", "도매 및 소매업", index=0),
                _field("business_item", "화장품, 생활용품,잡화", index=0)]
    engine = _ScriptedEngine({"a.png": in_order, "b.png": numbered, "c.png": numbered[2:]})
    report = bench.evaluate(directory=tmp_path, engine=engine, tesseract=False)
    # a.png has no index: in reading order the blank type of row 1 shifts 제조업 up a row; only `index` can tell
    assert [o.categories for o in report.outcomes] == [(1, 3, False), (3, 3, True), (2, 3, False)]
    assert report.summary()["category_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert "business categories (every 업태/종목 pair, in order): 1/3 (33%) certificates" in bench.render_text(
        report, truth=truth)


def test_bench_takes_the_main_category_from_the_first_row_not_the_next_rows_item(tmp_path):
    """The main item unread and the second row's read: the product stores and shows the main item as missing (its
    fields of `index` 0), and the bench scores what the product shows, not the second row's item as a wrong main."""
    bench = _bench()
    categories = [["교육 서비스업", "일반 교과 학원"], ["숙박 및 음식점업", "한식 일반 음식점업"]]
    truth = [{"file": "a.png", "kind": "business_certificate",
              "fields": {"business_type": "교육 서비스업", "business_item": "일반 교과 학원",
                         "business_categories": categories}}]
    _write_set(tmp_path, truth)
    engine = _ScriptedEngine({"a.png": [
        _field("business_type", "교육 서비스업", confidence=0.89),
        _field("business_type", "숙박 및 음식점업", confidence=0.89, index=1),
        _field("business_item", "한식 일반 음식점업", confidence=0.95, index=1)]})

    outcome = bench.evaluate(directory=tmp_path, engine=engine, tesseract=False).outcomes[0]

    assert outcome.fields["business_item"] == (False, None)  # missing, not wrong at 0.95
    assert outcome.confident_wrong == 0
    assert outcome.categories == (1, 2, False)


def test_bench_tables_results_by_generation_and_capture_condition(tmp_path):
    bench = _bench()
    truth = [
        {"file": "a.png", "kind": "business_certificate", "generation": "2000s", "capture": "scan",
         "fields": {"registration_number": "1168200276", "company_name": "한빛상회"}},
        {"file": "b.png", "kind": "business_certificate", "generation": "current", "capture": "scan",
         "fields": {"registration_number": "1348672680", "company_name": "다온커피"}},
        {"file": "c.png", "kind": "credit_card", "generation": "front", "capture": "photo",
         "fields": {"card_number": "4111111111111111", "valid_thru": "07/29"}},
    ]
    _write_set(tmp_path, truth)
    engine = _ScriptedEngine({
        "a.png": {"registration_number": ("1168200276", 0.99), "company_name": ("한빛상점", 0.95)},
        "b.png": {"registration_number": ("1348672680", 0.99), "company_name": ("다온커피", 0.8)},
        "c.png": {"card_number": ("4111111111111111", 0.99), "valid_thru": ("07/29", 0.99)},
    })
    report = bench.evaluate(directory=tmp_path, engine=engine, tesseract=False)
    summary = report.summary()
    assert list(summary["by_generation"]) == ["2000s", "current", "front"]
    assert summary["by_generation"]["2000s"] | {"median_seconds": 0} == {
        "documents": 1, "field_accuracy": 0.5, "all_right": 0, "confident_wrong": 1, "median_seconds": 0}
    assert summary["by_capture"]["certificate scan"]["field_accuracy"] == 0.75
    assert summary["by_capture"]["card photo"]["all_right"] == 1
    text = bench.render_text(report, truth=truth)
    assert "== by generation" in text and "== by capture" in text
    row = next(line for line in text.splitlines() if line.startswith("certificate scan"))
    assert row.split()[2:6] == ["2", "3/4", "(75.0%)", "1/2"]



def test_bench_tables_how_often_each_confidence_level_is_wrong_and_the_straight_through_ceiling(tmp_path):
    bench = _bench()
    truth = [
        {"file": "a.png", "kind": "business_certificate", "resolution": "normal", "flaws": [],
         "fields": {"registration_number": "1168200276", "company_name": "한빛상회", "representative": "김우주",
                    "opening_date": "2015-03-02", "tax_type": "일반과세자", "business_item": "커피"}},
        {"file": "b.png", "kind": "business_certificate", "resolution": "normal", "flaws": [],
         "fields": {"registration_number": "1348672680", "company_name": "다온커피", "representative": "이다온",
                    "opening_date": "2019-07-01", "tax_type": "간이과세자"}},
        {"file": "c.png", "kind": "business_certificate", "resolution": "normal", "flaws": ["bad_check_digit"],
         "fields": {"registration_number": "1348672681", "company_name": "새봄", "representative": "박새봄",
                    "opening_date": "2019-07-01", "tax_type": "간이과세자"}},
        {"file": "d.png", "kind": "credit_card", "fields": {"card_number": "4111111111111111", "valid_thru": "07/20"}},
    ]
    _write_set(tmp_path, truth)
    sure = 0.96
    engine = _ScriptedEngine({
        # every important field sure; an unimportant item unsure does not matter
        "a.png": {"registration_number": ("1168200276", sure), "company_name": ("한빛상회", sure),
                  "representative": ("김우주", sure), "opening_date": ("2015-03-02", 0.92),
                  "tax_type": ("일반과세자", sure), "business_item": ("커피", 0.4)},
        # a wrong name read surely: the table must show it at >= 0.95
        "b.png": {"registration_number": ("1348672680", sure), "company_name": ("다온커피", sure),
                  "representative": ("이다은", sure), "opening_date": ("2019-07-01", 0.75),
                  "tax_type": ("간이과세자", sure)},
        "c.png": {"registration_number": ("1348672681", 0.5), "company_name": ("새봄", sure),
                  "representative": ("박새봄", sure), "opening_date": ("2019-07-01", sure),
                  "tax_type": ("간이과세자", sure)},
        "d.png": {"card_number": ("4111111111111111", sure), "valid_thru": ("07/20", 0.5)},  # expired: not clean
    })
    report = bench.evaluate(directory=tmp_path, engine=engine, tesseract=False)
    reliability = report.summary()["reliability"]["certificate"]
    assert reliability["representative"]["bins"][">=0.95"] == {"readings": 3, "wrong": 1}
    assert reliability["representative"]["at_threshold"] == {"readings": 3, "wrong": 1, "error_rate": 0.3333}
    assert reliability["opening_date"]["bins"]["0.9-0.95"] == {"readings": 1, "wrong": 0}
    assert reliability["opening_date"]["bins"]["0.7-0.8"] == {"readings": 1, "wrong": 0}
    assert reliability["registration_number"]["at_threshold"]["readings"] == 2
    # b.png has an unsure opening date, c.png a wrong check digit (not clean); only a.png could go straight through
    assert report.summary()["straight_through"] == {
        "certificate": {"clean": 2, "important_confident": 1, "with_wrong_important_field": 0, "rate": 0.5},
        "card": {"clean": 0, "important_confident": 0, "with_wrong_important_field": 0, "rate": None}}
    text = bench.render_text(report, truth=truth)
    table = text.split("reliability (readings/wrong per confidence bin", 1)[1].splitlines()
    row = next(line for line in table if line.startswith("representative"))
    assert row.split() == ["representative", "-", "-", "-", "-", "-", "3/1", "3", "1", "33.3%"]
    assert "clean documents with every important field at >= 0.9 1/2 (50%)" in text


def test_barcode_strips_lie_in_the_margin_under_the_tax_office_however_long_the_page():
    """A long page (many category rows, a wrapped address) pushes 세무서장 down: the strips stay under it and under
    the notice printed below it, on the page, as real certificates print them."""
    lowest_office = 0.0
    for generation in ("2018", "current"):
        for seed in range(40):
            page, flaws = lay_out(random_certificate(rng=random.Random(seed), generation=generation),
                                  rng=random.Random(seed))
            if "barcodes" not in flaws:
                continue
            office = next(item for item in page.items if isinstance(item, Text) and item.text.endswith("세무서장"))
            note = next((item for item in page.items if isinstance(item, Text) and item.text.startswith("※")), None)
            lowest_office = max(lowest_office, office.y)
            strips = [item for item in page.items
                      if isinstance(item, Mark) and (item.x1 - item.x0) > 4 * (item.y1 - item.y0)]
            assert strips, (generation, seed)
            for strip in strips:
                assert office.y + office.size * 0.2 < strip.y0 and strip.y1 <= page.height, (generation, seed)
                assert note is None or note.y < strip.y0, (generation, seed)  # the notice under it too
    assert lowest_office > page.height - 120  # some pages were long enough to bring the office near the strips


def test_about_half_the_2000s_certificates_are_boxed_tables_with_labels_in_a_ruled_column():
    laid = []
    for seed in range(16):
        cert = random_certificate(rng=random.Random(seed), generation="2000s")
        laid.append(lay_out(cert, rng=random.Random(seed)))
    boxed = [page for page, flaws in laid if "boxed" in flaws]
    assert 4 <= len(boxed) <= 12
    for page in boxed:
        verticals = [item for item in page.items if isinstance(item, Rule) and item.x0 == item.x1]
        assert len(verticals) == 3  # the table's two sides and the rule after the label column
        assert not [item for item in page.items if isinstance(item, Text) and item.text == ":"]


def test_the_stacked_layout_leaves_every_other_card_of_a_seed_as_it_was(tmp_path, monkeypatch):
    """Card 5 of seed 11 is drawn stacked (its own generator): it alone changes; the others keep their bytes."""
    from documents.samples import card as samples_card

    with_stacked = generate(directory=tmp_path / "a", certificates=0, cards=8, seed=11)
    monkeypatch.setattr(samples_card, "STACKED_SHARE", 0.0)
    without = generate(directory=tmp_path / "b", certificates=0, cards=8, seed=11)

    stacked = [entry["file"] for entry in with_stacked if "stacked" in entry["flaws"]]
    assert stacked == ["card-005.jpg"]
    for before, after in zip(without, with_stacked, strict=True):
        if after["file"] not in stacked:
            assert (tmp_path / "b" / before["file"]).read_bytes() == (tmp_path / "a" / after["file"]).read_bytes()
    (entry,) = [e for e in with_stacked if e["file"] in stacked]
    assert len(entry["fields"]["card_number"]) == 16  # an Amex 4-6-5 number does not stack


def test_held_out_faces_print_the_same_certificates_in_other_typefaces_of_businesses_anywhere(tmp_path):
    options = {"certificates": 4, "cards": 0, "seed": 8, "conditions": {"print": 1}}
    tuning = generate(directory=tmp_path / "tuning", **options)
    held_out = generate(directory=tmp_path / "held-out", faces="held-out", **options)

    where = {"business_address", "head_office_address"}
    assert [{k: v for k, v in e["fields"].items() if k not in where} for e in held_out] == [
        {k: v for k, v in e["fields"].items() if k not in where} for e in tuning]
    addresses = [e["fields"]["business_address"] for e in held_out]
    assert len(set(addresses)) == 4
    assert any(not any(address.startswith(f"{province} {district} ") for province, district, _, _ in data.PLACES)
               for address in addresses)
    for address in addresses:  # a district of the national list, and one of its own dongs
        assert any(address.startswith(f"{province} {district} ") and any(dong in address for dong in dongs)
                   for province, district, _, dongs in places.everywhere())
    for entry in tuning:
        printed = (tmp_path / "tuning" / entry["file"]).read_bytes()
        assert (tmp_path / "held-out" / entry["file"]).read_bytes() != printed
    with pytest.raises(CommandError):
        call_command("make_samples", str(tmp_path / "bad"), "--faces", "comic")


def test_held_out_faces_print_the_same_cards_in_digits_the_reader_has_no_templates_of(tmp_path):
    from documents.ocr.local.card_digits import TEMPLATE_FONTS

    options = {"certificates": 0, "cards": 6, "seed": 8, "conditions": {"print": 1}}
    tuning = generate(directory=tmp_path / "tuning", **options)
    held_out = generate(directory=tmp_path / "held-out", faces="held-out", **options)

    assert [(e["fields"], e["flaws"]) for e in held_out] == [(e["fields"], e["flaws"]) for e in tuning]
    for entry in tuning:
        printed = (tmp_path / "tuning" / entry["file"]).read_bytes()
        if "ocr_a" not in entry["flaws"]:  # OCR-A is one standard face on every card: the same in both
            assert (tmp_path / "held-out" / entry["file"]).read_bytes() != printed
    faces = fonts.CARD_FACES["held-out"]
    assert not {str(path) for path in (*faces.numbers, faces.embossing)} & set(TEMPLATE_FONTS)
    assert len(faces.numbers) == len(fonts.CARD_FACES["tuning"].numbers)  # the same picks, card for card


def test_a_long_category_name_in_a_narrow_cell_is_printed_on_two_lines_broken_at_a_space():
    """Some forms print a category in a narrow cell: a long name goes on a second line under its first, at the same
    left edge (an independent Hometax-like set's 2018 forms); the truth holds the whole name."""
    wrapped = []
    for seed in range(40):
        cert = random_certificate(rng=random.Random(seed), generation="2018")
        page, flaws = lay_out(cert, rng=random.Random(seed))
        if "wrapped_category" not in flaws:
            continue
        runs = [item for item in page.items if isinstance(item, Text)]
        names = {name for pair in cert.categories for name in pair if name}
        wrapped += [(first.text, then.text) for first in runs for then in runs
                    if then.x == first.x and 0 < then.y - first.y < 2 * first.size
                    and f"{first.text} {then.text}" in names]
    assert len(wrapped) >= 3


def test_a_card_photo_taken_sideways_has_its_far_side_shorter():
    from documents.samples.capture import _quad

    for seed in range(20):
        corners = _quad(rng=random.Random(seed), centre=(500, 400), size=(600, 380), tilt=0.0, keystone=0.3,
                        sideways=True)
        left = corners[3][1] - corners[0][1]
        right = corners[2][1] - corners[1][1]
        assert min(left, right) < 0.8 * max(left, right)  # one side of the card seen further off than the other
        top = corners[1][0] - corners[0][0]
        assert top > 0.95 * 600  # its top and bottom as long as ever


@pytest.mark.slow
def test_a_whole_pages_card_scan_is_from_a_dusty_glass_or_a_clean_one(tmp_path):
    # a tenth independent set's whole-page scans had no speck on them; the ninth's were dusty
    pages = [entry["flaws"] for index in range(60)
             if "page" in (entry := samples._card(seed=4321, index=index, condition="scan", low=False,
                                                  directory=tmp_path, faces="tuning"))["flaws"]]

    assert any("dust" in flaws for flaws in pages) and any("dust" not in flaws for flaws in pages)


@pytest.mark.slow
def test_some_card_photos_show_the_card_upside_down_and_the_rest_stay_as_they_were(tmp_path, monkeypatch):
    # an eleventh independent set's photos: two cards of ten lay upside down on the table
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    photos = [samples._card(seed=77, index=index, condition="photo", low=False, directory=tmp_path / "a")
              for index in range(10)]
    monkeypatch.setattr(capture, "UPSIDE_DOWN_SHARE", 0.0)
    upright = [samples._card(seed=77, index=index, condition="photo", low=False, directory=tmp_path / "b")
               for index in range(10)]

    turned = [i for i, entry in enumerate(photos) if "upside_down" in entry["flaws"]]
    assert turned
    assert all((tmp_path / "a" / photos[i]["file"]).read_bytes() == (tmp_path / "b" / upright[i]["file"]).read_bytes()
               for i in range(10) if i not in turned)
