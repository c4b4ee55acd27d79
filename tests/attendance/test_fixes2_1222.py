""" "My attendance" lists only the sessions since the person joined the program (or earlier
ones they have a record for), and its totals give each count its own plural form.

Found: a participant added to a program today saw its twelve earlier sessions, each "Absent",
and the French line read « Présence à 0 séance, 0 minutes » (the minutes never took the
count's plural form). Everything here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from echohub.attendance import services
from echohub.joining.models import JoinEvent
from echohub.programs.models import Membership, Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _past_sessions(program: Any, count: int) -> list[Any]:
    now = timezone.now()
    return [
        SessionFactory(
            program=program,
            title=f"Earlier session {i}",
            starts_at=now - dt.timedelta(days=7 * (i + 1)),
            ends_at=now - dt.timedelta(days=7 * (i + 1), minutes=-90),
        )
        for i in range(count)
    ]


def _mine(client: Any, program: Any) -> str:
    response = client.get(f"/p/{program.slug}/attendance/mine/")
    assert response.status_code == 200
    return response.content.decode()


def test_someone_who_joined_today_is_not_shown_earlier_sessions_as_absences(
    as_role: Any, program: Any
) -> None:
    _past_sessions(program, 12)
    page = _mine(as_role(program, Role.PARTICIPANT), program)
    assert "Earlier session" not in page
    assert "Absent" not in page
    assert "No session has taken place since you joined this program." in page


def test_the_coordinators_view_of_that_person_says_the_same(
    as_role: Any, program: Any, make_member: Any
) -> None:
    _past_sessions(program, 3)
    newcomer = make_member(program, Role.PARTICIPANT)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/attendance/people/{newcomer.pk}/").content.decode()
    assert "Earlier session" not in page
    assert "No session has taken place since this person joined the program." in page


def test_sessions_since_joining_are_listed_as_absences_and_earlier_ones_are_not(
    as_role: Any, program: Any
) -> None:
    _past_sessions(program, 4)  # 1, 2, 3 and 4 weeks ago
    client = as_role(program, Role.PARTICIPANT)
    # Joined 15 days ago: the sessions 1 and 2 weeks ago are theirs, as absences if nothing.
    Membership.objects.filter(user=client.user).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    page = _mine(client, program)
    assert "Earlier session 0" in page and "Earlier session 1" in page
    assert "Earlier session 2" not in page and "Earlier session 3" not in page
    assert page.count("Absent") == 2


def test_from_a_first_record_before_joining_the_sessions_missed_since_are_listed(
    as_role: Any, program: Any
) -> None:
    """Attended 4 weeks ago (as a guest, or the membership was entered later): that session
    and every one since are theirs; the one 5 weeks ago, before anything, is not."""
    sessions = _past_sessions(program, 5)
    client = as_role(program, Role.PARTICIPANT)
    services.add_manual(actor=None, session=sessions[3], user=client.user, minutes=1, reason="x")
    page = _mine(client, program)
    assert all(f"Earlier session {i}" in page for i in range(4))
    assert "Earlier session 4" not in page
    assert page.count("Absent") == 3
    assert "Present at 1 session, 1 minute in all." in page


def test_a_join_click_counts_as_taking_part(as_role: Any, program: Any) -> None:
    sessions = _past_sessions(program, 3)
    client = as_role(program, Role.PARTICIPANT)
    JoinEvent.objects.create(
        session=sessions[1], user=client.user, provider="zoom", outcome="redirected"
    )
    page = _mine(client, program)
    assert "Earlier session 0" in page and "Earlier session 1" in page
    assert "Earlier session 2" not in page
    assert "Clicked join link" in page


def test_a_session_under_way_when_the_person_joined_is_listed(as_role: Any, program: Any) -> None:
    now = timezone.now()
    SessionFactory(
        program=program,
        title="Running now",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=60),
    )
    page = _mine(as_role(program, Role.PARTICIPANT), program)
    assert "Running now" in page


def test_a_program_with_no_session_yet_keeps_its_empty_state(as_role: Any, program: Any) -> None:
    page = _mine(as_role(program, Role.PARTICIPANT), program)
    assert "No session has taken place yet." in page
    assert "Present at 0 sessions, 0 minutes in all." in page


def test_each_count_takes_its_own_plural(as_role: Any, program: Any) -> None:
    sessions = _past_sessions(program, 2)
    client = as_role(program, Role.PARTICIPANT)
    services.add_manual(actor=None, session=sessions[0], user=client.user, minutes=1, reason="x")
    assert "Present at 1 session, 1 minute in all." in _mine(client, program)
    services.add_manual(actor=None, session=sessions[1], user=client.user, minutes=44, reason="x")
    assert "Present at 2 sessions, 45 minutes in all." in _mine(client, program)


def test_in_french_zero_minutes_takes_the_singular(as_role: Any, program: Any) -> None:
    """French puts 0 and 1 in the singular (« 0 minute »); the minutes follow their own count
    (the catalogue already holds "%(n)d minute"), not the sessions'."""
    client = as_role(program, Role.PARTICIPANT)
    page = client.get(
        f"/p/{program.slug}/attendance/mine/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9"
    ).content.decode()
    assert re.search(r"\b0 minute\b(?!s)", page)
    assert "0 minutes" not in page


def test_the_demos_people_joined_before_its_first_session_so_absences_show(
    client: Any,
) -> None:
    import time_machine

    from echohub.attendance.models import Attendance
    from echohub.demo.data import load_demo
    from echohub.programs.models import Program
    from echohub.scheduling.models import Session

    now = dt.datetime(2026, 11, 19, 20, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        load_demo(stage="running", now=now)
        for program in Program.objects.all():
            first = Session.objects.filter(program=program).order_by("starts_at").first()
            if first is None:
                continue
            assert not Membership.objects.filter(
                program=program, created_at__gt=first.starts_at
            ).exists()
        # Someone who missed a past session the program held sees it as an absence.
        held = Session.objects.filter(ends_at__lte=now, attendances__isnull=False).distinct()
        session = held.first()
        assert session is not None
        attended = Attendance.objects.filter(session=session).values("user_id")
        member = (
            Membership.objects.filter(program=session.program, role=Role.PARTICIPANT)
            .exclude(user_id__in=attended)
            .select_related("user")
            .first()
        )
        assert member is not None
        client.force_login(member.user)
        page = client.get(f"/p/{session.program.slug}/attendance/mine/").content.decode()
    assert "Absent" in page
