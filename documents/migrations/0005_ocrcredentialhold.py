from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0004_extractedfield_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="OcrCredentialHold",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("credentials", models.CharField(help_text="SHA-256 of engine, URL and keys", max_length=64, unique=True)),
                ("error_code", models.CharField(max_length=32)),
                ("error_message", models.TextField()),
                ("answered_at", models.DateTimeField(help_text="the service's last real answer; the hold runs from here")),
            ],
        ),
    ]
