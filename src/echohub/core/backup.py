"""Backups of the database and their restore (`echohub backup`, `echohub restore`).

echohub keeps everything in its database (no uploaded files are stored: certificates are rebuilt
from their frozen facts), so a backup is the database:

* SQLite: a consistent copy made with SQLite's online backup API (safe while the site runs; the
  WAL is included), checked with ``PRAGMA integrity_check``. Restore copies it back the same way.
* PostgreSQL: ``pg_dump --format=custom`` when ``pg_dump`` is installed, restored with
  ``pg_restore``. Credentials go through the ``PG*`` environment variables, never the command line.
* Either database, ``--format json``: Django's ``dumpdata`` (natural keys; content types and
  permissions are rebuilt by ``migrate``), restored by ``migrate`` + ``loaddata``. Slower, but it
  moves between SQLite and PostgreSQL.

Restore refuses a database that already holds data unless told to replace it (``force``), and
runs ``migrate`` afterwards so a backup from an older release gets the newer schema.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: Rebuilt by `migrate` on the target: dumping them would clash with what it creates.
# Not in JSON backups: what migrate rebuilds, sessions, and the search index (derived from the
# library; rebuilt after a JSON restore, whose FTS5 table dumpdata could not hold anyway).
JSON_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "search"]
FORMATS = ("auto", "sqlite", "pgdump", "json")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in plain words."""


@dataclass(frozen=True)
class Done:
    path: Path
    kind: str  # sqlite, pgdump or json


def default_path(kind: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = {"sqlite": "sqlite3", "pgdump": "pgdump", "json": "json"}[kind]
    return Path(settings.VAR_DIR) / "backups" / f"echohub-{stamp}.{suffix}"


def _kind_for_backup(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BackupError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    vendor = connection.vendor
    if fmt == "auto":
        if vendor == "sqlite":
            return "sqlite"
        if vendor == "postgresql" and shutil.which("pg_dump"):
            return "pgdump"
        return "json"
    if fmt == "sqlite" and vendor != "sqlite":
        raise BackupError("A SQLite file backup needs a SQLite database; use --format json.")
    if fmt == "pgdump":
        if vendor != "postgresql":
            raise BackupError("pg_dump needs a PostgreSQL database; use --format json.")
        if not shutil.which("pg_dump"):
            raise BackupError(
                "pg_dump is not installed; install the PostgreSQL client or use --format json."
            )
    return fmt


def backup(path: Path | None = None, *, fmt: str = "auto") -> Done:
    """Write a backup of the default database to `path` (a new file in var/backups/ if None)."""
    kind = _kind_for_backup(fmt)
    target = Path(path) if path else default_path(kind)
    if target.exists():
        raise BackupError(f"{target} already exists: choose another file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        if kind == "sqlite":
            _sqlite_backup(partial)
        elif kind == "pgdump":
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(partial),
                ]
            )
        else:
            call_command(
                "dumpdata", *[f"--exclude={e}" for e in JSON_EXCLUDE],
                natural_foreign=True, natural_primary=True, output=str(partial), verbosity=0,
            )  # fmt: skip
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return Done(target, kind)


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dest.close()
    if ok != "ok":
        raise BackupError(f"The copy failed SQLite's integrity check: {ok}")


def _pg_env() -> dict[str, str]:
    """The PG* variables for pg_dump/pg_restore, from the connection's own settings."""
    db: dict[str, Any] = connection.settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                     ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(args: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed program with our own arguments
        args, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[:2000]}")


def kind_of(path: Path) -> str:
    """What a backup file is, from its first bytes."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as err:
        raise BackupError(f"Cannot read {path}: {err.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pgdump"
    if head.lstrip()[:1] == b"[":
        return "json"
    raise BackupError(f"{path} is not an echohub backup (SQLite file, pg_dump archive or JSON).")


def holds_data() -> bool:
    """Whether any of the database's tables holds a row (what migrate creates does not count)."""
    existing = set(connection.introspection.table_names())
    rebuilt = {"django_migrations", "django_content_type", "auth_permission", "django_session"}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table in existing and table not in rebuilt:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def restore(path: Path, *, force: bool = False) -> Done:
    """Restore the backup at `path` into the default database (refused over data unless force)."""
    path = Path(path)
    kind = kind_of(path)
    vendor = connection.vendor
    if kind == "sqlite" and vendor != "sqlite":
        raise BackupError(
            "This is a SQLite file backup and the database is PostgreSQL: restore it into SQLite, "
            "then make a --format json backup and restore that."
        )
    if kind == "pgdump" and vendor != "postgresql":
        raise BackupError("This is a pg_dump archive: it restores into PostgreSQL only.")
    if kind == "pgdump" and not shutil.which("pg_restore"):
        raise BackupError("pg_restore is not installed; install the PostgreSQL client.")
    if kind == "sqlite":
        _check_sqlite(path)
    if holds_data() and not force:
        raise BackupError(
            "The database already holds data. Restore into an empty database, or pass --force "
            "to replace everything in it with the backup."
        )
    if kind == "sqlite":
        _sqlite_restore(path)
    elif kind == "pgdump":
        connection.close()
        args = [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]
        if force:
            args += ["--clean", "--if-exists"]
        _run([*args, "--dbname", _pg_env().get("PGDATABASE", ""), str(path)])
    else:
        call_command("migrate", interactive=False, verbosity=0)
        # Empty every table, also of the rows that migrations and post-migrate handlers seed (the
        # backup holds them), then rebuild only content types and permissions, which it leaves out.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        _content_types_and_permissions()
        call_command("loaddata", str(path), verbosity=0)
        from echohub.search.indexing import reindex_all

        reindex_all()  # the index is left out of JSON backups: rebuilt from what was restored
    call_command("migrate", interactive=False, verbosity=0)  # a backup from an older release
    return Done(path, kind)


def _content_types_and_permissions() -> None:
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


def _check_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = source.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise BackupError(f"{path} fails SQLite's integrity check: {ok}")
        tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} cannot be read as a SQLite database: {err}") from None
    finally:
        source.close()
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a SQLite file but not an echohub database.")


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
