"""`echohub` lists its own commands with help, without settings or a secret; `serve` links to the
address it serves (development) or warns when SITE_URL is unset (production)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings

from echohub.cli import COMMANDS, main
from echohub.core.management.commands.serve import Command


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.mark.parametrize("args", [[], ["--help"], ["help"]])
def test_help_lists_echohubs_own_commands(args, capsys):
    assert main(["echohub", *args]) == 0
    out = capsys.readouterr().out
    for name, _ in COMMANDS:
        assert f"  {name} " in out
    assert "taper" in out and "SECRET_KEY" not in out


@pytest.mark.parametrize("command", ["serve", "demo", "migrate"])
def test_a_commands_help_needs_no_secret_key(command):
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "echohub.cli", command, "--help"],
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: echohub" in result.stdout.replace("cli.py", "echohub")
    assert "Traceback" not in result.stderr


def test_serve_links_follow_the_address_in_development(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setattr(settings, "SITE_URL", "http://127.0.0.1:8000")
    Command()._site_url("0.0.0.0:8080", production=False)
    assert settings.SITE_URL == "http://127.0.0.1:8080"
    assert os.environ.pop("SITE_URL") == "http://127.0.0.1:8080"


def test_serve_warns_when_site_url_is_unset_in_production(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    command._site_url("0.0.0.0:8080", production=True)
    assert "SITE_URL is not set" in command.stderr._out.getvalue()


def test_help_lists_every_command_echohub_ships():
    """Each management command of echohub's own apps (and the job worker) is in `echohub help`:
    `purge`, `search_reindex`, `check_translations` and `db_worker` were missing."""
    from pathlib import Path

    import echohub

    root = Path(echohub.__file__).parent
    shipped = {
        p.stem for p in root.glob("*/management/commands/*.py") if not p.name.startswith("_")
    }
    listed = {name for name, _ in COMMANDS}
    assert shipped | {"db_worker"} <= listed, sorted((shipped | {"db_worker"}) - listed)
