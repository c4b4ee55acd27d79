"""Score the engine against hand-reconciled sessions (``expected.json``). No Django import.

A data directory holds one folder per session with ``roster.csv``, ``session.json``,
``report.csv`` and ``expected.json`` (see /work/shared/data/attendance/README.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from echohub.attendance.reconcile import reconcile_files

__all__ = ["SessionScore", "score_directory", "score_session"]


@dataclass(slots=True)
class SessionScore:
    """How one session came out. ``wrong`` counts non-null assignments that differ from the
    expected person (including rows expected null); ``review`` counts rows left unassigned that
    a careful coordinator did assign; ``minutes_ok`` persons within ±1 minute."""

    name: str
    rows: int = 0
    correct: int = 0
    assignable: int = 0
    assigned: int = 0
    wrong: int = 0
    review: int = 0
    people: int = 0
    minutes_ok: int = 0
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "session": self.name,
            "rows": self.rows,
            "correct": self.correct,
            "assignable": self.assignable,
            "assigned": self.assigned,
            "wrong": self.wrong,
            "review": self.review,
            "people": self.people,
            "minutes_ok": self.minutes_ok,
            "problems": self.problems,
        }


def score_session(folder: Path) -> SessionScore:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = reconcile_files(folder / "roster.csv", folder / "session.json", folder / "report.csv")
    score = SessionScore(folder.name)
    got = {row.row: row for row in result.rows}
    score.rows = len(expected["rows"])
    if len(result.rows) != score.rows:
        score.problems.append(f"{len(result.rows)} rows read, {score.rows} expected")
    for item in expected["rows"]:
        want = item.get("person_id")
        outcome = got.get(item["row"])
        have = outcome.person_id if outcome else None
        if want is not None:
            score.assignable += 1
        if have is not None:
            score.assigned += 1
        if have == want:
            score.correct += 1
        elif have is not None:
            score.wrong += 1
            score.problems.append(f"row {item['row']} {item.get('name', '')!r}: {have} != {want}")
        else:
            score.review += 1
            reason = outcome.reason if outcome else "missing"
            score.problems.append(f"row {item['row']} {item.get('name', '')!r}: left ({reason})")
    for pid, minutes in expected["minutes"].items():
        score.people += 1
        attended = result.people.get(pid)
        have_minutes = attended.minutes if attended else 0
        if abs(have_minutes - minutes) <= 1:
            score.minutes_ok += 1
        else:
            score.problems.append(f"{pid}: {have_minutes} min, expected {minutes}")
    return score


def score_directory(data: Path) -> list[SessionScore]:
    folders = sorted(p for p in data.iterdir() if (p / "expected.json").is_file())
    return [score_session(folder) for folder in folders]
