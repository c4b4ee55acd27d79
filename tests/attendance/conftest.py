"""Helpers for the attendance tests: a small roster, a session and a CSV builder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from echohub.attendance.reconcile import RosterPerson, Session

DATA = Path(__file__).parent / "data"
TORONTO = ZoneInfo("America/Toronto")
HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"


@pytest.fixture
def session() -> Session:
    return Session(
        start=datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
        end=datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
        time_zone="America/Toronto",
        meeting_id="812 3456 7890",
    )


@pytest.fixture
def roster() -> list[RosterPerson]:
    return [
        RosterPerson("P001", "Priya", "Cardinal", "priya.cardinal@example.org"),
        RosterPerson("P002", "Hope", "Mercer", "hope.mercer@example.org"),
        RosterPerson("P003", "Hope", "Mercer", "m.hope.mercer@example.org"),
        RosterPerson("P004", "Daniel", "Dubois", "daniel.dubois@example.org"),
        RosterPerson("P005", "Fatima", "Bélanger", "fatima.belanger@example.org"),
        RosterPerson("P006", "Jean-François", "O'Brien", "jf.obrien@example.org", "REG-6"),
        RosterPerson("P007", "Thomas", "Turner", "thomas.turner@example.org"),
    ]


def csv_bytes(
    rows: Sequence[str], *, header: str = HEADER, preamble: str = "", encoding: str = "utf-8"
) -> bytes:
    text = preamble + header + "\r\n" + "".join(row + "\r\n" for row in rows)
    return text.encode(encoding)


@pytest.fixture
def make_csv() -> Callable[..., bytes]:
    return csv_bytes
