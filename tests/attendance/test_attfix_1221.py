"""Zoom's "Show unique users" totals from a meeting that ran outside the session. Every name,
address and number below is invented.

A total has no join or leave time: it cannot be clipped to the session. Read as it stood, a
meeting opened an hour early credited Ana her whole 60 minutes, though all of them may have
been before the session began (the warning said so, the credit did not). When the report's
meeting-data block shows the meeting ran more than a few minutes outside the session, each
total goes to the coordinator's review saying how much of it may lie outside, never credited
by a guess; a meeting within the session's times is read as before."""

from __future__ import annotations

import pytest

from echohub.attendance.reconcile import reconcile_report

from .test_unseen_reports_3 import PEOPLE, SESSION, report

UNIQUE = "Name (Original Name),User Email,Total Duration (Minutes),Guest"


def block(start: str, end: str) -> str:
    return (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
        f'"812 3456 7890",Rounds,01/08/2026 {start},01/08/2026 {end},host@example.org,90,2'
        "\r\n\r\n"
    )


ROWS = ("Ana Lima,ana.lima@example.org,60,No", "Binh Nguyen,binh.nguyen@example.org,90,No")


@pytest.mark.parametrize(
    ("start", "end", "outside"),
    [
        ("11:30 AM", "02:00 PM", 60),  # opened an hour early
        ("12:30 PM", "03:00 PM", 60),  # ran an hour late
        ("12:20 PM", "02:10 PM", 20),
    ],
)
def test_totals_of_a_meeting_that_ran_outside_the_session_go_to_review(
    start: str, end: str, outside: int
) -> None:
    data = report(*ROWS, header=block(start, end) + UNIQUE)
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people == {}
    assert [(row.person_id, row.status, row.candidates) for row in result.rows] == [
        (None, "review", ("U1",)),
        (None, "review", ("U2",)),
    ]
    reason = result.rows[0].reason
    assert f"ran {outside} min outside the session" in reason and "60 min" in reason


@pytest.mark.parametrize(
    ("start", "end", "outside"),
    [("12:30 PM", "02:00 PM", 0), ("12:28 PM", "02:01 PM", 3), ("12:25 PM", "02:00 PM", 5)],
)
def test_totals_of_a_meeting_within_the_session_are_read(
    start: str, end: str, outside: int
) -> None:
    """Within the slack (5 min outside) a total is read less the minutes outside, the part
    surely within the session (credited whole before: 90 for a meeting of 12:28-14:01, of which
    at most 87 were in the session)."""
    data = report(*ROWS, header=block(start, end) + UNIQUE)
    result = reconcile_report(data, PEOPLE, SESSION)
    minutes = {pid: p.minutes for pid, p in result.people.items()}
    assert minutes == {"U1": 60 - outside, "U2": 90 - outside}
    said = [w for w in result.warnings if "outside the session" in w]
    assert said == (
        [
            f"the meeting ran {outside} min outside the session: each total without "
            f"join and leave times counts {outside} min less, the part surely within "
            "the session"
        ]
        if outside
        else []
    )


@pytest.mark.django_db
def test_a_total_in_review_is_credited_once_the_coordinator_assigns_it(  # type: ignore[no-untyped-def]
    program, make_member
) -> None:
    from echohub.attendance import services
    from echohub.attendance.import_text import review_reason
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )
    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    data = report(ROWS[0], header=block("11:30 AM", "02:00 PM") + UNIQUE)
    services.import_zoom_report(
        actor=coordinator, session=session, data=data.encode(), time_zone="America/Toronto"
    )
    row = AttendanceRow.objects.get()
    assert (row.user, row.status, row.candidates) == (None, RowStatus.REVIEW, [ana.pk])
    assert "Ana Lima" in row.reason and "outside the session" in row.reason
    assert review_reason(row.reason)  # said in words on the review page
    assert not Attendance.objects.filter(minutes__gt=0).exists()
    services.assign_row(actor=coordinator, row=row, user=ana)
    assert Attendance.objects.get(session=session, user=ana).minutes == 60
