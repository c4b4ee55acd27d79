"""A sixth hunt for reports nobody here has seen: Jitsi occupant logs holding several rooms,
CSV files broken in ways Python's csv module describes in its own words, and more. Every name,
address, room and number below is invented.

What cannot be read exactly is refused in words people read (what is wrong, what to do); a row
that is not certain goes to review, never to a guessed person; minutes never exceed the
session nor the union of the person's own segments."""

from __future__ import annotations

from datetime import datetime

import pytest

from echohub.attendance.reconcile import Session

# The third hunt's roster, session and helpers.
from .test_unseen_reports_3 import SESSION, TORONTO, minutes, refusal, report


def upload(client, program, session, data: bytes, name: str = "report.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "time_zone": "America/Toronto",
        },
    )


# --- a Jitsi log of several rooms ---------------------------------------------------------------
# event_sync posts every room of a Jitsi server to one place: a log made from it holds the
# occupants of rooms running at the same time. The room column was ignored, so a member in a
# parallel room was credited for this session.

JITSI = "room_name,name,email,joined_at,left_at"


def unix(hour: int, minute: int) -> int:
    return int(datetime(2026, 1, 8, hour, minute, tzinfo=TORONTO).timestamp())


def occupant(room: str, name: str, email: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    return f"{room},{name},{email},{unix(*start)},{unix(*end)}"


ANA_HERE = occupant("echo-pain", "Ana Lima", "ana.lima@example.org", (12, 30), (13, 30))
BINH_ELSEWHERE = occupant(
    "diabetes-rounds", "Binh Nguyen", "binh.nguyen@example.org", (12, 30), (14, 0)
)
IN_ROOM = Session(SESSION.start, SESSION.end, SESSION.time_zone, room="echo-pain")


def test_a_log_of_several_rooms_without_the_sessions_room_is_refused_naming_them() -> None:
    error = refusal(report(ANA_HERE, BINH_ELSEWHERE, header=JITSI))
    assert error.code == "other_room"
    assert "echo-pain" in str(error) and "diabetes-rounds" in str(error)
    assert "keep only the rows" in str(error)


@pytest.mark.parametrize(
    "written",
    ["diabetes-rounds", "diabetes-rounds@conference.meet.example.org"],
)
def test_a_row_of_another_room_than_the_sessions_is_refused(written: str) -> None:
    error = refusal(
        report(ANA_HERE, BINH_ELSEWHERE.replace("diabetes-rounds", written), header=JITSI), IN_ROOM
    )
    assert error.code == "other_room" and error.row == 2
    assert "diabetes-rounds" in str(error) and "“echo-pain”" in str(error)


@pytest.mark.parametrize(
    "written", ["echo-pain", "Echo-Pain", "echo-pain@conference.meet.example.org", " echo-pain "]
)
def test_the_sessions_own_room_however_written_is_read(written: str) -> None:
    data = report(ANA_HERE.replace("echo-pain", written, 1), header=JITSI)
    assert minutes(data, IN_ROOM) == {"U1": 60}
    assert minutes(data) == {"U1": 60}  # one room, no room saved: read


@pytest.mark.django_db
def test_a_log_of_another_room_uploads_nothing(  # type: ignore[no-untyped-def]
    as_role, program, make_member
) -> None:
    from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="jitsi",
        video_room="echo-pain",
    )
    make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    make_member(program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org")
    client = as_role(program, Role.COORDINATOR)
    response = upload(
        client, program, session, report(ANA_HERE, BINH_ELSEWHERE, header=JITSI).encode()
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "diabetes-rounds" in html and "echo-pain" in html
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()
    assert not Attendance.objects.exists()
    # The session's own room alone is read.
    assert (
        upload(client, program, session, report(ANA_HERE, header=JITSI).encode()).status_code == 302
    )
    assert list(Attendance.objects.values_list("user__first_name", "minutes")) == [("Ana", 60)]


# --- a file broken as CSV, said in people's words ----------------------------------------------
# Python's csv module wrote the refusal: "cannot read the CSV: ',' expected after '\"'",
# "unexpected end of data" (on the file's last line, not where the quote opened), "field larger
# than field limit (131072)"; a JSON body (Zoom's report API, BigBlueButton's analytics) was
# read as a broken CSV.

B_ROW = "Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No"
A_TAIL = ",ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ('"Ana" Lima', "text after its closing quotation mark"),
        ('"Ana Lima', "never closed"),
        pytest.param('"Ana Lima' + "x" * 140_000 + '"', "longer than 131,072", id="huge"),
    ],
)
def test_a_broken_csv_is_refused_saying_what_is_wrong_and_what_to_do(name: str, words: str) -> None:
    error = refusal(report(name + A_TAIL, B_ROW, B_ROW.replace("Binh", "Noah")))
    assert error.code == "malformed_csv"
    assert error.line == 2  # where the broken cell starts
    assert words in str(error) and "Export the report again" in str(error)
    assert "expected after" not in str(error) and "end of data" not in str(error)


@pytest.mark.parametrize(
    "body",
    [
        '{"meeting_id": "abc", "data": {"attendees": [{"name": "Ana Lima"}]}}',
        '{"participants": [{"name": "Ana Lima", "join_time": "2026-01-08T17:30:00Z"}]}',
        '[{"name": "Ana Lima"}]',
    ],
)
def test_a_json_body_is_refused_as_json(body: str) -> None:
    error = refusal(body)
    assert error.code == "not_csv"
    assert "JSON" in str(error) and "exported as CSV" in str(error)


@pytest.mark.django_db
def test_a_broken_csv_upload_says_what_to_do_and_stores_nothing(  # type: ignore[no-untyped-def]
    as_role, program
) -> None:
    from echohub.attendance.models import AttendanceRow, ImportBatch
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program, starts_at=SESSION.start, ends_at=SESSION.end, time_zone="America/Toronto"
    )
    client = as_role(program, Role.COORDINATOR)
    for data in (report('"Ana" Lima' + A_TAIL, B_ROW), '[{"name": "Ana Lima"}]'):
        response = upload(client, program, session, data.encode())
        html = response.content.decode()
        assert response.status_code == 400
        assert "Export" in html and "expected after" not in html
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()
