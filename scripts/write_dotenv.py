"""Write a local, untracked .env with fresh secrets for development (never commit it).

Run again on an existing .env, it only adds what is missing (so the demo password stays the same across `make run`
restarts; delete its DEMO_PASSWORD line to get a fresh one)."""

import secrets
import string
import sys
from pathlib import Path

HEADER = "# Local development settings written by `make`; not tracked. See README.md, Configuration.\n"


def demo_password() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(12))


def missing_lines(existing: str) -> list[str]:
    """KEY=value lines for every setting the local .env needs and does not have yet."""
    present = {line.split("=", 1)[0].strip() for line in existing.splitlines() if "=" in line}
    wanted = {
        "DEBUG": lambda: "1",
        "SECRET_KEY": lambda: secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": lambda: secrets.token_urlsafe(32),
        "DEMO_PASSWORD": demo_password,
    }
    return [f"{key}={make()}" for key, make in wanted.items() if key not in present]


def main(path: Path) -> None:
    existing = path.read_text() if path.exists() else ""
    lines = missing_lines(existing)
    if not lines:
        return
    header = "" if existing else HEADER
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.write_text(existing + header + "\n".join(lines) + "\n")
    print(f"wrote {', '.join(line.split('=', 1)[0] for line in lines)} to {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".env"))
