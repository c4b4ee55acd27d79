"""fixes1 (1222): "Your past sessions" on the home page lists the person's own past sessions:
those since their role in the program began, or any they have an attendance record for; not
the program's sessions from before they joined."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from echohub.attendance.models import Attendance
from echohub.programs.models import Role
from echohub.scheduling.queries import past_sessions_for
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _session(program, title: str, day: dt.datetime):
    return SessionFactory(
        program=program, title=title, starts_at=day, ends_at=day + dt.timedelta(minutes=90)
    )


def _past_part(page: str) -> str:
    return page.split("Your past sessions")[1]


def test_home_lists_only_past_sessions_since_one_joined_or_attended(client, program):
    before = _session(program, "Before they joined", dt.datetime(2026, 9, 3, 17, tzinfo=UTC))
    attended = _session(program, "Came as a guest", dt.datetime(2026, 9, 10, 17, tzinfo=UTC))
    person = UserFactory()
    Attendance.objects.create(session=attended, user=person, minutes=80)
    with time_machine.travel(dt.datetime(2026, 9, 20, tzinfo=UTC), tick=False):
        MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
    after = _session(program, "Since they joined", dt.datetime(2026, 10, 1, 17, tzinfo=UTC))
    other = ProgramFactory(slug="other-program")
    _session(other, "Another program", dt.datetime(2026, 10, 2, 17, tzinfo=UTC))

    client.force_login(person)
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        page = _past_part(client.get("/").content.decode())
        listed = past_sessions_for(person)

    assert after.title in page and attended.title in page
    assert before.title not in page and "Another program" not in page
    assert listed == [after, attended]


def test_a_new_member_of_an_old_program_has_no_past_sessions_yet(client, program):
    _session(program, "Long ago", dt.datetime(2026, 3, 5, 17, tzinfo=UTC))
    person = UserFactory()
    with time_machine.travel(dt.datetime(2026, 10, 1, tzinfo=UTC), tick=False):
        MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
        client.force_login(person)
        page = _past_part(client.get("/").content.decode())
    assert "Long ago" not in page and "No past sessions yet." in page


def test_a_later_second_role_does_not_hide_sessions_since_the_first(program):
    person = UserFactory()
    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=UTC), tick=False):
        MembershipFactory(program=program, user=person, role=Role.PARTICIPANT)
    with time_machine.travel(dt.datetime(2026, 10, 15, tzinfo=UTC), tick=False):
        MembershipFactory(program=program, user=person, role=Role.EXPERT)
    first_month = _session(program, "September", dt.datetime(2026, 9, 17, 17, tzinfo=UTC))
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=UTC), tick=False):
        assert past_sessions_for(person) == [first_month]
