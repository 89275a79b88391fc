"""The partner API answers in English unless Accept-Language asks for Korean (partners/language.py); staff pages
keep the browser's or the cookie's language."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_one_language import INTERRUPTED, interrupted, korean

pytestmark = pytest.mark.django_db


def test_the_partner_api_answers_in_english_unless_accept_language_asks_for_korean(settings, partner_a, client):
    settings.LANGUAGE_CODE = "ko"  # the site's default language; the API does not follow it
    document = interrupted(settings, partner=partner_a.partner)
    url = f"/api/v1/documents/{document.pk}/"

    default = partner_a.get(url)
    asked = partner_a.get(url, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    missing = partner_a.get("/api/v1/documents/999999/")

    assert default.json()["error"] == {"code": "interrupted", "message": INTERRUPTED}
    assert default["Content-Language"] == "en"
    assert asked.json()["error"]["message"] == korean(INTERRUPTED) and asked["Content-Language"] == "ko"
    assert missing.json()["error"]["message"] == "Not found."  # the API's own messages too, not the site default
    # the staff pages keep the site's (or the browser's, or the cookie's) language
    client.force_login(UserFactory(is_staff=True))
    assert korean(INTERRUPTED) in client.get(reverse("documents:detail", args=[document.pk])).content.decode()
