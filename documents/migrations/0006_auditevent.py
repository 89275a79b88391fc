# The audit trail moves from reviews to the base app, so every app can write it without importing upward.
# Only Django's idea of which app owns the model changes: the table keeps its name (reviews_auditevent) and its
# rows, and the content type (its permissions, admin log entries) is relabelled in place.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor, *, old: str = "reviews", new: str = "documents") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="auditevent").exists():
        ContentType.objects.filter(app_label=old, model="auditevent").update(app_label=new)


def relabel_back(apps, schema_editor) -> None:
    relabel_content_type(apps, schema_editor, old="documents", new="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0005_ocrcredentialhold"),
        ("reviews", "0001_initial"),  # the table is created there
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=32)),
                        ("field_name", models.CharField(blank=True, max_length=64)),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("after", models.JSONField(blank=True, null=True)),
                        ("note", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor", models.ForeignKey(blank=True, null=True,
                                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                    to=settings.AUTH_USER_MODEL)),
                        ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                       related_name="audit_events", to="documents.document")),
                    ],
                    options={"db_table": "reviews_auditevent", "ordering": ["created_at", "id"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, relabel_back),
    ]
