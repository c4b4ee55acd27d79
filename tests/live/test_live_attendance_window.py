"""The hub's actual start and end feed the attendance window: once the session ran live in
echohub, attended minutes are counted from the hub's start to its end (the end of the session
recounts everyone, credits follow); a session never run live keeps its planned window."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
from echohub.attendance.services import attendance_window, recompute
from echohub.live import queries, services
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendee(program, make_member):
    return make_member(program, Role.PARTICIPANT)


def segment(session, user, start, minutes):
    batch, _ = ImportBatch.objects.get_or_create(
        session=session, source="zoom_api", filename="live-window"
    )
    return AttendanceRow.objects.create(
        session=session,
        batch=batch,
        row_number=AttendanceRow.objects.count() + 1,
        fingerprint=f"w{AttendanceRow.objects.count()}",
        source="zoom_api",
        name=user.get_full_name(),
        join_at=start,
        leave_at=start + dt.timedelta(minutes=minutes),
        user=user,
        status="matched",
    )


def test_a_session_not_run_live_keeps_its_planned_window(session, attendee):
    assert queries.attendance_window(session) is None
    assert attendance_window(session) == (session.starts_at, session.ends_at)
    segment(session, attendee, session.starts_at, 60)
    recompute(session=session, user_ids={attendee.pk})
    assert Attendance.objects.get(session=session, user=attendee).minutes == 60


def test_minutes_are_counted_between_the_hubs_actual_start_and_end(session, coordinator, attendee):
    planned = session.starts_at  # five minutes ago (tests/live/conftest.py)
    segment(session, attendee, planned, 60)  # on time, for an hour
    recompute(session=session, user_ids={attendee.pk})
    assert Attendance.objects.get(session=session, user=attendee).minutes == 60
    live = services.start_session(actor=coordinator, session=session)  # five minutes late
    assert attendance_window(session) == (live.started_at, session.ends_at)
    with time_machine.travel(live.started_at + dt.timedelta(minutes=40), tick=False):
        services.end_session(actor=coordinator, session=session)  # 45 minutes early
    live.refresh_from_db()
    assert attendance_window(session) == (live.started_at, live.ended_at)
    # The hour from the planned start, clipped to the 40 minutes the hub actually ran.
    assert Attendance.objects.get(session=session, user=attendee).minutes == 40


def test_a_session_running_over_counts_the_overrun(session, coordinator, attendee):
    live = services.start_session(actor=coordinator, session=session)
    over = session.ends_at + dt.timedelta(minutes=20)
    segment(session, attendee, live.started_at, 110)  # stays to the very end
    with time_machine.travel(over, tick=False):
        services.end_session(actor=coordinator, session=session)
    expected = int((over - live.started_at).total_seconds() // 60)
    assert Attendance.objects.get(session=session, user=attendee).minutes == expected
    assert expected > int((session.ends_at - session.starts_at).total_seconds() // 60)


def test_the_session_page_shows_when_it_ran_live_and_each_items_minutes(
    as_role, client, session, items, coordinator
):
    from django.urls import reverse

    page = reverse("scheduling:session", kwargs={"slug": session.program.slug, "pk": session.pk})
    viewer = as_role(session.program, Role.PARTICIPANT)
    assert "Ran live in echohub" not in viewer.get(page).content.decode()
    live = services.start_session(actor=coordinator, session=session)
    assert "Running live in echohub since" in viewer.get(page).content.decode()
    with time_machine.travel(live.started_at + dt.timedelta(minutes=12), tick=False):
        services.next_item(actor=coordinator, session=session)
    with time_machine.travel(live.started_at + dt.timedelta(minutes=20), tick=False):
        services.skip_item(actor=coordinator, session=session)
        services.end_session(actor=coordinator, session=session)
    html = viewer.get(page).content.decode()
    assert "Ran live in echohub from" in html and "attendance is counted between" in html
    assert "Tapering in primary care:\n      planned 20 min, actual 12 min" in html
    assert "skipped" in html
    # A participant of the program sees the case item's title as on the agenda; an evaluator
    # sees its kind only.
    assert "Case: low back pain" in html
    evaluator = as_role(session.program, Role.EVALUATOR)
    assert "Case: low back pain" not in evaluator.get(page).content.decode().split("live-ran")[1]
