"""The production supervisor setup (deploy/systemd/) keeps every process coming back, and the README points to it."""

import configparser
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
UNITS = BASE_DIR / "deploy" / "systemd"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text())
    return parser


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("intake-web.service", "gunicorn config.wsgi"),
        ("intake-worker@.service", "celery -A config worker"),
        ("intake-beat.service", "celery -A config beat"),
    ],
)
def test_every_process_is_restarted_whatever_ends_it(name, command):
    unit = _unit(name)

    assert command in unit["Service"]["ExecStart"]
    assert unit["Service"]["Restart"] == "always"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # systemd never gives up restarting it


def test_a_worker_is_stopped_warm_and_given_time_to_finish_its_calls():
    service = _unit("intake-worker@.service")["Service"]

    assert service["KillSignal"] == "SIGTERM" and service["KillMode"] == "mixed"
    assert int(service["TimeoutStopSec"]) >= 120


def test_the_readme_production_section_names_the_units():
    production = (BASE_DIR / "README.md").read_text().split("## Running in production", 1)[1].split("\n## ", 1)[0]

    assert "deploy/systemd/" in production
    assert all(name in production for name in ("intake-web.service", "intake-worker@.service", "intake-beat.service"))
    assert "What a crash costs" in production
