"""`echohub backup` and `echohub restore`: a backup restored into an empty database holds
everything the original held (compared object by object with `dumpdata`), on SQLite (file copy
and JSON) and on PostgreSQL (pg_dump and JSON) when a server is reachable; a database holding
data is not overwritten without --force; files that are not backups are refused clearly."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from echohub.core import backup

#: A PostgreSQL server for the cross-database tests (skipped when it cannot be reached).
PG_URL = os.environ.get("ECHOHUB_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# The search index is derived data: compared apart, by what it indexes (index_of), since a JSON
# restore rebuilds it with new row ids.
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "search"]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def _norm(value: Any) -> Any:
    """Datetimes compared as instants (SQLite and PostgreSQL print microseconds differently)."""
    if isinstance(value, str) and ISO.match(value):
        return dt.datetime.fromisoformat(value).isoformat()
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _objects(dump: str) -> dict[tuple[str, str], Any]:
    return {(o["model"], json.dumps(o.get("pk"))): _norm(o["fields"]) for o in json.loads(dump)}


def live_dump() -> dict[tuple[str, str], Any]:
    out = io.StringIO()
    call_command(
        "dumpdata", *[f"--exclude={e}" for e in DUMP_EXCLUDE],
        natural_foreign=True, natural_primary=True, stdout=out,
    )  # fmt: skip
    return _objects(out.getvalue())


def echohub(database_url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `echohub ARGS` against another database, as a deployment would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url, SECRET_KEY="backup-tests-" + "x" * 40, DEBUG="0",
        ECHOHUB_VAR_DIR=str(tmp / "var"), TASKS_BACKEND="immediate",
    )  # fmt: skip
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "echohub.cli", *args],
        env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


def dump_of(database_url: str, tmp: Path) -> dict[tuple[str, str], Any]:
    excludes = [f"--exclude={e}" for e in DUMP_EXCLUDE]
    result = echohub(
        database_url, tmp, "dumpdata", *excludes, "--natural-foreign", "--natural-primary"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return _objects(result.stdout)


def index_of(database_url: str | None, tmp: Path) -> set[tuple[str, int]]:
    """What the search index holds: (kind, object id) of every row."""
    if database_url is None:
        out = io.StringIO()
        call_command("dumpdata", "search.searchdocument", stdout=out)
        dump = out.getvalue()
    else:
        result = echohub(database_url, tmp, "dumpdata", "search.searchdocument")
        assert result.returncode == 0, result.stderr[-2000:]
        dump = result.stdout
    return {(o["fields"]["kind"], o["fields"]["object_id"]) for o in json.loads(dump)}


def assert_same(restored: dict[tuple[str, str], Any], original: dict[tuple[str, str], Any]):
    assert len(original) > 500  # the demo: programs, people, sessions, cases, surveys...
    missing = sorted(set(original) - set(restored))[:5]
    extra = sorted(set(restored) - set(original))[:5]
    assert not missing and not extra, (missing, extra)
    changed = [k for k in original if original[k] != restored[k]][:5]
    assert not changed, [(k, original[k], restored[k]) for k in changed]


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), autocommit=True)


def _pg_reachable() -> bool:
    try:
        _pg_admin().close()
    except Exception:  # any failure means: no server for these tests
        return False
    return True


@pytest.fixture
def empty_postgres() -> Iterator[Any]:
    """empty_postgres() -> the URL of a new, empty PostgreSQL database (dropped afterwards)."""
    if not _pg_reachable():
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    made: list[str] = []

    def make() -> str:
        name = f"echohub_restore_{uuid.uuid4().hex[:10]}"
        with _pg_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return PG_URL.rsplit("/", 1)[0] + "/" + name

    yield make
    with _pg_admin() as admin:
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database(tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """An empty database of the suite's own kind."""
    if connection.vendor == "sqlite":
        return lambda: f"sqlite:///{tmp_path / uuid.uuid4().hex}.sqlite3"
    return request.getfixturevalue("empty_postgres")


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """The synthetic demo in the test database, committed (so a backup sees it)."""
    call_command("demo", stdout=io.StringIO())


# Round trips ------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL")


def test_sqlite_backup_restores_into_an_empty_database_with_everything(
    demo_data, sqlite_only, tmp_path
):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.sqlite3"), stdout=out)
    assert re.match(r"backup written: .*b\.sqlite3 \(sqlite, [\d,]+ bytes\)", out.getvalue())
    assert not list(tmp_path.glob("b.sqlite3-*"))  # one self-contained file
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    result = echohub(target, tmp_path, "restore", str(tmp_path / "b.sqlite3"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "restored" in result.stdout and "(sqlite)" in result.stdout
    assert_same(dump_of(target, tmp_path), live_dump())
    # Now the restored database holds data: a second restore is refused without --force.
    again = echohub(target, tmp_path, "restore", str(tmp_path / "b.sqlite3"))
    assert again.returncode != 0 and "already holds data" in again.stderr
    forced = echohub(target, tmp_path, "restore", "--force", str(tmp_path / "b.sqlite3"))
    assert forced.returncode == 0, forced.stderr[-2000:]
    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        call_command("restore", str(tmp_path / "b.sqlite3"))  # the live one, too


def test_json_backup_restores_into_an_empty_database_with_everything(
    demo_data, empty_database, tmp_path
):
    call_command("backup", str(tmp_path / "b.json"), format="json", stdout=io.StringIO())
    target = empty_database()
    result = echohub(target, tmp_path, "restore", str(tmp_path / "b.json"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert_same(dump_of(target, tmp_path), live_dump())
    indexed = index_of(None, tmp_path)
    assert indexed and index_of(target, tmp_path) == indexed  # rebuilt from what was restored


def test_postgres_pg_dump_round_trip_and_from_sqlite(demo_data, empty_postgres, tmp_path):
    """SQLite (or the suite's PostgreSQL) -> JSON -> a PostgreSQL database -> pg_dump -> another
    empty PostgreSQL database: everything is there, and new rows still get fresh ids."""
    call_command("backup", str(tmp_path / "b.json"), format="json", stdout=io.StringIO())
    first = empty_postgres()
    assert echohub(first, tmp_path, "restore", str(tmp_path / "b.json")).returncode == 0
    made = echohub(first, tmp_path, "backup", str(tmp_path / "b.pgdump"))
    assert made.returncode == 0 and "(pgdump," in made.stdout, made.stderr[-2000:]
    second = empty_postgres()
    restored = echohub(second, tmp_path, "restore", str(tmp_path / "b.pgdump"))
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert_same(dump_of(second, tmp_path), live_dump())
    add = (
        "from echohub.core.models import AuditEntry as A; from django.db.models import Max; "
        "top = A.objects.aggregate(m=Max('pk'))['m']; "
        "e = A.objects.create(action='x', object_type='t', object_id='1'); print(e.pk > top)"
    )
    created = echohub(second, tmp_path, "shell", "-c", add)
    assert created.stdout.strip().splitlines()[-1:] == ["True"], created.stderr[-2000:]


# Refusals ---------------------------------------------------------------------------------------


def test_files_that_are_not_backups_are_refused(db, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CommandError, match="is not an echohub backup"):
        call_command("restore", str(text))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(tmp_path / "missing.sqlite3"))
    import sqlite3

    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="not an echohub database"):
            call_command("restore", str(other))
    else:
        with pytest.raises(CommandError, match="restore it into SQLite"):
            call_command("restore", str(other))


def test_backup_never_overwrites_a_file_and_checks_the_format(db, tmp_path):
    existing = tmp_path / "b.sqlite3"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing), format="json")
    assert existing.read_bytes() == b"keep me"
    wrong = "pgdump" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(CommandError, match="use --format json"):
        call_command("backup", str(tmp_path / "x"), format=wrong)
    assert not (tmp_path / "x").exists() and not list(tmp_path.glob("*.partial"))


def test_backup_without_a_path_goes_to_var_backups(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    done = backup.backup(fmt="json")
    assert done.path.parent == tmp_path / "backups" and done.path.suffix == ".json"
    assert backup.kind_of(done.path) == "json"
