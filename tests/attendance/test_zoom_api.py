"""Rows from Zoom's REST participants report reconcile like CSV rows, by registrant id first."""

from __future__ import annotations

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import RosterPerson, Session, reconcile
from echohub.attendance.zoom_api import parse_zoom_api_participants


def page(*participants: dict[str, object]) -> dict[str, object]:
    return {"page_count": 1, "participants": list(participants)}


def test_registrant_id_and_waiting_room_status(
    roster: list[RosterPerson], session: Session
) -> None:
    rows = parse_zoom_api_participants(
        [
            page(
                {
                    "name": "iPad",
                    "user_email": "",
                    "registrant_id": "REG-6",
                    "join_time": "2026-01-08T17:20:00Z",
                    "leave_time": "2026-01-08T18:20:30Z",
                    "status": "in_meeting",
                    "duration": 3630,
                },
                {
                    "name": "Hope Mercer",
                    "user_email": "hope.mercer@example.org",
                    "join_time": "2026-01-08T17:25:00Z",
                    "leave_time": "2026-01-08T17:30:00Z",
                    "status": "in_waiting_room",
                },
            )
        ]
    )
    result = reconcile(rows, roster, session)
    assert [(row.person_id, row.status) for row in result.rows] == [
        ("P006", "matched"),
        (None, "ignored"),
    ]
    assert result.people["P006"].minutes == 50  # 17:30Z (session start) to 18:20:30Z
    assert (
        rows[0].fingerprint
        == parse_zoom_api_participants(
            [
                page(
                    {
                        "name": "iPad",
                        "user_email": "",
                        "registrant_id": "REG-6",
                        "join_time": "2026-01-08T17:20:00Z",
                        "leave_time": "2026-01-08T18:20:30Z",
                    }
                )
            ]
        )[0].fingerprint
    )


def test_bad_entries_name_the_row() -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_api_participants(
            [page({"name": "A", "join_time": "2026-01-08T17:20:00Z", "leave_time": "soon"})]
        )
    assert (caught.value.code, caught.value.row) == ("bad_time", 1)
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_api_participants([{"participants": None}])
    assert caught.value.code == "bad_payload"
