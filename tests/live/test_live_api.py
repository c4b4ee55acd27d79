"""The live API: the same services and permissions as the console and the live page."""

from __future__ import annotations

import pytest

from echohub.live.models import LiveEvent, LiveQuestion
from echohub.programs.models import Role
from tests.api.conftest import Api
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def base(session):
    return f"/programs/{session.program.slug}/sessions/{session.pk}/live"


def test_coordinator_drives_and_participant_follows(
    client, session, items, coordinator, participant
):
    hub = Api(client, coordinator)
    r = hub.post(base(session) + "/actions", {"action": "start"})
    assert r.status_code == 200 and r.json()["agenda"][0]["current"] is True
    r = hub.post(base(session) + "/actions", {"action": "back"})
    assert r.status_code == 409 and r.json()["code"] == "no_previous"
    spoke = Api(client, participant)
    assert spoke.post(base(session) + "/actions", {"action": "next"}).status_code == 403
    state = spoke.get(base(session)).json()
    assert state["state"] == "running" and state["last_event_id"] == LiveEvent.objects.get().pk
    events = spoke.get(base(session) + "/events", after=0).json()
    assert [e["kind"] for e in events["events"]] == ["started"]


def test_outsider_gets_404(client, session):
    outsider = Api(client, UserFactory())
    assert outsider.get(base(session)).status_code == 404
    assert outsider.post(base(session) + "/questions", {"text": "Hello?"}).status_code == 404


def test_question_with_identifier_refused_then_clean_one_accepted(client, session, participant):
    spoke = Api(client, participant)
    r = spoke.post(
        base(session) + "/questions", {"text": "Mrs Jane Doe, born 1961-03-12, OHIP 1234-567-890"}
    )
    assert r.status_code == 400 and r.json()["code"] == "phi_found"
    assert not LiveQuestion.objects.exists()
    r = spoke.post(base(session) + "/questions", {"text": "How slow should the taper be?"})
    assert r.status_code == 201 and r.json()["status"] == "open"


def test_evaluator_cannot_ask(client, session, program, make_member):
    evaluator = make_member(program, Role.EVALUATOR)
    r = Api(client, evaluator).post(base(session) + "/questions", {"text": "A question"})
    assert r.status_code == 403


def test_events_list_a_question_to_its_asker_and_the_hub_only(
    client, session, items, coordinator, participant, program, make_member
):
    """As the stream: another participant's question events are not listed (ids included)."""
    other = make_member(program, Role.PARTICIPANT)
    Api(client, coordinator).post(base(session) + "/actions", {"action": "start"})
    asked = Api(client, other).post(base(session) + "/questions", {"text": "Taper speed?"})
    assert asked.status_code == 201

    def kinds(user):
        events = Api(client, user).get(base(session) + "/events", after=0).json()["events"]
        assert all("asker" not in e["payload"] for e in events)
        return [e["kind"] for e in events]

    assert kinds(participant) == ["started"]
    assert kinds(other) == ["started", "question"]
    assert kinds(coordinator) == ["started", "question"]


def test_a_stale_move_is_refused_through_the_api(client, session, items, coordinator):
    hub = Api(client, coordinator)
    hub.post(base(session) + "/actions", {"action": "start"})
    first = items[0].pk
    assert hub.post(base(session) + "/actions", {"action": "next", "at": first}).status_code == 200
    r = hub.post(base(session) + "/actions", {"action": "next", "at": first})
    assert r.status_code == 409 and r.json()["code"] == "stale_item"
    assert hub.get(base(session)).json()["agenda"][1]["current"] is True
