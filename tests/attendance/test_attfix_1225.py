# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""Fixes of the twelfth attendance hunt (each test failed before its fix). Every name, address
and number is invented."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from echohub.attendance import services
from echohub.attendance.errors import AttendanceError
from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.attendance.reconcile import RosterPerson, Session, reconcile_report
from tests.attendance_webhooks.conftest import (  # noqa: F401 (fixtures)
    _fresh_replay_memory,
    people,
    recorded,
    zoom_session,
)

TORONTO = ZoneInfo("America/Toronto")
HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
# Zoom's export of the fixture's session (12:30 to 14:00 in Toronto): Hope 38 min 50 s, a
# guest and a phone line.
ORIGINAL = (
    HEADER
    + "\r\n"
    + "Hope Mercer,hope.mercer@clinic.test,01/08/2026 12:31:30 PM,01/08/2026 01:10:20 PM,38,No\r\n"
    + "Guest 4,,01/08/2026 12:35:10 PM,01/08/2026 01:00:40 PM,25,Yes\r\n"
    + "+1 613 *** **27,,01/08/2026 12:40:05 PM,01/08/2026 01:05:45 PM,25,Yes\r\n"
).encode()
# The same file re-saved by a Canadian-French Excel: semicolons, Windows-1252, seconds gone.
RESAVED = (
    "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest;;\r\n"
    "Hope Mercer;hope.mercer@clinic.test;1/8/2026 12:31;1/8/2026 13:10;38;No;;\r\n"
    "Guest 4;;1/8/2026 12:35;1/8/2026 13:00;25;Yes;;\r\n"
    "+1 613 *** **27;;1/8/2026 12:40;1/8/2026 13:05;25;Yes;;\r\n"
).encode("cp1252")


def minutes_of(user: Any) -> int:
    found = Attendance.objects.filter(user=user).first()
    return found.minutes if found else 0


# --- (a) The original uploaded after its Excel copy -------------------------------------------


@pytest.mark.django_db
def test_the_original_after_its_excel_copy_gives_back_the_exact_minutes(zoom_session, people):
    """Before: the copy's 12:31 to 13:10 stayed and Hope was credited 39 minutes for a stay of
    38 min 50 s (more than her time online). The original's seconds now replace the copy's
    minutes; no row is added and the queue is unchanged."""
    coordinator = people["coordinator"]
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=RESAVED)
    queue = sorted(
        AttendanceRow.objects.filter(status=RowStatus.UNMATCHED).values_list("name", flat=True)
    )
    result = services.import_zoom_report(actor=coordinator, session=zoom_session, data=ORIGINAL)
    assert result.new_rows == 0 and AttendanceRow.objects.count() == 3
    assert result.refined == 3  # Hope, the guest and the phone line: each had its seconds
    assert minutes_of(people["hope"]) == 38
    hope = AttendanceRow.objects.get(user=people["hope"])
    assert hope.join_at == datetime(2026, 1, 8, 17, 31, 30, tzinfo=UTC)
    assert hope.leave_at == datetime(2026, 1, 8, 18, 10, 20, tzinfo=UTC)
    assert (
        sorted(
            AttendanceRow.objects.filter(status=RowStatus.UNMATCHED).values_list("name", flat=True)
        )
        == queue
    )
    # Either file again changes nothing.
    for data in (ORIGINAL, RESAVED):
        again = services.import_zoom_report(actor=coordinator, session=zoom_session, data=data)
        assert again.new_rows == 0 and minutes_of(people["hope"]) == 38


@pytest.mark.django_db
def test_a_decision_on_the_copys_row_is_kept_when_the_original_refines_it(zoom_session, people):
    """The guest row of the copy marked a guest by the coordinator stays a guest."""
    coordinator = people["coordinator"]
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=RESAVED)
    guest = AttendanceRow.objects.get(name="Guest 4")
    services.mark_guest(actor=coordinator, row=guest)
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=ORIGINAL)
    guest.refresh_from_db()
    assert guest.status == RowStatus.GUEST
    assert guest.join_at == datetime(2026, 1, 8, 17, 35, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_the_import_page_says_the_original_refined_the_copys_times(client, zoom_session, people):
    """Before: 'nothing changed' while minutes changed (or, before the fix, stayed rounded)."""
    client.force_login(people["coordinator"])
    for name, data in (("copy.csv", RESAVED), ("participants.csv", ORIGINAL)):
        page = client.post(
            f"/p/{zoom_session.program.slug}/attendance/sessions/{zoom_session.pk}/import/",
            {
                "file": SimpleUploadedFile(name, data, content_type="text/csv"),
                "time_zone": "America/Toronto",
                "date_order": "month",
            },
            follow=True,
        )
    said = page.content.decode()
    assert "3 of them, imported from a copy without seconds, now have this report" in said
    assert "nothing changed" not in said
    assert minutes_of(people["hope"]) == 38


# --- (b) A CSV after the live webhooks: each guest once in the queue --------------------------

JOINED = json.loads(recorded("zoom_participant_joined.json"))
LEFT = json.loads(recorded("zoom_participant_left.json"))
START = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)


def zoom_event(kind: str, name: str, email: str, key: str, at: datetime) -> dict[str, Any]:
    body = json.loads(json.dumps(JOINED if kind == "joined" else LEFT))
    participant = body["payload"]["object"]["participant"]
    participant.update(
        user_name=name, email=email, registrant_id="", participant_uuid=key, user_id="", id=""
    )
    participant["join_time" if kind == "joined" else "leave_time"] = at.strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return body


@pytest.mark.django_db
def test_a_csv_after_the_live_webhooks_lists_each_guest_once(zoom_session, people):
    """Before: the guest and the phone line seen live were queued again from the report (four
    rows to decide for two connections); Hope's minutes were right either way."""
    live = [
        ("Hope Mercer", "hope.mercer@clinic.test", "c1", (90, 2420)),
        ("Guest 4", "", "c2", (310, 1840)),
        ("+1 613 *** **27", "", "c3", (605, 2145)),
    ]
    for name, email, key, (join, leave) in live:
        services.record_zoom_event(
            event=zoom_event("joined", name, email, key, START + timedelta(seconds=join))
        )
        services.record_zoom_event(
            event=zoom_event("left", name, email, key, START + timedelta(seconds=leave))
        )
    assert minutes_of(people["hope"]) == 38
    assert (
        AttendanceRow.objects.filter(status__in=(RowStatus.UNMATCHED, RowStatus.REVIEW)).count()
        == 2
    )
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    queued = AttendanceRow.objects.filter(status__in=(RowStatus.UNMATCHED, RowStatus.REVIEW))
    assert sorted(queued.values_list("name", flat=True)) == ["+1 613 *** **27", "Guest 4"]
    assert minutes_of(people["hope"]) == 38


@pytest.mark.django_db
def test_a_csv_stay_the_webhooks_missed_is_still_added(zoom_session, people):
    """Only a connection the webhooks recorded whole, to the minute, is skipped: a guest's
    second stay the webhooks never saw is queued."""
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=310))
    )
    services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1840))
    )
    later = ORIGINAL + b"Guest 4,,01/08/2026 01:20:00 PM,01/08/2026 01:40:00 PM,20,Yes\r\n"
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=later
    )
    assert result.new_rows == 3  # Hope, the phone line, the guest's second stay
    assert AttendanceRow.objects.filter(name="Guest 4").count() == 2


# --- (c) Zoom reports exported in German, Spanish, Portuguese, Japanese -----------------------

NOON = Session(
    datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
    datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
)
ROSTER = [RosterPerson("A", "Maëlle", "Fontaine", "maelle.fontaine@north.test")]
MAELLE = "Maëlle Fontaine,MAELLE.FONTAINE@north.test"


@pytest.mark.parametrize(
    ("header", "row", "order"),
    [
        (
            "Name (ursprünglicher Name),E-Mail,Beitrittszeit,Austrittszeit,Dauer (Minuten)",
            f"{MAELLE},08.01.2026 12:31:00,08.01.2026 13:40:00,69",
            "day",
        ),
        (
            "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
            "Duración (minutos),Invitado,En sala de espera",
            f"{MAELLE},08/01/2026 12:31:00,08/01/2026 13:40:00,69,No,No",
            "day",
        ),
        (
            "Nombre (nombre original),E-mail del usuario,Hora para unirse,Hora para salir,"
            "Duración (minutos)",
            f"{MAELLE},08/01/2026 12:31:00 p. m.,08/01/2026 01:40:00 p. m.,69",
            "day",
        ),
        (
            "Nome (nome original),E-mail,Ingressar na hora,Hora de saída,Duração (minutos),"
            "Convidado,Na sala de espera",
            f"{MAELLE},08/01/2026 12:31:00,08/01/2026 13:40:00,69,Não,Não",
            "day",
        ),
        (
            "名前 (元の名前),ユーザーメール,参加時刻,退出時刻,所要時間（分）",
            f"{MAELLE},2026/1/8 12:31,2026/1/8 13:40,69",
            "auto",
        ),
    ],
    ids=["de", "es", "es-older", "pt-br", "ja"],
)
def test_zoom_reports_in_other_languages_are_read(header: str, row: str, order: str) -> None:
    """Before: refused, 'no participant header found'."""
    for encoding in ("utf-8-sig", "utf-16"):
        data = (header + "\r\n" + row + "\r\n").encode(encoding)
        result = reconcile_report(data, ROSTER, NOON, date_order=order)
        assert {p: a.minutes for p, a in result.people.items()} == {"A": 69}


def test_a_waiting_room_row_of_a_spanish_report_counts_nothing() -> None:
    data = (
        "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
        "Duración (minutos),Invitado,En sala de espera\r\n"
        f"{MAELLE},08/01/2026 12:20:00,08/01/2026 12:31:00,11,No,Sí\r\n"
        f"{MAELLE},08/01/2026 12:31:00,08/01/2026 13:00:00,29,No,No\r\n"
    ).encode()
    result = reconcile_report(data, ROSTER, NOON, date_order="day")
    assert {p: a.minutes for p, a in result.people.items()} == {"A": 29}


def test_a_report_in_a_language_not_read_is_refused_in_words() -> None:
    data = "이름(원래 이름),사용자 이메일,참가 시간,나간 시간,기간(분)\r\nX,,1,2,3\r\n".encode()
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(data, ROSTER, NOON)
    said = str(caught.value)
    assert caught.value.code == "missing_header" and "이름(원래 이름)" in said
    assert "English, French, German, Spanish, Portuguese or Japanese" in said


# --- French clocks: « h » on a 12-hour clock, a long date with its weekday --------------------


@pytest.mark.parametrize(
    ("join", "leave", "order"),
    [
        ("08/01/2026 12 h 31 p.m.", "08/01/2026 1 h 40 p.m.", "day"),
        ("08/01/2026 12 h 31 p.m.", "08/01/2026 1 h 40 p.m.", "auto"),
        ("2026-01-08 12 h 31 p. m.", "2026-01-08 1 h 40 p. m.", "auto"),
        ("8/1/2026 12 h 31 PM", "8/1/2026 1 h 40 PM", "day"),
        ("8 janvier 2026 12 h 31 p.m.", "8 janvier 2026 1 h 40 p.m.", "auto"),
        ("jeudi 8 janvier 2026 12 h 31", "jeudi 8 janvier 2026 13 h 40", "auto"),
        ("jeu. 8 janv. 2026 12 h 31", "jeu. 8 janv. 2026 13 h 40", "auto"),
    ],
)
def test_french_clocks_with_a_dot_m_or_a_weekday_are_read(
    join: str, leave: str, order: str
) -> None:
    """Before: refused ('no date read day first', or 'not understood')."""
    data = (HEADER + "\r\n" + f'{MAELLE},"{join}","{leave}",69,Non\r\n').encode()
    result = reconcile_report(data, ROSTER, NOON, date_order=order)
    assert {p: a.minutes for p, a in result.people.items()} == {"A": 69}


def test_a_french_morning_clock_is_not_read_as_the_afternoon() -> None:
    """11 h 50 a.m. is before noon: 40 minutes before the session, so 29 of the 69 online."""
    data = (
        HEADER + "\r\n" + f'{MAELLE},"08/01/2026 11 h 50 a.m.","08/01/2026 1 h 40 p.m.",110,Non\r\n'
    ).encode()
    result = reconcile_report(data, ROSTER, NOON, date_order="day")
    assert {p: a.minutes for p, a in result.people.items()} == {"A": 70}


# --- A totals line a spreadsheet padded to the table's width ----------------------------------


@pytest.mark.parametrize(
    "footer", ["Total participants:,1,,,,", "Total participants:;1;;;;", "Total (minutes),69,,,,"]
)
def test_a_totals_line_padded_with_its_count_in_the_next_cell_is_no_person(footer: str) -> None:
    """Before: refused, 'join/leave time not understood: “” / “”' on a summary Excel adds."""
    sep = ";" if ";" in footer else ","
    data = (
        HEADER.replace(",", sep)
        + "\r\n"
        + f"{MAELLE},08/01/2026 12:31:00,08/01/2026 13:40:00,69,No".replace(",", sep)
        + "\r\n"
        + footer
        + "\r\n"
    ).encode()
    result = reconcile_report(data, ROSTER, NOON, date_order="day")
    assert {p: a.minutes for p, a in result.people.items()} == {"A": 69}
    assert [d.status for d in result.rows] == ["matched", "ignored"]


@pytest.mark.parametrize("month", ["Mar 14, 2027", "Mar. 14, 2027", "Sam 1"])
def test_an_english_month_is_never_read_as_a_french_weekday(month: str) -> None:
    """'Mar' is March: the weekday of a French long date is dropped only as a whole word or
    with its dot, before a day and a month's name (a first cut of this fix read 'Mar 14, 2027
    12:39 AM' as '14, 2027 12:39 AM' and refused it)."""
    from echohub.attendance.zoom_csv import _clock

    assert _clock(f"{month} 12:39 AM").startswith(month)


# --- A morning and a noon session exported into one file --------------------------------------

BLOCK = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\r\n"
MORNING = (
    BLOCK
    + "812 3456 7890,Rounds,01/08/2026 08:58:00 AM,01/08/2026 10:31:00 AM,host@bay.test,93,2\r\n"
    + "\r\n"
    + HEADER
    + "\r\n"
    + f"{MAELLE},01/08/2026 09:00:00 AM,01/08/2026 10:30:00 AM,90,No\r\n"
)
MIDDAY = (
    BLOCK
    + "812 3456 7890,Rounds,01/08/2026 12:28:00 PM,01/08/2026 02:01:00 PM,host@bay.test,93,1\r\n"
    + "\r\n"
    + HEADER
    + "\r\n"
    + f"{MAELLE},01/08/2026 12:31:00 PM,01/08/2026 01:40:00 PM,69,No\r\n"
)
TWO = replace(NOON, other_starts=(datetime(2026, 1, 8, 9, 0, tzinfo=TORONTO),))


@pytest.mark.parametrize("session", [NOON, TWO], ids=["alone", "with the morning session"])
@pytest.mark.parametrize("blocks", [(MORNING, MIDDAY), (MIDDAY, MORNING)], ids=["am-pm", "pm-am"])
def test_two_meetings_blocks_in_one_file_are_read_whichever_comes_first(
    session: Session, blocks: tuple[str, str]
) -> None:
    """Before: the morning's block first, the file was refused as 'written in another time
    zone' (the first block alone was the meeting: 3.5 hours from the session, as long); the
    noon's first, it was read. The block that started nearest the session is its meeting."""
    data = (blocks[0] + "\r\n" + blocks[1]).encode()
    result = reconcile_report(data, ROSTER, session, date_order="month")
    assert {p: a.minutes for p, a in result.people.items()} == {"A": 69}


def test_the_morning_sessions_report_on_the_noon_session_names_the_other_session() -> None:
    """Before: 'its times were probably written in another time zone: import it again choosing
    the Zoom account's time zone', a change that would have shifted every row."""
    with pytest.raises(AttendanceError) as caught:
        reconcile_report(MORNING.encode(), ROSTER, TWO, date_order="month")
    assert caught.value.code == "wrong_meeting" and "another session" in str(caught.value)
