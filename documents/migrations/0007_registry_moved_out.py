# The business registry is an app of its own now (registry/migrations/0001_initial.py): documents forgets its
# models; the tables and their rows stay where they are.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0006_auditevent"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='business',
                    name='documents',
                ),
                migrations.RemoveField(
                    model_name='businesscheck',
                    name='business',
                ),
                migrations.RemoveField(
                    model_name='businessalert',
                    name='business',
                ),
                migrations.RemoveField(
                    model_name='businessalert',
                    name='acknowledged_by',
                ),
                migrations.RemoveField(
                    model_name='businessalert',
                    name='check_record',
                ),
                migrations.DeleteModel(
                    name='ProviderRateSlot',
                ),
                migrations.DeleteModel(
                    name='SimulatedStatus',
                ),
                migrations.DeleteModel(
                    name='Business',
                ),
                migrations.DeleteModel(
                    name='BusinessAlert',
                ),
                migrations.DeleteModel(
                    name='BusinessCheck',
                ),
            ],
        ),
    ]
