"""The sessions page keeps its actions (a new series, one session, breaks, case follow-ups)
out of its search form (the walk of round 1222: they sat inside the form of role="search", so
a screen reader announced them as part of the search and any of them turned into a button
would have submitted it)."""

from __future__ import annotations

import re

import pytest

from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTICIPANT])
def test_session_actions_sit_outside_the_search_form(as_role, program, role):
    client = as_role(program, role)
    main = _main(client.get(f"/p/{program.slug}/sessions/").content.decode())
    form = re.search(
        r'<form method="get" class="filters" role="search"[^>]*>(.*?)</form>', main, re.S
    )
    assert form, "no session search form"
    inside = form.group(1)
    assert "<a " not in inside
    assert re.findall(r"<button[^>]*>", inside) == ['<button type="submit" class="secondary">']
    assert "Find sessions" in form.group(0)


def test_a_coordinator_still_finds_every_action_and_a_participant_only_follow_ups(as_role, program):
    coordinator = _main(
        as_role(program, Role.COORDINATOR).get(f"/p/{program.slug}/sessions/").content.decode()
    )
    for words in ("New series", "Add one session", "Breaks"):
        assert words in coordinator
    participant = _main(
        as_role(program, Role.PARTICIPANT).get(f"/p/{program.slug}/sessions/").content.decode()
    )
    assert "Case follow-ups" in participant
    assert "New series" not in participant and "Breaks" not in participant
