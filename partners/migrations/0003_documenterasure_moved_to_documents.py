# The erasure stub now belongs to documents (documents/migrations/0008_documenterasure.py): partners forgets the
# model; the table and its rows stay where they are.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_api_keys_webhooks_idempotency"),
        ("documents", "0008_documenterasure"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DocumentErasure")],
            database_operations=[],
        ),
    ]
