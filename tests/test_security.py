"""What every answer tells the browser, and the production configuration the README gives."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clerk"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["documents:list", "documents:upload", "reviews:queue", "registry:list"])
def test_pages_with_personal_data_are_never_stored_by_a_cache(signed_in, page):
    response = signed_in.get(reverse(page))

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_every_answer_carries_a_content_security_policy_without_inline_code(signed_in):
    for response in (signed_in.get(reverse("documents:list")), signed_in.get("/api/v1/documents/")):
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]


def test_templates_hold_no_inline_script_or_style():
    """The policy refuses them in the browser (tests/e2e/test_content_security_policy.py sees it happen)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert found == []


def _readme_production_environment() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n\s*# production environment\n(.*?)```", readme, re.DOTALL)
    assert block, "README.md lost its production environment block"
    environment = {}
    for line in block.group(1).splitlines():
        name, _, value = line.strip().partition("=")
        if name and not name.startswith("#"):
            environment[name] = re.sub(r"<[^>]*>", lambda _m: secrets.token_urlsafe(48), value)
    return environment


def test_check_deploy_finds_nothing_with_the_production_settings_the_readme_gives(tmp_path):
    environment = _readme_production_environment()
    assert environment["DEBUG"] == "0" and int(environment["SECURE_HSTS_SECONDS"]) >= 31536000
    isolated = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"), **environment}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=isolated, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_https_settings_come_from_the_environment(tmp_path):
    environment = {**_readme_production_environment(), "SECURE_HSTS_SECONDS": "3600"}
    isolated = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"), **environment}
    show = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show], cwd=ROOT, env=isolated, capture_output=True, text=True,
        timeout=120,
    )

    shown = result.stdout.strip().splitlines()[-1]  # after `shell`'s own "objects imported" line
    assert shown == "True ('HTTP_X_FORWARDED_PROTO', 'https') 3600 True True", result.stderr
