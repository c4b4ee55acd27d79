"""The session page's tabs, and the preview-then-confirm of every email to many people:
rescheduling and cancelling (with the didactic moved to another session)."""

import datetime as dt
import re

import pytest
import time_machine

from echohub.core.models import AuditEntry
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind, Session, SessionStatus
from tests.factories import AgendaItemFactory, ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def weekly(program, n, **fields):
    start = dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC) + dt.timedelta(days=7 * n)
    return SessionFactory(
        program=program,
        title=f"Session {n + 1}",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        **fields,
    )


@pytest.fixture
def cohort(program, make_member):
    """Four more people in the program (plus the coordinator who signs in: five in all)."""
    return [make_member(program, Role.PARTICIPANT) for _ in range(3)] + [
        make_member(program, Role.EXPERT)
    ]


def url(session, action=""):
    return f"/p/{session.program.slug}/sessions/{session.pk}/" + (f"{action}/" if action else "")


def new_time(**extra):
    return {
        "date": "2027-01-14",
        "start_time": "12:30",
        "end_time": "14:00",
        "time_zone": "America/Toronto",
        **extra,
    }


def hidden_fields(page: str) -> dict[str, str]:
    """What the preview's confirm form sends back (the language switcher's form aside)."""
    form = page.split('aria-describedby="recipients">')[1].split("</form>")[0]
    found = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    found.pop("csrfmiddlewaretoken")
    return found


# The page ---------------------------------------------------------------------------------


def test_coordinator_page_has_tabs_in_order_with_cancel_last(as_role, program):
    session = weekly(program, 0)
    page = as_role(program, Role.COORDINATOR).get(url(session)).content.decode()
    assert re.findall(r'<a class="tab[^"]*" href="#panel-(\w+)"', page) == [
        "agenda",
        "title",
        "video",
        "reschedule",
        "cancel",
    ]
    panels = re.findall(r'<section class="tab-panel" id="panel-(\w+)"', page)
    assert panels == ["agenda", "title", "video", "reschedule", "cancel"]
    # One form per panel: the cancel form comes after every other form on the page.
    assert page.index('action="' + url(session, "cancel")) > page.index(
        'action="' + url(session, "reschedule")
    )
    assert "tabs.js" in page and "<script>" not in page  # no inline script (CSP)
    assert "will be emailed" not in page  # nothing is sent from here without a preview


def test_cancelled_session_has_no_reschedule_or_cancel_tab(as_role, program):
    session = weekly(program, 0, status=SessionStatus.CANCELLED, cancel_reason="Storm")
    client = as_role(program, Role.COORDINATOR)
    page = client.get(url(session)).content.decode()
    assert re.findall(r'href="#panel-(\w+)"', page) == ["agenda", "title", "video"]
    response = client.post(url(session, "reschedule"), new_time(confirm="1"), follow=True)
    assert "A cancelled session cannot be rescheduled." in response.content.decode()
    session.refresh_from_db()
    assert session.sequence == 0


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.EXPERT, Role.EVALUATOR])
def test_other_roles_see_the_agenda_without_tabs_or_tools(as_role, program, role):
    session = weekly(program, 0)
    AgendaItemFactory(session=session, title="Sleep and pain")
    page = as_role(program, role).get(url(session)).content.decode()
    assert "Sleep and pain" in page
    assert "data-tabs" not in page and "panel-cancel" not in page and "tabs.js" not in page


# Rescheduling ------------------------------------------------------------------------------


def test_reschedule_shows_the_email_and_the_count_and_changes_nothing(
    as_role, program, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    session = weekly(program, 0)
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(session, "reschedule"), new_time())
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 people will be emailed." in page
    assert "New time: Session 1" in page
    assert "Thursday 14 January 2027, 12:30–14:00 EST" in page
    assert "Reschedule and email 5 people" in page
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC)
    assert session.sequence == 0 and mailoutbox == []
    assert not AuditEntry.objects.filter(action="session.rescheduled").exists()
    assert hidden_fields(page) == {**new_time(), "recipients": "5"}


def test_confirming_the_reschedule_emails_the_number_shown(
    as_role, program, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    session = weekly(program, 0)
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(session, "reschedule"), new_time(confirm="1", recipients="5"), follow=True
        )
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2027, 1, 14, 17, 30, tzinfo=dt.UTC)
    assert len(mailoutbox) == 5
    assert "5 people are being emailed" in response.content.decode()


def test_back_from_the_reschedule_preview_keeps_what_was_typed(as_role, program, cohort):
    session = weekly(program, 0)
    client = as_role(program, Role.COORDINATOR)
    response = client.post(url(session, "reschedule"), new_time(edit="1", recipients="5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-tab-open="reschedule"' in page
    assert 'value="2027-01-14"' in page and 'value="14:00"' in page
    session.refresh_from_db()
    assert session.sequence == 0


def test_a_new_person_since_the_preview_means_a_new_preview(
    as_role, program, cohort, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    session = weekly(program, 0)
    client = as_role(program, Role.COORDINATOR)
    make_member(program, Role.PARTICIPANT)  # six now; the preview said five
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(session, "reschedule"), new_time(confirm="1", recipients="5"))
    page = response.content.decode()
    assert response.status_code == 200 and "6 people will be emailed." in page
    assert "changed since the preview" in page
    session.refresh_from_db()
    assert session.sequence == 0 and mailoutbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (new_time(date="2026-11-20"), "cannot be moved into the past"),
        (new_time(end_time="11:00"), "The end must be after the start"),
        (new_time(date="not a date"), "Enter a valid date"),
    ],
)
def test_bad_reschedule_input_keeps_the_form_and_sends_nothing(
    as_role, program, cohort, mailoutbox, django_capture_on_commit_callbacks, data, message
):
    session = weekly(program, 0)
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(session, "reschedule"), {**data, "confirm": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "nobody was emailed" in page
    assert f'value="{data["date"]}"' in page and 'data-tab-open="reschedule"' in page
    session.refresh_from_db()
    assert session.sequence == 0 and mailoutbox == []


def test_reschedule_into_another_session_is_refused(as_role, program, cohort):
    session = weekly(program, 0)
    weekly(program, 1)  # 10 December, 12:30 Toronto
    response = as_role(program, Role.COORDINATOR).post(
        url(session, "reschedule"), new_time(date="2026-12-10", start_time="13:00")
    )
    assert response.status_code == 400 and "overlaps" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.PARTICIPANT, 403), (Role.EXPERT, 403), (None, 404)]
)
def test_only_managers_preview_or_reschedule(as_role, program, role, status):
    session = weekly(program, 0)
    client = as_role(program, role)
    assert client.post(url(session, "reschedule"), new_time()).status_code == status
    assert (
        client.post(url(session, "reschedule"), new_time(confirm="1", recipients="1")).status_code
        == status
    )
    session.refresh_from_db()
    assert session.sequence == 0


# Cancelling ------------------------------------------------------------------------------


@pytest.fixture
def three_sessions(program):
    """Session 1 (to cancel, with a didactic), 2 (with its own didactic and a case slot), 3."""
    first, second, third = (weekly(program, n) for n in range(3))
    AgendaItemFactory(session=first, kind=AgendaKind.ANNOUNCEMENT, title="Welcome", position=1)
    AgendaItemFactory(session=first, title="Naloxone at discharge", position=2)
    AgendaItemFactory(session=second, kind=AgendaKind.ANNOUNCEMENT, title="Hello", position=1)
    AgendaItemFactory(session=second, title="Sleep and pain", position=2)
    AgendaItemFactory(session=second, kind=AgendaKind.CASE, title="Open slot", position=3)
    return first, second, third


def test_cancel_form_offers_the_programs_upcoming_sessions_for_the_didactic(
    as_role, program, three_sessions
):
    first, second, third = three_sessions
    past = SessionFactory(
        program=program,
        title="Old session",
        starts_at=NOW - dt.timedelta(days=7),
        ends_at=NOW - dt.timedelta(days=7) + dt.timedelta(minutes=90),
    )
    elsewhere = SessionFactory(program=ProgramFactory(), title="Elsewhere")
    page = as_role(program, Role.COORDINATOR).get(url(first)).content.decode()
    assert "Move its didactic “Naloxone at discharge” to" in page
    options = re.findall(
        r'<option value="(\d+)"', page.split('name="move_didactic_to"')[1].split("</select>")[0]
    )
    assert options == [str(second.pk), str(third.pk)]
    assert (
        str(past.pk) not in options
        and str(elsewhere.pk) not in options
        and str(first.pk) not in options
    )


def test_a_session_without_a_didactic_is_not_offered_to_move_one(as_role, program):
    session = weekly(program, 0)
    page = as_role(program, Role.COORDINATOR).get(url(session)).content.decode()
    assert 'name="reason"' in page and "move_didactic_to" not in page


def test_cancel_preview_names_the_next_session_and_where_the_didactic_goes(
    as_role, program, cohort, three_sessions, mailoutbox, django_capture_on_commit_callbacks
):
    first, _second, third = three_sessions
    client = as_role(program, Role.COORDINATOR)
    data = {"reason": "Hub retreat", "move_didactic_to": str(third.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url(first, "cancel"), data).content.decode()
    assert "5 people will be emailed." in page and "Cancel the session and email 5 people" in page
    assert "Cancelled: Session 1" in page and "Hub retreat" in page
    assert (
        "The didactic “Naloxone at discharge” moves to Session 3: Thursday 17 December 2026" in page
    )
    assert "The next session is Session 2: Thursday 10 December 2026" in page
    first.refresh_from_db()
    assert first.status == SessionStatus.SCHEDULED and mailoutbox == []
    assert AgendaItem.objects.get(title="Naloxone at discharge").session == first
    assert hidden_fields(page) == {**data, "recipients": "5"}


def test_confirmed_cancel_moves_the_didactic_after_the_targets_own_and_says_so(
    as_role, program, cohort, three_sessions, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, _third = three_sessions
    client = as_role(program, Role.COORDINATOR)
    data = {
        "reason": "Hub retreat",
        "move_didactic_to": str(second.pk),
        "confirm": "1",
        "recipients": "5",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(first, "cancel"), data, follow=True)
    first.refresh_from_db()
    assert (first.status, first.cancel_reason) == (SessionStatus.CANCELLED, "Hub retreat")
    assert list(
        AgendaItem.objects.filter(session=second)
        .order_by("position")
        .values_list("title", "position")
    ) == [("Hello", 1), ("Sleep and pain", 2), ("Naloxone at discharge", 3), ("Open slot", 4)]
    assert list(AgendaItem.objects.filter(session=first).values_list("title", flat=True)) == [
        "Welcome"
    ]
    assert len(mailoutbox) == 5
    body = mailoutbox[0].body
    assert "The didactic “Naloxone at discharge” moves to Session 2" in body
    assert "The next session is Session 2" in body
    assert "5 people are being emailed" in response.content.decode()
    assert AuditEntry.objects.filter(action="agenda.item_moved").count() == 1
    cancelled = AuditEntry.objects.get(action="session.cancelled")
    assert cancelled.changes["didactics_moved_to"] == second.pk


def test_cancel_without_moving_leaves_the_didactic_and_the_email_says_nothing_of_it(
    as_role, program, cohort, three_sessions, mailoutbox, django_capture_on_commit_callbacks
):
    first, _second, _ = three_sessions
    client = as_role(program, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(first, "cancel"),
            {"reason": "Storm", "move_didactic_to": "", "confirm": "1", "recipients": "5"},
        )
    assert AgendaItem.objects.get(title="Naloxone at discharge").session == first
    assert (
        "moves to" not in mailoutbox[0].body
        and "The next session is Session 2" in mailoutbox[0].body
    )


def test_back_from_the_cancel_preview_keeps_the_reason_and_the_choice(
    as_role, program, three_sessions
):
    first, _, third = three_sessions
    client = as_role(program, Role.COORDINATOR)
    response = client.post(
        url(first, "cancel"),
        {"reason": "Hub retreat", "move_didactic_to": str(third.pk), "edit": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-tab-open="cancel"' in page
    assert re.search(r"<textarea[^>]*>\s*Hub retreat</textarea>", page)
    assert f'<option value="{third.pk}" selected>' in page


@pytest.mark.parametrize("target", ["past", "other_program", "cancelled", "itself", "nonsense"])
def test_moving_the_didactic_to_a_session_not_offered_is_refused(
    as_role, program, three_sessions, mailoutbox, django_capture_on_commit_callbacks, target
):
    first, _, _ = three_sessions
    sessions = {
        "past": lambda: (
            SessionFactory(
                program=program,
                starts_at=NOW - dt.timedelta(days=1),
                ends_at=NOW - dt.timedelta(hours=20),
            ).pk
        ),
        "other_program": lambda: SessionFactory(program=ProgramFactory()).pk,
        "cancelled": lambda: weekly(program, 5, status=SessionStatus.CANCELLED).pk,
        "itself": lambda: first.pk,
        "nonsense": lambda: "abc",
    }
    data = {
        "reason": "Storm",
        "move_didactic_to": str(sessions[target]()),
        "confirm": "1",
        "recipients": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(program, Role.COORDINATOR).post(url(first, "cancel"), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    first.refresh_from_db()
    assert first.status == SessionStatus.SCHEDULED and mailoutbox == []
    assert AgendaItem.objects.get(title="Naloxone at discharge").session == first


def test_cancel_without_a_reason_keeps_the_form(as_role, program, three_sessions):
    first, *_ = three_sessions
    response = as_role(program, Role.COORDINATOR).post(
        url(first, "cancel"), {"reason": "  ", "confirm": "1"}
    )
    assert response.status_code == 400 and "nobody was emailed" in response.content.decode()
    first.refresh_from_db()
    assert first.status == SessionStatus.SCHEDULED


def test_an_already_cancelled_session_cannot_be_cancelled_again(as_role, program):
    session = weekly(program, 0, status=SessionStatus.CANCELLED, cancel_reason="Storm")
    response = as_role(program, Role.COORDINATOR).post(
        url(session, "cancel"), {"reason": "Again", "confirm": "1", "recipients": "1"}, follow=True
    )
    assert "This session is already cancelled." in response.content.decode()
    session.refresh_from_db()
    assert session.cancel_reason == "Storm"


@pytest.mark.parametrize(
    ("role", "status"), [(Role.PARTICIPANT, 403), (Role.EVALUATOR, 403), (None, 404)]
)
def test_only_managers_preview_or_cancel(as_role, program, three_sessions, role, status):
    first, *_ = three_sessions
    client = as_role(program, role)
    assert client.post(url(first, "cancel"), {"reason": "x"}).status_code == status
    assert (
        client.post(
            url(first, "cancel"), {"reason": "x", "confirm": "1", "recipients": "1"}
        ).status_code
        == status
    )
    assert Session.objects.get(pk=first.pk).status == SessionStatus.SCHEDULED


def test_reschedule_form_starts_from_whole_minutes(as_role, program):
    """A start stored with seconds would make the browser's time field refuse to submit."""
    start = dt.datetime(2026, 12, 3, 17, 30, 27, 500, tzinfo=dt.UTC)
    session = SessionFactory(
        program=program, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    page = as_role(program, Role.COORDINATOR).get(url(session)).content.decode()
    assert (
        'name="start_time" value="12:30:00"' in page and 'name="end_time" value="13:30:00"' in page
    )


def test_moving_a_didactic_changes_its_version_so_an_open_editor_cannot_overwrite_it(
    program, three_sessions
):
    from echohub.core.errors import Conflict
    from echohub.scheduling import services

    first, second, _ = three_sessions
    item = AgendaItem.objects.get(title="Naloxone at discharge")
    opened = services.agenda_item_version(item)
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        services.cancel_session(actor=None, session=first, reason="Storm", move_didactic_to=second)
    item.refresh_from_db()
    assert services.agenda_item_version(item) != opened
    with pytest.raises(Conflict):
        services.save_agenda_item(
            actor=None, session=second, item=item, version=opened, title="Old edit"
        )
