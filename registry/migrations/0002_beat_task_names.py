# The registry's Celery tasks were documents.registry_tasks.*; they are registry.tasks.* now. Beat reads its
# schedule from django-celery-beat's table (CELERY_BEAT_SCHEDULER): a row still naming the old task would be sent
# to workers that no longer know it. Beat rewrites the rows of CELERY_BEAT_SCHEDULE by entry name when it starts,
# but not rows an operator added in the admin, and not before it restarts; this renames them all at deploy time.
from django.db import migrations
from django.utils import timezone

RENAMED = {
    f"documents.registry_tasks.{name}": f"registry.tasks.{name}"
    for name in ("dispatch_status_checks", "check_businesses", "verify_document")
}


def rename(apps, schema_editor, *, renamed: dict[str, str] = RENAMED) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    changed = 0
    for old, new in renamed.items():
        changed += PeriodicTask.objects.filter(task=old).update(task=new)
    if changed:
        # django-celery-beat reloads its schedule only when this marker moves (PeriodicTasks.changed)
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def rename_back(apps, schema_editor) -> None:
    rename(apps, schema_editor, renamed={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
