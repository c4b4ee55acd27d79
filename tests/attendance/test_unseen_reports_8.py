"""An eighth hunt for reports nobody here has seen: Zoom reports re-saved by Excel in other
locales (semicolons, decimal commas, day-first dates, "sep=;"), UTF-16 and Windows-1252 files,
French headers, sessions across midnight and across a daylight-saving change, many
overlapping rejoins, dial-in lines, namesakes, renamed display names, hosts, breakout rooms,
another meeting's report, summary rows, empty and oversized files, Jitsi times with offsets.
Every name, address and number below is invented.

Each generated report is checked against minutes computed here independently (the union of
each person's own segments, waiting room excluded, clipped to the session, floored), never
against the engine's own helpers. A date that reads as two meetings of the program is refused
in words rather than credited to whichever one the upload was made on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report

from .test_unseen_reports_3 import HEADER, SESSION, TORONTO, refusal, report

A = "ana.lima@example.org"
B = "binh.nguyen@example.org"
PEOPLE = [
    RosterPerson("U1", "Ana", "Lima", A),
    RosterPerson("U2", "Binh", "Nguyen", B),
    RosterPerson("U3", "Claire", "Tremblay", "claire.t@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
    RosterPerson("U5", "Hope", "Mercer", "hope.mercer@example.org"),
    RosterPerson("U6", "Hope", "Mercer", "m.hope.mercer@example.org"),
]


def expected_minutes(
    spans: dict[str, list[tuple[datetime, datetime]]], start: datetime, end: datetime
) -> dict[str, int]:
    """Whole minutes per person, computed here on POSIX seconds (not with the engine's code):
    the union of the person's spans clipped to [start, end), floored."""
    low, high = start.timestamp(), end.timestamp()
    out: dict[str, int] = {}
    for person, pairs in spans.items():
        covered: set[int] = set()
        for join, leave in pairs:
            first, last = max(join.timestamp(), low), min(leave.timestamp(), high)
            covered.update(range(int(first), int(last)))  # whole seconds
        if covered:
            out[person] = len(covered) // 60
    return out


def credited(data: str | bytes, session: Session = SESSION) -> dict[str, int]:
    result = reconcile_report(data, PEOPLE, session)
    return {pid: person.minutes for pid, person in result.people.items()}


# --- a date that reads as two of the program's sessions ----------------------------------------
# "01/07/2026" is 7 January (Zoom's US format) or 1 July (day first, as Excel re-saves it in
# most locales). With every day and month 12 or less the file cannot tell, and the reading on
# the session's own day was taken: a Wednesday series meeting on 7 January and on 1 July
# credited January's attendance to the July session when its report was uploaded there.
# When the program has a session on the other reading's day the report is refused in words.

JULY = Session(
    datetime(2026, 7, 1, 12, 30, tzinfo=TORONTO),
    datetime(2026, 7, 1, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
    other_starts=(datetime(2026, 1, 7, 17, 30, tzinfo=UTC),),  # 12:30 in Toronto
)
JANUARY_REPORT = report(
    f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",
    f"Binh Nguyen,{B},01/07/2026 12:35 PM,01/07/2026 02:00 PM,85,No",
)


def test_a_date_that_reads_as_another_session_of_the_program_is_refused() -> None:
    error = refusal(JANUARY_REPORT, JULY)
    assert error.code == "ambiguous_dates"
    said = str(error)
    assert "01/07/2026" in said
    assert "7 Jan 2026" in said and "1 Jul 2026" in said
    assert "year, month, day" in said


@pytest.mark.parametrize(
    ("rows", "others"),
    [
        # The other reading (7 January) is no session of the program: read as 1 July.
        ((f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",), ()),
        (
            (f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",),
            (datetime(2026, 1, 14, 17, 30, tzinfo=UTC),),
        ),
        # A day over 12 says the order itself.
        (
            (
                f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",
                f"Binh Nguyen,{B},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",
            ),
            (),
        ),
        # Written year first: never ambiguous.
        ((f"Ana Lima,{A},2026-07-01 12:30,2026-07-01 13:30,60,No",), None),
    ],
)
def test_dates_that_read_one_way_only_are_still_read(
    rows: tuple[str, ...], others: tuple[datetime, ...] | None
) -> None:
    session = Session(
        JULY.start,
        JULY.end,
        JULY.time_zone,
        JULY.meeting_id,
        other_starts=JULY.other_starts if others is None else others,
    )
    assert credited(report(*rows), session) == {"U1": 60, **({"U2": 60} if len(rows) > 1 else {})}


@pytest.mark.django_db
def test_a_report_whose_date_reads_as_another_session_uploads_nothing(  # type: ignore[no-untyped-def]
    as_role, program, make_member
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
    from echohub.programs.models import Role
    from tests.factories import SessionFactory

    def zoom(start: datetime) -> object:
        return SessionFactory(
            program=program,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            time_zone="America/Toronto",
            video_provider="zoom",
            video_room="812 3456 7890",
        )

    zoom(datetime(2026, 1, 7, 17, 30, tzinfo=UTC))
    july = zoom(datetime(2026, 7, 1, 16, 30, tzinfo=UTC))  # 12:30 in Toronto (summer time)
    make_member(program, first_name="Ana", last_name="Lima", email=A)
    make_member(program, first_name="Binh", last_name="Nguyen", email=B)
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        f"/p/{program.slug}/attendance/sessions/{july.pk}/import/",  # type: ignore[attr-defined]
        {
            "file": SimpleUploadedFile("report.csv", JANUARY_REPORT.encode(), "text/csv"),
            "time_zone": "America/Toronto",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "01/07/2026" in html and "year, month, day" in html
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()
    assert not Attendance.objects.exists()


# --- the same meeting imported again with its times read in another zone ----------------------
# The sha256 check refuses the very same bytes imported in another zone; the same report
# re-saved by Excel (semicolons, day-first dates) is other bytes. Imported choosing Winnipeg
# (an hour behind Toronto) after a first import in Toronto, every row came again an hour
# later, and the union of both credited Ana 60 minutes for her 30 (and Binh the whole
# session for an hour). Rows that are earlier rows moved by whole hours are refused.

FIRST_IMPORT = report(
    f"Ana Lima,{A},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
    f"Binh Nguyen,{B},01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
)
EXCEL_COPY = report(
    f"Ana Lima;{A};08/01/2026 12:30;08/01/2026 13:00;30;No",
    f"Binh Nguyen;{B};08/01/2026 12:30;08/01/2026 13:30;60;No",
    header=HEADER.replace(",", ";"),
)


@pytest.fixture
def two_people(program, make_member):  # type: ignore[no-untyped-def]
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
    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email=A)
    binh = make_member(program, first_name="Binh", last_name="Nguyen", email=B)
    return session, coordinator, ana, binh


def minutes_of(session, *people) -> list[int]:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import Attendance

    return [Attendance.objects.get(session=session, user=person).minutes for person in people]


@pytest.mark.django_db
def test_the_same_report_read_in_another_zone_is_refused_not_added(two_people) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services
    from echohub.attendance.models import AttendanceRow
    from echohub.attendance.services import AttendanceRefused

    session, coordinator, ana, binh = two_people
    services.import_zoom_report(
        actor=coordinator, session=session, data=FIRST_IMPORT.encode(), time_zone="America/Toronto"
    )
    assert minutes_of(session, ana, binh) == [30, 60]
    with pytest.raises(AttendanceRefused) as caught:
        services.import_zoom_report(
            actor=coordinator,
            session=session,
            data=EXCEL_COPY.encode(),
            time_zone="America/Winnipeg",
        )
    assert caught.value.code == "shifted_copy"
    said = str(caught.value)
    assert "1 h later" in said and "America/Toronto" in said and "America/Winnipeg" in said
    assert minutes_of(session, ana, binh) == [30, 60]
    assert AttendanceRow.objects.count() == 2
    # In the first import's zone it is the same rows: nothing new, nothing added.
    result = services.import_zoom_report(
        actor=coordinator, session=session, data=EXCEL_COPY.encode(), time_zone="America/Toronto"
    )
    assert result.new_rows == 0
    assert minutes_of(session, ana, binh) == [30, 60]


@pytest.mark.django_db
def test_a_later_report_with_new_rows_an_hour_on_is_still_read(two_people) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    session, coordinator, ana, binh = two_people
    services.import_zoom_report(
        actor=coordinator, session=session, data=FIRST_IMPORT.encode(), time_zone="America/Toronto"
    )
    # Ana came back at 13:30 for the last half hour: one new row, an hour after her first.
    later = report(
        f"Ana Lima,{A},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        f"Binh Nguyen,{B},01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
        f"Ana Lima,{A},01/08/2026 01:30 PM,01/08/2026 02:00 PM,30,No",
    )
    services.import_zoom_report(
        actor=coordinator, session=session, data=later.encode(), time_zone="America/Toronto"
    )
    assert minutes_of(session, ana, binh) == [60, 60]


# --- generated reports: one truth, many files ---------------------------------------------------
# The same attendance written as a US Zoom export, a French Excel re-save (semicolons, day-first
# dates without seconds, "Oui"/"Non", Windows-1252), Excel's "Unicode text" (UTF-16, tabs, ISO
# times), Zoom in French (byte-order mark, "8 janv. 2026 12 h 30") and a Jitsi log (Unix
# seconds), for sessions across midnight, across both daylight-saving changes and in
# Newfoundland's half-hour zone. Expected minutes are computed above, on POSIX seconds.

Span = tuple[str, str, str, datetime, datetime, bool]  # person, name, e-mail, join, leave, waiting

FRENCH_MONTHS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def us(moment: datetime) -> str:
    return f"{moment:%m/%d/%Y %I:%M:%S %p}"


def excel_fr(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M}"


def iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def zoom_fr(moment: datetime) -> str:
    return f"{moment.day} {FRENCH_MONTHS[moment.month - 1]} {moment.year} {moment:%H} h {moment:%M}"


def render(spans: list[Span], zone: ZoneInfo, style: str) -> bytes:
    def local(moment: datetime) -> datetime:
        return moment.astimezone(zone)

    def minutes(join: datetime, leave: datetime) -> int:
        return int((leave - join).total_seconds() // 60)

    if style == "jitsi":
        lines = ["room_name,name,email,joined_at,left_at"] + [
            f"echo-pain,{name},{email},{int(join.timestamp())},{int(leave.timestamp())}"
            for _p, name, email, join, leave, waiting in spans
            if not waiting  # a Jitsi log has no waiting room
        ]
        return ("\n".join(lines) + "\n").encode()
    if style == "us":
        head = HEADER + ",In Waiting Room"
        lines = [head] + [
            f'"{name}",{email},{us(local(j))},{us(local(k))},{minutes(j, k)},No,'
            + ("Yes" if waiting else "No")
            for _p, name, email, j, k, waiting in spans
        ]
        return ("\r\n".join(lines) + "\r\n").encode()
    if style == "excel_fr":
        head = (
            "Nom (nom d'origine);E-mail de l'utilisateur;Heure d'arrivée;Heure de départ;"
            "Durée (minutes);Invité;Dans la salle d'attente"
        )
        lines = [head] + [
            f"{name};{email};{excel_fr(local(j))};{excel_fr(local(k))};"
            f"{minutes(j, k)},0;Non;{'Oui' if waiting else 'Non'}"
            for _p, name, email, j, k, waiting in spans
        ]
        return ("\r\n".join(lines) + "\r\n").encode("cp1252")
    if style == "unicode_text":
        head = HEADER.replace(",", "\t") + "\tIn Waiting Room"
        lines = [head] + [
            f"{name}\t{email}\t{iso(local(j))}\t{iso(local(k))}\t{minutes(j, k)}\tNo\t"
            + ("Yes" if waiting else "No")
            for _p, name, email, j, k, waiting in spans
        ]
        return ("\r\n".join(lines) + "\r\n").encode("utf-16")
    assert style == "zoom_fr"
    head = (
        "Nom (nom d'origine),E-mail de l'utilisateur,Heure d'arrivée,Heure de départ,"
        "Durée (minutes),Invité,Dans la salle d'attente"
    )
    lines = [head] + [
        f"{name},{email},{zoom_fr(local(j))},{zoom_fr(local(k))},{minutes(j, k)},Non,"
        + ("Oui" if waiting else "Non")
        for _p, name, email, j, k, waiting in spans
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int, fold: int = 0):  # type: ignore[no-untyped-def]
    return datetime(year, month, day, hour, minute, tzinfo=zone, fold=fold).astimezone(UTC)


def scenario(name: str) -> tuple[Session, list[Span]]:
    """(session, spans) for a named case; times are instants (UTC)."""
    if name == "midnight":
        zone = TORONTO
        start, end = at(zone, 2026, 1, 8, 23, 0), at(zone, 2026, 1, 9, 0, 30)
        spans: list[Span] = [
            ("U1", "Ana Lima", A, at(zone, 2026, 1, 8, 22, 50), at(zone, 2026, 1, 9, 0, 40), False),
            (
                "U2",
                "Binh Nguyen",
                B,
                at(zone, 2026, 1, 8, 23, 20),
                at(zone, 2026, 1, 8, 23, 59),
                False,
            ),
            (
                "U2",
                "Binh Nguyen",
                B,
                at(zone, 2026, 1, 9, 0, 1),
                at(zone, 2026, 1, 9, 0, 20),
                False,
            ),
        ]
    elif name == "fall_back":  # 1 November 2026: 01:00 to 02:00 happens twice in Toronto
        zone = TORONTO
        start, end = at(zone, 2026, 11, 1, 0, 30), at(zone, 2026, 11, 1, 2, 30)
        spans = [
            (
                "U1",
                "Ana Lima",
                A,
                at(zone, 2026, 11, 1, 0, 30),
                at(zone, 2026, 11, 1, 1, 40, 1),
                False,
            ),
            (
                "U2",
                "Binh Nguyen",
                B,
                at(zone, 2026, 11, 1, 1, 10),
                at(zone, 2026, 11, 1, 1, 50, 1),  # its duration tells the hour
                False,
            ),
            (
                "U3",
                "Claire Tremblay",
                "claire.t@example.org",
                at(zone, 2026, 11, 1, 1, 55),
                at(zone, 2026, 11, 1, 2, 30),
                False,
            ),
        ]
    elif name == "spring_forward":  # 8 March 2026: 02:00 to 03:00 never happens in Toronto
        zone = TORONTO
        start, end = at(zone, 2026, 3, 8, 1, 0), at(zone, 2026, 3, 8, 4, 0)
        spans = [
            ("U1", "Ana Lima", A, at(zone, 2026, 3, 8, 1, 0), at(zone, 2026, 3, 8, 3, 30), False),
            (
                "U2",
                "Binh Nguyen",
                B,
                at(zone, 2026, 3, 8, 1, 45),
                at(zone, 2026, 3, 8, 3, 5),
                False,
            ),
        ]
    elif name == "newfoundland":  # a half-hour zone, a wait, many overlapping rejoins
        zone = ZoneInfo("America/St_Johns")
        start, end = at(zone, 2026, 1, 8, 14, 0), at(zone, 2026, 1, 8, 15, 30)
        spans = [
            ("U1", "Ana Lima", A, at(zone, 2026, 1, 8, 13, 40), at(zone, 2026, 1, 8, 14, 5), True),
            ("U1", "Ana Lima", A, at(zone, 2026, 1, 8, 14, 5), at(zone, 2026, 1, 8, 14, 30), False),
            (
                "U1",
                "Ana Lima",
                A,
                at(zone, 2026, 1, 8, 14, 20),
                at(zone, 2026, 1, 8, 14, 45),
                False,
            ),
            (
                "U1",
                "Ana Lima",
                A,
                at(zone, 2026, 1, 8, 14, 44),
                at(zone, 2026, 1, 8, 14, 46),
                False,
            ),
            ("U1", "Ana Lima", A, at(zone, 2026, 1, 8, 15, 0), at(zone, 2026, 1, 8, 15, 10), False),
            ("U1", "Ana Lima", A, at(zone, 2026, 1, 8, 15, 5), at(zone, 2026, 1, 8, 15, 45), False),
            (
                "U2",
                "Binh Nguyen",
                B,
                at(zone, 2026, 1, 8, 14, 0),
                at(zone, 2026, 1, 8, 14, 1),
                False,
            ),
        ]
    else:
        raise AssertionError(name)
    return Session(start.astimezone(zone), end.astimezone(zone), str(zone), room="echo-pain"), spans


STYLES = ["us", "excel_fr", "unicode_text", "zoom_fr", "jitsi"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", ["midnight", "fall_back", "spring_forward", "newfoundland"])
def test_generated_reports_credit_the_union_of_each_persons_own_time(case: str, style: str) -> None:
    session, spans = scenario(case)
    data = render(spans, ZoneInfo(session.time_zone), style)
    truth: dict[str, list[tuple[datetime, datetime]]] = {}
    for person, _name, _email, join, leave, waiting in spans:
        if not waiting:
            truth.setdefault(person, []).append((join, leave))
    assert credited(data, session) == expected_minutes(truth, session.start, session.end)


# --- summary rows a spreadsheet adds under the table --------------------------------------------
# "Total,,,,90," was already no participant; other summaries refused the whole report with
# words that do not fit: "Average,,,,90," as "join/leave time not understood: “” / “”", and a
# footer of one cell ("Total participants: 2") as "a truncated file or broken quoting".

ANA_ROW = f"Ana Lima,{A},01/08/2026 12:30 PM,01/08/2026 02:00 PM,90,No"
BINH_ROW = f"Binh Nguyen,{B},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No"


@pytest.mark.parametrize(
    "summary",
    [
        ("Average,,,,60,",),
        ("Moyenne;;;;60;",),
        ("Count,,,,2,",),
        ("Unique participants,,,,2,",),
        ("Nombre de participants,,,,2,",),
        ("Total participants: 2",),
        ("Total participants:,2",),
        ("", "Total,,,,120,", "Average,,,,60,"),
        ("Total (minutes),,,,120,",),
    ],
)
def test_summary_rows_under_the_table_are_no_participants(summary: tuple[str, ...]) -> None:
    rows = tuple(row.replace(";", ",") for row in summary)
    result = reconcile_report(report(ANA_ROW, BINH_ROW, *rows), PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 90, "U2": 30}
    kept = [row for row in result.rows if row.status != "ignored"]
    assert [row.person_id for row in kept] == ["U1", "U2"]


@pytest.mark.parametrize("row", ["Ana Lima", "Ana Lima,ana.lima@example.org", "Average"])
def test_a_row_cut_short_is_still_refused_never_read_as_a_summary(row: str) -> None:
    # "Average" alone could be a footer, but where it stops is where a cut name would too.
    assert refusal(report(BINH_ROW, row)).code == "truncated_row"


def test_a_phone_number_without_times_is_no_summary() -> None:
    data = report(ANA_ROW, "16475550123,,01/08/2026 12:30 PM,,,Yes")
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.rows[1].status == "unmatched"


def test_a_unique_users_phone_number_is_no_summary() -> None:
    data = report(
        f"Ana Lima,{A},90,No",
        "16475550123,,45,Yes",
        "Total participants: 2",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [row.status for row in result.rows] == ["matched", "unmatched", "ignored"]


# --- a waiting-room or e-mail column named a little differently ---------------------------------
# "In Waiting Room" and three French names were read; "Waiting Room", "In waiting room?",
# "Was In Waiting Room", "Dans la salle d'attente ?" (French spacing), "Salle d'attente
# (oui/non)" were ignored with a warning, and the time people waited to be let in was credited
# (Ana 60 minutes for her 30). An e-mail column named "Adresse e-mail de l'utilisateur",
# "User E-mail" or "Participant Email" was ignored: rows were matched by name alone, and a row
# whose e-mail is Ana's under Binh's name was credited to Binh without review.


@pytest.mark.parametrize(
    "column",
    [
        "Waiting Room",
        "In waiting room?",
        "Was In Waiting Room",
        "In Waiting Room (Yes/No)",
        "Dans la salle d'attente ?",
        "Dans la salle d\u2019attente\u00a0?",
        "Salle d'attente (oui/non)",
        "En la sala de espera",
        "Im Warteraum",
    ],
)
def test_a_waiting_room_column_however_named_is_never_credited(column: str) -> None:
    data = report(
        f"Ana Lima,{A},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No,Yes",
        f"Ana Lima,{A},01/08/2026 01:00 PM,01/08/2026 01:30 PM,30,No,No",
        header=f'{HEADER},"{column}"',
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 30}
    assert [row.status for row in result.rows] == ["ignored", "matched"]


@pytest.mark.parametrize(
    "column",
    [
        "Adresse e-mail de l'utilisateur",
        "Adresse courriel de l'utilisateur",
        "Email de l'utilisateur",
        "User E-mail",
        "Participant Email",
        "Attendee Email",
    ],
)
def test_an_email_column_however_named_is_read(column: str) -> None:
    data = report(
        f"Binh Nguyen,{A},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        "Claire Tremblay,claire.t@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        header=HEADER.replace("User Email", column),
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    first, second = result.rows
    assert (first.person_id, first.status) == (None, "review")  # Ana's e-mail, Binh's name
    assert (second.person_id, second.method) == ("U3", "email")
    assert not any("User Email" in warning for warning in result.warnings)


@pytest.mark.parametrize("column", ["Host Email", "Host E-mail", "Courriel de l'hôte"])
def test_the_hosts_email_is_never_read_as_each_participants(column: str) -> None:
    data = report(
        "812 3456 7890,claire.t@example.org,Binh Nguyen,01/08/2026 12:30 PM,"
        "01/08/2026 01:00 PM,30,No",
        header=f"Meeting ID,{column},Name (Original Name),Join Time,Leave Time,"
        "Duration (Minutes),Guest",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(row.person_id, row.method) for row in result.rows] == [("U2", "name")]


# --- the report of the same day's other session -----------------------------------------------
# Two sessions of a program on one day share the series' Zoom meeting. The morning session's
# report (09:00, overrunning to 12:45) uploaded on the afternoon session (12:30 to 14:00) was
# read: 15 and 10 minutes credited to people who had left before it began, with a warning
# only. Its meeting-data block says when it ran: another session's time, so it is refused.

MORNING_BLOCK = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    '"812 3456 7890",Rounds,01/08/2026 09:00 AM,{end},host@example.org,225,2\r\n\r\n'
)
MORNING_ROWS = (
    f"Ana Lima,{A},01/08/2026 09:00 AM,01/08/2026 12:45 PM,225,No",
    f"Binh Nguyen,{B},01/08/2026 09:30 AM,01/08/2026 12:40 PM,190,No",
)
AFTERNOON = Session(
    SESSION.start,
    SESSION.end,
    SESSION.time_zone,
    SESSION.meeting_id,
    other_starts=(datetime(2026, 1, 8, 14, 0, tzinfo=UTC),),  # 09:00 in Toronto
)


def test_the_report_of_the_mornings_session_is_refused_on_the_afternoons() -> None:
    data = report(*MORNING_ROWS, header=MORNING_BLOCK.format(end="01/08/2026 12:45 PM") + HEADER)
    error = refusal(data, AFTERNOON)
    assert error.code == "wrong_meeting"
    assert "another session of this program" in str(error)
    assert "09:00" in str(error) and "12:45" in str(error)


@pytest.mark.parametrize(
    ("end", "others"),
    [
        # One meeting left open all day: it is this session's report too.
        ("01/08/2026 02:05 PM", AFTERNOON.other_starts),
        # No other session then: the early start alone refuses nothing (as before).
        ("01/08/2026 12:45 PM", ()),
    ],
)
def test_a_meeting_that_also_covers_the_session_is_read(
    end: str, others: tuple[datetime, ...]
) -> None:
    rows = (*MORNING_ROWS, f"Claire Tremblay,claire.t@example.org,{SPAN_1230_1400}")
    data = report(*rows, header=MORNING_BLOCK.format(end=end) + HEADER)
    session = Session(
        AFTERNOON.start, AFTERNOON.end, AFTERNOON.time_zone, "812 3456 7890", other_starts=others
    )
    assert credited(data, session) == {"U1": 15, "U2": 10, "U3": 90}


SPAN_1230_1400 = "01/08/2026 12:30 PM,01/08/2026 02:00 PM,90,No"


@pytest.mark.django_db
def test_the_mornings_report_uploads_nothing_on_the_afternoon_session(  # type: ignore[no-untyped-def]
    two_people, program
) -> None:
    from django.test import Client

    from echohub.attendance.models import AttendanceRow, ImportBatch
    from tests.factories import SessionFactory

    afternoon, coordinator, _ana, _binh = two_people
    SessionFactory(
        program=program,
        starts_at=datetime(2026, 1, 8, 14, 0, tzinfo=UTC),  # 09:00 to 10:30 in Toronto
        ends_at=datetime(2026, 1, 8, 15, 30, tzinfo=UTC),
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )
    data = report(*MORNING_ROWS, header=MORNING_BLOCK.format(end="01/08/2026 12:45 PM") + HEADER)
    client = Client()
    client.force_login(coordinator)
    response = upload_to(client, program, afternoon, data.encode())
    assert response.status_code == 400
    assert "another session of this program" in response.content.decode()
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()


def upload_to(client, program, session, data: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("report.csv", data, content_type="text/csv"),
            "time_zone": "America/Toronto",
        },
    )


# --- files with nothing to read, or far too much: a refusal in words, never a 500 -------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf", "no participant header"),
        (b"\r\n\r\n", "no participant header"),
        (HEADER.encode("utf-16"), "no participant rows"),
        ((HEADER.replace(",", ";") + "\r\n;;;;;\r\n").encode(), "no participant rows"),
        (b"Name,Join Time\r\n" + b"x" * (6 * 1024 * 1024), "larger than 5 MB"),
    ],
    ids=["empty", "bom-only", "blank-lines", "utf16-header-only", "semicolons-header-only", "6mb"],
)
def test_a_file_with_nothing_to_read_or_too_much_is_refused_in_words(  # type: ignore[no-untyped-def]
    two_people, program, data: bytes, words: str
) -> None:
    from django.test import Client

    from echohub.attendance.models import AttendanceRow, ImportBatch

    session, coordinator, _ana, _binh = two_people
    client = Client()
    client.force_login(coordinator)
    response = upload_to(client, program, session, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()


# --- times in the hour repeated when clocks go back -------------------------------------------
# On 1 November 2026 Toronto's clocks show 01:00 to 02:00 twice. A row from 01:10 to 01:40 fits
# both hours with the same 30 minutes: the first was taken, a guess. Two such rows of Binh (one
# in each hour) were merged into 40 minutes of his 60; rows of a person's other join moved
# into the wrong hour credited minutes twice over (generated reports: 80 for 68). Such a row
# now goes to review saying why, unless either hour gives the same minutes (inside the
# session, touching none of the person's other rows); a row whose duration tells the hour
# is read.

FALL_BACK = Session(
    datetime(2026, 11, 1, 0, 30, tzinfo=TORONTO),
    datetime(2026, 11, 1, 2, 30, tzinfo=TORONTO, fold=1),  # 3 hours by the clock on the wall
    "America/Toronto",
)


def test_rows_that_fit_both_repeated_hours_go_to_review() -> None:
    data = report(
        # 00:40 EDT to 01:20 EST: 100 minutes, only one reading fits its duration.
        f"Ana Lima,{A},11/01/2026 12:40 AM,11/01/2026 01:20 AM,100,No",
        # Two half hours of Binh, in either hour each: 30 to 60 minutes.
        f"Binh Nguyen,{B},11/01/2026 01:10 AM,11/01/2026 01:40 AM,30,No",
        f"Binh Nguyen,{B},11/01/2026 01:20 AM,11/01/2026 01:50 AM,30,No",
        # One row alone, inside the session in either hour: the same 30 minutes, read.
        "Claire Tremblay,claire.t@example.org,11/01/2026 01:05 AM,11/01/2026 01:35 AM,30,No",
    )
    result = reconcile_report(data, PEOPLE, FALL_BACK)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 100, "U3": 30}
    ana, binh, binh_again, claire = result.rows
    assert (ana.status, claire.status) == ("matched", "matched")
    for row in (binh, binh_again):
        assert (row.person_id, row.status, row.candidates) == (None, "review", ("U2",))
        assert "repeated" in row.reason and "clocks went back" in row.reason


def test_a_row_in_the_repeated_hour_of_a_jitsi_log_is_an_instant() -> None:
    join = datetime(2026, 11, 1, 1, 10, tzinfo=TORONTO, fold=1)
    row = f"echo-pain,Binh Nguyen,{B},{int(join.timestamp())},{int(join.timestamp()) + 1800}"
    data = report(row, header="room_name,name,email,joined_at,left_at")
    assert credited(data, FALL_BACK) == {"U2": 30}
