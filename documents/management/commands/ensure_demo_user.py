import secrets
import string

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from documents.roles import ROLE_GROUPS


class Command(BaseCommand):
    help = (
        "Create the demo login (or set its password) and print it. The password is DEMO_PASSWORD (kept in the local "
        ".env by `make run`, so it stays the same across restarts), or a fresh one when that is not set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, username: str, url: str, **options):
        for name in ROLE_GROUPS:
            Group.objects.get_or_create(name=name)
        user, _ = get_user_model().objects.get_or_create(username=username)
        password = settings.DEMO_PASSWORD or "".join(
            secrets.choice(string.ascii_letters + string.digits) for _ in range(12)
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        user.groups.add(*Group.objects.filter(name__in=ROLE_GROUPS))
        bar = "=" * 64
        self.stdout.write(
            f"\n{bar}\n  Open {url} and log in as\n    user:     {username}\n    password: {password}\n{bar}\n"
        )
