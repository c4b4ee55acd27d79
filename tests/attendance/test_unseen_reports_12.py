# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""A twelfth hunt for reports nobody here has seen, as a coordinator's computer leaves them: a
byte-order mark, tabs, quoted commas in names ("Fontaine, Maëlle"), e-mails in another case, a
host on two devices, phone lines with masked numbers, breakout rooms, the waiting room, header
blocks written twice, two sessions of one day in one file, a time zone in the header, French
clocks with « h » on a 12-hour clock, and Zoom itself in German, Spanish, Portuguese and
Japanese. Every name, address and number is invented.

Expected minutes are computed here on POSIX seconds from the times as written, never with the
engine's helpers: the union of a person's own spans (out of the waiting room) clipped to the
session, floored."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from echohub.attendance import services
from echohub.attendance.errors import AttendanceError
from echohub.attendance.models import Attendance, AttendanceRow
from echohub.attendance.reconcile import Reconciliation, RosterPerson, Session, reconcile_report
from tests.attendance_webhooks.conftest import people, zoom_session  # noqa: F401 (fixtures)

TORONTO = ZoneInfo("America/Toronto")
NOON = Session(
    datetime(2026, 1, 8, 12, 30, tzinfo=TORONTO),
    datetime(2026, 1, 8, 14, 0, tzinfo=TORONTO),
    "America/Toronto",
    "812 3456 7890",
)
ROSTER = [
    RosterPerson("A", "Maëlle", "Fontaine", "maelle.fontaine@north.test"),
    RosterPerson("B", "Kofi", "Asante", "kofi.asante@lakes.test"),
    RosterPerson("C", "Zoë", "O’Dwyer", "zoe.odwyer@lakes.test"),
    RosterPerson("D", "Ivo", "Wrenfield", "ivo.wrenfield@bay.test"),
]
HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"
MAELLE = "Maëlle Fontaine,maelle.fontaine@north.test"


def minutes(result: Reconciliation) -> dict[str, int]:
    return {person: found.minutes for person, found in result.people.items() if found.minutes}


def read(text: str | bytes, order: str = "month", session: Session = NOON) -> Reconciliation:
    data = text.encode() if isinstance(text, str) else text
    return reconcile_report(data, ROSTER, session, date_order=order)


def at(clock: str) -> str:
    """A time on the session's day as Zoom writes it: "12:31" -> "01/08/2026 12:31:00 PM"."""
    moment = datetime.strptime(f"2026-01-08 {clock}", "%Y-%m-%d %H:%M")
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def row(name_email: str, join: str, leave: str, guest: str = "No") -> str:
    span = datetime.strptime(leave, "%H:%M") - datetime.strptime(join, "%H:%M")
    return f"{name_email},{at(join)},{at(leave)},{int(span.total_seconds() // 60)},{guest}"


# --- Named reports ----------------------------------------------------------------------------


def test_1_a_utf8_report_with_a_byte_order_mark_and_tabs() -> None:
    lines = [HEADER, row(MAELLE, "12:31", "13:40")]
    data = ("\ufeff" + "\r\n".join(line.replace(",", "\t") for line in lines) + "\r\n").encode()
    assert minutes(read(data)) == {"A": 69}


def test_2_excel_unicode_text_with_quoted_commas_in_names() -> None:
    """Excel's "Unicode Text": UTF-16, tabs; a name written family first with a comma, quoted."""
    lines = [
        HEADER.replace(",", "\t"),
        f'"Fontaine, Maëlle"\tmaelle.fontaine@north.test\t{at("12:31")}\t{at("13:40")}\t69\tNo',
        f'"Asante, Kofi"\tkofi.asante@lakes.test\t{at("12:45")}\t{at("13:05")}\t20\tNo',
    ]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-16")
    assert minutes(read(data)) == {"A": 69, "B": 20}


def test_3_a_quoted_comma_name_in_a_comma_file_with_the_address_in_capitals() -> None:
    result = read(
        HEADER
        + "\n"
        + '"Fontaine, Maëlle (she/her)",MAELLE.FONTAINE@NORTH.TEST,'
        + f"{at('12:31')},{at('13:40')},69,No\n"
        + f'"O’Dwyer, Zoë",Zoe.ODwyer@Lakes.TEST,{at("12:35")},{at("12:50")},15,No\n'
    )
    assert minutes(result) == {"A": 69, "C": 15}


def test_4_the_host_on_a_laptop_and_an_ipad_gets_the_session_once() -> None:
    result = read(
        "\n".join(
            [
                HEADER,
                row("Ivo Wrenfield (Host),ivo.wrenfield@bay.test", "12:20", "14:05"),
                row("Ivo iPad (Ivo Wrenfield),IVO.WRENFIELD@bay.test", "12:25", "13:00"),
            ]
        )
        + "\n"
    )
    assert minutes(result) == {"D": 90}


def test_5_masked_phone_numbers_and_call_in_users_are_nobody() -> None:
    result = read(
        "\n".join(
            [
                HEADER,
                row("+1 416 *** **21,", "12:31", "13:10", "Yes"),
                row("1613555****,", "12:31", "13:10", "Yes"),
                row("Call-in User_3,", "12:40", "13:10", "Yes"),
                row("(*** ***-**44),", "12:40", "13:10", "Yes"),
            ]
        )
        + "\n"
    )
    assert result.people == {} and all(d.person_id is None for d in result.rows)


def test_6_breakout_rooms_leave_and_rejoin_the_main_room_without_a_gap() -> None:
    """Zoom writes a row per room; the person never left the meeting: 12:31 to 13:40."""
    result = read(
        HEADER
        + ",Breakout Room\n"
        + row(MAELLE, "12:31", "13:00")
        + ",\n"
        + row(MAELLE, "13:00", "13:20")
        + ",Room 2\n"
        + row(MAELLE, "13:20", "13:40")
        + ",\n"
    )
    assert minutes(result) == {"A": 69}


def test_7_time_in_the_waiting_room_is_not_attendance() -> None:
    result = read(
        HEADER
        + ",In Waiting Room\n"
        + row(MAELLE, "12:25", "12:40")
        + ",Yes\n"
        + row(MAELLE, "12:40", "13:40")
        + ",No\n"
    )
    assert minutes(result) == {"A": 60}


def test_8_the_header_block_written_twice_counts_once() -> None:
    block = "\n".join(
        [HEADER, row(MAELLE, "12:31", "13:40"), row("Kofi Asante,", "12:40", "13:00")]
    )
    assert minutes(read(block + "\n\n" + block + "\n")) == {"A": 69, "B": 20}


def test_9_the_meeting_block_above_the_participants() -> None:
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        f"812 3456 7890,Pain rounds,{at('12:28')},{at('14:01')},ivo.wrenfield@bay.test,93,2\n\n"
        + "\n".join([HEADER, row(MAELLE, "12:31", "13:40")])
        + "\n"
    )
    assert minutes(read(text)) == {"A": 69}


def test_10_another_meetings_report_is_refused_in_words() -> None:
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        f"899 0000 1111,Other,{at('12:28')},{at('14:01')},ivo.wrenfield@bay.test,93,2\n\n"
        + "\n".join([HEADER, row(MAELLE, "12:31", "13:40")])
        + "\n"
    )
    with pytest.raises(AttendanceError) as caught:
        read(text)
    assert "899" in str(caught.value)


def test_11_a_morning_and_a_noon_session_in_one_file_credit_only_this_ones_time() -> None:
    """Two sessions of one day on the series' meeting, exported as one report: the morning's
    rows give nothing to the noon session."""
    session = replace(NOON, other_starts=(datetime(2026, 1, 8, 9, 0, tzinfo=TORONTO),))
    text = "\n".join(
        [
            HEADER,
            row(MAELLE, "09:00", "10:30"),
            row("Kofi Asante,kofi.asante@lakes.test", "09:05", "10:25"),
            row(MAELLE, "12:31", "13:40"),
        ]
    )
    assert minutes(read(text + "\n", session=session)) == {"A": 69}


@pytest.mark.parametrize("morning_first", [True, False])
def test_11b_two_meeting_blocks_in_one_file_whichever_comes_first(morning_first: bool) -> None:
    block = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    morning = (
        block
        + f"812 3456 7890,Rounds,{at('08:58')},{at('10:31')},ivo.wrenfield@bay.test,93,1\n\n"
        + "\n".join([HEADER, row(MAELLE, "09:00", "10:30")])
        + "\n"
    )
    noon = (
        block
        + f"812 3456 7890,Rounds,{at('12:28')},{at('14:01')},ivo.wrenfield@bay.test,93,1\n\n"
        + "\n".join([HEADER, row(MAELLE, "12:31", "13:40")])
        + "\n"
    )
    text = morning + "\n" + noon if morning_first else noon + "\n" + morning
    session = replace(NOON, other_starts=(datetime(2026, 1, 8, 9, 0, tzinfo=TORONTO),))
    assert minutes(read(text, session=session)) == {"A": 69}


def test_12_a_time_zone_in_the_header_is_the_times_zone() -> None:
    text = (
        "Name (Original Name),User Email,Join Time (UTC),Leave Time (UTC),Duration (Minutes),"
        "Guest\n"
        f"{MAELLE},01/08/2026 05:31:00 PM,01/08/2026 06:40:00 PM,69,No\n"
    )
    assert minutes(read(text)) == {"A": 69}


def test_13_a_gmt_offset_in_the_header() -> None:
    text = (
        "Name (Original Name),User Email,Join Time (GMT-05:00),Leave Time (GMT-05:00),"
        "Duration (Minutes),Guest\n"
        f"{MAELLE},01/08/2026 12:31:00 PM,01/08/2026 01:40:00 PM,69,No\n"
    )
    assert minutes(read(text)) == {"A": 69}


@pytest.mark.parametrize(
    ("join", "leave", "order"),
    [
        ("08/01/2026 12 h 31 p.m.", "08/01/2026 1 h 40 p.m.", "day"),
        ("2026-01-08 12 h 31 p.m.", "2026-01-08 1 h 40 p.m.", "auto"),
        ("8 janv. 2026 12 h 31 p.m.", "8 janv. 2026 1 h 40 p.m.", "auto"),
        ("jeudi 8 janvier 2026 12 h 31", "jeudi 8 janvier 2026 13 h 40", "auto"),
        ("08/01/2026 12 h 31 min 00 s", "08/01/2026 13 h 40 min 00 s", "day"),
    ],
)
def test_14_french_clocks_with_h_on_a_12_hour_clock(join: str, leave: str, order: str) -> None:
    text = (
        "Nom (nom d'origine);Courriel de l'utilisateur;Heure d'arrivée;Heure de départ;"
        "Durée (minutes);Invité\n"
        f"Maëlle Fontaine;maelle.fontaine@north.test;{join};{leave};69;Non\n"
    )
    assert minutes(read(text.encode("cp1252"), order)) == {"A": 69}


def test_15_a_french_excel_resave_with_semicolons_and_empty_columns() -> None:
    text = (
        "Nom (nom d'origine);Courriel de l'utilisateur;Heure d'arrivée;Heure de départ;"
        "Durée (minutes);Invité;;\r\n"
        "Maëlle Fontaine;MAELLE.FONTAINE@north.test;08/01/2026 12:31;08/01/2026 13:40;69;Non;;\r\n"
        ";;;;;;;\r\n"
    )
    assert minutes(read(text.encode("cp1252"), "day")) == {"A": 69}


@pytest.mark.parametrize(
    ("header", "cells", "order"),
    [
        (
            "Name (ursprünglicher Name),E-Mail,Beitrittszeit,Austrittszeit,Dauer (Minuten)",
            "08.01.2026 12:31:00,08.01.2026 13:40:00,69",
            "day",
        ),
        (
            "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
            "Duración (minutos),Invitado,En sala de espera",
            "08/01/2026 12:31:00,08/01/2026 13:40:00,69,No,No",
            "day",
        ),
        (
            "Nome (nome original),E-mail,Ingressar na hora,Hora de saída,Duração (minutos),"
            "Convidado,Na sala de espera",
            "08/01/2026 12:31:00,08/01/2026 13:40:00,69,Não,Não",
            "day",
        ),
        (
            "名前 (元の名前),ユーザーメール,参加時刻,退出時刻,所要時間（分）",
            "2026/1/8 12:31,2026/1/8 13:40,69",
            "auto",
        ),
    ],
    ids=["de", "es", "pt-br", "ja"],
)
def test_16_zoom_in_other_languages(header: str, cells: str, order: str) -> None:
    assert minutes(read(f"{header}\n{MAELLE},{cells}\n", order)) == {"A": 69}


def test_17_a_zone_written_after_each_time() -> None:
    text = HEADER + "\n" + f"{MAELLE},01/08/2026 12:31 PM EST,01/08/2026 1:40 PM EST,69,No\n"
    assert minutes(read(text)) == {"A": 69}


@pytest.mark.parametrize("footer", ["Total participants: 1,,,,,", "Total participants:,1,,,,"])
def test_18_a_totals_line_under_the_table_is_no_person(footer: str) -> None:
    text = "\n".join([HEADER, row(MAELLE, "12:31", "13:40"), footer]) + "\n"
    result = read(text)
    assert minutes(result) == {"A": 69}
    assert [d.status for d in result.rows] == ["matched", "ignored"]


def test_19_reconnects_count_their_union_not_their_sum() -> None:
    text = "\n".join(
        [
            HEADER,
            row(MAELLE, "12:31", "12:50"),
            row(MAELLE, "12:45", "13:10"),  # a second device before the first dropped
            row(MAELLE, "13:20", "13:40"),
        ]
    )
    assert minutes(read(text + "\n")) == {"A": 59}


def test_20_a_stay_past_the_end_is_cut_at_the_end() -> None:
    assert minutes(read(HEADER + "\n" + row(MAELLE, "13:30", "14:45") + "\n")) == {"A": 30}


def test_21_a_row_cut_short_is_refused_naming_it() -> None:
    text = HEADER + "\n" + row(MAELLE, "12:31", "13:40") + "\nKofi Asante,kofi.asante@lakes.test\n"
    with pytest.raises(AttendanceError) as caught:
        read(text)
    assert caught.value.row == 2 and "row 2" in str(caught.value).casefold()


def test_22_a_name_two_registered_people_share_goes_to_review() -> None:
    roster = [*ROSTER, RosterPerson("E", "Kofi", "Asante", "k.asante@other.test")]
    result = reconcile_report(
        (HEADER + "\n" + row("Kofi Asante,", "12:31", "13:40") + "\n").encode(),
        roster,
        NOON,
        date_order="month",
    )
    assert result.people == {} or all(p.minutes == 0 for p in result.people.values())
    assert [d.status for d in result.rows] == ["review"]


def test_23_a_unique_users_report_counts_its_total_within_the_session() -> None:
    text = (
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        f"{MAELLE},69,No\nKofi Asante,kofi.asante@lakes.test,20,No\n"
    )
    assert minutes(read(text)) == {"A": 69, "B": 20}


def test_24_a_leave_before_the_join_is_refused_in_words() -> None:
    text = HEADER + "\n" + f"{MAELLE},{at('13:40')},{at('12:31')},69,No\n"
    with pytest.raises(AttendanceError) as caught:
        read(text)
    assert caught.value.row == 1


def test_25_a_spanish_waiting_room_row_gives_nothing() -> None:
    text = (
        "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
        "Duración (minutos),Invitado,En sala de espera\n"
        f"{MAELLE},08/01/2026 12:20:00,08/01/2026 12:31:00,11,No,Sí\n"
        f"{MAELLE},08/01/2026 12:31:00,08/01/2026 13:00:00,29,No,No\n"
    )
    assert minutes(read(text, "day")) == {"A": 29}


# --- Through the services: twice, an Excel copy, the original after it, a refusal -------------

ORIGINAL = (
    HEADER
    + "\r\n"
    + "Hope Mercer,hope.mercer@clinic.test,01/08/2026 12:31:40 PM,01/08/2026 01:10:10 PM,38,No\r\n"
    + "Hope iPad (Hope Mercer),HOPE.MERCER@clinic.test,01/08/2026 01:05:50 PM,"
    + "01/08/2026 01:30:20 PM,24,No\r\n"
    + "+1 416 *** **21,,01/08/2026 12:35:00 PM,01/08/2026 01:00:00 PM,25,Yes\r\n"
).encode()
COPY = (
    "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest\r\n"
    "Hope Mercer;hope.mercer@clinic.test;1/8/2026 12:31;1/8/2026 13:10;38;No\r\n"
    "Hope iPad (Hope Mercer);HOPE.MERCER@clinic.test;1/8/2026 13:05;1/8/2026 13:30;24;No\r\n"
    "+1 416 *** **21;;1/8/2026 12:35;1/8/2026 13:00;25;Yes\r\n"
).encode("cp1252")
HOPE_EXACT = 58  # 12:31:40 to 13:30:20: 58 min 40 s


def upload(client: Any, session: Any, data: bytes) -> Any:
    return client.post(
        f"/p/{session.program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile("participants.csv", data, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": "month",
        },
        follow=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["original", "copy"])
def test_26_a_report_its_excel_copy_and_itself_again_credit_the_exact_time_once(
    zoom_session, people, first: str
) -> None:
    files = {"original": ORIGINAL, "copy": COPY}
    order = [files[first], files["copy" if first == "original" else "original"], files[first]]
    for data in order:
        services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=data)
    assert AttendanceRow.objects.count() == 3
    assert Attendance.objects.get(user=people["hope"]).minutes == HOPE_EXACT


@pytest.mark.django_db
def test_27_a_refused_upload_stores_nothing_and_names_the_row(client, zoom_session, people) -> None:
    bad = ORIGINAL.replace(b"01/08/2026 01:30:20 PM", b"01/08/2026 25:30:20 PM")
    client.force_login(people["coordinator"])
    page = upload(client, zoom_session, bad)
    assert page.status_code == 400 and "Row 2" in page.content.decode()
    assert AttendanceRow.objects.count() == 0 and Attendance.objects.count() == 0


# --- Properties -----------------------------------------------------------------------------

SHOWS = {
    "A": [
        ("Maëlle Fontaine", "maelle.fontaine@north.test"),
        ("Fontaine, Maëlle", "MAELLE.FONTAINE@NORTH.TEST"),
        ("iPhone (Maëlle Fontaine)", "Maelle.Fontaine@North.test"),
    ],
    "B": [("Kofi Asante", "kofi.asante@lakes.test"), ("Asante, Kofi", "Kofi.Asante@Lakes.test")],
    "C": [("Zoë O’Dwyer", "zoe.odwyer@lakes.test")],
    "D": [
        ("Ivo Wrenfield (Host)", "ivo.wrenfield@bay.test"),
        ("Ivo iPad", "IVO.WRENFIELD@bay.test"),
    ],
}
STRANGERS = [("+1 416 *** **21", ""), ("1613555****", ""), ("Call-in User_3", ""), ("Guest", "")]
CLOCKS = [
    # (how a time is written, date order, header suffix, zone the times are written in)
    ("%m/%d/%Y %I:%M:%S %p", "month", "", TORONTO),
    ("%d/%m/%Y %H h %M", "day", "", TORONTO),
    ("%d/%m/%Y %I h %M {half}", "day", "", TORONTO),
    ("%Y-%m-%d %I:%M:%S {half}", "auto", "", TORONTO),
    ("%m/%d/%Y %I:%M:%S %p", "month", " (UTC)", UTC),
    ("%Y-%m-%d %H:%M:%S", "auto", " (UTC)", UTC),
]


def written(moment: datetime, clock: str, zone: Any) -> str:
    local = moment.astimezone(zone)
    half = "a.m." if local.hour < 12 else "p.m."
    return local.strftime(clock.replace("{half}", half))


def truth(spans: dict[str, list[tuple[datetime, datetime]]], session: Session) -> dict[str, int]:
    start, end = session.start.astimezone(UTC), session.end.astimezone(UTC)
    out = {}
    for person, found in spans.items():
        clipped = sorted(
            (max(a, start), min(b, end)) for a, b in found if min(b, end) > max(a, start)
        )
        total, current = timedelta(0), None
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


def draw(rnd: random.Random) -> tuple[list[str], list[list[str]], dict[str, Any], str]:
    clock, order, suffix, zone = rnd.choice(CLOCKS)
    seconds = "%S" in clock
    start = NOON.start.astimezone(UTC)
    length = NOON.length_minutes
    header = [
        "Name (Original Name)",
        "User Email",
        f"Join Time{suffix}",
        f"Leave Time{suffix}",
        "Duration (Minutes)",
        "Guest",
        "In Waiting Room",
        "Breakout Room",
    ]
    rows: list[list[str]] = []
    spans: dict[str, list[tuple[datetime, datetime]]] = {}

    def add(name: str, email: str, join: datetime, leave: datetime, waiting: bool) -> None:
        rows.append(
            [
                name,
                email,
                written(join, clock, zone),
                written(leave, clock, zone),
                str(int((leave - join).total_seconds() // 60)),
                "No" if email else "Yes",
                "Yes" if waiting else "No",
                rnd.choice(["", "", "Room 1", "Salle 2"]),
            ]
        )

    for person, shows in SHOWS.items():
        moment = start + timedelta(minutes=rnd.randint(-20, length - 1))
        if rnd.random() < 0.3:  # let in from the waiting room
            wait = moment - timedelta(minutes=rnd.randint(1, 10))
            add(*rnd.choice(shows), wait, moment, True)
        for _ in range(rnd.randint(0, 3)):
            join = moment + timedelta(seconds=rnd.randint(0, 59) if seconds else 0)
            leave = join + timedelta(
                minutes=rnd.randint(1, length), seconds=rnd.randint(0, 59) if seconds else 0
            )
            spans.setdefault(person, []).append((join, leave))
            add(*rnd.choice(shows), join, leave, False)
            moment = rnd.choice([leave, join + (leave - join) / 2]) + timedelta(
                minutes=rnd.randint(0, 10)
            )
            moment = moment.replace(second=0, microsecond=0)
    for name, email in rnd.sample(STRANGERS, rnd.randint(0, 2)):
        join = start + timedelta(minutes=rnd.randint(0, length - 1))
        add(name, email, join, join + timedelta(minutes=rnd.randint(1, 30)), False)
    if not spans:
        join = start + timedelta(minutes=5)
        spans["B"] = [(join, join + timedelta(minutes=20))]
        add("Kofi Asante", "kofi.asante@lakes.test", join, join + timedelta(minutes=20), False)
    rnd.shuffle(rows)
    return header, rows, spans, order


def as_file(rnd: random.Random, header: list[str], rows: list[list[str]], twice: bool) -> bytes:
    sep = rnd.choice([",", ";", "\t"])

    def line(cells: list[str]) -> str:
        return sep.join(
            '"' + cell.replace('"', '""') + '"'
            if sep in cell or '"' in cell or "," in cell
            else cell
            for cell in cells
        )

    lines = [line(header)] + [line(cells) for cells in rows]
    if twice:
        lines += ["", *lines]
    encoding = rnd.choice(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def owner(name: str, email: str) -> str | None:
    return next((p for p, shows in SHOWS.items() if (name, email) in shows), None)


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_reports_credit_each_persons_union_in_any_order_and_once_if_pasted_twice(
    seed: int,
) -> None:
    """Nobody is credited more than their own union out of the waiting room nor more than
    the session (exactly their union when all their rows are theirs); no row goes to someone
    else; the rows shuffled, or the whole block pasted twice, change nobody's minutes."""
    rnd = random.Random(seed)
    header, rows, spans, order = draw(rnd)
    habits = rnd.getstate()
    result = reconcile_report(as_file(rnd, header, rows, False), ROSTER, NOON, date_order=order)
    wanted = truth(spans, NOON)
    decided: dict[str, list[bool]] = {}
    for decision in result.rows:
        mine = owner(decision.name, decision.email)
        if decision.person_id is not None:
            assert decision.person_id == mine, (decision.name, decision.reason)
        if mine is not None and decision.status != "ignored":
            decided.setdefault(mine, []).append(decision.person_id == mine)
    for person, found in result.people.items():
        assert found.minutes <= min(wanted.get(person, 0), NOON.length_minutes), (person, rows)
    for person, matched in decided.items():
        if all(matched):
            got = result.people[person].minutes if person in result.people else 0
            assert got == wanted[person], (person, got, wanted, rows)
    for twice in (False, True):
        rnd.setstate(habits)
        again = reconcile_report(
            as_file(rnd, header, rnd.sample(rows, len(rows)), twice),
            ROSTER,
            NOON,
            date_order=order,
        )
        assert minutes(again) == minutes(result)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), copy_first=st.booleans())
def test_a_report_and_its_excel_copy_in_either_order_never_credit_more_than_the_exact_time(
    zoom_session, people, seed: int, copy_first: bool
) -> None:
    """Hope's stays drawn to the second; the report and its Excel copy (seconds dropped,
    semicolons, Windows-1252) imported in either order, then each again: her minutes are her
    exact union, floored, never the copy's rounded one."""
    from django.db import transaction

    rnd = random.Random(seed)
    start = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)
    stays = []
    # Her first stay reaches into the session (from a minute before its start at the
    # earliest): a report of stays all before it is refused as another meeting's, rightly.
    moment = start + timedelta(minutes=rnd.randint(-1, 30), seconds=rnd.randint(0, 59))
    for _ in range(rnd.randint(1, 3)):
        leave = moment + timedelta(minutes=rnd.randint(2, 40), seconds=rnd.randint(0, 59))
        stays.append((moment, leave))
        moment = leave + timedelta(minutes=rnd.randint(1, 10), seconds=rnd.randint(0, 59))
    original = [HEADER]
    copy = [HEADER.replace(",", ";")]
    for join, leave in stays:
        mins = int((leave - join).total_seconds() // 60)
        a, b = join.astimezone(TORONTO), leave.astimezone(TORONTO)
        original.append(
            f"Hope Mercer,hope.mercer@clinic.test,{a:%m/%d/%Y %I:%M:%S %p},"
            f"{b:%m/%d/%Y %I:%M:%S %p},{mins},No"
        )
        copy.append(
            f"Hope Mercer;hope.mercer@clinic.test;{a.month}/{a.day}/{a.year} {a:%H:%M};"
            f"{b.month}/{b.day}/{b.year} {b:%H:%M};{mins};No"
        )
    files = [
        ("\r\n".join(original) + "\r\n").encode(),
        ("\r\n".join(copy) + "\r\n").encode("cp1252"),
    ]
    if copy_first:
        files.reverse()
    wanted = truth({"hope": stays}, Session(start, start + timedelta(minutes=90), "UTC"))["hope"]
    sid = transaction.savepoint()
    try:
        for data in [*files, *files]:
            services.import_zoom_report(
                actor=people["coordinator"], session=zoom_session, data=data, date_order="month"
            )
        assert AttendanceRow.objects.count() == len(stays)
        found = Attendance.objects.filter(user=people["hope"]).first()
        assert (found.minutes if found else 0) == wanted, (stays, copy_first)
    finally:
        transaction.savepoint_rollback(sid)


# --- Live webhooks, then the CSV of the same meeting ------------------------------------------


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_live_webhooks_then_the_csv_queue_each_connection_once(
    zoom_session, people, seed: int
) -> None:
    """Connections seen live (Hope on one or two devices, guests, phone lines), some leaves
    lost; then Zoom's CSV with every connection: Hope gets her union, and each guest
    connection waits once in the coordinator's queue, not once per source."""
    import json

    from django.db import transaction

    from echohub.attendance.models import QUEUE_STATUSES
    from tests.attendance_webhooks.conftest import recorded

    joined = json.loads(recorded("zoom_participant_joined.json"))
    left = json.loads(recorded("zoom_participant_left.json"))
    rnd = random.Random(seed)
    start = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)
    who = [("Hope Mercer", "hope.mercer@clinic.test")] * rnd.randint(1, 2) + rnd.sample(
        [("Guest 4", ""), ("+1 613 *** **27", ""), ("Call-in User_2", "")], rnd.randint(1, 3)
    )
    spans = []
    for number, (name, email) in enumerate(who):
        join = start + timedelta(minutes=rnd.randint(-5, 60), seconds=rnd.randint(0, 59))
        leave = join + timedelta(minutes=rnd.randint(1, 40), seconds=rnd.randint(0, 59))
        spans.append((name, email, f"c{number}", join, leave, rnd.random() < 0.8))

    def event(body: dict[str, Any], name: str, email: str, key: str, moment: datetime) -> Any:
        body = json.loads(json.dumps(body))
        participant = body["payload"]["object"]["participant"]
        participant.update(
            user_name=name, email=email, registrant_id="", participant_uuid=key, user_id="", id=""
        )
        field = "join_time" if body["event"].endswith("joined") else "leave_time"
        participant[field] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        return body

    lines = [HEADER]
    for name, email, _key, join, leave, _live in spans:
        a, b = join.astimezone(TORONTO), leave.astimezone(TORONTO)
        mins = int((leave - join).total_seconds() // 60)
        guest = "No" if email else "Yes"
        lines.append(
            f"{name},{email},{a:%m/%d/%Y %I:%M:%S %p},{b:%m/%d/%Y %I:%M:%S %p},{mins},{guest}"
        )
    report = ("\r\n".join(lines) + "\r\n").encode()
    sid = transaction.savepoint()
    try:
        for name, email, key, join, leave, live_leave in spans:
            services.record_zoom_event(event=event(joined, name, email, key, join))
            if live_leave:
                services.record_zoom_event(event=event(left, name, email, key, leave))
        services.import_zoom_report(
            actor=people["coordinator"], session=zoom_session, data=report, date_order="month"
        )
        hope = [(join, leave) for name, _e, _k, join, leave, _l in spans if name == "Hope Mercer"]
        wanted = truth({"hope": hope}, Session(start, start + timedelta(minutes=90), "UTC"))
        found = Attendance.objects.filter(user=people["hope"]).first()
        assert (found.minutes if found else 0) == wanted["hope"], spans
        for name, _email, _key, _join, _leave, live_leave in spans:
            if name == "Hope Mercer" or not live_leave:
                continue
            queued = AttendanceRow.objects.filter(
                name=name, status__in=QUEUE_STATUSES, leave_at__isnull=False
            ).count()
            assert queued == 1, (name, spans)
    finally:
        transaction.savepoint_rollback(sid)
