"""A seventh hunt for reports nobody here has seen, and two known gaps: minutes entered by
hand were added on top of the report's (the same hour counted twice), and a duration that
does not fit its row's times was refused without saying what to do. Every name, address and
number below is invented.

What cannot be read exactly is refused in words people read (what is wrong, what to do); a row
that is not certain goes to review, never to a guessed person; minutes never exceed the
session nor what the person surely attended."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

# The third hunt's roster, session and helpers.
from .test_unseen_reports_3 import SESSION, report


def upload(client, program, session, data: bytes, name: str = "report.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "time_zone": "America/Toronto",
        },
    )


def zoom_session(program):  # type: ignore[no-untyped-def]
    from tests.factories import SessionFactory

    return SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )


# --- minutes entered by hand are not added on top of the report's -------------------------------
# A minutes-only entry says how long someone attended, not when: it may be the very time the
# report already shows (the sign-in sheet's hour, the dial-in line assigned later). Adding it
# to the report's minutes credited Ana 90 minutes of a 90-minute session for her one hour. It
# now counts as the person's minutes when the report shows fewer, never on top of them; time
# the report missed is entered with its join and leave times (a union, never counted twice).

ANA_HOUR = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


def credited(session, user) -> int:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import Attendance

    return Attendance.objects.get(session=session, user=user).minutes


@pytest.fixture
def ana_at_session(as_role, program, make_member):  # type: ignore[no-untyped-def]
    from echohub.programs.models import Role

    session = zoom_session(program)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    client = as_role(program, Role.COORDINATOR)
    return client, program, session, ana


@pytest.mark.django_db
def test_minutes_by_hand_after_the_report_are_not_added_to_its_minutes(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    assert upload(client, program, session, report(ANA_HOUR).encode()).status_code == 302
    assert credited(session, ana) == 60
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=60, reason="sign-in sheet"
    )
    assert credited(session, ana) == 60  # was 90: the same hour twice
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=75, reason="she stayed late"
    )
    assert credited(session, ana) == 75  # more than the report shows: the larger counts


@pytest.mark.django_db
def test_minutes_by_hand_before_the_report_are_not_added_to_its_minutes(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services
    from echohub.attendance.models import AttendanceRow

    client, program, session, ana = ana_at_session
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=45, reason="joined by phone"
    )
    assert credited(session, ana) == 45
    # The report's dial-in line is then assigned to her: the same 45 minutes.
    phone = "+1 647 555 0123,,01/08/2026 12:45 PM,01/08/2026 01:30 PM,45,Yes"
    assert upload(client, program, session, report(phone).encode()).status_code == 302
    row = AttendanceRow.objects.get(name="+1 647 555 0123")
    assert row.user is None
    services.assign_row(actor=client.user, row=row, user=ana)
    assert credited(session, ana) == 45  # was 90


@pytest.mark.django_db
def test_minutes_by_hand_never_exceed_the_session(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    whole = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 02:00 PM,90,No"
    assert upload(client, program, session, report(whole).encode()).status_code == 302
    for number, minutes_by_hand in enumerate((90, 89, 30), start=1):
        services.add_manual(
            actor=client.user,
            session=session,
            user=ana,
            minutes=minutes_by_hand,
            reason=f"sheet {number}",
        )
    assert credited(session, ana) == 90


@pytest.mark.django_db
def test_time_the_report_missed_is_added_with_its_times(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    assert upload(client, program, session, report(ANA_HOUR).encode()).status_code == 302
    services.add_manual(
        actor=client.user,
        session=session,
        user=ana,
        join_at=datetime(2026, 1, 8, 18, 15, tzinfo=UTC),  # 13:15 to 13:45 in Toronto
        leave_at=datetime(2026, 1, 8, 18, 45, tzinfo=UTC),
        reason="phone, from the operator's log",
    )
    assert credited(session, ana) == 75  # the union: 12:30 to 13:45


@pytest.mark.django_db
def test_the_manual_form_says_minutes_are_not_added_to_the_report(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    client, program, session, _ana = ana_at_session
    page = client.get(f"/p/{program.slug}/attendance/sessions/{session.pk}/").content.decode()
    assert "never added to the report" in page
