"""The indexes that keep the pages, the API and routing fast at 100,000 documents (bench/README.md, "Pages at
scale") exist after migrating, in the order the queries sort by."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

EXPECTED = {
    # table: {index: (columns, orders, partial condition as PostgreSQL prints it, or "")}
    "documents_document": {
        "document_newest_idx": (["created_at", "id"], ["DESC", "DESC"], ""),
        "document_failed_recent_idx": (["updated_at"], ["DESC"], "WHERE ((status)::text = 'failed'::text)"),
    },
    "documents_extractedfield": {
        "field_registration_idx": (["value"], ["ASC"], "WHERE ((name)::text = 'registration_number'::text)"),
        "field_registration_fix_idx": (
            ["corrected_value"], ["ASC"], "WHERE ((name)::text = 'registration_number'::text)"
        ),
    },
    "documents_business": {"business_recent_idx": (["updated_at", "number"], ["DESC", "ASC"], "")},
}


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_the_scale_indexes_exist(table):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    for name, (columns, orders, condition) in EXPECTED[table].items():
        assert name in found, f"{name} missing on {table}"
        assert found[name]["columns"][: len(columns)] == columns
        assert found[name]["orders"][: len(orders)] == orders
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
                definition = cursor.fetchone()[0]
            assert definition.endswith(condition)
            if name == "business_recent_idx":
                assert "INCLUDE (id)" in definition  # a page's ids come off the index alone
