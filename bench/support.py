"""What the benchmarks share: the project on the path, Django set up, a query counter, valid registration numbers.

Imported by the scripts in bench/ (run as `python bench/<script>.py`, so this folder is on the path)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(*, sqlite_name: str) -> None:
    """Django with config.settings; without DATABASE_URL, a SQLite file of the bench's own in var/."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "DATABASE_URL" not in os.environ:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / sqlite_name}"
    import django

    django.setup()


class QueryCounter:
    """`connection.execute_wrapper(counter)`: counts the statements run inside it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def registration_number(seed: int) -> str:
    """A valid 10-digit business registration number (call after setup_django)."""
    from documents.validation import registration_check_digit

    head = f"{seed % 10**9:09d}"
    return head + registration_check_digit(head)
