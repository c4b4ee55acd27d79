"""Follow-ups to hunt 8 (attfix9). Every name, address and number below is invented.

1. Since 280cd4a a report whose dates read both ways ("01/07/2026": 7 January or 1 July) is
   refused when the other reading falls on another session of the program. The coordinator's
   own report of a weekly series is refused so about six weekday pairs a year: the import form
   now asks how the file's dates are written (automatic, day first, month first) and reads them
   that way, refusing a date impossible in that order by its row.
2. Excel's booleans written in the workbook's language (VRAI / FAUX) in the Guest and waiting
   room columns are read, not refused.
3. Zoom's API import gets the CSV path's checks: the same day's other session's meeting, and
   rows that are an earlier import's moved by whole hours (that import's zone was wrong).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch
from echohub.programs.models import Role

from .conftest import HEADER

A = "ana.lima@example.org"
B = "binh.nguyen@example.org"


def report(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\r\n" + "".join(row + "\r\n" for row in rows)).encode()


# Written month first, as Zoom's US format: 7 January 2026 (or, day first, 1 July 2026).
JANUARY_US = report(
    f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",
    f"Binh Nguyen,{B},01/07/2026 12:35 PM,01/07/2026 02:00 PM,85,No",
)
# Written day first, as Excel re-saves it in most locales: 1 July 2026 (or 7 January).
JULY_EXCEL = report(
    f"Ana Lima;{A};01/07/2026 12:30;01/07/2026 13:00;30;No",
    f"Binh Nguyen;{B};01/07/2026 12:30;01/07/2026 14:00;90;No",
    header=HEADER.replace(",", ";"),
)


@pytest.fixture
def series(program: Any, make_member: Any, as_role: Any) -> dict[str, Any]:
    """A Wednesday series with sessions on 7 January and 1 July (12:30 in Toronto)."""
    from tests.factories import SessionFactory

    def zoom(start: datetime) -> Any:
        return SessionFactory(
            program=program,
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            time_zone="America/Toronto",
            video_provider="zoom",
            video_room="812 3456 7890",
        )

    january = zoom(datetime(2026, 1, 7, 17, 30, tzinfo=UTC))
    july = zoom(datetime(2026, 7, 1, 16, 30, tzinfo=UTC))
    ana = make_member(program, first_name="Ana", last_name="Lima", email=A)
    binh = make_member(program, first_name="Binh", last_name="Nguyen", email=B)
    client = as_role(program, Role.COORDINATOR)
    return {
        "program": program,
        "january": january,
        "july": july,
        "ana": ana,
        "binh": binh,
        "client": client,
    }


def upload(series: dict[str, Any], session: Any, data: bytes, **extra: str) -> Any:
    return series["client"].post(
        f"/p/{series['program'].slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("report.csv", data, "text/csv"),
            "time_zone": "America/Toronto",
            **extra,
        },
    )


def minutes(session: Any) -> dict[str, int]:
    return {
        a.user.email: a.minutes
        for a in Attendance.objects.filter(session=session).select_related("user")
    }


def chosen(html: str) -> str | None:
    """The date order the form shows as chosen."""
    for tag in re.findall(r"<input[^>]*name=\"date_order\"[^>]*>", html):
        if re.search(r"\bchecked\b", tag):
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else None
    return None


def nothing_stored() -> bool:
    return not (
        ImportBatch.objects.exists()
        or AttendanceRow.objects.exists()
        or Attendance.objects.exists()
    )


@pytest.mark.django_db
def test_the_form_offers_the_date_order_automatic_by_default(series: dict[str, Any]) -> None:
    page = series["client"].get(
        f"/p/{series['program'].slug}/attendance/sessions/{series['january'].pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dates in this file" in html
    assert chosen(html) == "auto"
    assert 'value="day"' in html and 'value="month"' in html


@pytest.mark.django_db
def test_own_report_refused_as_ambiguous_says_to_choose_the_order(
    series: dict[str, Any],
) -> None:
    response = upload(series, series["january"], JANUARY_US)
    html = response.content.decode()
    assert response.status_code == 400
    assert "01/07/2026" in html
    assert "Dates in this file" in html and "month first" in html
    # The message stands at the choice it asks for.
    assert 'id="id_date_order_error"' in html
    assert nothing_stored()


@pytest.mark.django_db
def test_the_same_upload_with_the_order_chosen_is_credited_to_its_session(
    series: dict[str, Any],
) -> None:
    response = upload(series, series["january"], JANUARY_US, date_order="month")
    assert response.status_code == 302
    assert minutes(series["january"]) == {A: 60, B: 85}
    assert minutes(series["july"]) == {}
    batch = ImportBatch.objects.get()
    assert batch.session_id == series["january"].pk
    assert {row.join_at.astimezone(UTC).date() for row in AttendanceRow.objects.all()} == {
        datetime(2026, 1, 7).date()
    }


@pytest.mark.django_db
def test_a_day_first_file_with_day_first_chosen_is_credited_to_the_july_session(
    series: dict[str, Any],
) -> None:
    assert upload(series, series["july"], JULY_EXCEL).status_code == 400  # automatic: refused
    response = upload(series, series["july"], JULY_EXCEL, date_order="day")
    assert response.status_code == 302
    assert minutes(series["july"]) == {A: 30, B: 90}
    assert minutes(series["january"]) == {}


@pytest.mark.django_db
def test_the_wrong_order_chosen_is_refused_as_another_days_report(
    series: dict[str, Any],
) -> None:
    # Day first reads the January file as 1 July: far from the January session, refused.
    response = upload(series, series["january"], JANUARY_US, date_order="day")
    html = response.content.decode()
    assert response.status_code == 400
    assert "another day" in html
    assert chosen(html) == "day"  # the choice comes back as it was sent
    assert nothing_stored()


@pytest.mark.parametrize(
    ("order", "cell", "words"),
    [
        ("day", "07/13/2026 12:40 PM", "day first"),
        ("month", "13/01/2026 12:40", "month first"),
    ],
)
@pytest.mark.django_db
def test_a_date_impossible_in_the_chosen_order_is_refused_naming_its_row(
    series: dict[str, Any], order: str, cell: str, words: str
) -> None:
    data = report(
        f"Ana Lima,{A},01/07/2026 12:30 PM,01/07/2026 01:30 PM,60,No",
        f"Binh Nguyen,{B},{cell},{cell},0,No",
    )
    response = upload(series, series["january"], data, date_order=order)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Row 2" in html and cell in html.replace("&#x27;", "'")
    assert words in html and "Dates in this file" in html
    assert chosen(html) == order
    assert nothing_stored()


@pytest.mark.parametrize("value", ["sideways", "DAY", "1", "auto ", "day,month"])
@pytest.mark.django_db
def test_a_bad_date_order_is_refused_and_nothing_imported(
    series: dict[str, Any], value: str
) -> None:
    response = upload(series, series["january"], JANUARY_US, date_order=value)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_date_order_error"' in html
    assert nothing_stored()


@pytest.mark.django_db
def test_a_missing_date_order_is_automatic(series: dict[str, Any]) -> None:
    # Sent without the field (an older page, a script): read as before, and shown as such.
    response = upload(series, series["january"], JANUARY_US)
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_date_order_error"' in html
    assert chosen(html) == "auto"
    iso = report(f"Ana Lima,{A},2026-01-07 12:30,2026-01-07 13:30,60,No")
    assert upload(series, series["january"], iso).status_code == 302
    assert minutes(series["january"]) == {A: 60}


def test_the_engine_refuses_an_unknown_order() -> None:
    from echohub.attendance.errors import AttendanceError
    from echohub.attendance.zoom_csv import parse_zoom_report

    with pytest.raises(AttendanceError) as caught:
        parse_zoom_report(JANUARY_US, time_zone="America/Toronto", date_order="ymd")
    assert caught.value.code == "bad_date_order"


# --- 2. Excel's booleans in its own language ------------------------------------------------
# A report opened in a French Excel and saved again has VRAI / FAUX in its Guest and waiting
# room columns (Excel turned "TRUE" / "FALSE" into booleans and writes them in French): the
# whole report was refused ("Guest must be Yes or No, not “FAUX”").

WAITING_HEADER = (
    "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest;In Waiting Room"
)


@pytest.mark.parametrize(
    ("yes", "no"),
    [
        ("VRAI", "FAUX"),
        ("vrai", "faux"),
        ("Vrai", "Faux"),
        ("OUI", "NON"),
        ("oui", "non"),
        ("TRUE", "FALSE"),
        ("True", "False"),
        ("true", "false"),
        ("VERDADERO", "FALSO"),
        ("WAHR", "FALSCH"),
    ],
)
def test_excel_booleans_in_the_guest_and_waiting_columns_are_read(
    yes: str, no: str, session: Any, roster: Any
) -> None:
    from echohub.attendance.reconcile import reconcile_report

    data = report(
        # In the waiting room 12:25 to 12:30, then in the meeting until 13:30.
        f"Priya Cardinal;priya.cardinal@example.org;08/01/2026 12:25;08/01/2026 12:30;5;{no};{yes}",
        f"Priya Cardinal;priya.cardinal@example.org;08/01/2026 12:30;08/01/2026 13:30;60;{no};{no}",
        f"Daniel Dubois;daniel.dubois@example.org;08/01/2026 12:30;08/01/2026 14:00;90;{yes};{no}",
        # Waited the whole session: no attendance.
        f"Thomas Turner;thomas.turner@example.org;08/01/2026 12:30;08/01/2026 14:00;90;{no};{yes}",
        header=WAITING_HEADER,
    )
    result = reconcile_report(data, roster, session)
    assert {pid: p.minutes for pid, p in result.people.items()} == {"P001": 60, "P004": 90}


def test_a_flag_that_is_no_yes_or_no_is_still_refused(session: Any, roster: Any) -> None:
    from echohub.attendance.errors import AttendanceError
    from echohub.attendance.reconcile import reconcile_report

    data = report(
        "Priya Cardinal;priya.cardinal@example.org;08/01/2026 12:30;08/01/2026 13:30;60;FAUX;"
        "peut-être",
        header=WAITING_HEADER,
    )
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, roster, session)
    assert caught.value.code == "bad_value" and caught.value.row == 1


# --- 3. Zoom's API import: the same checks as an uploaded report -------------------------------
# The API gives the meeting id's latest instance. On a day with a morning and an afternoon
# session of the series, fetching on the afternoon session got the morning's meeting and
# credited its overrun (ab5fabe refused this for an uploaded CSV only). And a CSV imported
# first with its times read in the wrong zone, then Zoom's exact rows, were added together
# (280cd4a refused this for a second CSV only).


def entry(name: str, email: str, join: str, leave: str) -> dict[str, str]:
    return {
        "name": name,
        "user_email": email,
        "join_time": join,
        "leave_time": leave,
        "status": "in_meeting",
    }


@pytest.fixture
def same_day(program: Any, make_member: Any, as_role: Any) -> dict[str, Any]:
    """A morning session 09:00-12:00 and an afternoon one 12:30-14:00 (Toronto), one Zoom id."""
    from tests.factories import SessionFactory

    def zoom(start: datetime, minutes: int) -> Any:
        return SessionFactory(
            program=program,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            time_zone="America/Toronto",
            video_provider="zoom",
            video_room="812 3456 7890",
        )

    return {
        "morning": zoom(datetime(2026, 1, 8, 14, 0, tzinfo=UTC), 180),
        "afternoon": zoom(datetime(2026, 1, 8, 17, 30, tzinfo=UTC), 90),
        "ana": make_member(program, first_name="Ana", last_name="Lima", email=A),
        "binh": make_member(program, first_name="Binh", last_name="Nguyen", email=B),
        "client": as_role(program, Role.COORDINATOR),
        "program": program,
    }


# The morning's meeting, left at 12:45 and 12:40 (Toronto): past the afternoon's start.
MORNING_PAGE = {
    "participants": [
        entry("Ana Lima", A, "2026-01-08T13:58:00Z", "2026-01-08T17:45:00Z"),
        entry("Binh Nguyen", B, "2026-01-08T14:00:00Z", "2026-01-08T17:40:00Z"),
    ]
}


def fetch(monkeypatch: Any, setup: dict[str, Any], session: Any, page: dict[str, Any]) -> Any:
    from echohub.attendance import services, zoom_fetch

    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [page])
    return services.import_zoom_api(actor=setup["client"].user, session=session)


@pytest.mark.django_db
def test_fetching_the_same_days_other_meeting_is_refused(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    from echohub.attendance.services import AttendanceRefused

    with pytest.raises(AttendanceRefused) as caught:
        fetch(monkeypatch, same_day, same_day["afternoon"], MORNING_PAGE)
    assert caught.value.code == "wrong_meeting"
    assert "another session of this program" in caught.value.message
    assert nothing_stored()


@pytest.mark.django_db
def test_the_fetch_page_says_why_the_other_meeting_was_refused(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    from echohub.attendance import zoom_fetch

    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [MORNING_PAGE])
    program, afternoon = same_day["program"], same_day["afternoon"]
    response = same_day["client"].post(
        f"/p/{program.slug}/attendance/sessions/{afternoon.pk}/fetch-zoom/", follow=True
    )
    assert "another session of this program" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_fetching_a_meeting_on_its_own_session_is_credited(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    fetch(monkeypatch, same_day, same_day["morning"], MORNING_PAGE)
    assert minutes(same_day["morning"]) == {A: 180, B: 180}
    # The afternoon's own meeting, opened while the morning's overran, is still read.
    afternoon = {
        "participants": [
            entry("Ana Lima", A, "2026-01-08T17:20:00Z", "2026-01-08T19:00:00Z"),
            entry("Binh Nguyen", B, "2026-01-08T17:45:00Z", "2026-01-08T18:45:00Z"),
        ]
    }
    fetch(monkeypatch, same_day, same_day["afternoon"], afternoon)
    assert minutes(same_day["afternoon"]) == {A: 90, B: 60}


# Written in Toronto time; read as Winnipeg's (an hour behind) it lands an hour later.
TORONTO_CSV = report(
    f"Ana Lima,{A},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
    f"Binh Nguyen,{B},01/08/2026 12:30 PM,01/08/2026 01:00 PM,30,No",
)
EXACT_PAGE = {
    "participants": [
        entry("Ana Lima", A, "2026-01-08T17:30:00Z", "2026-01-08T18:00:00Z"),
        entry("Binh Nguyen", B, "2026-01-08T17:30:00Z", "2026-01-08T18:00:00Z"),
    ]
}


@pytest.mark.django_db
def test_fetching_after_a_csv_read_in_the_wrong_zone_is_refused(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    from echohub.attendance import services
    from echohub.attendance.services import AttendanceRefused

    afternoon = same_day["afternoon"]
    services.import_zoom_report(
        actor=same_day["client"].user,
        session=afternoon,
        data=TORONTO_CSV,
        time_zone="America/Winnipeg",
    )
    assert minutes(afternoon) == {A: 30, B: 30}
    with pytest.raises(AttendanceRefused) as caught:
        fetch(monkeypatch, same_day, afternoon, EXACT_PAGE)
    assert caught.value.code == "shifted_copy"
    assert "America/Winnipeg" in caught.value.message and "1 h earlier" in caught.value.message
    assert minutes(afternoon) == {A: 30, B: 30}  # not 60: nothing added
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db
def test_fetching_after_a_csv_read_in_the_right_zone_adds_no_minutes(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    from echohub.attendance import services

    afternoon = same_day["afternoon"]
    services.import_zoom_report(
        actor=same_day["client"].user,
        session=afternoon,
        data=TORONTO_CSV,
        time_zone="America/Toronto",
    )
    fetch(monkeypatch, same_day, afternoon, EXACT_PAGE)
    assert minutes(afternoon) == {A: 30, B: 30}
    # A genuinely later stay an hour on (one row of two) is still read.
    later = {
        "participants": [
            *EXACT_PAGE["participants"],
            entry("Ana Lima", A, "2026-01-08T18:30:00Z", "2026-01-08T19:00:00Z"),
        ]
    }
    fetch(monkeypatch, same_day, afternoon, later)
    assert minutes(afternoon) == {A: 60, B: 30}


@pytest.mark.django_db
def test_a_csv_read_in_the_wrong_zone_after_a_fetch_is_not_told_to_choose_utc(
    same_day: dict[str, Any], monkeypatch: Any
) -> None:
    # Zoom's rows are stored with the batch zone "UTC": the refusal of a CSV read an hour off
    # said "Import it choosing UTC", which would read 12:30 as 07:30 in Toronto.
    from echohub.attendance import services
    from echohub.attendance.services import AttendanceRefused

    afternoon = same_day["afternoon"]
    fetch(monkeypatch, same_day, afternoon, EXACT_PAGE)
    with pytest.raises(AttendanceRefused) as caught:
        services.import_zoom_report(
            actor=same_day["client"].user,
            session=afternoon,
            data=TORONTO_CSV,
            time_zone="America/Winnipeg",
        )
    said = caught.value.message
    assert caught.value.code == "shifted_copy" and caught.value.field == "time_zone"
    assert "choosing UTC" not in said and "Zoom account's time zone" in said
    assert "America/Winnipeg" in said and "1 h later" in said
    assert minutes(afternoon) == {A: 30, B: 30}
    # Read in the right zone it adds nothing (the same times).
    services.import_zoom_report(
        actor=same_day["client"].user,
        session=afternoon,
        data=TORONTO_CSV,
        time_zone="America/Toronto",
    )
    assert minutes(afternoon) == {A: 30, B: 30}
