"""One settings module, driven by environment variables (see README.md, "Configuration").

With nothing set the product runs on embedded defaults: SQLite, local media,
a filesystem Celery broker that needs no server, and the offline OCR engine.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from a local, untracked .env (written by `make run`)."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


_load_dotenv(BASE_DIR / ".env")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_float(name: str, default: float) -> float:
    return float(env(name, str(default)))


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is not set (`make run` writes one to .env for local use).")
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set (`make run` writes one to .env for local use).")
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "documents",
    "reviews",
    "registry",
    "notifications",
    "partners",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "partners.language.ApiLanguageMiddleware",  # /api/ speaks English unless Accept-Language asks otherwise
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "config.error_pages.StyledNotFoundMiddleware",  # no technical 404 page for users, even with DEBUG on
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "documents.context_processors.operator_alerts",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker share one file: wait for locks instead of failing, and let readers run beside the writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not shared-cache memory, so the worker and live-server threads wait on locks like the
    # real processes do; one file per test process so parallel runs do not meet.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth, i18n -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "documents:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# No MEDIA_URL is routed: uploaded images are personal data, served only by a view that checks access.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    # django-storages reads only the keys from the environment (AWS_ACCESS_KEY_ID, ...); the rest is passed here.
    if not env("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,  # an S3-compatible service; AWS itself when unset
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 60),
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Celery -------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (_queue_dir / sub).mkdir(parents=True, exist_ok=True)
    # kombu's filesystem transport with the fix that never lets a worker read a half-written message
    # (see config/filesystem_broker.py).
    CELERY_BROKER_TRANSPORT = "config.filesystem_broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
        # kombu polls the queue folder this often (its default, 1 s, costs ~0.5 s per document on average).
        "polling_interval": env_float("CELERY_BROKER_POLLING_INTERVAL", 0.05),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # kombu's Redis transport with the fix that keeps a worker alive through a Redis restart (see config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    # A task not acknowledged within this time is delivered again: above the longest OCR call with its retries.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "intake")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits for the broker as long as the outage lasts (Celery's default gives up after 100 attempts, about
# 45 minutes, and exits); systemd restarts it if it dies anyway (deploy/systemd/).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Keep a running OCR call going when the broker connection drops: cancelling it would throw away a paid NHN
# answer and call again on redelivery. The claim in documents.services.document_process makes the redelivered
# message a no-op once the document is read.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Workers log through Django's LOGGING below, whose filter masks card numbers; Celery must not replace it.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {  # seconds
    "sweep-stuck-documents": {"task": "documents.tasks.sweep_stuck_documents", "schedule": 60.0},
    "purge-expired-card-numbers": {"task": "documents.tasks.purge_expired_card_numbers", "schedule": 3600.0},
    "dispatch-business-status-checks": {"task": "registry.tasks.dispatch_status_checks", "schedule": 60.0},
    "verify-read-documents": {"task": "registry.tasks.verify_read_documents", "schedule": 60.0},
    "send-due-webhooks": {"task": "partners.tasks.send_due_webhooks", "schedule": 60.0},
    "purge-idempotency": {"task": "partners.tasks.purge_idempotency_records", "schedule": 86400.0},
}
# Operators change the schedule in the admin (django-celery-beat); the entries above are synced into it.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- OCR ------------------------------------------------------------------------------
OCR_ENGINE = env("OCR_ENGINE", "local")
# The endpoint since 2026-08-11; the old https://ocr.api.nhncloudservice.com answers until 2027-07-31.
NHN_OCR_BASE_URL = env("NHN_OCR_BASE_URL", "https://api-ocr.nhncloudservice.com").rstrip("/")
# v1.0: app key + secret key. v1.1: app key + a User Access Key, exchanged for tokens (documents/nhn_auth.py).
NHN_OCR_API_VERSION = env("NHN_OCR_API_VERSION", "v1.0")
NHN_OCR_APP_KEY = env("NHN_OCR_APP_KEY")
NHN_OCR_SECRET_KEY = env("NHN_OCR_SECRET_KEY")
NHN_USER_ACCESS_KEY_ID = env("NHN_USER_ACCESS_KEY_ID")
NHN_SECRET_ACCESS_KEY = env("NHN_SECRET_ACCESS_KEY")
NHN_OAUTH_URL = env("NHN_OAUTH_URL", "https://oauth.api.nhncloudservice.com").rstrip("/")
NHN_OCR_TIMEOUT = env_float("NHN_OCR_TIMEOUT", 30.0)  # seconds, per HTTP call
NHN_OCR_MAX_ATTEMPTS = env_int("NHN_OCR_MAX_ATTEMPTS", 4)  # for retryable failures
NHN_OCR_BACKOFF_BASE = env_float("NHN_OCR_BACKOFF_BASE", 1.0)  # seconds; doubles each attempt, with full jitter
NHN_OCR_BACKOFF_MAX = env_float("NHN_OCR_BACKOFF_MAX", 30.0)
NHN_OCR_MAX_UPLOAD_MB = env_float("NHN_OCR_MAX_UPLOAD_MB", 20.0)  # the service's request limit; larger files are shrunk
# A worker that died during a reading (its lease ran out) may have been charged for it. On: the document is read
# again, so at most one repeat per crash. Off: it fails as "interrupted" and a person decides with Retry.
OCR_REREAD_AFTER_CRASH = env_bool("OCR_REREAD_AFTER_CRASH", True)

# --- Business registry: status providers and checks (registry/providers/, registry/services.py) ---------------
NTS_SERVICE_KEY = env("NTS_SERVICE_KEY")
NTS_BASE_URL = env("NTS_BASE_URL", "https://api.odcloud.kr/api/nts-businessman/v1").rstrip("/")
NTS_TIMEOUT = env_float("NTS_TIMEOUT", 30.0)
# Checking a reading with the tax office before it is routed (registry/verification.py): seconds per call (a slow
# office must not hold documents back), and how long verification is skipped after the office failed to answer.
NTS_VERIFY_TIMEOUT = env_float("NTS_VERIFY_TIMEOUT", 5.0)
VERIFY_HOLD_SECONDS = env_float("VERIFY_HOLD_SECONDS", 60.0)
VERIFY_MISMATCH_KEEP_HOURS = env_float("VERIFY_MISMATCH_KEEP_HOURS", 24.0)  # then the same question is asked again
# nts when its key is set, else nhn when its credentials are, else the simulated provider (labelled so in the UI).
_nhn_credentials = NHN_OCR_APP_KEY and (
    NHN_USER_ACCESS_KEY_ID and NHN_SECRET_ACCESS_KEY if NHN_OCR_API_VERSION == "v1.1" else NHN_OCR_SECRET_KEY
)
STATUS_PROVIDER = env("STATUS_PROVIDER", "nts" if NTS_SERVICE_KEY else "nhn" if _nhn_credentials else "simulated")
STATUS_RATE_LIMITS = {  # calls per second per provider, shared by every worker; 0 = no limit
    "nhn": env_float("STATUS_RATE_LIMIT_NHN", 5.0),
    "nts": env_float("STATUS_RATE_LIMIT_NTS", 10.0),
    "simulated": env_float("STATUS_RATE_LIMIT_SIMULATED", 0.0),
}
STATUS_CHECK_DAYS_ACTIVE = env_float("STATUS_CHECK_DAYS_ACTIVE", 7)
STATUS_CHECK_DAYS_SUSPENDED = env_float("STATUS_CHECK_DAYS_SUSPENDED", 1)
STATUS_CHECK_DAYS_CLOSED = env_float("STATUS_CHECK_DAYS_CLOSED", 30)
STATUS_CHECK_DAYS_UNKNOWN = env_float("STATUS_CHECK_DAYS_UNKNOWN", 1)
STATUS_CHECK_JITTER = env_float("STATUS_CHECK_JITTER", 0.2)  # due times spread by +-20% of the interval
STATUS_DISPATCH_BATCH = env_int("STATUS_DISPATCH_BATCH", 1000)  # businesses claimed per dispatcher query
STATUS_DISPATCH_MAX = env_int("STATUS_DISPATCH_MAX", 200_000)  # businesses handed out per dispatcher run
STATUS_CHECK_LEASE_SECONDS = env_int("STATUS_CHECK_LEASE_SECONDS", 900)  # a claimed business is not handed out again
STATUS_RETRY_BASE_SECONDS = env_float("STATUS_RETRY_BASE_SECONDS", 300)  # failed checks: doubles per failure
STATUS_RETRY_MAX_SECONDS = env_float("STATUS_RETRY_MAX_SECONDS", 86_400)

# --- Uploads ----------------------------------------------------------------------------
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 80_000_000)
UPLOAD_MAX_PDF_PAGES = env_int("UPLOAD_MAX_PDF_PAGES", 5)
PDF_MAX_RENDER_PIXELS = env_int("PDF_MAX_RENDER_PIXELS", 40_000_000)  # every PDF page is drawn within this
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# Files in one upload form; Django refuses the whole request above it (the upload page says so, nothing is kept).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("UPLOAD_MAX_FILES", 100)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Pipeline ---------------------------------------------------------------------------
PROCESSING_LEASE_SECONDS = env_int("PROCESSING_LEASE_SECONDS", 300)  # a document stuck longer is re-queued
MAX_PROCESSING_ATTEMPTS = env_int("MAX_PROCESSING_ATTEMPTS", 5)
CARD_NUMBER_RETENTION_DAYS = env_int("CARD_NUMBER_RETENTION_DAYS", 30)
EXPORT_XLSX_MAX_ROWS = env_int("EXPORT_XLSX_MAX_ROWS", 20_000)  # documents in one Excel export (CSV: any)

# --- Review -----------------------------------------------------------------------------
REVIEW_CONFIDENCE_THRESHOLD = env_float("REVIEW_CONFIDENCE_THRESHOLD", 0.90)  # per kind/field overrides: admin
REVIEW_SAMPLE_RATE = env_float("REVIEW_SAMPLE_RATE", 0.05)  # share of would-be approvals sent to a person
REVIEW_CLAIM_MINUTES = env_int("REVIEW_CLAIM_MINUTES", 15)
REVIEW_FOUR_EYES = env_bool("REVIEW_FOUR_EYES", False)  # nobody reviews a document they uploaded
DEMO_PASSWORD = env("DEMO_PASSWORD")  # `make run`'s demo login (ensure_demo_user); kept in the local .env

# --- E-mail (Django's mail settings) and notifications (notifications/) -------------------------------
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds; a notification e-mail is sent by a worker, after commit
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# who receives business alerts (a registered business suspended or closed): comma-separated addresses
ADMINS = [(address.strip(), address.strip()) for address in env("ADMINS").split(",") if address.strip()]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails

# --- Logging: card numbers never reach a log line ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_card_numbers": {"()": "documents.cards.CardNumberLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_card_numbers"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- HTTPS and what browsers are told (README "Running in production") -------------------------------
# Behind a TLS proxy: SECURE_PROXY_SSL_HEADER names the header the proxy sets to "https" (X-Forwarded-Proto); only
# set it when the proxy always sets or strips that header, or a client could claim HTTPS over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
_proxy_header = env("SECURE_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)  # start small (3600); a year (31536000) once it works
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", SECURE_SSL_REDIRECT)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every page's scripts and styles are our own static files (config/security.py sends the header). Images also come
# from the bucket's signed URLs when media is on S3.
_media_origin = ""
if MEDIA_STORAGE == "s3":
    _endpoint = env("AWS_S3_ENDPOINT_URL").rstrip("/")
    _media_origin = "/".join(_endpoint.split("/")[:3]) if _endpoint else "https://*.amazonaws.com"
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": f"'self' data: blob: {_media_origin}".strip(),
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# --- Cache: API throttling counts live here; share it between processes in production -----------
CACHE_URL = env("CACHE_URL")  # e.g. redis://127.0.0.1:6379/1; unset: per-process memory (one web process)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Partner REST API (partners/) -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partners.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "partner_api": env("PARTNER_API_RATE", "120/min"),  # per API key (per user for sessions)
        "partner_api_anon": env("PARTNER_API_ANON_RATE", "30/min"),  # unauthenticated, per address
        "business_check": env("BUSINESS_CHECK_RATE", "10/hour"),  # fresh status checks, per key
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Document intake partner API",
    "DESCRIPTION": "Upload business registration certificates and credit cards, read what was extracted, and "
    "receive signed webhooks. Authenticate with `Authorization: Api-Key <key>`. Every error has the shape "
    '`{"error": {"code", "message", "details"}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: /api/docs/ works offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
WEBHOOK_RETRY_DELAYS = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)  # seconds; about a day in all
WEBHOOK_DISABLE_AFTER_FAILURES = env_int("WEBHOOK_DISABLE_AFTER_FAILURES", 15)  # consecutive failed attempts
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 10.0)
WEBHOOK_ALLOW_PRIVATE_URLS = env_bool("WEBHOOK_ALLOW_PRIVATE_URLS", False)  # http and loopback/private hosts (dev)
