"""A BigBlueButton dashboard gives a person's time online to the second ("00:40:00") between
their first join and last leave. When that time is shorter than the span, the difference is
gaps between reconnects, and where they fell is unknown: only the minutes the person must have
spent in the session count, both when the report is read and when its saved rows are counted
again (Attendance.minutes). Zoom's whole minutes (rounded) keep their rounding slack.
Every name below is invented."""

from __future__ import annotations

import pytest

from echohub.attendance.reconcile import online_minutes_within, reconcile_report

from .test_unseen_reports_3 import PEOPLE, SESSION, TORONTO, dashboard, user

JOIN = "1/8/2026, 11:50:00 AM"  # 40 minutes before the session (12:30)
LEFT = "1/8/2026, 12:32:00 PM"  # 2 minutes into it


def test_two_minutes_of_gaps_are_not_credited_as_time_in_the_session() -> None:
    # 42 minutes from first join to last leave, 40 of them online: the 2 missing minutes may
    # be the 2 inside the session, so nothing inside is sure.
    data = dashboard(user("Ana Lima", JOIN, LEFT, "00:40:00"))
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 0


def test_a_dashboard_row_without_gaps_is_credited_in_full() -> None:
    data = dashboard(user("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"))
    assert reconcile_report(data, PEOPLE, SESSION).people["U1"].minutes == 60


def test_zoom_whole_minutes_keep_their_rounding_slack() -> None:
    from datetime import datetime

    join = datetime(2026, 1, 8, 12, 20, 0, tzinfo=TORONTO)  # 10 minutes before the session
    leave = datetime(2026, 1, 8, 13, 21, 40, tzinfo=TORONTO)  # 61 min 40 s, Zoom says 60
    # Zoom's 60 is rounded: the row is an ordinary segment (51 min 40 s of it inside).
    assert online_minutes_within(join, leave, 60, SESSION.start, SESSION.end) is None
    # The same row with its time online given to the second: 100 s of gaps that may all be
    # inside the session; 60 min online less the 10 outside is what is sure.
    assert online_minutes_within(join, leave, 60, SESSION.start, SESSION.end, 3600) == 50
    # Times written to the minute leave the span uncertain by a minute: a shortfall under a
    # minute is no gap ("0:59:59" for 12:31 to 13:31 is the whole hour), a minute or more is.
    whole = datetime(2026, 1, 8, 13, 22, 0, tzinfo=TORONTO)
    assert online_minutes_within(join, whole, 61, SESSION.start, SESSION.end, 3661) is None
    assert online_minutes_within(join, whole, 61, SESSION.start, SESSION.end, 3600) == 50
    # Online for the whole span to the second: an ordinary segment again.
    assert online_minutes_within(join, leave, 61, SESSION.start, SESSION.end, 3700) is None


@pytest.mark.django_db
def test_saved_dashboard_rows_are_counted_the_same(program, make_member) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services
    from echohub.attendance.models import Attendance, AttendanceRow
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="bbb",
        video_room="",
    )
    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    binh = make_member(program, first_name="Binh", last_name="Nguyen", email="b.n@example.org")
    data = dashboard(
        user("Ana Lima", JOIN, LEFT, "00:40:00"),
        user("Binh Nguyen", "1/8/2026, 12:25:10 PM", "1/8/2026, 1:35:10 PM", "01:09:30"),
    )
    services.import_zoom_report(actor=coordinator, session=session, data=data.encode())
    assert AttendanceRow.objects.get(name="Ana Lima").duration_seconds == 2400
    # Ana: nothing surely inside. Binh: 70 min span, 69.5 online, 65 of the span inside:
    # 69.5 - 5 outside = 64.5 minutes surely inside, counted as 64.
    assert not Attendance.objects.filter(user=ana, computed_minutes__gt=0).exists()
    assert Attendance.objects.get(user=binh).minutes == 64
    # Counted again from the saved rows (as after a coordinator's decision): the same.
    services.recompute(session=session, user_ids=[ana.pk, binh.pk])
    assert not Attendance.objects.filter(user=ana, computed_minutes__gt=0).exists()
    assert Attendance.objects.get(user=binh).minutes == 64
