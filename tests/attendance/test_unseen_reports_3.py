"""A third hunt for reports nobody here has seen: durations written "1:00", people still in
the meeting when the report was exported (no leave time), meeting ids Excel changed,
BigBlueButton learning-dashboard downloads, and generated reports checked as properties.
Every name, address and number below is invented.

What cannot be read exactly is refused in words; a row that is not certain goes to review,
never to a guessed person; every row comes back; minutes never exceed the union of the
person's own segments."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report

from .conftest import HEADER

TORONTO = ZoneInfo("America/Toronto")
PEOPLE = [
    RosterPerson("U1", "Ana", "Lima", "ana.lima@example.org"),
    RosterPerson("U2", "Binh", "Nguyen", "binh.nguyen@example.org"),
    RosterPerson("U3", "Claire", "Tremblay", "claire.t@example.org"),
    RosterPerson("U4", "Noah", "Okafor", ""),
]
SESSION = Session(
    datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
    datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
)


def report(*rows: str, header: str = HEADER, newline: str = "\r\n") -> str:
    return header + newline + "".join(row + newline for row in rows)


def minutes(data: str | bytes, session: Session = SESSION) -> dict[str, int]:
    return {pid: p.minutes for pid, p in reconcile_report(data, PEOPLE, session).people.items()}


def refusal(data: str | bytes, session: Session = SESSION) -> AttendanceError:
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, PEOPLE, session)
    return caught.value


# --- durations written "1:00": hours and minutes, or minutes and seconds -------------------


@pytest.mark.parametrize(
    ("leave", "duration", "expected"),
    [
        ("01:30 PM", "1:00", 60),  # h:mm, the join/leave span says an hour
        ("12:31 PM", "1:00", 1),  # mm:ss, the span says a minute
        ("01:05 PM", "35:00", 35),  # mm:ss (35 hours is no meeting)
        ("01:45 PM", "1:15", 75),
    ],
)
def test_a_duration_of_two_parts_is_read_from_the_join_and_leave(
    leave: str, duration: str, expected: int
) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 {leave},{duration},No"
    )
    assert minutes(data) == {"U1": expected}


def test_a_two_part_duration_that_fits_neither_reading_is_refused_in_words() -> None:
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 12:40 PM,1:30,No")
    error = refusal(data)
    assert error.code == "duration_mismatch"
    assert error.row == 1


def test_a_two_part_total_without_times_is_refused_not_guessed() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,1:00,No",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    error = refusal(data)
    assert error.code == "ambiguous_duration"
    assert "1:00" in str(error) and "hour" in str(error) and "minute" in str(error)


# --- still in the meeting when the report was exported: no leave time ----------------------


@pytest.mark.parametrize("leave", ["", "-", "--"])
def test_a_row_without_a_leave_time_goes_to_review_and_counts_nothing(leave: str) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,{leave},,No",
        "Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    first, second = result.rows
    assert (first.person_id, first.status, first.candidates) == (None, "review", ("U1",))
    assert "no leave time" in first.reason
    assert (second.person_id, second.status) == ("U2", "matched")
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U2": 60}
    assert any("without a leave time" in warning for warning in result.warnings)


def test_an_open_row_never_adds_to_the_persons_other_rows() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 12:50 PM,20,No",
        "Ana Lima,ana.lima@example.org,01/08/2026 01:00 PM,,55,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [row.status for row in result.rows] == ["matched", "review"]
    assert result.people["U1"].minutes == 20


def test_an_open_row_of_a_guest_stays_a_guest() -> None:
    data = report(
        "Visiting Speaker,,01/08/2026 12:30 PM,,,Yes",
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert (result.rows[0].person_id, result.rows[0].status) == (None, "unmatched")


def test_a_row_without_a_join_time_is_still_refused() -> None:
    data = report("Ana Lima,ana.lima@example.org,,01/08/2026 01:30 PM,60,No")
    assert refusal(data).code == "bad_time"


def test_an_open_row_of_another_day_is_refused() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/01/2026 12:30 PM,,,No",
        "Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No",
    )
    assert refusal(data).code == "time_outside_session"


# --- meeting ids Excel changed -----------------------------------------------------------------

PREAMBLE = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    "{meeting},Invented Rounds,01/08/2026 12:30 PM,01/08/2026 02:00 PM,host@example.org,90,1\r\n"
    "\r\n"
)
ANA = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


@pytest.mark.parametrize(
    "meeting",
    [
        "'81234567890",  # Excel's text prefix kept
        '"\'812 3456 7890"',
        '="81234567890"',  # Excel's formula for a text number
        '"81 234 567 890"',
        "81234567890.0",
        "8.12346E+10",  # Excel's General format: six significant digits
        "8.1234568E+10",
        "8.12346e10",
    ],
)
def test_a_meeting_id_excel_changed_is_read_when_it_fits(meeting: str) -> None:
    assert minutes(PREAMBLE.format(meeting=meeting) + report(ANA)) == {"U1": 60}


def test_a_shortened_meeting_id_is_said_in_a_warning() -> None:
    result = reconcile_report(PREAMBLE.format(meeting="8.12346E+10") + report(ANA), PEOPLE, SESSION)
    assert any("8.12346E+10" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    "meeting", ["9.12346E+10", "8.12345E+10", "8.12346E+09", "'91234567890", "8.1E+10"]
)
def test_a_changed_meeting_id_that_does_not_fit_is_refused_naming_the_session(
    meeting: str,
) -> None:
    error = refusal(PREAMBLE.format(meeting=meeting) + report(ANA))
    assert error.code == "wrong_meeting"
    assert "812 3456 7890" in str(error)


def test_a_meeting_id_column_changed_by_excel_is_read_on_every_row() -> None:
    data = report(
        "8.12346E+10,Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60",
        header="Meeting ID,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)",
    )
    assert minutes(data) == {"U1": 60}


# --- the words of a refusal on a registrant who did not attend -------------------------------

ABSENT = report(
    "No,Ana Lima,ana.lima@example.org,--,--,--",
    "Yes,Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60",
    header="Attended,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)",
)


@pytest.fixture
def zoom_session(program):  # type: ignore[no-untyped-def]
    from tests.factories import SessionFactory

    return SessionFactory(
        program=program,
        starts_at=SESSION.start,
        ends_at=SESSION.end,
        time_zone="America/Toronto",
        video_provider="zoom",
        video_room="812 3456 7890",
    )


@pytest.mark.django_db
def test_assigning_a_registrant_who_did_not_attend_says_so_not_waiting_room(  # type: ignore[no-untyped-def]
    program, make_member, zoom_session
) -> None:
    from echohub.attendance import services
    from echohub.attendance.models import AttendanceRow, RowStatus
    from echohub.programs.models import Role

    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=ABSENT.encode())
    absent = AttendanceRow.objects.get(name="Ana Lima")
    assert absent.status == RowStatus.IGNORED and not absent.waiting_room
    with pytest.raises(services.AttendanceRefused) as caught:
        services.assign_row(actor=coordinator, row=absent, user=ana)
    assert caught.value.code == "not_attendance"
    assert "waiting" not in str(caught.value.message).casefold()
    assert "did not attend" in str(caught.value.message)
    with pytest.raises(services.AttendanceRefused) as caught:
        services.mark_guest(actor=coordinator, row=absent)
    assert "waiting" not in str(caught.value.message).casefold()


# --- BigBlueButton's learning dashboard: "Download Session Data" -----------------------------
# One row per user: first join, last leave ("-" while still in), Duration = time online
# (gaps between reconnects left out), times in the downloading browser's locale; an
# "Anonymous" row carries anonymous poll answers only; poll questions are extra columns.

DASHBOARD = (
    "Name,Moderator,Activity Score,Talk Time,Webcam Time,Messages,Reactions,Poll Votes,"
    "Raise Hands,Join,Left,Duration,Which setting do you work in?"
)


def dashboard(*rows: str, header: str = DASHBOARD) -> str:
    return report(*rows, header=header)


def user(name: str, join: str, left: str, duration: str, moderator: str = "FALSE") -> str:
    cells = [name, moderator, "1.5", "00:01:10", "-", "2", "0", "1", "0", join, left, duration]
    return ",".join(f'"{cell}"' for cell in [*cells, "Rural"])


@pytest.mark.parametrize(
    ("join", "left"),
    [
        ("1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM"),  # en-US
        ("08/01/2026, 12:30:00", "08/01/2026, 13:30:00"),  # en-GB
        ("08/01/2026 12:30:00", "08/01/2026 13:30:00"),  # fr-FR
        ("8.1.2026, 12:30:00", "8.1.2026, 13:30:00"),  # de-DE
        ("2026-01-08, 12:30:00 p.m.", "2026-01-08, 1:30:00 p.m."),  # en-CA
        ("2026-01-08 12 h 30 min 00 s", "2026-01-08 13 h 30 min 00 s"),  # fr-CA
    ],
)
def test_a_dashboard_download_is_read_with_its_join_and_leave(join: str, left: str) -> None:
    data = dashboard(user("Ana Lima", join, left, "01:00:00"))
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert not any("unknown columns" in w and "Moderator" in w for w in result.warnings)


def test_dashboard_time_before_the_session_is_not_credited() -> None:
    # In the room from 12:00 to 12:30, then 13:00 to 13:30: 60 minutes online, 30 in the session.
    data = dashboard(user("Ana Lima", "1/8/2026, 12:00:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"))
    assert minutes(data) == {"U1": 30}
    # 11:00 to 13:30 with 90 minutes online: all of it may have been before 12:30. Only what
    # was surely in the session counts (here nothing); the import says so.
    data = dashboard(user("Ana Lima", "1/8/2026, 11:00:00 AM", "1/8/2026, 1:30:00 PM", "01:30:00"))
    result = reconcile_report(data, PEOPLE, SESSION)
    assert result.people["U1"].minutes == 0
    assert any("surely" in warning for warning in result.warnings)


def test_dashboard_gaps_between_reconnects_are_not_credited() -> None:
    # First join 12:30, last leave 14:00, but online 45 minutes only.
    data = dashboard(user("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 2:00:00 PM", "00:45:00"))
    assert minutes(data) == {"U1": 45}


def test_dashboard_user_still_online_goes_to_review() -> None:
    data = dashboard(
        user("Ana Lima", "1/8/2026, 12:30:00 PM", "-", "01:20:00"),
        user("Binh Nguyen", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"),
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(r.person_id, r.status) for r in result.rows] == [(None, "review"), ("U2", "matched")]
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U2": 60}


def test_dashboard_anonymous_poll_row_is_accounted_for_and_never_attendance() -> None:
    anonymous = '"Anonymous"' + ',""' * 11 + ',"Urban\r\nRural"'
    data = dashboard(
        user("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"), anonymous
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(r.row, r.person_id, r.status) for r in result.rows] == [
        (1, "U1", "matched"),
        (2, None, "ignored"),
    ]
    assert "poll" in result.rows[1].reason


def test_an_empty_row_outside_a_dashboard_is_still_refused() -> None:
    data = report("Anonymous,,,,,", header=HEADER)
    assert refusal(data).code == "bad_time"


def test_the_moderators_own_row_is_matched_like_anyone_elses() -> None:
    data = dashboard(
        user("Claire Tremblay", "1/8/2026, 12:20:00 PM", "1/8/2026, 2:05:00 PM", "01:45:00", "TRUE")
    )
    assert minutes(data) == {"U3": 90}


@pytest.mark.django_db
def test_a_dashboard_import_stores_the_engines_minutes(  # type: ignore[no-untyped-def]
    program, make_member, zoom_session
) -> None:
    from echohub.attendance import services
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
    from echohub.programs.models import Role

    coordinator = make_member(program, Role.COORDINATOR)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    binh = make_member(program, first_name="Binh", last_name="Nguyen", email="b.n@example.org")
    anonymous = '"Anonymous"' + ',""' * 11 + ',"Urban"'
    data = dashboard(
        user("Ana Lima", "1/8/2026, 12:00:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"),
        user("Binh Nguyen", "1/8/2026, 12:30:00 PM", "-", "01:00:00"),
        anonymous,
    )
    result = services.import_zoom_report(
        actor=coordinator, session=zoom_session, data=data.encode()
    )
    assert (result.matched, result.review, result.ignored) == (1, 1, 1)
    assert Attendance.objects.get(user=ana).minutes == 30
    assert not Attendance.objects.filter(user=binh).exists()
    still_in = AttendanceRow.objects.get(name="Binh Nguyen")
    assert still_in.status == RowStatus.REVIEW and still_in.leave_at is None
    assert "no leave time" in still_in.reason


# --- a totals row added in Excel --------------------------------------------------------------


@pytest.mark.parametrize(
    "total",
    ["Total,,,,60,", ",,,,60,", "TOTAL:,,,,60,", "Grand Total,,,,60,", "Total général,,,,60,"],
)
def test_a_totals_row_is_accounted_for_and_never_attendance(total: str) -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No", total
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [(r.row, r.person_id, r.status) for r in result.rows] == [
        (1, "U1", "matched"),
        (2, None, "ignored"),
    ]
    assert "total" in result.rows[1].reason
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}


def test_a_totals_row_of_unique_users_is_never_added() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,60,No",
        "Total,,60,",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert [r.status for r in result.rows] == ["matched", "ignored"]


def test_a_person_without_times_is_still_refused() -> None:
    data = report("Ana Lima,,,,60,No")
    assert refusal(data).code == "bad_time"


# --- a file too large for any one session -----------------------------------------------------


def test_a_huge_file_is_refused_before_it_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance.reconcile import reconcile_files
    from echohub.attendance.zoom_csv import MAX_REPORT_BYTES, parse_zoom_report

    row = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No\n"
    data = (HEADER + "\n" + row * (MAX_REPORT_BYTES // len(row) + 1)).encode()
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone="America/Toronto")
    assert caught.value.code == "too_large"
    assert "MB" in str(caught.value)
    path = tmp_path / "report.csv"
    path.write_bytes(data)
    (tmp_path / "roster.csv").write_text("person_id,first_name,last_name\nU1,Ana,Lima\n")
    (tmp_path / "session.json").write_text(
        '{"start": "2026-01-08T12:30:00-05:00", "end": "2026-01-08T14:00:00-05:00", '
        '"time_zone": "America/Toronto"}'
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_files(tmp_path / "roster.csv", tmp_path / "session.json", path)
    assert caught.value.code == "too_large"


# --- generated dashboards: properties -----------------------------------------------------------

from datetime import timedelta  # noqa: E402

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from echohub.attendance.reconcile import Segment, attended_minutes  # noqa: E402

_LOCALES = {
    "en-US": lambda t: (
        f"{t.month}/{t.day}/{t.year}, {t.hour % 12 or 12}:{t:%M:%S} "
        + ("PM" if t.hour >= 12 else "AM")
    ),
    "en-GB": lambda t: f"{t:%d/%m/%Y}, {t:%H:%M:%S}",
    "de-DE": lambda t: f"{t.day}.{t.month}.{t.year}, {t:%H:%M:%S}",
    "fr-CA": lambda t: f"{t:%Y-%m-%d} {t.hour} h {t:%M} min {t:%S} s",
}
_NAMES = {"U1": "Ana Lima", "U2": "Binh Nguyen", "U3": "Claire Tremblay", "U4": "Noah Okafor"}
_GUESTS = ["Visiting Speaker", "iPad", "Invented Boardroom", "+1 416 ***-**99", "Zoé 🌟 Gagnon"]


@st.composite
def dashboards(draw: st.DrawFn) -> dict[str, object]:
    base = datetime(2026, 1, 8, 11, 50, tzinfo=TORONTO)
    who = draw(st.lists(st.sampled_from([*_NAMES, *_GUESTS]), min_size=1, max_size=7, unique=True))
    locale = draw(st.sampled_from(sorted(_LOCALES)))
    people: list[tuple[str, list[tuple[datetime, datetime]], bool]] = []
    for key in who:
        starts = draw(st.lists(st.integers(0, 170), min_size=1, max_size=10, unique=True))
        spans: list[tuple[datetime, datetime]] = []
        for start in sorted(starts):  # rejoins: separate, non-overlapping sessions
            if spans and base + timedelta(minutes=start) <= spans[-1][1]:
                continue
            length = draw(st.integers(1, 40))
            spans.append(
                (base + timedelta(minutes=start), base + timedelta(minutes=start + length))
            )
        people.append((key, spans, draw(st.booleans()) and draw(st.booleans())))
    # Someone closed a segment inside the session (else the report is refused as another
    # meeting's, tested elsewhere).
    assume(
        any(
            not still_in and any(b > SESSION.start and a < SESSION.end for a, b in spans)
            for _key, spans, still_in in people
        )
    )
    return {"people": people, "locale": locale, "order": draw(st.randoms())}


def _dashboard_text(case: dict[str, object], order: list[int] | None = None) -> str:
    fmt = _LOCALES[case["locale"]]  # type: ignore[index]
    people = case["people"]  # type: ignore[assignment]
    lines = []
    for key, spans, still_in in people:  # type: ignore[attr-defined]
        online = sum((last - first for first, last in spans), timedelta())
        seconds = int(online.total_seconds())
        lines.append(
            user(
                _NAMES.get(key, key),
                fmt(spans[0][0]),
                "-" if still_in else fmt(spans[-1][1]),
                f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
            )
        )
    if order is not None:
        lines = [lines[i] for i in order]
    return dashboard(*lines)


@settings(max_examples=80, deadline=None)
@given(case=dashboards())
def test_generated_dashboards_never_credit_another_person_nor_more_than_was_online(
    case: dict[str, object],
) -> None:
    result = reconcile_report(_dashboard_text(case), PEOPLE, SESSION)
    people = case["people"]  # type: ignore[assignment]
    assert len(result.rows) == len(people)  # type: ignore[arg-type]
    for row, (key, _spans, still_in) in zip(result.rows, people, strict=True):  # type: ignore[call-overload]
        assert row.person_id in (None, key)
        if still_in:
            assert row.person_id is None
    for pid, attendance in result.people.items():
        key, spans, _still = next(p for p in people if p[0] == pid)  # type: ignore[attr-defined]
        union = attended_minutes([Segment(a, b) for a, b in spans], SESSION.start, SESSION.end)
        assert attendance.minutes <= union
        inside = all(SESSION.start <= a and b <= SESSION.end for a, b in spans)
        if inside:  # nothing outside the session: the time online is exact
            assert attendance.minutes >= union - 1


@settings(max_examples=40, deadline=None)
@given(case=dashboards())
def test_generated_dashboards_row_order_changes_nothing(case: dict[str, object]) -> None:
    people = case["people"]  # type: ignore[assignment]
    order = list(range(len(people)))  # type: ignore[arg-type]
    case["order"].shuffle(order)  # type: ignore[attr-defined]
    first = reconcile_report(_dashboard_text(case), PEOPLE, SESSION)
    again = reconcile_report(_dashboard_text(case, order), PEOPLE, SESSION)
    assert {p: a.minutes for p, a in first.people.items()} == {
        p: a.minutes for p, a in again.people.items()
    }
    assert sorted((r.name, r.person_id, r.status) for r in first.rows) == sorted(
        (r.name, r.person_id, r.status) for r in again.rows
    )


# --- a Jitsi occupant log (event_sync's fields, Unix times) -------------------------------------

JOINED = int(datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO).timestamp())


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("room_name,name,email,joined_at,left_at", 1),
        ("room_name,name,email,joined_at,left_at", 1000),  # milliseconds
        ("Room,Name,Email,Joined At,Left At", 1),
    ],
)
def test_a_jitsi_occupant_log_with_unix_times_is_read(header: str, scale: int) -> None:
    join, leave = JOINED * scale, (JOINED + 3600) * scale
    data = report(f"inventedrounds,Ana Lima,ana.lima@example.org,{join},{leave}", header=header)
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 60}
    assert not any("unknown columns" in warning for warning in result.warnings)


@pytest.mark.parametrize("value", ["123", "99999999999999999999", "0"])
def test_a_number_that_is_no_unix_time_of_a_meeting_is_refused(value: str) -> None:
    data = report(
        f"r,Ana Lima,ana.lima@example.org,{JOINED},{value}",
        header="room_name,name,email,joined_at,left_at",
    )
    assert refusal(data).code in {"bad_time", "negative_duration"}


def test_a_dashboard_poll_question_with_commas_in_the_header_is_read() -> None:
    # The dashboard writes poll questions into the header unquoted: a comma splits one.
    data = dashboard(
        user("Ana Lima", "1/8/2026, 12:30:00 PM", "1/8/2026, 1:30:00 PM", "01:00:00"),
        header=DASHBOARD.replace("Which setting do you work in?", "Where, and how, do you work?"),
    )
    assert minutes(data) == {"U1": 60}


def test_a_dashboard_row_cut_before_its_duration_is_still_refused() -> None:
    data = dashboard('"Ana Lima","FALSE","1.5","-","-","0","0","1","0","1/8/2026, 12:30:00 PM"')
    assert refusal(data).code == "truncated_row"


# --- generated Zoom reports with people still in and a totals row: properties ----------------

from .test_unseen_reports import (  # noqa: E402
    GEN_ROSTER,
    GEN_SESSION,
    GEN_START,
    TIME_STYLES,
    generated_reports,
    union_minutes,
)


def _render_open(
    case: dict[str, object], still_in: set[int], totals: bool, order: list[int]
) -> bytes:
    import csv
    import io

    fmt, _seconds = TIME_STYLES[str(case["style"])]
    rows: list = case["rows"]  # type: ignore[assignment]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=str(case["delimiter"]), lineterminator="\r\n")
    writer.writerow([*HEADER.split(","), "In Waiting Room"])
    for index in order:
        _pid, name, email, start, end, waiting = rows[index]
        join = GEN_START + timedelta(seconds=start)
        leave = "" if index in still_in else f"{GEN_START + timedelta(seconds=end):{fmt}}"
        duration = "" if index in still_in else (end - start) // 60
        writer.writerow(
            [name, email, f"{join:{fmt}}", leave, duration, "No", "Yes" if waiting else "No"]
        )
    if totals:
        writer.writerow(["Total", "", "", "", sum((r[4] - r[3]) // 60 for r in rows), "", ""])
    return out.getvalue().encode(str(case["encoding"]))


@settings(max_examples=60, deadline=None)
@given(case=generated_reports(), data=st.data())
def test_generated_reports_with_open_rows_never_credit_a_guess(
    case: dict[str, object], data: st.DataObject
) -> None:
    rows: list = case["rows"]  # type: ignore[assignment]
    still_in = set(data.draw(st.sets(st.integers(0, len(rows) - 1))))
    totals = data.draw(st.booleans())
    order = data.draw(st.permutations(range(len(rows))))
    try:
        result = reconcile_report(
            _render_open(case, still_in, totals, list(order)), GEN_ROSTER, GEN_SESSION
        )
    except AttendanceError as error:
        assert error.code == "no_overlap", error
        return
    assert len(result.rows) == len(rows) + totals  # every row back, the totals row too
    for position, row in zip(order, result.rows, strict=False):
        pid, _name, _email, _start, _end, waiting = rows[position]
        assert row.person_id in (None, pid)
        if position in still_in or waiting:
            assert row.person_id is None
    if totals:
        assert (result.rows[-1].person_id, result.rows[-1].status) == (None, "ignored")
    for attended in result.people.values():
        mine = [(rows[order[n - 1]][3], rows[order[n - 1]][4]) for n in attended.rows]
        assert all(order[n - 1] not in still_in for n in attended.rows)
        assert attended.minutes == union_minutes(mine)
    again = reconcile_report(
        _render_open(case, still_in, totals, sorted(order)), GEN_ROSTER, GEN_SESSION
    )
    assert {p: a.minutes for p, a in again.people.items()} == {
        p: a.minutes for p, a in result.people.items()
    }


# --- e-mail cells as people's programs write them -----------------------------------------------


def _one(name: str, email: str) -> tuple[str | None, str]:
    data = report(f'"{name}","{email}",01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No')
    row = reconcile_report(data, PEOPLE, SESSION).rows[0]
    return row.person_id, row.status


@pytest.mark.parametrize(
    "email",
    [
        "Ana Lima <ana.lima@example.org>",
        "<ANA.LIMA@example.org>",
        "mailto:ana.lima@example.org",
        "ana.lima@example.org;",
    ],
)
def test_an_address_written_with_its_name_or_scheme_is_the_address(email: str) -> None:
    assert _one("Ana Lima", email) == ("U1", "matched")
    # ... and still never gives the row to the address's owner under another person's name.
    assert _one("Binh Nguyen", email) == (None, "review")


@pytest.mark.parametrize("email", ["an***@example.org", "a*******a@e******.org", "***@example.org"])
def test_a_masked_email_that_fits_the_named_person_lets_the_name_decide(email: str) -> None:
    assert _one("Ana Lima", email) == ("U1", "matched")


@pytest.mark.parametrize(
    "email", ["bi***@example.org", "an***@other.example", "n***@gmail.example"]
)
def test_a_masked_email_that_does_not_fit_sends_the_row_to_review(email: str) -> None:
    assert _one("Ana Lima", email) == (None, "review")
    assert _one("Noah Okafor", email)[0] is None  # no address on the roster to check against


def test_a_masked_email_alone_is_nobody() -> None:
    assert _one("", "an***@example.org")[0] is None


def test_a_hostile_mask_is_read_in_bounded_time() -> None:
    import time

    started = time.monotonic()
    assert _one("Ana Lima", "*a" * 100 + "*b@example.org") == (None, "review")
    assert time.monotonic() - started < 2


@settings(max_examples=200, deadline=None)
@given(
    mask=st.text(alphabet="ab*", max_size=8),
    text=st.text(alphabet="ab", max_size=8),
)
def test_the_mask_walk_agrees_with_a_plain_pattern(mask: str, text: str) -> None:
    import re

    from echohub.attendance.reconcile import _wildcard

    pattern = "".join(".*" if char == "*" else re.escape(char) for char in mask)
    assert _wildcard(mask, text) == (re.fullmatch(pattern, text, re.DOTALL) is not None)


def test_a_unique_user_without_a_name_is_no_totals_row() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,60,No",
        ",,45,No",
        header="Name (Original Name),User Email,Total Duration (Minutes),Guest",
    )
    second = reconcile_report(data, PEOPLE, SESSION).rows[1]
    assert second.person_id is None and "total" not in second.reason


@pytest.mark.django_db
def test_the_review_queue_says_a_row_has_no_leave_time(  # type: ignore[no-untyped-def]
    as_role, program, make_member, zoom_session
) -> None:
    from echohub.programs.models import Role
    from tests.attendance_app.test_views import upload, url

    make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    client = as_role(program, Role.COORDINATOR)
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,,75,No").encode()
    assert upload(client, program, zoom_session, data).status_code == 302
    page = client.get(url(program, zoom_session)).content.decode()
    assert "no leave time" in page
    assert "75 min" not in page  # Zoom's running total is no span the row was in
