"""/api/schema/ is built once per process (per language and format) and stays what drf-spectacular would build."""

import json

import pytest
from django.conf import settings
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from partners.views import SchemaView


@pytest.fixture
def builds(monkeypatch):
    """Counts the times the OpenAPI document is generated; starts with nothing kept."""
    monkeypatch.setattr(SchemaView, "_rendered", {})
    calls = []
    original = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    return calls


@pytest.mark.django_db
def test_the_schema_is_built_once_and_served_the_same(client, builds):
    first = client.get("/api/schema/")
    second = client.get("/api/schema/")
    assert first.status_code == second.status_code == 200
    assert len(builds) == 1
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] and "openapi" in first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert b"/api/v1/documents/" in second.content


@pytest.mark.django_db
def test_each_format_and_language_is_kept_apart_and_matches_a_fresh_build(client, builds):
    as_json = client.get("/api/schema/?format=json")
    korean = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="ko")
    again = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="ko")
    assert len(builds) == 2 and again.content == korean.content
    assert korean.content != as_json.content  # translated descriptions
    assert "json" in as_json["Content-Type"]
    with translation.override(settings.LANGUAGE_CODE):  # what the first request, without Accept-Language, read
        fresh = SchemaGenerator().get_schema(request=None, public=True)
    assert json.loads(as_json.content) == json.loads(json.dumps(fresh, default=str))


@pytest.mark.django_db
def test_made_up_query_values_are_served_but_never_kept(client, builds):
    """Whoever asks cannot grow the process's memory: only real languages and no version are kept."""
    for n in range(3):
        assert client.get(f"/api/schema/?lang=xx{n}").status_code in (200, 400)
        assert client.get(f"/api/schema/?version=v{n}").status_code in (200, 400, 404)
    assert SchemaView._rendered == {}
    client.get("/api/schema/?lang=ko")
    assert len(SchemaView._rendered) == 1
