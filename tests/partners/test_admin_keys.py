"""An administrator creates a partner's API key from the partner's own admin page; the key is shown once."""

import re

import pytest
from django.urls import reverse

from partners import services
from partners.models import Partner

pytestmark = pytest.mark.django_db


def _form_data(page, **changes) -> dict:
    """What the browser would post back: the partner's fields and every inline's management form."""
    data = {"name": "Acme Corp", "contact_email": "ops@acme.example"}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial) or 0
        for form in inline.formset.forms:
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None:
                    data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def test_a_key_made_on_the_partners_page_is_shown_once_and_works(admin_client):
    partner = Partner.objects.create(name="Acme Corp", contact_email="ops@acme.example")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    page = admin_client.get(url)
    assert b"Create a new API key when saving" in page.content

    response = admin_client.post(url, _form_data(page, create_api_key="on", api_key_name="ERP"), follow=True)
    shown = re.search(r"(ik_[0-9a-f]+_[\w-]+)", response.content.decode())
    assert shown, "the new key is on the page after saving"
    api_key = services.api_key_authenticate(raw_key=shown.group(1))
    assert api_key is not None and api_key.partner == partner and api_key.name == "ERP"

    again = admin_client.get(url)
    assert shown.group(1) not in again.content.decode()  # never shown again
    assert api_key.prefix in again.content.decode()  # only its prefix, in the key list


def test_saving_the_partner_without_ticking_the_box_makes_no_key(admin_client):
    partner = Partner.objects.create(name="Acme Corp")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    admin_client.post(url, _form_data(admin_client.get(url)))
    assert partner.api_keys.count() == 0


def test_the_admin_says_webhook_deliveries(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Webhook deliveries" in page and "deliverys" not in page
