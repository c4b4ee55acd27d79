"""Attendance services: decisions survive re-imports, minutes follow decisions, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch, RowStatus
from echohub.core.models import AuditEntry
from echohub.joining.models import JoinEvent, JoinToken
from echohub.programs.models import Role

from .test_views import GOOD, HEADER, report, seg

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def coordinator(program, make_member):
    return make_member(program, Role.COORDINATOR)


@pytest.fixture
def hopes(program, make_member):
    return [
        make_member(
            program, first_name="Hope", last_name="Mercer", email="hope.mercer@example.org"
        ),
        make_member(program, first_name="Hope", last_name="Mercer", email="m.hope@example.org"),
    ]


def test_decisions_survive_a_reimport_and_an_updated_report_adds_only_new_rows(
    program, ended_session, coordinator, hopes
):
    services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    services.assign_row(actor=coordinator, row=row, user=hopes[0])
    again = services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    assert again.already_imported
    row.refresh_from_db()
    assert row.user == hopes[0] and row.method == "coordinator"

    updated = GOOD + (seg("Hope Mercer", "", "01:40:00 PM", "01:50:00 PM", 10) + "\n").encode()
    result = services.import_zoom_report(actor=coordinator, session=ended_session, data=updated)
    assert (result.rows_in_file, result.new_rows, result.review) == (4, 1, 1)
    assert ImportBatch.objects.count() == 2
    assert Attendance.objects.get(user=hopes[0]).minutes == 60  # the new row awaits review


def test_reassigning_a_row_moves_its_minutes(program, ended_session, coordinator, hopes):
    services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    services.assign_row(actor=coordinator, row=row, user=hopes[0])
    services.assign_row(actor=coordinator, row=row, user=hopes[1])
    assert not Attendance.objects.filter(user=hopes[0]).exists()
    assert Attendance.objects.get(user=hopes[1]).minutes == 60
    services.mark_guest(actor=coordinator, row=row)
    assert not Attendance.objects.filter(user__in=hopes).exists()
    assert AuditEntry.objects.filter(action__startswith="attendance.").count() == 4


def test_waiting_room_rows_never_count_and_cannot_be_assigned(
    program, ended_session, coordinator, hopes
):
    data = report(
        seg("Hope Mercer", "hope.mercer@example.org", "12:20:00 PM", "12:29:00 PM", 9, "Yes"),
        seg("Hope Mercer", "hope.mercer@example.org", "12:29:00 PM", "01:00:00 PM", 31, "No"),
        header=HEADER.strip() + ",In Waiting Room\n",
    )
    result = services.import_zoom_report(actor=coordinator, session=ended_session, data=data)
    assert (result.ignored, result.matched) == (1, 1)
    waiting = AttendanceRow.objects.get(waiting_room=True)
    assert waiting.status == RowStatus.IGNORED
    with pytest.raises(services.AttendanceRefused) as caught:
        services.assign_row(actor=coordinator, row=waiting, user=hopes[0])
    assert caught.value.code == "waiting_room"
    assert Attendance.objects.get(user=hopes[0]).minutes == 30


def test_minutes_are_the_union_clipped_to_the_session(program, ended_session, coordinator, hopes):
    data = report(
        seg("Hope Mercer", "hope.mercer@example.org", "12:00:00 PM", "12:50:00 PM", 50),
        seg("Hope Mercer", "hope.mercer@example.org", "12:40:00 PM", "01:10:00 PM", 30),
        seg("Hope Mercer", "hope.mercer@example.org", "01:50:00 PM", "02:30:00 PM", 40),
    )
    services.import_zoom_report(actor=coordinator, session=ended_session, data=data)
    # 12:30–13:10 (40) + 13:50–14:00 (10)
    assert Attendance.objects.get(user=hopes[0]).minutes == 50


def test_unique_users_layout_counts_durations_capped(program, ended_session, coordinator, hopes):
    data = (
        b"Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        b"Hope Mercer,hope.mercer@example.org,93,No\n"
        b"Hope Mercer,m.hope@example.org,42,No\n"
        b"Hope Mercer,hope.mercer@example.org,200,No\n"
    )
    result = services.import_zoom_report(actor=coordinator, session=ended_session, data=data)
    assert any("unique-users layout" in w for w in result.warnings)
    assert Attendance.objects.get(user=hopes[0]).minutes == 90
    assert Attendance.objects.get(user=hopes[1]).minutes == 42
    # 200 minutes in a 90-minute session, no meeting times: 110 surely outside, so reviewed
    long = AttendanceRow.objects.get(row_number=3)
    assert (long.user, long.status) == (None, "review")


def test_join_tokens_and_registrant_ids_identify_people(program, ended_session, coordinator, hopes):
    from echohub.joining.models import ProviderRegistration

    ProviderRegistration.objects.create(
        provider="zoom",
        meeting_ref="81234567890",
        user=hopes[1],
        external_id="REG-42",
        join_url="https://zoom.example.test/j/1",
    )
    JoinToken.objects.create(session=ended_session, user=hopes[0])
    data = report(
        seg("Hope Mercer", "", "12:30:00 PM", "01:00:00 PM", 30, "REG-42"),
        header=HEADER.strip() + ",Registrant ID\n",
    )
    services.import_zoom_report(actor=coordinator, session=ended_session, data=data)
    row = AttendanceRow.objects.get()
    assert (row.user, row.method, row.registrant_id) == (hopes[1], "registrant_id", "REG-42")


def test_join_link_clicks_never_add_minutes(program, ended_session, coordinator, hopes):
    JoinEvent.objects.create(
        session=ended_session, user=hopes[0], provider="zoom", outcome="redirected"
    )
    services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    assert not Attendance.objects.filter(user=hopes[0]).exists()


def test_manual_minutes_never_add_to_segments_and_duplicates_are_refused(
    program, ended_session, coordinator, hopes
):
    services.add_manual(
        actor=coordinator,
        session=ended_session,
        user=hopes[0],
        join_at=dt.datetime(2026, 1, 8, 17, 30, tzinfo=UTC),
        leave_at=dt.datetime(2026, 1, 8, 18, 0, tzinfo=UTC),
        reason="sign-in sheet",
    )
    services.add_manual(
        actor=coordinator, session=ended_session, user=hopes[0], minutes=20, reason="by phone"
    )
    a = Attendance.objects.get(user=hopes[0])
    # Minutes by hand say how long, not when: never added to the 30 timed minutes (hunt 7).
    assert (a.minutes, a.sources) == (30, "manual")
    with pytest.raises(services.AttendanceRefused) as caught:
        services.add_manual(
            actor=coordinator, session=ended_session, user=hopes[0], minutes=20, reason="again"
        )
    assert caught.value.code == "duplicate"
    for kwargs, code in [
        ({"minutes": 20, "reason": "  "}, "reason_required"),
        ({"minutes": 500, "reason": "x"}, "bad_minutes"),
        ({"reason": "x"}, "nothing_to_record"),
        (
            {
                "reason": "x",
                "join_at": dt.datetime(2026, 1, 9, 17, 30, tzinfo=UTC),
                "leave_at": dt.datetime(2026, 1, 9, 18, 0, tzinfo=UTC),
            },
            "time_outside_session",
        ),
    ]:
        with pytest.raises(services.AttendanceRefused) as caught:
            services.add_manual(actor=coordinator, session=ended_session, user=hopes[1], **kwargs)
        assert caught.value.code == code


def test_adjustment_requires_a_reason_and_can_be_removed(
    program, ended_session, coordinator, hopes
):
    services.import_zoom_report(
        actor=coordinator,
        session=ended_session,
        data=report(
            seg("Hope Mercer", "hope.mercer@example.org", "12:30:00 PM", "01:00:00 PM", 30)
        ),
    )
    with pytest.raises(services.AttendanceRefused) as caught:
        services.adjust_attendance(
            actor=coordinator, session=ended_session, user=hopes[0], minutes=80, reason=" "
        )
    assert caught.value.code == "reason_required"
    services.adjust_attendance(
        actor=coordinator, session=ended_session, user=hopes[0], minutes=80, reason="host says"
    )
    a = Attendance.objects.get(user=hopes[0])
    assert (a.minutes, a.computed_minutes, a.adjustment_reason) == (80, 30, "host says")
    # A later import recomputes the segments but keeps the adjustment on top.
    services.import_zoom_report(
        actor=coordinator,
        session=ended_session,
        data=report(
            seg("Hope Mercer", "hope.mercer@example.org", "01:00:00 PM", "01:10:00 PM", 10)
        ),
    )
    a.refresh_from_db()
    assert (a.minutes, a.computed_minutes) == (80, 40)
    services.adjust_attendance(
        actor=coordinator, session=ended_session, user=hopes[0], minutes=None, reason="undo"
    )
    a.refresh_from_db()
    assert (a.minutes, a.adjusted_minutes) == (40, None)
    changes = [e.changes for e in AuditEntry.objects.filter(action="attendance.adjust")]
    assert [c["minutes"] for c in changes] == [[80, 40], [30, 80]]  # newest first


def test_import_runs_a_fixed_number_of_queries(program, ended_session, coordinator, make_member):
    def run(n, offset):
        lines = []
        for i in range(offset, offset + n):
            make_member(program, first_name=f"P{i}", last_name="Zed", email=f"p{i}@example.org")
            lines.append(seg(f"P{i} Zed", f"p{i}@example.org", "12:30:00 PM", "01:00:00 PM", 30))
        with CaptureQueriesContext(connection) as ctx:
            services.import_zoom_report(
                actor=coordinator, session=ended_session, data=report(*lines)
            )
        return len(ctx.captured_queries)

    assert run(2, 0) == run(40, 2)


def test_removing_an_import_undoes_its_rows_and_roll_calls(
    program, ended_session, coordinator, hopes, make_member
):
    daniel = make_member(program, first_name="Daniel", last_name="Dubois")
    result = services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    room = AttendanceRow.objects.get(name="Thunder Bay Boardroom")
    services.roll_call(actor=coordinator, session=ended_session, users=[daniel], room_row=room)
    services.assign_row(
        actor=coordinator, row=AttendanceRow.objects.get(name="Hope Mercer"), user=hopes[0]
    )
    assert Attendance.objects.filter(minutes__gt=0).count() == 2
    assert result.batch is not None
    removed = services.delete_import(actor=coordinator, batch=result.batch)
    assert removed == 4
    assert not AttendanceRow.objects.exists() and not Attendance.objects.exists()
    assert not ImportBatch.objects.exists()
    assert AuditEntry.objects.filter(action="attendance.delete_import").count() == 1
    # And the same report can be imported again afterwards.
    again = services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    assert again.new_rows == 3


def test_a_cancelled_session_takes_no_report(program, ended_session, coordinator):
    ended_session.status = "cancelled"
    ended_session.save()
    with pytest.raises(services.AttendanceRefused) as caught:
        services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    assert caught.value.code == "session_cancelled"


def test_the_same_file_read_in_another_time_zone_is_refused(program, ended_session, coordinator):
    services.import_zoom_report(actor=coordinator, session=ended_session, data=GOOD)
    with pytest.raises(services.AttendanceRefused) as caught:
        services.import_zoom_report(
            actor=coordinator, session=ended_session, data=GOOD, time_zone="America/Winnipeg"
        )
    assert caught.value.code == "imported_in_other_zone"
    assert "America/Toronto" in caught.value.message
    assert AttendanceRow.objects.count() == 3
