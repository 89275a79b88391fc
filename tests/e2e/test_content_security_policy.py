"""Every page runs under the Content-Security-Policy in Chromium: nothing it needs is blocked.

The policy (config/security.py) allows only our own scripts and styles, so an inline script or style in a template
would be refused in production. The browser_page fixture fails a test on any violation Chromium reports; this test
walks every page, the admin and the API docs with data on them, as an administrator."""

import random

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from registry.models import Business
from reviews import services
from tests.factories import certificate_values, read_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def test_every_page_runs_under_the_content_security_policy(browser_page, django_user_model, settings):
    page = browser_page
    values = certificate_values(seed=4)
    document = read_document(values=values, confidence={"company_name": 0.4})
    services.document_route(document=document, rng=random.Random(0))
    document.refresh_from_db()
    Business.objects.create(number=values["registration_number"], name=values["company_name"])
    admin = django_user_model.objects.create_user("ada", password=PASSWORD, is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get_or_create(name="admin")[0])

    response = page.goto("/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#language-switch")).to_be_visible()

    pages = [
        "/", "/upload/", f"/documents/{document.pk}/", "/reviews/", f"/reviews/{document.review_task.pk}/",
        "/reviews/metrics/", "/businesses/", f"/businesses/{values['registration_number']}/",
        "/admin/", "/admin/documents/document/", f"/admin/documents/document/{document.pk}/change/",
        f"/admin/reviews/reviewtask/{document.review_task.pk}/change/", "/admin/reviews/confidencethreshold/add/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    expect(page.locator("#id_threshold")).to_be_visible()  # the admin's own scripts and styles ran

    page.goto(f"/documents/{document.pk}/")
    expect(page.locator("#document-image")).to_have_js_property("complete", True)
    assert page.locator("#document-image").evaluate("img => img.naturalWidth") > 0  # the image is allowed
    assert page.locator("#overlay g.box polygon").count() >= 5

    page.goto("/api/docs/")  # Swagger UI: its bundle, its start-up script (a file, not inline) and the schema
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Document intake partner API")
    expect(page.locator(".opblock").first).to_be_visible()

    assert page.csp_violations == []
