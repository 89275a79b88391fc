"""bench/scale.py keeps its contract: it seeds a small PostgreSQL database and ends with the JSON line the issue
asks for (names starting with `api` are the partner API; every endpoint answers 200 and is measured)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_a_small_run_prints_p95_and_queries_for_every_endpoint():
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (DATABASE_URL=postgres://...); this run uses {connection.vendor}")
    url = urlsplit(os.environ["DATABASE_URL"])
    bench_url = url._replace(path=f"{url.path}_scale_smoke").geturl()  # its own database, reused between runs
    run = subprocess.run(
        [sys.executable, "bench/scale.py", "--documents", "200", "--repeat", "2", "--warmup", "1", "--json"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": bench_url}, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["documents"] == 200 and result["baseline_p95_ms"] > 0
    names = set(result["endpoints"])
    assert {"api_list", "api_list_100", "api_business_number", "api_detail", "staff_list", "staff_list_deep",
            "review_queue", "review_metrics", "businesses", "businesses_deep"} <= names
    for name, figures in result["endpoints"].items():
        assert figures["p95_ms"] > 0 and figures["queries"] >= 1 or name == "api_schema", (name, figures)
