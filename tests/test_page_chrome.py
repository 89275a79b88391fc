"""What every page carries and what people see when something is wrong: the header's Metrics link for admins, the
favicon, the active language marked, styled 403/404/500 pages with a way back (no technical 404 page for users, even
with DEBUG on), and the demo password kept across `make run` restarts."""

import importlib.util
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admins_get_a_metrics_link_in_the_header_and_reviewers_do_not(client):
    client.force_login(UserFactory(roles=["admin"]))
    page = client.get(reverse("documents:list")).content.decode()
    assert f'href="{reverse("reviews:metrics")}" id="nav-metrics"' in page
    client.force_login(UserFactory(roles=["reviewer"]))
    assert 'id="nav-metrics"' not in client.get(reverse("documents:list")).content.decode()


def test_every_page_links_a_favicon_that_is_served(client):
    client.force_login(UserFactory())
    page = client.get(reverse("documents:list")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")


def test_the_active_language_is_marked_in_the_switch(client):
    client.force_login(UserFactory())
    page = client.get(reverse("documents:list"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'value="ko" lang="ko" class="button button--quiet button--small language-switch__option is-current"' in page
    assert 'value="en" lang="en" class="button button--quiet button--small language-switch__option"' in page
    assert "✓ </span>한국어" in page


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_address_shows_the_styled_page_with_a_way_back(client, settings, debug):
    settings.DEBUG = debug
    client.force_login(UserFactory())
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'id="error-back"' in page and "URLconf" not in page


def test_with_debug_on_staff_still_get_djangos_technical_404_page(client, settings):
    settings.DEBUG = True
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()


def test_a_missing_document_shows_the_styled_404_page_even_with_debug_on(client, settings):
    settings.DEBUG = True
    client.force_login(UserFactory())
    response = client.get(reverse("documents:detail", kwargs={"pk": 999999}))
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_the_api_keeps_its_json_404(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_a_page_the_role_does_not_allow_shows_the_styled_403_page(client):
    client.force_login(UserFactory(roles=["uploader"]))
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page and "Your role does not allow this page." in page
    assert f'href="{reverse("documents:list")}" id="error-back"' in page


def test_the_500_page_is_styled_and_leads_back_without_needing_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and 'href="/" id="error-back"' in page and "/static/css/app.css" in page


def _write_dotenv():
    path = Path(__file__).resolve().parents[1] / "scripts" / "write_dotenv.py"
    spec = importlib.util.spec_from_file_location("write_dotenv", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _values(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and line[0] != "#")


def test_the_demo_password_is_written_once_and_kept_on_later_runs(tmp_path):
    write = _write_dotenv()
    env = tmp_path / ".env"
    write.main(env)
    first = _values(env)
    assert len(first["DEMO_PASSWORD"]) == 12 and first["SECRET_KEY"]
    write.main(env)
    assert _values(env) == first

    older = tmp_path / "older.env"  # written before DEMO_PASSWORD existed: gets one, keeps the rest
    older.write_text("DEBUG=1\nSECRET_KEY=kept\nFIELD_ENCRYPTION_KEY=also-kept")
    write.main(older)
    values = _values(older)
    assert values["SECRET_KEY"] == "kept" and values["FIELD_ENCRYPTION_KEY"] == "also-kept" and values["DEMO_PASSWORD"]


def test_ensure_demo_user_sets_the_kept_password_every_time(settings):
    settings.DEMO_PASSWORD = "Kept4cross9Runs"
    for _run in range(2):
        out = StringIO()
        call_command("ensure_demo_user", stdout=out)
        assert "password: Kept4cross9Runs" in out.getvalue()
    user = get_user_model().objects.get(username="demo")
    assert user.check_password("Kept4cross9Runs") and user.is_superuser
