# The audit trail now belongs to documents (documents/migrations/0006_auditevent.py): reviews forgets the model,
# the table and its rows stay where they are.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("documents", "0006_auditevent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
