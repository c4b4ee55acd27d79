"""Test settings: only what tests need to differ."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# No PostgreSQL connection pool in the suite (pytest-django makes and drops its databases;
# connections are not kept either). The live benchmark sets DB_POOL_MAX_SIZE itself.
os.environ.setdefault("DB_POOL_MAX_SIZE", "0")

from echohub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; argon2 is tested apart
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Suites sign people in with force_login and travel in time: the second factor and idle
# timeouts are switched off here, in one place, and tests/security switches them back on.
TWO_FACTOR_ENFORCED = False
IDLE_TIMEOUT_MINUTES = 0
IDLE_TIMEOUT_MINUTES_PRIVILEGED = 0
