"""bench/straight_through.py on a tiny set: the real pipeline with the NHN stand-in in truth mode and the
tax-office stand-in; it prints its figures and ends with one line of JSON (issue 11)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # about 40 s: it generates ten documents and migrates a fresh database


def test_a_tiny_run_prints_the_figures_and_ends_with_one_line_of_json(tmp_path):
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "straight_through.py"), "--certificates", "2", "--cards", "1",
         "--flawed", "1", "--engines", "nhn", "--json", "--keep", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=REPO, env=dict(os.environ),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    assert "clean documents straight through" in run.stdout
    report = json.loads(lines[-1])
    assert report["seed"] == 4242 and report["sample_rate"] == 0.0
    nhn = report["engines"]["nhn"]
    assert set(nhn["flaws"]) == {"bad_check_digit", "luhn", "low_resolution", "tax_office_mismatch",
                                 "closed_business", "expired_card"}
    for flaw in ("bad_check_digit", "luhn"):  # the rules that hold whatever the engine's confidence
        counts = nhn["flaws"][flaw]
        assert (counts["documents"], counts["reached_person"], counts["approved_automatically"]) == (1, 1, 0)
        assert {"after_automatic_approval", "failed", "reasons"} <= set(counts)
    assert nhn["approved_with_wrong_important_field"] == 0
    assert {"documents", "straight_through", "rate", "baseline_rate"} <= set(nhn["by_kind"]["business_certificate"])
