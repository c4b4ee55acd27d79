# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""An eleventh hunt for reports nobody here has seen: whole Zoom CSV files drawn at random as a
spreadsheet leaves them (UTF-16 with a byte-order mark, Windows-1252, semicolons, quoted cells,
empty columns and rows Excel keeps, 12-hour clocks and Excel's own date formats, the header
block written twice), people renamed mid-session, on two devices at once, with e-mails in
another case, partial phone numbers, guests and the host, on sessions that cross midnight, the
nights clocks go back (1 Nov 2026) and forward (14 Mar 2027) in Toronto, and an eleven-hour
day; Jitsi logs on the same nights. Every name, address and number is invented.

Expected minutes are computed here on POSIX seconds from the times as written, never with the
engine's helpers: the union of a person's own spans clipped to the session, floored."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.errors import AttendanceError
from echohub.attendance.models import Attendance, AttendanceRow
from echohub.attendance.reconcile import Reconciliation, RosterPerson, Session, reconcile_report
from tests.attendance_webhooks.conftest import people, zoom_session  # noqa: F401 (fixtures)

TORONTO = ZoneInfo("America/Toronto")
ROSTER = [
    RosterPerson("A", "Maëlle", "Fontaine", "maelle.fontaine@north.test"),
    RosterPerson("B", "Kofi", "Asante", "kofi.asante@lakes.test"),
    RosterPerson("C", "Zoë", "O’Dwyer", "zoe.odwyer@lakes.test"),
    RosterPerson("D", "Ivo", "Wrenfield", "ivo.wrenfield@bay.test"),
]
# How each person shows (display name as Zoom writes it, e-mail): renamed to a device or a
# title mid-session ("new (original)"), the address in another case. All are theirs.
SHOWS = {
    "A": [
        ("Maëlle Fontaine", "maelle.fontaine@north.test"),
        ("iPhone (Maëlle Fontaine)", "Maelle.Fontaine@North.test"),
        ("MF - clinic laptop (Maëlle Fontaine)", "MAELLE.FONTAINE@NORTH.TEST"),
    ],
    "B": [
        ("Kofi Asante", "kofi.asante@lakes.test"),
        ("Dr. Kofi Asante, MD", "KOFI.ASANTE@lakes.test"),
    ],
    "C": [("Zoë O’Dwyer", "zoe.odwyer@lakes.test"), ("Zoe ODwyer", "Zoe.ODwyer@Lakes.test")],
    "D": [("Ivo Wrenfield (Host)", "ivo.wrenfield@bay.test")],
}
# Nobody of the roster: partial phone numbers, a dial-in, a guest, a shared room.
STRANGERS = [
    ("+1 416 *** **21", ""),
    ("1613555****", ""),
    ("Call-in User_3", ""),
    ("Guest", ""),
    ("Harbour Clinic Boardroom", ""),
    ("Teodor Blum", "t.blum@elsewhere.test"),
]
WINDOWS = {
    # (start, end) in Toronto; spans are drawn in UTC, so the night of a change is real time.
    "noon": (datetime(2026, 1, 8, 12, 30), datetime(2026, 1, 8, 14, 0)),
    "midnight": (datetime(2026, 1, 8, 23, 15), datetime(2026, 1, 9, 0, 45)),
    "clocks back": (datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 2, 30)),
    "clocks forward": (datetime(2027, 3, 14, 1, 0), datetime(2027, 3, 14, 4, 0)),
    "long day": (datetime(2026, 2, 3, 8, 0), datetime(2026, 2, 3, 19, 30)),
}
CLOCKS = [
    ("%m/%d/%Y %I:%M:%S %p", "month"),  # Zoom's
    ("%m/%d/%Y %I:%M %p", "month"),
    ("%m/%d/%y %I:%M %p", "month"),  # Excel's short year
    ("%m/%d/%Y %H:%M", "month"),  # Excel's "m/d/yyyy h:mm"
    ("%d/%m/%Y %H:%M", "day"),
    ("%d.%m.%Y %H:%M", "day"),
    ("%Y-%m-%d %H:%M:%S", "auto"),
    ("%Y-%m-%dT%H:%M:%S", "auto"),
    ("%b %d, %Y %I:%M %p", "auto"),
    ("%d-%b-%y %H:%M", "auto"),  # Excel's "d-mmm-yy" (refused before this hunt)
]
HEADER = [
    "Name (Original Name)",
    "User Email",
    "Join Time",
    "Leave Time",
    "Duration (Minutes)",
    "Guest",
]


def window(name: str) -> Session:
    start, end = WINDOWS[name]
    return Session(
        start.replace(tzinfo=TORONTO),
        end.replace(tzinfo=TORONTO),
        "America/Toronto",
        "812 3456 7890",
    )


def truth(spans: dict[str, list[tuple[datetime, datetime]]], session: Session) -> dict[str, int]:
    """Whole minutes per person: the union of their spans within the session, on UTC."""
    start, end = session.start.astimezone(UTC), session.end.astimezone(UTC)
    out = {}
    for person, found in spans.items():
        clipped = sorted(
            (max(a, start), min(b, end)) for a, b in found if min(b, end) > max(a, start)
        )
        total = timedelta(0)
        current: tuple[datetime, datetime] | None = None
        for a, b in clipped:
            if current is not None and a <= current[1]:
                current = (current[0], max(current[1], b))
            else:
                if current is not None:
                    total += current[1] - current[0]
                current = (a, b)
        if current is not None:
            total += current[1] - current[0]
        out[person] = int(total.total_seconds() // 60)
    return out


def draw_report(
    rnd: random.Random, session: Session
) -> tuple[list[str], list[list[str]], dict[str, list[tuple[datetime, datetime]]], str, str]:
    """(header cells, rows of cells, each person's spans, how dates are written, name of the
    clock). Two devices of one person overlap often; times are drawn in UTC seconds and
    written in Toronto's clock, so spans are what the text says (a clock without seconds
    drops them)."""
    clock, order = rnd.choice(CLOCKS)
    start, end = session.start.astimezone(UTC), session.end.astimezone(UTC)
    length = int((end - start).total_seconds() // 60)
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    rows: list[list[str]] = []

    def write(name: str, email: str, join: datetime, leave: datetime, guest: bool) -> None:
        minutes = int((leave - join).total_seconds() // 60)
        rows.append(
            [
                name,
                email,
                join.astimezone(TORONTO).strftime(clock),
                leave.astimezone(TORONTO).strftime(clock),
                str(minutes),
                "Yes" if guest else "No",
            ]
        )

    for person, shows in SHOWS.items():
        for _ in range(rnd.randint(0, 3)):
            name, email = rnd.choice(shows)
            join = start + timedelta(minutes=rnd.randint(-25, length), seconds=rnd.randint(0, 59))
            leave = join + timedelta(
                minutes=rnd.randint(1, length + 30), seconds=rnd.randint(0, 59)
            )
            if "%S" not in clock:
                join, leave = join.replace(second=0), leave.replace(second=0)
            spans.setdefault(person, []).append((join, leave))
            write(name, email, join, leave, False)
    for name, email in rnd.sample(STRANGERS, rnd.randint(0, 3)):
        join = start + timedelta(minutes=rnd.randint(0, length - 1))
        write(name, email, join, join + timedelta(minutes=rnd.randint(1, 40)), True)
    if not rows:
        join = start + timedelta(minutes=5)
        spans["B"] = [(join, join + timedelta(minutes=20))]
        write("Kofi Asante", "kofi.asante@lakes.test", join, join + timedelta(minutes=20), False)
    rnd.shuffle(rows)
    return list(HEADER), rows, spans, order, clock


def as_file(rnd: random.Random, header: list[str], rows: list[list[str]]) -> bytes:
    """The rows as a spreadsheet writes them: a separator, quotes where needed (or
    everywhere), empty trailing columns, empty rows of separators, the header block written
    twice, an encoding with or without a byte-order mark."""
    sep = rnd.choice([",", ";", "\t"])
    quote_all = rnd.random() < 0.3
    extra = sep * rnd.choice([0, 0, 1, 3])

    def line(cells: list[str]) -> str:
        said = [
            '"' + cell.replace('"', '""') + '"' if quote_all or sep in cell or '"' in cell else cell
            for cell in cells
        ]
        return sep.join(said) + extra

    lines = [line(header)] + [line(row) for row in rows]
    if rnd.random() < 0.25:
        lines += [sep * (len(header) + len(extra) - 1)] * rnd.randint(1, 3)
    if rnd.random() < 0.2:  # two exports pasted one after the other: the same block again
        lines += ["", *lines[: 1 + len(rows)]]
    encoding = rnd.choice(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def person_of(name: str, email: str) -> str | None:
    for person, shows in SHOWS.items():
        if (name, email) in shows:
            return person
    return None


def check(result: Reconciliation, rows: list[list[str]], spans: Any, session: Session) -> None:
    """Nobody gets more than their own union nor more than the session; no row goes to
    someone else; a person all of whose rows are theirs gets exactly their union."""
    wanted = truth(spans, session)
    for person, found in result.people.items():
        assert found.minutes <= wanted.get(person, 0), (person, found.minutes, wanted)
        assert found.minutes <= session.length_minutes
    mine: dict[str, list[bool]] = {}
    for decision in result.rows:
        owner = person_of(decision.name, decision.email)
        if decision.person_id is not None:
            assert decision.person_id == owner, (decision.name, decision.email, decision.reason)
        if owner is not None:
            mine.setdefault(owner, []).append(decision.person_id == owner)
    for person, decided in mine.items():
        if all(decided):
            got = result.people[person].minutes if person in result.people else 0
            assert got == wanted.get(person, 0), (person, got, wanted, result.warnings)


def minutes_by_person(result: Reconciliation) -> dict[str, int]:
    return {person: found.minutes for person, found in result.people.items()}


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), moment=st.sampled_from(sorted(WINDOWS)))
def test_spreadsheet_reports_credit_each_persons_union_in_any_row_order(
    seed: int, moment: str
) -> None:
    """A report drawn at random, read whole or refused in words naming a row: credited minutes
    are each person's own union at most (exactly when every row of theirs is matched), never
    more than the session; shuffling its rows changes nobody's minutes nor any decision."""
    rnd = random.Random(seed)
    session = window(moment)
    header, rows, spans, order, _clock = draw_report(rnd, session)
    spreadsheet = rnd.getstate()
    data = as_file(rnd, header, rows)
    try:
        result = reconcile_report(data, ROSTER, session, date_order=order)
    except AttendanceError as error:
        # Refused in words: only a time in the hour the clocks skip or the one they repeat
        # may be (neither is drawn here), never a crash or a silent half-read.
        pytest.fail(f"{moment}: {error.code}: {error}")
    check(result, rows, spans, session)
    shuffled = rnd.sample(rows, len(rows))
    rnd.setstate(spreadsheet)  # the same spreadsheet's habits, the rows in another order
    again = reconcile_report(as_file(rnd, header, shuffled), ROSTER, session, date_order=order)
    assert minutes_by_person(again) == minutes_by_person(result)
    decided = sorted((d.name, d.email.casefold(), d.person_id or "", d.status) for d in result.rows)
    redecided = sorted(
        (d.name, d.email.casefold(), d.person_id or "", d.status) for d in again.rows
    )
    assert redecided == decided


# --- Jitsi logs on the same nights ------------------------------------------------------------

JITSI = "room_name,name,email,joined_at,left_at"


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), moment=st.sampled_from(sorted(WINDOWS)))
def test_jitsi_logs_across_midnight_and_clock_changes(seed: int, moment: str) -> None:
    """A Jitsi occupant log (instants, Unix seconds or milliseconds) of the session's room,
    two tabs of one person overlapping, lines in any order: each person's union, exactly; the
    same whatever the order."""
    rnd = random.Random(seed)
    session = window(moment)
    session = Session(session.start, session.end, session.time_zone, room="pain-rounds")
    start = session.start.astimezone(UTC)
    length = session.length_minutes
    scale = rnd.choice([1, 1000])
    lines: list[str] = []
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for person, shows in SHOWS.items():
        for _ in range(rnd.randint(0, 3)):
            name, email = rnd.choice(shows)
            join = start + timedelta(minutes=rnd.randint(-20, length), seconds=rnd.randint(0, 59))
            leave = join + timedelta(minutes=rnd.randint(1, length), seconds=rnd.randint(0, 59))
            spans.setdefault(person, []).append((join, leave))
            stamp = [int(moment.timestamp()) * scale for moment in (join, leave)]
            lines.append(f'pain-rounds,"{name}",{email},{stamp[0]},{stamp[1]}')
    end = session.end.astimezone(UTC)
    if not any(min(b, end) > max(a, start) for stays in spans.values() for a, b in stays):
        return  # nobody in the session: refused as another meeting's report (no_overlap)
    result = reconcile_report((JITSI + "\n" + "\n".join(lines) + "\n").encode(), ROSTER, session)
    credited = {p: m for p, m in minutes_by_person(result).items() if m}
    assert credited == {p: m for p, m in truth(spans, session).items() if m}
    again = reconcile_report(
        (JITSI + "\n" + "\n".join(rnd.sample(lines, len(lines))) + "\n").encode(), ROSTER, session
    )
    assert minutes_by_person(again) == minutes_by_person(result)


# --- Cases named one by one -------------------------------------------------------------------


def report(*rows: str, sep: str = ",", encoding: str = "utf-8") -> bytes:
    text = sep.join(HEADER) + "\r\n" + "".join(row + "\r\n" for row in rows)
    return text.encode(encoding)


def test_the_host_in_the_meeting_before_and_after_gets_the_session_at_most() -> None:
    session = window("noon")
    result = reconcile_report(
        report(
            "Ivo Wrenfield (Host),ivo.wrenfield@bay.test,01/08/2026 11:50:00 AM,"
            "01/08/2026 02:25:00 PM,155,No"
        ),
        ROSTER,
        session,
    )
    assert minutes_by_person(result) == {"D": 90}


def test_a_meeting_across_midnight_written_on_two_dates() -> None:
    """23:15 to 00:45: a stay from 23:40 to 00:20 is 40 minutes, the date written changing."""
    result = reconcile_report(
        report(
            "Kofi Asante,KOFI.ASANTE@LAKES.TEST,01/08/2026 11:40:00 PM,"
            "01/09/2026 12:20:00 AM,40,No",
            "Kofi Asante (iPad),kofi.asante@lakes.test,01/08/2026 11:50:00 PM,"
            "01/09/2026 12:10:00 AM,20,No",
        ),
        ROSTER,
        window("midnight"),
    )
    assert minutes_by_person(result) == {"B": 40}


def test_the_night_clocks_go_back_a_stay_over_the_change_counts_its_real_length() -> None:
    """00:30 EDT to 02:30 EST is three real hours; Zoom writes local times without an offset,
    so a stay from 00:50 to 02:10 (the clock passed 01:00-02:00 twice) lasted 140 minutes:
    its Duration says so."""
    result = reconcile_report(
        report(
            "Zoë O’Dwyer,zoe.odwyer@lakes.test,11/01/2026 12:50:00 AM,11/01/2026 02:10:00 AM,140,No"
        ),
        ROSTER,
        window("clocks back"),
    )
    assert minutes_by_person(result) == {"C": 140}


def test_the_night_clocks_go_forward_a_skipped_time_is_refused_naming_its_row() -> None:
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(
            report(
                "Kofi Asante,kofi.asante@lakes.test,03/14/2027 01:30:00 AM,"
                "03/14/2027 03:30:00 AM,60,No",
                "Zoë O’Dwyer,zoe.odwyer@lakes.test,03/14/2027 02:15:00 AM,"
                "03/14/2027 03:40:00 AM,25,No",
            ),
            ROSTER,
            window("clocks forward"),
        )
    assert caught.value.code == "bad_time" and caught.value.row == 2
    assert "02:15" in str(caught.value) and "clocks moved forward" in str(caught.value)


def test_a_row_longer_than_a_day_is_refused_in_words() -> None:
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(
            report(
                "Kofi Asante,kofi.asante@lakes.test,02/03/2026 08:00:00 AM,"
                "02/04/2026 09:00:00 AM,1500,No"
            ),
            ROSTER,
            window("long day"),
        )
    assert caught.value.row == 1 and str(caught.value).startswith("row 1")


@pytest.mark.parametrize(
    ("join", "leave"),
    [
        ("08-Jan-26 12:31", "08-Jan-26 13:40"),
        ("8-Jan-2026 12:31", "8-Jan-2026 13:40"),
        ("8-Jan-26 12:31 PM", "8-Jan-26 1:40 PM"),
        ('"Thursday, January 8, 2026 12:31 PM"', '"Thursday, January 8, 2026 1:40 PM"'),
    ],
)
def test_excel_date_formats_are_read(join: str, leave: str) -> None:
    result = reconcile_report(
        report(f"Maëlle Fontaine,maelle.fontaine@north.test,{join},{leave},69,No"),
        ROSTER,
        window("noon"),
    )
    assert minutes_by_person(result) == {"A": 69}


def test_a_partial_phone_number_is_nobody() -> None:
    result = reconcile_report(
        report(
            "+1 416 *** **21,,01/08/2026 12:31:00 PM,01/08/2026 01:10:00 PM,39,Yes",
            "1613555****,,01/08/2026 12:31:00 PM,01/08/2026 01:10:00 PM,39,Yes",
        ),
        ROSTER,
        window("noon"),
    )
    assert result.people == {} and all(d.person_id is None for d in result.rows)


# --- Through the import page: bad input refused with nothing stored, then once only ----------


def upload(client: Any, session: Any, data: bytes, order: str = "month") -> Any:
    return client.post(
        f"/p/{session.program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("participants.csv", data, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": order,
        },
        follow=True,
    )


@pytest.mark.django_db
def test_a_utf16_report_with_a_broken_row_is_refused_then_imported_once(
    client, zoom_session, people
) -> None:
    """A UTF-16 report (tabs, a byte-order mark) whose last row was cut: the page names the
    row and nothing is stored; the whole file imports; the same file again changes nothing."""
    rows = [
        "Hope Mercer\tHOPE.MERCER@CLINIC.TEST\t01/08/2026 12:31:00 PM\t01/08/2026 01:40:00 PM"
        "\t69\tNo",
        "Hope (iPad) (Hope Mercer)\thope.mercer@clinic.test\t01/08/2026 01:00:00 PM"
        "\t01/08/2026 01:55:00 PM\t55\tNo",
        "+1 416 *** **21\t\t01/08/2026 12:35:00 PM\t01/08/2026 01:05:00 PM\t30\tYes",
    ]
    good = ("\t".join(HEADER) + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-16")
    cut = (
        "\t".join(HEADER)
        + "\r\n"
        + "\r\n".join(rows[:2])
        + "\r\n+1 416 *** **21\t\t01/08/2026 12:3"
    ).encode("utf-16")
    client.force_login(people["coordinator"])
    refused = upload(client, zoom_session, cut)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Row 3, line 4: has 3 of 6 columns" in page and "Imported" not in page
    assert AttendanceRow.objects.count() == 0 and Attendance.objects.count() == 0
    done = upload(client, zoom_session, good)
    assert "Imported" in done.content.decode()
    assert Attendance.objects.get(user=people["hope"]).minutes == 84
    before = list(AttendanceRow.objects.values_list("pk", "status"))
    again = upload(client, zoom_session, good)
    assert "already imported: nothing changed" in again.content.decode()
    assert list(AttendanceRow.objects.values_list("pk", "status")) == before
    assert Attendance.objects.get(user=people["hope"]).minutes == 84


# --- BigBlueButton's dashboard download on the same nights -------------------------------------

DASHBOARD = (
    "User,Moderator,Activity Score,Talk time,Webcam time,Messages,Reactions,Answers,"
    "Raise Hands,Join,Left,Duration"
)
BROWSER_CLOCKS = ["%m/%d/%Y, %I:%M:%S %p", "%d/%m/%Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S"]


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), moment=st.sampled_from(sorted(WINDOWS)))
def test_dashboard_downloads_never_credit_more_than_online_within_the_session(
    seed: int, moment: str
) -> None:
    """One row per user: first join, last leave (as the browser writes them, no offset) and
    time online as a clock. Read whole in any encoding, on either night of a clock change:
    nobody gets more than their time online nor more than their span within the session (a
    row across the repeated hour was refused when its time online was longer than the
    shortest reading: hunt 11)."""
    rnd = random.Random(seed)
    session = window(moment)
    start, end = session.start.astimezone(UTC), session.end.astimezone(UTC)
    clock = rnd.choice(BROWSER_CLOCKS)
    lines, most = [DASHBOARD], {}
    for person, name in (("A", "Maëlle Fontaine"), ("B", "Kofi Asante")):
        join = start + timedelta(
            minutes=rnd.randint(-20, session.length_minutes - 1), seconds=rnd.randint(0, 59)
        )
        leave = join + timedelta(
            minutes=rnd.randint(1, session.length_minutes + 20), seconds=rnd.randint(0, 59)
        )
        online = rnd.randint(30, int((leave - join).total_seconds()))
        said = f"{online // 3600:02d}:{online % 3600 // 60:02d}:{online % 60:02d}"
        cells = [name, "No", "1,5", "00:01:10", "-", "2", "0", "1", "0"]
        cells += [
            join.astimezone(TORONTO).strftime(clock),
            leave.astimezone(TORONTO).strftime(clock),
        ]
        lines.append(",".join(f'"{cell}"' for cell in [*cells, said]))
        inside = max(timedelta(0), min(leave, end) - max(join, start))
        most[person] = min(int(inside.total_seconds() // 60), online // 60)
    data = ("\r\n".join(lines) + "\r\n").encode(rnd.choice(["utf-8", "utf-8-sig", "utf-16"]))
    result = reconcile_report(data, ROSTER, session)
    for person, found in result.people.items():
        assert found.minutes <= most[person], (person, found.minutes, most, lines)
