"""Walk 14: a session's page said its time twice when the viewer's time zone is the program's
("Thursday 10 December 2026, 12:30–14:00 EST", then "Program time (Eastern time (Toronto)):
Thursday 10 December 2026, 12:30–14:00 EST"). The program's time is added only for a viewer
in another time zone, for whom it says something."""

import pytest

from echohub.programs.models import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_program_time_is_not_repeated_for_a_viewer_in_the_program_zone(as_role, program):
    session = SessionFactory(program=program, time_zone="America/Toronto")
    client = as_role(program, Role.PARTICIPANT)
    client.user.time_zone = "America/Toronto"
    client.user.save(update_fields=["time_zone"])
    html = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert "Program time" not in html


def test_the_program_time_is_given_to_a_viewer_in_another_zone(as_role, program):
    session = SessionFactory(program=program, time_zone="America/Toronto")
    client = as_role(program, Role.PARTICIPANT)
    client.user.time_zone = "America/Vancouver"
    client.user.save(update_fields=["time_zone"])
    html = client.get(f"/p/{program.slug}/sessions/{session.pk}/").content.decode()
    assert "Program time (Eastern time (Toronto))" in html
