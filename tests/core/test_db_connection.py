"""A database connection killed under the app (a restart, a failover, an idle timeout in a
proxy) costs no request: kept connections are checked before reuse (CONN_HEALTH_CHECKS), and a
read-only request whose connection died mid-way is run again once on a new one.

The behaviour needs a server that can kill a connection: run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (CI does); on SQLite only the setting is
checked."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tests.factories import ProgramFactory

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_kept_connections_are_checked_before_reuse() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _get(path: str) -> tuple[int, bytes]:
    """A request through the real WSGI handler (the test client skips the signals that close
    and check connections between requests)."""
    status: list[str] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(WSGIHandler()(environ, lambda s, h, *a: status.append(s)))
    return int(status[0].split()[0]), body


def _kill_our_connection() -> None:
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
        # Termination is asynchronous: wait until the backend is gone.
        for _ in range(200):
            gone = other.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if gone.fetchone() == (0,):
                break
            time.sleep(0.01)


@pytest.fixture
def kept_connection(settings: Any) -> Iterator[None]:
    """Persistent connections, as in production (DB_CONN_MAX_AGE)."""
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = 600
    settings.ALLOWED_HOSTS = ["testserver"]
    yield
    connection.settings_dict.update(saved)
    connection.close()


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL to kill a connection")
@pytest.mark.django_db(transaction=True)
def test_the_request_after_a_killed_connection_succeeds(kept_connection: None) -> None:
    ProgramFactory(name="Chronic Pain", slug="pain", is_public=True)
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.close()  # the next connection reads the settings above
    assert _get("/programs/")[0] == 200
    _kill_our_connection()
    status, body = _get("/programs/")
    assert status == 200 and b"Chronic Pain" in body


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL to kill a connection")
@pytest.mark.django_db(transaction=True)
def test_a_read_whose_connection_dies_unnoticed_is_retried_once(kept_connection: None) -> None:
    ProgramFactory(name="Chronic Pain", slug="pain", is_public=True)
    # No check before the request: the dead connection is found by the first query.
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.close()  # the next connection reads the settings above
    assert _get("/programs/")[0] == 200
    _kill_our_connection()
    status, body = _get("/programs/")
    assert status == 200 and b"Chronic Pain" in body
    assert _get("/api/v1/programs")[0] == 401  # the API answers too (JSON, not a 500)
