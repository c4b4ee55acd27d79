"""The PostgreSQL connection pool (DB_POOL_MAX_SIZE, Django's OPTIONS["pool"]): on for
PostgreSQL where connections are not kept, off for SQLite and with DB_CONN_MAX_AGE, and under
uvicorn open live pages hold none of its connections: more streams than the pool has
connections, and a question is still accepted at once, the process within its pool."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from echohub.live import services
from echohub.programs.models import Role

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def database_options(**env: str) -> dict:
    """The production settings' database options for this environment (a fresh process)."""
    run_env = {
        k: v for k, v in os.environ.items() if not k.startswith("DB_") and k != "DATABASE_URL"
    }
    run_env.update(DJANGO_SETTINGS_MODULE="echohub.settings", SECRET_KEY="k", DEBUG="1", **env)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps({'options': d.get('OPTIONS', {}), 'age': d['CONN_MAX_AGE']}))"
    )
    done = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


PG = "postgres://echohub@127.0.0.1:5432/echohub"


def test_postgresql_without_kept_connections_gets_a_pool_of_the_chosen_size():
    assert database_options(DATABASE_URL=PG)["options"]["pool"] == {
        "min_size": 2,
        "max_size": 8,
        "timeout": 10,
    }
    chosen = database_options(
        DATABASE_URL=PG, DB_POOL_MAX_SIZE="3", DB_POOL_MIN_SIZE="1", DB_POOL_TIMEOUT="4"
    )
    assert chosen["options"]["pool"] == {"min_size": 1, "max_size": 3, "timeout": 4}


def test_postgresql_session_options_keep_the_urls_own_options():
    """Connections open with the search's session settings (DB_PG_OPTIONS, no query of their
    own), after whatever the URL asked (sslmode stays beside the pool; the URL's own
    `options` come last, so they win); DB_PG_OPTIONS="" sends none."""
    default = database_options(DATABASE_URL=PG)["options"]
    assert default["options"] == "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB"
    with_url = database_options(DATABASE_URL=PG + "?sslmode=require&options=-c%20work_mem%3D64MB")[
        "options"
    ]
    assert with_url["sslmode"] == "require" and "pool" in with_url
    assert with_url["options"].endswith("-c work_mem=64MB")
    assert with_url["options"].startswith("-c jit=off")
    assert "options" not in database_options(DATABASE_URL=PG, DB_PG_OPTIONS="")["options"]


def test_no_pool_for_sqlite_kept_connections_or_when_turned_off(tmp_path):
    assert (
        "pool"
        not in database_options(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")["options"]
    )
    kept = database_options(DATABASE_URL=PG, DB_CONN_MAX_AGE="60")
    assert "pool" not in kept["options"] and kept["age"] == 60
    assert "pool" not in database_options(DATABASE_URL=PG, DB_POOL_MAX_SIZE="0")["options"]


@pytest.mark.parametrize(
    "env",
    [
        {"DB_CONN_MAX_AGE": "60", "DB_POOL_MAX_SIZE": "4"},  # both chosen: which one?
        {"DB_POOL_MAX_SIZE": "2", "DB_POOL_MIN_SIZE": "5"},
        {"DB_POOL_MAX_SIZE": "many"},
    ],
)
def test_contradictory_or_bad_pool_settings_fail_loudly(env):
    assert "ImproperlyConfigured" in database_options(DATABASE_URL=PG, **env)["error"]


# --- under uvicorn, on PostgreSQL ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


APP_NAME = "echohub-pool-test"


def _server_connections(dbname: str) -> int:
    """Connections the uvicorn process holds: libpq names them by PGAPPNAME. Not every
    connection to the test database: one left open by an earlier test in this worker (seen
    in CI) is not the pool's."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [dbname, APP_NAME],
        )
        return int(cur.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_open_pages_hold_no_pool_connection_and_a_question_passes_at_once(
    session, items, program, make_member, coordinator
):
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (run with DATABASE_URL=postgres://...)")
    services.start_session(actor=coordinator, session=session)
    people = [make_member(program, Role.PARTICIPANT) for _n in range(12)]
    cookies = []
    for person in people:
        c = Client()
        c.force_login(person)
        cookies.append(c.cookies[settings.SESSION_COOKIE_NAME].value)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "echohub.settings_test",
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here are read there
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "0",
        "DB_POOL_MAX_SIZE": "2",
        "DB_POOL_MIN_SIZE": "1",
        "DB_POOL_TIMEOUT": "5",  # an exhausted pool would answer 500 after 5 s
        "TASKS_BACKEND": "immediate",
        "PGAPPNAME": APP_NAME,  # its connections, told apart from the others
    }
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "uvicorn", "echohub.asgi:application", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    slug, pk = program.slug, session.pk
    stop = threading.Event()
    opened: list[int] = []
    events: dict[int, list[str]] = {}

    def listen(n: int, cookie: str) -> None:
        path = reverse("live:events", kwargs={"slug": slug, "pk": pk})
        headers = {"Cookie": f"sessionid={cookie}", "Accept": "text/event-stream"}
        try:
            with httpx.stream("GET", base + path, headers=headers, timeout=30) as r:
                opened.append(r.status_code)
                for line in r.iter_lines():
                    events.setdefault(n, []).append(line)
                    if stop.is_set():
                        return
        except httpx.HTTPError:
            return

    threads = [
        threading.Thread(target=listen, args=(n, cookie), daemon=True)
        for n, cookie in enumerate(cookies)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while len(opened) < len(cookies) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened == [200] * len(cookies)  # 12 open pages on a pool of 2
        time.sleep(0.5)
        # The process holds its pool (2 at most) and its listener, whatever the pages open.
        assert 1 <= _server_connections(db["NAME"]) <= 3
        token = "c" * 32
        t0 = time.monotonic()
        r = httpx.post(
            base + reverse("live:ask", kwargs={"slug": slug, "pk": pk}),
            data={"text": "How slow should a taper be after ten years on opioids?"},
            headers={
                "Cookie": f"sessionid={cookies[0]}; csrftoken={token}",
                "X-CSRFToken": token,
                "HX-Request": "true",
            },
            timeout=30,
        )
        took = time.monotonic() - t0
        assert r.status_code == 200 and "Your question was sent to the hub." in r.text
        assert took < 4  # not a wait for a free connection (the pool's timeout is 5 s)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            '"kind":"question"' in line for line in events.get(0, [])
        ):
            time.sleep(0.1)
        assert any('"kind":"question"' in line for line in events.get(0, []))  # the asker's
        assert 1 <= _server_connections(db["NAME"]) <= 3
    finally:
        stop.set()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
