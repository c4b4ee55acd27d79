"""A seventh hunt for reports nobody here has seen, and two known gaps: minutes entered by
hand were added on top of the report's (the same hour counted twice), and a duration that
does not fit its row's times was refused without saying what to do. Every name, address and
number below is invented.

What cannot be read exactly is refused in words people read (what is wrong, what to do); a row
that is not certain goes to review, never to a guessed person; minutes never exceed the
session nor what the person surely attended."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

# The third hunt's roster, session and helpers.
from .test_unseen_reports_3 import SESSION, minutes, refusal, report


def upload(client, program, session, data: bytes, name: str = "report.csv"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/p/{program.slug}/attendance/sessions/{session.pk}/import/",
        {
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
            "time_zone": "America/Toronto",
        },
    )


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


# --- minutes entered by hand are not added on top of the report's -------------------------------
# A minutes-only entry says how long someone attended, not when: it may be the very time the
# report already shows (the sign-in sheet's hour, the dial-in line assigned later). Adding it
# to the report's minutes credited Ana 90 minutes of a 90-minute session for her one hour. It
# now counts as the person's minutes when the report shows fewer, never on top of them; time
# the report missed is entered with its join and leave times (a union, never counted twice).

ANA_HOUR = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,60,No"


def credited(session, user) -> int:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import Attendance

    return Attendance.objects.get(session=session, user=user).minutes


@pytest.fixture
def ana_at_session(as_role, program, make_member):  # type: ignore[no-untyped-def]
    from echohub.programs.models import Role

    session = zoom_session(program)
    ana = make_member(program, first_name="Ana", last_name="Lima", email="ana.lima@example.org")
    client = as_role(program, Role.COORDINATOR)
    return client, program, session, ana


@pytest.mark.django_db
def test_minutes_by_hand_after_the_report_are_not_added_to_its_minutes(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    assert upload(client, program, session, report(ANA_HOUR).encode()).status_code == 302
    assert credited(session, ana) == 60
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=60, reason="sign-in sheet"
    )
    assert credited(session, ana) == 60  # was 90: the same hour twice
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=75, reason="she stayed late"
    )
    assert credited(session, ana) == 75  # more than the report shows: the larger counts


@pytest.mark.django_db
def test_minutes_by_hand_before_the_report_are_not_added_to_its_minutes(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services
    from echohub.attendance.models import AttendanceRow

    client, program, session, ana = ana_at_session
    services.add_manual(
        actor=client.user, session=session, user=ana, minutes=45, reason="joined by phone"
    )
    assert credited(session, ana) == 45
    # The report's dial-in line is then assigned to her: the same 45 minutes.
    phone = "+1 647 555 0123,,01/08/2026 12:45 PM,01/08/2026 01:30 PM,45,Yes"
    assert upload(client, program, session, report(phone).encode()).status_code == 302
    row = AttendanceRow.objects.get(name="+1 647 555 0123")
    assert row.user is None
    services.assign_row(actor=client.user, row=row, user=ana)
    assert credited(session, ana) == 45  # was 90


@pytest.mark.django_db
def test_minutes_by_hand_never_exceed_the_session(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    whole = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 02:00 PM,90,No"
    assert upload(client, program, session, report(whole).encode()).status_code == 302
    for number, minutes_by_hand in enumerate((90, 89, 30), start=1):
        services.add_manual(
            actor=client.user,
            session=session,
            user=ana,
            minutes=minutes_by_hand,
            reason=f"sheet {number}",
        )
    assert credited(session, ana) == 90


@pytest.mark.django_db
def test_time_the_report_missed_is_added_with_its_times(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance import services

    client, program, session, ana = ana_at_session
    assert upload(client, program, session, report(ANA_HOUR).encode()).status_code == 302
    services.add_manual(
        actor=client.user,
        session=session,
        user=ana,
        join_at=datetime(2026, 1, 8, 18, 15, tzinfo=UTC),  # 13:15 to 13:45 in Toronto
        leave_at=datetime(2026, 1, 8, 18, 45, tzinfo=UTC),
        reason="phone, from the operator's log",
    )
    assert credited(session, ana) == 75  # the union: 12:30 to 13:45


@pytest.mark.django_db
def test_the_manual_form_says_minutes_are_not_added_to_the_report(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    client, program, session, _ana = ana_at_session
    page = client.get(f"/p/{program.slug}/attendance/sessions/{session.pk}/").content.decode()
    assert "never added to the report" in page


# --- a duration that does not fit its row's times says what to do -------------------------------


@pytest.mark.parametrize(
    "row",
    [
        # "Duration" of 95 minutes for an hour's join and leave (a row edited by hand).
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,95,No",
        # "1:30" is neither 90 minutes nor 1.5 minutes of a 10-minute stay.
        "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 12:40 PM,1:30,No",
    ],
)
def test_a_duration_that_does_not_fit_its_times_says_what_to_do(row: str) -> None:
    error = refusal(report(row))
    assert error.code == "duration_mismatch" and error.row == 1
    assert "export the report again" in str(error)
    assert "without opening it in a spreadsheet" in str(error)


@pytest.mark.django_db
def test_a_duration_that_does_not_fit_its_times_says_what_to_do_on_the_page(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import AttendanceRow

    client, program, session, _ana = ana_at_session
    row = "Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,95,No"
    response = upload(client, program, session, report(row).encode())
    assert response.status_code == 400
    assert "export the report again" in response.content.decode()
    assert not AttendanceRow.objects.exists()


# --- times in columns echohub does not read: never a total --------------------------------------
# A file whose join and leave columns have names echohub does not know (BigBlueButton's
# "Timeline" sheet saved as CSV: "Started at", "Ended at"; "Date & Time Joined"; "Start Time"
# beside each person) was read as Zoom's unique-users totals: its Duration was credited whole,
# though the time lay before the session (Ana credited 90 minutes for 10:00 to 11:30 when the
# session ran 12:30 to 14:00). Times that are there but not read are refused, naming them.

TIMELINE = "User,Type,Started at,Ended at,Duration,Detail"
EARLY = ('"1/8/2026, 10:00:00 AM"', '"1/8/2026, 11:30:00 AM"')


@pytest.mark.parametrize(
    ("header", "row", "columns"),
    [
        (TIMELINE, f"Ana Lima,Online time,{EARLY[0]},{EARLY[1]},01:30:00,", ("Started at",)),
        (
            "Utilisateur,Type,Commencé à,Terminé à,Durée,Détail",
            "Ana Lima,Temps en ligne,08/01/2026 10:00:00,08/01/2026 11:30:00,01:30:00,",
            ("Commencé à", "Terminé à"),
        ),
        (
            "Participant Name,Email Address,Date & Time Joined,Date & Time Left,Duration",
            f"Ana Lima,ana.lima@example.org,{EARLY[0]},{EARLY[1]},90",
            ("Date & Time Joined", "Date & Time Left"),
        ),
        ("Name,Start Time,End Time,Duration", f"Ana Lima,{EARLY[0]},{EARLY[1]},90", ("Start",)),
        (
            "Participant,First Join,Last Leave,Duration",
            "Ana Lima,01/08/2026 10:00,01/08/2026 11:30,90",
            ("First Join", "Last Leave"),
        ),
    ],
)
def test_times_in_columns_not_read_are_refused_never_a_total(
    header: str, row: str, columns: tuple[str, ...]
) -> None:
    error = refusal(report(row, header=header))
    assert error.code == "unread_times"
    for column in columns:
        assert column in str(error)
    assert "Join Time" in str(error) and "Leave Time" in str(error)


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Name (Original Name),User Email,Total Duration (Minutes),Guest", "{who},60,No"),
        # The meeting's own columns on the same line: its start, not the person's.
        (
            "Meeting ID,Topic,Start Time,End Time,Name (Original Name),User Email,"
            "Total Duration (Minutes),Guest",
            "812 3456 7890,Rounds,01/08/2026 12:30 PM,01/08/2026 02:00 PM,{who},60,No",
        ),
        # When someone registered is no time in the meeting.
        (
            "Name (Original Name),User Email,Registration Time,Total Duration (Minutes),Guest",
            "{who},01/02/2026 09:00 AM,60,No",
        ),
    ],
)
def test_zooms_unique_users_totals_are_still_read(header: str, row: str) -> None:
    data = report(row.format(who="Ana Lima,ana.lima@example.org"), header=header)
    assert minutes(data) == {"U1": 60}


@pytest.mark.django_db
def test_a_timeline_sheet_uploads_nothing(ana_at_session) -> None:  # type: ignore[no-untyped-def]
    from echohub.attendance.models import Attendance, AttendanceRow

    client, program, session, _ana = ana_at_session
    data = report(f"Ana Lima,Online time,{EARLY[0]},{EARLY[1]},01:30:00,", header=TIMELINE)
    response = upload(client, program, session, data.encode())
    assert response.status_code == 400
    assert "Started at" in response.content.decode()
    assert not AttendanceRow.objects.exists() and not Attendance.objects.exists()


# --- Zoom's report API: a waiting-room status however written --------------------------------
# The CSV path reads "In Waiting Room", "waiting", "En attente" as the waiting room (3e0637f);
# the API path read only "in_waiting_room", so the same words there were credited.


@pytest.mark.parametrize(
    "status", ["in_waiting_room", "In Waiting Room", "waiting", "IN_WAITING_ROOM", "En attente"]
)
def test_an_api_participant_waiting_to_be_let_in_is_never_credited(status: str) -> None:
    from echohub.attendance.reconcile import reconcile
    from echohub.attendance.zoom_api import parse_zoom_api_participants

    from .test_unseen_reports_3 import PEOPLE

    def entry(join: str, leave: str, status: str) -> dict[str, str]:
        return {
            "name": "Ana Lima",
            "user_email": "ana.lima@example.org",
            "join_time": join,
            "leave_time": leave,
            "status": status,
        }

    rows = parse_zoom_api_participants(
        [
            {
                "participants": [
                    # Waiting 12:30 to 13:00 in Toronto, then in the meeting 13:00 to 13:30.
                    entry("2026-01-08T17:30:00Z", "2026-01-08T18:00:00Z", status),
                    entry("2026-01-08T18:00:00Z", "2026-01-08T18:30:00Z", "in_meeting"),
                ]
            }
        ]
    )
    assert [row.waiting_room for row in rows] == [True, False]
    kept = [row for row in rows if not row.waiting_room]
    assert reconcile(kept, PEOPLE, SESSION).people["U1"].minutes == 30


# --- a duration a spreadsheet rewrote says what to do ----------------------------------------
# "1900-01-00 01:00:00" (a duration Excel formatted as a date), "1:00:00 AM", "########": the
# refusal said only that the cell is not a number.


@pytest.mark.parametrize(
    "duration", ["1900-01-00 01:00:00", "1:00:00 AM", "########", "1/0/1900 1:00", "une heure"]
)
def test_a_duration_a_spreadsheet_rewrote_says_what_to_do(duration: str) -> None:
    row = f"Ana Lima,ana.lima@example.org,01/08/2026 12:30 PM,01/08/2026 01:30 PM,{duration},No"
    error = refusal(report(row))
    assert error.code == "bad_duration" and error.row == 1
    assert duration in str(error)
    assert "export the report again" in str(error)


# --- a messy French report, credited as the rules say -----------------------------------------
# Byte-order mark, semicolons, dates day first, a 24-hour clock, times to the second, a name
# in decomposed accents, "(elle/she)" and "(Co-animatrice)" after names, an address in
# capitals, a rejoin overlapping the first join, the waiting room, a dial-in line and a
# co-host who is faculty. Credits: 1 per hour, quarter hours, at least 60 % of 90 minutes.

FRENCH_REPORT = (
    "\ufeffNom (nom d'origine);E-mail de l'utilisateur;Heure d'arrivée;Heure de départ;"
    "Durée (minutes);Invité;Dans la salle d'attente\r\n"
    "Ana Lima (elle/she);ANA.LIMA@Example.org;08/01/2026 12:29:40;"
    "08/01/2026 13:00:10;31;Non;Non\r\n"
    "Ana Lima;ana.lima@example.org;08/01/2026 12:55:00;08/01/2026 13:24:00;29;Non;Non\r\n"
    "Fatima Be\u0301langer;;08/01/2026 12:30:00;08/01/2026 13:23:30;53;Non;Non\r\n"
    "Binh Nguyen;binh.nguyen@example.org;08/01/2026 12:15:00;08/01/2026 12:40:00;25;Non;Oui\r\n"
    "Binh Nguyen;binh.nguyen@example.org;08/01/2026 12:40:00;08/01/2026 14:05:00;85;Non;Non\r\n"
    "+1 647 555 0123;;08/01/2026 12:30:00;08/01/2026 14:00:00;90;Oui;Non\r\n"
    "Claire Tremblay (Co-animatrice);claire.t@example.org;08/01/2026 12:25:00;"
    "08/01/2026 14:00:00;95;Non;Non\r\n"
)


@pytest.mark.django_db
def test_a_messy_french_report_is_credited_as_the_rules_say(  # type: ignore[no-untyped-def]
    program, make_member
) -> None:
    from decimal import Decimal

    from echohub.attendance import services
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
    from echohub.credits import services as credits
    from echohub.credits.models import CreditAward
    from echohub.programs.models import Role
    from tests.credits.conftest import rule_data

    session = zoom_session(program)
    coordinator = make_member(program, Role.COORDINATOR)
    people = {
        "ana": make_member(
            program, first_name="Ana", last_name="Lima", email="ana.lima@example.org"
        ),
        "binh": make_member(
            program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org"
        ),
        "fatima": make_member(
            program, first_name="Fatima", last_name="Bélanger", email="f.belanger@example.org"
        ),
        "claire": make_member(
            program,
            Role.EXPERT,
            first_name="Claire",
            last_name="Tremblay",
            email="claire.t@example.org",
        ),
    }
    rule = credits.create_rule(
        actor=coordinator,
        program=program,
        data=rule_data(rounding="quarter_hour", minimum_share=60),
    )
    services.import_zoom_report(
        actor=coordinator,
        session=session,
        data=FRENCH_REPORT.encode("utf-8"),
        time_zone="America/Toronto",
    )
    credits.recompute_program(actor=None, program=program)
    minutes_of = {
        key: Attendance.objects.get(session=session, user=user).minutes
        for key, user in people.items()
    }
    # Ana 12:30 (clipped) to 13:24 once; Fatima 53.5 floored; Binh from 12:40 (the waiting
    # room before it is no attendance) to 14:00 (clipped); Claire the whole session.
    assert minutes_of == {"ana": 54, "fatima": 53, "binh": 80, "claire": 90}
    awards = {
        key: CreditAward.objects.get(rule=rule, session=session, user=user)
        for key, user in people.items()
    }
    said = {key: (a.eligible, a.reason, Decimal(a.credits)) for key, a in awards.items()}
    assert said == {
        "ana": (True, "", Decimal("1.00")),  # 54 minutes round to 60
        "fatima": (False, "below_share", Decimal("0.00")),  # 53 < 54, 60 % of 90
        "binh": (True, "", Decimal("1.25")),  # 80 minutes round to 75
        "claire": (False, "not_registered", Decimal("0.00")),  # faculty, not a participant
    }
    phone = AttendanceRow.objects.get(name="+1 647 555 0123")
    assert (phone.user, phone.status) == (None, RowStatus.UNMATCHED)
    assert AttendanceRow.objects.get(waiting_room=True).user is None
    # Her sign-in sheet says an hour: never added to the report's 54 minutes.
    services.add_manual(
        actor=coordinator, session=session, user=people["ana"], minutes=60, reason="sheet"
    )
    credits.recompute_program(actor=None, program=program)
    ana = CreditAward.objects.get(rule=rule, session=session, user=people["ana"])
    assert (ana.minutes, Decimal(ana.credits)) == (60, Decimal("1.00"))  # was 90 and 1.50


# --- Zoom's report API: a participant still in the meeting ------------------------------------
# An entry without "leave_time" (fetched while the meeting ran) refused the whole report
# ("leave_time is missing"), everyone's rows lost; the CSV path sends such a row to review.


@pytest.mark.parametrize("leave", [None, "", "-"])
def test_an_api_participant_without_a_leave_time_goes_to_review(leave: str | None) -> None:
    from echohub.attendance.reconcile import reconcile
    from echohub.attendance.zoom_api import parse_zoom_api_participants

    from .test_unseen_reports_3 import PEOPLE

    open_entry: dict[str, object] = {
        "name": "Ana Lima",
        "user_email": "ana.lima@example.org",
        "join_time": "2026-01-08T17:30:00Z",
        "status": "in_meeting",
    }
    if leave is not None:
        open_entry["leave_time"] = leave
    closed = {
        "name": "Binh Nguyen",
        "user_email": "binh.nguyen@example.org",
        "join_time": "2026-01-08T17:30:00Z",
        "leave_time": "2026-01-08T18:30:00Z",
        "status": "in_meeting",
    }
    rows = parse_zoom_api_participants([{"participants": [open_entry, closed]}])
    assert (rows[0].leave, rows[0].duration_minutes) == (None, None)
    result = reconcile(rows, PEOPLE, SESSION)
    first, second = result.rows
    assert (first.person_id, first.status, first.candidates) == (None, "review", ("U1",))
    assert (second.person_id, second.status) == ("U2", "matched")
    assert {pid: p.minutes for pid, p in result.people.items()} == {"U2": 60}


@pytest.mark.django_db
def test_a_fetched_report_with_someone_still_in_stores_everyone(  # type: ignore[no-untyped-def]
    ana_at_session, make_member, monkeypatch
) -> None:
    from echohub.attendance import services, zoom_fetch
    from echohub.attendance.models import Attendance, AttendanceRow, RowStatus

    client, program, session, ana = ana_at_session
    binh = make_member(
        program, first_name="Binh", last_name="Nguyen", email="binh.nguyen@example.org"
    )
    page = {
        "participants": [
            {
                "name": "Ana Lima",
                "user_email": "ana.lima@example.org",
                "join_time": "2026-01-08T17:30:00Z",
                "status": "in_meeting",
            },
            {
                "name": "Binh Nguyen",
                "user_email": "binh.nguyen@example.org",
                "join_time": "2026-01-08T17:30:00Z",
                "leave_time": "2026-01-08T18:30:00Z",
                "status": "in_meeting",
            },
        ]
    }
    monkeypatch.setattr(zoom_fetch, "fetch_participant_pages", lambda meeting: [page])
    services.import_zoom_api(actor=client.user, session=session)
    still_in = AttendanceRow.objects.get(name="Ana Lima")
    assert (still_in.user, still_in.status, still_in.leave_at) == (None, RowStatus.REVIEW, None)
    assert list(Attendance.objects.values_list("user", "minutes")) == [(binh.pk, 60)]
    assert ana.pk != binh.pk
