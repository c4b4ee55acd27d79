"""The attendance session page for a large program: totals first, the review queue in pages,
and a searchable person picker (htmx fragment, and a plain search page without JavaScript)
instead of a select listing everyone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from echohub.attendance import queries, services
from echohub.attendance.models import Attendance, AttendanceRow, RowStatus
from echohub.programs.models import Role
from tests.attendance_app.test_views import GOOD, report, seg, url
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(program, make_member):
    """135 participants (a real program's size) plus the two Hope Mercers of GOOD's report."""
    people = [
        make_member(
            program,
            Role.PARTICIPANT,
            first_name=f"Given{i:03d}",
            last_name=f"Family{i % 7}",
            email=f"person{i:03d}@example.org",
        )
        for i in range(135)
    ]
    hope1 = make_member(
        program, first_name="Hope", last_name="Mercer", email="hope.mercer@example.org"
    )
    hope2 = make_member(
        program, first_name="Hope", last_name="Mercer", email="m.hope.mercer@example.org"
    )
    return {"people": people, "hope1": hope1, "hope2": hope2}


def _guests(n: int) -> bytes:
    """A report of `n` guest rows nobody can be matched to (all go to the review queue)."""
    return report(
        *(
            f"Guest Phone {i},,01/08/2026 12:30:00 PM,01/08/2026 01:30:00 PM,60,Yes"
            for i in range(n)
        )
    )


# --- the search -------------------------------------------------------------------------------


def test_find_people_needs_every_word_in_a_name_or_email(program, crowd):
    found, more = queries.find_people(program, "hope mercer")
    assert {u.email for u in found} == {"hope.mercer@example.org", "m.hope.mercer@example.org"}
    assert more is False
    found, _more = queries.find_people(program, "M.HOPE")  # case-insensitive, in the email
    assert [u.email for u in found] == ["m.hope.mercer@example.org"]
    assert queries.find_people(program, "hope nobody") == ([], False)
    assert queries.find_people(program, "h") == ([], False)  # too short: finds nobody


def test_find_people_stops_at_the_limit_and_says_there_are_more(program, crowd):
    found, more = queries.find_people(program, "given")
    assert len(found) == queries.FIND_LIMIT and more is True
    assert [u.last_name for u in found] == sorted(u.last_name for u in found)


def test_find_people_never_finds_someone_outside_the_program(program, crowd):
    other = ProgramFactory()
    stranger = UserFactory(first_name="Hope", last_name="Elsewhere", email="hope.else@example.org")
    MembershipFactory(program=other, user=stranger)
    found, _more = queries.find_people(program, "hope")
    assert stranger not in found and len(found) == 2


# --- the page ---------------------------------------------------------------------------------


def test_queue_rows_offer_suggestions_and_a_search_not_a_select_of_everyone(
    as_role, program, ended_session, crowd
):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    queue = page.split('id="queue"')[1].split('id="people-h"')[0]
    assert "<select" not in queue  # no 135-name select per row
    assert "person134@example.org" not in queue
    row = AttendanceRow.objects.get(name="Hope Mercer")
    cell = queue.split(f'id="queue-row-{row.pk}"')[1].split("</tr>")[0]
    assert cell.count('name="user"') == 2  # the engine's two suggestions, one button each
    assert f'<label for="find-{row.pk}">Someone else for row 2: name or email</label>' in cell
    assert f'hx-get="{url(program, ended_session, f"rows/{row.pk}/people/")}"' in cell


def test_totals_come_before_the_queue_and_the_people(as_role, program, ended_session, crowd):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    assert page.index('id="totals-h"') < page.index('id="queue-h"') < page.index('id="people-h"')
    totals = page.split('id="totals-h"')[1].split("</section>")[0]
    # Priya is not in this crowd: her row, Hope's and the boardroom's wait for review; nobody
    # is present yet among the 137 participants (the coordinator is not expected).
    assert '<span class="stat">0</span>' in totals and "of 137 people" in totals
    assert '<span class="stat">3</span>' in totals and 'href="#queue"' in totals


def test_totals_give_hours_and_the_average(as_role, program, ended_session, people_two):
    services.import_zoom_report(actor=None, session=ended_session, data=people_two)
    client = as_role(program, Role.COORDINATOR)
    totals = client.get(url(program, ended_session)).content.decode().split('id="totals-h"')[1]
    totals = totals.split("</section>")[0]
    # 60 + 30 minutes: 1.5 hours, 45 minutes each.
    assert '<span class="stat">1.5</span>' in totals and "45 min each on average" in totals


@pytest.fixture
def people_two(program, make_member):
    make_member(program, first_name="Ann", last_name="One", email="ann@example.org")
    make_member(program, first_name="Bo", last_name="Two", email="bo@example.org")
    return report(
        seg("Ann One", "ann@example.org", "12:30:00 PM", "01:30:00 PM", 60),
        seg("Bo Two", "bo@example.org", "12:30:00 PM", "01:00:00 PM", 30),
    )


def test_the_queue_is_paginated_on_its_own_parameter(as_role, program, ended_session, crowd):
    services.import_zoom_report(actor=None, session=ended_session, data=_guests(45))
    client = as_role(program, Role.COORDINATOR)
    first = client.get(url(program, ended_session)).content.decode()
    assert first.count('class="queue-row"') == 20
    assert "Rows 1–20 of 45" in first and "rows=2#queue" in first
    last = client.get(url(program, ended_session), {"rows": 3, "page": 2}).content.decode()
    assert last.count('class="queue-row"') == 5 and "Rows 41–45 of 45" in last
    assert "Guest Phone 44" in last and "Guest Phone 0<" not in last
    # The people table keeps its own page while the queue moves.
    assert "page=2&amp;rows=2#queue" in last
    assert "Page 2 of" in last


def test_session_page_queries_do_not_grow_with_queue_rows(as_role, program, ended_session):
    client = as_role(program, Role.COORDINATOR)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(program, ended_session)).status_code == 200
        return len(ctx.captured_queries)

    services.import_zoom_report(actor=None, session=ended_session, data=_guests(2))
    few = count()
    data = _guests(60).replace(b"Guest Phone", b"Other Phone")
    services.import_zoom_report(actor=None, session=ended_session, data=data)
    assert count() == few


# --- the search fragment (htmx) and the plain search page (no JavaScript) -----------------------


def test_search_fragment_lists_matches_as_assign_buttons(as_role, program, ended_session, crowd):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    path = url(program, ended_session, f"rows/{row.pk}/people/")
    html = client.get(path, {"q": "mercer"}, HTTP_HX_REQUEST="true").content.decode()
    assert "2 people match “mercer”" in html
    assert html.count('name="user"') == 2 and "Assign row 2 to" in html
    assert f'hx-target="#queue-row-{row.pk}"' in html
    html = client.get(path, {"q": "zzzz"}).content.decode()
    assert "Nobody in this program matches “zzzz”" in html
    html = client.get(path, {"q": "g"}).content.decode()
    assert "Type at least 2 letters" in html
    html = client.get(path, {"q": "given"}).content.decode()
    assert "Only the first 20 are listed" in html


def test_search_fragment_escapes_what_was_typed(as_role, program, ended_session, crowd):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    path = url(program, ended_session, f"rows/{row.pk}/people/")
    html = client.get(path, {"q": "<script>x</script>"}).content.decode()
    assert "<script>x" not in html and "&lt;script&gt;x" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COORDINATOR, 200), (Role.PROGRAM_ADMIN, 200), (Role.PARTICIPANT, 403), (None, 404)],
)
def test_search_is_for_those_who_manage_attendance(
    as_role, program, ended_session, crowd, role, status
):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, role)
    response = client.get(url(program, ended_session, f"rows/{row.pk}/people/"), {"q": "hope"})
    assert response.status_code == status
    if status != 200:
        assert "hope.mercer@example.org" not in response.content.decode()


def test_row_of_another_session_is_not_found(as_role, program, ended_session, crowd):
    from tests.factories import SessionFactory

    other = SessionFactory(program=program)
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Hope Mercer")
    client = as_role(program, Role.COORDINATOR)
    assert client.get(url(program, other, f"rows/{row.pk}/people/"), {"q": "x"}).status_code == 404


def test_without_javascript_search_then_assign_from_the_row_page(
    as_role, program, ended_session, crowd
):
    services.import_zoom_report(actor=None, session=ended_session, data=GOOD)
    row = AttendanceRow.objects.get(name="Thunder Bay Boardroom")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(program, ended_session)).content.decode()
    cell = page.split(f'id="queue-row-{row.pk}"')[1].split("</tr>")[0]
    # The search form's plain action is the row's own page (a GET with ?q=).
    assert f'method="get" action="{url(program, ended_session, f"rows/{row.pk}/assign/")}"' in cell
    assert "Person for row 3: name or email" in cell  # no suggestions for a room name
    target = crowd["people"][42]
    page = client.get(url(program, ended_session, f"rows/{row.pk}/assign/"), {"q": "person042"})
    html = page.content.decode()
    assert "1 person matches “person042”" in html and f'value="{target.pk}"' in html
    assert 'value="person042"' in html  # the search box keeps what was typed
    response = client.post(
        url(program, ended_session, f"rows/{row.pk}/assign/"), {"user": target.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("#queue")
    row.refresh_from_db()
    assert row.user == target and row.status == RowStatus.MATCHED
    assert Attendance.objects.get(user=target).minutes == 60
    page = client.get(response["Location"]).content.decode()
    assert "Row 3 assigned to Given042 Family0." in page
