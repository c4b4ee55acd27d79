# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""Fixes of the eleventh attendance hunt (each test failed before its fix)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report
from tests.attendance_webhooks.conftest import people, zoom_session  # noqa: F401 (fixtures)

TORONTO = ZoneInfo("America/Toronto")

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
# Zoom's export of the fixture's session (12:30 to 14:00 in Toronto): Hope 38 min 50 s, a
# guest, and a phone line; every name and number invented.
ORIGINAL = (
    HEADER
    + "\r\n"
    + "Hope Mercer,hope.mercer@clinic.test,01/08/2026 12:31:30 PM,01/08/2026 01:10:20 PM,38,No\r\n"
    + "Guest 4,,01/08/2026 12:35:10 PM,01/08/2026 01:00:40 PM,25,Yes\r\n"
    + "+1 613 *** **27,,01/08/2026 12:40:05 PM,01/08/2026 01:05:45 PM,25,Yes\r\n"
).encode()
# The same file opened in a Canadian-French Excel and saved as CSV: semicolons, Windows-1252,
# two empty columns Excel kept, the seconds gone ("m/d/yyyy h:mm", a 24-hour clock).
RESAVED = (
    "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest;;\r\n"
    "Hope Mercer;hope.mercer@clinic.test;1/8/2026 12:31;1/8/2026 13:10;38;No;;\r\n"
    "Guest 4;;1/8/2026 12:35;1/8/2026 13:00;25;Yes;;\r\n"
    "+1 613 *** **27;;1/8/2026 12:40;1/8/2026 13:05;25;Yes;;\r\n"
    ";;;;;;;\r\n"
).encode("cp1252")


def upload(client: Any, session: Any, data: bytes, name: str) -> Any:
    return client.post(
        f"/p/{session.program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": "month",
        },
        follow=True,
    )


def minutes_of(user: Any) -> int:
    found = Attendance.objects.filter(user=user).first()
    return found.minutes if found else 0


@pytest.mark.django_db
def test_a_report_resaved_by_excel_after_its_original_changes_nothing(client, zoom_session, people):
    """Before: every row of the copy was stored again (6 rows: the guest and the phone line
    twice in the queue) and Hope's 38 min 50 s were credited 39, the copy's lost seconds
    rounding her stay up."""
    client.force_login(people["coordinator"])
    first = upload(client, zoom_session, ORIGINAL, "participants.csv")
    assert first.status_code == 200 and "Imported" in first.content.decode()
    assert minutes_of(people["hope"]) == 38
    again = upload(client, zoom_session, RESAVED, "participants (Excel).csv")
    assert again.status_code == 200
    assert "already imported: nothing changed" in again.content.decode()
    assert AttendanceRow.objects.count() == 3
    assert AttendanceRow.objects.filter(status=RowStatus.UNMATCHED).count() == 2
    assert minutes_of(people["hope"]) == 38


@pytest.mark.django_db
def test_the_original_after_its_excel_copy_adds_no_row(zoom_session, people):
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=RESAVED)
    assert AttendanceRow.objects.count() == 3
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=ORIGINAL
    )
    assert result.new_rows == 0 and AttendanceRow.objects.count() == 3
    # The original gives the copy's rows their exact seconds (1225): 38 min 50 s is 38, as
    # when the original came first, not the copy's rounded 39.
    assert minutes_of(people["hope"]) == 38


@pytest.mark.django_db
def test_a_later_stay_in_an_excel_copy_is_still_added(zoom_session, people):
    """Only a row already stored, to the minute, is a copy: Hope's rejoin at 13:20 that the
    later export holds is new, and a second guest row at the same minutes as the first
    is another connection (each stored row stands for one)."""
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    later = RESAVED.replace(
        b";;;;;;;\r\n",
        b"Hope Mercer;hope.mercer@clinic.test;1/8/2026 13:20;1/8/2026 13:50;30;No;;\r\n"
        b"Guest 4;;1/8/2026 12:35;1/8/2026 13:00;25;Yes;;\r\n",
    )
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=later
    )
    assert result.new_rows == 2
    assert AttendanceRow.objects.count() == 5
    assert minutes_of(people["hope"]) == 38 + 30


# --- The night clocks go back: a report's block pasted twice ----------------------------------

BACK = Session(
    datetime(2026, 11, 1, 0, 30, tzinfo=TORONTO),
    datetime(2026, 11, 1, 2, 30, tzinfo=TORONTO),  # 00:30 EDT to 02:30 EST: three real hours
    "America/Toronto",
    "812 3456 7890",
)
ROSTER = [RosterPerson("C", "Zoë", "O’Dwyer", "zoe.odwyer@lakes.test")]
ZOE = "Zoë O’Dwyer,zoe.odwyer@lakes.test,"


@pytest.mark.parametrize("between", ["\r\n", ""])
def test_a_stay_in_the_repeated_hour_written_twice_counts_once(between: str) -> None:
    """01:10 to 01:40 that night fits either hour, both inside the session and 30 minutes
    either way: credited. The same block pasted twice (two exports in one file) must change
    nothing. Before: each copy 'touched' the other, both went to review and Zoë got 0."""
    block = HEADER + "\r\n" + ZOE + "11/01/2026 01:10:00 AM,11/01/2026 01:40:00 AM,30,No\r\n"
    once = reconcile_report(block.encode(), ROSTER, BACK)
    assert {p: a.minutes for p, a in once.people.items()} == {"C": 30}
    twice = reconcile_report((block + between + block).encode(), ROSTER, BACK)
    assert [row.person_id for row in twice.rows] == ["C", "C"]
    assert {p: a.minutes for p, a in twice.people.items()} == {"C": 30}


def test_an_overlapping_other_stay_in_the_repeated_hour_still_waits_for_a_person() -> None:
    """What the rule is for stays: another row of hers from 01:30 to 02:00 moves the union
    with the hour read; the repeated-hour row still goes to review."""
    data = (
        HEADER
        + "\r\n"
        + ZOE
        + "11/01/2026 01:10:00 AM,11/01/2026 01:40:00 AM,30,No\r\n"
        + ZOE
        + "11/01/2026 01:30:00 AM,11/01/2026 02:00:00 AM,90,No\r\n"
    )
    result = reconcile_report(data.encode(), ROSTER, BACK)
    assert "review" in [row.status for row in result.rows]


# --- A BigBlueButton dashboard on the night clocks go back -----------------------------------

DASHBOARD = (
    "User,Moderator,Activity Score,Talk time,Webcam time,Messages,Reactions,Answers,"
    "Raise Hands,Join,Left,Duration"
)


def dashboard(join: str, left: str, online: str) -> bytes:
    cells = ["Zoë O’Dwyer", "No", "1,5", "00:01:10", "-", "2", "0", "1", "0", join, left, online]
    return (DASHBOARD + "\r\n" + ",".join(f'"{cell}"' for cell in cells) + "\r\n").encode()


@pytest.mark.parametrize(
    ("join", "left", "online", "minutes"),
    [
        # 01:05 EDT to 01:54 EST (109 real minutes), 1 h 45 online: the only reading that
        # holds 105 minutes. Before: the clock "01:45:00" gave no hint, the shortest reading
        # (49 min) was taken and the file refused ("Duration says 105 min but ... 49 min").
        ("11/1/2026, 1:05:00 AM", "11/1/2026, 1:54:00 AM", "01:45:00", 105),
        # 01:40 (either hour) to 02:15 EST, 43 min online: 01:40 EST is 35 minutes before the
        # leave, too short for 43 online; only 01:40 EDT (95 min) can be. Before: refused.
        ("11/1/2026, 1:40:00 AM", "11/1/2026, 2:15:00 AM", "00:43:00", 43),
    ],
)
def test_a_dashboard_row_across_the_repeated_hour_is_read_by_its_time_online(
    join: str, left: str, online: str, minutes: int
) -> None:
    result = reconcile_report(dashboard(join, left, online), ROSTER, BACK)
    assert {p: a.minutes for p, a in result.people.items()} == {"C": minutes}
