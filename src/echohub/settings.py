"""echohub settings: one module, read from environment variables (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from echohub.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("ECHOHUB_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "echohub.core",
    "echohub.accounts",
    "echohub.programs",
    "echohub.security",
    "echohub.scheduling",
    "echohub.joining",
    "echohub.cases",
    "echohub.attendance",
    "echohub.credits",
    "echohub.evaluation",
    "echohub.tools",
    "echohub.portal",
    "echohub.privacy",
    "echohub.library",
    "echohub.search",
    "echohub.community",
    "echohub.mentoring",
    "echohub.live",
    "echohub.api",
    "echohub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the rest, so that every answer gets the page headers (CSP, X-Frame-Options), also
    # one refused before any view by InputSafetyMiddleware (probe 12-23).
    "echohub.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the rest: every error under /api/ is JSON; a lost DB connection retried once.
    "echohub.core.middleware.ApiErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Size limits and NUL characters, refused before any view (core/limits.py).
    "echohub.core.middleware.InputSafetyMiddleware",
    "echohub.accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "echohub.security.middleware.SignInProtectionMiddleware",
    # Costly downloads and searches, a few at a time per person (security/busy.py).
    "echohub.security.busy.CostlyRequestLimitMiddleware",
    "echohub.core.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "echohub.urls"
WSGI_APPLICATION = "echohub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "echohub.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite in var/ by default; DATABASE_URL=postgres://... for PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'echohub.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it: after the database
        # restarts or kills it, the next request opens a new one instead of failing.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings sent when each connection opens (no query of their own): no JIT
    # compilation (it added 15-20 ms to every search read of a large library, whose planner
    # cost passes jit_above_cost, for reads of 50-100 ms), no parallel workers (on an app
    # server's few cores they wait for one another; a search read ran its permission
    # subquery once per worker), and enough work_mem for a broad search's bitmap and count
    # to stay in memory (at the default 4 MB a 50,000-row match went lossy and spilled).
    # DB_PG_OPTIONS="" sends none (e.g. behind a pooler that refuses startup options).
    _pg_options = env_str(
        "DB_PG_OPTIONS", "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB"
    )
    # A connection pool per process (psycopg_pool through Django's OPTIONS["pool"]) where
    # connections are not kept (DB_CONN_MAX_AGE=0, as the ASGI processes must run): a request
    # takes a connection already open instead of connecting (10-30 ms on a busy host), and
    # gives it back at its end. An open live page holds none (live/stream.py gives its
    # request's back before streaming), so a process never holds more than
    # DB_POOL_MAX_SIZE (+1 for the live listener) whatever the pages open; a request finding
    # all in use waits up to DB_POOL_TIMEOUT seconds. DB_POOL_MAX_SIZE=0 turns it off.
    _pool_max = env_int("DB_POOL_MAX_SIZE", 8)
    if _pool_max > 0 and DATABASES["default"]["CONN_MAX_AGE"] != 0:
        if "DB_POOL_MAX_SIZE" in os.environ:
            raise ImproperlyConfigured(
                "DB_POOL_MAX_SIZE needs DB_CONN_MAX_AGE=0 (a pool and kept connections "
                "exclude each other): set one of them to 0."
            )
        _pool_max = 0  # kept connections chosen (DB_CONN_MAX_AGE > 0): no pool
    if _pool_max > 0:
        _pool_min = env_int("DB_POOL_MIN_SIZE", 2)
        if not 0 <= _pool_min <= _pool_max:
            raise ImproperlyConfigured(
                f"DB_POOL_MIN_SIZE must be between 0 and DB_POOL_MAX_SIZE ({_pool_max}), "
                f"got {_pool_min}"
            )
        # Added to the OPTIONS the URL gave (sslmode and the like), not in their place.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": _pool_min,
            "max_size": _pool_max,
            "timeout": env_int("DB_POOL_TIMEOUT", 10),
        }
    if _pg_options:
        # Before any `options` the URL gave: a later -c of the same setting wins, so the URL's do.
        _url_options = DATABASES["default"].setdefault("OPTIONS", {}).get("options", "")
        DATABASES["default"]["OPTIONS"]["options"] = f"{_pg_options} {_url_options}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cases' (program, status) index carries the case ids as a covering column on PostgreSQL
# (cases.models.Case.Meta); SQLite builds the same index without them, which is all W040 says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
INVITATION_TIMEOUT_DAYS = env_int("INVITATION_TIMEOUT_DAYS", 14)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS (see docs/deployment.md): `check --deploy` is clean once these are set for production.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https" (header, value the proxy sets).
_PROXY_SSL_HEADER = env_list("SECURE_PROXY_SSL_HEADER", [])
if _PROXY_SSL_HEADER and len(_PROXY_SSL_HEADER) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be HEADER,VALUE")
SECURE_PROXY_SSL_HEADER = (
    (_PROXY_SSL_HEADER[0], _PROXY_SSL_HEADER[1]) if _PROXY_SSL_HEADER else None
)
# How many proxies add to X-Forwarded-For in front of the app (0: use the socket's address).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
NINJA_NUM_PROXIES = NUM_PROXIES or None

# Sign-in protections (echohub.security). Counters live in the database, or in Redis when
# REDIS_URL is set, so every app process sees the same counts.
SECURITY_RATE_STORE = env_str(
    "SECURITY_RATE_STORE", "cache" if env_str("REDIS_URL", "") else "database"
)
if SECURITY_RATE_STORE not in ("database", "cache"):
    raise ImproperlyConfigured("SECURITY_RATE_STORE must be database or cache")
SIGNIN_MAX_FAILURES = env_int("SIGNIN_MAX_FAILURES", 5)  # per account (email typed)
SIGNIN_MAX_FAILURES_PER_ADDRESS = env_int("SIGNIN_MAX_FAILURES_PER_ADDRESS", 30)
SIGNIN_LOCKOUT_MINUTES = env_int("SIGNIN_LOCKOUT_MINUTES", 15)
EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS = env_int("EMAIL_FORMS_MAX_PER_HOUR_PER_ADDRESS", 20)
EMAIL_FORMS_MAX_PER_HOUR_PER_EMAIL = env_int("EMAIL_FORMS_MAX_PER_HOUR_PER_EMAIL", 5)
# A second factor for program admins, coordinators, experts, staff and superusers. Not read from
# the environment: it is always on (the demo's accounts skip it while DEBUG is on).
TWO_FACTOR_ENFORCED = True
# Idle sessions end after this many minutes (0: never); privileged roles as above.
IDLE_TIMEOUT_MINUTES_PRIVILEGED = env_int("IDLE_TIMEOUT_MINUTES_PRIVILEGED", 30)
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 480)
# Passkeys and security keys (WebAuthn). The relying party id is the site's domain: from
# WEBAUTHN_RP_ID, else the first ALLOWED_HOSTS name (docs/deployment.md). Origins accepted: from
# WEBAUTHN_ORIGINS, else the origin the request came to, when its host is that domain or under it.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGINS = env_list("WEBAUTHN_ORIGINS", [])
WEBAUTHN_CHALLENGE_SECONDS = env_int("WEBAUTHN_CHALLENGE_SECONDS", 300)
# The sign-in record (security page) keeps this many days; older lines are pruned hourly.
SIGNIN_RECORD_DAYS = env_int("SIGNIN_RECORD_DAYS", 365)
if SIGNIN_RECORD_DAYS < 1:
    raise ImproperlyConfigured("SIGNIN_RECORD_DAYS must be 1 or more")
# API tokens: the longest a person may choose, and the life of tokens made without a choice.
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them (named formats: see echohub/formats).
FORMAT_MODULE_PATH = ["echohub.formats"]
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Library uploads (slides, tool files): outside the web root, served only by permission-checked
# views (library/files.py). Recordings are links to the video platform unless uploads are on.
LIBRARY_FILES_ROOT = env_str("LIBRARY_FILES_ROOT", str(VAR_DIR / "private" / "library"))
LIBRARY_RECORDING_UPLOADS = env_bool("LIBRARY_RECORDING_UPLOADS", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Email: console by default (one line of metadata per message, never a body); SMTP settings below.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "echohub.core.mail_backends.MetadataConsoleBackend")
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    # Django's console backend prints whole bodies (case titles, reset links): never used as is.
    EMAIL_BACKEND = "echohub.core.mail_backends.MetadataConsoleBackend"
# Print whole emails on the console: local debugging only, refused unless DEBUG is on.
EMAIL_LOG_BODIES = env_bool("EMAIL_LOG_BODIES", False)
if EMAIL_LOG_BODIES and not DEBUG:
    raise ImproperlyConfigured("EMAIL_LOG_BODIES prints whole emails: it needs DEBUG=1")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "echohub <noreply@echohub.invalid>")

# Background jobs (django-tasks). "immediate" runs in-process (embedded: no service, no worker);
# "database" queues in the database for `echohub db_worker` processes (production).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# Rows of finished jobs (arguments, results, tracebacks) are deleted after this many days
# (`send_reminders --loop` prunes hourly; `echohub prune_jobs` by hand or from cron).
JOB_RESULT_RETENTION_DAYS = env_int("JOB_RESULT_RETENTION_DAYS", 14)
if JOB_RESULT_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("JOB_RESULT_RETENTION_DAYS must be 0 or more")
# A job still RUNNING this many minutes after its worker took it is taken as lost (the worker
# was killed): `send_reminders` marks it failed and queues idempotent jobs again. Longer than
# any normal job (certificate batches have their own lease and heartbeat).
JOB_LEASE_MINUTES = env_int("JOB_LEASE_MINUTES", 30)
if JOB_LEASE_MINUTES < 1:
    raise ImproperlyConfigured("JOB_LEASE_MINUTES must be 1 or more")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL", ""),
        }
    }

PAGE_SIZE = env_int("PAGE_SIZE", 25)
# Request limits (core/limits.py has the per-field ones). Non-file bodies: room for a whole case
# (every field at its limit, non-ASCII) or a scanner call; any body, files included: a CSV report.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 10 * 1024 * 1024)
# The identifier scanner API, per person: calls per minute (through the shared cache).
PHI_SCAN_RATE = env_str("PHI_SCAN_RATE", "60/m")
# Costly downloads (PDFs, exports, certificates, calendars, files) and searches one person may
# have being made at once (security/busy.py; counted in the cache: set REDIS_URL with several
# app processes).
COSTLY_DOWNLOADS_AT_ONCE = env_int("COSTLY_DOWNLOADS_AT_ONCE", 1)
COSTLY_SEARCHES_AT_ONCE = env_int("COSTLY_SEARCHES_AT_ONCE", 2)

# Joining sessions: personal join links open this long before the start and close after the end.
JOIN_OPENS_MINUTES_BEFORE = env_int("JOIN_OPENS_MINUTES_BEFORE", 60)
JOIN_CLOSES_MINUTES_AFTER = env_int("JOIN_CLOSES_MINUTES_AFTER", 30)
AGENDA_EMAIL_HOURS_BEFORE = env_int("AGENDA_EMAIL_HOURS_BEFORE", 24)
REMINDER_MINUTES_BEFORE = env_int("REMINDER_MINUTES_BEFORE", 30)

# Video providers (credentials from the environment only).
JITSI_BASE_URL = env_str("JITSI_BASE_URL", "https://meet.jit.si")
JITSI_APP_ID = env_str("JITSI_APP_ID", "echohub")
JITSI_APP_SECRET = env_str("JITSI_APP_SECRET", "")  # set to sign a JWT per person
JITSI_AUDIENCE = env_str("JITSI_AUDIENCE", "jitsi")
JITSI_SUBJECT = env_str("JITSI_SUBJECT", "*")
BBB_URL = env_str("BBB_URL", "")  # e.g. https://bbb.example.org/bigbluebutton
BBB_SECRET = env_str("BBB_SECRET", "")
ZOOM_ACCOUNT_ID = env_str("ZOOM_ACCOUNT_ID", "")
ZOOM_CLIENT_ID = env_str("ZOOM_CLIENT_ID", "")
ZOOM_CLIENT_SECRET = env_str("ZOOM_CLIENT_SECRET", "")
ZOOM_API_URL = env_str("ZOOM_API_URL", "https://api.zoom.us/v2")
ZOOM_OAUTH_URL = env_str("ZOOM_OAUTH_URL", "https://zoom.us/oauth/token")
ZOOM_WEBHOOK_SECRET = env_str("ZOOM_WEBHOOK_SECRET", "")  # the app's webhook secret token
JITSI_EVENTS_SECRET = env_str("JITSI_EVENTS_SECRET", "")  # event_sync shared secret header

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
