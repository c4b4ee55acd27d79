"""Properties of matching on the shared sessions: roster order is irrelevant, and a namesake
added to the roster always takes a name-only match back to review (never a guess)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.reconcile import (
    RosterPerson,
    load_roster,
    load_session,
    reconcile_report,
)

from .conftest import DATA

SESSIONS = sorted(path for path in DATA.iterdir() if (path / "expected.json").is_file())


def _run(folder: Path, roster: list[RosterPerson]) -> list[str | None]:
    result = reconcile_report(
        (folder / "report.csv").read_bytes(), roster, load_session(folder / "session.json")
    )
    return [row.person_id for row in result.rows]


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(SESSIONS), st.randoms(use_true_random=False))
def test_roster_order_does_not_matter(folder: Path, rng: random.Random) -> None:
    roster = load_roster(folder / "roster.csv")
    shuffled = list(roster)
    rng.shuffle(shuffled)
    assert _run(folder, shuffled) == _run(folder, roster)


@pytest.mark.parametrize("folder", SESSIONS, ids=lambda path: path.name)
def test_a_namesake_turns_every_name_only_match_into_review(folder: Path) -> None:
    roster = load_roster(folder / "roster.csv")
    session = load_session(folder / "session.json")
    data = (folder / "report.csv").read_bytes()
    base = reconcile_report(data, roster, session)
    by_name = [row for row in base.rows if row.method == "name"]
    assert by_name  # the sessions do have rows matched only by name
    people = {person.person_id: person for person in roster}
    for row in by_name:
        assert row.person_id is not None
        original = people[row.person_id]
        twin = RosterPerson("PTWIN", original.first_name, original.last_name, "twin@example.org")
        again = reconcile_report(data, [*roster, twin], session)
        outcome = again.rows[row.row - 1]
        assert outcome.person_id is None
        assert outcome.status == "review"
        assert set(outcome.candidates) == {row.person_id, "PTWIN"}
    # Rows matched by e-mail are unaffected by a namesake.
    by_email = [row for row in base.rows if row.method == "email"]
    for row in by_email[:3]:
        assert row.person_id is not None
        original = people[row.person_id]
        twin = RosterPerson("PTWIN", original.first_name, original.last_name, "twin@example.org")
        again = reconcile_report(data, [*roster, twin], session)
        assert again.rows[row.row - 1].person_id == row.person_id
