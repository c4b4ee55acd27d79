"""A fourth hunt for reports nobody here has seen: imported rows still open on the live
roster, BigBlueButton dashboards downloaded in another time zone, French dashboard headers,
Zoom's breakout-room tags, and more Zoom exports (other locales, registrant and Teams-like
layouts) checked as properties. Every name, address and number below is invented.

What cannot be read exactly is refused in words; a row that is not certain goes to review,
never to a guessed person; every row comes back; minutes never exceed the union of the
person's own segments."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import Session, reconcile_report

# The third hunt's roster, session, helpers and session fixture.
from . import test_unseen_reports_3 as third
from .test_unseen_reports_3 import PEOPLE, SESSION, minutes, refusal, report

zoom_session = third.zoom_session

# --- the live roster: an imported row without a leave time is nobody "here" ----------------
# A report exported while people were still in the meeting has rows with no leave time. They
# say who was in at the time of the export, not who is in now: the live console's head count
# comes from the platforms' live joins only.


@pytest.mark.django_db
def test_an_imported_open_row_is_not_here_on_the_live_roster(  # type: ignore[no-untyped-def]
    program, make_member, zoom_session
) -> None:
    from echohub.attendance import services
    from echohub.attendance.models import AttendanceRow
    from echohub.live import queries as live
    from echohub.programs.models import Role

    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,,75,No",
        "Guest Tablet,,01/08/2026 12:31 PM,,74,Yes",
    )
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=data.encode())
    roster = live.roster(zoom_session)
    assert (roster.head_count, roster.guests) == (0, 0)
    assert not [p for s in roster.sites for p in s.people if p.here]
    # A coordinator says whose the open row is: still not "here" (the export is no live join).
    row = AttendanceRow.objects.get(name="Ana Lima")
    services.assign_row(actor=coordinator, row=row, user=ana)
    roster = live.roster(zoom_session)
    assert roster.head_count == 0
    assert [(p.user_id, p.here) for s in roster.sites for p in s.people] == [(ana.pk, False)]


@pytest.mark.django_db
def test_an_open_row_of_zoom_report_api_is_not_here_but_a_live_join_is(  # type: ignore[no-untyped-def]
    program, make_member, zoom_session
) -> None:
    from echohub.attendance.models import ZOOM_API_BATCH, AttendanceRow, ImportBatch
    from echohub.live import queries as live

    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    binh = make_member(program, first_name="Binh", last_name="Nguyen", email="b.n@example.org")
    fetched = ImportBatch.objects.create(
        session=zoom_session, source="zoom_api", filename=f"{ZOOM_API_BATCH} 81234567890"
    )
    webhooks = ImportBatch.objects.create(
        session=zoom_session, source="zoom_api", filename="Zoom webhooks"
    )
    for n, (batch, user) in enumerate([(fetched, ana), (webhooks, binh)]):
        AttendanceRow.objects.create(
            session=zoom_session,
            batch=batch,
            row_number=1,
            fingerprint=f"row-{n}",
            source="zoom_api",
            name=user.get_full_name(),
            join_at=SESSION.start,
            leave_at=None,
            user=user,
            status="matched",
        )
    roster = live.roster(zoom_session)
    here = {p.user_id: p.here for s in roster.sites for p in s.people}
    assert here == {ana.pk: False, binh.pk: True}
    assert roster.head_count == 1


# --- breakout-room tags: "[Breakout Room 2]" is where a person was, not a shared room -------


@pytest.mark.parametrize(
    "name",
    [
        "Ana Lima [Breakout Room 2]",
        "[Breakout Room 12] Ana Lima",
        "Ana Lima [breakout room #3]",
        "Ana Lima (Breakout Room 1)",
        "Ana Lima [Salle de sous-groupe 2]",
        "Ana Lima [Salle de répartition 4]",
        "Ana Lima [Breakout Room 2] (Ana Lima)",
        "Ana Lima (Host, me) [Breakout Room 5]",
    ],
)
def test_a_breakout_room_tag_is_no_shared_room(name: str) -> None:
    data = report(
        f'"{name}",ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No',
        f'"{name}",,01/08/2026 01:00 PM,01/08/2026 01:30 PM,30,No',
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(r.person_id, r.status) for r in result.rows] == [("U1", "matched")] * 2
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}


@pytest.mark.parametrize(
    "name",
    [
        "Boardroom [Breakout Room 2]",
        "Ana Lima & Binh Nguyen [Breakout Room 2]",
        "Ana Lima [Room 2]",  # a room number alone may be the room people share
        "Lima [Breakout Room 2]",  # a surname alone is no person
    ],
)
def test_a_breakout_tag_never_makes_a_room_or_a_part_name_a_person(name: str) -> None:
    data = report(f'"{name}",,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No')
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.rows[0].status != "matched" and not result.people


# --- BigBlueButton's dashboard in other languages: read when sure, refused in words else ----
# The dashboard names its columns in the language of the browser that downloaded it (the
# translations are community-made and change between versions); newer versions name the
# first column "User", add "Answers" and write the moderator flag as "Yes"/"No".


def dashboard_row(name: str, join: str, left: str, duration: str, moderator: str = "No") -> str:
    cells = [name, moderator, "1,5", "00:01:10", "-", "2", "0", "1", "0", join, left, duration]
    return ",".join(f'"{cell}"' for cell in cells)


@pytest.mark.parametrize(
    ("head", "join", "left", "duration"),
    [
        (
            "User,Moderator,Activity Score,Talk time,Webcam time,Messages,Reactions,Answers,"
            "Raise Hands",
            "Join",
            "Left",
            "Duration",
        ),
        (
            "Utilisateur,Modérateur,Score d’activité,Temps de parole,Temps de webcam,Messages,"
            "Réactions,Réponses,Mains levées",
            "Rejoint",
            "Quitté",
            "Durée",
        ),
        (
            "Nom,Modérateur,Score d'activité,Temps de parole,Temps webcam,Messages,Émojis,"
            "Votes aux sondages,Mains levées",
            "Arrivée",
            "Départ",
            "Durée",
        ),
        (
            "UTILISATEUR,MODÉRATEUR,SCORE D'ACTIVITÉ,TEMPS DE PAROLE,TEMPS DE CAMÉRA,MESSAGES,"
            "RÉACTIONS,RÉPONSES,MAINS LEVÉES",
            "Connexion",
            "Déconnexion",
            "Durée",
        ),
        (
            "Utilisateur,Modérateur,Score d'activité,Temps de parole,Temps de webcam,Messages,"
            "Réactions,Réponses,Mains levées",
            "Rejoindre",
            "Gauche",  # "Left" translated as the side
            "Durée",
        ),
    ],
)
def test_a_dashboard_in_english_or_french_is_read(
    head: str, join: str, left: str, duration: str
) -> None:
    data = report(
        dashboard_row("Ana Lima", "08/01/2026 12:30:00", "08/01/2026 13:30:00", "01:00:00", "Oui"),
        dashboard_row("Binh Nguyen", "08/01/2026 12:00:00", "08/01/2026 13:00:00", "01:00:00"),
        header=f"{head},{join},{left},{duration},Dans quel milieu travaillez-vous ?",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60, "U2": 30}
    unknown = [warning for warning in result.warnings if "unknown columns" in warning]
    assert not [warning for warning in unknown if join in warning or "Mod" in warning]


@pytest.mark.parametrize(("join", "left"), [("Entrée en séance", "Sortie de séance"), ("", "")])
def test_a_dashboard_whose_times_are_not_recognised_is_refused_in_words(
    join: str, left: str
) -> None:
    # Name and duration are known, join and leave are not: the dashboard's duration is time
    # online (before the session too), never minutes in the session. Refused, never totals.
    for name in ("Name", "Utilisateur", "Nom"):
        data = report(
            dashboard_row("Ana Lima", "08/01/2026 12:00:00", "08/01/2026 12:40:00", "00:40:00"),
            header=f"{name},Modérateur,A,B,C,Messages,D,E,F,{join},{left},Durée",
        )
        error = refusal(data)
        assert error.code == "missing_column"
        assert "BigBlueButton" in str(error) and "Join" in str(error) and "Left" in str(error)


def test_a_dashboard_header_without_a_known_name_column_is_refused_as_a_dashboard() -> None:
    data = report(
        dashboard_row("Ana Lima", "08/01/2026 12:30:00", "08/01/2026 13:30:00", "01:00:00"),
        header="Teilnehmer,Moderator,A,B,C,D,E,F,G,Beitritt,Verlassen,Dauer",
    )
    error = refusal(data)
    assert error.code == "missing_header"
    assert "BigBlueButton" in str(error) and "English" in str(error)


def test_a_french_registrant_report_reads_nom_as_the_last_name() -> None:
    # Zoom's French registrant columns: "Prénom" and "Nom" (the family name).
    data = report(
        "Noah,Okafor,,01/08/2026 12:31 PM,01/08/2026 01:31 PM",
        "Ana,,,01/08/2026 12:31 PM,01/08/2026 01:31 PM",
        header="Prénom,Nom,Adresse courriel,Heure d'arrivée,Heure de départ",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert (result.rows[0].person_id, result.rows[0].status) == ("U4", "matched")
    assert result.rows[1].person_id is None  # a first name alone is nobody
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U4": 60}


# --- a dashboard downloaded in another time zone ----------------------------------------------
# The dashboard writes its times in the time zone of the computer that downloaded it (neither
# the server's nor the session's). A coordinator in Halifax downloads a Toronto session: every
# time is one hour later than Toronto's clock. Read in the session's zone, someone online from
# 12:00 to 12:30 (before the session) would be credited 13:00 to 13:30.

HALIFAX_DOWNLOAD = report(
    dashboard_row("Ana Lima", "08/01/2026 13:00:00", "08/01/2026 13:30:00", "00:30:00"),
    dashboard_row("Binh Nguyen", "08/01/2026 13:30:00", "08/01/2026 15:00:00", "01:30:00"),
    header="Name,Moderator,Activity Score,Talk Time,Webcam Time,Messages,Reactions,Poll Votes,"
    "Raise Hands,Join,Left,Duration",
)


def test_a_dashboard_read_in_the_downloaders_zone_counts_the_real_minutes() -> None:
    halifax = Session(SESSION.start, SESSION.end, "America/Halifax", SESSION.meeting_id)
    assert minutes(HALIFAX_DOWNLOAD, halifax) == {"U1": 0, "U2": 90}


def test_a_dashboard_import_says_which_zone_its_times_were_read_in() -> None:
    warnings = reconcile_report(HALIFAX_DOWNLOAD, PEOPLE, SESSION).warnings
    said = [w for w in warnings if "computer that downloaded" in w]
    assert said and "America/Toronto" in said[0]
    # A Zoom report's times are its account's: no such warning.
    zoom = report("Ana Lima,,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No")
    assert not [w for w in reconcile_report(zoom, PEOPLE, SESSION).warnings if "computer" in w]


@pytest.mark.django_db
def test_the_dashboard_zone_warning_is_a_translatable_message(  # type: ignore[no-untyped-def]
    program, make_member, zoom_session
) -> None:
    from echohub.attendance import import_text, services
    from echohub.programs.models import Role

    coordinator = make_member(program, Role.COORDINATOR)
    result = services.import_zoom_report(
        actor=coordinator, session=zoom_session, data=HALIFAX_DOWNLOAD.encode()
    )
    english = [w for w in result.warnings if "computer that downloaded" in w]
    assert english
    assert any(pattern.fullmatch(english[0]) for pattern, _text in import_text.WARNINGS)
    assert "America/Toronto" in import_text.import_warning(english[0])


# --- a Zoom account in another time zone than the session ------------------------------------
# Zoom writes times in its account's zone. A Toronto session hosted on an account set to
# Halifax reads one hour late in Toronto: someone in from 12:00 to 12:30 (before the session)
# would be credited 13:00 to 13:30. The meeting block says when the meeting ran: when it ran
# exactly some hours from the session's window, the zone is wrong, not the meeting.

PREAMBLE = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    '"812 3456 7890",Weekly clinic,{start},{end},host@example.org,100,2\r\n\r\n'
)


@pytest.mark.parametrize(
    ("start", "end", "join", "leave"),
    [
        # Halifax account: an hour late.
        ("01/08/2026 01:25 PM", "01/08/2026 03:02 PM", "02:00 PM", "02:30 PM"),
        # Vancouver account with the session's start and end a few minutes off: 3 hours early.
        ("01/08/2026 09:31 AM", "01/08/2026 10:55 AM", "09:30 AM", "11:00 AM"),
        # St. John's account: an hour and a half late.
        ("01/08/2026 02:00 PM", "01/08/2026 03:30 PM", "02:00 PM", "03:00 PM"),
    ],
)
def test_a_report_whose_meeting_ran_whole_hours_off_is_refused_naming_the_zone(
    start: str, end: str, join: str, leave: str
) -> None:
    data = PREAMBLE.format(start=start, end=end) + report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 {join},01/08/2026 {leave},30,No"
    )
    error = refusal(data)
    assert error.code == "other_time_zone"
    assert "time zone" in str(error) and "America/Toronto" in str(error)
    # Read in the account's zone, the same file is the session's.
    zone = {"01:25 PM": "America/Halifax", "09:31 AM": "America/Vancouver"}.get(
        start.split(" ", 1)[1], "America/St_Johns"
    )
    right = Session(SESSION.start, SESSION.end, zone, SESSION.meeting_id)
    assert set(minutes(data, right)) == {"U1"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("01/08/2026 12:00 PM", "01/08/2026 02:05 PM"),  # opened early, as hosts do
        ("01/08/2026 11:30 AM", "01/08/2026 01:40 PM"),  # an hour early, not an hour short
        ("01/08/2026 12:25 PM", "01/08/2026 01:00 PM"),  # ended early
        ("01/08/2026 12:00 PM", "01/08/2026 01:30 PM"),  # half an hour is no zone change
    ],
)
def test_a_meeting_that_merely_started_or_ended_off_time_is_read(start: str, end: str) -> None:
    data = PREAMBLE.format(start=start, end=end) + report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No"
    )
    assert minutes(data) == {"U1": 30}


ACCOUNT_ZONES = [
    "America/Toronto",
    "America/Halifax",
    "America/St_Johns",
    "America/Winnipeg",
    "America/Vancouver",
    "UTC",
    "Europe/Paris",
]


@st.composite
def shifted_reports(draw: st.DrawFn) -> tuple[str, str, dict[str, int]]:
    """A meeting of the session written by an account in some zone: the meeting block opens
    and closes within ten minutes of the session, people's segments inside the meeting."""
    zone = ZoneInfo(draw(st.sampled_from(ACCOUNT_ZONES)))
    opened = SESSION.start + timedelta(minutes=draw(st.integers(-10, 10)))
    closed = SESSION.end + timedelta(minutes=draw(st.integers(-10, 10)))
    length = int((closed - opened).total_seconds() // 60)
    rows, true = [], {}
    for number, person in enumerate(PEOPLE[:3]):
        # The first person is in the session's middle: the meeting is the session's.
        start = draw(st.integers(0, 20) if number == 0 else st.integers(0, length - 1))
        stay = draw(st.integers(30 if number == 0 else 1, length - start))
        join, leave = opened + timedelta(minutes=start), opened + timedelta(minutes=start + stay)
        inside = min(leave, SESSION.end) - max(join, SESSION.start)
        true[person.person_id] = max(0, int(inside.total_seconds() // 60))
        rows.append(
            f"{person.first_name} {person.last_name},{person.email},"
            f"{join.astimezone(zone):%m/%d/%Y %I:%M %p},{leave.astimezone(zone):%m/%d/%Y %I:%M %p},"
            f"{stay},No"
        )
    block = PREAMBLE.format(
        start=f"{opened.astimezone(zone):%m/%d/%Y %I:%M %p}",
        end=f"{closed.astimezone(zone):%m/%d/%Y %I:%M %p}",
    )
    return str(zone), block + report(*rows), true


@settings(max_examples=60, deadline=None)
@given(case=shifted_reports())
def test_a_report_of_any_account_zone_is_read_right_or_refused_never_shifted(
    case: tuple[str, str, dict[str, int]],
) -> None:
    zone, data, true = case
    right = Session(SESSION.start, SESSION.end, zone, SESSION.meeting_id)
    assert {pid: m for pid, m in minutes(data, right).items() if m} == {
        pid: m for pid, m in true.items() if m
    }
    try:
        read = minutes(data)  # in the session's zone, whatever the account's
    except AttendanceError as error:
        assert error.code in {"other_time_zone", "no_overlap"}
        return
    assert all(read.get(pid, 0) <= true[pid] for pid in read)
    assert read == minutes(data, right)  # read at all: read right


# --- a Microsoft Teams attendance report: refused in words, saying what to do -----------------
# echohub reads Zoom, BigBlueButton and Jitsi reports; a Teams report (tab-separated, often
# UTF-16) must be refused saying so, never read as a Zoom report nor refused as a broken one.

TEAMS_REPORTS = {
    "current": [
        "1. Summary",
        "Meeting title\tWeekly clinic",
        "Attended participants\t2",
        "Start time\t1/8/26, 12:28:10 PM",
        "End time\t1/8/26, 2:01:30 PM",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
        "Ana Lima\t1/8/26, 12:30:05 PM\t1/8/26, 1:30:10 PM\t1h 0m 5s\tana.lima@example.org\t"
        "ana.lima@example.org\tAttendee",
        "",
        "3. In-Meeting Activities",
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole",
        "Ana Lima\t1/8/26, 12:30:05 PM\t1/8/26, 1:30:10 PM\t1h 0m 5s\tana.lima@example.org\t"
        "Attendee",
    ],
    "older": [
        "Meeting Summary",
        "Total Number of Participants\t2",
        "Meeting Title\tWeekly clinic",
        "Meeting Start Time\t1/8/2026, 12:28:10 PM",
        "",
        "Full Name\tUser Action\tTimestamp",
        "Ana Lima\tJoined\t1/8/2026, 12:30:05 PM",
        "Ana Lima\tLeft\t1/8/2026, 1:30:10 PM",
    ],
    "list only": [
        "Full Name\tUser Action\tTimestamp",
        "Ana Lima\tJoined\t1/8/2026, 12:30:05 PM",
        "Ana Lima\tLeft\t1/8/2026, 1:30:10 PM",
    ],
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
@pytest.mark.parametrize("layout", sorted(TEAMS_REPORTS))
def test_a_teams_attendance_report_is_refused_saying_what_to_do(layout: str, encoding: str) -> None:
    data = "\r\n".join([*TEAMS_REPORTS[layout], ""]).encode(encoding)
    error = refusal(data)
    assert error.code == "other_platform"
    assert "Teams" in str(error) and "by hand" in str(error)


# --- join and leave columns that name their time zone ----------------------------------------
# "Join Time (UTC)": not knowing the column must never fall back to Zoom's durations (the
# unique-users layout), which credits time before the session.


@pytest.mark.parametrize(
    ("zone", "join", "leave"),
    [
        ("UTC", "01/08/2026 05:00 PM", "01/08/2026 06:00 PM"),
        ("GMT-5", "01/08/2026 12:00 PM", "01/08/2026 01:00 PM"),
        ("America/Toronto", "01/08/2026 12:00 PM", "01/08/2026 01:00 PM"),
        ("America/Halifax", "01/08/2026 01:00 PM", "01/08/2026 02:00 PM"),
        ("EST", "01/08/2026 12:00 PM", "01/08/2026 01:00 PM"),
    ],
)
def test_join_and_leave_columns_naming_their_zone_are_read_in_it(
    zone: str, join: str, leave: str
) -> None:
    # In from 12:00 to 13:00 Toronto time: 30 minutes of the session, never Zoom's 60.
    data = report(
        f"Ana Lima,ana.lima@example.org,{join},{leave},60,No",
        header=f"Name (Original Name),User Email,Join Time ({zone}),Leave Time ({zone}),"
        "Duration (Minutes),Guest",
    )
    assert minutes(data) == {"U1": 30}


@pytest.mark.parametrize("zone", ["local", "CST", "Mars/Olympus"])
def test_a_time_column_naming_a_zone_not_understood_is_refused(zone: str) -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:00 PM,01/08/2026 01:00 PM,60,No",
        header=f"Name (Original Name),User Email,Join Time ({zone}),Leave Time ({zone}),"
        "Duration (Minutes),Guest",
    )
    error = refusal(data)
    assert error.code == "bad_time_zone" and zone in str(error)
