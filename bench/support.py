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
    database_ensure(os.environ["DATABASE_URL"])
    import django

    django.setup()


def database_ensure(url: str) -> None:
    """Creates the PostgreSQL database `url` names when it is not there yet (SQLite makes its file itself)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


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


class WsgiCaller:
    """GET requests made the way gunicorn makes them: `config.wsgi.application(environ, start_response)`, the
    body read and the response closed. Django's test client attaches what assertions need to every response
    (its request, templates, a `json` partial that holds the response), a reference cycle per request whose
    collection a timing would count as the product's."""

    def __init__(self, **headers: str) -> None:
        self.headers = headers  # WSGI names: HTTP_AUTHORIZATION, HTTP_COOKIE, ...

    def get(self, url: str) -> int:
        import io

        from config.wsgi import application

        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
            **self.headers,
        }
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            for _chunk in body:
                pass
        finally:
            body.close()
        return int(statuses[0].split()[0])

    @classmethod
    def signed_in(cls, user) -> "WsgiCaller":
        """A caller with the session cookie of `user` signed in."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        return cls(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
