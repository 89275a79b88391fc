"""The sample generator (make_samples) and the OCR accuracy bench that reads its sets."""

import datetime as dt
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from documents.kinds import CARD_FIELDS, CERTIFICATE_FIELDS
from documents.ocr import Field, PermanentOcrError, Reading
from documents.ocr.fields import normalise
from documents.samples import CARD_MIN, CERTIFICATE_MIN, fonts, generate
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
    generate(directory=directory, certificates=6, cards=4, seed=11, low_res_share=0.5, flaw_share=0.34,
             pdf_share=0.34)
    return directory


def _truth(directory: Path) -> list[dict]:
    return json.loads((directory / "truth.json").read_text(encoding="utf-8"))


def test_every_font_the_generator_uses_is_installed():
    assert fonts.missing_fonts() == []


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path):
    options = {"certificates": 2, "cards": 2, "low_res_share": 0.5, "flaw_share": 0.5, "pdf_share": 0.5}
    generate(directory=tmp_path / "a", seed=5, **options)
    generate(directory=tmp_path / "b", seed=5, **options)
    generate(directory=tmp_path / "c", seed=6, **options)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert any(name.endswith(".pdf") for name in names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert _truth(tmp_path / "a") != _truth(tmp_path / "c")


def test_truth_lists_every_written_file_with_canonical_fields_in_the_documented_formats(sample_set):
    truth = _truth(sample_set)
    assert {entry["file"] for entry in truth} == {p.name for p in sample_set.iterdir()} - {"truth.json"}
    assert sum(e["kind"] == "business_certificate" for e in truth) == 6
    assert sum(e["kind"] == "credit_card" for e in truth) == 4
    for entry in truth:
        fields = entry["fields"]
        assert entry["resolution"] in ("normal", "low")
        assert isinstance(entry["flaws"], list)
        if entry["kind"] == "credit_card":
            assert set(fields) == set(CARD_FIELDS)
            assert card_number_is_valid(fields["card_number"]) and fields["card_number"].isdigit()
            assert len(fields["card_number"]) in (15, 16)
            assert re.fullmatch(r"(0[1-9]|1[0-2])/\d\d", fields["valid_thru"])
            continue
        assert set(fields) <= set(CERTIFICATE_FIELDS)
        assert re.fullmatch(r"\d{10}", fields["registration_number"])
        assert fields["tax_type"] in TAX_TYPES
        assert fields["tax_office"].endswith("세무서")
        for name in ("opening_date", "issue_date", "birth_date"):
            if name in fields:
                assert dt.date.fromisoformat(fields[name]).isoformat() == fields[name]
        assert fields["opening_date"] < fields["issue_date"]
        if fields["tax_type"] == "법인사업자":
            assert re.fullmatch(r"\d{13}", fields["corporate_number"]) and "birth_date" not in fields
        else:
            assert fields["birth_date"] < fields["opening_date"] and "corporate_number" not in fields
        for name, value in fields.items():  # truth is already in the form the engines normalise to
            assert normalise(name, value) == value, name


def test_registration_numbers_carry_a_valid_check_digit_unless_flawed_on_purpose(sample_set):
    certificates = [e for e in _truth(sample_set) if e["kind"] == "business_certificate"]
    flawed = [e for e in certificates if "bad_check_digit" in e["flaws"]]
    assert len(flawed) == 2  # 6 x 0.34, rounded
    for entry in certificates:
        valid = registration_number_is_valid(entry["fields"]["registration_number"])
        assert valid is (entry not in flawed), entry["file"]


def test_corporate_numbers_carry_a_valid_check_digit(sample_set):
    assert corporate_number_is_valid("1301110006246")  # a real one, checked by hand (weights 1, 2, 1, 2, ...)
    assert not corporate_number_is_valid("1301110006247")
    corporate = [e["fields"]["corporate_number"] for e in _truth(sample_set) if "corporate_number" in e["fields"]]
    assert corporate and all(corporate_number_is_valid(number) for number in corporate)


def test_low_resolution_images_really_are_below_the_thresholds_and_normal_ones_above(sample_set):
    truth = _truth(sample_set)
    assert any(e["resolution"] == "low" for e in truth if e["kind"] == "credit_card")
    assert any(e["resolution"] == "low" for e in truth if e["kind"] == "business_certificate")
    for entry in truth:
        if entry["file"].endswith(".pdf"):
            assert (sample_set / entry["file"]).read_bytes().startswith(b"%PDF-")
            assert entry["resolution"] == "normal"
            continue
        with Image.open(sample_set / entry["file"]) as image:
            size = image.size
        assert size == (entry["width"], entry["height"])
        long_min, short_min = CERTIFICATE_MIN if entry["kind"] == "business_certificate" else CARD_MIN
        if entry["resolution"] == "low":
            assert size[0] < long_min and min(size) < short_min and "low_res" in entry["flaws"], entry
        else:
            assert size[0] >= long_min and min(size) >= short_min, entry


def test_make_samples_command_writes_the_set_and_says_where(tmp_path, capsys):
    call_command("make_samples", str(tmp_path), "--certificates", "1", "--cards", "1", "--seed", "3")
    truth = _truth(tmp_path)
    assert [e["kind"] for e in truth] == ["business_certificate", "credit_card"]
    assert "seed 3" in capsys.readouterr().out


# ------------------------------------------------------------------ the bench's plumbing, with an engine of our own


class _ScriptedEngine:
    """Answers from a script: file name -> fields (name -> (value, confidence)); absent file -> unreadable."""

    name = "scripted"

    def __init__(self, script: dict[str, dict[str, tuple[str, float]]], *, low: set[str] = frozenset()):
        self.script, self.low = script, low

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading:
        if filename not in self.script:
            raise PermanentOcrError("nothing found", code="empty")
        fields = [Field(name=n, raw_key=n, raw_text=v, value=v, confidence=c, box=())
                  for n, (v, c) in self.script[filename].items()]
        return Reading(fields=fields, resolution="low" if filename in self.low else "normal", unit="pixel",
                       file_type="png")


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
                            "median_seconds", "tesseract_median_seconds"}
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
    assert 0 <= summary["certificate_field_accuracy"] <= 1 and 0 <= summary["card_field_accuracy"] <= 1
