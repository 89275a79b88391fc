import os
import uuid

import pytest
from django.conf import settings as django_settings

from config.celery import app as celery_app

pytest_plugins = ["tests.fixtures_pipeline", "tests.fixtures_nhn", "tests.fixtures_web"]

# Tests never share a queue with a running product or another test run: a fresh queue name per session,
# and an in-process broker when the embedded filesystem broker would otherwise be used.
celery_app.conf.task_default_queue = f"test-{os.getpid()}-{uuid.uuid4().hex[:6]}"
if django_settings.CELERY_BROKER_URL.startswith("filesystem"):
    celery_app.conf.broker_url = "memory://"
    celery_app.conf.broker_transport = None  # not the filesystem transport the settings name for filesystem://
    celery_app.conf.broker_transport_options = {"polling_interval": 0.05}

# A deliberately slow password hash protects real passwords; in tests it only costs time (the fast subset took
# 265 s with the production hasher and 126 s with this one, measured on this project's machines).
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English unless they ask for Korean (Accept-Language: ko), as tests/test_translations.py does."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _no_random_sample(settings):
    """A test's document is approved or not for a reason it can name: the 5 % random sample is off unless a test
    turns it on (tests/reviews/test_services.py does)."""
    settings.REVIEW_SAMPLE_RATE = 0


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
