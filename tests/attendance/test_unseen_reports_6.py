"""A sixth hunt for reports nobody here has seen: Jitsi occupant logs holding several rooms,
CSV files broken in ways Python's csv module describes in its own words, and more. Every name,
address, room and number below is invented.

What cannot be read exactly is refused in words people read (what is wrong, what to do); a row
that is not certain goes to review, never to a guessed person; minutes never exceed the
session nor the union of the person's own segments."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report

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


# --- a registrant id under somebody else's e-mail -----------------------------------------------
# Zoom's registration link is personal, but people forward it: a colleague joins with it signed
# in to their own account, and the row carries the registrant's id beside the colleague's
# e-mail. The id decided alone: the registrant was credited for a session a colleague attended.
# (A name alone does not outweigh the id: tests/attendance/test_matching.py says it wins over a
# namesake's name.)

REGISTERED = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org", "REG-1"),
    RosterPerson("U2", "Binh", "Nguyen", "binh.nguyen@example.org", "REG-2"),
    RosterPerson("U3", "Claire", "Tremblay", "claire.t@example.org"),
]
WITH_ID = (
    "Name (Original Name),User Email,Registrant ID,Join Time,Leave Time,Duration (Minutes),Guest"
)
SPAN = "01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


def by_registrant(name: str, email: str, registrant: str = "REG-1") -> tuple[object, ...]:
    data = report(f'"{name}",{email},{registrant},{SPAN}', header=WITH_ID)
    result = reconcile_report(data, REGISTERED, SESSION)
    row = result.rows[0]
    credited = {pid: person.minutes for pid, person in result.people.items()}
    return row.person_id, row.status, row.candidates, credited


@pytest.mark.parametrize(
    ("name", "email", "candidates"),
    [
        ("Binh Nguyen", "binh.nguyen@example.org", ("U1", "U2")),
        ("Ana Lima", "claire.t@example.org", ("U1", "U3")),  # a colleague's account, renamed
        ("Ana Lima", "CLAIRE.T@Example.org", ("U1", "U3")),
        ("Ana Lima (binh.nguyen@example.org)", "", ("U1", "U2")),
        ("Ana Lima (binh.nguyen@example.org)", "ana.lima@example.org", ("U1", "U2")),
        ("Ana Lima & Binh Nguyen", "", ("U1",)),  # a shared connection
        ("Ana Lima & Binh Nguyen", "ana.lima@example.org", ("U1",)),
    ],
)
def test_a_registrant_id_under_another_identity_goes_to_review(
    name: str, email: str, candidates: tuple[str, ...]
) -> None:
    assert by_registrant(name, email) == (None, "review", candidates, {})


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("Ana Lima", "ana.lima@example.org"),
        ("Ana Lima", ""),
        ("Dr. Ana Lima", "ANA.LIMA@example.org"),
        ("Ana", ""),  # one word says too little to name someone else
        ("A Lima", ""),
        ("iPhone", ""),
        ("", ""),
        ("Ana Lima", "ana.home@example.net"),  # a personal address is no other person
    ],
)
def test_a_registrant_id_under_its_own_identity_is_matched(name: str, email: str) -> None:
    assert by_registrant(name, email) == ("U1", "matched", ("U1",), {"U1": 60})


def test_an_address_shared_with_the_registrant_says_nothing_against_the_id() -> None:
    shared = [
        RosterPerson("U1", "Ana", "Lima", "clinic@example.org", "REG-1"),
        RosterPerson("U2", "Binh", "Nguyen", "clinic@example.org", "REG-2"),
    ]
    data = report(f"Ana Lima,clinic@example.org,REG-1,{SPAN}", header=WITH_ID)
    row = reconcile_report(data, shared, SESSION).rows[0]
    assert (row.person_id, row.status) == ("U1", "matched")


@pytest.mark.django_db
def test_the_review_reason_of_a_forwarded_registration_is_a_known_message() -> None:
    from echohub.attendance.import_text import REASONS

    data = report(f"Binh Nguyen,binh.nguyen@example.org,REG-1,{SPAN}", header=WITH_ID)
    reasons = [reconcile_report(data, REGISTERED, SESSION).rows[0].reason]
    data = report(f'"Ana Lima & Binh Nguyen",,REG-1,{SPAN}', header=WITH_ID)
    reasons.append(reconcile_report(data, REGISTERED, SESSION).rows[0].reason)
    for reason in reasons:
        assert reason.startswith("registrant id of U1 (Ana Lima)")
        assert any(pattern.fullmatch(reason) for pattern, _text in REASONS), reason


@pytest.mark.django_db
def test_a_forwarded_registration_link_is_not_credited_over_http(  # type: ignore[no-untyped-def]
    as_role, program, make_member
) -> None:
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
    from echohub.joining.models import ProviderRegistration
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
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    binh = make_member(
        program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org"
    )
    ProviderRegistration.objects.create(
        provider="zoom",
        meeting_ref="81234567890",
        user=ana,
        external_id="REG-1",
        join_url="https://zoom.example.test/w/1",
    )
    client = as_role(program, Role.COORDINATOR)
    data = report(f"Binh Nguyen,binh.nguyen@example.org,REG-1,{SPAN}", header=WITH_ID)
    assert upload(client, program, session, data.encode()).status_code == 302
    row = AttendanceRow.objects.get()
    assert row.user is None and row.status == RowStatus.REVIEW
    assert not Attendance.objects.filter(minutes__gt=0).exists()
    page = client.get(f"/p/{program.slug}/attendance/sessions/{session.pk}/").content.decode()
    assert "registrant id of Ana Lima" in page and "Binh Nguyen" in page
    assert binh.pk != ana.pk


# --- dates a French Zoom or Windows writes with the month's name -------------------------------
# "8 janv. 2026 12:30:33" was refused as not understood, and the refusal said nothing of what
# to do.

FRENCH = (
    "Nom (nom d'origine),E-mail de l'utilisateur,Heure d'arrivée,Heure de départ,"
    "Durée (minutes),Invité"
)


@pytest.mark.parametrize(
    ("join", "leave"),
    [
        ("8 janv. 2026 12:30:33", "8 janv. 2026 13:30:40"),
        ("8 janv. 2026 12 h 30", "8 janv. 2026 13 h 30"),
        ("8 janvier 2026 à 12:30", "8 janvier 2026 à 13:30"),
        ("8 JANV. 2026, 12:30", "8 JANV. 2026, 13:30"),
        ("8 janv 2026 12:30:00", "8 janv 2026 13:30:00"),
    ],
)
def test_french_month_names_are_read(join: str, leave: str) -> None:
    data = report(f'Ana Lima,ana.lima@example.org,"{join}","{leave}",60,Non', header=FRENCH)
    assert minutes(data) == {"U1": 60}


@pytest.mark.parametrize(
    ("day", "month"),
    [("1er", "déc."), ("1", "décembre"), ("15", "févr."), ("3", "août"), ("30", "juil.")],
)
def test_each_french_month_is_its_month(day: str, month: str) -> None:
    from echohub.attendance.zoom_csv import parse_time

    expected = {"déc.": 12, "décembre": 12, "févr.": 2, "août": 8, "juil.": 7}[month]
    moment = parse_time(f"{day} {month} 2026 12:30", TORONTO)
    assert (moment.month, moment.day, moment.hour) == (expected, int(day.rstrip("er")), 12)


def test_a_time_not_understood_says_what_is_read_and_what_to_do() -> None:
    data = report("Ana Lima,ana.lima@example.org,8 foo 2026 12:30,8 foo 2026 13:30,60,No")
    error = refusal(data)
    assert error.code == "bad_time" and error.row == 1
    assert "“8 foo 2026 12:30”" in str(error)
    assert "01/08/2026 12:30:00 PM" in str(error) and "export the report again" in str(error)


# --- a roster person known by one name only -----------------------------------------------------
# An account without a last name ("Maria") matched any row showing only "Maria": a guest of that
# first name was credited as the member, where "Ana" alone sends Ana Lima's row to review.

ONE_NAME = [
    *REGISTERED,
    RosterPerson("U5", "Maria", "", "maria.x@example.org"),
    RosterPerson("U6", "", "Okoye", "okoye@example.org"),
]


@pytest.mark.parametrize(
    ("name", "candidates"), [("Maria", ("U5",)), ("MARIA", ("U5",)), ("Okoye", ("U6",))]
)
def test_one_word_fitting_a_one_name_account_goes_to_review(
    name: str, candidates: tuple[str, ...]
) -> None:
    result = reconcile_report(report(f"{name},,{SPAN}"), ONE_NAME, SESSION)
    row = result.rows[0]
    assert (row.person_id, row.status, row.candidates) == (None, "review", candidates)
    assert not result.people


def test_a_one_name_account_is_still_matched_by_its_email() -> None:
    data = report(f"Maria,maria.x@example.org,{SPAN}", f"Okoye,OKOYE@example.org,{SPAN}")
    result = reconcile_report(data, ONE_NAME, SESSION)
    assert [(row.person_id, row.status) for row in result.rows] == [
        ("U5", "matched"),
        ("U6", "matched"),
    ]


# --- properties: identities on one row never credit somebody they contradict ------------------

IDENTITIES = {"REG-1": "U1", "REG-2": "U2"}
EMAILS = {
    "ana.lima@example.org": "U1",
    "binh.nguyen@example.org": "U2",
    "claire.t@example.org": "U3",
    "mark.olsen@example.net": None,
    "": None,
}
NAMES = ["Ana Lima", "Binh Nguyen", "Claire Tremblay", "Mark Olsen", "iPhone", "", "Ana"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", *IDENTITIES]),
            st.sampled_from(sorted(EMAILS)),
            st.sampled_from(NAMES),
            st.integers(0, 80),
            st.integers(1, 60),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_row_is_never_credited_to_someone_its_registrant_id_or_email_contradicts(
    rows: list[tuple[str, str, str, int, int]],
) -> None:
    lines = []
    for registrant, email, name, start, length in rows:
        join = SESSION.start.replace(tzinfo=None) + timedelta(minutes=start)
        leave = join + timedelta(minutes=length)
        lines.append(
            f'"{name}",{email},{registrant},{join:%m/%d/%Y %I:%M %p},'
            f"{leave:%m/%d/%Y %I:%M %p},{length},No"
        )
    result = reconcile_report(report(*lines, header=WITH_ID), REGISTERED, SESSION)
    assert len(result.rows) == len(rows)
    for (registrant, email, _name, _start, _length), row in zip(rows, result.rows, strict=True):
        if row.person_id is None:
            continue
        owners = {IDENTITIES.get(registrant), EMAILS[email]} - {None}
        assert owners <= {row.person_id}, (registrant, email, row)
    for person in result.people.values():
        assert person.minutes <= SESSION.length_minutes


def test_the_command_lines_session_names_its_jitsi_room() -> None:
    from echohub.attendance.reconcile import load_session

    session = load_session(
        {
            "start": SESSION.start.isoformat(),
            "end": SESSION.end.isoformat(),
            "time_zone": "America/Toronto",
            "room": "echo-pain",
        }
    )
    assert session.room == "echo-pain"
    assert refusal(report(ANA_HERE, BINH_ELSEWHERE, header=JITSI), session).row == 2


# --- several meetings in one file, for a session without a meeting id ---------------------------
# An account-level export (a Meeting ID column on every row) or two exports pasted together:
# with the session's meeting id saved, another meeting is refused; without it, every meeting's
# people were credited to this session.

NO_ID = Session(SESSION.start, SESSION.end, SESSION.time_zone)
PER_ROW = (
    "Meeting ID,Topic,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
)
ANA_PAIN = f"812 3456 7890,Pain ECHO,Ana Lima,ana.lima@example.org,{SPAN}"
BINH_OTHER = f"999 1111 2222,Diabetes ECHO,Binh Nguyen,binh.nguyen@example.org,{SPAN}"
BLOCK = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"


def block(meeting: str, row: str) -> str:
    return (
        f'{BLOCK}"{meeting}",ECHO,01/08/2026 12:30 PM,01/08/2026 02:00 PM,host@example.org,90,1'
        f"\r\n\r\n{report(row)}"
    )


def test_rows_of_several_meetings_are_refused_without_the_sessions_id() -> None:
    error = refusal(report(ANA_PAIN, BINH_OTHER, header=PER_ROW), NO_ID)
    assert error.code == "wrong_meeting" and error.row == 2
    assert "812 3456 7890" in str(error) and "999 1111 2222" in str(error)
    assert "save the session's meeting ID" in str(error)


def test_blocks_of_several_meetings_are_refused_without_the_sessions_id() -> None:
    ana = "Ana Lima,ana.lima@example.org," + SPAN
    binh = "Binh Nguyen,binh.nguyen@example.org," + SPAN
    error = refusal(block("812 3456 7890", ana) + block("999 1111 2222", binh), NO_ID)
    assert error.code == "wrong_meeting" and "999 1111 2222" in str(error)


@pytest.mark.parametrize("other", ["81234567890", "'812 3456 7890", "8.12346E+10"])
def test_one_meeting_however_written_is_read_without_the_sessions_id(other: str) -> None:
    data = report(ANA_PAIN, BINH_OTHER.replace("999 1111 2222", other), header=PER_ROW)
    assert minutes(data, NO_ID) == {"U1": 60, "U2": 60}


@pytest.mark.django_db
def test_several_meetings_upload_nothing_to_a_session_without_a_meeting(  # type: ignore[no-untyped-def]
    as_role, program, make_member
) -> None:
    from echohub.attendance.models import Attendance, AttendanceRow
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    session = SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="",
    )
    make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    make_member(program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org")
    client = as_role(program, Role.COORDINATOR)
    data = report(ANA_PAIN, BINH_OTHER, header=PER_ROW).encode()
    response = upload(client, program, session, data)
    assert response.status_code == 400 and "999 1111 2222" in response.content.decode()
    assert not AttendanceRow.objects.exists() and not Attendance.objects.exists()
