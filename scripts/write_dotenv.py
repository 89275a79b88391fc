"""Write a local, untracked .env with fresh secrets for development (never commit it)."""

import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if not path.exists():
    path.write_text(
        "# Local development settings written by `make`; not tracked. See README.md, Configuration.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"FIELD_ENCRYPTION_KEY={secrets.token_urlsafe(32)}\n"
    )
    print(f"wrote {path} with fresh development secrets")
