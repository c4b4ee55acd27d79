"""The live API's start window: the same rule as the console (echohub.live.services.start_refusal).
Starting more than 60 minutes early is a 409 `too_early` whose message says when the session is
scheduled and from when it can be started, in the token holder's time zone; after the planned
end a 409 `ended`; the state says in advance (`start_from`, `start_refused`)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from echohub.live.models import LiveEvent, LiveSession
from echohub.programs.models import Role
from echohub.scheduling.models import AgendaItem, AgendaKind
from tests.api.conftest import Api
from tests.factories import MembershipFactory, ProgramFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Thursday 10 December 2026, 12:30-14:00 in Toronto (EST, UTC-5).
STARTS = dt.datetime(2026, 12, 10, 17, 30, tzinfo=dt.UTC)
ENDS = STARTS + dt.timedelta(minutes=90)


@pytest.fixture
def world(client):
    program = ProgramFactory(slug="pain")
    session = SessionFactory(program=program, starts_at=STARTS, ends_at=ENDS)
    AgendaItem.objects.create(
        session=session, kind=AgendaKind.DIDACTIC, title="Tapering", position=1
    )

    def member(role, **fields):
        user = UserFactory(**fields)
        MembershipFactory(program=program, user=user, role=role)
        return Api(client, user)

    return session, member


def path(session, tail=""):
    return f"/programs/pain/sessions/{session.pk}/live{tail}"


def test_starting_days_early_is_a_409_too_early_with_when_in_the_callers_zone(world):
    session, member = world
    hub = member(Role.COORDINATOR, time_zone="America/Vancouver")
    with time_machine.travel(STARTS - dt.timedelta(days=6), tick=False):
        r = hub.post(path(session, "/actions"), {"action": "start"})
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "too_early" and body["field"] is None
    assert body["message"] == (
        "This session is scheduled for Thu 10 Dec 2026, 09:30 PST. It can be started on the "
        "console from Thu 10 Dec 2026, 08:30 PST, 60 minutes before its start."
    )
    assert not LiveEvent.objects.exists()
    assert not LiveSession.objects.filter(started_at__isnull=False).exists()


def test_the_state_says_from_when_and_why_not_before_anyone_presses(world):
    session, member = world
    hub = member(Role.COORDINATOR)
    with time_machine.travel(STARTS - dt.timedelta(days=6), tick=False):
        early = hub.get(path(session)).json()
    with time_machine.travel(STARTS - dt.timedelta(minutes=10), tick=False):
        soon = hub.get(path(session)).json()
        started = hub.post(path(session, "/actions"), {"action": "start"})
    with time_machine.travel(ENDS + dt.timedelta(days=1), tick=False):
        after = hub.get(path(session)).json()
    opens = (STARTS - dt.timedelta(minutes=60)).isoformat()  # "...T16:30:00+00:00"
    assert early["state"] == "not_started" and early["start_refused"] == "too_early"
    assert early["start_from"] == opens
    assert soon["start_refused"] is None and soon["start_from"] == opens
    assert started.status_code == 200 and started.json()["state"] == "running"
    assert started.json()["start_from"] is None and started.json()["start_refused"] is None
    assert after["state"] == "running" and after["start_refused"] is None


def test_starting_after_the_planned_end_is_a_409_ended(world):
    session, member = world
    hub = member(Role.COORDINATOR, time_zone="America/Toronto")
    with time_machine.travel(ENDS + dt.timedelta(minutes=1), tick=False):
        state = hub.get(path(session)).json()
        r = hub.post(path(session, "/actions"), {"action": "start"})
    assert state["start_refused"] == "ended"
    assert r.status_code == 409 and r.json()["code"] == "ended"
    assert "Thu 10 Dec 2026, 14:00 EST" in r.json()["message"]
    assert not LiveEvent.objects.exists()


def test_other_roles_and_outsiders_learn_nothing_of_the_window(world, client):
    session, member = world
    spoke = member(Role.PARTICIPANT)
    outsider = Api(client, UserFactory())
    with time_machine.travel(STARTS - dt.timedelta(days=6), tick=False):
        refused = spoke.post(path(session, "/actions"), {"action": "start"})
        hidden = outsider.post(path(session, "/actions"), {"action": "start"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert not LiveEvent.objects.exists()


def test_an_unknown_action_is_a_422_not_a_start(world):
    session, member = world
    hub = member(Role.COORDINATOR)
    with time_machine.travel(STARTS, tick=False):
        r = hub.post(path(session, "/actions"), {"action": "start-anyway"})
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    assert not LiveEvent.objects.exists()
