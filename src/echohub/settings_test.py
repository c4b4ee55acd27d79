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
# Suites read exports without reading every streamed one to its end (an unread one keeps its
# slot in the cache, across tests): no cap here; tests/security sets one where it is tested.
COSTLY_DOWNLOADS_AT_ONCE = 10_000
COSTLY_SEARCHES_AT_ONCE = 10_000

# The SQLite test database is a file (on /dev/shm where there is one), not Django's default
# in-memory database. With an in-memory database the live test server's threads and the test's
# own thread share ONE connection (Django documents this for LiveServerTestCase), so two browser
# requests at once (two writers saving the same draft) can interleave their transactions on it:
# one request's rollback can undo the other's write after its page was told "saved" (the likely
# cause of the scribe race test once reading version 1 after the page showed version 2). A file
# gives each thread its own connection, as in production (the WAL journal, IMMEDIATE
# transactions and busy timeout of settings.py apply). pytest-django adds each xdist worker's
# suffix to the name; the process id and a random part keep two runs on one machine apart.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import secrets
    import tempfile

    # Made only by a process that creates the test database, and removed by Django at the end.
    _test_db_dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()  # noqa: S108
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(
            _test_db_dir, f"echohub-test-{os.getpid()}-{secrets.token_hex(4)}.sqlite3"
        )
    }
