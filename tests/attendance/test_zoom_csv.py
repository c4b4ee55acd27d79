"""The Zoom participants report parser: every layout, encodings, and refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from echohub.attendance.errors import AttendanceError
from echohub.attendance.zoom_csv import parse_zoom_report

from .conftest import TORONTO

TZ = "America/Toronto"
PREAMBLE = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
    "812 3456 7890,Chronic Pain ECHO,01/08/2026 12:30:00 PM,01/08/2026 02:00:00 PM,"
    "echo.hub@example.org,120,2\r\n\r\n"
)
ROW = (
    "Priya Cardinal,priya.cardinal@example.org,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,86,No"
)

MakeCsv = Callable[..., bytes]


def test_per_join_layout_reads_names_emails_and_local_times(make_csv: MakeCsv) -> None:
    report = parse_zoom_report(
        make_csv([ROW, ROW.replace("Priya Cardinal", "Hope Mercer")]), time_zone=TZ
    )
    assert report.layout == "segments"
    assert len(report.rows) == 2
    first = report.rows[0]
    assert (first.row, first.name, first.email) == (
        1,
        "Priya Cardinal",
        "priya.cardinal@example.org",
    )
    assert first.join == datetime(2026, 1, 8, 12, 11, 4, tzinfo=TORONTO)
    assert first.leave == datetime(2026, 1, 8, 13, 37, 26, tzinfo=TORONTO)
    assert first.duration_minutes == 86
    assert first.guest is False
    assert first.waiting_room is False
    assert report.warnings == ()


def test_preamble_block_gives_the_meeting_id(make_csv: MakeCsv) -> None:
    data = make_csv([ROW], preamble=PREAMBLE)
    report = parse_zoom_report(data, time_zone=TZ, meeting_id="81234567890")
    assert report.meeting_id == "812 3456 7890"
    assert report.meeting_start == datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO)
    assert report.rows[0].line == 5


def test_preamble_with_another_meeting_id_is_refused(make_csv: MakeCsv) -> None:
    data = make_csv([ROW], preamble=PREAMBLE)
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ, meeting_id="999 0000 1111")
    assert caught.value.code == "wrong_meeting"
    assert "812 3456 7890" in str(caught.value)


def test_waiting_room_and_recording_consent_columns(make_csv: MakeCsv) -> None:
    header = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Recording Consent,In Waiting Room"
    )
    data = make_csv([ROW + ",Yes,Yes", ROW + ",Yes,No"], header=header)
    report = parse_zoom_report(data, time_zone=TZ)
    assert [row.waiting_room for row in report.rows] == [True, False]
    assert report.warnings == ()


def test_unique_users_layout_has_durations_only(make_csv: MakeCsv) -> None:
    header = "Name (Original Name),User Email,Total Duration (Minutes),Guest"
    data = make_csv(["Priya Cardinal,priya.cardinal@example.org,75,No"], header=header)
    report = parse_zoom_report(data, time_zone=TZ)
    assert report.layout == "unique_users"
    row = report.rows[0]
    assert (row.join, row.leave, row.duration_minutes) == (None, None, 75)
    assert any("unique-users" in warning for warning in report.warnings)


def test_utf8_bom_is_stripped(make_csv: MakeCsv) -> None:
    data = make_csv(["Fatima Bélanger,," + ROW.split(",", 2)[2]], encoding="utf-8-sig")
    report = parse_zoom_report(data, time_zone=TZ)
    assert report.encoding == "utf-8-sig"
    assert report.rows[0].name == "Fatima Bélanger"


def test_latin1_file_is_read(make_csv: MakeCsv) -> None:
    data = make_csv(["Hélène Côté,," + ROW.split(",", 2)[2]], encoding="latin-1")
    report = parse_zoom_report(data, time_zone=TZ)
    assert report.rows[0].name == "Hélène Côté"
    assert report.encoding in ("cp1252", "latin-1")
    assert report.warnings == (f"the file is not UTF-8: read as {report.encoding}",)


def test_utf16_with_bom_is_read(make_csv: MakeCsv) -> None:
    report = parse_zoom_report(make_csv([ROW], encoding="utf-16"), time_zone=TZ)
    assert report.rows[0].name == "Priya Cardinal"


def test_binary_garbage_is_a_bad_encoding() -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(b"\x00\x01\x02PK\x03\x04", time_zone=TZ)
    assert caught.value.code == "bad_encoding"


@pytest.mark.parametrize(
    ("join", "leave"),
    [
        ("01/08/2026 12:11:04 PM", "01/08/2026 01:37:26 PM"),
        ("2026-01-08 12:11:04", "2026-01-08 13:37:26"),
        ("01/08/2026 12:11", "01/08/2026 13:37"),
        ("01/08/2026 12:11:04", "01/08/2026 13:37:26"),
        ('"Jan 8, 2026 12:11 PM"', '"Jan 8, 2026 01:37 PM"'),
        ("2026-01-08T12:11:04", "2026-01-08T13:37:26"),
    ],
)
def test_timestamp_formats(make_csv: MakeCsv, join: str, leave: str) -> None:
    data = make_csv([f"Priya Cardinal,,{join},{leave},86,Yes"])
    row = parse_zoom_report(data, time_zone=TZ).rows[0]
    assert row.join is not None and row.leave is not None
    assert row.join.replace(second=0) == datetime(2026, 1, 8, 12, 11, tzinfo=TORONTO)
    assert row.leave.replace(second=0) == datetime(2026, 1, 8, 13, 37, tzinfo=TORONTO)


def test_times_are_read_in_the_account_time_zone(make_csv: MakeCsv) -> None:
    row = parse_zoom_report(make_csv([ROW]), time_zone="America/Vancouver").rows[0]
    assert row.join is not None
    assert row.join.utcoffset() is not None
    assert row.join.isoformat() == "2026-01-08T12:11:04-08:00"


def test_truncated_last_row_names_the_row(make_csv: MakeCsv) -> None:
    data = make_csv([ROW, "Hope Mercer,hope.mercer@example.org,01/08/2026 12:3"])
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert caught.value.code == "truncated_row"
    assert caught.value.row == 2
    assert "row 2" in str(caught.value)


def test_cut_timestamp_is_a_bad_time(make_csv: MakeCsv) -> None:
    data = make_csv([ROW.replace("01:37:26 PM", "01:3")])
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert (caught.value.code, caught.value.row) == ("bad_time", 1)


def test_unterminated_quote_is_malformed_csv(make_csv: MakeCsv) -> None:
    data = make_csv([ROW, '"Hope Mercer,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes'])
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert caught.value.code in ("malformed_csv", "truncated_row")


def test_extra_unquoted_comma_is_a_malformed_row(make_csv: MakeCsv) -> None:
    data = make_csv(["Smith, Jane,," + ROW.split(",", 2)[2]])
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert (caught.value.code, caught.value.row) == ("malformed_row", 1)


def test_missing_leave_time_column_is_refused(make_csv: MakeCsv) -> None:
    header = "Name (Original Name),User Email,Join Time,Duration (Minutes),Guest"
    data = make_csv(["Priya Cardinal,,01/08/2026 12:11:04 PM,86,No"], header=header)
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert caught.value.code == "missing_column"
    assert "Leave Time" in str(caught.value)


def test_file_without_participant_header_is_refused() -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(b"person_id,first_name\r\nP001,Priya\r\n", time_zone=TZ)
    assert caught.value.code == "missing_header"


def test_header_without_rows_is_an_empty_report(make_csv: MakeCsv) -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(make_csv([]), time_zone=TZ)
    assert caught.value.code == "empty_report"


def test_unknown_extra_columns_are_tolerated_and_named(make_csv: MakeCsv) -> None:
    header = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Marketing Opt-In,Favourite Colour"
    )
    report = parse_zoom_report(make_csv([ROW + ",No,Blue"], header=header), time_zone=TZ)
    assert report.rows[0].name == "Priya Cardinal"
    assert report.warnings == ("ignored unknown columns: Favourite Colour",)


def test_columns_in_another_order(make_csv: MakeCsv) -> None:
    header = "User Email,Guest,Leave Time,Join Time,Name (Original Name),Duration (Minutes)"
    data = make_csv(
        ["priya.cardinal@example.org,No,01/08/2026 01:37:26 PM,01/08/2026 12:11:04 PM,Priya C,86"],
        header=header,
    )
    row = parse_zoom_report(data, time_zone=TZ).rows[0]
    assert (row.name, row.email, row.duration_minutes) == (
        "Priya C",
        "priya.cardinal@example.org",
        86,
    )


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (
            "Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,-5,No",
            "negative_duration",
        ),
        (
            "Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,99999,No",
            "absurd_duration",
        ),
        ("Priya Cardinal,,01/08/2026 01:37:26 PM,01/08/2026 12:11:04 PM,0,No", "negative_duration"),
        (
            "Priya Cardinal,,01/08/2026 12:11:04 PM,01/10/2026 12:11:04 PM,2880,No",
            "absurd_duration",
        ),
        (
            "Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,300,No",
            "duration_mismatch",
        ),
        ("Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,eighty,No", "bad_duration"),
        ("Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,86,Maybe", "bad_value"),
    ],
)
def test_impossible_rows_are_refused_with_their_row_number(
    make_csv: MakeCsv, row: str, code: str
) -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(make_csv([ROW, row]), time_zone=TZ)
    assert caught.value.code == code
    assert caught.value.row == 2


def test_meeting_id_column_on_every_row_is_checked(make_csv: MakeCsv) -> None:
    header = "Meeting ID,Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"
    rows = [
        "812 3456 7890,Priya Cardinal,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,86",
        "111 2222 3333,Hope Mercer,,01/08/2026 12:11:04 PM,01/08/2026 01:37:26 PM,86",
    ]
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(make_csv(rows, header=header), time_zone=TZ, meeting_id="812 3456 7890")
    assert (caught.value.code, caught.value.row) == ("wrong_meeting", 2)


def test_blank_lines_are_not_rows_but_are_reported(make_csv: MakeCsv) -> None:
    report = parse_zoom_report(make_csv([ROW, "", ROW, "", ""]), time_zone=TZ)
    assert [row.row for row in report.rows] == [1, 2]
    assert any("blank lines ignored" in warning for warning in report.warnings)


def test_unknown_time_zone_is_refused(make_csv: MakeCsv) -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(make_csv([ROW]), time_zone="Mars/Olympus")
    assert caught.value.code == "bad_time_zone"


def test_fingerprints_are_stable_and_distinct(make_csv: MakeCsv) -> None:
    data = make_csv([ROW, ROW, ROW.replace("12:11:04", "12:15:00").replace(",86,", ",82,")])
    first = parse_zoom_report(data, time_zone=TZ)
    again = parse_zoom_report(data, time_zone=TZ)
    prints = [row.fingerprint for row in first.rows]
    assert prints == [row.fingerprint for row in again.rows]
    assert len(set(prints)) == 3  # an exact duplicate row still gets its own fingerprint


def test_header_spelling_variants_are_recognised(make_csv: MakeCsv) -> None:
    header = "name(original name),EMAIL,join time,Leave time,Duration(minutes),guest"
    row = parse_zoom_report(make_csv([ROW], header=header), time_zone=TZ).rows[0]
    assert (row.name, row.email) == ("Priya Cardinal", "priya.cardinal@example.org")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook"),
        (b"\x00\x01\x02 garbage", "binary data"),
    ],
)
def test_a_file_that_is_not_a_csv_is_named_in_peoples_words(data: bytes, said: str) -> None:
    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(data, time_zone=TZ)
    assert said in caught.value.message and "Export" in caught.value.message
    assert "NUL" not in caught.value.message and "BOM" not in caught.value.message
