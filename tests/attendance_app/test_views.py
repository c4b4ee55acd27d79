"""The attendance screens: roles, upload errors, review queue, manual entry, roll call,
adjustments, exports and query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.attendance import services
from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch, RowStatus
from echohub.core.models import AuditEntry
from echohub.joining.models import JoinEvent
from echohub.programs.models import Role
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


def seg(name: str, email: str, join: str, leave: str, minutes: int, *extra: str) -> str:
    """A report line on 8 January 2026 ("12:25:00 PM" style times)."""
    guest = "No" if email else "Yes"
    cells = [name, email, f"01/08/2026 {join}", f"01/08/2026 {leave}", str(minutes), guest]
    return ",".join([*cells, *extra])


def report(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def people(program, make_member):
    return {
        "priya": make_member(
            program,
            Role.PARTICIPANT,
            first_name="Priya",
            last_name="Cardinal",
            email="priya.cardinal@example.org",
        ),
        "hope1": make_member(
            program,
            Role.PARTICIPANT,
            first_name="Hope",
            last_name="Mercer",
            email="hope.mercer@example.org",
        ),
        "hope2": make_member(
            program,
            Role.PARTICIPANT,
            first_name="Hope",
            last_name="Mercer",
            email="m.hope.mercer@example.org",
        ),
        "daniel": make_member(
            program,
            Role.PARTICIPANT,
            first_name="Daniel",
            last_name="Dubois",
            email="daniel.dubois@example.org",
        ),
    }


PRIYA = seg("Priya Cardinal", "priya.cardinal@example.org", "12:25:00 PM", "01:40:30 PM", 75)
GOOD = report(
    PRIYA,
    "Hope Mercer,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes",
    "Thunder Bay Boardroom,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes",
)


def url(program, session, tail=""):
    return f"/p/{program.slug}/attendance/sessions/{session.pk}/{tail}"


def upload(client, program, session, data, name="report.csv", tz="America/Toronto"):
    return client.post(
        url(program, session, "import/"),
        {"file": _file(data, name), "time_zone": tz},
    )


def _file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


# --- roles ----------------------------------------------------------------------------------


def _all_urls(program, session, row, person):
    base = f"/p/{program.slug}/attendance/"
    return {
        "view": [
            base,
            url(program, session),
            url(program, session, "export.csv"),
            url(program, session, "export.xlsx"),
            f"{base}export.csv",
            f"{base}people/{person.pk}/",
        ],
        "manage_get": [url(program, session, f"people/{person.pk}/adjust/")],
        "manage_post": [
            url(program, session, "import/"),
            url(program, session, "manual/"),
            url(program, session, "roll-call/"),
            url(program, session, f"rows/{row.pk}/assign/"),
            url(program, session, f"rows/{row.pk}/guest/"),
            url(program, session, f"imports/{row.batch_id}/delete/"),  # last: it removes rows
        ],
    }


@pytest.mark.parametrize(
    ("role", "view", "manage"),
    [
        (Role.PROGRAM_ADMIN, 200, 200),
        (Role.COORDINATOR, 200, 200),
        (Role.EVALUATOR, 403, 403),
        (Role.EXPERT, 403, 403),
        (Role.PARTICIPANT, 403, 403),
        (None, 404, 404),
    ],
)
def test_roles_for_every_view(as_role, program, ended_session, people, role, view, manage):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.filter(status=RowStatus.REVIEW).first()
    urls = _all_urls(program, ended_session, row, people["priya"])
    client = as_role(program, role)
    for address in urls["view"]:
        assert client.get(address).status_code == view, address
    for address in urls["manage_get"]:
        assert client.get(address).status_code == manage, address
    for address in urls["manage_post"]:
        status = client.post(address, {}).status_code
        if manage == 200:
            assert status in (200, 302, 400), address
        else:
            assert status == manage, address
    mine = client.get(f"/p/{program.slug}/attendance/mine/").status_code
    assert mine == (404 if role is None else 200)


def test_participant_sees_only_their_own_attendance(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client = as_role(program, Role.PARTICIPANT)
    client.force_login(people["priya"])
    page = client.get(f"/p/{program.slug}/attendance/mine/").content.decode()
    assert "My attendance" in page and "Opioid tapering" in page
    assert "<td>70</td>" in page and "Hope" not in page
    assert (
        client.get(f"/p/{program.slug}/attendance/people/{people['hope1'].pk}/").status_code == 403
    )


def test_other_programs_session_is_404(as_role, program, ended_session):
    other = ProgramFactory()
    client = as_role(other, Role.COORDINATOR)
    assert client.get(f"/p/{other.slug}/attendance/sessions/{ended_session.pk}/").status_code == 404


# --- upload ---------------------------------------------------------------------------------


def test_upload_imports_and_shows_the_queue(as_role, program, ended_session, people):
    client = as_role(program, Role.COORDINATOR)
    response = upload(client, program, ended_session, GOOD)
    assert response.status_code == 302
    page = client.get(url(program, ended_session)).content.decode()
    assert "Imported 3 of 3 rows: 1 matched, 2 to review" in page
    assert "Thunder Bay Boardroom" in page
    # The engine's reason names people, not internal ids.
    assert (
        "ambiguous name: Hope Mercer &lt;hope.mercer@example.org&gt;, "
        "Hope Mercer &lt;m.hope.mercer@example.org&gt;" in page
    )
    priya = Attendance.objects.get(user=people["priya"])
    assert priya.minutes == 70 and priya.sources == "zoom_csv"  # clipped to 12:30–13:40:30
    # Again: nothing changes, and the page says so.
    response = upload(client, program, ended_session, GOOD)
    page = client.get(url(program, ended_session)).content.decode()
    assert "already imported: nothing changed" in page
    assert AttendanceRow.objects.count() == 3 and ImportBatch.objects.count() == 1


BAD = {
    "truncated": (
        report(
            PRIYA,
            "Hope Mercer,,01/08/2026 12:30:00 PM",
        ),
        "Row 2, line 3",
    ),
    "negative": (
        report(
            PRIYA,
            "Hope Mercer,,01/08/2026 01:30:00 PM,01/08/2026 12:30:00 PM,60,Yes",
        ),
        "leaves (01/08/2026 12:30:00 PM) before joining",
    ),
    "absurd": (
        report(
            seg("Priya Cardinal", "priya.cardinal@example.org", "12:25:00 PM", "01:40:30 PM", 9999),
        ),
        "longer than",
    ),
    "other_day": (
        report(
            PRIYA,
            "Hope Mercer,,01/15/2026 12:30:00 PM,01/15/2026 01:30:00 PM,60,Yes",
        ),
        "Row 2",
    ),
    "wrong_meeting": (
        b"Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        b"999 9999 9999,Other,01/08/2026 12:30:00 PM,01/08/2026 02:00:00 PM,x@y.z,90,3\n\n" + GOOD,
        "the report is for meeting 999 9999 9999, the session is meeting 812 3456 7890",
    ),
    "no_header": (b"just,some,columns\n1,2,3\n", "no participant header found"),
    "binary": (b"PK\x03\x04\x00\x00binary", "an Excel workbook or a zip archive"),
    "bad_quotes": (
        HEADER.encode() + b'"Priya Cardinal,priya@example.org,01/08/2026 12:25:00 PM\n',
        "cannot read the CSV",
    ),
    "empty": (b"", "file is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_upload_gives_a_clear_message_and_imports_nothing(
    as_role, program, ended_session, people, case
):
    data, message = BAD[case]
    client = as_role(program, Role.COORDINATOR)
    response = upload(client, program, ended_session, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AttendanceRow.objects.exists() and not ImportBatch.objects.exists()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("latin-1"), id="latin-1"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16"),
    ],
)
def test_other_encodings_are_read(as_role, program, ended_session, make_member, encode):
    person = make_member(
        program,
        Role.PARTICIPANT,
        first_name="Hélène",
        last_name="Bélanger",
        email="helene.belanger@example.org",
    )
    text = HEADER + "Hélène Bélanger,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n"
    client = as_role(program, Role.COORDINATOR)
    assert upload(client, program, ended_session, encode(text)).status_code == 302
    row = AttendanceRow.objects.get()
    assert row.name == "Hélène Bélanger" and row.user == person
    assert Attendance.objects.get(user=person).minutes == 60


def test_broken_latin1_text_names_the_encoding(as_role, program, ended_session):
    client = as_role(program, Role.COORDINATOR)
    data = (
        HEADER.encode() + b"Bad\x01Name,,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes\n\xff"
    )
    response = upload(client, program, ended_session, data)
    assert response.status_code == 400 and "control characters" in response.content.decode()
    assert not AttendanceRow.objects.exists()


def test_unknown_columns_are_reported_as_a_warning(as_role, program, ended_session, people):
    client = as_role(program, Role.COORDINATOR)
    data = report(
        seg("Priya Cardinal", "priya.cardinal@example.org", "12:30:00 PM", "01:30:00 PM", 60, "x"),
        header=HEADER.strip() + ",Favourite Colour\n",
    )
    upload(client, program, ended_session, data)
    page = client.get(url(program, ended_session)).content.decode()
    assert "ignored unknown columns: Favourite Colour" in page
    assert ImportBatch.objects.get().warnings == ["ignored unknown columns: Favourite Colour"]


# --- review queue ---------------------------------------------------------------------------


def test_assign_a_review_row_in_place_with_htmx(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    assert set(row.candidates) == {people["hope1"].pk, people["hope2"].pk}
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    suggested = page.split(f"Suggested for row {row.row_number}")[1].split("</fieldset>")[0]
    assert "hope.mercer@example.org" in suggested and "priya" not in suggested
    response = client.post(
        url(program, ended_session, f"rows/{row.pk}/assign/"),
        {"user": people["hope2"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="queue-row-{row.pk}"') and "Assigned to Hope Mercer" in html
    row.refresh_from_db()
    assert row.user == people["hope2"] and row.status == RowStatus.MATCHED
    assert row.method == "coordinator" and row.decided_by == client.user
    assert Attendance.objects.get(user=people["hope2"]).minutes == 60
    entry = AuditEntry.objects.get(action="attendance.assign_row")
    assert entry.actor == client.user and entry.changes["user"] == [None, people["hope2"].pk]


def test_assign_refuses_someone_outside_the_program(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    stranger = UserFactory()
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url(program, ended_session, f"rows/{row.pk}/assign/"),
        {"user": stranger.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "Choose a person" in response.content.decode()
    row.refresh_from_db()
    assert row.user is None and row.status == RowStatus.REVIEW


def test_mark_a_row_as_guest(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    response = client.post(url(program, ended_session, f"rows/{row.pk}/guest/"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == RowStatus.GUEST and row.user is None
    assert AuditEntry.objects.filter(action="attendance.mark_guest").count() == 1
    page = client.get(url(program, ended_session)).content.decode()
    assert f"queue-row-{row.pk}" not in page


def test_roll_call_from_a_room_row(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    room = AttendanceRow.objects.get(name="Thunder Bay Boardroom")
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url(program, ended_session, "roll-call/"),
        {"room_row": room.pk, "users": [people["daniel"].pk, people["hope1"].pk]},
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.status == RowStatus.ROOM
    for key in ("daniel", "hope1"):
        a = Attendance.objects.get(user=people[key])
        assert a.minutes == 60 and a.sources == "roll_call"
    assert set(room.roll_call_rows.values_list("user", flat=True)) == {
        people["daniel"].pk,
        people["hope1"].pk,
    }
    # The same roll call again is refused and changes nothing.
    response = client.post(
        url(program, ended_session, "roll-call/"),
        {"room_row": room.pk, "users": [people["daniel"].pk]},
    )
    assert response.status_code == 400 and "already recorded" in response.content.decode()
    assert AttendanceRow.objects.filter(source="roll_call").count() == 2


def test_roll_call_without_a_room_row_needs_times_and_a_reason(
    as_role, program, ended_session, people
):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url(program, ended_session, "roll-call/"), {"users": [people["daniel"].pk]}
    )
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    response = client.post(
        url(program, ended_session, "roll-call/"),
        {
            "users": [people["daniel"].pk],
            "reason": "sign-in sheet, Kenora",
            "join_at": "2026-01-08T12:30",
            "leave_at": "2026-01-08T13:15",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.get(user=people["daniel"]).minutes == 45


# --- manual entry and adjustments -----------------------------------------------------------


def test_manual_entry_needs_a_reason_and_counts(as_role, program, ended_session, people):
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url(program, ended_session, "manual/"), {"user": people["daniel"].pk, "minutes": 30}
    )
    assert response.status_code == 400 and not Attendance.objects.exists()
    response = client.post(
        url(program, ended_session, "manual/"),
        {
            "user": people["daniel"].pk,
            "join_at": "2026-01-08T12:00",  # Toronto time, before the start: clipped
            "leave_at": "2026-01-08T13:00",
            "reason": "phoned in, confirmed by email",
        },
    )
    assert response.status_code == 302
    row = AttendanceRow.objects.get(source="manual")
    assert row.join_at == dt.datetime(2026, 1, 8, 17, 0, tzinfo=dt.UTC)
    assert Attendance.objects.get(user=people["daniel"]).minutes == 30
    assert AuditEntry.objects.filter(action="attendance.manual").count() == 1


def test_adjustment_needs_a_reason_and_a_confirmation(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client = as_role(program, Role.COORDINATOR)
    address = url(program, ended_session, f"people/{people['priya'].pk}/adjust/")
    page = client.get(address).content.decode()
    assert "70 minutes" in page and "data-confirm" in page
    response = client.post(address, {"minutes": 90, "reason": "", "confirm": "on"})
    assert response.status_code == 400
    response = client.post(address, {"minutes": 90, "reason": "camera off, host confirms"})
    assert response.status_code == 400
    assert Attendance.objects.get(user=people["priya"]).minutes == 70
    response = client.post(
        address, {"minutes": 90, "reason": "joined by phone too, host confirms", "confirm": "on"}
    )
    assert response.status_code == 302
    a = Attendance.objects.get(user=people["priya"])
    assert (a.minutes, a.computed_minutes, a.adjusted_minutes) == (90, 70, 90)
    entry = AuditEntry.objects.get(action="attendance.adjust")
    assert entry.actor == client.user
    assert entry.changes["minutes"] == [70, 90]
    assert entry.changes["reason"] == "joined by phone too, host confirms"
    response = client.post(address, {"minutes": 500, "reason": "typo", "confirm": "on"})
    assert response.status_code == 400 and "between 0 and the session" in response.content.decode()


def test_join_link_click_identifies_but_gives_no_minutes(as_role, program, ended_session, people):
    JoinEvent.objects.create(
        session=ended_session, user=people["daniel"], provider="zoom", outcome="redirected"
    )
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    line = page.split(f'id="person-{people["daniel"].pk}"')[1].split("</tr>")[0]
    assert "Clicked join link" in line and "no minutes yet" in line
    assert not Attendance.objects.exists()


# --- query counts ---------------------------------------------------------------------------


def test_session_table_queries_do_not_grow_with_people(as_role, program, ended_session):
    client = as_role(program, Role.COORDINATOR)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(program, ended_session))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def add_people(n, start):
        lines = []
        for i in range(start, start + n):
            user = UserFactory(first_name=f"Person{i}", last_name="Zed", email=f"p{i}@example.org")
            MembershipFactory(program=program, user=user)
            lines.append(
                seg(f"Person{i} Zed", f"p{i}@example.org", "12:30:00 PM", "01:00:00 PM", 30)
            )
            lines.append(f"Guest {i} Q,,01/08/2026 12:30:00 PM,01/08/2026 01:00:00 PM,30,Yes")
            JoinEvent.objects.create(
                session=ended_session, user=user, provider="zoom", outcome="redirected"
            )
        services.import_zoom_report(actor=None, session=ended_session, data=report(*lines))

    add_people(1, 0)
    few = count()
    add_people(30, 1)
    many = count()
    assert many == few


# --- exports --------------------------------------------------------------------------------


def test_exports_parse_back(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    coordinator = MembershipFactory(program=program, role=Role.COORDINATOR).user
    services.adjust_attendance(
        actor=coordinator,
        session=ended_session,
        user=people["daniel"],
        minutes=45,
        reason="=HYPERLINK(evil) sign-in sheet",
    )
    client = as_role(program, Role.COORDINATOR)
    response = client.get(url(program, ended_session, "export.csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["Email"]: r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {p.email for p in people.values()}
    assert rows["priya.cardinal@example.org"]["Minutes"] == "70"
    assert rows["priya.cardinal@example.org"]["Status"] == "present"
    assert rows["priya.cardinal@example.org"]["Sources"] == "zoom_csv"
    assert rows["hope.mercer@example.org"]["Status"] == "absent"
    daniel = rows["daniel.dubois@example.org"]
    assert (daniel["Minutes"], daniel["Computed minutes"], daniel["Adjusted minutes"]) == (
        "45",
        "0",
        "45",
    )
    assert daniel["Adjustment reason"] == "'=HYPERLINK(evil) sign-in sheet"
    assert daniel["Adjusted by"] == coordinator.email

    response = client.get(url(program, ended_session, "export.xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Attendance"]
    header = [c.value for c in sheet[1]]
    data = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    by_email = {r["Email"]: r for r in data}
    assert by_email["priya.cardinal@example.org"]["Minutes"] == 70
    assert by_email["daniel.dubois@example.org"]["Adjustment reason"].startswith("'=")
    unassigned = list(book["Unassigned rows"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[6] for r in unassigned) == ["Hope Mercer", "Thunder Bay Boardroom"]
    assert AuditEntry.objects.filter(action="attendance.export").count() == 2

    whole = client.get(f"/p/{program.slug}/attendance/export.csv")
    text = b"".join(whole.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 4


def test_the_queue_lists_suggestions_and_searches_everyone_on_demand(
    as_role, program, ended_session, people
):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    cell = page.split(f'id="queue-row-{row.pk}"')[1].split("</tr>")[0]
    assert "hope.mercer@example.org" in cell and "priya.cardinal" not in cell  # no full list
    assert f'id="find-{row.pk}"' in cell
    found = client.get(url(program, ended_session, f"rows/{row.pk}/people/"), {"q": "cardinal"})
    assert "priya.cardinal@example.org" in found.content.decode()
    page = client.get(url(program, ended_session, f"rows/{row.pk}/assign/"), {"q": "priya"})
    text = page.content.decode()
    assert "Assign row 2" in text and "priya.cardinal@example.org" in text


def test_superuser_opens_the_attendance_admin(client, program, ended_session, people):
    from django.urls import reverse

    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in ("importbatch", "attendancerow", "attendance"):
        response = client.get(reverse(f"admin:attendance_{model}_changelist"))
        assert response.status_code == 200, model


def test_overview_lists_started_sessions_with_counts(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(f"/p/{program.slug}/attendance/").content.decode()
    assert "Opioid tapering" in page and '<span class="badge badge-pending">2</span>' in page


def test_empty_states(as_role, program, ended_session):
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    assert "Nothing to review." in page
    other = ProgramFactory()
    client = as_role(other, Role.COORDINATOR)
    page = client.get(f"/p/{other.slug}/attendance/").content.decode()
    assert "No session has started yet" in page
    assert client.get(f"/p/{other.slug}/attendance/export.csv").status_code == 404


def test_review_suggestions_show_who_clicked_their_join_link(
    as_role, program, ended_session, people
):
    JoinEvent.objects.create(
        session=ended_session, user=people["hope2"], provider="zoom", outcome="redirected"
    )
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    suggested = page.split(f"Suggested for row {row.row_number}")[1].split("</fieldset>")[0]
    hope2 = suggested.split("m.hope.mercer@example.org")[1].split("</li>")[0]
    assert "clicked their join link" in hope2
    hope1 = suggested.split(">hope.mercer@example.org")[1].split("</li>")[0]
    assert "clicked" not in hope1
    row.refresh_from_db()
    assert row.user is None  # a click is a hint for the coordinator, never an assignment


def test_remove_an_import_from_the_session_page(as_role, program, ended_session, people):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    batch = ImportBatch.objects.get()
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    assert f"imports/{batch.pk}/delete/" in page
    response = client.post(url(program, ended_session, f"imports/{batch.pk}/delete/"))
    assert response.status_code == 302
    assert not AttendanceRow.objects.exists() and not Attendance.objects.exists()
    other = as_role(program, Role.EVALUATOR)
    assert other.post(url(program, ended_session, "imports/1/delete/")).status_code == 403


def _queries(client, address):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_and_person_pages_query_counts_do_not_grow(as_role, program, people):
    from tests.factories import SessionFactory

    client = as_role(program, Role.COORDINATOR)
    priya = people["priya"]
    start = dt.datetime(2026, 1, 8, 17, 30, tzinfo=dt.UTC)

    def add_sessions(n, offset):
        for i in range(offset, offset + n):
            session = SessionFactory(
                program=program,
                starts_at=start + dt.timedelta(days=7 * i),
                ends_at=start + dt.timedelta(days=7 * i, minutes=90),
            )
            services.add_manual(
                actor=None, session=session, user=priya, minutes=30 + i, reason="sheet"
            )
            JoinEvent.objects.create(
                session=session, user=priya, provider="zoom", outcome="redirected"
            )

    add_sessions(1, 0)
    overview, person = (
        f"/p/{program.slug}/attendance/",
        f"/p/{program.slug}/attendance/people/{priya.pk}/",
    )
    few = (_queries(client, overview), _queries(client, person))
    add_sessions(15, 1)
    many = (_queries(client, overview), _queries(client, person))
    assert many == few
    page = client.get(person).content.decode()
    assert "Present at 16 sessions" in page


@pytest.mark.parametrize("bad", ["100000000000000000000", "²", "-1", "1.5", "abc"])
def test_a_person_id_that_is_no_database_integer_is_a_form_error(
    as_role, program, ended_session, people, bad
):
    """Roll call, manual entry and assignment name people by id: an id past what a database
    integer holds (10**20 overflowed on SQLite: a 500) or not a whole number is refused in
    the form like an unknown person, and nothing is recorded."""
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    room = AttendanceRow.objects.get(name="Thunder Bay Boardroom")
    client = as_role(program, Role.COORDINATOR)
    for tail, data in (
        ("roll-call/", {"room_row": room.pk, "users": [bad]}),
        ("manual/", {"user": bad, "minutes": "30", "reason": "phoned in"}),
        (f"rows/{room.pk}/assign/", {"user": bad}),
    ):
        response = client.post(url(program, ended_session, tail), data)
        # refused on the page (400), or back to the queue with the refusal said (302)
        assert response.status_code in (400, 302), (tail, response.status_code)
    room.refresh_from_db()
    assert room.user is None and room.status != RowStatus.ROOM
    assert not Attendance.objects.filter(sources__contains="roll_call").exists()
