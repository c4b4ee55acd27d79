"""A fifth hunt for reports nobody here has seen: webinar reports whose sections name their
own time zone, addresses written inside a display name, Google Meet and Webex files, UTF-16
saved without its byte-order mark, dates Excel rewrote (serial numbers, two-digit years), the
words of the "no participant header" refusal, and what the import page says about a refused
file. Every name, address and number below is invented.

What cannot be read exactly is refused in words; a row that is not certain goes to review,
never to a guessed person; every row comes back; minutes never exceed the session nor the
union of the person's own segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from echohub.attendance.reconcile import Session, reconcile_report

# The third hunt's roster, session, helpers and session fixture.
from . import test_unseen_reports_3 as third
from .conftest import HEADER
from .test_unseen_reports_3 import PEOPLE, SESSION, minutes, refusal, report

zoom_session = third.zoom_session
TORONTO = ZoneInfo("America/Toronto")
ANA = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


def one_row(name: str, email: str = "") -> tuple[str | None, str, tuple[str, ...]]:
    data = report(f'"{name}",{email},01/08/2026 12:31 PM,01/08/2026 01:31 PM,60,No')
    row = reconcile_report(data, PEOPLE, SESSION).rows[0]
    return row.person_id, row.status, row.candidates


# --- a webinar report whose sections each name their own zone --------------------------------
# Zoom's webinar report has one table per section (host, panelists, attendees), each under its
# own header. Only the first header's zone was used: a panelist table saying "(UTC)" under an
# attendee table saying nothing was read as Toronto time, and the other way round.

UTC_HEADER = (
    "Name (Original Name),User Email,Join Time (UTC),Leave Time (UTC),Duration (Minutes),Guest"
)
AT_UTC = "Ana Lima,ana.lima@example.org,01/08/2026 05:30 PM,01/08/2026 06:00 PM,30,No"
AT_HOME = "Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No"


@pytest.mark.parametrize("utc_first", [True, False])
def test_each_webinar_section_is_read_in_the_zone_its_own_header_names(utc_first: bool) -> None:
    utc = f"Attendee Details\r\n{UTC_HEADER}\r\n{AT_UTC}\r\n"
    home = f"Panelist Details\r\n{HEADER}\r\n{AT_HOME}\r\n"
    data = utc + home if utc_first else home + utc
    # Both were in from 12:30 to 13:00, Toronto time.
    assert minutes(data) == {"U1": 30, "U2": 30}


def test_a_later_section_naming_a_zone_not_understood_is_refused() -> None:
    data = (
        f"Attendee Details\r\n{HEADER}\r\n{AT_HOME}\r\n"
        f"Panelist Details\r\n{UTC_HEADER.replace('(UTC)', '(local)')}\r\n{AT_UTC}\r\n"
    )
    error = refusal(data)
    assert error.code == "bad_time_zone" and "local" in str(error)


# --- an address written in the display name ---------------------------------------------------
# "Ana Lima (binh.nguyen@example.org)": Binh's login renamed Ana, or Ana on Binh's account.
# The address was read as a name and ignored: the row went to Ana, whatever the address said.


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Ana Lima (binh.nguyen@example.org)", ("U2", "U1")),
        ("Binh Nguyen (ana.lima@example.org)", ("U1", "U2")),
        ("binh.nguyen@example.org (Ana Lima)", ("U2", "U1")),
        ("Ana Lima - binh.nguyen@example.org", ("U2", "U1")),
        ("Ana Lima (mailto:binh.nguyen@example.org)", ("U2", "U1")),
        ("Mark Olsen (ana.lima@example.org)", ("U1",)),  # a colleague on her account
        ("Ana Lima (mark.olsen@example.net)", ("U1",)),  # an address not on the roster
    ],
)
def test_an_address_in_the_name_that_does_not_fit_the_name_goes_to_review(
    name: str, candidates: tuple[str, ...]
) -> None:
    assert one_row(name) == (None, "review", candidates)


@pytest.mark.parametrize(
    "name",
    [
        "Ana Lima (ana.lima@example.org)",
        "Ana Lima (ANA.LIMA@Example.org)",
        "Ana (ana.lima@example.org)",
        "iPhone (ana.lima@example.org)",
        "Ana Lima <ana.lima@example.org>",
        "Ana Lima - ana.lima@example.org",
    ],
)
def test_an_address_in_the_name_is_an_email_like_the_columns(name: str) -> None:
    assert one_row(name) == ("U1", "matched", ("U1",))


def test_an_address_in_the_name_of_another_person_than_the_columns_goes_to_review() -> None:
    assert one_row("Ana Lima (binh.nguyen@example.org)", "ana.lima@example.org") == (
        None,
        "review",
        ("U2", "U1"),
    )
    # An address typed as the name, another person's than the column's.
    assert one_row("binh.nguyen@example.org", "ana.lima@example.org") == (
        None,
        "review",
        ("U2", "U1"),
    )
    assert one_row("<binh.nguyen@example.org>", "ana.lima@example.org")[:2] == (None, "review")
    # A personal address beside the roster's: the column's decides.
    assert one_row("Ana Lima (ana.home@example.net)", "ana.lima@example.org")[:2] == (
        "U1",
        "matched",
    )


# --- Google Meet and Webex: refused in words, never read as Zoom's unique users ------------
# A name and a "Duration" column read as Zoom's unique-users layout: the Meet or Webex total
# was credited whole (time before the session too), and Meet's join and exit ignored.

MEET = {
    "attendance report": "First name,Last name,Email,Duration,Time joined,Time exited\r\n"
    "Ana,Lima,ana.lima@example.org,1 hr,12:30:00 PM,1:30:00 PM\r\n",
    "participant columns": "Participant Name,Participant Email,Duration,Time Joined,Time Exited"
    "\r\nAna Lima,ana.lima@example.org,1:00:00,12:30 PM,1:30 PM\r\n",
    "attendance extension": "Full Name,First Seen,Time in Call\r\nAna Lima,2026-01-08 12:30,60\r\n",
}


@pytest.mark.parametrize("layout", sorted(MEET))
def test_a_google_meet_report_is_refused_saying_what_to_do(layout: str) -> None:
    error = refusal(MEET[layout])
    assert error.code == "other_platform"
    assert "Google Meet" in str(error) and "by hand" in str(error)


def test_a_webex_report_without_join_and_leave_is_refused_saying_why() -> None:
    data = (
        "Name,Email,Invited,Registered,Date & Time,Duration,Attendee Type,Joined from\r\n"
        "Ana Lima,ana.lima@example.org,Yes,No,01/08/2026 12:00 PM,90 mins,Attendee,Web\r\n"
    )
    error = refusal(data)
    assert error.code == "other_platform" and "Webex" in str(error)


def test_a_webex_report_with_join_and_leave_times_is_read_and_clipped() -> None:
    data = (
        "Display name,First name,Last name,Email,Join time,Leave time,Attendance duration,"
        "Connection type\r\n"
        "Ana Lima,Ana,Lima,ana.lima@example.org,01/08/2026 12:00 PM,01/08/2026 1:30 PM,"
        "90 mins,Web\r\n"
    )
    assert minutes(data) == {"U1": 60}


# --- UTF-16 saved without its byte-order mark ---------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_utf16_without_a_byte_order_mark_is_read(encoding: str, delimiter: str) -> None:
    text = report(ANA, "Noah Okafor,,01/08/2026 12:45 PM,01/08/2026 01:15 PM,30,Yes")
    data = text.replace(",", delimiter).encode(encoding)
    assert minutes(data) == {"U1": 60, "U4": 30}


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00" * 8,  # a workbook (zip)
        bytes(range(256)) * 4,
        "Name\x00\x01\r\n".encode("utf-16-le"),  # control characters
        b"N\x00a\x00m\x00e\x00,\x00",  # one side's zeros, then none
        b"A\x00" * 7 + b"B",  # an odd length
    ],
)
def test_binary_data_with_zero_bytes_is_still_refused(data: bytes) -> None:
    assert refusal(data).code in {"bad_encoding", "missing_header"}


# --- dates Excel rewrote ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("join", "leave", "delimiter"),
    [
        ("46030.5208333333", "46030.5625", ","),  # 12:30 and 13:30 on 8 January 2026
        ("46030.520833", "46030.5625", ","),
        ("46030,5208333333", "46030,5625", ";"),  # a French or German Excel
        ("1/8/26 12:30", "1/8/26 13:30", ","),  # Excel's short date
        ("1/8/26 12:30 PM", "1/8/26 1:30 PM", ","),
        ("08.01.26 12:30", "08.01.26 13:30", ";"),
        ("13/01/26 12:30", "13/01/26 13:30", ";"),  # day first; another day: refused below
    ],
)
def test_dates_excel_rewrote_are_read(join: str, leave: str, delimiter: str) -> None:
    row = delimiter.join(["Ana Lima", "ana.lima@example.org", join, leave, "60", "No"])
    data = report(row, header=HEADER.replace(",", delimiter))
    if join.startswith("13/"):
        error = refusal(data)
        assert error.code == "time_outside_session" and "13 Jan 2026" in str(error)
    else:
        assert minutes(data) == {"U1": 60}


@pytest.mark.parametrize("value", ["46030", "46030.", "4603.5", "460300.5", "46030.5.5"])
def test_an_excel_number_that_is_no_date_and_time_is_refused(value: str) -> None:
    data = report(f"Ana Lima,ana.lima@example.org,{value},46030.5625,60,No")
    assert refusal(data).code == "bad_time"


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(min_value=-60, max_value=150),
    length=st.integers(min_value=0, max_value=180),
    seconds=st.integers(min_value=0, max_value=59),
)
def test_a_serial_and_its_text_say_the_same_minutes(start: int, length: int, seconds: int) -> None:
    join = SESSION.start + timedelta(minutes=start, seconds=seconds)
    leave = join + timedelta(minutes=length)
    epoch = datetime(1899, 12, 30, tzinfo=TORONTO)

    def serial(moment: datetime) -> str:
        # Excel counts wall-clock days: the local date and time as if it were naive.
        local = moment.replace(tzinfo=None) - epoch.replace(tzinfo=None)
        return f"{local / timedelta(days=1):.10f}"

    def text(moment: datetime) -> str:
        return f"{moment:%m/%d/%Y %I:%M:%S %p}"

    as_text = report(f"Ana Lima,ana.lima@example.org,{text(join)},{text(leave)},{length},No")
    as_serial = report(f"Ana Lima,ana.lima@example.org,{serial(join)},{serial(leave)},{length},No")
    overlaps = join < SESSION.end and leave > SESSION.start
    if not overlaps:
        assert refusal(as_text).code == refusal(as_serial).code
        return
    assert minutes(as_serial) == minutes(as_text)
    assert minutes(as_serial).get("U1", 0) <= min(length, SESSION.length_minutes)


# --- a file without a participant header says so in people's words -------------------------


def test_no_participant_header_says_which_columns_were_looked_for_and_what_was_found() -> None:
    error = refusal("Attendee ID;Seat;Badge\r\n1;2;3\r\n")
    message = str(error)
    assert error.code == "missing_header"
    for expected in ("Name (Original Name)", "Join Time", "Leave Time", "Total Duration"):
        assert expected in message
    assert "“Attendee ID”, “Seat”, “Badge”" in message
    assert "first unknown row" not in message


def test_a_long_unknown_row_is_cut_in_the_refusal() -> None:
    cells = [f"Column {n} " + "x" * 60 for n in range(30)]
    error = refusal(",".join(cells) + "\r\n1,2\r\n")
    assert error.code == "missing_header" and "…" in str(error) and len(str(error)) < 1200


# --- over HTTP: the coordinator's upload ---------------------------------------------------------


def upload(client, program, session, data: bytes, name: str = "report.csv", tz: str = ""):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "time_zone": tz or "America/Toronto",
        },
    )


@pytest.mark.django_db
def test_a_refused_upload_names_the_file_keeps_the_zone_and_says_to_choose_it_again(  # type: ignore[no-untyped-def]
    as_role, program, zoom_session
) -> None:
    from echohub.attendance.models import AttendanceRow, ImportBatch
    from echohub.programs.models import Role

    client = as_role(program, Role.COORDINATOR)
    response = upload(
        client,
        program,
        zoom_session,
        b"Attendee ID,Seat\n1,2\n",
        name="clinic export.csv",
        tz="America/Halifax",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "clinic export.csv" in html and "choose it again" in html
    assert "“Attendee ID”, “Seat”" in html and "Join Time" in html
    assert '<option value="America/Halifax" selected>' in html
    assert not ImportBatch.objects.exists() and not AttendanceRow.objects.exists()


@pytest.mark.django_db
def test_a_page_without_a_refusal_names_no_file(as_role, program, zoom_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.programs.models import Role

    client = as_role(program, Role.COORDINATOR)
    response = client.get(f"/p/{program.slug}/attendance/sessions/{zoom_session.pk}/")
    assert response.status_code == 200 and "choose it again" not in response.content.decode()


@pytest.mark.django_db
def test_utf16_without_a_mark_uploads_over_http(
    as_role, program, zoom_session, make_member
) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import Attendance
    from echohub.programs.models import Role

    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    client = as_role(program, Role.COORDINATOR)
    data = report(ANA).replace(",", "\t").encode("utf-16-le")
    assert upload(client, program, zoom_session, data).status_code == 302
    assert Attendance.objects.get(user=ana).minutes == 60


@pytest.mark.django_db
def test_an_address_in_the_name_is_not_credited_over_http(  # type: ignore[no-untyped-def]
    as_role, program, zoom_session, make_member
) -> None:
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
    from echohub.programs.models import Role

    make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    make_member(program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org")
    client = as_role(program, Role.COORDINATOR)
    data = report(
        '"Ana Lima (binh.nguyen@example.org)",,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No'
    )
    assert upload(client, program, zoom_session, data.encode()).status_code == 302
    row = AttendanceRow.objects.get()
    assert row.user is None and row.status == RowStatus.REVIEW
    assert not Attendance.objects.filter(minutes__gt=0).exists()


@pytest.mark.django_db
def test_a_webinar_with_a_utc_panelist_table_uploads_right(  # type: ignore[no-untyped-def]
    as_role, program, zoom_session, make_member
) -> None:
    from echohub.attendance.models import Attendance
    from echohub.programs.models import Role

    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    binh = make_member(
        program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org"
    )
    client = as_role(program, Role.COORDINATOR)
    data = (
        f"Attendee Details\r\n{HEADER}\r\n{AT_HOME}\r\n"
        f"Panelist Details\r\n{UTC_HEADER}\r\n{AT_UTC}\r\n"
    )
    assert upload(client, program, zoom_session, data.encode("utf-8-sig")).status_code == 302
    assert {a.user_id: a.minutes for a in Attendance.objects.all()} == {ana.pk: 30, binh.pk: 30}


# --- properties ---------------------------------------------------------------------------------

ADDRESSES = {
    "U1": "ana.lima@example.org",
    "U2": "binh.nguyen@example.org",
    "U3": "claire.t@example.org",
}
NAMES = {"U1": "Ana Lima", "U2": "Binh Nguyen", "U3": "Claire Tremblay"}
FORMS = ["{name} ({email})", "{email} ({name})", "{name} <{email}>", "{name} - {email}", "{name}"]


@settings(max_examples=80, deadline=None)
@given(
    name_of=st.sampled_from(sorted(NAMES)),
    written=st.sampled_from([*sorted(ADDRESSES), None]),
    column=st.sampled_from([*sorted(ADDRESSES), None]),
    form=st.sampled_from(FORMS),
)
def test_an_address_anywhere_never_credits_someone_it_does_not_name(
    name_of: str, written: str | None, column: str | None, form: str
) -> None:
    shown = form.format(name=NAMES[name_of], email=ADDRESSES[written] if written else "")
    if written is None or "{email}" not in form:
        shown, written = NAMES[name_of], None
    person, _status, _candidates = one_row(shown, ADDRESSES[column] if column else "")
    if person is not None:
        # Assigned: the name, the address in it and the column all name that person.
        assert person == name_of
        assert written in (None, person) and column in (None, person)


SECTION_ZONES = [
    ("", TORONTO),
    (" (UTC)", ZoneInfo("UTC")),
    (" (America/Halifax)", ZoneInfo("America/Halifax")),
    (" (GMT-5)", ZoneInfo("Etc/GMT+5")),
]


@settings(max_examples=50, deadline=None)
@given(
    sections=st.lists(
        st.tuples(
            st.sampled_from(range(len(SECTION_ZONES))),
            st.lists(
                st.tuples(
                    st.sampled_from(["U1", "U2"]),
                    st.integers(min_value=-30, max_value=100),
                    st.integers(min_value=1, max_value=60),
                ),
                min_size=1,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=4,
    ),
    order=st.randoms(use_true_random=False),
)
def test_sections_of_any_zones_credit_the_real_union_in_any_order(sections, order) -> None:  # type: ignore[no-untyped-def]
    def render(parts) -> str:  # type: ignore[no-untyped-def]
        out = []
        for number, (zone_index, rows) in enumerate(parts):
            suffix, zone = SECTION_ZONES[zone_index]
            header = HEADER.replace("Join Time", f"Join Time{suffix}").replace(
                "Leave Time", f"Leave Time{suffix}"
            )
            out.append(f"Section {number + 1} Details\r\n{header}\r\n")
            for pid, start, length in rows:
                join = (SESSION.start + timedelta(minutes=start)).astimezone(zone)
                leave = join + timedelta(minutes=length)
                out.append(
                    f"{NAMES[pid]},{ADDRESSES[pid]},{join:%m/%d/%Y %I:%M %p},"
                    f"{leave:%m/%d/%Y %I:%M %p},{length},No\r\n"
                )
        return "".join(out)

    expected: dict[str, int] = {}
    for pid in ("U1", "U2"):
        covered: set[int] = set()
        for _zone, rows in sections:
            for who, start, length in rows:
                if who == pid:
                    covered.update(range(max(start, 0), min(start + length, 90)))
        if covered:
            expected[pid] = len(covered)
    shuffled = [(zone, order.sample(rows, len(rows))) for zone, rows in sections]
    order.shuffle(shuffled)
    for data in (render(sections), render(shuffled)):
        if not expected:
            assert refusal(data).code == "no_overlap"
            continue
        got = {pid: m for pid, m in minutes(data).items() if m}
        assert got == expected
        assert all(m <= SESSION.length_minutes for m in got.values())


def test_the_serial_epoch_agrees_with_excel() -> None:
    # 1 January 2026 is Excel's day 46023 (the brief's "46023.5" is noon that day).
    assert (datetime(2026, 1, 1, tzinfo=UTC) - datetime(1899, 12, 30, tzinfo=UTC)).days == 46023


# --- a time the clocks skipped ------------------------------------------------------------------
# On the night clocks go forward, 02:30 never shows in Toronto: a report that says so was
# written in another zone. It was read as either side of the gap: "02:30 to 03:30" counted 0
# minutes with a warning that the row was outside the session, or the report was refused as
# nobody's, or (with a duration) credited.

SPRING = Session(
    datetime(2026, 3, 8, 1, 30, tzinfo=TORONTO),
    datetime(2026, 3, 8, 3, 30, tzinfo=TORONTO),
    "America/Toronto",
)


@pytest.mark.parametrize(
    ("join", "leave", "duration"),
    [
        ("02:30 AM", "03:30 AM", ""),
        ("01:30 AM", "02:30 AM", ""),
        ("01:30 AM", "02:30 AM", "60"),
        ("02:00 AM", "03:15 AM", "15"),
    ],
)
def test_a_time_the_clocks_skipped_is_refused_naming_it(
    join: str, leave: str, duration: str
) -> None:
    data = report(
        f"Ana Lima,ana.lima@example.org,03/08/2026 {join},03/08/2026 {leave},{duration},No",
        "Binh Nguyen,,03/08/2026 01:30 AM,03/08/2026 03:30 AM,,No",
    )
    error = refusal(data, SPRING)
    assert error.code == "bad_time" and error.row == 1
    assert "never showed on a clock in America/Toronto" in str(error)


def test_times_on_either_side_of_the_skipped_hour_are_read() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,03/08/2026 01:30 AM,03/08/2026 03:30 AM,,No",
        "Binh Nguyen,,03/08/2026 01:59 AM,03/08/2026 03:00 AM,1,No",
        header=HEADER,
    )
    assert minutes(data, SPRING) == {"U1": 60, "U2": 1}


def test_a_skipped_hour_written_in_utc_is_no_skipped_time() -> None:
    # 07:30 UTC is 03:30 in Toronto that night: a column naming UTC is read as UTC.
    data = report(
        "Ana Lima,ana.lima@example.org,03/08/2026 06:30 AM,03/08/2026 07:30 AM,60,No",
        header=UTC_HEADER,
    )
    assert minutes(data, SPRING) == {"U1": 60}


# --- a report of another meeting the same day -----------------------------------------------
# The morning's meeting (11:00 to 12:45) overlaps the session's first 15 minutes: everybody was
# credited those minutes without a word.


def test_a_report_mostly_outside_the_session_is_read_with_a_warning_saying_so() -> None:
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 11:00 AM,01/08/2026 12:45 PM,105,No",
        "Binh Nguyen,binh.nguyen@example.org,01/08/2026 11:02 AM,01/08/2026 12:44 PM,102,No",
    )
    result = reconcile_report(data, PEOPLE, SESSION)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U1": 15, "U2": 14}
    (warning,) = result.warnings
    assert "11:00 to 12:45" in warning and "12:30 to 14:00" in warning
    assert "another meeting" in warning


@pytest.mark.parametrize(
    "rows",
    [
        [ANA],
        # early joiners and a host in before the start: most of the time is still the session's
        [
            "Ana Lima,ana.lima@example.org,01/08/2026 12:00 PM,01/08/2026 02:00 PM,120,No",
            "Binh Nguyen,binh.nguyen@example.org,01/08/2026 12:20 PM,01/08/2026 01:50 PM,90,No",
        ],
    ],
)
def test_a_report_mostly_in_the_session_has_no_such_warning(rows: list[str]) -> None:
    result = reconcile_report(report(*rows), PEOPLE, SESSION)
    assert not any("another meeting" in warning for warning in result.warnings)


def test_the_new_reason_and_warning_are_translatable_messages() -> None:
    from echohub.attendance.import_text import REASONS, WARNINGS

    data = report(
        '"Ana Lima (binh.nguyen@example.org)",,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No'
    )
    reason = reconcile_report(data, PEOPLE, SESSION).rows[0].reason
    assert any(pattern.fullmatch(reason) for pattern, _text in REASONS), reason
    data = report("Ana Lima,ana.lima@example.org,01/08/2026 11:00 AM,01/08/2026 12:45 PM,105,No")
    (warning,) = reconcile_report(data, PEOPLE, SESSION).warnings
    assert any(pattern.fullmatch(warning) for pattern, _text in WARNINGS), warning


# --- a time of day without its date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("join", "leave"),
    [("12:30:00", "13:30:00"), ("12:30 PM", "1:30 PM"), ("12 h 30", "13 h 30")],
)
def test_a_time_without_its_date_is_refused_saying_the_date_is_missing(
    join: str, leave: str
) -> None:
    error = refusal(report(f"Ana Lima,ana.lima@example.org,{join},{leave},60,No"))
    assert error.code == "bad_time" and "no date" in str(error) and join in str(error)


def test_an_unreadable_time_with_a_date_is_not_said_to_lack_one() -> None:
    error = refusal(report("Ana Lima,ana.lima@example.org,01/08/2026 25:30,01/08/2026 26:30,60,No"))
    assert error.code == "bad_time" and "no date" not in str(error)


# --- a duration a spreadsheet saved as a fraction of a day ---------------------------------------
# "01:00:00" in a cell formatted General is written 0.0416666667: read as minutes, the row was
# credited nothing.


@pytest.mark.parametrize(
    ("leave", "duration", "expected"),
    [
        ("01:30 PM", "0.0416666667", 60),
        ("01:30 PM", "0,0416666667", 60),
        ("01:00 PM", "0.0208333333", 30),
        ("12:31 PM", "0.3333", 1),  # a fraction of a minute in a span of one: minutes
    ],
)
def test_a_day_fraction_duration_is_read_when_the_span_says_so(
    leave: str, duration: str, expected: int
) -> None:
    data = report(
        f'Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 {leave},"{duration}",No'
    )
    assert minutes(data).get("U1", 0) == expected


def test_a_dashboard_time_online_saved_as_a_day_fraction_counts_only_that_time() -> None:
    from .test_unseen_reports_4 import dashboard_row

    header = (
        "User,Moderator,Activity Score,Talk time,Webcam time,Messages,Reactions,Answers,"
        "Raise Hands,Join,Left,Duration"
    )
    row = dashboard_row("Ana Lima", "08/01/2026 12:30:00", "08/01/2026 13:30:00", "0.0208333333")
    assert minutes(report(row, header=header)) == {"U1": 30}


@pytest.mark.parametrize("duration", ["0.0625", "0.0416666667"])
def test_a_day_fraction_without_join_and_leave_is_refused_naming_both_readings(
    duration: str,
) -> None:
    header = "Name (Original Name),User Email,Total Duration (Minutes),Guest"
    data = f"{header}\r\nAna Lima,,{duration},No\r\n"
    error = refusal(data)
    assert error.code == "bad_duration" and duration in str(error)
    assert "fraction of a day" in str(error)


# --- rows with gaps, apart in time, add up ------------------------------------------------------
# "Total Duration" with join and leave: a row from 12:30 to 13:10 online 20 minutes and one
# from 13:20 to 14:00 online 20 minutes were credited 20 (the largest row), not the 40 surely
# spent; a row with gaps and a later plain segment, the row alone.

GAPPED = "Name (Original Name),User Email,Join Time,Leave Time,Total Duration (Minutes),Guest"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("12:30 PM", "01:10 PM", 20), ("01:20 PM", "02:00 PM", 20)], 40),
        ([("12:30 PM", "01:30 PM", 30), ("01:40 PM", "02:00 PM", 20)], 50),
        # overlapping spans (phone and laptop): the same minutes, perhaps: the largest
        ([("12:30 PM", "01:30 PM", 30), ("01:00 PM", "02:00 PM", 40)], 40),
        # a plain segment inside a row with gaps: the gaps may be where it is not
        ([("12:30 PM", "01:30 PM", 30), ("12:30 PM", "01:00 PM", 30)], 30),
        ([("12:30 PM", "01:30 PM", 40), ("01:00 PM", "01:30 PM", 30)], 40),
    ],
)
def test_rows_with_gaps_apart_in_time_add_up(
    rows: list[tuple[str, str, int]], expected: int
) -> None:
    data = report(
        *(
            f"Ana Lima,ana.lima@example.org,01/08/2026 {join},01/08/2026 {leave},{online},No"
            for join, leave, online in rows
        ),
        header=GAPPED,
    )
    assert minutes(data) == {"U1": expected}


@pytest.mark.django_db
def test_rows_with_gaps_apart_in_time_add_up_over_http(  # type: ignore[no-untyped-def]
    as_role, program, zoom_session, make_member
) -> None:
    from echohub.attendance.models import Attendance
    from echohub.programs.models import Role

    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    client = as_role(program, Role.COORDINATOR)
    data = report(
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:10 PM,20,No",
        "Ana Lima,ana.lima@example.org,01/08/2026 01:20 PM,01/08/2026 02:00 PM,20,No",
        header=GAPPED,
    )
    assert upload(client, program, zoom_session, data.encode()).status_code == 302
    assert Attendance.objects.get(user=ana).minutes == 40


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=-20, max_value=100),  # join, minutes from the start
            st.integers(min_value=1, max_value=90),  # span
            st.floats(min_value=0, max_value=1),  # share of the span online
        ),
        min_size=1,
        max_size=5,
    ),
    order=st.randoms(use_true_random=False),
)
def test_gapped_and_plain_rows_credit_between_the_sure_and_the_possible(rows, order) -> None:  # type: ignore[no-untyped-def]
    def line(join: int, span: int, share: float) -> str:
        first = SESSION.start + timedelta(minutes=join)
        last = first + timedelta(minutes=span)
        online = int(span * share)
        return (
            f"Ana Lima,ana.lima@example.org,{first:%m/%d/%Y %I:%M %p},{last:%m/%d/%Y %I:%M %p},"
            f"{online},No"
        )

    possible: set[int] = set()  # every minute of any span, within the session
    for join, span, _share in rows:
        possible.update(range(max(join, 0), min(join + span, 90)))
    lines = [line(*row) for row in rows]
    shuffled = order.sample(lines, len(lines))
    if not possible:
        assert refusal(report(*lines, header=GAPPED)).code == "no_overlap"
        return
    got = minutes(report(*lines, header=GAPPED)).get("U1", 0)
    assert got == minutes(report(*shuffled, header=GAPPED)).get("U1", 0)  # order-independent
    assert got <= len(possible) <= SESSION.length_minutes  # never more than was online
    for join, span, share in rows:  # never less than any one row surely spent inside
        inside = len(range(max(join, 0), min(join + span, 90)))
        online = int(span * share)
        surely = online if online >= span - 1 else max(0, online - (span - inside))
        assert got >= min(surely, inside)
