"""Importing Zoom reports: the shared hand-reconciled sessions, idempotency, bad files."""

from __future__ import annotations

import pytest

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch, RowStatus
from echohub.core.models import AuditEntry
from echohub.programs.models import Role

from .conftest import SHARED_SESSIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", SHARED_SESSIONS or ["session-01"])
def test_shared_session_gives_expected_minutes_and_no_wrong_assignment(
    load_shared, make_member, program, name
):
    case = load_shared(name)
    coordinator = make_member(program, Role.COORDINATOR)
    result = services.import_zoom_report(
        actor=coordinator, session=case.session, data=case.report, filename="report.csv"
    )
    expected_rows = {r["row"]: r["person_id"] for r in case.expected["rows"]}
    rows = {r.row_number: r for r in AttendanceRow.objects.filter(session=case.session)}
    assert result.new_rows == len(rows) == len(expected_rows)  # nothing silently dropped

    wrong = [
        (n, case.person_of(row.user_id), expected_rows[n])
        for n, row in rows.items()
        if row.user_id is not None and case.person_of(row.user_id) != expected_rows[n]
    ]
    assert wrong == []
    # Rows the coordinator must see: every unassigned non-waiting-room row is in the queue.
    for row in rows.values():
        if row.user_id is None and not row.waiting_room:
            assert row.status in (RowStatus.REVIEW, RowStatus.UNMATCHED)
    missed = [n for n, row in rows.items() if row.user_id is None and expected_rows[n]]
    assert missed == []  # the engine assigns everything a careful coordinator would

    minutes = {
        case.person_of(a.user_id): a.minutes
        for a in Attendance.objects.filter(session=case.session)
    }
    for pid, want in case.expected["minutes"].items():
        assert abs(minutes.get(pid, 0) - want) <= 1, pid
    assert {pid for pid, m in minutes.items() if m} <= set(case.expected["minutes"])
    assert AuditEntry.objects.filter(action="attendance.import").count() == 1


def test_reimporting_the_same_report_changes_nothing(load_shared, make_member, program):
    case = load_shared(SHARED_SESSIONS[0] if SHARED_SESSIONS else "session-01")
    coordinator = make_member(program, Role.COORDINATOR)
    services.import_zoom_report(actor=coordinator, session=case.session, data=case.report)
    before_rows = list(AttendanceRow.objects.order_by("pk").values())
    before_att = list(Attendance.objects.order_by("pk").values())
    again = services.import_zoom_report(actor=coordinator, session=case.session, data=case.report)
    assert again.already_imported and again.batch is None
    assert list(AttendanceRow.objects.order_by("pk").values()) == before_rows
    assert list(Attendance.objects.order_by("pk").values()) == before_att
    assert ImportBatch.objects.count() == 1
