# The erasure stub moves from partners to the base app, with erasure itself (documents/erasure.py): pages and API
# leave erased documents out without the base reaching into another app's table. Only the owner in Django's state
# changes: the table keeps its name (partners_documenterasure) and its rows; the content type is relabelled.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor, *, old: str = "partners", new: str = "documents") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="documenterasure").exists():
        ContentType.objects.filter(app_label=old, model="documenterasure").update(app_label=new)


def relabel_back(apps, schema_editor) -> None:
    relabel_content_type(apps, schema_editor, old="documents", new="partners")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0007_registry_moved_out"),
        ("partners", "0002_api_keys_webhooks_idempotency"),  # the table is created there
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentErasure",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("erased_at", models.DateTimeField()),
                        ("document", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                          related_name="erasure", to="documents.document")),
                        ("partner", models.ForeignKey(blank=True, null=True,
                                                      on_delete=django.db.models.deletion.SET_NULL,
                                                      related_name="+", to="partners.partner")),
                        ("user", models.ForeignKey(blank=True, null=True,
                                                   on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                   to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "partners_documenterasure"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, relabel_back),
    ]
