"""A second hunt for reports nobody here has seen: other Zoom versions and locales (French
headers and clock times, Canadian "p.m.", durations as hh:mm:ss), webinar reports in sections,
masked dial-in numbers. Every name, address and site below is invented.

A report a coordinator downloads and uploads unchanged is read; what cannot be read exactly is
refused in words; a row that could be someone but is not certain goes to review, never to a
guessed person."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report
from echohub.attendance.zoom_csv import parse_zoom_report

from .conftest import HEADER

TORONTO = ZoneInfo("America/Toronto")
PEOPLE = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org"),
    RosterPerson("U2", "Binh", "Nguyen", "binh.nguyen@example.org"),
    RosterPerson("U3", "Claire", "Tremblay", "claire.t@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
    RosterPerson("U5", "Alice", "Nguyen", "alice.nguyen@example.org"),
]
SESSION = Session(
    datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
    datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
)


def report(*rows: str, header: str = HEADER, newline: str = "\r\n") -> str:
    return header + newline + "".join(row + newline for row in rows)


def minutes(data: str | bytes) -> dict[str, int]:
    return {pid: p.minutes for pid, p in reconcile_report(data, PEOPLE, SESSION).people.items()}


# --- durations written as hh:mm:ss ----------------------------------------------------------


@pytest.mark.parametrize("duration", ["01:00:00", "1:00:00", "0:59:59"])
def test_duration_as_hours_minutes_seconds_is_read(duration: str) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,{duration},No"
    )
    assert minutes(data) == {"U1": 60}


def test_unique_users_total_as_hours_minutes_seconds() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01:15:30,No",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    assert minutes(data) == {"U1": 75}


@pytest.mark.parametrize("duration", ["1:75:00", "01:00:00:00", "1::00", "abc"])
def test_a_duration_that_is_no_clock_is_refused_in_words(duration: str) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,{duration},No"
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "bad_duration"


# --- clock times as Canadian and French Windows write them ----------------------------------


@pytest.mark.parametrize(
    ("join", "leave"),
    [
        ("2026-01-08 12:31:00 p.m.", "2026-01-08 1:31:00 p.m."),  # en-CA Excel
        ("2026-01-08 12:31 p.m.", "2026-01-08 1:31 p.m."),
        ("08/01/2026 12 h 31", "08/01/2026 13 h 31"),  # fr-CA
        ("2026-01-08 12 h 31", "2026-01-08 13 h 31"),
        ("2026-01-08 12h31", "2026-01-08 13h31"),
        ("08/01/2026 12h31min00", "08/01/2026 13h31min00"),
    ],
)
def test_local_clock_styles_are_read(join: str, leave: str) -> None:
    data = report(f"Ana Lima,ana.lima@example.org,{join},{leave},60,Non")
    assert minutes(data) == {"U1": 60}


@pytest.mark.parametrize(
    "value", ["2026-01-08 25 h 10", "2026-01-08 12 h 7", "2026-01-08 13:31 p.m."]
)
def test_impossible_clock_times_are_refused(value: str) -> None:
    data = report(f"Ana Lima,ana.lima@example.org,2026-01-08 12:31,{value},60,No")
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "bad_time"


CLOCKS = {
    "fr-ca": lambda t: f"{t:%Y-%m-%d} {t.hour} h {t:%M}",
    "fr": lambda t: f"{t:%d/%m/%Y %H}h{t:%M}",
    "en-ca": lambda t: (
        f"{t:%Y-%m-%d} {t.hour % 12 or 12}:{t:%M:%S} {'a.m.' if t.hour < 12 else 'p.m.'}"
    ),
}


@settings(max_examples=80, deadline=None)
@given(
    clock=st.sampled_from(sorted(CLOCKS)),
    segments=st.lists(
        st.tuples(st.integers(-60, 150), st.integers(0, 120)), min_size=1, max_size=6
    ),
    clock_duration=st.booleans(),
)
def test_local_clocks_count_the_clipped_union(
    clock: str, segments: list[tuple[int, int]], clock_duration: bool
) -> None:
    """Minutes never exceed the session nor the union of the person's rows, in any clock."""
    assume(any(offset + length > 0 and offset < 90 for offset, length in segments))
    show = CLOCKS[clock]
    rows = []
    covered: set[int] = set()
    for offset, length in segments:
        join = SESSION.start + timedelta(minutes=offset)
        leave = join + timedelta(minutes=length)
        duration = f"{length // 60}:{length % 60:02d}:00" if clock_duration else str(length)
        rows.append(f"Ana Lima,ana.lima@example.org,{show(join)},{show(leave)},{duration},Non")
        covered |= {m for m in range(offset, offset + length) if 0 <= m < 90}
    result = reconcile_report(report(*rows), PEOPLE, SESSION)
    assert [row.person_id for row in result.rows] == ["U1"] * len(rows)
    got = result.people["U1"].minutes
    assert got == len(covered) <= SESSION.length_minutes


# --- a French Zoom export -------------------------------------------------------------------

FRENCH_HEADERS = [
    "Nom (nom d'origine);E-mail de l'utilisateur;Heure d'arrivée;Heure de départ;"
    "Durée (minutes);Invité;Dans la salle d'attente",
    "Nom (nom original),Adresse courriel,Heure de connexion,Heure de déconnexion,"
    "Durée (min),Invité(e),En salle d'attente",
    "NOM (NOM D’ORIGINE),COURRIEL DE L’UTILISATEUR,HEURE D’ARRIVÉE,HEURE DE DÉPART,"
    "DURÉE (MINUTES),INVITÉ,DANS LA SALLE D’ATTENTE",
]


@pytest.mark.parametrize("header", FRENCH_HEADERS, ids=["fr-semicolon", "fr-ca", "capitals"])
def test_french_headers_are_read(header: str) -> None:
    sep = ";" if ";" in header else ","
    rows = [
        sep.join(["Ana Lima", "ana.lima@example.org", "08/01/2026 12 h 31", "08/01/2026 13 h 31"])
        + f"{sep}60{sep}Non{sep}Non",
        sep.join(["Noah Okafor", "", "08/01/2026 12 h 20", "08/01/2026 12 h 40"])
        + f"{sep}20{sep}Oui{sep}Oui",
    ]
    data = report(*rows, header=header).encode("utf-8-sig")
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert [row.status for row in result.rows] == ["matched", "ignored"]


def test_french_meeting_block_of_another_meeting_is_refused() -> None:
    preamble = (
        "ID de réunion;Sujet;Heure de début;Heure de fin;E-mail de l'utilisateur;"
        "Durée (minutes);Participants\r\n"
        "999 1111 2222;Clinique inventée;08/01/2026 12 h 30;08/01/2026 14 h 00;h@example.org;90;1"
        "\r\n\r\n"
    )
    header = FRENCH_HEADERS[0]
    data = preamble + report(
        "Ana Lima;ana.lima@example.org;08/01/2026 12 h 31;08/01/2026 13 h 31;60;Non;Non",
        header=header,
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data.encode("utf-8"), PEOPLE, SESSION)
    assert caught.value.code == "wrong_meeting"


# --- dial-in numbers Zoom masks -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["(613) ***-**42", "613****0142", "+1 613 XXX XX42", "1613xxx0142"]
)
def test_masked_dial_in_numbers_are_phone_lines(name: str) -> None:
    data = report(f"{name},,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No")
    row = reconcile_report(data, PEOPLE, SESSION).rows[0]
    assert (row.person_id, row.status) == (None, "unmatched")
    assert row.reason.startswith("phone number")


# --- a webinar's attendee report: sections, 'Attended: No' ----------------------------------

WEBINAR = (
    "Attendee Report,\n"
    "Report Generated:,01/08/2026 03:05 PM,\n"
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,"
    "Unique Viewers,Total Users,Max Concurrent Views,\n"
    "Invented ECHO,{meeting},01/08/2026 12:28 PM,92,40,0,3,4,3,\n"
    "Host Details,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name,\n"
    "Yes,Hub Host,host@example.org,01/08/2026 12:20 PM,01/08/2026 02:05 PM,105,No,Canada,\n"
    "Panelist Details,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name,\n"
    "Yes,Claire Tremblay,claire.t@example.org,01/08/2026 12:25 PM,01/08/2026 01:55 PM,90,No,"
    "Canada,\n"
    "Attendee Details,\n"
    "Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,"
    "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,"
    "Country/Region Name,\n"
    "Yes,Ana Lima,Ana,Lima,ana.lima@example.org,01/02/2026 09:00 AM,approved,"
    "01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No,Canada,\n"
    "No,,Binh,Nguyen,binh.nguyen@example.org,01/02/2026 09:10 AM,approved,--,--,--,Yes,,\n"
    "Yes,Ana's iPhone (Ana Lima),Ana,Lima,ANA.LIMA@example.org,01/02/2026 09:00 AM,approved,"
    "01/08/2026 01:00 PM,01/08/2026 01:45 PM,45,No,Canada,\n"
    "\n"
    "Other Attended,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name,\n"
    "Yes,Noah Okafor,,01/08/2026 12:40 PM,01/08/2026 01:10 PM,30,Yes,Canada,\n"
)


def test_webinar_attendee_report_reads_every_section() -> None:
    data = WEBINAR.format(meeting="812 3456 7890").encode("utf-8-sig")
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {
        "U3": 85,  # 12:25 to 13:55, counted from the start
        "U1": 74,  # 12:31 to 13:45, phone and laptop counted once
        "U4": 30,
    }
    assert [(row.person_id, row.status) for row in result.rows] == [
        (None, "unmatched"),  # the host, not on the roster
        ("U3", "matched"),
        ("U1", "matched"),
        (None, "ignored"),  # registered, did not attend
        ("U1", "matched"),
        ("U4", "matched"),
    ]
    assert result.rows[3].candidates == ("U2",)
    assert not any("unknown columns" in warning for warning in result.warnings)
    parsed = parse_zoom_report(data, time_zone="America/Toronto")
    assert parsed.meeting_id == "812 3456 7890"
    assert parsed.meeting_start == datetime(2026, 1, 8, 12, 28, tzinfo=TORONTO)


def test_webinar_report_of_another_webinar_is_refused() -> None:
    data = WEBINAR.format(meeting="999 1111 2222").encode("utf-8")
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "wrong_meeting"


def test_attended_yes_without_times_is_refused_not_dropped() -> None:
    data = WEBINAR.format(meeting="812 3456 7890").replace(
        "Yes,Noah Okafor,,01/08/2026 12:40 PM,01/08/2026 01:10 PM,30",
        "Yes,Noah Okafor,,--,--,--",
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "bad_time"


def test_a_title_line_without_any_header_is_still_refused_by_its_first_row() -> None:
    with pytest.raises(AttendanceError) as caught:
        reconcile_report("Attendee Report,\nsomething else\n", PEOPLE, SESSION)
    assert caught.value.code == "missing_header"
    assert "Attendee Report" in str(caught.value)


def test_sections_of_different_layouts_are_refused() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No",
        "Other Attended",
        "Name (Original Name),User Email,Total Duration (Minutes),Guest",
        "Noah Okafor,,30,No",
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "missing_column"
    assert caught.value.line == 4


# --- an account's e-mail with somebody else's name -------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Invented FHT Team",  # a site's device signed in with one clinician's account
        "Mark Olsen",  # a colleague on her account
        "Front Desk",
        "Mark Olsen (Ana Lima)",  # her login, renamed to a colleague's name
        "A. Nguyen",  # an initial that fits, another surname
        "Binh's iPhone",  # a device named for someone else
    ],
)
def test_an_email_under_a_name_that_is_not_its_owner_goes_to_review(name: str) -> None:
    data = report(f"{name},ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No")
    result = reconcile_report(data, PEOPLE, SESSION)
    row = result.rows[0]
    assert (row.person_id, row.status, row.candidates) == (None, "review", ("U1",))
    assert result.people == {}


@pytest.mark.parametrize(
    "name",
    [
        "A. Lima",
        "Ana",
        "LIMA",
        "Ana Souza-Lima",
        "Dr. Ana L. (she/her) - Invented FHT",
        "Ana's iPad",
        "iPad",
        "Lima, A.",
        "A L",
        "",
    ],
)
def test_an_email_under_its_owners_name_or_no_name_is_matched(name: str) -> None:
    data = report(f'"{name}",ANA.LIMA@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No')
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.rows[0].person_id == "U1"


# --- names a coordinator reads at a glance --------------------------------------------------


def one_row(name: str, email: str = "") -> tuple[str | None, str, tuple[str, ...]]:
    data = report(f'"{name}",{email},01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No')
    row = reconcile_report(data, PEOPLE, SESSION).rows[0]
    return row.person_id, row.status, row.candidates


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Ana L.", ("U1",)),
        ("Claire T", ("U3",)),
        ("Binh N (he/him)", ("U2",)),
        ("Noah O. - Invented FHT", ("U4",)),
        ("Dr. A. Nguyen (she/her) - Invented FHT", ("U5",)),
        ("Nguyen A", ("U5",)),
        ("NGUYEN B", ("U2",)),
    ],
)
def test_a_last_initial_sends_the_row_to_review_with_its_candidates(
    name: str, candidates: tuple[str, ...]
) -> None:
    assert one_row(name) == (None, "review", candidates)


def test_a_last_initial_that_fits_nobody_stays_a_guest() -> None:
    assert one_row("Ana K.")[:2] == (None, "unmatched")


@pytest.mark.parametrize(
    "name", ["ana.lima@example.org", " ANA.LIMA@Example.org ", "<ana.lima@example.org>"]
)
def test_an_email_typed_as_the_name_is_the_email(name: str) -> None:
    assert one_row(name) == ("U1", "matched", ("U1",))


def test_an_email_typed_as_the_name_that_is_not_on_the_roster_is_a_guest() -> None:
    assert one_row("someone.else@example.net")[:2] == (None, "unmatched")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Invented FHT - Ana Lima", ("U1", "matched", ("U1",))),
        ("Invented FHT | Dr. Claire Tremblay, RN", ("U3", "matched", ("U3",))),
        ("Ana Lima - Claire Tremblay", (None, "review", ("U1", "U3"))),
    ],
)
def test_a_site_written_before_the_name(
    name: str, expected: tuple[str | None, str, tuple[str, ...]]
) -> None:
    assert one_row(name) == expected


# --- units and dates Excel writes -------------------------------------------------------------


@pytest.mark.parametrize("duration", ["60 min", "60 mins", "60 minutes", "60min"])
def test_a_duration_with_its_unit_is_read(duration: str) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,{duration},No"
    )
    assert minutes(data) == {"U1": 60}


def test_dates_with_dashes_day_first() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,08-01-2026 12:31,08-01-2026 13:31,60,No",
        "Noah Okafor,,08-01-2026 12:40,08-01-2026 13:00,20,No",
    )
    assert minutes(data) == {"U1": 60, "U4": 20}


def test_dates_with_dashes_and_a_day_over_twelve_are_day_first() -> None:
    session = Session(
        datetime(2026, 1, 15, 12, 30, tzinfo=TORONTO),
        datetime(2026, 1, 15, 14, 0, tzinfo=TORONTO),
        "America/Toronto",
    )
    data = report("Ana Lima,ana.lima@example.org,15-01-2026 12:31,15-01-2026 13:31,60,No")
    assert reconcile_report(data, PEOPLE, session).people["U1"].minutes == 60


# --- time zones written after the time --------------------------------------------------------


@pytest.mark.parametrize(
    ("join", "leave"),
    [
        ("01/08/2026 12:31 PM EST", "01/08/2026 01:31 PM EST"),
        ("01/08/2026 05:31 PM UTC", "01/08/2026 06:31 PM UTC"),
        ("01/08/2026 12:31 PM GMT-5", "01/08/2026 01:31 PM GMT-5"),
        ("01/08/2026 12:31 PM GMT-05:00", "01/08/2026 01:31 PM GMT-05:00"),
        ("2026-01-08 17:31:00 +00:00", "2026-01-08 18:31:00 +00:00"),
    ],
)
def test_a_time_zone_after_the_time_is_used(join: str, leave: str) -> None:
    data = report(f"Ana Lima,ana.lima@example.org,{join},{leave},60,No")
    assert minutes(data) == {"U1": 60}


def test_a_zone_name_that_is_not_the_accounts_is_refused() -> None:
    # PST is not a name America/Toronto uses: guessing its offset could shift every row.
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 09:31 AM PST,01/08/2026 10:31 AM PST,60,No"
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "bad_time"


# --- generated webinar and French reports: invariants ----------------------------------------

GEN_PEOPLE = [
    ("U1", "Ana Lima", "ana.lima@example.org"),
    ("U2", "Binh Nguyen", "binh.nguyen@example.org"),
    ("U3", "Dr. Claire Tremblay (she/her) - Invented FHT", ""),
    ("U4", "Okafor, Noah", ""),
    ("U1", "ANA LIMA", "Ana.Lima@Example.org"),
]
GEN_OTHERS = [
    ("+1 613 555 0142", ""),
    ("(705) ***-**17", ""),
    ("Invented FHT Boardroom", ""),
    ("Invented Guest", "guest.person@example.net"),
    ("Mark Olsen", "ana.lima@example.org"),  # a colleague on Ana's account: never Ana's
    ("A. Nguyen", ""),  # Alice or Binh: review
]
STYLES = {
    "webinar": "%m/%d/%Y %I:%M:%S %p",
    "fr": "%d/%m/%Y %H h %M",
    "en-ca": "%Y-%m-%d %I:%M:%S %p",
}


@st.composite
def generated_reports(draw: st.DrawFn) -> dict[str, object]:
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 3)):
            pid, name, email = draw(st.sampled_from(GEN_PEOPLE))
        else:
            pid = None
            name, email = draw(st.sampled_from(GEN_OTHERS))
        start = draw(st.integers(-30, 100))
        length = draw(st.integers(1, 100))
        absent = draw(st.integers(0, 7)) == 0
        rows.append((pid, name, email, start, start + length, absent))
    # At least one row inside the session, or the report is rightly refused as another one's.
    rows.append(("U2", "Binh Nguyen", "", 10, 20, False))
    return {
        "style": draw(st.sampled_from(sorted(STYLES))),
        "rows": rows,
        "cuts": sorted(draw(st.lists(st.integers(0, len(rows)), max_size=3))),
        "clock_duration": draw(st.booleans()),
    }


def render(case: dict[str, object], rows: list[tuple] | None = None) -> bytes:
    import csv
    import io
    import itertools

    style = str(case["style"])
    all_rows: list = list(rows if rows is not None else case["rows"])  # type: ignore[call-overload]

    def when(minute: int) -> str:
        moment = SESSION.start + timedelta(minutes=minute)
        text = moment.strftime(STYLES[style])
        return text.replace("AM", "a.m.").replace("PM", "p.m.") if style == "en-ca" else text

    def duration(length: int) -> str:
        return f"{length // 60}:{length % 60:02d}:00" if case["clock_duration"] else str(length)

    out = io.StringIO()
    sep = ";" if style == "fr" else ","
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    if style == "webinar":
        writer.writerow(["Attendee Report"])
        writer.writerow(["Topic", "Webinar ID", "Actual Start Time", ""])
        writer.writerow(["Invented ECHO", "812 3456 7890", when(-2), ""])
        header = ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time"]
        header += ["Time in Session (minutes)", "Is Guest", ""]
        cuts = [0, *case["cuts"], len(all_rows)]  # type: ignore[list-item]
        titles = iter(["Host Details", "Panelist Details", "Attendee Details", "Other Attended"])
        for first, last in itertools.pairwise(cuts):
            writer.writerow([next(titles, "Other Attended")])
            writer.writerow(header)
            for _pid, name, email, start, end, absent in all_rows[first:last]:
                if absent:
                    writer.writerow(["No", name, email, "--", "--", "--", "No", ""])
                else:
                    times = [when(start), when(end), duration(end - start)]
                    writer.writerow(["Yes", name, email, *times, "No", ""])
    else:
        writer.writerow(
            [
                *("Nom (nom d'origine)", "E-mail de l'utilisateur", "Heure d'arrivée"),
                *("Heure de départ", "Durée (minutes)", "Invité", "Dans la salle d'attente"),
            ]
        )
        for _pid, name, email, start, end, absent in all_rows:
            # No 'Attended' column here: an absent row is a waiting-room row instead.
            flag = "Oui" if absent else "Non"
            writer.writerow(
                [name, email, when(start), when(end), duration(end - start), "Non", flag]
            )
    return out.getvalue().encode("utf-8-sig")


def covered(rows: list[tuple], pid: str) -> int:
    minutes_in = set()
    for row_pid, _name, _email, start, end, absent in rows:
        if row_pid == pid and not absent:
            minutes_in |= {m for m in range(start, end) if 0 <= m < 90}
    return len(minutes_in)


@settings(max_examples=60, deadline=None)
@given(case=generated_reports())
def test_generated_reports_account_for_every_row_and_never_credit_a_guess(
    case: dict[str, object],
) -> None:
    rows: list = list(case["rows"])  # type: ignore[call-overload]
    result = reconcile_report(render(case), PEOPLE, SESSION)
    assert len(result.rows) == len(rows)
    for (pid, _name, _email, *_times, absent), got in zip(rows, result.rows, strict=True):
        assert got.status in {"matched", "review", "unmatched", "ignored"}
        assert got.person_id in (pid, None)  # never somebody else
        if absent:
            assert (got.person_id, got.status) == (None, "ignored")
    for pid, person in result.people.items():
        assert person.minutes <= covered(rows, pid) <= SESSION.length_minutes


@settings(max_examples=40, deadline=None)
@given(case=generated_reports(), seed=st.randoms(use_true_random=False))
def test_generated_reports_row_order_and_reimport_change_nothing(
    case: dict[str, object], seed: object
) -> None:
    rows: list = list(case["rows"])  # type: ignore[call-overload]
    shuffled = rows[:]
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    first = reconcile_report(render(case), PEOPLE, SESSION)
    again = reconcile_report(render(case), PEOPLE, SESSION)
    moved = reconcile_report(render(case, shuffled), PEOPLE, SESSION)
    assert first == again
    assert len({row.fingerprint for row in first.rows}) == len(rows)

    def outcome(result: object) -> tuple:
        people = {pid: p.minutes for pid, p in result.people.items()}  # type: ignore[attr-defined]
        decided = sorted((r.fingerprint, r.person_id, r.status) for r in result.rows)  # type: ignore[attr-defined]
        return people, decided

    assert outcome(first) == outcome(moved)


# --- renamed: a display name over another person's original name -----------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ana Lima (Mark Olsen)", (None, "review", ("U1",))),  # Mark's login renamed Ana
        ("Mark Olsen (Ana Lima)", (None, "review", ("U1",))),
        ("Ana Lima (Guest 5)", ("U1", "matched", ("U1",))),  # a guest who wrote her name
        ("Ana Lima (Zoom user)", ("U1", "matched", ("U1",))),
        ("Dr. Ana Lima - Invented FHT (A. Lima)", ("U1", "matched", ("U1",))),
        ("Ana Lima (Lima, Ana)", ("U1", "matched", ("U1",))),
        ("Ana Lima (Ana's iPad)", ("U1", "matched", ("U1",))),
        ("Ana Lima (Invented FHT)", ("U1", "matched", ("U1",))),  # a site's shared account
        ("Ana Lima (Invented Family Health Team)", ("U1", "matched", ("U1",))),
        ("Ana Lima (Centre de santé Inventé)", ("U1", "matched", ("U1",))),
    ],
)
def test_a_rename_over_somebody_elses_original_name_goes_to_review(
    name: str, expected: tuple[str | None, str, tuple[str, ...]]
) -> None:
    assert one_row(name) == expected


def test_a_registrant_without_a_user_name_is_read_from_first_and_last_name() -> None:
    header = "Attended,User Name (Original Name),First Name,Last Name,Email,Join Time,Leave Time"
    data = report(
        "Yes,,Noah,Okafor,,01/08/2026 12:31 PM,01/08/2026 01:31 PM",
        "Yes,,Prénom,,,01/08/2026 12:31 PM,01/08/2026 01:31 PM",
        header=header,
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(row.person_id, row.status) for row in result.rows] == [
        ("U4", "matched"),
        (None, "unmatched"),
    ]
    assert not any("unknown columns" in warning for warning in result.warnings)


# --- two exports pasted into one file (the host restarted the meeting) -----------------------

EXPORT = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    "{meeting},Invented ECHO,{start},01/08/2026 02:00 PM,host@example.org,90,1\r\n"
    "\r\n" + HEADER + "\r\n{row}\r\n"
)


def test_two_exports_of_one_meeting_in_one_file_are_read_together() -> None:
    data = EXPORT.format(
        meeting="812 3456 7890",
        start="01/08/2026 12:30 PM",
        row="Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:01 PM,30,No",
    ) + EXPORT.format(
        meeting="812 3456 7890",
        start="01/08/2026 01:05 PM",
        row="Ana Lima,ana.lima@example.org,01/08/2026 01:06 PM,01/08/2026 01:36 PM,30,No",
    )
    result = reconcile_report(data.encode("utf-8-sig"), PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert [row.row for row in result.rows] == [1, 2]


def test_two_exports_of_different_meetings_in_one_file_are_refused() -> None:
    data = EXPORT.format(
        meeting="812 3456 7890",
        start="01/08/2026 12:30 PM",
        row="Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:01 PM,30,No",
    ) + EXPORT.format(
        meeting="999 1111 2222",
        start="01/08/2026 01:05 PM",
        row="Noah Okafor,,01/08/2026 01:06 PM,01/08/2026 01:36 PM,30,No",
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data.encode("utf-8"), PEOPLE, SESSION)
    assert caught.value.code == "wrong_meeting"


def test_a_french_webinar_report_is_read() -> None:
    data = (
        "Rapport des participants;\n"
        "Rapport généré :;08/01/2026 15 h 05;\n"
        "Sujet;ID du webinaire;Heure de début réelle;Durée réelle (minutes);\n"
        "ECHO inventé;812 3456 7890;08/01/2026 12 h 28;92;\n"
        "Détails des participants;\n"
        "A participé;Nom d'utilisateur (nom d'origine);Prénom;Nom de famille;E-mail;"
        "Heure d'arrivée;Heure de départ;Temps dans la session (minutes);Est un invité;"
        "Pays/Région;\n"
        "Oui;Ana Lima;Ana;Lima;ana.lima@example.org;08/01/2026 12 h 31;08/01/2026 13 h 31;60;"
        "Non;Canada;\n"
        "Non;;Binh;Nguyen;binh.nguyen@example.org;--;--;--;Non;;\n"
    )
    result = reconcile_report(data.encode("utf-8-sig"), PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert [row.status for row in result.rows] == ["matched", "ignored"]
    assert not any("unknown columns" in warning for warning in result.warnings)
    parsed = parse_zoom_report(data, time_zone="America/Toronto", near=SESSION.start)
    assert parsed.meeting_id == "812 3456 7890"
    assert parsed.meeting_start == datetime(2026, 1, 8, 12, 28, tzinfo=TORONTO)


# --- decorated names: never another person ---------------------------------------------------

DECORATIONS = st.sampled_from(
    [
        "{n}",
        "Dr. {n}",
        "{n}, MD",
        "{n} RN",
        "{n} (she/her)",
        "{n} [he/him]",
        "{n} - Invented FHT",
        "Invented FHT - {n}",
        "Invented FHT | {n}",
        "{n} (Invented FHT)",
        "{last}, {first}",
        "{LAST}, {first} - Invented CHC",
        "{first} {l}.",
        "{f}. {last}",
        "{first}'s iPhone",
        "{n} ({n})",
        "{n} (+1 613 555 0199)",
        "{n} 📞",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    who=st.sampled_from(PEOPLE),
    decoration=DECORATIONS,
    email=st.sampled_from(["own", "none", "other", "stranger"]),
)
def test_a_decorated_name_is_never_given_to_someone_else(
    who: RosterPerson, decoration: str, email: str
) -> None:
    name = decoration.format(
        n=who.full_name,
        first=who.first_name,
        last=who.last_name,
        LAST=who.last_name.upper(),
        f=who.first_name[0],
        l=who.last_name[0],
    )
    address = {
        "own": who.email,
        "none": "",
        "other": next(p.email for p in PEOPLE if p.email and p.person_id != who.person_id),
        "stranger": "someone@example.net",
    }[email]
    person_id, status, _candidates = one_row(name.replace('"', ""), address)
    assert status in {"matched", "review", "unmatched"}
    if email == "other":
        owner = next(p for p in PEOPLE if p.email == address)
        assert person_id in (None, owner.person_id)
        if person_id == owner.person_id:
            # Only when the name could be the e-mail's owner too (a shared first or last name).
            assert {owner.first_name, owner.last_name} & {who.first_name, who.last_name}
    else:
        assert person_id in (None, who.person_id)
