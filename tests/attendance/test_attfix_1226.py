# ruff: noqa: F811 (the fixtures imported from the webhooks' conftest)
"""Fixes of the thirteenth attendance hunt (each test failed before its fix). Every name,
address and number is invented."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

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
JOINED = json.loads(recorded("zoom_participant_joined.json"))
LEFT = json.loads(recorded("zoom_participant_left.json"))
START = datetime(2026, 1, 8, 17, 30, tzinfo=UTC)
LIVE = [
    ("Hope Mercer", "hope.mercer@clinic.test", "c1", (90, 2420)),
    ("Guest 4", "", "c2", (310, 1840)),
    ("+1 613 *** **27", "", "c3", (605, 2145)),
]


def minutes_of(user: Any) -> int:
    found = Attendance.objects.filter(user=user).first()
    return found.minutes if found else 0


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


def queued() -> list[str]:
    return sorted(
        AttendanceRow.objects.filter(
            status__in=(RowStatus.UNMATCHED, RowStatus.REVIEW)
        ).values_list("name", flat=True)
    )


def live(lost: set[str]) -> None:
    """The webhooks of LIVE, the leaves of the ``lost`` connections never delivered."""
    for name, email, key, (join, leave) in LIVE:
        services.record_zoom_event(
            event=zoom_event("joined", name, email, key, START + timedelta(seconds=join))
        )
        if key not in lost:
            services.record_zoom_event(
                event=zoom_event("left", name, email, key, START + timedelta(seconds=leave))
            )


# --- (a) Atthunt12's leftover: a connection whose leave webhook was lost -----------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lost", [{"c2"}, {"c2", "c3"}, {"c1", "c2", "c3"}])
def test_a_csv_after_a_lost_leave_lists_each_guest_once(zoom_session, people, lost):
    """Before: the guest's open join (its leave webhook lost) stayed in the queue and the
    report's row of the same connection was queued beside it: 'Guest 4' twice."""
    live(lost)
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    assert minutes_of(people["hope"]) == 38
    # The report completed the open joins: no join is left without its leave.
    assert not AttendanceRow.objects.filter(join_at__isnull=False, leave_at__isnull=True).exists()
    guest = AttendanceRow.objects.get(name="Guest 4")
    assert guest.join_at == START + timedelta(seconds=310)
    assert guest.leave_at == datetime(2026, 1, 8, 18, 0, 40, tzinfo=UTC)
    # The same report again, and a decision kept.
    services.mark_guest(actor=people["coordinator"], row=guest)
    again = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=ORIGINAL
    )
    assert again.new_rows == 0 and queued() == ["+1 613 *** **27"]


@pytest.mark.django_db
def test_a_lost_leave_of_hope_is_completed_by_the_report(zoom_session, people):
    """Her open join counted nothing; the report gives her 38 minutes and the open join is
    closed by it (the session page no longer counts a join without its leave)."""
    live({"c1"})
    assert minutes_of(people["hope"]) == 0
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=ORIGINAL
    )
    assert minutes_of(people["hope"]) == 38
    assert AttendanceRow.objects.filter(user=people["hope"]).count() == 1
    assert result.new_rows == 0


@pytest.mark.django_db
def test_the_lost_leave_delivered_late_after_the_report_changes_nothing(zoom_session, people):
    """Zoom retries a delivery: the leave the report already gave comes at last. It is that
    leave (within a minute), not a leave without its join for the queue."""
    live({"c2"})
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    # Zoom's report and its webhook write a leave from different clocks: a second apart.
    outcome = services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1842))
    )
    assert outcome.status == "closed"
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    guest = AttendanceRow.objects.get(name="Guest 4")
    assert guest.leave_at == START + timedelta(seconds=1842)  # the platform's own
    # Delivered once more: nothing.
    services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1842))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4"]


@pytest.mark.django_db
def test_a_leave_a_minute_after_one_the_webhooks_gave_is_still_held(zoom_session, people):
    """Only a leave a report gave is taken over by a late webhook: two leaves of one
    connection delivered by webhooks a few seconds apart (a rejoin's join still on its way)
    keep being paired as before, the second held until its join comes."""
    live(set())
    services.record_zoom_event(
        event=zoom_event("left", "Guest 4", "", "c2", START + timedelta(seconds=1870))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=1850))
    )
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_report_row_far_from_the_open_join_is_another_stay(zoom_session, people):
    """Only the report's row that starts within a minute of the open join completes it; a
    later stay of the guest is queued as before, and the open join stays open."""
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=310))
    )
    later = (
        HEADER + "\r\n" + "Guest 4,,01/08/2026 01:20:00 PM,01/08/2026 01:40:00 PM,20,Yes\r\n"
    ).encode()
    result = services.import_zoom_report(
        actor=people["coordinator"], session=zoom_session, data=later
    )
    assert result.new_rows == 1
    assert AttendanceRow.objects.filter(name="Guest 4").count() == 2
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_another_persons_row_never_completes_an_open_join(zoom_session, people):
    """Same minute, another name: the guest's open join is not the phone line's row."""
    services.record_zoom_event(
        event=zoom_event("joined", "Guest 4", "", "c2", START + timedelta(seconds=605))
    )
    services.import_zoom_report(actor=people["coordinator"], session=zoom_session, data=ORIGINAL)
    assert AttendanceRow.objects.filter(name="Guest 4", leave_at__isnull=True).count() == 1
    assert queued() == ["+1 613 *** **27", "Guest 4", "Guest 4"]


@pytest.mark.django_db
def test_the_import_page_says_the_report_ended_the_open_joins(client, zoom_session, people):
    """Before: the page said 3 rows imported, the open join untouched beside them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    live({"c1", "c2"})
    client.force_login(people["coordinator"])
    page = client.post(
        f"/p/{zoom_session.program.slug}/attendance/sessions/{zoom_session.pk}/import/",
        {
            "file": SimpleUploadedFile("participants.csv", ORIGINAL, content_type="text/csv"),
            "time_zone": "America/Toronto",
            "date_order": "month",
        },
        follow=True,
    )
    said = page.content.decode()
    assert "2 joins seen live, whose leaves never arrived, now end at this report" in said
    assert "nothing changed" not in said
    assert minutes_of(people["hope"]) == 38


# --- (a2) A report exported while people were still in, then the final one ------------------

MIDWAY = (
    HEADER
    + "\r\n"
    + "Hope Mercer,hope.mercer@clinic.test,01/08/2026 12:31:30 PM,,,No\r\n"
    + "Guest 4,,01/08/2026 12:35:10 PM,,,Yes\r\n"
    + "+1 613 *** **27,,01/08/2026 12:40:05 PM,01/08/2026 01:05:45 PM,25,Yes\r\n"
).encode()


@pytest.mark.django_db
def test_the_final_report_ends_the_rows_of_one_exported_midway(zoom_session, people):
    """Before: Hope's open row stayed in review beside her matched row of the final report,
    and the guest was queued twice (three rows to decide for two connections)."""
    coordinator = people["coordinator"]
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=MIDWAY)
    assert queued() == ["+1 613 *** **27", "Guest 4", "Hope Mercer"]
    result = services.import_zoom_report(actor=coordinator, session=zoom_session, data=ORIGINAL)
    assert result.completed_earlier == 2 and result.new_rows == 0
    assert queued() == ["+1 613 *** **27", "Guest 4"]
    assert minutes_of(people["hope"]) == 38
    assert AttendanceRow.objects.count() == 3
    # Either report again changes nothing.
    for data in (MIDWAY, ORIGINAL):
        again = services.import_zoom_report(actor=coordinator, session=zoom_session, data=data)
        assert again.new_rows == 0 and minutes_of(people["hope"]) == 38
    assert queued() == ["+1 613 *** **27", "Guest 4"]


@pytest.mark.django_db
def test_a_coordinators_decision_on_the_midway_row_is_kept(zoom_session, people):
    """The guest's open row, marked a guest, stays a guest when the final report ends it."""
    coordinator = people["coordinator"]
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=MIDWAY)
    services.mark_guest(actor=coordinator, row=AttendanceRow.objects.get(name="Guest 4"))
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=ORIGINAL)
    guest = AttendanceRow.objects.get(name="Guest 4")
    assert guest.status == RowStatus.GUEST and guest.leave_at is not None
    assert queued() == ["+1 613 *** **27"]


@pytest.mark.django_db
def test_the_import_page_says_the_final_report_ended_the_midway_rows(client, zoom_session, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["coordinator"])
    for name, data in (("midway.csv", MIDWAY), ("participants.csv", ORIGINAL)):
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
    assert "2 rows of an earlier report, exported while the people were still in" in said
    assert "nothing changed" not in said


@pytest.mark.django_db
def test_an_excel_copy_exported_midway_then_the_exact_report_credits_the_exact_time(
    zoom_session, people
):
    """The midway report re-saved by Excel (12:31, seconds gone), then Zoom's exact report
    (12:31:30 to 13:10:20, 38 min 50 s): 38 minutes, not the 39 of the copy's join."""
    copy = (
        "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest\r\n"
        "Hope Mercer;hope.mercer@clinic.test;1/8/2026 12:31;;;No\r\n"
    ).encode("cp1252")
    coordinator = people["coordinator"]
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=copy)
    services.import_zoom_report(actor=coordinator, session=zoom_session, data=ORIGINAL)
    hope = AttendanceRow.objects.get(name="Hope Mercer")
    assert hope.join_at == datetime(2026, 1, 8, 17, 31, 30, tzinfo=UTC)
    assert minutes_of(people["hope"]) == 38


# --- (b) Reports the engine did not read, or refused in the wrong words -----------------------

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
]


def read(text: str | bytes, order: str = "auto") -> dict[str, int]:
    data = text.encode() if isinstance(text, str) else text
    result = reconcile_report(data, ROSTER, NOON, date_order=order)
    return {person: found.minutes for person, found in result.people.items() if found.minutes}


ITALIAN = (
    "Argomento,ID,Organizzatore,Durata (minuti),Ora di inizio,Ora di fine,Partecipanti\r\n"
    'Rounds,81234567890,Ivo Wrenfield,93,"08/01/2026 12:28:00 PM","08/01/2026 02:01:00 PM",2\r\n'
    "\r\n"
    "Nome (nome originale),E-mail,Ora di ingresso,Ora di uscita,Durata (minuti),Guest,"
    "In sala d'attesa\r\n"
    'Maëlle Fontaine,maelle.fontaine@north.test,"08/01/2026 12:31:00 PM",'
    '"08/01/2026 01:40:00 PM",69,No,No\r\n'
    'Kofi Asante,kofi.asante@lakes.test,"08/01/2026 12:20:00 PM","08/01/2026 12:31:00 PM",'
    "11,No,Sì\r\n"
    'Kofi Asante,kofi.asante@lakes.test,"08/01/2026 12:31:00 PM","08/01/2026 01:05:00 PM",'
    "34,No,No\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_zooms_italian_export_is_read_and_its_waiting_room_counts_nothing(encoding: str) -> None:
    """Before: refused, 'no participant header found' (Zoom's portal in Italian: 'Nome (nome
    originale)', 'Ora di ingresso', 'Ora di uscita', the meeting's 'Argomento' and 'ID')."""
    assert read(ITALIAN.encode(encoding)) == {"A": 69, "B": 34}


def test_zooms_italian_one_header_export_checks_its_meeting_id() -> None:
    """Meeting and participant columns in one header, 'Durata (minuti)' twice (the meeting's,
    then the person's): read; the meeting's bare 'ID' beside its 'Argomento' is its id, so
    another meeting's file is refused naming it."""
    header = (
        "Argomento,Digita,ID,Nome organizzatore,E-mail organizzatore,Ora di inizio,Ora di fine,"
        "Partecipanti,Durata (minuti),Nome (nome originale),E-mail,Ora di ingresso,"
        "Ora di uscita,Durata (minuti),Guest\r\n"
    )

    def line(meeting: str) -> str:
        return (
            f"Rounds,Riunione,{meeting},Ivo Wrenfield,ivo.wrenfield@bay.test,"
            '"08/01/2026 12:28:00 PM","08/01/2026 02:01:00 PM",1,93,Maëlle Fontaine,'
            'maelle.fontaine@north.test,"08/01/2026 12:31:00 PM","08/01/2026 01:40:00 PM",69,No\r\n'
        )

    assert read(header + line("812 3456 7890")) == {"A": 69}
    with pytest.raises(AttendanceError) as caught:
        read(header + line("845 0000 1111"))
    assert caught.value.code == "wrong_meeting" and "845 0000 1111" in str(caught.value)


@pytest.mark.parametrize(("yes", "no"), [("VERO", "FALSO"), ("Sì", "No")])
def test_italian_yes_and_no_are_read(yes: str, no: str) -> None:
    """Before: 'Guest must be Yes or No, not “VERO”' (an Italian Excel's booleans)."""
    data = (
        "Nome (nome originale),E-mail,Ora di ingresso,Ora di uscita,Durata (minuti),Guest,"
        "In sala d'attesa\r\n"
        f"Maëlle Fontaine,,08/01/2026 12:20,08/01/2026 12:31,11,{no},{yes}\r\n"
        f"Maëlle Fontaine,,08/01/2026 12:31,08/01/2026 13:40,69,{no},{no}\r\n"
    )
    assert read(data, "day") == {"A": 69}


@pytest.mark.parametrize(
    "said", ["1h 9m", "1 hr 9 min", "1 h 09 min", "1h 9m 0s", "1 heure 9 minutes", "1h9m"]
)
def test_a_duration_in_hours_and_minutes_is_read(said: str) -> None:
    """Before: 'Duration (Minutes) is not a number: “1h 9m”' (Webex, Teams and people write
    durations so)."""
    data = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"
        f"Maëlle Fontaine,,01/08/2026 12:31:00 PM,01/08/2026 01:40:00 PM,{said},No\r\n"
    )
    assert read(data) == {"A": 69}
    totals = (
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\r\n"
        f"Kofi Asante,,{said},No\r\n"
    )
    assert read(totals) == {"B": 69}


@pytest.mark.parametrize("said", ["1h 70m", "25 h", "1 h 9 min 75 s"])
def test_a_worded_duration_that_cannot_be_is_refused_naming_it(said: str) -> None:
    data = (
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\r\n"
        f"Kofi Asante,,{said},No\r\n"
    )
    with pytest.raises(AttendanceError) as caught:
        read(data)
    assert caught.value.code in ("bad_duration", "absurd_duration")
    assert said in str(caught.value) or "longer than" in str(caught.value)


def test_a_french_teams_report_is_refused_as_teams() -> None:
    """Before: 'no participant header found ... Upload the participants report (in Zoom:
    Reports ...)', words for another platform's file."""
    data = (
        "Nom\tPremière participation\tDernier départ\tDurée de la réunion\tE-mail\t"
        "ID du participant (UPN)\tRôle\r\n"
        "Maëlle Fontaine\t08/01/2026 12:31:00\t08/01/2026 13:40:00\t1 h 9 min\t"
        "maelle.fontaine@north.test\tmaelle.fontaine@north.test\tParticipant\r\n"
    ).encode("utf-16")
    with pytest.raises(AttendanceError) as caught:
        read(data)
    assert caught.value.code == "other_platform" and "Microsoft Teams" in str(caught.value)


def test_a_webex_report_without_times_is_refused_as_webex() -> None:
    """Before: told to export Zoom's participants report, words for another platform."""
    data = (
        "Name,Email,Attendee Type,Attendance duration,Connection type\r\n"
        "Maëlle Fontaine,maelle.fontaine@north.test,Attendee,69 mins,Computer\r\n"
    )
    with pytest.raises(AttendanceError) as caught:
        read(data)
    assert caught.value.code == "other_platform" and "Webex" in str(caught.value)


def test_times_written_as_excel_text_formulas_are_read() -> None:
    """'="08/01/2026 12:31"': an export that keeps Excel from changing its cells. Before:
    'join/leave time not understood', and such dates were not looked at when telling day
    first from month first."""
    data = (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"
        'Maëlle Fontaine,,="08/01/2026 12:31",="08/01/2026 13:40",="69",No\r\n'
    )
    assert read(data) == {"A": 69}
