"""Follow-ups to hunt 8 (attfix9). Every name, address and number below is invented.

1. Since 280cd4a a report whose dates read both ways ("01/07/2026": 7 January or 1 July) is
   refused when the other reading falls on another session of the program. The coordinator's
   own report of a weekly series is refused so about six weekday pairs a year: the import form
   now asks how the file's dates are written (automatic, day first, month first) and reads them
   that way, refusing a date impossible in that order by its row.
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
