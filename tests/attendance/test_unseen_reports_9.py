"""A ninth hunt for reports nobody here has seen, on the paths the earlier hunts read least:
Zoom's report API page by page (a page repeated, a display renamed, a registrant link, times
written "Z", "+00:00", with milliseconds or in Toronto's offset), BigBlueButton's analytics
callback (several connections at once, one still open when the meeting finished), whole
Zoom CSV files drawn at random across header languages, clocks, separators, encodings and a
meeting-data block on a normal day, the night clocks go back and the night they go forward,
and one session stored from several sources. Every name, address and number is invented.

Each outcome is checked against what is computed here, on POSIX seconds, never with the
engine's helpers: the union of a person's own spans clipped to the session, floored. A row is
never given to someone else than the person who generated it (review or nobody instead); a
person whose rows were all given to them gets exactly their minutes; nobody gets more."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.reconcile import (
    Reconciliation,
    RosterPerson,
    Session,
    reconcile,
    reconcile_report,
)
from echohub.attendance.zoom_api import parse_zoom_api_participants

from .conftest import HEADER
from .test_attfix_1221b import entry, minutes, same_day  # noqa: F401 (a fixture)

TORONTO = ZoneInfo("America/Toronto")
PEOPLE = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org", "reg-ana-1"),
    RosterPerson("U2", "Binh", "Nguyen", "binh.nguyen@example.org"),
    RosterPerson("U3", "Claire", "Tremblay", "claire.t@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
    RosterPerson("U5", "Hope", "Mercer", "hope.mercer@example.org"),
    RosterPerson("U6", "Hope", "Mercer", "m.hope.mercer@example.org"),
    RosterPerson("U7", "Élodie", "Côté-Gagnon", "elodie.cg@example.org"),
]
# How each person shows in a report: (display name, e-mail, registrant id).
SHOWS = {
    "U1": [
        ("Ana Lima", "ana.lima@example.org", ""),
        ("iPad", "ana.lima@example.org", ""),  # renamed to the device
        ("Ana L.", "", "reg-ana-1"),  # the registration link, no address
        ("ANA LIMA (Clinic North)", "ana.lima@example.org", ""),
    ],
    "U2": [
        ("Binh Nguyen", "binh.nguyen@example.org", ""),
        ("Binh Nguyen", "BINH.NGUYEN@EXAMPLE.ORG", ""),
        ("Dr Binh Nguyen", "binh.nguyen@example.org", ""),
    ],
    "U3": [
        ("Claire Tremblay", "claire.t@example.org", ""),
        ("Claire T (she/her)", "claire.t@example.org", ""),
    ],
    "U4": [("Noah Okafor", "", ""), ("Dr. Noah Okafor, MD", "", "")],
    "U5": [("Hope Mercer", "hope.mercer@example.org", "")],
    "U7": [
        ("Elodie Cote-Gagnon", "elodie.cg@example.org", ""),
        ("Élodie Côté-Gagnon", "", ""),
    ],
}
# Nobody of the roster: a phone line, a guest, a shared room, and a namesake without address
# (two Hope Mercers are registered: a bare "Hope Mercer" may be either).
NOBODY = [
    ("+1 416 555 0100", "", ""),
    ("Call-in User_1", "", ""),
    ("Hope Mercer", "", ""),
    ("Guest 3", "", ""),
    ("Sam Ortiz", "sam.o@example.net", ""),
    ("Clinic North Boardroom", "", ""),
]
SESSIONS = {
    "weekday": Session(
        datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
        datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
        "America/Toronto",
        "812 3456 7890",
    ),
    # 00:30 to 02:30 on the night clocks go back: three hours of real time.
    "clocks back": Session(
        datetime(2026, 11, 1, 0, 30, tzinfo=TORONTO),
        datetime(2026, 11, 1, 2, 30, tzinfo=TORONTO),
        "America/Toronto",
        "812 3456 7890",
    ),
    # 23:30 to 03:30 across midnight and the night clocks go forward: three hours.
    "clocks forward": Session(
        datetime(2026, 3, 7, 23, 30, tzinfo=TORONTO),
        datetime(2026, 3, 8, 3, 30, tzinfo=TORONTO),
        "America/Toronto",
        "812 3456 7890",
    ),
}
Spans = dict[str, list[tuple[datetime, datetime]]]


def expected_minutes(spans: Spans, session: Session) -> dict[str, int]:
    """Whole minutes per person on POSIX seconds: the union of their spans within the
    session, floored (not the engine's code)."""
    low, high = int(session.start.timestamp()), int(session.end.timestamp())
    out: dict[str, int] = {}
    for person, pairs in spans.items():
        covered: set[int] = set()
        for join, leave in pairs:
            covered.update(
                range(max(int(join.timestamp()), low), min(int(leave.timestamp()), high))
            )
        out[person] = len(covered) // 60
    return out


def check(result: Reconciliation, owners: list[str | None], spans: Spans, session: Session) -> None:
    """No row given to another person than its own; nobody above their minutes or the
    session's length; a person all of whose rows were given to them has exactly theirs."""
    expected = expected_minutes(spans, session)
    assert len(result.rows) == len(owners)
    for row, owner in zip(result.rows, owners, strict=True):
        assert row.person_id is None or row.person_id == owner, (row, owner)
    length = int((session.end.timestamp() - session.start.timestamp()) // 60)
    for person, attendance in result.people.items():
        assert attendance.minutes <= min(expected.get(person, 0), length), person
    for person, wanted in expected.items():
        mine = [row for row, owner in zip(result.rows, owners, strict=True) if owner == person]
        if all(row.person_id == person for row in mine):
            got = result.people[person].minutes if person in result.people else 0
            assert got == wanted, (person, got, wanted)


def draw_attendance(
    rnd: random.Random, session: Session, *, whole_minutes: bool = False
) -> tuple[list[tuple[str | None, tuple[str, str, str], datetime, datetime, bool]], Spans]:
    """People with one to three spans per way they showed (rejoins, overlapping devices),
    some before or after the session, some in the waiting room; as UTC instants."""
    start = session.start.astimezone(UTC)
    length = int(session.end.timestamp() - session.start.timestamp())
    who = rnd.sample(sorted(SHOWS), rnd.randint(1, len(SHOWS)))
    pool: list[tuple[str | None, tuple[str, str, str]]] = [
        (person, show) for person in who for show in SHOWS[person]
    ]
    pool += [(None, rnd.choice(NOBODY)) for _ in range(rnd.randint(1, 3))]
    rows = []
    spans: Spans = {}
    for person, show in pool:
        for _ in range(rnd.randint(1, 3)):
            join = start + timedelta(seconds=rnd.randint(-1200, length + 600))
            leave = join + timedelta(seconds=rnd.randint(60, length))
            if whole_minutes:
                join, leave = join.replace(second=0), leave.replace(second=0)
            waiting = rnd.random() < 0.1
            rows.append((None if waiting else person, show, join, leave, waiting))
            if person is not None and not waiting:
                spans.setdefault(person, []).append((join, leave))
            if rnd.random() < 0.15:  # the same row twice
                rows.append(rows[-1])
    rnd.shuffle(rows)
    return rows, spans


# --- Zoom's report API, page by page ----------------------------------------------------------


def api_time(moment: datetime, style: int) -> str:
    utc = moment.astimezone(UTC)
    return [
        utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        utc.isoformat(),
        moment.astimezone(TORONTO).isoformat(),
        utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{utc.microsecond // 1000:03d}Z",
    ][style]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), day=st.sampled_from(sorted(SESSIONS)))
def test_generated_api_pages_credit_each_persons_own_union(seed: int, day: str) -> None:
    rnd = random.Random(seed)
    session = SESSIONS[day]
    rows, spans = draw_attendance(rnd, session)
    entries = [
        {
            "name": name,
            "user_email": email,
            "registrant_id": registrant,
            "join_time": api_time(join, rnd.randint(0, 3)),
            "leave_time": api_time(leave, rnd.randint(0, 3)),
            "status": "in_waiting_room" if waiting else "in_meeting",
        }
        for _owner, (name, email, registrant), join, leave, waiting in rows
    ]
    size = rnd.randint(1, 6)
    pages = [{"participants": entries[at : at + size]} for at in range(0, len(entries), size)]
    result = reconcile(parse_zoom_api_participants(pages), PEOPLE, session)
    check(result, [row[0] for row in rows], spans, session)


# --- BigBlueButton's analytics callback -------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), day=st.sampled_from(sorted(SESSIONS)))
def test_generated_bbb_callbacks_credit_each_persons_connections(seed: int, day: str) -> None:
    """Each attendee's joins and leaves come sorted, as BigBlueButton sends them, not paired:
    several connections at once (two tabs, a phone) and one still open at the finish."""
    from echohub.attendance.services import bbb_analytics_rows

    rnd = random.Random(seed)
    session = SESSIONS[day]
    start = session.start.astimezone(UTC)
    length = int(session.end.timestamp() - session.start.timestamp())
    finish = start + timedelta(seconds=length + rnd.randint(-600, 600))
    attendees: list[dict[str, Any]] = []
    spans: Spans = {}
    for person in rnd.sample(["U1", "U2", "U3", "U4", "U7"], rnd.randint(1, 5)):
        roster = next(p for p in PEOPLE if p.person_id == person)
        joins: list[datetime] = []
        leaves: list[datetime] = []
        for _ in range(rnd.randint(1, 4)):
            join = start + timedelta(seconds=rnd.randint(-900, length - 60))
            join = min(join, finish - timedelta(seconds=60))
            leave = min(join + timedelta(seconds=rnd.randint(0, length)), finish)
            joins.append(join)
            if rnd.random() < 0.2:  # still in at the finish
                spans.setdefault(person, []).append((join, finish))
            else:
                leaves.append(leave)
                spans.setdefault(person, []).append((join, leave))
        style = rnd.choice(["iso", "unix", "ms"])

        def said(moment: datetime, style: str = style) -> str | int:
            if style == "iso":
                return moment.isoformat()
            return int(moment.timestamp() * (1000 if style == "ms" else 1))

        attendees.append(
            {
                "ext_user_id": person,
                "name": roster.full_name,
                "joins": [said(t) for t in sorted(joins)],
                "leaves": [said(t) for t in sorted(leaves)],
            }
        )
    data = {"meeting_id": "room", "data": {"finish": finish.isoformat(), "attendees": attendees}}
    _meeting, rows = bbb_analytics_rows(data)
    result = reconcile(rows, PEOPLE, session)
    expected = expected_minutes(spans, session)
    assert {p: a.minutes for p, a in result.people.items()} == {
        p: m for p, m in expected.items() if p in result.people
    }
    assert all(row.person_id is not None for row in result.rows)  # our own user ids


# --- whole Zoom CSV files, drawn at random ----------------------------------------------------

HEADERS = {
    "en": (
        "Name (Original Name)",
        "User Email",
        "Join Time",
        "Leave Time",
        "Duration (Minutes)",
        "Guest",
        "In Waiting Room",
    ),
    "en-new": (
        "Name (original name)",
        "Email",
        "Join time",
        "Leave time",
        "Duration (minutes)",
        "Guest",
        "In waiting room",
    ),
    "fr": (
        "Nom (nom d'origine)",
        "E-mail de l'utilisateur",
        "Heure d'arrivée",
        "Heure de départ",
        "Durée (minutes)",
        "Invité",
        "Dans la salle d'attente",
    ),
}
BLOCKS = {
    "en": "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
    "fr": "ID de réunion,Sujet,Heure de début,Heure de fin,E-mail de l'utilisateur,"
    "Durée (minutes),Participants",
}


def clock(moment: datetime, style: str) -> str:
    local = moment.astimezone(TORONTO)
    if style == "us12":
        return local.strftime("%m/%d/%Y %I:%M:%S %p")
    if style == "us12-minutes":
        return local.strftime("%m/%d/%Y %I:%M %p")
    if style == "iso24":
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if style == "day-first":
        return local.strftime("%d/%m/%Y %H:%M:%S")
    if style == "french":
        return local.strftime("%d/%m/%Y ") + f"{local.hour} h {local.minute:02d}"
    return local.strftime("%d.%m.%Y %H:%M")  # German Excel


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), day=st.sampled_from(sorted(SESSIONS)))
def test_generated_csv_files_credit_each_persons_own_union(seed: int, day: str) -> None:
    """A report in English or French, any of six clocks, comma, semicolon ("sep=;" or not) or
    tab, UTF-8 with or without its mark, UTF-16 or Windows-1252, with or without the meeting
    block, rows shuffled and some twice. In the hour repeated when clocks go back a row may go
    to review; none may go to someone else, and nobody gets more than their own union."""
    rnd = random.Random(seed)
    session = SESSIONS[day]
    language = rnd.choice(sorted(HEADERS))
    style = rnd.choice(["us12", "us12-minutes", "iso24", "day-first", "french", "german"])
    delimiter = rnd.choice([",", ";", "\t"])
    encoding = rnd.choice(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    to_minute = style in ("us12-minutes", "french", "german")
    rows, spans = draw_attendance(rnd, session, whole_minutes=to_minute)
    yes, no = ("Oui", "Non") if language == "fr" else ("Yes", "No")

    def line(cells: list[str]) -> str:
        return delimiter.join(
            f'"{cell}"' if delimiter in cell or rnd.random() < 0.2 else cell for cell in cells
        )

    lines = ["sep=;"] if delimiter == ";" and rnd.random() < 0.5 else []
    if rnd.random() < 0.4:
        length = int(session.end.timestamp() - session.start.timestamp()) // 60
        lines += [
            line(BLOCKS["fr" if language == "fr" else "en"].split(",")),
            line(
                [
                    "812 3456 7890",
                    "Rounds",
                    clock(session.start, style),
                    clock(session.end, style),
                    "host@example.org",
                    str(length),
                    str(len(rows)),
                ]
            ),
            "",
        ]
    lines.append(line(list(HEADERS[language])))
    for _owner, (name, email, _registrant), join, leave, waiting in rows:
        duration = int((leave - join).total_seconds() // 60)
        guest = yes if not email and _owner is None else no
        cells = [name, email, clock(join, style), clock(leave, style), str(duration), guest]
        lines.append(line([*cells, yes if waiting else no]))
    newline = rnd.choice(["\r\n", "\n"])
    text = newline.join(lines) + newline
    data = text.encode(encoding) if encoding != "cp1252" else text.encode(encoding, "replace")
    # Windows-1252 writes every accent of these names: nothing was replaced.
    assert encoding != "cp1252" or data.decode("cp1252") == text
    result = reconcile_report(data, PEOPLE, session)
    # The registrant id is no column of these files: "Ana L." alone is a partial name.
    check(result, [row[0] for row in rows], spans, session)


# --- one session from several sources ---------------------------------------------------------
# The same meeting reaches a session by its CSV, by Zoom's API and by its unique-users export:
# each person's minutes stay their union, never a sum nor the total's time outside.

A, B = "ana.lima@example.org", "binh.nguyen@example.org"


@pytest.mark.django_db
def test_the_same_meeting_from_three_sources_counts_once(
    same_day: dict[str, Any],  # noqa: F811 (the fixture imported above)
    monkeypatch: Any,
) -> None:
    from echohub.attendance import services, zoom_fetch

    session, actor = same_day["afternoon"], same_day["client"].user  # 12:30 to 14:00
    csv = (
        f"{HEADER}\r\n"
        f"Ana Lima,{A},01/08/2026 12:10:00 PM,01/08/2026 01:05:00 PM,55,No\r\n"
        f"Ana Lima (iPhone),{A},01/08/2026 12:50:00 PM,01/08/2026 01:40:00 PM,50,No\r\n"
        f"Binh Nguyen,{B},01/08/2026 01:00:00 PM,01/08/2026 02:20:00 PM,80,No\r\n"
    ).encode()
    services.import_zoom_report(actor=actor, session=session, data=csv, filename="a.csv")
    assert minutes(session) == {A: 70, B: 60}
    page = {
        "participants": [
            entry("Ana Lima", A, "2026-01-08T17:10:00Z", "2026-01-08T18:05:00Z"),
            entry("Ana Lima (iPhone)", A, "2026-01-08T17:50:00Z", "2026-01-08T18:40:00Z"),
            entry("Binh Nguyen", B, "2026-01-08T18:00:00Z", "2026-01-08T19:20:00Z"),
        ]
    }
    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [page])
    services.import_zoom_api(actor=actor, session=session)
    assert minutes(session) == {A: 70, B: 60}
    totals = (
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\r\n"
        f"Ana Lima,{A},105,No\r\nBinh Nguyen,{B},80,No\r\n"
    ).encode()
    services.import_zoom_report(actor=actor, session=session, data=totals, filename="u.csv")
    assert minutes(session) == {A: 70, B: 60}
