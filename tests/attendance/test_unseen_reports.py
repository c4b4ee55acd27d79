"""Reports nobody here has seen: layouts, encodings, clocks and people an external tester may
bring. Every name and address below is invented.

Invariants checked with Hypothesis: minutes never exceed the session nor the union of the
person's rows; the order of rows changes nothing; importing the same report twice changes
nothing; every row comes back matched, for review, unmatched or ignored, or the whole file is
refused with a readable message (never a crash)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import (
    RosterPerson,
    Segment,
    Session,
    attended_minutes,
    reconcile_report,
)
from echohub.attendance.zoom_csv import parse_zoom_report

from .conftest import HEADER

TORONTO = ZoneInfo("America/Toronto")
PEOPLE = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org"),
    RosterPerson("U2", "Zoë", "D'Arcy-Smith", "zoe.darcy@example.org"),
    RosterPerson("U3", "María José", "García López", "mj.garcia@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
]


def report(*rows: str, header: str = HEADER) -> str:
    return header + "\r\n" + "".join(row + "\r\n" for row in rows)


# --- daylight-saving changes ---------------------------------------------------------------
# Zoom writes local times without an offset. In America/Toronto clocks go forward on
# 8 March 2026 at 02:00 (to 03:00) and back on 1 November 2026 at 02:00 (to 01:00).


def test_spring_forward_counts_real_minutes_not_wall_clock() -> None:
    session = Session(
        datetime(2026, 3, 8, 1, 0, tzinfo=TORONTO),
        datetime(2026, 3, 8, 4, 0, tzinfo=TORONTO),
        "America/Toronto",
    )
    assert session.length_minutes == 120  # 01:00 EST to 04:00 EDT
    data = report("Ana Lima,ana.lima@example.org,03/08/2026 01:30 AM,03/08/2026 03:30 AM,60,No")
    result = reconcile_report(data, PEOPLE, session)
    assert result.people["U1"].minutes == 60


def test_fall_back_leave_in_the_repeated_hour_is_not_before_the_join() -> None:
    session = Session(
        datetime(2026, 11, 1, 0, 30, tzinfo=TORONTO),
        datetime(2026, 11, 1, 2, 30, tzinfo=TORONTO),
        "America/Toronto",
    )
    assert session.length_minutes == 180
    # 01:50 EDT to 01:10 EST: twenty minutes.
    data = report("Ana Lima,ana.lima@example.org,11/01/2026 01:50 AM,11/01/2026 01:10 AM,20,No")
    assert reconcile_report(data, PEOPLE, session).people["U1"].minutes == 20


def test_fall_back_span_across_the_change_is_not_refused() -> None:
    session = Session(
        datetime(2026, 11, 1, 0, 30, tzinfo=TORONTO),
        datetime(2026, 11, 1, 2, 30, tzinfo=TORONTO),
        "America/Toronto",
    )
    # 00:40 EDT to 02:10 EST is 150 minutes (90 on the wall clock).
    data = report("Ana Lima,ana.lima@example.org,11/01/2026 12:40 AM,11/01/2026 02:10 AM,150,No")
    assert reconcile_report(data, PEOPLE, session).people["U1"].minutes == 150


def test_fall_back_ambiguous_join_read_from_the_duration_column() -> None:
    zone = "America/Toronto"
    # Joined at 01:30 and left at 02:10 (EST): 100 minutes if 01:30 was EDT, 40 if EST.
    for minutes in (100, 40):
        data = report(
            f"Ana Lima,ana.lima@example.org,11/01/2026 01:30 AM,11/01/2026 02:10 AM,{minutes},No"
        )
        row = parse_zoom_report(data, time_zone=zone).rows[0]
        assert row.join is not None and row.leave is not None
        assert (row.leave - row.join.astimezone(UTC)) == timedelta(minutes=minutes)


def test_fall_back_ambiguous_without_duration_takes_the_shorter_reading() -> None:
    header = "Name (Original Name),User Email,Join Time,Leave Time"
    data = report("Ana Lima,,11/01/2026 01:30 AM,11/01/2026 02:10 AM", header=header)
    row = parse_zoom_report(data, time_zone="America/Toronto").rows[0]
    assert row.join is not None and row.leave is not None
    assert row.leave - row.join.astimezone(UTC) == timedelta(minutes=40)


def test_union_is_measured_in_real_time_across_the_change() -> None:
    start = datetime(2026, 3, 8, 1, 0, tzinfo=TORONTO)
    end = datetime(2026, 3, 8, 4, 0, tzinfo=TORONTO)
    segments = [Segment(datetime(2026, 3, 8, 1, 30, tzinfo=TORONTO), end)]
    assert attended_minutes(segments, start, end) == 90


def test_session_given_in_utc_and_rows_in_the_account_zone_agree() -> None:
    session = Session(
        datetime(2026, 3, 8, 6, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 8, 0, tzinfo=UTC),
        "America/Toronto",
    )
    data = report("Ana Lima,ana.lima@example.org,03/08/2026 01:00 AM,03/08/2026 04:00 AM,120,No")
    assert reconcile_report(data, PEOPLE, session).people["U1"].minutes == 120


def test_a_row_leaving_before_it_joins_is_still_refused() -> None:
    data = report("Ana Lima,,01/08/2026 01:50 PM,01/08/2026 01:10 PM,0,No")
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone="America/Toronto")
    assert caught.value.code == "negative_duration"


# --- separators: a report re-saved in Excel ------------------------------------------------

SESSION = Session(
    datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
    datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
)
PREAMBLE = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    '"812 3456 7890",Invented Clinic,01/08/2026 12:30 PM,01/08/2026 02:00 PM,'
    "host@example.org,90,2\r\n\r\n"
)
ROWS = (
    '"Lima, Ana",ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No',
    "Noah Okafor,,01/08/2026 12:40 PM,01/08/2026 01:40 PM,60,Yes",
)


def _resaved(delimiter: str) -> str:
    """The report as Excel writes it with another separator (commas inside names stay)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for record in csv.reader(io.StringIO(PREAMBLE + report(*ROWS))):
        writer.writerow(record)
    return out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), ("\t", "utf-16")],
    ids=["comma", "semicolon-bom", "semicolon-1252", "tab-utf16"],
)
def test_excel_separators_read_like_commas(delimiter: str, encoding: str) -> None:
    data = _resaved(delimiter).encode(encoding)
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60, "U4": 60}
    assert [row.person_id for row in result.rows] == ["U1", "U4"]


def test_a_semicolon_in_a_comma_report_is_part_of_a_name() -> None:
    data = report(
        "Ana Lima; clinic,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No"
    )
    assert reconcile_report(data, PEOPLE, SESSION).people["U1"].minutes == 60


# --- dates written day first ----------------------------------------------------------------


def test_day_first_dates_are_read_when_a_day_is_over_twelve() -> None:
    session = Session(
        datetime(2026, 1, 15, 12, 30, tzinfo=TORONTO),
        datetime(2026, 1, 15, 14, 0, tzinfo=TORONTO),
        "America/Toronto",
    )
    preamble = (
        "Meeting ID;Topic;Start Time;End Time;User Email;Duration (Minutes);Participants\r\n"
        "812 3456 7890;Invented Clinic;15/01/2026 12:30;15/01/2026 14:00;h@example.org;90;1\r\n"
        "\r\n"
    )
    data = preamble + report(
        "Ana Lima;ana.lima@example.org;15/01/2026 12:31:00;15/01/2026 13:31:00;60;Non",
        header=HEADER.replace(",", ";"),
    )
    result = reconcile_report(data.encode("utf-8-sig"), PEOPLE, session)
    assert result.people["U1"].minutes == 60
    parsed = parse_zoom_report(data, time_zone="America/Toronto")
    assert parsed.meeting_start == datetime(2026, 1, 15, 12, 30, tzinfo=TORONTO)


def test_ambiguous_day_first_preamble_follows_the_rows() -> None:
    # 08/01 in the meeting block would be 1 August month first: the rows say day first.
    preamble = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
        "812 3456 7890,Invented Clinic,08/01/2026 12:30,08/01/2026 14:00,h@example.org,90,2\r\n"
        "\r\n"
    )
    data = preamble + report(
        "Ana Lima,,08/01/2026 12:31,08/01/2026 13:31,60,No",
        "Noah Okafor,,13/01/2026 09:00,13/01/2026 09:30,30,No",
    )
    parsed = parse_zoom_report(data, time_zone="America/Toronto")
    assert parsed.meeting_start == datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO)
    assert parsed.rows[0].join == datetime(2026, 1, 8, 12, 31, tzinfo=TORONTO)


def test_dotted_dates_are_day_first() -> None:
    data = report("Ana Lima,ana.lima@example.org,08.01.2026 12:31:00,08.01.2026 13:31:00,60,No")
    assert reconcile_report(data, PEOPLE, SESSION).people["U1"].minutes == 60


def test_month_first_stays_month_first() -> None:
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 12:31 p.m.,01/08/2026 1:31 p.m.,60,No")
    assert reconcile_report(data, PEOPLE, SESSION).people["U1"].minutes == 60


def test_mixed_day_and_month_first_is_refused() -> None:
    data = report(
        "Ana Lima,,13/01/2026 12:31,13/01/2026 13:31,60,No",
        "Noah Okafor,,01/13/2026 12:31,01/13/2026 13:31,60,No",
    )
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone="America/Toronto")
    assert caught.value.code == "bad_time"


# --- generated reports: invariants ---------------------------------------------------------

# Invented people; Noah has no e-mail on the roster (matched by name only).
GENERATED_PEOPLE = [
    ("U1", "Ana Lima", "ana.lima@example.org"),
    ("U2", "Zoë D'Arcy-Smith", "zoe.darcy@example.org"),
    ("U3", "María José García López", "mj.garcia@example.org"),
    ("U4", "Noah Okafor", ""),
]
OTHERS = [
    ("+1 613 555 0142", ""),
    ("Call-in User_3", ""),
    ("Invented Guest", "guest.person@example.net"),
    ("Boardroom 3 (Invented Clinic)", ""),
    ("Ana's iPhone", ""),
    ("", ""),
]
TIME_STYLES = {
    "us12s": ("%m/%d/%Y %I:%M:%S %p", True),
    "us12": ("%m/%d/%Y %I:%M %p", False),
    "us24": ("%m/%d/%Y %H:%M", False),
    "iso": ("%Y-%m-%d %H:%M:%S", True),
    "month": ("%b %d, %Y %I:%M:%S %p", True),
    "dayfirst": ("%d/%m/%Y %H:%M:%S", True),
}


@st.composite
def generated_reports(draw: st.DrawFn) -> dict[str, object]:
    style = draw(st.sampled_from(sorted(TIME_STYLES)))
    _fmt, seconds = TIME_STYLES[style]
    rows = []
    for _ in range(draw(st.integers(1, 14))):
        if draw(st.integers(0, 4)):
            pid, name, email = draw(st.sampled_from(GENERATED_PEOPLE))
            if email and not draw(st.booleans()):
                email = email.upper() if draw(st.booleans()) else ""
        else:
            pid = None
            name, email = draw(st.sampled_from(OTHERS))
        start = draw(st.integers(-40 * 60, 110 * 60))
        length = draw(st.integers(0, 100 * 60))
        if not seconds:
            start, length = start // 60 * 60, length // 60 * 60
        waiting = draw(st.integers(0, 9)) == 0
        rows.append((pid, name, email, start, start + length, waiting))
    # Keep one day > 12 somewhere in day-first files: only then are they read day first.
    return {
        "style": style,
        "rows": rows,
        "preamble": draw(st.booleans()),
        "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])),
        "newline": draw(st.sampled_from(["\r\n", "\n"])),
        "trailing": draw(st.booleans()),
        "waiting_column": draw(st.booleans()),
    }


GEN_START = datetime(2026, 1, 14, 12, 30, tzinfo=TORONTO)  # day 14: day-first is unambiguous
GEN_SESSION = Session(GEN_START, GEN_START + timedelta(minutes=90), "America/Toronto", "812 0001")
GEN_ROSTER = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org"),
    RosterPerson("U2", "Zoë", "D'Arcy-Smith", "zoe.darcy@example.org"),
    RosterPerson("U3", "María José", "García López", "mj.garcia@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
]


def render(case: dict[str, object], order: list[int] | None = None) -> bytes:
    import csv
    import io

    fmt, _seconds = TIME_STYLES[str(case["style"])]
    rows: list = list(case["rows"])  # type: ignore[call-overload]
    if order is not None:
        rows = [rows[i] for i in order]
    header = HEADER.split(",") + (["In Waiting Room"] if case["waiting_column"] else [])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=str(case["delimiter"]), lineterminator=str(case["newline"]))
    if case["preamble"]:
        writer.writerow(
            ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)"]
        )
        end = GEN_START + timedelta(minutes=90)
        writer.writerow(
            ["812 0001", "Invented", f"{GEN_START:{fmt}}", f"{end:{fmt}}", "h@example.org", 90]
        )
        writer.writerow([])
    writer.writerow(header + ([""] if case["trailing"] else []))
    for _pid, name, email, start, end, waiting in rows:
        join = GEN_START + timedelta(seconds=start)
        leave = GEN_START + timedelta(seconds=end)
        record = [name, email, f"{join:{fmt}}", f"{leave:{fmt}}", (end - start) // 60, "No"]
        if case["waiting_column"]:
            record.append("Yes" if waiting else "No")
        writer.writerow(record + ([""] if case["trailing"] else []))
    return out.getvalue().encode(str(case["encoding"]))


def union_minutes(intervals: list[tuple[int, int]]) -> int:
    """Whole minutes covered by [start, end) second offsets, clipped to the 90-minute session."""
    covered = set()
    for start, end in intervals:
        covered.update(range(max(start, 0), min(end, 90 * 60)))
    return len(covered) // 60


@settings(max_examples=60, deadline=None)
@given(case=generated_reports())
def test_generated_reports_keep_every_row_and_count_at_most_the_union(
    case: dict[str, object],
) -> None:
    rows: list = case["rows"]  # type: ignore[assignment]
    try:
        result = reconcile_report(render(case), GEN_ROSTER, GEN_SESSION)
    except AttendanceError as error:
        # Only a report where nobody overlaps the session may be refused.
        assert error.code == "no_overlap", error
        assert all(end <= 0 or start >= 90 * 60 for _p, _n, _e, start, end, _w in rows)
        return
    assert len(result.rows) == len(rows)  # nothing silently dropped
    assert {row.status for row in result.rows} <= {"matched", "review", "unmatched", "ignored"}
    for row, (pid, _name, _email, _start, _end, waiting) in zip(result.rows, rows, strict=True):
        assert row.person_id in (None, pid)  # never the wrong person
        if case["waiting_column"] and waiting:
            assert row.status == "ignored" and row.person_id is None
    for attended in result.people.values():
        mine = [(rows[n - 1][3], rows[n - 1][4]) for n in attended.rows]
        assert attended.minutes <= GEN_SESSION.length_minutes
        assert attended.minutes == union_minutes(mine)


@settings(max_examples=30, deadline=None)
@given(case=generated_reports(), data=st.data())
def test_row_order_and_reimport_change_nothing(
    case: dict[str, object], data: st.DataObject
) -> None:
    rows: list = case["rows"]  # type: ignore[assignment]
    order = data.draw(st.permutations(range(len(rows))))
    try:
        first = reconcile_report(render(case), GEN_ROSTER, GEN_SESSION)
    except AttendanceError:
        return
    again = reconcile_report(render(case), GEN_ROSTER, GEN_SESSION)
    assert again.to_dict() == first.to_dict()
    shuffled = reconcile_report(render(case, order), GEN_ROSTER, GEN_SESSION)
    assert {p: a.minutes for p, a in shuffled.people.items()} == {
        p: a.minutes for p, a in first.people.items()
    }
    by_fingerprint = {row.fingerprint: row.person_id for row in first.rows}
    assert {row.fingerprint: row.person_id for row in shuffled.rows} == by_fingerprint


def test_phone_and_laptop_of_one_person_count_once() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
        "Ana Lima (Ana's iPhone),ana.lima@example.org,01/08/2026 12:50 PM,"
        "01/08/2026 02:00 PM,70,No",
        "Ana Lima,ana.lima@example.org,01/08/2026 01:31 PM,01/08/2026 01:35 PM,4,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 90
    assert result.people["U1"].rows == (1, 2, 3)


def test_many_rejoins_merge() -> None:
    rows = [
        f"Ana Lima,ana.lima@example.org,01/08/2026 {12 + (m + 30) // 60:02d}:{(m + 30) % 60:02d},"
        f"01/08/2026 {12 + (m + 33) // 60:02d}:{(m + 33) % 60:02d},3,No"
        for m in range(0, 90, 4)
    ]
    result = reconcile_report(report(*rows), PEOPLE, SESSION)
    assert result.people["U1"].minutes == 3 * len(rows) - 1  # the last rejoin ends at 14:00
    assert len(result.rows) == len(rows)


SPRING = Session(
    datetime(2026, 3, 8, 5, 30, tzinfo=UTC),  # 00:30 EST
    datetime(2026, 3, 8, 8, 30, tzinfo=UTC),  # 04:30 EDT: 3 hours
    "America/Toronto",
)


@settings(max_examples=40, deadline=None)
@given(
    intervals=st.lists(
        st.tuples(st.integers(-30 * 60, 200 * 60), st.integers(0, 120 * 60)),
        min_size=1,
        max_size=6,
    )
)
def test_minutes_across_spring_forward_are_real_minutes(intervals: list[tuple[int, int]]) -> None:
    lines = []
    real: list[tuple[int, int]] = []
    for start, length in intervals:
        join = SPRING.start + timedelta(seconds=start)
        leave = join + timedelta(seconds=length)
        local_join, local_leave = join.astimezone(TORONTO), leave.astimezone(TORONTO)
        lines.append(
            f"Ana Lima,ana.lima@example.org,{local_join:%m/%d/%Y %I:%M:%S %p},"
            f"{local_leave:%m/%d/%Y %I:%M:%S %p},{length // 60},No"
        )
        real.append((start, start + length))
    try:
        result = reconcile_report(report(*lines), PEOPLE, SPRING)
    except AttendanceError as error:
        assert error.code == "no_overlap"
        return
    covered = set()
    for start, end in real:
        covered.update(range(max(start, 0), min(end, 180 * 60)))
    assert result.people["U1"].minutes == len(covered) // 60
    assert result.people["U1"].minutes <= SPRING.length_minutes == 180


# --- bad input: a refusal in words, never a crash --------------------------------------------


def _refused_or_read(data: bytes | str) -> None:
    try:
        result = reconcile_report(data, PEOPLE, SESSION)
    except AttendanceError as error:
        assert error.code and error.message and "Traceback" not in str(error)
        return
    assert all(row.status in {"matched", "review", "unmatched", "ignored"} for row in result.rows)


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_are_refused_in_words(data: bytes) -> None:
    _refused_or_read(data)


@settings(max_examples=150, deadline=None)
@given(case=generated_reports(), data=st.data())
def test_damaged_reports_are_refused_in_words(case: dict[str, object], data: st.DataObject) -> None:
    raw = bytearray(render(case))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        action = data.draw(st.sampled_from(["cut", "insert", "truncate"]))
        if action == "cut":
            del raw[at : at + data.draw(st.integers(1, 12))]
        elif action == "insert":
            raw[at:at] = data.draw(
                st.sampled_from([b'"', b",", b";", b"\r\n", b"\x00", b"\xff", b"\xe9", b"99", b" "])
            )
        else:
            del raw[at:]
    _refused_or_read(bytes(raw))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "\r\n\r\n",
        HEADER,
        HEADER + "\r\n,,,,,\r\n",
        "Meeting ID,Topic,Start Time\r\n",
        'Meeting ID,Topic\r\n"812 3456 7890",T\r\n',
        HEADER + '\r\n"Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM\r\n',
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,,60,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 25:31,01/08/2026 13:31,60,No\r\n",
        HEADER + "\r\nAna Lima,,02/30/2026 12:31 PM,02/30/2026 01:31 PM,60,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,01/08/2026 01:31 PM,-5,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,01/08/2026 01:31 PM,nan,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,01/08/2026 01:31 PM,inf,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,01/08/2026 01:31 PM,1e400,No\r\n",
        HEADER + "\r\nAna Lima,,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,Maybe\r\n",
        HEADER + "\r\nAna Lima,,0001-01-01 00:00:00,0001-01-01 00:10:00,10,No\r\n",
        HEADER + "\r\nAna Lima,,9999-12-31 23:50:00,9999-12-31 23:59:00,9,No\r\n",
        HEADER + "\r\nAna Lima,,2026-01-08T12:31:00+14:00,2026-01-08T13:31:00-12:00,60,No\r\n",
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\r\nAna Lima,,,No\r\n",
        "Name (Original Name),User Email,Join Time\r\nAna Lima,,01/08/2026 12:31 PM\r\n",
        "<html><head><title>Sign in</title></head></html>",
        '{"participants": [{"name": "Ana Lima"}]}',
    ],
)
def test_odd_files_are_refused_in_words(text: str) -> None:
    _refused_or_read(text)
    _refused_or_read(text.encode("utf-8"))


# --- BigBlueButton analytics: bodies a server (or an attacker) may send ---------------------

_TIMES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
    ).map(datetime.isoformat),
    st.sampled_from(
        [
            "9999-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00+05:00",
            "2026-01-08T17:31:00Z",
            "2026-01-08 17:31",
            "1767893460",
        ]
    ),
)
_ATTENDEES = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.one_of(st.text(max_size=20), st.none(), st.integers()),
            "ext_user_id": st.one_of(st.text(max_size=5), st.none(), st.integers()),
            "joins": st.one_of(st.lists(_TIMES, max_size=3), _TIMES),
            "leaves": st.one_of(st.lists(_TIMES, max_size=3), _TIMES),
        }
    ),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(attendees=_ATTENDEES, finish=_TIMES)
def test_bbb_analytics_bodies_are_read_or_refused(attendees: list, finish: object) -> None:
    from echohub.attendance.services import AttendanceRefused, bbb_analytics_rows

    body = {"meeting_id": "invented-room", "data": {"attendees": attendees, "finish": finish}}
    try:
        _meeting, rows = bbb_analytics_rows(body)
    except AttendanceRefused as refusal:
        assert str(refusal)
        return
    for row in rows:
        assert row.join is not None and row.leave is not None
        assert row.leave.astimezone(UTC) >= row.join.astimezone(UTC)


def test_bbb_time_without_a_utc_instant_is_refused() -> None:
    from echohub.attendance.services import AttendanceRefused, bbb_analytics_rows

    body = {
        "data": {
            "attendees": [
                {
                    "name": "Ana Lima",
                    "joins": ["9999-12-31T23:59:59-05:00"],
                    "leaves": ["9999-12-31T23:59:59-05:00"],
                }
            ]
        }
    }
    with pytest.raises(AttendanceRefused) as caught:
        bbb_analytics_rows(body)
    assert "out of range" in str(caught.value)


# --- "Show unique users": totals without times ----------------------------------------------


def test_unique_users_phone_and_laptop_totals_are_not_added() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,50,No",
        "Ana Lima (Ana's iPhone),ana.lima@example.org,50,No",
        "Noah Okafor,,40,No",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 50  # the two devices most often overlap: not 90
    assert result.people["U1"].rows == (1, 2)
    assert result.people["U4"].minutes == 40


def test_unique_users_total_is_capped_at_the_session() -> None:
    """A total within the session's length and 5 minutes more is capped at the session; a
    longer one, without the meeting's times, goes to review (40 minutes surely outside: how much
    of the session it covers is not known; credited 90 before)."""
    header = "Name (Original Name),User Email,Total Duration (Minutes),Guest"
    data = report("Ana Lima,ana.lima@example.org,94,No", header=header)
    assert reconcile_report(data, PEOPLE, SESSION).people["U1"].minutes == 90
    data = report("Ana Lima,ana.lima@example.org,130,No", header=header)
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people == {}
    assert [(r.person_id, r.status, r.candidates) for r in result.rows] == [
        (None, "review", ("U1",))
    ]
    assert "longer than the 90-min session: at least 40 min were outside it" in (
        result.rows[0].reason or ""
    )


# --- more unseen shapes -----------------------------------------------------------------------


def test_session_crossing_midnight() -> None:
    night = Session(
        datetime(2026, 1, 8, 23, 30, tzinfo=TORONTO),
        datetime(2026, 1, 9, 0, 30, tzinfo=TORONTO),
        "America/Toronto",
    )
    data = report(
        "Ana Lima,,01/08/2026 11:20 PM,01/09/2026 12:10 AM,50,No",
        "Ana Lima,,01/09/2026 12:15 AM,01/09/2026 12:45 AM,30,No",
    )
    assert reconcile_report(data, PEOPLE, night).people["U1"].minutes == 55


def test_a_person_renamed_mid_session_is_one_person() -> None:
    data = report(
        "Ana Lima,,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        "Dr Ana Lima (Ana Lima),,01/08/2026 01:00 PM,01/08/2026 01:30 PM,30,No",
        "Ana Lima - Invented Clinic (Ana Lima),,01/08/2026 01:30 PM,01/08/2026 01:40 PM,10,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 70
    assert [row.person_id for row in result.rows] == ["U1", "U1", "U1"]


def test_dial_in_rows_are_kept_unassigned() -> None:
    data = report(
        "+1 613 555 0142,,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        "16135550199,,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(row.person_id, row.status) for row in result.rows] == [
        (None, "unmatched"),
        (None, "unmatched"),
        ("U1", "matched"),
    ]


def test_a_report_of_another_week_is_refused_with_the_dates_said() -> None:
    data = report("Ana Lima,,01/15/2026 12:31 PM,01/15/2026 01:31 PM,60,No")
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, SESSION)
    assert caught.value.code == "time_outside_session"
    assert "15 Jan 2026" in str(caught.value) and "8 Jan 2026" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "missing_header"),
        (HEADER + "\r\n", "empty_report"),
        (PREAMBLE + HEADER + "\r\n\r\n", "empty_report"),
    ],
    ids=["nothing", "header-only", "meeting-block-only"],
)
def test_empty_reports_say_so(text: str, code: str) -> None:
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(text.encode("utf-8-sig"), PEOPLE, SESSION)
    assert caught.value.code == code


FALL = Session(
    datetime(2026, 11, 1, 4, 0, tzinfo=UTC),  # 00:00 EDT
    datetime(2026, 11, 1, 9, 0, tzinfo=UTC),  # 04:00 EST: 5 hours
    "America/Toronto",
)


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 280 * 60), length=st.integers(60, 150 * 60))
def test_one_row_across_fall_back_counts_its_real_minutes(start: int, length: int) -> None:
    join = FALL.start + timedelta(seconds=start)
    leave = min(join + timedelta(seconds=length), FALL.end)
    seconds = int((leave - join).total_seconds())
    local_join, local_leave = join.astimezone(TORONTO), leave.astimezone(TORONTO)
    data = report(
        f"Ana Lima,ana.lima@example.org,{local_join:%m/%d/%Y %I:%M:%S %p},"
        f"{local_leave:%m/%d/%Y %I:%M:%S %p},{seconds // 60},No"
    )
    result = reconcile_report(data, PEOPLE, FALL)
    assert result.people["U1"].minutes == seconds // 60


def test_merged_segments_are_said_in_the_session_zone() -> None:
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No")
    segment = reconcile_report(data, PEOPLE, SESSION).to_dict()["people"]["U1"]["segments"][0]
    assert segment == ["2026-01-08T12:31:00-05:00", "2026-01-08T13:31:00-05:00"]


def test_day_first_dates_of_the_first_twelve_days_follow_the_session() -> None:
    # 08/01/2026: 8 January (the session) day first, 1 August month first.
    data = report("Ana Lima,ana.lima@example.org,08/01/2026 12:31,08/01/2026 13:31,60,No")
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 60
    assert "dates read day first (DD/MM/YYYY)" in result.warnings
    # Without a session to go by, month first (Zoom's US format).
    row = parse_zoom_report(data, time_zone="America/Toronto").rows[0]
    assert row.join == datetime(2026, 8, 1, 12, 31, tzinfo=TORONTO)


def test_month_first_dates_near_the_session_stay_month_first() -> None:
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 12:31,01/08/2026 13:31,60,No")
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 60
    assert not any("day first" in warning for warning in result.warnings)
