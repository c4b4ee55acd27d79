"""Fixes from the ninth hunt of unseen reports. Every name, address and number is invented.

1. A BigBlueButton dashboard whose columns name their zone ("Join (UTC)") or whose cells
   carry it ("2026-01-08T17:30:00Z") was read in that zone, rightly, but the import still said
   "times read in America/Toronto ... remove this import and import the file again choosing
   that zone": a coordinator following it would import correct times in a wrong zone.
2. Zoom's report API giving a time with no UTC instant ("9999-12-31T23:00:00-05:00") raised
   OverflowError while the rows were checked against the session: an error page, not a
   refusal in words (the webhook path already refused it).
"""

from __future__ import annotations

from typing import Any

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import Session, reconcile, reconcile_report
from echohub.attendance.zoom_api import parse_zoom_api_participants

from .test_attfix_1221b import entry, nothing_stored, same_day  # noqa: F401 (a fixture)
from .test_unseen_reports_3 import SESSION
from .test_unseen_reports_8 import PEOPLE

DASHBOARD = (
    "Name,Moderator,Activity Score,Talk Time,Webcam Time,Messages,Reactions,Poll Votes,"
    "Raise Hands,{join},{left},Duration"
)


def dashboard_row(name: str, join: str, left: str, duration: str) -> str:
    cells = [name, "No", "1,5", "00:01:10", "-", "2", "0", "1", "0", join, left, duration]
    return ",".join(f'"{cell}"' for cell in cells)


def zone_warnings(data: str, session: Session = SESSION) -> list[str]:
    result = reconcile_report(data, PEOPLE, session)
    return [w for w in result.warnings if "computer that downloaded" in w]


# --- 1. the dashboard's zone warning ---------------------------------------------------------


@pytest.mark.parametrize(
    ("join", "left", "times"),
    [
        # 17:30 UTC is 12:30 in Toronto: the session's start.
        ("Join (UTC)", "Left (UTC)", ("1/8/2026, 5:30:00 PM", "1/8/2026, 6:30:00 PM")),
        ("Join (GMT-5)", "Left (GMT-5)", ("1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM")),
        ("Join", "Left", ("2026-01-08T17:30:00Z", "2026-01-08T18:30:00Z")),
        ("Join", "Left", ("2026-01-08T12:30:00-05:00", "2026-01-08T13:30:00-05:00")),
    ],
)
def test_a_dashboard_whose_times_name_their_zone_is_not_told_to_choose_another(
    join: str, left: str, times: tuple[str, str]
) -> None:
    data = "\r\n".join(
        [
            DASHBOARD.format(join=join, left=left),
            dashboard_row("Ana Lima", *times, "01:00:00"),
        ]
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert zone_warnings(data) == []


def test_a_dashboard_whose_times_name_no_zone_still_says_which_it_was_read_in() -> None:
    data = "\r\n".join(
        [
            DASHBOARD.format(join="Join", left="Left"),
            dashboard_row("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"),
        ]
    )
    said = zone_warnings(data)
    assert len(said) == 1 and "times read in America/Toronto" in said[0]
    utc = Session(SESSION.start, SESSION.end, "UTC", SESSION.meeting_id)
    later = data.replace("12:30:00 PM", "5:30:00 PM").replace("1:30:00 PM", "6:30:00 PM")
    assert "times read in UTC" in zone_warnings(later, utc)[0]


# --- 2. Zoom's API: a time without a UTC instant ---------------------------------------------

OUT_OF_RANGE = [
    ("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00"),
    ("0001-01-01T00:10:00+05:00", "0001-01-01T00:40:00+05:00"),
    ("2026-01-08T17:30:00Z", "9999-12-31T23:30:00-05:00"),
]


@pytest.mark.parametrize(("join", "leave"), OUT_OF_RANGE)
def test_an_api_time_without_a_utc_instant_is_refused_in_words(join: str, leave: str) -> None:
    page = {"participants": [entry("Ana Lima", "ana.lima@example.org", join, leave)]}
    with pytest.raises(AttendanceError) as caught:
        reconcile(parse_zoom_api_participants([page]), PEOPLE, SESSION)
    assert caught.value.code == "bad_time" and caught.value.row == 1
    assert "out of range" in str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize(("join", "leave"), OUT_OF_RANGE[:2])
def test_fetching_a_report_with_such_a_time_stores_nothing(
    same_day: dict[str, Any],  # noqa: F811 (the fixture imported above)
    monkeypatch: Any,
    join: str,
    leave: str,
) -> None:
    from echohub.attendance import zoom_fetch

    page = {
        "participants": [
            entry(
                "Binh Nguyen",
                "binh.nguyen@example.org",
                "2026-01-08T17:30:00Z",
                "2026-01-08T18:30:00Z",
            ),
            entry("Ana Lima", "ana.lima@example.org", join, leave),
        ]
    }
    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [page])
    program, afternoon = same_day["program"], same_day["afternoon"]
    response = same_day["client"].post(
        f"/p/{program.slug}/attendance/sessions/{afternoon.pk}/fetch-zoom/", follow=True
    )
    assert response.status_code == 200
    assert "out of range" in response.content.decode()
    assert nothing_stored()
