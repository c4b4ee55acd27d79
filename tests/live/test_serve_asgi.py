"""`echohub serve --asgi`: uvicorn serving echohub.asgi (the live pages' real-time streams),
several processes in production, after migrate (and collectstatic in production)."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command

from echohub.core.management.commands import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def execs(monkeypatch):
    calls: list[tuple[str, list[str]]] = []
    ran: list[str] = []

    def fake_execv(path, argv):
        calls.append((path, list(argv)))
        raise SystemExit(0)  # execv never returns

    monkeypatch.setattr(serve.os, "execv", fake_execv)
    monkeypatch.setattr(serve, "call_command", lambda name, *a, **kw: ran.append(name))
    monkeypatch.setenv("SITE_URL", "https://echo.example.org")
    return calls, ran


def test_asgi_production_runs_uvicorn_workers_after_migrate_and_collectstatic(execs):
    calls, ran = execs
    with pytest.raises(SystemExit):
        call_command(
            "serve", "--asgi", "--production", "--addr", "127.0.0.2:8001", stdout=io.StringIO()
        )
    ((path, argv),) = calls
    assert Path(path).name == "uvicorn" and argv[1] == "echohub.asgi:application"
    assert (
        argv[argv.index("--host") + 1] == "127.0.0.2" and argv[argv.index("--port") + 1] == "8001"
    )
    assert argv[argv.index("--workers") + 1] == "2"
    assert ran == ["migrate", "collectstatic"]


def test_asgi_development_is_one_process_and_workers_can_be_chosen(execs):
    calls, ran = execs
    ran.clear()
    with pytest.raises(SystemExit):
        call_command("serve", "--asgi", "--no-demo", "--addr", "8002", stdout=io.StringIO())
    with pytest.raises(SystemExit):
        call_command("serve", "--asgi", "--production", "--workers", "3", stdout=io.StringIO())
    first, second = (argv for _path, argv in calls)
    assert first[first.index("--workers") + 1] == "1"
    assert first[first.index("--host") + 1] == "127.0.0.1" and "8002" in first
    assert second[second.index("--workers") + 1] == "3"
    assert ran == ["migrate", "migrate", "collectstatic"]  # no demo: --no-demo, then production


def test_without_asgi_production_is_still_gunicorn(execs):
    calls, _ran = execs
    with pytest.raises(SystemExit):
        call_command("serve", "--production", stdout=io.StringIO())
    ((path, argv),) = calls
    assert Path(path).name == "gunicorn" and argv[argv.index("--workers") + 1] == "4"


def test_the_asgi_application_answers_under_uvicorn(tmp_path):
    """The command's target really serves: uvicorn with echohub.asgi answers a page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "echohub.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'asgi.sqlite3'}",
        "SECRET_KEY": "asgi-test-key",
        "DEBUG": "0",
    }
    proc = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "uvicorn", "echohub.asgi:application", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and response is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            except httpx.HTTPError:
                time.sleep(0.3)
        assert response is not None, proc.stderr.read().decode() if proc.stderr else ""
        assert response.status_code in (200, 302)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
