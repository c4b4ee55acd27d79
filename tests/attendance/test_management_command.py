"""The Django management command is a thin door onto the same ``main``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management.base import CommandError

from echohub.attendance.management.commands.attendance import Command

from .conftest import DATA

SESSION = DATA / "session-04"


def test_command_prints_the_same_json() -> None:
    out = io.StringIO()
    command = Command(stdout=out, stderr=io.StringIO())
    command.handle(
        arguments=[
            "reconcile",
            "--roster",
            str(SESSION / "roster.csv"),
            "--session",
            str(SESSION / "session.json"),
            "--report",
            str(SESSION / "report.csv"),
            "--json",
        ]
    )
    assert json.loads(out.getvalue())["people"]["P025"]["minutes"] == 80


def test_command_turns_a_bad_exit_into_a_command_error() -> None:
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError) as caught:
        command.handle(arguments=["reconcile", "--roster", "nope"])
    assert caught.value.returncode == 2
