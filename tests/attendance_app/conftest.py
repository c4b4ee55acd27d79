"""Fixtures for the attendance app: a program's people built from a shared session's roster."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from echohub.programs.models import Program, Role
from echohub.scheduling.models import Session
from tests.factories import MembershipFactory, SessionFactory, UserFactory

SHARED = Path("/work/shared/data/attendance")
SHARED_SESSIONS = sorted(p.name for p in SHARED.glob("session-*")) if SHARED.is_dir() else []


@dataclass
class Loaded:
    """A shared session case loaded into the database."""

    folder: Path
    session: Session
    users: dict[str, Any]  # roster person_id -> User
    expected: dict[str, Any]
    report: bytes

    def person_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        return next(pid for pid, user in self.users.items() if user.pk == user_id)


@pytest.fixture
def load_shared(program: Program) -> Callable[[str], Loaded]:
    """load_shared("session-01") -> the roster as participants of `program`, and the session."""

    def load(name: str) -> Loaded:
        folder = SHARED / name
        if not folder.is_dir():
            pytest.skip(f"shared data {folder} absent")
        info = json.loads((folder / "session.json").read_text(encoding="utf-8"))
        users = {}
        with (folder / "roster.csv").open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                user = UserFactory(
                    first_name=record["first_name"],
                    last_name=record["last_name"],
                    email=record["email"] or f"{record['person_id'].lower()}@nowhere.test",
                )
                MembershipFactory(program=program, user=user, role=Role.PARTICIPANT)
                users[record["person_id"]] = user
        session = SessionFactory(
            program=program,
            title=f"Shared {name}",
            starts_at=dt.datetime.fromisoformat(info["start"]),
            ends_at=dt.datetime.fromisoformat(info["end"]),
            time_zone=info["time_zone"],
            video_provider="zoom",
            video_room=info.get("meeting_id") or "",
        )
        return Loaded(
            folder=folder,
            session=session,
            users=users,
            expected=json.loads((folder / "expected.json").read_text(encoding="utf-8")),
            report=(folder / "report.csv").read_bytes(),
        )

    return load


@pytest.fixture
def ended_session(program: Program) -> Session:
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)  # 12:30 in Toronto
    return SessionFactory(
        program=program,
        title="Opioid tapering",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )
