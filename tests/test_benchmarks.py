"""The benchmarks' contracts: each ends with one line of JSON carrying the figures bench/README.md quotes.
Tiny runs, as subprocesses the way they are run by hand; marked slow (each migrates a fresh database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list[str], *, env: dict[str, str]) -> dict:
    completed = subprocess.run(
        [sys.executable, *args, "--json"], cwd=REPO, env=os.environ | env, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_status_dispatch_reports_the_products_time_and_every_business_checked(tmp_path):
    result = _run(["bench/status_dispatch.py", "-n", "250"], env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"})
    assert result["businesses"] == result["checked"] == 250
    assert result["provider_calls"] == 3 and result["due_again"] == 0
    assert result["memory_run"] is False and result["peak_traced_mib"] is None
    assert result["seconds"] > 0 and result["queries_per_1000"] > 0


def test_pipeline_overhead_reports_overhead_and_the_no_op_baseline(tmp_path):
    env = {"CELERY_BROKER_URL": "", "DATABASE_URL": ""}  # the embedded defaults, whatever the suite runs on
    result = _run(["bench/pipeline_overhead.py", "--documents", "2"], env=env)
    assert result["documents"] == 2
    assert result["median_overhead_ms"] > 0 and result["noop_roundtrip_ms"] > 0
    assert result["statements_per_document"] > 0 and result["transactions_per_document"] > 0
    assert (result["database"], result["broker"]) == ("sqlite", "filesystem")
