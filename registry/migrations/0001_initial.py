# The business registry was part of the documents app (documents/migrations/0003_business_registry.py). It moved
# into its own app without moving a row: this migration only tells Django that the models are the registry's now.
# The tables keep their names (each model's db_table), and the content types (permissions, admin log entries)
# are relabelled in place.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("business", "businesscheck", "businessalert", "simulatedstatus", "providerrateslot")


def relabel_content_types(apps, schema_editor, *, old: str = "documents", new: str = "registry") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor) -> None:
    relabel_content_types(apps, schema_editor, old="registry", new="documents")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0006_auditevent"),  # the tables were created by documents 0003
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ProviderRateSlot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('provider', models.CharField(max_length=16, unique=True)),
                        ('next_slot_at', models.FloatField(default=0.0, help_text='seconds since the epoch')),
                    ],
                    options={
                        'db_table': 'documents_providerrateslot',
                    },
                ),
                migrations.CreateModel(
                    name='SimulatedStatus',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=10, unique=True, verbose_name='registration number')),
                        ('state', models.CharField(choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], max_length=16, verbose_name='state')),
                        ('authentic', models.BooleanField(default=True, help_text='untick: the authenticity check says the certificate does not match', verbose_name='authentic')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'verbose_name': 'simulated status',
                        'verbose_name_plural': 'simulated statuses',
                        'db_table': 'documents_simulatedstatus',
                    },
                ),
                migrations.CreateModel(
                    name='Business',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=10, unique=True, verbose_name='registration number')),
                        ('name', models.CharField(blank=True, max_length=200, verbose_name='company name')),
                        ('representative', models.CharField(blank=True, max_length=100, verbose_name='representative')),
                        ('opening_date', models.CharField(blank=True, help_text='YYYY-MM-DD', max_length=10, verbose_name='opening date')),
                        ('state', models.CharField(choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], db_index=True, default='unknown', max_length=16, verbose_name='state')),
                        ('tax_type', models.CharField(blank=True, choices=[('', 'Not known'), ('general', 'VAT general taxpayer'), ('simplified', 'VAT simplified taxpayer'), ('exempt', 'VAT exempt'), ('non_profit', 'Non-profit, organisation or state body'), ('other', 'Other')], max_length=16, verbose_name='tax type')),
                        ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                        ('provider', models.CharField(blank=True, help_text='who gave the last answer', max_length=16, verbose_name='provider')),
                        ('checked_at', models.DateTimeField(blank=True, null=True, verbose_name='last checked')),
                        ('next_check_at', models.DateTimeField(blank=True, null=True, verbose_name='next check due')),
                        ('lease_token', models.CharField(blank=True, help_text='the dispatch that holds this business', max_length=32)),
                        ('lease_until', models.DateTimeField(blank=True, null=True)),
                        ('failures', models.PositiveIntegerField(default=0, help_text='failed checks in a row')),
                        ('last_error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('documents', models.ManyToManyField(blank=True, related_name='businesses', to='documents.document')),
                    ],
                    options={
                        'verbose_name': 'business',
                        'verbose_name_plural': 'businesses',
                        'db_table': 'documents_business',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_at', models.DateTimeField(db_index=True)),
                        ('provider', models.CharField(max_length=16)),
                        ('succeeded', models.BooleanField(default=True)),
                        ('code', models.CharField(blank=True, help_text="the provider's raw code", max_length=32)),
                        ('message', models.TextField(blank=True)),
                        ('state', models.CharField(blank=True, choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], max_length=16)),
                        ('tax_type', models.CharField(blank=True, choices=[('', 'Not known'), ('general', 'VAT general taxpayer'), ('simplified', 'VAT simplified taxpayer'), ('exempt', 'VAT exempt'), ('non_profit', 'Non-profit, organisation or state body'), ('other', 'Other')], max_length=16)),
                        ('previous_state', models.CharField(blank=True, choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], max_length=16)),
                        ('raw', models.JSONField(blank=True, default=dict)),
                        ('business', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='registry.business')),
                    ],
                    options={
                        'db_table': 'documents_businesscheck',
                        'ordering': ['-checked_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('previous_state', models.CharField(choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], max_length=16)),
                        ('state', models.CharField(choices=[('active', 'Active'), ('suspended', 'Suspended'), ('closed', 'Closed'), ('unknown', 'Unknown')], max_length=16)),
                        ('created_at', models.DateTimeField(db_index=True)),
                        ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                        ('acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('business', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='registry.business')),
                        ('check_record', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert', to='registry.businesscheck')),
                    ],
                    options={
                        'db_table': 'documents_businessalert',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='business',
                    index=models.Index(fields=['next_check_at'], name='business_due_idx'),
                ),
                migrations.AddIndex(
                    model_name='business',
                    index=models.Index(fields=['lease_token'], name='business_lease_idx'),
                ),
                migrations.AddIndex(
                    model_name='businesscheck',
                    index=models.Index(fields=['business', '-checked_at'], name='business_check_timeline_idx'),
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
